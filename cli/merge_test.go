package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"orbitnet/scenario"
	"orbitnet/shard"
)

// shardScenarios are the scenarios whose sharded runs must merge into a
// single run's outputs byte for byte: the default scenario (all pairs,
// plots), ukraine (slot scheduler, hybrid routing, two what-ifs, so the
// baseline run is sharded too), and small (paths.csv, forwarding.csv and
// rtt.parquet). Durations are shortened to keep the test quick; ukraine's
// failures move with it.
func shardScenarios(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	out := map[string]string{}
	write := func(name, text string) {
		p := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		out[name] = p
	}
	def, err := scenario.Embedded(scenario.Default)
	if err != nil {
		t.Fatal(err)
	}
	write("default", mustReplace(t, string(def), "duration: 200s", "duration: 12s"))
	uk, err := scenario.Embedded("ukraine")
	if err != nil {
		t.Fatal(err)
	}
	u := mustReplace(t, string(uk), "duration: 15m", "duration: 100s")
	u = mustReplace(t, u, "from: 5m", "from: 31s")
	u = mustReplace(t, u, "from: 10m", "from: 62s")
	write("ukraine", u)
	small, err := os.ReadFile(filepath.Join("testdata", "small.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write("small", string(small))
	// a moving terminal with per-terminal statistics (terminals.csv and
	// the timeline's Parquet copy come through the shards too)
	ferry, err := os.ReadFile(filepath.Join("testdata", "jammed-ferry.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write("ferry", string(ferry))
	// all pairs with no output reading their steps: the shards record the
	// pairs beyond the listed ones as statistics (table pairstats); small
	// with paths and forwarding, and ukraine (starlink model: the RTT parts'
	// histograms; what-ifs: the baseline's statistics too)
	write("stats", mustReplace(t, string(small), "output: {all_pairs: true, plots: false,", "output: {all_pairs: true, plots: false, parquet: false,"))
	write("ukraine-stats", mustReplace(t, u, "output: {plots: true}", "output: {all_pairs: true, plots: false, parquet: false}"))
	return out
}

// pairStatsScenarios are the scenarios of shardScenarios planned with
// per-pair statistics.
var pairStatsScenarios = map[string]bool{"stats": true, "ukraine-stats": true}

func mustReplace(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("scenario text lacks %q", old)
	}
	return strings.Replace(s, old, new, 1)
}

// sameFiles fails unless folders a and b hold the same files with the same bytes.
func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	list := func(d string) []string {
		ents, err := os.ReadDir(d)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		sort.Strings(names)
		return names
	}
	na, nb := list(a), list(b)
	if strings.Join(na, " ") != strings.Join(nb, " ") {
		t.Fatalf("files differ:\n run:   %v\n merge: %v", na, nb)
	}
	for _, n := range na {
		x, err := os.ReadFile(filepath.Join(a, n))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, n))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between run and merge", n)
		}
	}
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, stderr, code := run(t, args...)
	if code != 0 {
		t.Fatalf("orbitnet %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	return out
}

func TestMergeEqualsRun(t *testing.T) {
	scens := shardScenarios(t)
	for _, name := range []string{"default", "ukraine", "small", "ferry", "stats", "ukraine-stats"} {
		t.Run(name, func(t *testing.T) {
			if testing.Short() && name != "small" && name != "ferry" && name != "stats" {
				t.Skip("-short: only the small scenarios")
			}
			tmp := t.TempDir()
			single, plan, merged := filepath.Join(tmp, "run"), filepath.Join(tmp, "plan"), filepath.Join(tmp, "merged")
			mustRun(t, "run", scens[name], "-o", single, "--quiet")
			out := mustRun(t, "plan", scens[name], "--shards", "4", "-o", plan)
			if strings.Contains(out, "pair_stats") != pairStatsScenarios[name] {
				t.Errorf("plan: %q", out)
			}
			checkPairStatsPlan(t, plan, pairStatsScenarios[name])
			for i := range 4 {
				// shards out of order, one worker goroutine each: the
				// decomposition must not show in the outputs
				mustRun(t, "worker", plan, "--shard", fmt.Sprint(3-i), "--workers", "1")
			}
			if out := mustRun(t, "worker", plan, "--shard", "2"); !strings.Contains(out, "already done") {
				t.Errorf("rerun of a finished shard: %q", out)
			}
			mustRun(t, "merge", plan, "-o", merged, "--quiet")
			sameFiles(t, single, merged)
			if pairStatsScenarios[name] {
				checkPairStatsShards(t, plan, single)
			}
		})
	}
}

// checkPairStatsPlan checks plan.json's pair_stats against want.
func checkPairStatsPlan(t *testing.T, plan string, want bool) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(plan, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		PairStats bool `json:"pair_stats"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	if p.PairStats != want {
		t.Errorf("plan.json: pair_stats %v, want %v", p.PairStats, want)
	}
}

// checkPairStatsShards: shards of a pair_stats plan record the listed
// pairs' values only (steps × listed rows) and a pairstats row per other
// pair (the run's pairs beyond the listed ones, from summary.json).
func checkPairStatsShards(t *testing.T, plan, single string) {
	t.Helper()
	js, err := os.ReadFile(filepath.Join(single, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Counts struct {
			Steps  int `json:"steps"`
			Listed int `json:"listed_pairs"`
		} `json:"counts"`
		AllPairs struct {
			Count int `json:"count"`
		} `json:"all_pairs"`
	}
	if err := json.Unmarshal(js, &sum); err != nil {
		t.Fatal(err)
	}
	var values, stats int64
	for i := range 4 {
		dir := filepath.Join(plan, "parts", fmt.Sprintf("shard=%05d", i))
		values += parquetRows(t, filepath.Join(dir, "values.parquet"))
		stats += parquetRows(t, filepath.Join(dir, "pairstats.parquet"))
	}
	if want := int64(sum.Counts.Steps * sum.Counts.Listed); values != want {
		t.Errorf("values tables: %d rows, want %d steps × %d listed pairs", values, sum.Counts.Steps, sum.Counts.Listed)
	}
	// every endpoint pair not listed, in each of the 4 shards
	if stats == 0 || stats%4 != 0 || stats/4 > int64(sum.AllPairs.Count) {
		t.Errorf("pairstats tables: %d rows over 4 shards, %d endpoint pairs", stats, sum.AllPairs.Count)
	}
}

// parquetRows returns the number of rows of a Parquet file.
func parquetRows(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return pf.NumRows()
}

// TestShardIndexFromEnv takes the shard from the variables Slurm and
// Kubernetes set.
func TestShardIndexFromEnv(t *testing.T) {
	plan := filepath.Join(t.TempDir(), "plan")
	mustRun(t, "plan", filepath.Join("testdata", "small.yaml"), "--shards", "2", "-o", plan)
	t.Setenv("JOB_COMPLETION_INDEX", "1")
	if out := mustRun(t, "worker", plan); !strings.Contains(out, "shard 1 of 2") {
		t.Errorf("JOB_COMPLETION_INDEX=1: %q", out)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "0")
	if out := mustRun(t, "worker", plan); !strings.Contains(out, "shard 0 of 2") {
		t.Errorf("SLURM_ARRAY_TASK_ID=0: %q", out)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "x")
	if _, stderr, code := run(t, "worker", plan); code != ExitUsage || !strings.Contains(stderr, "SLURM_ARRAY_TASK_ID") {
		t.Errorf("bad index: exit %d, %q", code, stderr)
	}
}

// TestBadShards: every problem with a plan or its shards is one line and
// exit 2, and merge writes nothing.
func TestBadShards(t *testing.T) {
	small := filepath.Join("testdata", "small.yaml")
	base := filepath.Join(t.TempDir(), "plan")
	mustRun(t, "plan", small, "--shards", "3", "-o", base)
	for i := range 3 {
		mustRun(t, "worker", base, "--shard", fmt.Sprint(i))
	}
	other := filepath.Join(t.TempDir(), "other")
	mustRun(t, "plan", small, "--shards", "2", "-o", other)
	mustRun(t, "worker", other, "--shard", "1")

	cases := []struct {
		name   string
		cmd    string // merge or worker
		break_ func(t *testing.T, dir string)
		want   string
	}{
		{"missing shard", "merge", func(t *testing.T, dir string) {
			rm(t, filepath.Join(dir, "parts", "shard=00001"))
		}, "1 of 3 shards missing (1)"},
		{"duplicate shard", "merge", func(t *testing.T, dir string) {
			cp(t, filepath.Join(dir, "parts", "shard=00001"), filepath.Join(dir, "parts", "shard=1"))
		}, "duplicate"},
		{"shard of another plan", "merge", func(t *testing.T, dir string) {
			rm(t, filepath.Join(dir, "parts", "shard=00001"))
			cp(t, filepath.Join(other, "parts", "shard=00001"), filepath.Join(dir, "parts", "shard=00001"))
		}, "a shard of another plan"},
		{"changed table", "merge", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "parts", "shard=00002", "values.parquet")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 1
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "changed after the shard finished"},
		{"shard beyond the plan", "merge", func(t *testing.T, dir string) {
			cp(t, filepath.Join(dir, "parts", "shard=00001"), filepath.Join(dir, "parts", "shard=00007"))
		}, "the plan has shards 0 to 2"},
		{"edited plan", "merge", func(t *testing.T, dir string) {
			editFile(t, filepath.Join(dir, "plan.json"), `"steps": 41`, `"steps": 40`)
		}, "the plan was edited"},
		{"malformed plan", "worker", func(t *testing.T, dir string) {
			editFile(t, filepath.Join(dir, "plan.json"), `"format": 1,`, `"format": "one",`)
		}, "plan.json: line 2: field format"},
		{"unknown shard", "worker", func(t *testing.T, dir string) {}, "shard 9: the plan has shards 0 to 2"},
		{"no plan", "merge", func(t *testing.T, dir string) { rm(t, filepath.Join(dir, "plan.json")) }, "no plan here"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "plan")
			cp(t, base, dir)
			c.break_(t, dir)
			out := filepath.Join(t.TempDir(), "out")
			args := []string{"merge", dir, "-o", out, "--quiet"}
			if c.cmd == "worker" {
				args = []string{"worker", dir, "--shard", "9"}
			}
			_, stderr, code := run(t, args...)
			if code != ExitUsage || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want exit 2 and one line with %q", code, stderr, c.want)
			}
			if ents, _ := os.ReadDir(out); len(ents) > 0 {
				t.Errorf("merge left %d files in %s", len(ents), out)
			}
		})
	}
	// planning into a folder with shards of another plan
	if _, stderr, code := run(t, "plan", small, "--shards", "2", "-o", base); code != ExitUsage || !strings.Contains(stderr, "holds 3 shards of another plan") {
		t.Errorf("plan over another plan's shards: exit %d, %q", code, stderr)
	}
	mustRun(t, "plan", small, "--shards", "3", "-o", base) // the same plan again is fine
	if _, stderr, code := run(t, "plan", small, "--shards", "0", "-o", filepath.Join(t.TempDir(), "p")); code != ExitUsage || !strings.Contains(stderr, "--shards 0") {
		t.Errorf("--shards 0: exit %d, %q", code, stderr)
	}
}

func rm(t *testing.T, p string) {
	t.Helper()
	if err := os.RemoveAll(p); err != nil {
		t.Fatal(err)
	}
}

func editFile(t *testing.T, p, old, new string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(mustReplace(t, string(b), old, new)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cp copies a folder tree.
func cp(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

// checkSweep checks a merged 20-variant sweep of testdata/sweep.yaml: the
// tidy table's shape, the plot, and one variant's reachability against a
// plain run of that variant (the what-if's with-failures side).
func checkSweep(t *testing.T, outDir string) {
	t.Helper()
	rows := readCSV(t, filepath.Join(outDir, "sweep.csv"))
	if got := strings.Join(rows[0], ","); got != "variant,failure_fraction,seed,pairs,reachable_frac,median_rtt_ms,p95_rtt_ms,path_changes,handovers,pairs_never_reachable" {
		t.Fatalf("sweep.csv header %q", got)
	}
	if len(rows) != 21 {
		t.Fatalf("sweep.csv: %d rows, want 20 variants", len(rows)-1)
	}
	for _, f := range []string{"resilience.png", "resilience.svg"} {
		if st, err := os.Stat(filepath.Join(outDir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// for one seed the failed satellites of a larger fraction include
	// those of a smaller one, so reachability cannot grow with the fraction
	for seed := range 4 {
		prev := 2.0
		for f := range 5 {
			r := rows[1+4*f+seed]
			v, err := strconv.ParseFloat(r[4], 64)
			if err != nil || v > prev {
				t.Errorf("variant %s (fraction %s, seed %s): reachable %s after %v", r[0], r[1], r[2], r[4], prev)
			}
			prev = v
		}
	}
	// variant 16: failure_fraction 0.5, seed 1
	r := rows[1+16]
	if r[1] != "0.5" || r[2] != "1" {
		t.Fatalf("variant 16: %v", r)
	}
	src, err := os.ReadFile(filepath.Join("testdata", "sweep.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	y := string(src[:bytes.Index(src, []byte("sweep:\n"))])
	y = mustReplace(t, y, "fraction: 0.1", "fraction: 0.5")
	one := filepath.Join(t.TempDir(), "one.yaml")
	if err := os.WriteFile(one, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	mustRun(t, "run", one, "-o", dir, "--quiet")
	js, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		WhatIf struct {
			Overall struct {
				WithFailuresReachable float64 `json:"with_failures_reachable_frac"`
			} `json:"overall"`
		} `json:"what_if"`
	}
	if err := json.Unmarshal(js, &sum); err != nil {
		t.Fatal(err)
	}
	got, _ := strconv.ParseFloat(r[4], 64)
	if want := sum.WhatIf.Overall.WithFailuresReachable; math.Abs(got-want) > 1.5e-6 || want >= 1 {
		t.Errorf("variant 16 reachable %v, run of the variant %v (want equal and below 1)", got, want)
	}
}

func TestSweep(t *testing.T) {
	plan := filepath.Join(t.TempDir(), "plan")
	out := mustRun(t, "plan", filepath.Join("testdata", "sweep.yaml"), "-o", plan)
	if !strings.Contains(out, "sweep of 20 variants") {
		t.Fatalf("plan: %q", out)
	}
	for i := range 20 {
		mustRun(t, "worker", plan, "--shard", fmt.Sprint(i), "--workers", "1")
	}
	merged := filepath.Join(t.TempDir(), "out")
	mustRun(t, "merge", plan, "-o", merged)
	checkSweep(t, merged)
}

// TestBadPairStats: a pairstats table that does not fit its shard (another
// shard's, a corrupted histogram, a missing table), even with a done marker
// that vouches for it, is one line naming the file, row and field, exit 2,
// and merge writes nothing.
func TestBadPairStats(t *testing.T) {
	scens := shardScenarios(t)
	base := filepath.Join(t.TempDir(), "plan")
	mustRun(t, "plan", scens["stats"], "--shards", "4", "-o", base)
	for i := range 4 {
		mustRun(t, "worker", base, "--shard", fmt.Sprint(i), "--workers", "1")
	}
	shardDir := func(dir string, i int) string { return filepath.Join(dir, "parts", fmt.Sprintf("shard=%05d", i)) }
	cases := []struct {
		name   string
		break_ func(t *testing.T, dir string)
		want   string
	}{
		{"table of another shard", func(t *testing.T, dir string) {
			// shard 3 has 11 steps, shard 0 has 10
			b, err := os.ReadFile(filepath.Join(shardDir(dir, 3), "pairstats.parquet"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shardDir(dir, 0), "pairstats.parquet"), b, 0o644); err != nil {
				t.Fatal(err)
			}
			rehash(t, shardDir(dir, 0), "pairstats.parquet")
		}, "pairstats.parquet: row 0 (pair 2): steps: 11, the shard has 10 steps (a table of another shard?)"},
		{"corrupted histogram", func(t *testing.T, dir string) {
			editPairStats(t, filepath.Join(shardDir(dir, 1), "pairstats.parquet"), func(rows []shard.PairStatsRow) {
				rows[1].RTTHist = rows[1].RTTHist[:len(rows[1].RTTHist)-1]
			})
			rehash(t, shardDir(dir, 1), "pairstats.parquet")
		}, "pairstats.parquet: row 1 (pair 3): rtt_hist: value"},
		{"unknown histogram format", func(t *testing.T, dir string) {
			editPairStats(t, filepath.Join(shardDir(dir, 2), "pairstats.parquet"), func(rows []shard.PairStatsRow) {
				rows[0].RTTHist[0] = 7
			})
			rehash(t, shardDir(dir, 2), "pairstats.parquet")
		}, "row 0 (pair 2): rtt_hist: format 7, this orbitnet reads format 1"},
		{"statistics that disagree", func(t *testing.T, dir string) {
			editPairStats(t, filepath.Join(shardDir(dir, 2), "pairstats.parquet"), func(rows []shard.PairStatsRow) {
				rows[2].MinRTTMs -= 1
			})
			rehash(t, shardDir(dir, 2), "pairstats.parquet")
		}, "row 2 (pair 4): min_rtt_ms, max_rtt_ms:"},
		{"rows missing", func(t *testing.T, dir string) {
			editPairStats(t, filepath.Join(shardDir(dir, 3), "pairstats.parquet"), nil)
			rehash(t, shardDir(dir, 3), "pairstats.parquet")
		}, "pairstats.parquet: 0 rows, want one per pair from 2 to 5"},
		{"table missing", func(t *testing.T, dir string) {
			rm(t, filepath.Join(shardDir(dir, 1), "pairstats.parquet"))
			editFile(t, filepath.Join(shardDir(dir, 1), "_done.json"), `"pairstats.parquet"`, `"x"`)
			editFile(t, filepath.Join(shardDir(dir, 1), "_done.json"), `"x": "`, `"paths.parquet": "`)
		}, "pairstats.parquet: missing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "plan")
			cp(t, base, dir)
			c.break_(t, dir)
			out := filepath.Join(t.TempDir(), "out")
			_, stderr, code := run(t, "merge", dir, "-o", out, "--quiet")
			if code != ExitUsage || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want exit 2 and one line with %q", code, stderr, c.want)
			}
			if ents, _ := os.ReadDir(out); len(ents) > 0 {
				t.Errorf("merge left %d files in %s", len(ents), out)
			}
		})
	}
}

// editPairStats rewrites a pairstats table with its rows changed by edit
// (nil: an empty table).
func editPairStats(t *testing.T, path string, edit func([]shard.PairStatsRow)) {
	t.Helper()
	var rows []shard.PairStatsRow
	if edit != nil {
		var err error
		if rows, err = parquet.ReadFile[shard.PairStatsRow](path); err != nil {
			t.Fatal(err)
		}
		edit(rows)
	}
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
}

// rehash makes a shard's done marker vouch for its table file name as it
// now is.
func rehash(t *testing.T, folder, name string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(folder, name))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	var d shard.Done
	js, err := os.ReadFile(filepath.Join(folder, "_done.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &d); err != nil {
		t.Fatal(err)
	}
	d.Files[name] = hex.EncodeToString(sum[:])
	if js, err = json.Marshal(&d); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, "_done.json"), js, 0o644); err != nil {
		t.Fatal(err)
	}
}
