package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunOutputs runs the small scenario with 1 and 2 workers: every output
// exists, rtt.csv has the contract's header and one row per listed pair and
// step, and the two runs are byte-identical.
func TestRunOutputs(t *testing.T) {
	dirs := []string{filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")}
	for i, w := range []string{"1", "2"} {
		out, stderr, code := run(t, "run", "testdata/small.yaml", "-o", dirs[i], "--workers", w)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(out, "Kyiv – Frankfurt") {
			t.Errorf("table lacks the pair:\n%s", out)
		}
	}
	for _, f := range []string{"rtt.csv", "events.csv", "summary.json", "rtt.parquet", "pairs.parquet", "paths.csv", "forwarding.csv"} {
		a, err := os.ReadFile(filepath.Join(dirs[0], f))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dirs[1], f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between 1 and 2 workers", f)
		}
	}
	rtt, _ := os.ReadFile(filepath.Join(dirs[0], "rtt.csv"))
	lines := strings.Split(strings.TrimSpace(string(rtt)), "\n")
	if lines[0] != "time_s,src,dst,rtt_ms,hops" {
		t.Errorf("header %q", lines[0])
	}
	if len(lines) != 1+41*2 {
		t.Errorf("%d lines, want %d", len(lines), 1+41*2)
	}
	if !strings.HasPrefix(lines[1], "0.000,Kyiv,Frankfurt,") || !strings.HasPrefix(lines[3], "0.500,Kyiv,Frankfurt,") {
		t.Errorf("rows: %q %q", lines[1], lines[3])
	}
	paths, _ := os.ReadFile(filepath.Join(dirs[0], "paths.csv"))
	pl := strings.Split(strings.TrimSpace(string(paths)), "\n")
	if pl[0] != "time_s,src,dst,delay_fwd_ms,delay_rev_ms,rtt_ms,hops,path" || len(pl) != 1+41*2 ||
		!strings.Contains(pl[1], "Kyiv > ") {
		t.Errorf("paths.csv: %d lines, %q, %q", len(pl), pl[0], pl[1])
	}
	var sum struct {
		Version  string `json:"orbitnet_version"`
		Scenario struct {
			Links struct {
				GSL struct {
					MinElevationDeg float64 `json:"min_elevation_deg"`
					Policy          string  `json:"policy"`
				} `json:"gsl"`
			} `json:"links"`
		} `json:"scenario"`
		Pairs []struct {
			Src, Dst    string
			MedianRTTMs *float64 `json:"median_rtt_ms"`
		} `json:"pairs"`
		AllPairs struct {
			Count int `json:"count"`
		} `json:"all_pairs"`
	}
	b, _ := os.ReadFile(filepath.Join(dirs[0], "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Version == "" || sum.Scenario.Links.GSL.Policy != "any" || sum.Scenario.Links.GSL.MinElevationDeg != 10 {
		t.Errorf("resolved scenario not in summary: %+v", sum)
	}
	if len(sum.Pairs) != 2 || sum.Pairs[0].MedianRTTMs == nil || sum.AllPairs.Count != 6 {
		t.Errorf("pairs: %+v, all %d", sum.Pairs, sum.AllPairs.Count)
	}
	// no temporary files left behind
	ents, _ := os.ReadDir(dirs[0])
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("leftover %s", e.Name())
		}
	}
}

// TestGoldenScenarios runs the test scenarios and compares their rtt.csv and
// events.csv with text transcripts under testdata/golden (go test -update
// rewrites them).
func TestGoldenScenarios(t *testing.T) {
	for _, name := range []string{"small", "bentpipe"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if _, stderr, code := run(t, "run", "testdata/"+name+".yaml", "-o", dir, "--quiet"); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got bytes.Buffer
			for _, f := range []string{"rtt.csv", "events.csv"} {
				b, err := os.ReadFile(filepath.Join(dir, f))
				if err != nil {
					t.Fatal(err)
				}
				got.WriteString("== " + f + "\n")
				got.Write(b)
			}
			golden := filepath.Join("testdata", "golden", name+".txt")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./cli -run Golden -update)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s differs from %s (go test ./cli -run Golden -update to accept)", name, golden)
			}
		})
	}
}

func TestPropagateFormats(t *testing.T) {
	args := []string{"propagate", "--tle", "testdata/good.tle", "--start", "2026-02-23T00:00:00Z", "--stop", "2026-02-23T00:01:00Z", "--step", "30s"}
	out, _, code := run(t, args...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || lines[0] != "name,norad,time,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s" || len(lines) != 4 {
		t.Fatalf("teme csv: %q", out)
	}
	if !strings.HasPrefix(lines[1], "STARLINK-1008,44714,2026-02-23T00:00:00.000Z,") {
		t.Errorf("row %q", lines[1])
	}
	out, _, _ = run(t, append(args, "--frame", "geodetic")...)
	if !strings.HasPrefix(out, "name,norad,time,lat_deg,lon_deg,alt_km\n") {
		t.Errorf("geodetic header: %q", out)
	}
	out, _, _ = run(t, append(args, "--format", "json", "--frame", "ecef")...)
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 3 || rows[0]["x_km"] == nil {
		t.Errorf("json: %v %q", err, out)
	}
}

func TestScenariosAndValidate(t *testing.T) {
	out, _, code := run(t, "scenarios")
	for _, n := range []string{"starlink-shell1", "starlink-gen1", "starlink-tle", "kuiper"} {
		if code != 0 || !strings.Contains(out, n) {
			t.Errorf("scenarios lacks %s", n)
		}
	}
	for _, n := range []string{"starlink-shell1", "starlink-gen1", "starlink-tle", "kuiper"} {
		if out, stderr, code := run(t, "validate", n); code != 0 || !strings.Contains(out, "ok:") {
			t.Errorf("validate %s: %d %s %s", n, code, out, stderr)
		}
		yml, _, code := run(t, "scenarios", "show", n)
		if code != 0 || !strings.Contains(yml, "name: "+n) {
			t.Errorf("show %s", n)
		}
	}
}

func TestRTTCommand(t *testing.T) {
	out, stderr, code := run(t, "rtt", "Kyiv", "Frankfurt", "--scenario", "testdata/small.yaml")
	if code != 0 || !strings.Contains(out, "RTT ms: min") {
		t.Fatalf("rtt: %d %s %s", code, out, stderr)
	}
	out, _, code = run(t, "rtt", "50.45,30.52", "Rio de Janeiro", "--scenario", "testdata/small.yaml", "--at", "5s")
	if code != 0 || !strings.Contains(out, "hop") {
		t.Fatalf("rtt --at: %d %s", code, out)
	}
}

// TestInterruptedRunLeavesNothing: a run cancelled (as by Ctrl-C) says so,
// exits 130 and leaves no output or temporary file.
func TestInterruptedRunLeavesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := Main(ctx, []string{"run", "testdata/small.yaml", "-o", dir}, &out, &errb)
	if code != ExitInterrupted || !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("code %d, stderr %q", code, errb.String())
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 0 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("left behind: %v", names)
	}
}

// TestForwardingCSV runs the test scenarios with forwarding.csv and
// replays it: at every step, following the next hops from each listed
// pair's source (a satellite's "uplink" row for packets just received from
// a user terminal) must walk exactly the path paths.csv reports, the
// forward shortest path computed independently of the forwarding trees.
func TestForwardingCSV(t *testing.T) {
	for _, name := range []string{"small", "bentpipe"} {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", name+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			y := string(src)
			for _, key := range []string{"paths", "forwarding"} {
				if !strings.Contains(y, key+": true") {
					y = strings.Replace(y, "output: {", "output: {"+key+": true, ", 1)
				}
			}
			scen := filepath.Join(t.TempDir(), name+".yaml")
			if err := os.WriteFile(scen, []byte(y), 0o644); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if _, stderr, code := run(t, "run", scen, "-o", dir, "--quiet"); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			fwd := readCSV(t, filepath.Join(dir, "forwarding.csv"))
			if got := strings.Join(fwd[0], ","); got != "time_s,node,dst,next_hop,arrived_on" {
				t.Fatalf("forwarding.csv header %q", got)
			}
			// a satellite's uplink rows (bent-pipe) never send a user's
			// packet straight back down to a user
			uplinkRows := 0
			for _, r := range fwd[1:] {
				if r[4] == "uplink" {
					uplinkRows++
					if strings.HasPrefix(r[3], "Kyiv") {
						t.Fatalf("uplink row %v turns a user's uplink into a user's downlink", r)
					}
				}
			}
			if (uplinkRows > 0) != (name == "bentpipe") {
				t.Errorf("%d uplink rows", uplinkRows)
			}
			paths := readCSV(t, filepath.Join(dir, "paths.csv"))[1:]
			type key struct{ node, dst, on string }
			state := map[key]string{}
			fwd = fwd[1:]
			checked := 0
			for len(paths) > 0 {
				now := paths[0][0]
				for len(fwd) > 0 && fwd[0][0] == now {
					k := key{fwd[0][1], fwd[0][2], fwd[0][4]}
					if fwd[0][3] == "" {
						delete(state, k)
					} else {
						state[k] = fwd[0][3]
					}
					fwd = fwd[1:]
				}
				for len(paths) > 0 && paths[0][0] == now {
					want := strings.Split(paths[0][7], " > ")
					paths = paths[1:]
					if want[0] == "" {
						continue // unreachable
					}
					dst := want[len(want)-1]
					walk := []string{want[0]}
					for at := want[0]; at != dst && len(walk) <= len(want); {
						on := ""
						if name == "bentpipe" && len(walk) == 2 {
							on = "uplink" // the satellite just received it from the terminal
						}
						next, ok := state[key{at, dst, on}]
						if !ok {
							break
						}
						walk = append(walk, next)
						at = next
					}
					if strings.Join(walk, " > ") != strings.Join(want, " > ") {
						t.Fatalf("t=%s: next hops walk %s, paths.csv has %s", now, strings.Join(walk, " > "), strings.Join(want, " > "))
					}
					checked++
				}
			}
			if len(fwd) > 0 {
				t.Errorf("forwarding.csv has rows after the last step: %v", fwd[0])
			}
			if checked < 40 {
				t.Errorf("only %d paths checked", checked)
			}
		})
	}
}

// readCSV reads a whole CSV file.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
