package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"orbitnet/mobility"
	"orbitnet/report"
)

// Over the Atlantic the aircraft's satellite is seen by no gateway: the
// flight has a laser-only stretch, and it lies west of Ireland.
func TestFlightLaserOnlyStretch(t *testing.T) {
	if testing.Short() {
		t.Skip("a 4-hour flight on Starlink Gen1")
	}
	dir := t.TempDir()
	out, stderr, code := run(t, "run", "testdata/flight.yaml", "-o", dir, "--quiet", "--workers", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "laser-only") || !strings.Contains(out, "LH400") {
		t.Errorf("no terminal table in:\n%s", out)
	}
	rows := readCSV(t, filepath.Join(dir, "terminals.csv"))
	if len(rows) != 2 || rows[0][0] != "terminal" || rows[1][0] != "LH400" || rows[1][1] != "true" {
		t.Fatalf("terminals.csv: %v", rows)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	num := func(c string) float64 {
		v, err := strconv.ParseFloat(rows[1][col[c]], 64)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		return v
	}
	if s := num("in_service_s") + num("outage_s"); s != 4*3600+120 {
		t.Errorf("service + outage = %v s, want the run's %v", s, 4*3600+120)
	}
	if num("laser_only_s") < 1800 {
		t.Errorf("laser-only %v s: want a stretch over the Atlantic", num("laser_only_s"))
	}
	if num("handovers") < 50 || num("rtt_median_ms") <= 0 {
		t.Errorf("row %v", rows[1])
	}
	// every laser-only interval of the timeline is over the ocean
	fra, _ := mobility.LookupAirport("FRA")
	jfk, _ := mobility.LookupAirport("JFK")
	tr, err := mobility.Flight(mobility.FlightPlan{From: fra.Pos, To: jfk.Pos, Depart: 5 * time.Minute, CruiseKmh: 900, CruiseAlt: 11, ClimbMps: 10, DescentMps: 8})
	if err != nil {
		t.Fatal(err)
	}
	tl := readCSV(t, filepath.Join(dir, "terminal_timeline.csv"))
	laser := 0
	for _, r := range tl[1:] {
		if r[3] == "" || r[4] == "true" {
			continue
		}
		from, _ := strconv.ParseFloat(r[1], 64)
		laser++
		if p := tr.At(secs(from)); p.Lon > -10 {
			t.Errorf("laser-only at %v s over %.2f,%.2f", from, p.Lat, p.Lon)
		}
	}
	if laser == 0 {
		t.Error("no laser-only interval in the timeline")
	}
	var sum report.Summary
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.Terminals) != 1 || sum.Terminals[0].Handovers != int(num("handovers")) || sum.Terminals[0].LaserOnly != num("laser_only_s") {
		t.Errorf("summary terminals %+v", sum.Terminals)
	}
}

func secs(s float64) time.Duration { return time.Duration(s * 1e9) }

// Bad tracks get one line naming the file, line and key, and exit 2.
func TestBadTrack(t *testing.T) {
	_, stderr, code := run(t, "validate", "testdata/badtrack.yaml")
	if code != 2 {
		t.Fatalf("exit %d", code)
	}
	line := strings.TrimSpace(stderr)
	if strings.Count(line, "\n") != 0 || !strings.Contains(line, "testdata/badtrack.yaml:14:") ||
		!strings.Contains(line, "ground.terminals.tracks[0].waypoints[1].at") || !strings.Contains(line, "ship limit") {
		t.Errorf("stderr %q", stderr)
	}
}

// A ship sails into a jammed box: its outage is counted as jamming from the
// step it enters, a fixed terminal outside is not affected, there is no
// laser-only time without gateways, and the timeline's Parquet copy has the
// CSV's rows.
func TestTerminalOutageCauses(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := run(t, "run", "testdata/jammed-ferry.yaml", "-o", dir, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readCSV(t, filepath.Join(dir, "terminals.csv"))
	want := [][]string{
		// terminal, moving, in_service_s, laser_only_s, outage_s, outage_jamming_s, outage_no_satellite_s, longest laser-only from
		{"Kyiv", "false", "2430.000", "0.000", "0.000", "0.000", "0.000", ""},
		// the ferry crosses lon 30.95 (the box's edge) 56% of the way, at 1,340 s: jammed from the 1,350 s step
		{"ferry", "true", "1350.000", "0.000", "1080.000", "1080.000", "0.000", ""},
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	if len(rows) != 3 {
		t.Fatalf("terminals.csv: %v", rows)
	}
	for i, w := range want {
		r := rows[i+1]
		got := []string{r[col["terminal"]], r[col["moving"]], r[col["in_service_s"]], r[col["laser_only_s"]], r[col["outage_s"]],
			r[col["outage_jamming_s"]], r[col["outage_no_satellite_s"]], r[col["longest_laser_only_from_s"]]}
		if strings.Join(got, ",") != strings.Join(w, ",") {
			t.Errorf("row %d: %v, want %v", i+1, got, w)
		}
	}
	tl := readCSV(t, filepath.Join(dir, "terminal_timeline.csv"))
	last := tl[len(tl)-1]
	if strings.Join(last, ",") != "ferry,1350.000,2430.000,,false,jamming," {
		t.Errorf("last interval %v", last)
	}
	f, err := os.Open(filepath.Join(dir, "terminal_timeline.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pr := parquet.NewGenericReader[report.TerminalInterval](f)
	got := make([]report.TerminalInterval, len(tl))
	n, _ := pr.Read(got)
	if n != len(tl)-1 || got[n-1].Cause != "jamming" || got[n-1].FromS != 1350 {
		t.Errorf("parquet: %d rows (csv %d), last %+v", n, len(tl)-1, got[max(n-1, 0)])
	}
	tf, err := os.Open(filepath.Join(dir, "terminals.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer tf.Close()
	tr := parquet.NewReader(tf)
	if n := tr.NumRows(); n != 2 {
		t.Errorf("terminals.parquet: %d rows, want 2", n)
	}
	row := map[string]any{}
	for range 2 {
		if err := tr.Read(&row); err != nil {
			t.Fatal(err)
		}
	}
	if row["terminal"] != "ferry" || row["outage_jamming_s"] != 1080.0 || row["longest_laser_only_from_s"] != nil {
		t.Errorf("terminals.parquet last row %v", row)
	}
}
