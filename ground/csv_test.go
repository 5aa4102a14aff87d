package ground

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
)

// relULP is about 4.5 units in the last place: a value written ×1000 and
// read back ÷1000 through decimal text.
const relULP = 1e-15

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name, in string
		kind     Kind
		want     []Node
	}{
		{
			name: "minimal",
			in:   "name,lat_deg,lon_deg\nKyiv,50.4501,30.5234\n",
			want: []Node{{Name: "Kyiv", Pos: frame.Geodetic{Lat: 50.4501, Lon: 30.5234}}},
		},
		{
			name: "altitude, optional columns in any order, quotes, comments, CRLF, BOM",
			in: "\ufeffName, band ,LAT_DEG,lon_deg,alt_m,antennas,id,country,population\r\n" +
				"# a comment\r\n\r\n" +
				"\"Frankfurt, DE\",Ka,50.3298,8.47082,120,8,GS218,Germany,\r\n" +
				"Aerzen,,52.060989,9.328231,-5.5,,,,1000\r\n",
			kind: Gateway,
			want: []Node{
				{Name: "Frankfurt, DE", Kind: Gateway, Pos: frame.Geodetic{Lat: 50.3298, Lon: 8.47082, Alt: 0.12},
					ID: "GS218", Country: "Germany", Antennas: 8, Band: "Ka"},
				{Name: "Aerzen", Kind: Gateway, Pos: frame.Geodetic{Lat: 52.060989, Lon: 9.328231, Alt: -0.0055},
					Population: 1000},
			},
		},
		{
			name: "doc example, empty alt_m",
			in:   "name,lat_deg,lon_deg,alt_m\nKyiv,50.4501,30.5234,179\n\"Frankfurt, DE\",50.3298,8.47082,\n",
			want: []Node{
				{Name: "Kyiv", Pos: frame.Geodetic{Lat: 50.4501, Lon: 30.5234, Alt: 0.179}},
				{Name: "Frankfurt, DE", Pos: frame.Geodetic{Lat: 50.3298, Lon: 8.47082}},
			},
		},
		{
			name: "name not first",
			in:   "lat_deg,lon_deg,NAME\n50.4501,30.5234,Kyiv\n",
			want: []Node{{Name: "Kyiv", Pos: frame.Geodetic{Lat: 50.4501, Lon: 30.5234}}},
		},
		{
			name: "Hypatia",
			in:   "0,Tokyo,35.6895,139.69171,0\n1,Kyiv-(Kiev),50.445368,30.518634,0\n2,Washington--D.C.,38.89511,-77.03637,10\n",
			kind: Station,
			want: []Node{
				{Name: "Tokyo", Pos: frame.Geodetic{Lat: 35.6895, Lon: 139.69171}, ID: "0"},
				{Name: "Kyiv (Kiev)", Pos: frame.Geodetic{Lat: 50.445368, Lon: 30.518634}, ID: "1"},
				{Name: "Washington D.C.", Pos: frame.Geodetic{Lat: 38.89511, Lon: -77.03637, Alt: 0.01}, ID: "2"},
			},
		},
		{
			name: "longitude -180 is stored as 180",
			in:   "name,lat_deg,lon_deg\nSuva side,-17,-180\n",
			kind: Terminal,
			want: []Node{{Name: "Suva side", Kind: Terminal, Pos: frame.Geodetic{Lat: -17, Lon: 180}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadCSV(strings.NewReader(tc.in), "gs.csv", tc.kind)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d nodes, want %d: %+v", len(got), len(tc.want), got)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("node %d:\n got %+v\nwant %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	const hdr = "name,lat_deg,lon_deg\n"
	tests := []struct{ in, want string }{
		{"", `gs.csv: empty input; want a header line "name,lat_deg,lon_deg[,alt_m]" or Hypatia rows "id,name,lat,lon,elev"`},
		{"# only a comment\n", `gs.csv: empty input; want a header line "name,lat_deg,lon_deg[,alt_m]" or Hypatia rows "id,name,lat,lon,elev"`},
		{hdr, `gs.csv: no data rows after the header`},
		{"Kyiv,50.45,30.52\n", `gs.csv:1: want a header line naming the columns (name,lat_deg,lon_deg[,alt_m]) or a Hypatia row id,name,lat,lon,elev; got "Kyiv,50.45,30.52"`},
		{"0,Kyiv,50.45,30.52\n", `gs.csv:1: want a header line naming the columns (name,lat_deg,lon_deg[,alt_m]) or a Hypatia row id,name,lat,lon,elev; got "0,Kyiv,50.45,30.52"`},
		{"name,latitude,lon_deg\n", `gs.csv:1: header: unknown column "latitude"; known columns are name, lat_deg, lon_deg, alt_m, id, country, population, antennas, band`},
		{"name,lat_deg\n", `gs.csv:1: header: missing required column "lon_deg" (want name,lat_deg,lon_deg[,alt_m])`},
		{"name,lat_deg,lon_deg,LAT_DEG\n", `gs.csv:1: header: column "lat_deg" appears twice`},
		{hdr + "A,1,2\n\nB,1\n", `gs.csv:4: got 2 fields, want 3 (name,lat_deg,lon_deg)`},
		{hdr + "A,1,2\nB,1,2,3\n", `gs.csv:3: got 4 fields, want 3 (name,lat_deg,lon_deg)`},
		{hdr + "A,91.5,2\n", `gs.csv:2: field lat_deg: "91.5" outside [-90, 90]`},
		{hdr + "A,-90.0001,2\n", `gs.csv:2: field lat_deg: "-90.0001" outside [-90, 90]`},
		{hdr + "A,1,180.5\n", `gs.csv:2: field lon_deg: "180.5" outside [-180, 180]`},
		{hdr + "A,NaN,2\n", `gs.csv:2: field lat_deg: "NaN" is not a finite decimal number`},
		{hdr + "A,1,inf\n", `gs.csv:2: field lon_deg: "inf" is not a finite decimal number`},
		{hdr + "A,0x1p-2,2\n", `gs.csv:2: field lat_deg: "0x1p-2" is not a finite decimal number`},
		{hdr + "A,1e400,2\n", `gs.csv:2: field lat_deg: "1e400" is not a finite decimal number`},
		{hdr + "A,,2\n", `gs.csv:2: field lat_deg: empty; want a decimal number`},
		{hdr + " ,1,2\n", `gs.csv:2: field name: empty; want a name`},
		{hdr + "\"A\tB\",1,2\n", `gs.csv:2: field name: "A\tB" contains a control character`},
		{hdr + "A\xff,1,2\n", `gs.csv:2: field name: "A\xff" is not valid UTF-8`},
		{hdr + "Kyiv,1,2\nWarsaw,3,4\nKyiv,5,6\n", `gs.csv:4: field name: duplicate name "Kyiv" (first on line 2)`},
		{"name,lat_deg,lon_deg,alt_m\nA,1,2,200000\n", `gs.csv:2: field alt_m: "200000" outside [-11000, 100000] m`},
		{"name,lat_deg,lon_deg,antennas\nA,1,2,-3\n", `gs.csv:2: field antennas: "-3" is not a non-negative integer`},
		{"name,lat_deg,lon_deg,population\nA,1,2,1.5\n", `gs.csv:2: field population: "1.5" is not a non-negative integer`},
		{hdr + "\"A,1,2\n", `gs.csv:2: extraneous or missing " in quoted-field`},
		{"0,A,1,2,0\n2,B,1,2,0\n", `gs.csv:2: field id: "2" out of sequence; want 1 (Hypatia ids count up from 0)`},
		{"0,A,1,2,0\n1,B,1,2\n", `gs.csv:2: got 4 fields, want 5 (id,name,lat,lon,elev)`},
		{"0,A,1,2,0\nx,B,1,2,0\n", `gs.csv:2: field id: "x" is not a row number`},
		{"0,A-B,1,2,0\n1,A B,1,2,0\n", `gs.csv:2: field name: duplicate name "A B" (first on line 1)`},
		{"0,---,1,2,0\n", `gs.csv:1: field name: empty; want a name`},
		{"0,A,1,200,0\n", `gs.csv:1: field lon: "200" outside [-180, 180]`},
	}
	for _, tc := range tests {
		_, err := ReadCSV(strings.NewReader(tc.in), "gs.csv", Station)
		if err == nil {
			t.Errorf("ReadCSV(%q): no error, want %s", tc.in, tc.want)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("ReadCSV(%q):\n got %s\nwant %s", tc.in, err, tc.want)
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.File != "gs.csv" {
			t.Errorf("ReadCSV(%q): error %T is not a *ParseError for gs.csv", tc.in, err)
		}
	}
}

// TestWriteCSVRoundTrip writes every preset and reads it back.
func TestWriteCSVRoundTrip(t *testing.T) {
	for _, name := range PresetNames() {
		nodes, err := Preset(name)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, nodes); err != nil {
			t.Fatalf("%s: WriteCSV: %v", name, err)
		}
		back, err := ReadCSV(&buf, name+".csv", nodes[0].Kind)
		if err != nil {
			t.Fatalf("%s: ReadCSV: %v", name, err)
		}
		if len(back) != len(nodes) {
			t.Fatalf("%s: read back %d nodes, wrote %d", name, len(back), len(nodes))
		}
		for i := range nodes {
			if back[i] != nodes[i] {
				t.Errorf("%s: node %d:\n got %+v\nwant %+v", name, i, back[i], nodes[i])
			}
		}
	}
}

func TestWriteCSVRejects(t *testing.T) {
	ok := Node{Name: "A", Pos: frame.Geodetic{Lat: 1, Lon: 2}}
	tests := []struct {
		name  string
		nodes []Node
	}{
		{"empty name", []Node{{Pos: ok.Pos}}},
		{"padded name", []Node{{Name: " A", Pos: ok.Pos}}},
		{"newline in name", []Node{{Name: "A\nB", Pos: ok.Pos}}},
		{"duplicate", []Node{ok, ok}},
		{"latitude", []Node{{Name: "A", Pos: frame.Geodetic{Lat: 95}}}},
		{"NaN", []Node{{Name: "A", Pos: frame.Geodetic{Lon: units.Deg(math.NaN())}}}},
		{"altitude", []Node{{Name: "A", Pos: frame.Geodetic{Alt: 500}}}},
		{"antennas", []Node{{Name: "A", Antennas: -1}}},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, tc.nodes); err == nil {
			t.Errorf("%s: WriteCSV accepted %+v", tc.name, tc.nodes)
		} else if buf.Len() != 0 {
			t.Errorf("%s: WriteCSV wrote %q before failing", tc.name, buf.String())
		}
	}
}

// FuzzReadCSV checks that ReadCSV never panics, that what it accepts obeys
// its documented rules, and that WriteCSV writes it back unchanged.
func FuzzReadCSV(f *testing.F) {
	f.Add("name,lat_deg,lon_deg\nKyiv,50.45,30.52\n")
	f.Add("name,lat_deg,lon_deg,alt_m,id,country,population,antennas,band\n\"a,b\",1,2,3,x,UA,5,8,Ka\n")
	f.Add("0,Tokyo,35.6895,139.69171,0\n1,Kyiv-(Kiev),50.445368,30.518634,0\n")
	f.Add("0,A,1,2,0\n2,B,1,2,0\n")
	f.Add("name,lat_deg,lon_deg\nA,91,0\n")
	f.Add("\ufeffname,lat_deg,lon_deg\r\n#c\r\nA,-90,-180\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		nodes, err := ReadCSV(strings.NewReader(in), "fuzz.csv", Gateway)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is %T, not *ParseError", err, err)
			}
			return
		}
		if len(nodes) == 0 {
			t.Fatal("no nodes and no error")
		}
		for _, n := range nodes {
			if err := checkNode(n); err != nil || n.Kind != Gateway || n.Pos.Lon == -180 {
				t.Fatalf("accepted invalid node %+v: %v", n, err)
			}
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, nodes); err != nil {
			t.Fatalf("WriteCSV rejects what ReadCSV accepted: %v", err)
		}
		back, err := ReadCSV(&buf, "back.csv", Gateway)
		if err != nil {
			t.Fatalf("reading back %q: %v", buf.String(), err)
		}
		for i := range nodes {
			a, b := nodes[i], back[i]
			// alt_m is written as AltKm×1000 and read back ÷1000.
			if d := a.Pos.Alt - b.Pos.Alt; math.Abs(d.Km()) > relULP*math.Max(1, math.Abs(a.Pos.Alt.Km())) {
				t.Fatalf("altitude %v read back as %v", a.Pos.Alt, b.Pos.Alt)
			}
			a.Pos.Alt, b.Pos.Alt = 0, 0
			if a != b {
				t.Fatalf("node %d: %+v read back as %+v", i, a, b)
			}
		}
	})
}
