package export

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"orbitnet/orbit/frame"
	"orbitnet/orbit/timescale"
	"orbitnet/orbit/units"
	"orbitnet/sim"
)

// posTolM is how far a written position may be from the propagator's: the
// writers round to the millimetre (CZML) or 1e-6° and 0.1 m (KML, about
// 0.11 m on the ground).
const (
	czmlTolM = 0.001
	kmlTolM  = 0.5
	// printedDeg is the resolution of the degrees the writers print
	// (6 decimals, 0.11 m on the ground).
	printedDeg = 1e-6
)

// shellInput is starlink-shell1 (1,584 satellites, 8 listed pairs) for one
// minute sampled every 10 s.
func shellInput(t *testing.T) *Input {
	return loadInput(t, "starlink-shell1", 0, time.Minute, 10*time.Second, false)
}

// TestCZML parses the CZML document as JSON and checks its structure: the
// document packet and its clock, one packet per ground node and satellite,
// every satellite's samples against the propagator, link availability
// within the window, references that resolve, and each listed pair's path
// intervals against the engine's paths.
func TestCZML(t *testing.T) {
	in := shellInput(t)
	var buf bytes.Buffer
	if err := WriteCZML(context.Background(), &buf, in); err != nil {
		t.Fatal(err)
	}
	var doc []map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	net := in.Net
	start := net.Cfg.Start
	end := start.Add(net.Cfg.Duration)
	window := isoTime(start) + "/" + isoTime(end)
	str := func(p map[string]json.RawMessage, key string) string {
		var s string
		if raw, ok := p[key]; ok {
			if err := json.Unmarshal(raw, &s); err != nil {
				t.Fatalf("%s: %v", key, err)
			}
		}
		return s
	}
	var clock struct{ Interval, CurrentTime string }
	if str(doc[0], "id") != "document" || str(doc[0], "version") != "1.0" {
		t.Fatalf("first packet is not the document packet: %s", doc[0]["id"])
	}
	if err := json.Unmarshal(doc[0]["clock"], &clock); err != nil || clock.Interval != window || clock.CurrentTime != isoTime(start) {
		t.Errorf("clock %+v (%v), want interval %s", clock, err, window)
	}
	ids := map[string]bool{}
	count := map[string]int{}
	for _, p := range doc {
		id := str(p, "id")
		if ids[id] {
			t.Errorf("packet id %q twice", id)
		}
		ids[id] = true
		count[strings.SplitN(id, "/", 2)[0]]++
	}
	if count["sat"] != net.NSat || count["ground"] != len(net.Cfg.Ground) || count["path"] != net.NumListed() {
		t.Fatalf("packets %v, want %d satellites, %d ground nodes, %d paths", count, net.NSat, len(net.Cfg.Ground), net.NumListed())
	}
	if count["isl"] < net.NSat || count["gsl"] == 0 {
		t.Errorf("packets %v: want laser links (about 2 per satellite) and ground links", count)
	}
	inWindow := func(iv string) {
		a, b, ok := strings.Cut(iv, "/")
		ta, err1 := time.Parse(time.RFC3339Nano, a)
		tb, err2 := time.Parse(time.RFC3339Nano, b)
		// a link seen only at the last sample holds for that instant
		if !ok || err1 != nil || err2 != nil || ta.Before(start) || tb.After(end) || !(ta.Before(tb) || ta.Equal(end)) {
			t.Errorf("interval %q is not within %s", iv, window)
		}
	}
	paths, _ := enginePaths(t, net)
	samples := net.Cfg.Steps()
	checked := 0
	for _, p := range doc {
		id := str(p, "id")
		kind, rest, _ := strings.Cut(id, "/")
		switch kind {
		case "sat":
			var pos struct {
				Epoch, ReferenceFrame string
				Cartesian             []float64
			}
			if err := json.Unmarshal(p["position"], &pos); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			if pos.Epoch != isoTime(start) || pos.ReferenceFrame != "FIXED" || len(pos.Cartesian) != 4*samples {
				t.Fatalf("%s: epoch %s frame %s, %d numbers; want %s FIXED %d", id, pos.Epoch, pos.ReferenceFrame, len(pos.Cartesian), isoTime(start), 4*samples)
			}
			if str(p, "availability") != window {
				t.Errorf("%s: availability %s", id, p["availability"])
			}
			s, _ := strconv.Atoi(rest)
			if s%97 != 0 {
				continue // check the positions of every 97th satellite
			}
			for i := range samples {
				sec := pos.Cartesian[4*i]
				if sec != float64(10*i) {
					t.Fatalf("%s: sample %d at %v s", id, i, sec)
				}
				want, ok := net.Prop.PositionAt(s, timescale.FromTime(start.Add(time.Duration(sec)*time.Second)))
				if !ok {
					t.Fatalf("%s: propagation failed", id)
				}
				for j := range 3 {
					if d := math.Abs(pos.Cartesian[4*i+1+j] - want[j]*1000); d > czmlTolM {
						t.Errorf("%s sample %d: coordinate %d off by %.4f m", id, i, j, d)
					}
				}
				checked++
			}
		case "isl", "gsl":
			var avail []string
			var line struct{ Positions struct{ References []string } }
			if err := json.Unmarshal(p["availability"], &avail); err != nil || len(avail) == 0 {
				t.Fatalf("%s: availability %s", id, p["availability"])
			}
			for _, iv := range avail {
				inWindow(iv)
			}
			if err := json.Unmarshal(p["polyline"], &line); err != nil || len(line.Positions.References) != 2 {
				t.Fatalf("%s: polyline %s", id, p["polyline"])
			}
			for _, r := range line.Positions.References {
				if !ids[strings.TrimSuffix(r, "#position")] {
					t.Errorf("%s refers to %s, which is no packet", id, r)
				}
			}
		case "path":
			k, _ := strconv.Atoi(rest)
			var line struct {
				Positions []struct {
					Interval   string
					References []string
				}
			}
			if raw, ok := p["polyline"]; ok {
				if err := json.Unmarshal(raw, &line); err != nil {
					t.Fatalf("%s: %v", id, err)
				}
			}
			// expand the intervals back to samples and compare with the engine
			got := make([]string, samples)
			for _, iv := range line.Positions {
				inWindow(iv.Interval)
				a, b, _ := strings.Cut(iv.Interval, "/")
				ta, _ := time.Parse(time.RFC3339Nano, a)
				tb, _ := time.Parse(time.RFC3339Nano, b)
				for i := range samples {
					ti := start.Add(time.Duration(i) * net.Cfg.Step)
					if !ti.Before(ta) && (ti.Before(tb) || (i == samples-1 && ti.Equal(tb))) {
						got[i] = strings.Join(iv.References, " ")
					}
				}
			}
			for i := range samples {
				want := ""
				if paths[i][k] != nil {
					refs := make([]string, len(paths[i][k]))
					for h, v := range sim.Path(paths[i][k]).All() {
						refs[h] = nodeRef(in, v)
					}
					want = strings.Join(refs, " ")
				}
				if got[i] != want {
					t.Errorf("%s sample %d: %q, engine %q", id, i, got[i], want)
				}
			}
		}
	}
	if checked == 0 {
		t.Error("no position checked")
	}
}

// kmlDoc is the part of a KML document the test reads.
type kmlDoc struct {
	XMLName  xml.Name `xml:"http://www.opengis.net/kml/2.2 kml"`
	Document struct {
		Name    string `xml:"name"`
		Folders []struct {
			Name       string `xml:"name"`
			Placemarks []struct {
				Name     string `xml:"name"`
				TimeSpan *struct {
					Begin string `xml:"begin"`
					End   string `xml:"end"`
				} `xml:"TimeSpan"`
				Track *struct {
					When  []string `xml:"when"`
					Coord []string `xml:"http://www.google.com/kml/ext/2.2 coord"`
				} `xml:"http://www.google.com/kml/ext/2.2 Track"`
				Point *struct {
					Coordinates string `xml:"coordinates"`
				} `xml:"Point"`
				Lines []struct {
					Coordinates string `xml:"coordinates"`
				} `xml:"MultiGeometry>LineString"`
				Line *struct {
					Coordinates string `xml:"coordinates"`
				} `xml:"LineString"`
			} `xml:"Placemark"`
		} `xml:"Folder"`
	} `xml:"Document"`
}

// TestKML parses the KML document with encoding/xml and checks its folders:
// a track per satellite whose coordinates match the propagator, a point
// per ground node, laser and ground links per sample, and one placemark per
// run of a listed pair's path, each path joining the pair's two ends.
func TestKML(t *testing.T) {
	in := shellInput(t)
	var buf bytes.Buffer
	if err := WriteKML(context.Background(), &buf, in); err != nil {
		t.Fatal(err)
	}
	var doc kmlDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not KML: %v", err)
	}
	net := in.Net
	samples := net.Cfg.Steps()
	folders := map[string]int{}
	for i, f := range doc.Document.Folders {
		folders[f.Name] = i
	}
	for _, name := range []string{"Satellites", "Ground nodes", "Laser links", "Ground links", "Paths"} {
		if _, ok := folders[name]; !ok {
			t.Fatalf("no folder %q (have %v)", name, folders)
		}
	}
	parse := func(c string, sep string) frame.Geodetic {
		f := strings.Split(strings.TrimSpace(c), sep)
		if len(f) != 3 {
			t.Fatalf("coordinate %q", c)
		}
		var v [3]float64
		for i := range v {
			var err error
			if v[i], err = strconv.ParseFloat(f[i], 64); err != nil {
				t.Fatalf("coordinate %q: %v", c, err)
			}
		}
		return frame.Geodetic{Lon: units.Deg(v[0]), Lat: units.Deg(v[1]), Alt: units.Km(v[2] / 1000)}
	}
	sats := doc.Document.Folders[folders["Satellites"]].Placemarks
	if len(sats) != net.NSat {
		t.Fatalf("%d satellite placemarks, want %d", len(sats), net.NSat)
	}
	for s, p := range sats {
		if p.Name != net.Cfg.Constellation.Sats[s].Name || p.Track == nil || len(p.Track.When) != samples || len(p.Track.Coord) != samples {
			t.Fatalf("satellite %d: %q with a track of %d times and %d coordinates, want %d", s, p.Name, len(p.Track.When), len(p.Track.Coord), samples)
		}
		if s%97 != 0 {
			continue
		}
		for i, w := range p.Track.When {
			ti, err := time.Parse(time.RFC3339Nano, w)
			if err != nil || !ti.Equal(net.Cfg.Start.Add(time.Duration(i)*net.Cfg.Step)) {
				t.Fatalf("satellite %d sample %d at %q", s, i, w)
			}
			want, _ := net.Prop.PositionAt(s, timescale.FromTime(ti))
			got := parse(p.Track.Coord[i], " ").ToECEF()
			if d := got.Vec().Sub(want.Vec()).Norm() * 1000; d > kmlTolM {
				t.Errorf("satellite %d sample %d: %.3f m from the propagator", s, i, d)
			}
		}
	}
	if n := len(doc.Document.Folders[folders["Ground nodes"]].Placemarks); n != len(net.Cfg.Ground) {
		t.Errorf("%d ground placemarks, want %d", n, len(net.Cfg.Ground))
	}
	for _, name := range []string{"Laser links", "Ground links"} {
		pms := doc.Document.Folders[folders[name]].Placemarks
		if len(pms) != samples {
			t.Errorf("%s: %d placemarks, want one per sample (%d)", name, len(pms), samples)
		}
		for _, p := range pms {
			if p.TimeSpan == nil || len(p.Lines) == 0 || p.TimeSpan.Begin > p.TimeSpan.End {
				t.Errorf("%s: placemark %q without a time span or lines", name, p.Name)
			}
		}
	}
	paths := doc.Document.Folders[folders["Paths"]].Placemarks
	if len(paths) < net.NumListed() {
		t.Errorf("%d path placemarks for %d pairs", len(paths), net.NumListed())
	}
	for _, p := range paths {
		if p.Line == nil || p.TimeSpan == nil {
			t.Fatalf("path %q has no line or time span", p.Name)
		}
		pts := strings.Fields(p.Line.Coordinates)
		var k int
		for k = range in.PairNames {
			if p.Name == in.PairNames[k][0]+" – "+in.PairNames[k][1] {
				break
			}
		}
		ends := [2]frame.Geodetic{parse(pts[0], ","), parse(pts[len(pts)-1], ",")}
		for e, g := range net.Cfg.Pairs[k] {
			want := net.Cfg.Ground[g].Pos
			if math.Abs((ends[e].Lat-want.Lat).Deg()) > printedDeg || math.Abs((ends[e].Lon-want.Lon).Deg()) > printedDeg {
				t.Errorf("path %q end %d at %+v, want %+v", p.Name, e, ends[e], want)
			}
		}
	}
}

// TestSizeCap: beyond their caps both writers refuse with an InputError
// before computing anything.
func TestSizeCap(t *testing.T) {
	in := loadInput(t, "starlink-shell1", 0, 200*time.Second, 100*time.Millisecond, false) // 1,584 × 2,001
	for _, tc := range []struct {
		name  string
		write func(context.Context, io.Writer, *Input) error
		limit int
	}{{"czml", WriteCZML, MaxCZMLSatSamples}, {"kml", WriteKML, MaxKMLSatSamples}} {
		name := tc.name
		var buf bytes.Buffer
		err := tc.write(context.Background(), &buf, in)
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), fmt.Sprint(tc.limit)) || buf.Len() != 0 {
			t.Errorf("%s: %v (%d bytes written), want the cap", name, err, buf.Len())
		}
	}
}

// TestDeterministic: the same network gives the same bytes, whatever the
// number of workers.
func TestDeterministic(t *testing.T) {
	var out [2][3]bytes.Buffer
	for run, workers := range []int{1, 2} {
		in := shellInput(t)
		in.Workers = workers
		if err := WriteCZML(context.Background(), &out[run][0], in); err != nil {
			t.Fatal(err)
		}
		if err := WriteKML(context.Background(), &out[run][1], in); err != nil {
			t.Fatal(err)
		}
		if err := WriteTrace(context.Background(), &out[run][2], in); err != nil {
			t.Fatal(err)
		}
	}
	for i, name := range []string{"czml", "kml", "trace"} {
		if !bytes.Equal(out[0][i].Bytes(), out[1][i].Bytes()) {
			t.Errorf("%s differs between runs", name)
		}
	}
}
