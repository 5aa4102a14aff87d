package cli

import "fmt"

// fmtOpt writes an optional value with 3 decimals, "—" for none.
func fmtOpt(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.3f", *v)
}

// clipName clips s to n runes, ending in "…" when clipped.
func clipName(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
