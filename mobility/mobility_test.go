package mobility

import (
	"math"
	"strings"
	"testing"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/frame"
)

var start = time.Date(2026, 2, 23, 8, 0, 0, 0, time.UTC)

func TestAirports(t *testing.T) {
	for _, c := range []struct {
		code     string
		lat, lon float64
		elevM    float64
	}{
		{"FRA", 50.036521, 8.561268, 364 * 0.3048},
		{"jfk", 40.639447, -73.779317, 13 * 0.3048},
		{"ODS", 46.4268, 30.6765, 172 * 0.3048},
	} {
		a, ok := LookupAirport(c.code)
		if !ok {
			t.Fatalf("%s not found", c.code)
		}
		if a.Pos.Lat.Deg() != c.lat || a.Pos.Lon.Deg() != c.lon || math.Abs(a.Pos.Alt.Km()*1000-c.elevM) > 1e-9 {
			t.Errorf("%s = %+v", c.code, a.Pos)
		}
	}
	if _, ok := LookupAirport("ZZZ"); ok {
		t.Error("ZZZ found")
	}
	if n := AirportCount(); n < 3000 {
		t.Errorf("%d airports", n)
	}
}

func TestParsePlace(t *testing.T) {
	for _, c := range []struct{ in, name, err string }{
		{"FRA", "FRA", ""},
		{"Kyiv", "Kyiv", ""},
		{"46.5,30.7", "", ""},
		{"QQQ", "", "unknown place"},
		{"Atlantis City Nowhere", "", "unknown place"},
		{"91,0", "", "90"},
	} {
		name, _, err := ParsePlace(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
		} else if c.name != "" && name != c.name {
			t.Errorf("%q: name %q", c.in, name)
		}
	}
}

// The flight follows the great circle at its cruise speed: the distance
// flown between any two sample instants, summed, matches the WGS-84
// geodesic between the airports (ground.GeodesicKm) within the sphere's
// departure from the ellipsoid, and each leg's speed is the cruise speed.
func TestFlightGreatCircle(t *testing.T) {
	fra, _ := LookupAirport("FRA")
	jfk, _ := LookupAirport("JFK")
	p := FlightPlan{From: fra.Pos, To: jfk.Pos, Depart: 5 * time.Minute, CruiseKmh: 900, CruiseAlt: 11, ClimbMps: 10, DescentMps: 8}
	tr, err := Flight(p)
	if err != nil {
		t.Fatal(err)
	}
	geo := ground.Geodesic(fra.Pos, jfk.Pos)
	if math.Abs((geo - 6200).Km()) > 100 {
		t.Fatalf("FRA–JFK geodesic %.1f km", geo)
	}
	if d := tr.End() - tr.Start(); math.Abs(d.Hours()-geo.Km()/900) > 1e-6 {
		t.Errorf("flight lasts %v, want %.4f h", d, geo.Km()/900)
	}
	const dt = 5 * time.Minute
	sum := 0.0
	for off := tr.Start(); off < tr.End(); off += dt {
		next := min(off+dt, tr.End())
		a, b := tr.At(off), tr.At(next)
		a.Alt, b.Alt = 0, 0
		km := ground.Geodesic(a, b).Km()
		sum += km
		if v := km / (next - off).Hours(); next-off == dt && math.Abs(v-900)/900 > 0.005 {
			t.Errorf("speed %.1f km/h at %v", v, off)
		}
	}
	if rel := math.Abs(sum-geo.Km()) / geo.Km(); rel > 0.005 {
		t.Errorf("distance flown %.1f km, geodesic %.1f km (%.3f%%)", sum, geo, 100*rel)
	}
	// profile: on the ground before departure, cruise in the middle, landed at the end
	if g := tr.At(0); g != fra.Pos {
		t.Errorf("before departure at %+v", g)
	}
	if h := tr.At(3 * time.Hour).Alt; math.Abs((h - 11).Km()) > 1e-9 {
		t.Errorf("cruise height %v km", h)
	}
	if h := tr.At(5*time.Minute + 10*time.Minute).Alt; math.Abs((h - (fra.Pos.Alt + 6)).Km()) > 1e-6 {
		t.Errorf("10 min after take-off at %v km, want %v", h, fra.Pos.Alt+6)
	}
	if g := tr.At(24 * time.Hour); math.Abs((g.Lat-jfk.Pos.Lat).Deg()) > 1e-9 || math.Abs((g.Alt-jfk.Pos.Alt).Km()) > 1e-9 {
		t.Errorf("after landing at %+v", g)
	}
}

// Between two points far apart the great-circle midpoint is equidistant
// from both ends (by the WGS-84 geodesic, within the sphere's error).
func TestIntermediate(t *testing.T) {
	a := frame.Geodetic{Lat: 46.49, Lon: 30.76}
	b := frame.Geodetic{Lat: 41.65, Lon: 41.64}
	m := Intermediate(a, b, 0.5)
	da, db := ground.Geodesic(a, m), ground.Geodesic(m, b)
	if math.Abs((da-db).Km())/da.Km() > 0.005 {
		t.Errorf("midpoint %.3f / %.3f km from the ends", da, db)
	}
	if g := Intermediate(a, b, 0); math.Abs((g.Lat-a.Lat).Deg()) > 1e-9 || math.Abs((g.Lon-a.Lon).Deg()) > 1e-9 {
		t.Errorf("f=0: %+v", g)
	}
	// across the antimeridian the short way round
	c, d := frame.Geodetic{Lat: 0, Lon: 179}, frame.Geodetic{Lat: 0, Lon: -179}
	if g := Intermediate(c, d, 0.5); math.Abs(math.Abs(g.Lon.Deg())-180) > 1e-9 {
		t.Errorf("antimeridian midpoint %+v", g)
	}
}

func TestWaypoints(t *testing.T) {
	ods := frame.Geodetic{Lat: 46.49, Lon: 30.76}
	bus := frame.Geodetic{Lat: 41.65, Lon: 41.64}
	tr, err := Waypoints(Ship, []Waypoint{{Pos: ods, HasAt: true}, {Pos: bus, SpeedKmh: 35}})
	if err != nil {
		t.Fatal(err)
	}
	km := ground.Geodesic(ods, bus).Km()
	if h := tr.End().Hours(); math.Abs(h-km/35) > 1e-6 {
		t.Errorf("arrives after %.4f h, want %.4f", h, km/35)
	}
	for _, c := range []struct {
		name string
		wps  []Waypoint
		want string
	}{
		{"one", []Waypoint{{Pos: ods}}, "at least 2"},
		{"too fast", []Waypoint{{Pos: ods, HasAt: true}, {Pos: bus, At: time.Hour, HasAt: true}}, "above the ship limit"},
		{"backwards", []Waypoint{{Pos: ods, At: time.Hour, HasAt: true}, {Pos: bus, At: time.Minute, HasAt: true}}, "times must increase"},
		{"neither", []Waypoint{{Pos: ods, HasAt: true}, {Pos: bus}}, "give at"},
	} {
		_, err := Waypoints(Ship, c.wps)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

func TestReadTrackFiles(t *testing.T) {
	const gpx = `<?xml version="1.0"?>
<gpx version="1.1" creator="test">
 <trk><trkseg>
  <trkpt lat="46.49" lon="30.76"><ele>0</ele><time>2026-02-23T08:00:00Z</time></trkpt>
  <trkpt lat="46.40" lon="30.90"><ele>2</ele><time>2026-02-23T08:20:00Z</time></trkpt>
 </trkseg></trk>
</gpx>`
	tr, err := ReadGPX([]byte(gpx), "a.gpx", Ship, start)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Points()) != 2 || tr.End() != 20*time.Minute || tr.Points()[1].Pos.Alt != 0.002 {
		t.Errorf("points %+v", tr.Points())
	}
	const csvText = "# a bus\ntime,lat,lon,alt_m\n0,50.1,8.6,100\n600s,50.2,8.7,\n2026-02-23T08:20:00Z,50.3,8.8,120\n"
	tr, err = ReadCSV([]byte(csvText), "b.csv", Vehicle, start)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Points()) != 3 || tr.Points()[1].Offset != 10*time.Minute || tr.End() != 20*time.Minute {
		t.Errorf("points %+v", tr.Points())
	}
	for _, c := range []struct {
		name, text, want string
		gpx              bool
	}{
		{"gpx malformed", "<gpx><trk><trkpt lat=\"1\" lon=\"2\">\n<time>x", "a.gpx:2: xml:", true},
		{"gpx not gpx", "<kml></kml>", "a.gpx:1: gpx: not a GPX file", true},
		{"gpx bad lat", "<gpx>\n<trkpt lat=\"95\" lon=\"2\"><time>2026-02-23T08:00:00Z</time></trkpt></gpx>", "a.gpx:2: lat:", true},
		{"gpx no time", "<gpx>\n\n<trkpt lat=\"5\" lon=\"2\"></trkpt></gpx>", "a.gpx:3: time: the trkpt has no <time>", true},
		{"gpx bad time", "<gpx><trkpt lat=\"5\" lon=\"2\"><time>noon</time></trkpt></gpx>", "a.gpx:1: time:", true},
		{"gpx empty", "<gpx></gpx>", "no track points", true},
		{"gpx backwards", "<gpx>\n<trkpt lat=\"5\" lon=\"2\"><time>2026-02-23T08:10:00Z</time></trkpt>\n<trkpt lat=\"5\" lon=\"2\"><time>2026-02-23T08:00:00Z</time></trkpt></gpx>", "a.gpx:3: time: ", true},
		{"csv no header col", "t,lat,lon\n0,1,2\n", "b.csv:1: time: missing column", false},
		{"csv bad lon", "time,lat,lon\n0,1,2\n60,1,200\n", "b.csv:3: lon:", false},
		{"csv bad time", "time,lat,lon\nsoon,1,2\n", "b.csv:2: time:", false},
		{"csv short row", "time,lat,lon\n0,1\n", "b.csv:2: lon: missing", false},
		{"csv too fast", "time,lat,lon\n0,50,8\n60,51,8\n", "b.csv:3: time: ", false},
		{"csv same time", "time,lat,lon\n0,50,8\n0,50,8\n", "times must increase", false},
		{"csv empty", "", "empty file", false},
		{"csv quote", "time,lat,lon\n0,\"1,2\n", "b.csv:2: column", false},
	} {
		var err error
		if c.gpx {
			_, err = ReadGPX([]byte(c.text), "a.gpx", Vehicle, start)
		} else {
			_, err = ReadCSV([]byte(c.text), "b.csv", Vehicle, start)
		}
		if err == nil || !strings.HasPrefix(err.Error(), c.want) && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error spans lines: %q", c.name, err)
		}
	}
}

func FuzzReadGPX(f *testing.F) {
	f.Add([]byte(`<gpx><trk><trkseg><trkpt lat="46.49" lon="30.76"><ele>0</ele><time>2026-02-23T08:00:00Z</time></trkpt></trkseg></trk></gpx>`))
	f.Add([]byte(`<gpx><trkpt lat="1" lon="2"><time>x</time></trkpt>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := ReadGPX(data, "f.gpx", Aircraft, start)
		if err == nil {
			checkTrack(t, tr)
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("time,lat,lon,alt_m\n0,50.1,8.6,100\n600s,50.2,8.7,\n"))
	f.Add([]byte("lat,lon,time\n1,2,2026-02-23T08:00:00Z\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := ReadCSV(data, "f.csv", Vehicle, start)
		if err == nil {
			checkTrack(t, tr)
		}
	})
}

// checkTrack checks a parsed track's invariants.
func checkTrack(t *testing.T, tr *Track) {
	p := tr.Points()
	if len(p) == 0 || len(p) > MaxPoints {
		t.Fatalf("%d points", len(p))
	}
	for i := 1; i < len(p); i++ {
		if p[i].Offset <= p[i-1].Offset {
			t.Fatalf("times not increasing at %d", i)
		}
	}
	mid := p[0].Offset + (p[len(p)-1].Offset-p[0].Offset)/2
	if g := tr.At(mid); !(g.Lat >= -90 && g.Lat <= 90 && g.Lon >= -180 && g.Lon <= 180) {
		t.Fatalf("At(mid) = %+v", g)
	}
}
