package export

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"orbitnet/ground"
	"orbitnet/sim"
)

// CZML packet pieces (https://github.com/AnalyticalGraphicsInc/czml-writer/wiki/CZML-Guide).
type czmlClock struct {
	Interval    string  `json:"interval"`
	CurrentTime string  `json:"currentTime"`
	Multiplier  float64 `json:"multiplier"`
	Range       string  `json:"range"`
	Step        string  `json:"step"`
}

type czmlColor struct {
	RGBA [4]int `json:"rgba"`
}

type czmlPoint struct {
	PixelSize float64   `json:"pixelSize"`
	Color     czmlColor `json:"color"`
}

type czmlPosition struct {
	Epoch               string    `json:"epoch,omitempty"`
	ReferenceFrame      string    `json:"referenceFrame,omitempty"`
	InterpolationAlgo   string    `json:"interpolationAlgorithm,omitempty"`
	InterpolationDegree int       `json:"interpolationDegree,omitempty"`
	Cartesian           []float64 `json:"cartesian,omitempty"`
	CartographicDegrees []float64 `json:"cartographicDegrees,omitempty"`
}

type czmlPositionList struct {
	Interval   string   `json:"interval,omitempty"`
	References []string `json:"references"`
}

type czmlMaterial struct {
	SolidColor struct {
		Color czmlColor `json:"color"`
	} `json:"solidColor"`
}

type czmlPolyline struct {
	Positions any          `json:"positions"`
	Width     float64      `json:"width"`
	ArcType   string       `json:"arcType"`
	Material  czmlMaterial `json:"material"`
}

type czmlPacket struct {
	ID           string        `json:"id"`
	Name         string        `json:"name,omitempty"`
	Version      string        `json:"version,omitempty"`
	Clock        *czmlClock    `json:"clock,omitempty"`
	Description  string        `json:"description,omitempty"`
	Availability any           `json:"availability,omitempty"`
	Position     *czmlPosition `json:"position,omitempty"`
	Point        *czmlPoint    `json:"point,omitempty"`
	Polyline     *czmlPolyline `json:"polyline,omitempty"`
}

// Colours of the layers (RGBA 0–255).
var (
	colorSat    = czmlColor{[4]int{255, 255, 255, 255}}
	colorGround = czmlColor{[4]int{255, 200, 0, 255}}
	colorISL    = czmlColor{[4]int{80, 160, 255, 160}}
	colorGSL    = czmlColor{[4]int{120, 255, 120, 160}}
	colorPath   = czmlColor{[4]int{255, 60, 60, 255}}
)

// CZML packet ids: "document", "sat/I", "ground/G", "isl/A-B" (satellite
// indices), "gsl/G-S" (ground node, satellite) and "path/K" (listed pair).
func satID(s int32) string    { return "sat/" + strconv.Itoa(int(s)) }
func groundID(g int32) string { return "ground/" + strconv.Itoa(int(g)) }

// WriteCZML writes the window as a CZML document (a JSON array of packets,
// one per line): a document packet whose clock spans the window; one packet
// per ground node (fixed position); one per satellite with its Earth-fixed
// position (metres, "FIXED" frame) at every sample it is valid, as seconds
// from the window's start; one per laser link and per ground link that is
// up at some sample, with the intervals when it is up as its availability
// and its ends referring to the nodes' positions; and one per listed pair
// whose polyline follows the pair's path, one interval per run of samples
// with the same path. A link or path seen at sample i is taken to hold until
// sample i+1.
func WriteCZML(ctx context.Context, w io.Writer, in *Input) error {
	tr, err := sampleAll(ctx, in, MaxCZMLSatSamples)
	if err != nil {
		return err
	}
	net := in.Net
	start, end := tr.times[0], tr.times[len(tr.times)-1]
	window := isoTime(start) + "/" + isoTime(end)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	first := true
	put := func(p *czmlPacket) error {
		sep := ",\n"
		if first {
			sep, first = "[\n", false
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		b, err := json.Marshal(p)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	mult := math.Max(1, math.Round(end.Sub(start).Seconds()/60))
	if err := put(&czmlPacket{ID: "document", Name: in.Name, Version: "1.0", Clock: &czmlClock{
		Interval: window, CurrentTime: isoTime(start), Multiplier: mult, Range: "LOOP_STOP", Step: "SYSTEM_CLOCK_MULTIPLIER"}}); err != nil {
		return err
	}
	for g, nd := range net.Cfg.Ground {
		pos := &czmlPosition{CartographicDegrees: []float64{nd.Pos.Lon.Deg(), nd.Pos.Lat.Deg(), mm(nd.Pos.Alt.Km())}}
		if net.Moving(g) {
			// a moving node: its position at every sample, in seconds from the window's start
			pos = &czmlPosition{Epoch: isoTime(start), CartographicDegrees: make([]float64, 0, 4*len(tr.times))}
			for _, t := range tr.times {
				p := net.GroundAt(g, t.Sub(net.Cfg.Start))
				pos.CartographicDegrees = append(pos.CartographicDegrees, t.Sub(start).Seconds(), p.Lon.Deg(), p.Lat.Deg(), mm(p.Alt.Km()))
			}
		}
		if err := put(&czmlPacket{ID: groundID(int32(g)), Name: nd.Name, Description: kindName(nd.Kind),
			Position: pos, Point: &czmlPoint{PixelSize: 6, Color: colorGround}}); err != nil {
			return err
		}
	}
	samples := len(tr.times)
	for s := range net.NSat {
		var cart []float64
		for i := range samples {
			o := i*net.NSat + s
			if !tr.valid[o] {
				continue
			}
			cart = append(cart, round3(tr.times[i].Sub(start).Seconds()), mm(tr.x[o]), mm(tr.y[o]), mm(tr.z[o]))
		}
		p := &czmlPacket{ID: satID(int32(s)), Name: net.Cfg.Constellation.Sats[s].Name, Availability: window,
			Point: &czmlPoint{PixelSize: 3, Color: colorSat}}
		if len(cart) > 0 {
			p.Position = &czmlPosition{Epoch: isoTime(start), ReferenceFrame: "FIXED", Cartesian: cart}
			if n := len(cart) / 4; n > 1 {
				p.Position.InterpolationAlgo, p.Position.InterpolationDegree = "LAGRANGE", min(5, n-1)
			}
		}
		if err := put(p); err != nil {
			return err
		}
	}
	for k, key := range tr.isl.keys {
		if err := put(&czmlPacket{ID: fmt.Sprintf("isl/%d-%d", key[0], key[1]),
			Availability: tr.intervals(tr.isl.on[k]),
			Polyline: &czmlPolyline{Positions: czmlPositionList{References: []string{satID(key[0]) + "#position", satID(key[1]) + "#position"}},
				Width: 1, ArcType: "NONE", Material: solid(colorISL)}}); err != nil {
			return err
		}
	}
	for k, key := range tr.gsl.keys {
		if err := put(&czmlPacket{ID: fmt.Sprintf("gsl/%d-%d", key[0], key[1]),
			Availability: tr.intervals(tr.gsl.on[k]),
			Polyline: &czmlPolyline{Positions: czmlPositionList{References: []string{groundID(key[0]) + "#position", satID(key[1]) + "#position"}},
				Width: 1, ArcType: "NONE", Material: solid(colorGSL)}}); err != nil {
			return err
		}
	}
	for k, series := range tr.paths {
		var lists []czmlPositionList
		var avail []string
		for i := 0; i < samples; {
			if series[i] == nil {
				i++
				continue
			}
			j := i
			for j+1 < samples && equalPath(series[j+1], series[i]) {
				j++
			}
			iv := isoTime(tr.times[i]) + "/" + isoTime(tr.until(j))
			refs := make([]string, series[i].Len())
			for h, v := range series[i].All() {
				refs[h] = nodeRef(in, v)
			}
			lists = append(lists, czmlPositionList{Interval: iv, References: refs})
			avail = append(avail, iv)
			i = j + 1
		}
		p := &czmlPacket{ID: "path/" + strconv.Itoa(k), Name: in.PairNames[k][0] + " – " + in.PairNames[k][1]}
		if len(lists) > 0 {
			p.Availability = avail
			p.Polyline = &czmlPolyline{Positions: lists, Width: 3, ArcType: "NONE", Material: solid(colorPath)}
		}
		if err := put(p); err != nil {
			return err
		}
	}
	_, err = io.WriteString(w, "\n]\n")
	return err
}

// intervals turns the samples at which a link is up into CZML intervals.
func (tr *track) intervals(samples []int) []string {
	var out []string
	for _, r := range runs(samples) {
		out = append(out, isoTime(tr.times[r[0]])+"/"+isoTime(tr.until(r[1])))
	}
	return out
}

// nodeRef names a routing node's position packet.
func nodeRef(in *Input, v sim.NodeID) string {
	if s := in.Net.SatOf(v); s >= 0 {
		return satID(int32(s)) + "#position"
	}
	return groundID(int32(in.Net.GroundOf(v))) + "#position"
}

// equalPath reports whether two samples have the same path (an
// unreachable sample, nil, equals none).
func equalPath(a, b sim.Path) bool {
	return a != nil && b != nil && a.Equal(b)
}

func solid(c czmlColor) czmlMaterial {
	var m czmlMaterial
	m.SolidColor.Color = c
	return m
}

// mm converts kilometres to metres rounded to the millimetre.
func mm(km float64) float64 { return math.Round(km*1e6) / 1e3 }

func round3(x float64) float64 { return math.Round(x*1e3) / 1e3 }

func kindName(k ground.Kind) string { return fmt.Sprint(k) }
