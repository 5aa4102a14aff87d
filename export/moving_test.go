package export

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"orbitnet/scenario"
	"orbitnet/sim"
)

// A moving terminal is exported where it is at each sample, also when the
// window starts later than the scenario (Config.StartingAt: its track keeps
// its times), and Hypatia's fixed ground stations refuse it.
func TestMovingNodeExports(t *testing.T) {
	sc, err := scenario.Load("flight-fra-jfk")
	if err != nil {
		t.Fatal(err)
	}
	from := 2 * time.Hour
	cfg := sc.Config.StartingAt(from)
	cfg.AllPairs = false
	cfg.Duration = 10 * time.Minute
	cfg.Step = 5 * time.Minute
	whole, err := sim.NewNetwork(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	net, err := sim.NewNetwork(cfg)
	if err != nil {
		t.Fatal(err)
	}
	g := -1
	for i := range cfg.Ground {
		if net.Moving(i) {
			g = i
			break
		}
	}
	if g < 0 {
		t.Fatal("flight-fra-jfk has no moving node")
	}
	in := &Input{Net: net, Name: sc.File.Name, PairNames: sc.PairNames[:len(cfg.Pairs)], Workers: 1}
	var buf bytes.Buffer
	if err := WriteCZML(context.Background(), &buf, in); err != nil {
		t.Fatal(err)
	}
	var packets []struct {
		ID       string `json:"id"`
		Position *struct {
			Epoch string    `json:"epoch"`
			Deg   []float64 `json:"cartographicDegrees"`
		} `json:"position"`
	}
	if err := json.Unmarshal(buf.Bytes(), &packets); err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, p := range packets {
		if p.ID != groundID(int32(g)) {
			continue
		}
		found = true
		if p.Position == nil || len(p.Position.Deg) != 4*3 {
			t.Fatalf("moving node's position: %+v, want 3 time-tagged samples", p.Position)
		}
		for k := range 3 {
			d := p.Position.Deg[4*k : 4*k+4]
			off := time.Duration(d[0] * float64(time.Second))
			want := whole.GroundAt(g, from+off) // the same instant of the whole run
			if d[0] != float64(k*300) || !near(d[1], want.Lon.Deg()) || !near(d[2], want.Lat.Deg()) {
				t.Errorf("sample %d: %v, want t=%d s at %.6f,%.6f", k, d, k*300, want.Lat, want.Lon)
			}
		}
	}
	if !found {
		t.Fatal("no packet for the moving node")
	}
	buf.Reset()
	if err := WriteKML(context.Background(), &buf, in); err != nil {
		t.Fatal(err)
	}
	kml := buf.String()
	i := strings.Index(kml, "<Placemark><name>"+cfg.Ground[g].Name+"</name>")
	if i < 0 {
		t.Fatal("KML: no placemark for the moving node")
	}
	pm := kml[i : i+strings.Index(kml[i:], "</Placemark>")]
	if !strings.Contains(pm, "<gx:Track>") || strings.Count(pm, "<gx:coord>") != 3 || strings.Contains(pm, "<Point>") {
		t.Errorf("KML placemark of the moving node: %s, want a gx:Track of 3 samples", pm)
	}
	isl := cfg
	isl.Mode = sim.ISLMode
	isl.Forwarding = true
	islNet, err := sim.NewNetwork(isl)
	if err != nil {
		t.Fatal(err)
	}
	if err := hypatiaRefusal(islNet); err == nil || !strings.Contains(err.Error(), "moves") {
		t.Errorf("hypatia: %v, want the moving node refused", err)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
