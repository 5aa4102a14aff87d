package export

import (
	"bufio"
	"context"
	"encoding/xml"
	"io"
	"strconv"

	"orbitnet/orbit/frame"
	"orbitnet/sim"
)

// WriteKML writes the window as a KML 2.2 document (with Google's gx
// extension for tracks) of four folders: "Satellites", one placemark per
// satellite with a gx:Track of its position at every sample it is valid
// (longitude, latitude, height in metres above the WGS-84 ellipsoid,
// altitudeMode absolute); "Ground nodes", one point each; "Laser links" and
// "Ground links", one placemark per sample whose TimeSpan runs to the next
// sample, holding a MultiGeometry of the links up at that sample as
// straight segments between the ends' positions then; and "Paths", one
// placemark per listed pair and run of samples with the same path, whose
// LineString passes through the path's nodes at the run's first sample.
func WriteKML(ctx context.Context, w io.Writer, in *Input) error {
	tr, err := sampleAll(ctx, in, MaxKMLSatSamples)
	if err != nil {
		return err
	}
	net := in.Net
	bw := bufio.NewWriter(w)
	esc := func(s string) {
		xml.EscapeText(bw, []byte(s))
	}
	var num []byte
	f := func(x float64, prec int) {
		num = strconv.AppendFloat(num[:0], x, 'f', prec, 64)
		bw.Write(num)
	}
	coord := func(g frame.Geodetic, sep byte) {
		f(g.Lon.Deg(), 6)
		bw.WriteByte(sep)
		f(g.Lat.Deg(), 6)
		bw.WriteByte(sep)
		f(g.Alt.Km()*1000, 1)
	}
	satGeo := func(i int, s int32) frame.Geodetic {
		o := i*net.NSat + int(s)
		return frame.ECEF{tr.x[o], tr.y[o], tr.z[o]}.Geodetic()
	}
	nodeGeo := func(i int, v sim.NodeID) frame.Geodetic {
		if s := net.SatOf(v); s >= 0 {
			return satGeo(i, int32(s))
		}
		return net.GroundAt(net.GroundOf(v), tr.times[i].Sub(net.Cfg.Start))
	}
	span := func(first, last int) {
		bw.WriteString("<TimeSpan><begin>" + isoTime(tr.times[first]) + "</begin><end>" + isoTime(tr.until(last)) + "</end></TimeSpan>")
	}
	line := func(pts []frame.Geodetic) {
		bw.WriteString("<LineString><altitudeMode>absolute</altitudeMode><coordinates>")
		for j, p := range pts {
			if j > 0 {
				bw.WriteByte(' ')
			}
			coord(p, ',')
		}
		bw.WriteString("</coordinates></LineString>")
	}
	bw.WriteString(xml.Header)
	bw.WriteString(`<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">` + "\n<Document>\n<name>")
	esc(in.Name)
	bw.WriteString("</name>\n")
	for _, st := range []struct{ id, color, width string }{
		{"sat", "ffffffff", ""}, {"ground", "ff00c8ff", ""}, {"isl", "a0ffa050", "1"}, {"gsl", "a078ff78", "1"}, {"path", "ff3c3cff", "3"}} {
		bw.WriteString(`<Style id="` + st.id + `">`)
		if st.width == "" {
			bw.WriteString("<IconStyle><color>" + st.color + "</color><scale>0.4</scale></IconStyle>")
		} else {
			bw.WriteString("<LineStyle><color>" + st.color + "</color><width>" + st.width + "</width></LineStyle>")
		}
		bw.WriteString("</Style>\n")
	}
	samples := len(tr.times)
	bw.WriteString("<Folder><name>Satellites</name>\n")
	for s := range net.NSat {
		if err := ctx.Err(); err != nil {
			return err
		}
		bw.WriteString("<Placemark><name>")
		esc(net.Cfg.Constellation.Sats[s].Name)
		bw.WriteString("</name><styleUrl>#sat</styleUrl><gx:Track><altitudeMode>absolute</altitudeMode>\n")
		for i := range samples {
			if tr.valid[i*net.NSat+s] {
				bw.WriteString("<when>" + isoTime(tr.times[i]) + "</when>")
			}
		}
		bw.WriteByte('\n')
		for i := range samples {
			if tr.valid[i*net.NSat+s] {
				bw.WriteString("<gx:coord>")
				coord(satGeo(i, int32(s)), ' ')
				bw.WriteString("</gx:coord>")
			}
		}
		bw.WriteString("\n</gx:Track></Placemark>\n")
	}
	bw.WriteString("</Folder>\n<Folder><name>Ground nodes</name>\n")
	for g, nd := range net.Cfg.Ground {
		bw.WriteString("<Placemark><name>")
		esc(nd.Name)
		bw.WriteString("</name><description>" + nd.Kind.String() + "</description><styleUrl>#ground</styleUrl>")
		if net.Moving(g) { // where its track puts it at every sample
			bw.WriteString("<gx:Track><altitudeMode>absolute</altitudeMode>\n")
			for i := range samples {
				bw.WriteString("<when>" + isoTime(tr.times[i]) + "</when>")
			}
			bw.WriteByte('\n')
			for i := range samples {
				bw.WriteString("<gx:coord>")
				coord(net.GroundAt(g, tr.times[i].Sub(net.Cfg.Start)), ' ')
				bw.WriteString("</gx:coord>")
			}
			bw.WriteString("\n</gx:Track></Placemark>\n")
			continue
		}
		bw.WriteString("<Point><coordinates>")
		coord(nd.Pos, ',')
		bw.WriteString("</coordinates></Point></Placemark>\n")
	}
	bw.WriteString("</Folder>\n")
	for _, layer := range []struct {
		name, style string
		set         *linkSet
		ends        func(i int, key [2]int32) []frame.Geodetic
	}{
		{"Laser links", "isl", &tr.isl, func(i int, key [2]int32) []frame.Geodetic {
			return []frame.Geodetic{satGeo(i, key[0]), satGeo(i, key[1])}
		}},
		{"Ground links", "gsl", &tr.gsl, func(i int, key [2]int32) []frame.Geodetic {
			return []frame.Geodetic{net.GroundAt(int(key[0]), tr.times[i].Sub(net.Cfg.Start)), satGeo(i, key[1])}
		}},
	} {
		// links up at each sample, in order of first appearance
		bySample := make([][]int, samples)
		for k, on := range layer.set.on {
			for _, i := range on {
				bySample[i] = append(bySample[i], k)
			}
		}
		bw.WriteString("<Folder><name>" + layer.name + "</name>\n")
		for i, ks := range bySample {
			if len(ks) == 0 {
				continue
			}
			bw.WriteString("<Placemark><name>" + isoTime(tr.times[i]) + "</name>")
			span(i, i)
			bw.WriteString("<styleUrl>#" + layer.style + "</styleUrl><MultiGeometry>\n")
			for _, k := range ks {
				line(layer.ends(i, layer.set.keys[k]))
				bw.WriteByte('\n')
			}
			bw.WriteString("</MultiGeometry></Placemark>\n")
		}
		bw.WriteString("</Folder>\n")
	}
	bw.WriteString("<Folder><name>Paths</name>\n")
	for k, series := range tr.paths {
		for i := 0; i < samples; {
			if series[i] == nil {
				i++
				continue
			}
			j := i
			for j+1 < samples && equalPath(series[j+1], series[i]) {
				j++
			}
			bw.WriteString("<Placemark><name>")
			esc(in.PairNames[k][0] + " – " + in.PairNames[k][1])
			bw.WriteString("</name>")
			span(i, j)
			bw.WriteString("<styleUrl>#path</styleUrl>")
			pts := make([]frame.Geodetic, series[i].Len())
			for h, v := range series[i].All() {
				pts[h] = nodeGeo(i, v)
			}
			line(pts)
			bw.WriteString("</Placemark>\n")
			i = j + 1
		}
	}
	bw.WriteString("</Folder>\n</Document>\n</kml>\n")
	return bw.Flush()
}
