package ground

import (
	"math"
	"math/rand/v2"
	"testing"

	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
	"orbitnet/orbit/vec"
)

// Tolerances, in metres, for distances checked against published values.
const (
	// quadTol is for the bisection/quadrature solver against
	// GeographicLib's full-precision values (it reaches about 1e-8 m).
	quadTol = 1e-6
	// vincentyTol is for Vincenty's truncated series (Vincenty states
	// 0.5 mm; on these lines it stays below 0.1 mm).
	vincentyTol = 0.2e-3
	// paperTol is 1 mm, the precision of the distances printed in
	// Vincenty's 1975 paper and GeographicLib's pole-to-pole value.
	paperTol = 1e-3
	// symmetryTol is 1 µm: the same line measured both ways.
	symmetryTol = 1e-6
)

// Dimensionless and angular tolerances.
const (
	// nanoDeg is 1e-9° of azimuth, 0.1 mm at 6,000 km.
	nanoDeg = 1e-9
	// relRoundoff is the relative rounding of a few operations, for
	// bounds that hold exactly in theory (chord ≤ geodesic ≤ half equator).
	relRoundoff = 1e-12
	// quadratureExact: a Gauss–Legendre rule on a polynomial it integrates
	// exactly, up to the rounding of 16 products of order 1.
	quadratureExact = 1e-14
)

var (
	wgs84 = ellipsoid{6378137, 1 / 298.257223563}
	// grs80 is the ellipsoid of GDA94, used by the Flinders Peak example.
	grs80 = ellipsoid{6378137, 1 / 298.257222101}
	// international is Hayford's 1924 ellipsoid, used by Vincenty (1975).
	international = ellipsoid{6378388, 1 / 297.0}
	// bessel is Bessel's 1841 ellipsoid, used by Vincenty (1975) line (a).
	bessel = ellipsoid{6377397.155, 1 / 299.1528128}
)

// dms converts degrees, minutes and seconds; the sign of the first non-zero
// part applies to the whole angle.
func dms(d, m, s float64) float64 {
	v := math.Abs(d) + math.Abs(m)/60 + math.Abs(s)/3600
	if d < 0 || (d == 0 && (m < 0 || (m == 0 && s < 0))) {
		return -v
	}
	return v
}

// karneyCases are the 20 inverse-problem test geodesics on WGS-84 from
// GeographicLib's test suite (geodtest.c, "testcases", by C. F. F. Karney,
// MIT licence): lat1, lon1, azi1, lat2, lon2, azi2 in degrees, s12 in m.
var karneyCases = [][7]float64{
	{35.60777, -139.44815, 111.098748429560326, -11.17491, -69.95921, 129.289270889708762, 8935244.5604818305},
	{55.52454, 106.05087, 22.020059880982801, 77.03196, 197.18234, 109.112041110671519, 4105086.1713924406},
	{-21.97856, 142.59065, -32.44456876433189, 41.84138, 98.56635, -41.84359951440466, 8394328.894657671},
	{-66.99028, 112.2363, 173.73491240878403, -12.70631, 285.90344, 2.512956620913668, 11150344.2312080241},
	{-17.42761, 173.34268, -159.033557661192928, -15.84784, 5.93557, -20.787484651536988, 16076603.1631180673},
	{32.84994, 48.28919, 150.492927788121982, -56.28556, 202.29132, 48.113449399816759, 16727068.9438164461},
	{6.96833, 52.74123, 92.581585386317712, -7.39675, 206.17291, 90.721692165923907, 17102477.2496958388},
	{-50.56724, -16.30485, -105.439679907590164, -33.56571, -94.97412, -47.348547835650331, 6455670.5118668696},
	{-58.93002, -8.90775, 140.965397902500679, -8.91104, 133.13503, 19.255429433416599, 11756066.0219864627},
	{-68.82867, -74.28391, 93.774347763114881, -50.63005, -8.36685, 34.65564085411343, 3956936.926063544},
	{-10.62672, -32.0898, -86.426713286747751, 5.883, -134.31681, -80.473780971034875, 11470869.3864563009},
	{-21.76221, 166.90563, 29.319421206936428, 48.72884, 213.97627, 43.508671946410168, 9098627.3986554915},
	{-19.79938, -174.47484, 71.167275780171533, -11.99349, -154.35109, 65.589099775199228, 2319004.8601169389},
	{-11.95887, -116.94513, 92.712619830452549, 4.57352, 7.16501, 78.64960934409585, 13834722.5801401374},
	{-87.85331, 85.66836, -65.120313040242748, 66.48646, 16.09921, -4.888658719272296, 17286615.3147144645},
	{1.74708, 128.32011, -101.584843631173858, -11.16617, 11.87109, -86.325793296437476, 12942901.1241347408},
	{-25.72959, -144.90758, -153.647468693117198, -57.70581, -269.17879, -48.343983158876487, 9413446.7452453107},
	{-41.22777, 122.32875, 14.285113402275739, -7.57291, 130.37946, 10.805303085187369, 3812686.035106021},
	{11.01307, 138.25278, 79.43682622782374, 6.62726, 247.05981, 103.708090215522657, 11911190.819018408},
	{-29.47124, 95.14681, -163.779130441688382, -27.46601, -69.15955, -15.909335945554969, 13487015.8381145492},
}

func TestGeodesicKarneyCases(t *testing.T) {
	for i, c := range karneyCases {
		lat1, lon1, azi1, lat2, lon2, azi2, want := c[0], c[1], c[2], c[3], c[4], c[5], c[6]
		phi1, phi2 := lat1*degree, lat2*degree
		lam := math.Remainder(lon2-lon1, 360) * degree
		s, a1, a2, ok := wgs84.vincenty(phi1, phi2, lam)
		if !ok {
			t.Errorf("case %d: Vincenty did not converge", i)
			continue
		}
		if math.Abs(s-want) > vincentyTol {
			t.Errorf("case %d: Vincenty s12 = %.6f m, want %.6f", i, s, want)
		}
		if d := math.Remainder(a1/degree-azi1, 360); math.Abs(d) > nanoDeg {
			t.Errorf("case %d: Vincenty azi1 = %.12f°, want %.12f°", i, a1/degree, azi1)
		}
		if d := math.Remainder(a2/degree-azi2, 360); math.Abs(d) > nanoDeg {
			t.Errorf("case %d: Vincenty azi2 = %.12f°, want %.12f°", i, a2/degree, azi2)
		}
		if got := wgs84.bisect(phi1, phi2, lam); math.Abs(got-want) > quadTol {
			t.Errorf("case %d: bisect s12 = %.9f m, want %.9f", i, got, want)
		}
		g1 := frame.Geodetic{Lat: units.Deg(lat1), Lon: units.Deg(lon1)}
		g2 := frame.Geodetic{Lat: units.Deg(lat2), Lon: units.Deg(lon2)}
		if got := Geodesic(g1, g2) * 1000; math.Abs(got.Km()-want) > vincentyTol {
			t.Errorf("case %d: GeodesicKm = %.6f m, want %.6f", i, got, want)
		}
	}
}

// TestGeodesicNearlyAntipodal checks the cases Vincenty's iteration finds
// hard against GeographicLib's regression tests (geodtest.c, GeodSolve*;
// the reference values there are rounded, hence the tolerances).
func TestGeodesicNearlyAntipodal(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tol              float64 // m
	}{
		{"GeodSolve6a", 88.202499451857, 0, -88.202499451857, 179.981022032992859592, 20003898.214, 0.5e-3},
		{"GeodSolve6b", 89.262080389218, 0, -89.262080389218, 179.992207982775375662, 20003925.854, 0.5e-3},
		{"GeodSolve6c", 89.333123580033, 0, -89.333123580032997687, 179.99295812360148422, 20003926.881, 0.5e-3},
		{"GeodSolve9", 56.320923501171, 0, -56.320923501171, 179.664747671772880215, 19993558.287, 0.5e-3},
		{"GeodSolve10", 52.784459512564, 0, -52.784459512563990912, 179.634407464943777557, 19991596.095, 0.5e-3},
		{"GeodSolve11", 48.522876735459, 0, -48.52287673545898293, 179.599720456223079643, 19989144.774, 0.5e-3},
		{"GeodSolve33 equator 179°", 0, 0, 0, 179, 19926189, 0.5},
		{"GeodSolve33 equator 179.5°", 0, 0, 0, 179.5, 19980862, 0.5},
		{"GeodSolve33 equator 180°", 0, 0, 0, 180, 20003931, 0.5},
		{"GeodSolve33 1°N 180°", 0, 0, 1, 180, 19893357, 0.5},
		{"GeodSolve59", 5, 0.00000000000001, 10, 180, 18345191.174332713, vincentyTol},
		{"GeodSolve0 JFK-CDG", 40.6, -73.8, 49.01666667, 2.55, 5853226, 0.5},
		{"GeodSolve4 short line", 36.493349428792, 0, 36.49334942879201, .0000008, 0.072, 0.5e-3},
		{"pole to pole", 90, 0, -90, 0, 20003931.4586, paperTol},
		{"same point", 12, 34, 12, 34, 0, 0},
	}
	for _, tc := range tests {
		got := wgs84.inverse(tc.lat1, tc.lon1, tc.lat2, tc.lon2)
		if math.Abs(got-tc.want) > tc.tol {
			t.Errorf("%s: inverse = %.4f m, want %.4f ± %g", tc.name, got, tc.want, tc.tol)
		}
		// The distance is symmetric.
		if back := wgs84.inverse(tc.lat2, tc.lon2, tc.lat1, tc.lon1); math.Abs(back-got) > symmetryTol {
			t.Errorf("%s: reverse = %.6f m, forward %.6f m", tc.name, back, got)
		}
	}
}

// TestGeodesicVincenty1975 reproduces the five test lines of Vincenty's
// paper (Survey Review 23(176), 1975, p. 92). The paper gives distances to
// the millimetre from inputs rounded to 0.00001″ (0.3 mm), so agreement to
// 1 mm is all that can be asked.
func TestGeodesicVincenty1975(t *testing.T) {
	tests := []struct {
		line       string
		e          ellipsoid
		lat1, lat2 float64 // degrees
		lon12      float64 // degrees
		want       float64 // m
	}{
		{"a", bessel, dms(55, 45, 0), dms(-33, 26, 0), dms(108, 13, 0), 14110526.170},
		{"b", international, dms(37, 19, 54.95367), dms(26, 7, 42.83946), dms(41, 28, 35.50729), 4085966.703},
		{"c", international, dms(35, 16, 11.24862), dms(67, 22, 14.77638), dms(137, 47, 28.31435), 8084823.839},
		{"d", international, dms(1, 0, 0), dms(0, -59, 53.83076), dms(179, 17, 48.02997), 19960000.000},
		{"e", international, dms(1, 0, 0), dms(1, 1, 15.18952), dms(179, 46, 17.84244), 19780006.558},
	}
	for _, tc := range tests {
		if got := tc.e.inverse(tc.lat1, 0, tc.lat2, tc.lon12); math.Abs(got-tc.want) > paperTol {
			t.Errorf("line (%s): %.4f m, want %.3f", tc.line, got, tc.want)
		}
		if got := tc.e.bisect(tc.lat1*degree, tc.lat2*degree, tc.lon12*degree); math.Abs(got-tc.want) > paperTol {
			t.Errorf("line (%s): bisect %.4f m, want %.3f", tc.line, got, tc.want)
		}
	}
}

// TestGeodesicFlindersPeak is Geoscience Australia's worked example of
// Vincenty's formulae on GRS80: Flinders Peak to Buninyong, 54,972.271 m.
// WGS-84 differs from GRS80 by 0.1 mm in the semi-minor axis, far below a
// millimetre over this line, so GeodesicKm must give the same.
func TestGeodesicFlindersPeak(t *testing.T) {
	lat1, lon1 := dms(-37, 57, 3.72030), dms(144, 25, 29.52440)
	lat2, lon2 := dms(-37, 39, 10.15610), dms(143, 55, 35.38390)
	const want = 54972.271 // m
	if got := grs80.inverse(lat1, lon1, lat2, lon2); math.Abs(got-want) > 0.5e-3 {
		t.Errorf("GRS80: %.4f m, want %.3f", got, want)
	}
	a := frame.Geodetic{Lat: units.Deg(lat1), Lon: units.Deg(lon1)}
	b := frame.Geodetic{Lat: units.Deg(lat2), Lon: units.Deg(lon2)}
	if got := Geodesic(a, b); math.Abs((got - want/1000).Km()) > 0.5e-6 {
		t.Errorf("GeodesicKm = %.7f km, want %.6f", got, want/1000)
	}
}

// TestGeodesicCrossCheck compares Vincenty's method with the bisection
// solver on random point pairs, half of them nearly antipodal, and checks
// physical bounds: no surface path is shorter than the straight chord, and
// none is longer than half the equator (the longest shortest path on an
// oblate ellipsoid).
func TestGeodesicCrossCheck(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 1))
	halfEquator := math.Pi * frame.WGS84A
	n := 4000
	if testing.Short() {
		n = 400
	}
	fallbacks := 0
	for i := range n {
		lat1 := math.Asin(2*r.Float64()-1) / degree
		lat2 := math.Asin(2*r.Float64()-1) / degree
		lon := 360*r.Float64() - 180
		if i%2 == 0 {
			lat2 = math.Max(-90, math.Min(90, -lat1+4*(r.Float64()-0.5)))
			lon = 180 - 4*r.Float64()
		}
		phi1, phi2, lam := lat1*degree, lat2*degree, lon*degree
		exact := wgs84.bisect(phi1, phi2, lam)
		if s, _, _, ok := wgs84.vincenty(phi1, phi2, lam); ok {
			if math.Abs(s-exact) > vincentyTol {
				t.Errorf("(%v, 0) to (%v, %v): Vincenty %.6f m, bisect %.6f m", lat1, lat2, lon, s, exact)
			}
		} else {
			fallbacks++
		}
		a := frame.Geodetic{Lat: units.Deg(lat1)}
		b := frame.Geodetic{Lat: units.Deg(lat2), Lon: units.Deg(lon)}
		km := Geodesic(a, b).Km()
		chord := vec.Vec3(b.ToECEF()).Sub(vec.Vec3(a.ToECEF())).Norm()
		if km < chord*(1-relRoundoff) || km > halfEquator*(1+relRoundoff) {
			t.Errorf("(%v, 0) to (%v, %v): %.6f km outside [chord %.6f, half equator %.6f]", lat1, lat2, lon, km, chord, halfEquator)
		}
	}
	if fallbacks == 0 {
		t.Errorf("no pair needed the fallback; the test no longer covers it")
	}
	t.Logf("%d of %d pairs needed the fallback", fallbacks, n)
}

func TestGeodesicNaN(t *testing.T) {
	if got := Geodesic(frame.Geodetic{Lat: units.Deg(math.NaN())}, frame.Geodetic{}); !math.IsNaN(got.Km()) {
		t.Errorf("GeodesicKm(NaN, 0) = %v, want NaN", got)
	}
}

func TestGaussLegendre(t *testing.T) {
	// A 16-point rule integrates polynomials up to degree 31 exactly.
	for deg := 0; deg <= 31; deg++ {
		sum := 0.0
		for i, x := range glNodes {
			sum += glWeights[i] * math.Pow(x, float64(deg))
		}
		want := 0.0
		if deg%2 == 0 {
			want = 2 / float64(deg+1)
		}
		if math.Abs(sum-want) > quadratureExact {
			t.Errorf("∫x^%d = %.17g, want %.17g", deg, sum, want)
		}
	}
}

func BenchmarkGeodesicKm(b *testing.B) {
	kyiv := frame.Geodetic{Lat: 50.45, Lon: 30.52}
	warsaw := frame.Geodetic{Lat: 52.23, Lon: 21.01}
	for b.Loop() {
		Geodesic(kyiv, warsaw)
	}
}

func BenchmarkGeodesicKmAntipodal(b *testing.B) {
	p := frame.Geodetic{Lat: 0}
	q := frame.Geodetic{Lat: 0.5, Lon: 179.7}
	for b.Loop() {
		Geodesic(p, q)
	}
}
