package server

import (
	"net/url"
	"testing"
)

// TestRoutePlacesByCoordinates: from and to given as lat,lon are places,
// never names matched against each other (issue 16: 90,0 and -90,0 were
// "the same place", -10,20 was taken for 10,20).
func TestRoutePlacesByCoordinates(t *testing.T) {
	s := newTestServer(t, Options{})
	h := s.Handler()
	for _, tc := range []struct {
		from, to         string
		wantFrom, wantTo string
		fromLat, toLat   float64
	}{
		{"90,0", "-90,0", "90,0", "-90,0", 90, -90},
		{"10,20", "-10,20", "10,20", "-10,20", 10, -10},
		{"-10,20", "10,20", "-10,20", "10,20", -10, 10},
	} {
		var r routeJSON
		getJSON(t, h, "/api/route?"+url.Values{"from": {tc.from}, "to": {tc.to}, "t": {"10"}}.Encode(), &r)
		if r.From.Name != tc.wantFrom || r.To.Name != tc.wantTo || r.From.LatDeg != tc.fromLat || r.To.LatDeg != tc.toLat {
			t.Errorf("%s → %s: from %s (%v), to %s (%v)", tc.from, tc.to, r.From.Name, r.From.LatDeg, r.To.Name, r.To.LatDeg)
		}
		if r.GeodesicKm < 2000 {
			t.Errorf("%s → %s: geodesic %.1f km", tc.from, tc.to, r.GeodesicKm)
		}
	}
	if code, body := get(t, h, "/api/route?from=95,0&to=London&t=10"); code != 400 {
		t.Errorf("from=95,0: %d %s, want 400", code, body)
	}
}
