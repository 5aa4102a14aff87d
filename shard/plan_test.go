package shard

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanRoundTrip: a written plan reads back equal, and a scenario whose
// referenced file changed after planning is refused by the worker side.
func TestPlanRoundTrip(t *testing.T) {
	p := testPlan(t, 3)
	dir := t.TempDir()
	if err := p.Write(dir); err != nil {
		t.Fatal(err)
	}
	q, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(p)
	b, _ := json.Marshal(q)
	if string(a) != string(b) {
		t.Errorf("plan changed in a round trip:\n%s\n%s", a, b)
	}
	if _, err := q.ResolveScenario(); err != nil {
		t.Fatal(err)
	}
	q.Files = append(q.Files, FileHash{Path: filepath.Join(dir, PlanFile), SHA256: strings.Repeat("0", 64)})
	if _, err := q.ResolveScenario(); err == nil || !strings.Contains(err.Error(), "the file changed since") {
		t.Errorf("changed input accepted: %v", err)
	}
}

// FuzzReadPlan: whatever plan.json holds, Read returns a plan or an error,
// never panics.
func FuzzReadPlan(f *testing.F) {
	p := testPlan(f, 2)
	good, _ := json.Marshal(p)
	f.Add(good)
	f.Add([]byte(`{"format":1,"shards":[{"index":0,"first":0,"end":-1}]}`))
	f.Add([]byte(`{"format":1,"kind":"sweep","steps":3,"shards":[{"index":0,"first":0,"end":3}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, PlanFile), data, 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := Read(dir)
		if err == nil && (len(p.Shards) == 0 || p.Shards[len(p.Shards)-1].End != p.Steps) {
			t.Errorf("accepted a plan whose shards do not cover the run: %+v", p)
		}
	})
}
