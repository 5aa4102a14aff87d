package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/tle"
	"orbitnet/scenario"
	"orbitnet/sim"
	"orbitnet/topology"
)

// loadInput loads a scenario (embedded name or file) and prepares its
// network as orbitnet export does, with the window [from, to] at step.
func loadInput(t *testing.T, name string, from, to, step time.Duration, forwarding bool) *Input {
	t.Helper()
	sc, err := scenario.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return prepare(t, sc, from, to, step, forwarding)
}

func prepare(t *testing.T, sc *scenario.Scenario, from, to, step time.Duration, forwarding bool) *Input {
	t.Helper()
	cfg := sc.Config
	cfg.AllPairs = false
	cfg.Forwarding = forwarding
	cfg.Start = cfg.Start.Add(from)
	cfg.Duration = to - from
	if step > 0 {
		cfg.Step = step
	}
	net, err := sim.NewNetwork(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &Input{Net: net, Name: sc.File.Name, PairNames: sc.PairNames[:len(cfg.Pairs)]}
}

// enginePaths runs the engine on the network and returns every listed
// pair's path at every step (nil when unreachable) and its values.
func enginePaths(t *testing.T, net *sim.Network) ([][][]int32, [][]sim.PairValue) {
	t.Helper()
	var paths [][][]int32
	var vals [][]sim.PairValue
	_, err := sim.Run(context.Background(), net, sim.Options{Workers: 2, BlockSteps: 7}, sim.SinkFunc(func(r *sim.StepResult) error {
		ps := make([][]int32, len(r.Paths))
		for k, p := range r.Paths {
			if r.Values[k].Reachable() {
				ps[k] = append([]int32(nil), p...)
			}
		}
		paths = append(paths, ps)
		vals = append(vals, append([]sim.PairValue(nil), r.Values[:net.NumListed()]...))
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return paths, vals
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func atoi(t *testing.T, where, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%s: %q is not an integer", where, s)
	}
	return n
}

// kuiperShellYAML is Hypatia's whole Kuiper-630 shell with three cities
// for 170 s at 1 s: Saint Petersburg sees no satellite from 155.4 s to
// 165.1 s (cli/testdata/hypatia).
const kuiperShellYAML = `name: kuiper-shell
start: 2000-01-01T00:00:00Z
duration: 170s
step: 1s
constellation:
  shells: [{name: Kuiper-630, planes: 34, per_plane: 34, inclination_deg: 51.9, mean_motion_rev_per_day: 14.80, stagger: true}]
ground:
  stations: {cities: [Manila, Dalian, Saint Petersburg]}
links:
  isl: {pattern: plus-grid, seam_offset: 0, max_range_km: 5442.958, min_altitude_km: 80}
  gsl: {min_elevation_deg: 0, max_range_km: 1260}
routing: {mode: isl}
pairs: [[Manila, Dalian], [Saint Petersburg, Dalian], [Saint Petersburg, Manila]]
`

// TestHypatiaRoundTrip writes Hypatia's files for Hypatia's own Kuiper-630
// test case and for a whole Walker shell with three cities (one of which
// loses every satellite for a while), reads the static files back through
// orbitnet's readers, checks every fstate entry against the rules ns-3's
// ArbiterSingleForwardHelper enforces, and replays the next hops from each
// pair's source: the walk must reproduce the engine's path at every step.
func TestHypatiaRoundTrip(t *testing.T) {
	shell, err := scenario.Parse("kuiper-shell.yaml", "", []byte(kuiperShellYAML))
	if err != nil {
		t.Fatal(err)
	}
	hyp, err := scenario.Load("../cli/testdata/hypatia/scenario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sc     *scenario.Scenario
		to     time.Duration
		header string
	}{
		{hyp, 200 * time.Second, "1 12"},
		{shell, 170 * time.Second, "34 34"},
	} {
		t.Run(tc.sc.File.Name, func(t *testing.T) {
			in := prepare(t, tc.sc, 0, tc.to, 0, true)
			dir := filepath.Join(t.TempDir(), "hypatia")
			if err := WriteHypatia(context.Background(), dir, in); err != nil {
				t.Fatal(err)
			}
			checkHypatia(t, dir, in, tc.header)
			// byte-identical whatever the worker count
			in1 := prepare(t, tc.sc, 0, tc.to, 0, true)
			in1.Workers = 1
			dir1 := filepath.Join(t.TempDir(), "hypatia")
			if err := WriteHypatia(context.Background(), dir1, in1); err != nil {
				t.Fatal(err)
			}
			sameTree(t, dir, dir1)
		})
	}
}

func checkHypatia(t *testing.T, dir string, in *Input, header string) {
	net := in.Net
	nSat := net.NSat
	// tles.txt through orbitnet's TLE reader
	f, err := os.Open(filepath.Join(dir, "tles.txt"))
	if err != nil {
		t.Fatal(err)
	}
	els, err := tle.Read(f, tle.Options{})
	f.Close()
	if err != nil {
		t.Fatalf("tles.txt: %v", err)
	}
	if got := readLines(t, filepath.Join(dir, "tles.txt"))[0]; got != header {
		t.Errorf("tles.txt header %q, want %q", got, header)
	}
	if len(els) != nSat {
		t.Fatalf("tles.txt: %d satellites, want %d", len(els), nSat)
	}
	for i, e := range els {
		if f := strings.Fields(e.Name); len(f) != 2 || f[1] != strconv.Itoa(i) {
			t.Errorf("tles.txt satellite %d: name %q is not \"NAME %d\" (Hypatia reads the id from it)", i, e.Name, i)
		}
		a1, a2 := tle.Format(e)
		b1, b2 := tle.Format(HypatiaElements(net.Cfg.Constellation.Sats[i].Elements))
		if a1 != b1 || a2 != b2 {
			t.Errorf("tles.txt satellite %d: elements differ\n%s\n%s\nwant\n%s\n%s", i, a1, a2, b1, b2)
		}
		if e.Epoch.Sub(net.Cfg.Start).Abs() > time.Microsecond {
			t.Errorf("satellite %d epoch %v, window start %v", i, e.Epoch, net.Cfg.Start)
		}
	}
	// isls.txt through topology.ReadISLs: the planned links in plan order
	f, err = os.Open(filepath.Join(dir, "isls.txt"))
	if err != nil {
		t.Fatal(err)
	}
	isls, err := topology.ReadISLs(f, "isls.txt", nSat)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(isls) != net.ISL.Len() {
		t.Fatalf("isls.txt: %d links, want %d", len(isls), net.ISL.Len())
	}
	ifTo := map[[2]int]int{}
	numISL := make([]int, nSat)
	for k, l := range isls {
		if l[0] != net.ISL.A[k] || l[1] != net.ISL.B[k] {
			t.Errorf("isls.txt link %d: %v, want %d %d", k, l, net.ISL.A[k], net.ISL.B[k])
		}
		a, b := int(l[0]), int(l[1])
		ifTo[[2]int{a, b}], ifTo[[2]int{b, a}] = numISL[a], numISL[b]
		numISL[a]++
		numISL[b]++
	}
	// ground stations: the basic file through orbitnet's reader, the
	// extended one (what ns-3 reads) against it
	dsts := net.ForwardingDsts()
	f, err = os.Open(filepath.Join(dir, "ground_stations.basic.txt"))
	if err != nil {
		t.Fatal(err)
	}
	gs, err := ground.ReadCSV(f, "ground_stations.basic.txt", ground.Station)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != len(dsts) {
		t.Fatalf("ground_stations.basic.txt: %d stations, want %d", len(gs), len(dsts))
	}
	ext := readLines(t, filepath.Join(dir, "ground_stations.txt"))
	if len(ext) != len(dsts) {
		t.Fatalf("ground_stations.txt: %d lines, want %d", len(ext), len(dsts))
	}
	for i, g := range dsts {
		want := net.Cfg.Ground[g]
		if gs[i].Name != want.Name || gs[i].Pos != want.Pos {
			t.Errorf("ground station %d read back as %q %+v, want %q %+v", i, gs[i].Name, gs[i].Pos, want.Name, want.Pos)
		}
		fs := strings.Split(ext[i], ",")
		if len(fs) != 8 || fs[0] != strconv.Itoa(i) || fs[1] != HypatiaName(want.Name) {
			t.Fatalf("ground_stations.txt line %d: %q", i+1, ext[i])
		}
		var v [6]float64
		for j := range v {
			if v[j], err = strconv.ParseFloat(fs[2+j], 64); err != nil {
				t.Fatalf("ground_stations.txt line %d: %v", i+1, err)
			}
		}
		// x, y, z on WGS-72 are within 100 m of WGS-84's (the ellipsoids differ
		// by 2 m in radius and slightly in flattening)
		e := want.Pos.ToECEF()
		for j := range 3 {
			if d := math.Abs(v[3+j] - e[j]*1000); d > 100 {
				t.Errorf("ground_stations.txt line %d: coordinate %d is %.1f m from the WGS-84 position", i+1, j, d)
			}
		}
		if math.Abs(v[0]-want.Pos.Lat.Deg()) > printedDeg || math.Abs(v[1]-want.Pos.Lon.Deg()) > printedDeg {
			t.Errorf("ground_stations.txt line %d: %q", i+1, ext[i])
		}
	}
	nodes := nSat + len(dsts)
	info := readLines(t, filepath.Join(dir, "gsl_interfaces_info.txt"))
	if len(info) != nodes {
		t.Fatalf("gsl_interfaces_info.txt: %d lines, want %d", len(info), nodes)
	}
	for i, l := range info {
		if l != fmt.Sprintf("%d,1,1.000000", i) {
			t.Errorf("gsl_interfaces_info.txt line %d: %q", i+1, l)
		}
	}
	desc := readLines(t, filepath.Join(dir, "description.txt"))
	if len(desc) != 2 || !strings.HasPrefix(desc[0], "max_gsl_length_m=") || !strings.HasPrefix(desc[1], "max_isl_length_m=") {
		t.Errorf("description.txt: %q", desc)
	}

	// dynamic state: replay the forwarding state step by step
	paths, _ := enginePaths(t, net)
	dyn := filepath.Join(dir, HypatiaDynamicDir(net.Cfg.Step, net.Cfg.Duration))
	entries, err := os.ReadDir(dyn)
	if err != nil {
		t.Fatal(err)
	}
	if steps := net.Cfg.Steps(); len(entries) != 2*steps {
		t.Fatalf("%s: %d files, want %d (fstate and gsl_if_bandwidth per step)", dyn, len(entries), 2*steps)
	}
	hypOf := func(v int32) int {
		if int(v) < nSat {
			return int(v)
		}
		for i, g := range dsts {
			if net.Node(g) == int(v) {
				return nSat + i
			}
		}
		t.Fatalf("routing node %d is no Hypatia node", v)
		return -1
	}
	state := make([][3]int, nodes*nodes)
	for i := range state {
		state[i] = [3]int{-2, -2, -2}
	}
	reached, outages := 0, 0
	for step := range net.Cfg.Steps() {
		tns := int64(time.Duration(step) * net.Cfg.Step)
		name := fmt.Sprintf("fstate_%d.txt", tns)
		lines := readLines(t, filepath.Join(dyn, name))
		if step == 0 && len(lines) != nodes*len(dsts)-len(dsts) {
			t.Fatalf("%s: %d entries, want every (node, ground station) pair: %d", name, len(lines), nodes*len(dsts)-len(dsts))
		}
		for ln, l := range lines {
			fs := strings.Split(l, ",")
			where := fmt.Sprintf("%s:%d", name, ln+1)
			if len(fs) != 5 {
				t.Fatalf("%s: %q has not 5 fields", where, l)
			}
			cur, dst := atoi(t, where, fs[0]), atoi(t, where, fs[1])
			dec := [3]int{atoi(t, where, fs[2]), atoi(t, where, fs[3]), atoi(t, where, fs[4])}
			if cur < 0 || cur >= nodes || dst < nSat || dst >= nodes || cur == dst {
				t.Fatalf("%s: bad node ids in %q", where, l)
			}
			if state[cur*nodes+dst] == dec {
				t.Errorf("%s: %q repeats the previous state", where, l)
			}
			state[cur*nodes+dst] = dec
			nh := dec[0]
			switch {
			case nh == -1:
				if dec != [3]int{-1, -1, -1} {
					t.Errorf("%s: a drop must be -1,-1,-1: %q", where, l)
				}
			case cur < nSat && nh < nSat:
				a, ok1 := ifTo[[2]int{cur, nh}]
				b, ok2 := ifTo[[2]int{nh, cur}]
				if !ok1 || !ok2 || dec[1] != a || dec[2] != b {
					t.Errorf("%s: %q: laser interfaces want %d,%d (link listed: %v)", where, l, a, b, ok1)
				}
			case cur < nSat:
				if nh != dst || dec[1] != numISL[cur] || dec[2] != 0 {
					t.Errorf("%s: %q: satellite to ground station wants the destination, interfaces %d,0", where, l, numISL[cur])
				}
			case nh < nSat:
				if dec[1] != 0 || dec[2] != numISL[nh] {
					t.Errorf("%s: %q: ground station to satellite wants interfaces 0,%d", where, l, numISL[nh])
				}
			default:
				t.Errorf("%s: %q: ground station to ground station", where, l)
			}
		}
		bw := readLines(t, filepath.Join(dyn, fmt.Sprintf("gsl_if_bandwidth_%d.txt", tns)))
		if step == 0 {
			if len(bw) != nodes {
				t.Fatalf("gsl_if_bandwidth_0.txt: %d lines, want %d", len(bw), nodes)
			}
			for i, l := range bw {
				ifc := 0
				if i < nSat {
					ifc = numISL[i]
				}
				if l != fmt.Sprintf("%d,%d,1.000000", i, ifc) {
					t.Errorf("gsl_if_bandwidth_0.txt line %d: %q", i+1, l)
				}
			}
		} else if len(bw) != 0 {
			t.Errorf("gsl_if_bandwidth_%d.txt is not empty", tns)
		}
		// replay every listed pair from its source
		for k, p := range net.Cfg.Pairs {
			src, dst := hypOf(int32(net.Node(p[0]))), hypOf(int32(net.Node(p[1])))
			var walk []int
			for v := src; ; {
				walk = append(walk, v)
				if v == dst || len(walk) > nodes {
					break
				}
				v = state[v*nodes+dst][0]
				if v < 0 {
					walk = nil
					break
				}
			}
			want := paths[step][k]
			if want == nil {
				outages++
				if walk != nil {
					t.Errorf("step %d pair %d: the engine has no path, the forwarding state reaches %v", step, k, walk)
				}
				continue
			}
			reached++
			var wantHyp []int
			for _, v := range want {
				wantHyp = append(wantHyp, hypOf(v))
			}
			if fmt.Sprint(walk) != fmt.Sprint(wantHyp) {
				t.Errorf("step %d pair %d: forwarding state walks %v, the engine's path is %v", step, k, walk, wantHyp)
			}
		}
	}
	t.Logf("%d steps, %d pair-steps replayed to the engine's path, %d without a path in both", net.Cfg.Steps(), reached, outages)
	if reached == 0 {
		t.Error("no path replayed")
	}
}

// sameTree fails unless two folders hold the same files with the same bytes.
func sameTree(t *testing.T, a, b string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			return err
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between runs", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("no files compared")
	}
}

// TestHypatiaRefuses: settings Hypatia cannot express are refused as input
// errors, and nothing is left behind.
func TestHypatiaRefuses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    func(t *testing.T) *Input
		words string
	}{
		{"bent-pipe", func(t *testing.T) *Input { return loadInput(t, "ukraine", 0, 10*time.Second, time.Second, true) }, "routing mode"},
		{"epoch", func(t *testing.T) *Input {
			return loadInput(t, "../cli/testdata/hypatia/scenario.yaml", time.Second, 2*time.Second, 0, true)
		}, "TLE epoch"},
		{"mixed epochs", func(t *testing.T) *Input { return loadInput(t, "starlink-tle", 0, 0, time.Second, true) }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in(t)
			parent := t.TempDir()
			err := WriteHypatia(context.Background(), filepath.Join(parent, "out"), in)
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.words) {
				t.Fatalf("got %v, want an InputError about %q", err, tc.words)
			}
			if left, _ := os.ReadDir(parent); len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}
