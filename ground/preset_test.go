package ground

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"

	"orbitnet/orbit/frame"
)

func TestPresetCounts(t *testing.T) {
	tests := []struct {
		name  string
		count int
		kind  Kind
	}{
		{"cities-top100", 100, Station},
		{"cities-top1000", 1000, Station},
		{"paris-moscow-grid", 77, Station},
		{"starlink-gateways", 261, Gateway},
		{"starlink-pops", 65, PoP},
		{"starlink-pops-starperf", 23, PoP},
	}
	if got := len(PresetNames()); got != len(tests) {
		t.Errorf("%d presets %v, test covers %d", got, PresetNames(), len(tests))
	}
	for _, tc := range tests {
		nodes, err := Preset(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		if len(nodes) != tc.count {
			t.Errorf("%s: %d nodes, want %d", tc.name, len(nodes), tc.count)
		}
		if PresetDoc(tc.name) == "" {
			t.Errorf("%s: no description", tc.name)
		}
		seen := map[string]bool{}
		for _, n := range nodes {
			if n.Kind != tc.kind {
				t.Errorf("%s: %q has kind %v, want %v", tc.name, n.Name, n.Kind, tc.kind)
			}
			if err := checkNode(n); err != nil {
				t.Errorf("%s: %q: %v", tc.name, n.Name, err)
			}
			if n.Pos.Lat == 0 && n.Pos.Lon == 0 {
				t.Errorf("%s: %q at 0,0", tc.name, n.Name)
			}
			if seen[n.Name] {
				t.Errorf("%s: duplicate name %q", tc.name, n.Name)
			}
			seen[n.Name] = true
		}
	}
}

func TestPresetTop100IsTop1000Head(t *testing.T) {
	top100, _ := Preset("cities-top100")
	top1000, _ := Preset("cities-top1000")
	for i := range top100 {
		if top100[i] != top1000[i] {
			t.Errorf("city %d: top-100 %+v, top-1000 %+v", i, top100[i], top1000[i])
		}
	}
}

// TestPresetNodes spot-checks nodes against their source files.
func TestPresetNodes(t *testing.T) {
	tests := []struct {
		preset, name string
		want         Node
	}{
		{"cities-top1000", "Kyiv", Node{Name: "Kyiv", Kind: Station,
			Pos: frame.Geodetic{Lat: 50.445368, Lon: 30.518634}, ID: "147", Population: 2797553}},
		{"cities-top1000", "Hyderabad, Pakistan", Node{Name: "Hyderabad, Pakistan", Kind: Station,
			Pos: frame.Geodetic{Lat: 25.3666667, Lon: 68.3666667}, ID: "264", Population: 1386330}},
		{"cities-top100", "Tokyo", Node{Name: "Tokyo", Kind: Station,
			Pos: frame.Geodetic{Lat: 35.6895, Lon: 139.69171}, ID: "0", Population: 8336599}},
		// The grid's ids are its own: no city rename may land on a waypoint.
		{"paris-moscow-grid", "Waypoint 36", Node{Name: "Waypoint 36", Kind: Station,
			Pos: frame.Geodetic{Lat: 52.304203, Lon: 11.16706225}, ID: "36"}},
		{"paris-moscow-grid", "Waypoint 50", Node{Name: "Waypoint 50", Kind: Station,
			Pos: frame.Geodetic{Lat: 54.0295995, Lon: 24.394455625}, ID: "50"}},
		{"paris-moscow-grid", "Moscow", Node{Name: "Moscow", Kind: Station,
			Pos: frame.Geodetic{Lat: 55.754996, Lon: 37.621849}, ID: "76"}},
		{"cities-top1000", "Kyiv (Kiev)", Node{Name: "Kyiv", Kind: Station, // Hypatia's name still finds it
			Pos: frame.Geodetic{Lat: 50.445368, Lon: 30.518634}, ID: "147", Population: 2797553}},
		{"cities-top1000", "Lvov", Node{Name: "Lviv", Kind: Station,
			Pos: frame.Geodetic{Lat: 49.837969, Lon: 24.032508}, ID: "680", Population: 717803}},
		{"paris-moscow-grid", "Moskva (Moscow)", Node{Name: "Moscow", Kind: Station,
			Pos: frame.Geodetic{Lat: 55.754996, Lon: 37.621849}, ID: "76"}},
		{"cities-top1000", "Lviv", Node{Name: "Lviv", Kind: Station,
			Pos: frame.Geodetic{Lat: 49.837969, Lon: 24.032508}, ID: "680", Population: 717803}},
		{"cities-top100", "New York", Node{Name: "New York", Kind: Station,
			Pos: frame.Geodetic{Lat: 40.717042, Lon: -74.003663}, ID: "9", Population: 8175133}},
		{"paris-moscow-grid", "Waypoint 74", Node{Name: "Waypoint 74", Kind: Station,
			Pos: frame.Geodetic{Lat: 57.4803925, Lon: 37.621849}, ID: "74"}},
		{"starlink-gateways", "Frankfurt, DE", Node{Name: "Frankfurt, DE", Kind: Gateway,
			Pos: frame.Geodetic{Lat: 50.3298, Lon: 8.47082}, ID: "GS218", Antennas: 8, Band: "Ka"}},
		{"starlink-gateways", "Savanna, OK | Mega (E)", Node{Name: "Savanna, OK | Mega (E)", Kind: Gateway,
			Pos: frame.Geodetic{Lat: 34.7893055555555, Lon: -95.8765}, ID: "GS30", Antennas: 32, Band: "E"}},
		{"starlink-gateways", "Suva, FJ", Node{Name: "Suva, FJ", Kind: Gateway,
			Pos: frame.Geodetic{Lat: -18.12915, Lon: 178.46767}, ID: "GS229", Antennas: 5, Band: "Ka"}},
		{"starlink-pops", "Warsaw", Node{Name: "Warsaw", Kind: PoP,
			Pos: frame.Geodetic{Lat: 52.227354, Lon: 21.003357}, ID: "wrswpol1", Country: "Poland"}},
		{"starlink-pops", "Salt Lake City (no code)", Node{Name: "Salt Lake City (no code)", Kind: PoP,
			Pos: frame.Geodetic{Lat: 40.480032, Lon: -111.904533}, Country: "USA"}},
		{"starlink-pops", "Seattle (sttlwax9)", Node{Name: "Seattle (sttlwax9)", Kind: PoP,
			Pos: frame.Geodetic{Lat: 47.614347, Lon: -122.338883}, ID: "sttlwax9", Country: "USA"}},
		{"starlink-pops-starperf", "Frankfurt", Node{Name: "Frankfurt", Kind: PoP,
			Pos: frame.Geodetic{Lat: 50.1180135096041, Lon: 8.68324256215514}, ID: "FRA - FRNTDEU1", Country: "Germany"}},
	}
	for _, tc := range tests {
		nodes, err := Preset(tc.preset)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Find(nodes, tc.name)
		if err != nil {
			t.Errorf("%s: %v", tc.preset, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s %q:\n got %+v\nwant %+v", tc.preset, tc.name, got, tc.want)
		}
	}
}

func TestPresetGatewayAntennas(t *testing.T) {
	gws, _ := Preset("starlink-gateways")
	hist := map[int]int{}
	total := 0
	for _, g := range gws {
		hist[g.Antennas]++
		total += g.AntennaCount()
	}
	// Counts from the source: 8 ×168, 32 ×44, 40 ×41, 2 ×3, 4 ×2, 5 ×2, 12 ×1.
	want := map[int]int{8: 168, 32: 44, 40: 41, 2: 3, 4: 2, 5: 2, 12: 1}
	for k, v := range want {
		if hist[k] != v {
			t.Errorf("%d gateways with %d antennas, want %d", hist[k], k, v)
		}
	}
	if total != 168*8+44*32+41*40+3*2+2*4+2*5+12 {
		t.Errorf("total antennas %d", total)
	}
}

func TestPresetGatewaySites(t *testing.T) {
	gws, _ := Preset("starlink-gateways")
	sites := map[[2]float64][]Node{}
	for _, g := range gws {
		k := [2]float64{g.Pos.Lat.Deg(), g.Pos.Lon.Deg()}
		sites[k] = append(sites[k], g)
	}
	if len(sites) != 222 {
		t.Errorf("%d gateway sites, want 222", len(sites))
	}
	for _, s := range sites {
		if len(s) == 2 && s[0].Band == s[1].Band {
			t.Errorf("two %s entries at one site: %q, %q", s[0].Band, s[0].Name, s[1].Name)
		}
	}
}

func TestPresetHiddenPoPsLeftOut(t *testing.T) {
	pops, _ := Preset("starlink-pops")
	for _, p := range pops {
		switch p.ID {
		case "rdmdwax3", "rdmdwax3rk3", "rcxship1", "sea", "strespx2":
			t.Errorf("hidden PoP %q (%s) included", p.Name, p.ID)
		}
	}
}

func TestPresetUnknown(t *testing.T) {
	_, err := Preset("citys")
	const want = `unknown preset "citys"; known presets: cities-top100, cities-top1000, paris-moscow-grid, ` +
		`starlink-gateways, starlink-pops, starlink-pops-starperf`
	if err == nil || err.Error() != want {
		t.Errorf("Preset(citys) error = %v, want %s", err, want)
	}
	if _, err := Preset(" Starlink-PoPs "); err != nil {
		t.Errorf("Preset is not case-insensitive: %v", err)
	}
}

func TestPresetReturnsCopies(t *testing.T) {
	a, _ := Preset("starlink-pops")
	a[0].Name = "changed"
	b, _ := Preset("starlink-pops")
	if b[0].Name == "changed" {
		t.Error("Preset returned shared storage")
	}
}

// TestEmbeddedChecksums checks that every embedded data file is the
// byte-identical copy that its PROVENANCE.md records.
func TestEmbeddedChecksums(t *testing.T) {
	sha := regexp.MustCompile(`\b[0-9a-f]{64}\b`)
	n := 0
	err := fs.WalkDir(data, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Base(p) == "PROVENANCE.md" {
			return err
		}
		prov, err := data.ReadFile(path.Join(path.Dir(p), "PROVENANCE.md"))
		if err != nil {
			t.Errorf("%s: no PROVENANCE.md beside it", p)
			return nil
		}
		b, _ := data.ReadFile(p)
		sum := sha256.Sum256(b)
		var want string
		sc := bufio.NewScanner(strings.NewReader(string(prov)))
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "| `"+path.Base(p)+"`") {
				want = sha.FindString(sc.Text())
			}
		}
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s: sha256 %s, PROVENANCE.md says %q", p, got, want)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 7 {
		t.Errorf("checked %d data files, want 7", n)
	}
}
