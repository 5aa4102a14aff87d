package cli

import (
	"fmt"
	"io"

	"orbitnet/report"
)

// printTerminals prints the per-terminal table (at most 20 rows).
func printTerminals(w io.Writer, ts []report.TerminalSummary) {
	if len(ts) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%-24s %6s %9s %11s %11s %11s %10s %10s\n", "terminal", "moving", "handover", "service s", "laser-only", "outage s", "median ms", "p95 ms")
	for i, t := range ts {
		if i == 20 {
			fmt.Fprintf(w, "… %d more terminals in terminals.csv\n", len(ts)-20)
			break
		}
		fmt.Fprintf(w, "%-24s %6t %9d %11.0f %11.0f %11.0f %10s %10s\n", clipName(t.Name, 24), t.Moving, t.Handovers,
			t.InService, t.LaserOnly, t.Outage["total"], fmtOpt(t.RTT.Median), fmtOpt(t.RTT.P95))
	}
	for _, t := range ts {
		if sp := t.LongestLaserOnly; sp != nil && t.Moving {
			fmt.Fprintf(w, "%s: longest laser-only stretch %.0f–%.0f s (%.0f min): no gateway saw its satellite\n",
				t.Name, sp.FromS, sp.UntilS, (sp.UntilS-sp.FromS)/60)
		}
	}
}
