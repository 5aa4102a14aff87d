package catalog

import "testing"

func TestLoadAll(t *testing.T) {
	want := map[string]int{
		"starlink-2026-02-23":     9543,
		"oneweb-2025-12-22":       651,
		"starlink-omm-2024-05-20": 5977,
	}
	for _, e := range List() {
		els, err := Load(e.Name)
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		if len(els) != want[e.Name] {
			t.Errorf("%s: %d element sets, want %d", e.Name, len(els), want[e.Name])
		}
	}
	if _, err := Load("nope"); err == nil {
		t.Error("unknown catalog accepted")
	}
}
