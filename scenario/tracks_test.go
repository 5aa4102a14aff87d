package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const trackHead = `name: t
start: 2026-02-23T08:00:00Z
duration: 1h
step: 60s
constellation: {preset: starlink-gen1/550}
output: {all_pairs: true}
ground:
  stations: {cities: [Warsaw]}
  terminals:
    tracks:
`

func TestTracks(t *testing.T) {
	sc, err := Parse("t.yaml", "", []byte(trackHead+`      - name: LH400
        flight: {from: FRA, to: JFK, depart: 10m}
      - {name: ferry, kind: ship, waypoints: [{place: "46.49,30.76"}, {place: "45.1,31.6", speed_kmh: 30}]}
`))
	if err != nil {
		t.Fatal(err)
	}
	cfg := sc.Config
	if len(cfg.Moving) != 2 || cfg.Ground[cfg.Moving[0].Node].Name != "LH400" || cfg.Ground[cfg.Moving[1].Node].Name != "ferry" {
		t.Fatalf("moving %+v", cfg.Moving)
	}
	lh := cfg.Ground[cfg.Moving[0].Node]
	if lh.Pos.Lat != 50.036521 || cfg.Moving[0].Track.At(time.Hour).Alt != 11 {
		t.Errorf("LH400 at %+v, at 1 h %+v", lh.Pos, cfg.Moving[0].Track.At(time.Hour))
	}
}

// Every bad track is one line naming the file, line and key.
func TestTrackErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.gpx"), []byte("<gpx>\n<trk><trkpt lat=\"1\" lon=\"2\">\n</gpx>"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ tracks, want string }{
		{`      - {name: x, flight: {from: XYZ, to: JFK}}`, "t.yaml:11:34: ground.terminals.tracks[0].flight.from: unknown place \"XYZ\""},
		{`      - {name: x, flight: {from: FRA, to: JFK, cruise_kmh: 2000}}`, "ground.terminals.tracks[0].flight.cruise_kmh: 2000: must be in (0, 1300] km/h"},
		{`      - {name: x, waypoints: [{place: FRA}, {place: JFK, at: 1h}]}`, "ground.terminals.tracks[0].kind: missing"},
		{`      - {name: x, kind: ship, waypoints: [{place: ODS, at: 1h}, {place: BUS, at: 30m}]}`, "t.yaml:11:82: ground.terminals.tracks[0].waypoints[1].at: 30m0s is not after the previous point's 1h0m0s: times must increase"},
		{`      - {name: x, kind: ship, waypoints: [{place: ODS}, {place: BUS, speed_kmh: 300}]}`, "ground.terminals.tracks[0].waypoints[1].at: 300 km/h from the previous point"},
		{`      - {name: x, kind: bus, waypoints: [{place: ODS}, {place: BUS, at: 1h}]}`, "ground.terminals.tracks[0].kind: unknown kind \"bus\""},
		{`      - {name: x, kind: ship, file: bad.gpx, waypoints: [{place: ODS}]}`, "give exactly one of flight, waypoints or file"},
		{`      - {name: x, kind: vehicle, file: bad.gpx}`, "bad.gpx:3: xml: element <trkpt> closed by </gpx>"},
		{`      - {name: x, kind: vehicle, file: none.csv}`, "ground.terminals.tracks[0].file: cannot read none.csv"},
		{`      - {name: x, kind: vehicle, file: track.kml}`, "want a .gpx or .csv track file"},
	} {
		_, err := Parse("t.yaml", dir, []byte(trackHead+c.tracks+"\n"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s:\n got %v\nwant %q", c.tracks, err, c.want)
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("error spans lines: %q", err)
		}
	}
}
