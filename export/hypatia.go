package export

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"orbitnet/ground"
	"orbitnet/orbit/tle"
	"orbitnet/sim"
)

// Hypatia's ground-station and GSL conventions (satgenpy): the extended
// ground_stations.txt gives Earth-fixed coordinates on the WGS-72
// ellipsoid, and every node has one GSL interface whose bandwidth fraction
// is 1 (algorithm "free one only over ISLs").
const (
	wgs72A = 6378135.0    // m, WGS-72 equatorial radius (as satgenpy's geodetic2cartesian)
	wgs72F = 1.0 / 298.26 // WGS-72 flattening
)

// HypatiaDynamicDir names the folder of the dynamic state as Hypatia's
// satgenpy does: dynamic_state_<step>ms_for_<duration>s.
func HypatiaDynamicDir(step, duration time.Duration) string {
	return "dynamic_state_" + trimFloat(float64(step)/float64(time.Millisecond)) + "ms_for_" +
		trimFloat(duration.Seconds()) + "s"
}

func trimFloat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// HypatiaName writes a node name as Hypatia's files do: "City, Province"
// becomes "City--Province", other commas and white space become '-'.
func HypatiaName(s string) string {
	s = strings.ReplaceAll(s, ", ", "--")
	return strings.Map(func(r rune) rune {
		if r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return '-'
		}
		return r
	}, s)
}

// hypatiaNet maps orbitnet's network onto Hypatia's node numbering:
// satellites 0..N−1 (orbitnet's order), then the ground stations N.., which
// are the nodes of the listed pairs (sim.Network.ForwardingDsts) in order
// of first appearance.
type hypatiaNet struct {
	net     *sim.Network
	gs      []int       // Hypatia ground station → orbitnet ground node
	gsOf    map[int]int // orbitnet ground node → Hypatia ground station
	numISL  []int       // per satellite: its ISL interfaces (isls.txt order)
	ifTo    map[[2]int32]int
	isls    [][2]int32
	nodes   int
	nSat    int
	current [][3]int // [node*G + dst] → next hop, own interface, next hop's interface
}

// hypatiaCheck explains why a network cannot be written as Hypatia's
// files, or returns nil.
func hypatiaCheck(net *sim.Network) error {
	if err := hypatiaRefusal(net); err != nil {
		return &InputError{Err: err}
	}
	return nil
}

func hypatiaRefusal(net *sim.Network) error {
	cfg := &net.Cfg
	if cfg.Traits() != (sim.Traits{ISLs: true}) { // lasers only: no fibre, relays or uplink copies
		return fmt.Errorf("routing mode %s: Hypatia's ns-3 module has no fibre and no bent-pipe uplink copies; the export needs routing mode isl", cfg.Mode)
	}
	if len(net.ForwardingDsts()) == 0 {
		return fmt.Errorf("the scenario lists no pairs; Hypatia's forwarding state is toward the ground stations of the listed pairs")
	}
	for g, nd := range cfg.Ground {
		if net.Moving(g) {
			return fmt.Errorf("ground node %q moves; Hypatia's ground stations (ground_stations.txt) are fixed points", nd.Name)
		}
	}
	sats := cfg.Constellation.Sats
	l1, _ := tle.Format(sats[0].Elements)
	epoch := l1[18:32]
	for i := range sats {
		if a, _ := tle.Format(sats[i].Elements); a[18:32] != epoch {
			return fmt.Errorf("satellite %s has TLE epoch %s, satellite %s %s: Hypatia needs every satellite at one epoch", sats[i].Name, strings.TrimSpace(a[18:32]), sats[0].Name, strings.TrimSpace(epoch))
		}
	}
	if d := cfg.Start.Sub(sats[0].Elements.Epoch); d < -time.Microsecond || d > time.Microsecond {
		return fmt.Errorf("the window starts at %s, the satellites' TLE epoch is %s: Hypatia counts time from the epoch, so the window must start there (--from)",
			cfg.Start.UTC().Format(time.RFC3339Nano), sats[0].Elements.Epoch.UTC().Format(time.RFC3339Nano))
	}
	return nil
}

func newHypatiaNet(net *sim.Network) *hypatiaNet {
	h := &hypatiaNet{net: net, nSat: net.NSat, gsOf: map[int]int{}, numISL: make([]int, net.NSat), ifTo: map[[2]int32]int{}}
	for _, g := range net.ForwardingDsts() {
		h.gsOf[g] = len(h.gs)
		h.gs = append(h.gs, g)
	}
	h.nodes = h.nSat + len(h.gs)
	for k := range net.ISL.Len() {
		a, b := net.ISL.A[k], net.ISL.B[k]
		h.isls = append(h.isls, [2]int32{a, b})
		h.ifTo[[2]int32{a, b}] = h.numISL[a]
		h.ifTo[[2]int32{b, a}] = h.numISL[b]
		h.numISL[a]++
		h.numISL[b]++
	}
	h.current = make([][3]int, h.nodes*len(h.gs))
	for i := range h.current {
		h.current[i] = [3]int{-2, -2, -2} // unset: every entry differs at the first step
	}
	return h
}

// hypNode maps a routing node to its Hypatia node id (−1: not exported).
func (h *hypatiaNet) hypNode(v sim.NodeID) int {
	if s := h.net.SatOf(v); s >= 0 && !h.net.IsUplinkCopy(v) {
		return s // Hypatia numbers satellites as the engine does
	}
	if gs, ok := h.gsOf[h.net.GroundOf(v)]; ok {
		return h.nSat + gs
	}
	return -1
}

// decision returns Hypatia's forwarding entry for next hop nxt at node cur
// (both Hypatia ids; nxt −1 for none): the next hop, cur's outgoing
// interface and the next hop's incoming interface, counted as satgenpy
// does (a satellite's ISL interfaces in isls.txt order, then its one GSL
// interface; a ground station's GSL interface is 0).
func (h *hypatiaNet) decision(cur, nxt int) ([3]int, error) {
	switch {
	case nxt < 0:
		return [3]int{-1, -1, -1}, nil
	case cur < h.nSat && nxt < h.nSat:
		a, ok1 := h.ifTo[[2]int32{int32(cur), int32(nxt)}]
		b, ok2 := h.ifTo[[2]int32{int32(nxt), int32(cur)}]
		if !ok1 || !ok2 {
			return [3]int{}, fmt.Errorf("export: internal error: next hop %d → %d is no planned laser link", cur, nxt)
		}
		return [3]int{nxt, a, b}, nil
	case cur < h.nSat:
		return [3]int{nxt, h.numISL[cur], 0}, nil
	case nxt < h.nSat:
		return [3]int{nxt, 0, h.numISL[nxt]}, nil
	default:
		return [3]int{}, fmt.Errorf("export: internal error: ground-to-ground next hop %d → %d", cur, nxt)
	}
}

// WriteHypatia writes the network as Hypatia's files into the folder dir
// (made in a temporary folder beside it and renamed into place when
// complete; an earlier folder of that name is replaced):
//
//   - tles.txt: "ORBITS SATS_PER_ORBIT", then per satellite a name line
//     "<name> <id>" and its two TLE lines;
//   - isls.txt: the planned laser links "A B" (ns-3 lays them all; the
//     forwarding state uses those up at each step);
//   - ground_stations.basic.txt (id,name,lat,lon,elevation_m) and
//     ground_stations.txt (the same and x,y,z in metres on WGS-72, as
//     satgenpy's extend_ground_stations, which ns-3 reads);
//   - gsl_interfaces_info.txt: node,1,1.000000 for every node;
//   - description.txt: max_gsl_length_m and max_isl_length_m;
//   - dynamic_state_<step>ms_for_<duration>s/: fstate_<t>.txt and
//     gsl_if_bandwidth_<t>.txt for every step, t in nanoseconds since the
//     TLE epoch (the window's start).
//
// The network must use routing mode isl, share one TLE epoch that is the
// window's start, and have been prepared with Config.Forwarding.
func WriteHypatia(ctx context.Context, dir string, in *Input) error {
	net := in.Net
	if !net.Cfg.Forwarding {
		return fmt.Errorf("export: internal error: the network was prepared without forwarding state")
	}
	if err := hypatiaCheck(net); err != nil {
		return err
	}
	if err := in.checkSteps(MaxHypatiaSteps); err != nil {
		return err
	}
	h := newHypatiaNet(net)
	out, err := newDirWriter(dir)
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			out.abort()
		}
	}()
	if err := h.writeStatic(out); err != nil {
		return err
	}
	dyn := HypatiaDynamicDir(net.Cfg.Step, net.Cfg.Duration)
	if err := mkdir(out.path(dyn)); err != nil {
		return err
	}
	// forwarding state of the previous step, by orbitnet's destination
	// index and routing node
	fwd := make([][]int32, len(h.gs))
	for i := range fwd {
		fwd[i] = make([]int32, net.NumNodes())
		for v := range fwd[i] {
			fwd[i][v] = -1
		}
	}
	var line []byte
	sink := sim.SinkFunc(func(r *sim.StepResult) error {
		for _, e := range r.Forwarding {
			fwd[e.Dst][e.Node] = e.Next
		}
		tns := strconv.FormatInt(int64(r.Offset), 10)
		err := out.write(dyn+"/fstate_"+tns+".txt", func(w io.Writer) error {
			for cur := range h.nodes {
				v := int32(cur)
				if cur >= h.nSat {
					v = int32(net.GroundID(h.gs[cur-h.nSat]))
				}
				for d := range h.gs {
					if cur == h.nSat+d {
						continue
					}
					nxt := -1
					if x := fwd[d][v]; x >= 0 {
						if nxt = h.hypNode(sim.NodeID(x)); nxt < 0 {
							return fmt.Errorf("export: internal error: next hop %s is not a Hypatia node", net.NodeName(sim.NodeID(x)))
						}
					}
					dec, err := h.decision(cur, nxt)
					if err != nil {
						return err
					}
					slot := &h.current[cur*len(h.gs)+d]
					if dec == *slot {
						continue
					}
					*slot = dec
					line = strconv.AppendInt(line[:0], int64(cur), 10)
					line = append(line, ',')
					line = strconv.AppendInt(line, int64(h.nSat+d), 10)
					for _, x := range dec {
						line = append(line, ',')
						line = strconv.AppendInt(line, int64(x), 10)
					}
					line = append(line, '\n')
					if _, err := w.Write(line); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return out.write(dyn+"/gsl_if_bandwidth_"+tns+".txt", func(w io.Writer) error {
			if r.Index > 0 {
				return nil // the bandwidth never changes: later files are empty, as satgenpy writes them
			}
			for node := range h.nodes {
				ifc := 0
				if node < h.nSat {
					ifc = h.numISL[node]
				}
				if _, err := fmt.Fprintf(w, "%d,%d,%f\n", node, ifc, 1.0); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if _, err := sim.Run(ctx, net, sim.Options{Workers: in.Workers}, sink); err != nil {
		return err
	}
	if err := out.commit(); err != nil {
		return err
	}
	ok = true
	return nil
}

func (h *hypatiaNet) writeStatic(out *dirWriter) error {
	net := h.net
	c := net.Cfg.Constellation
	err := out.write("tles.txt", func(w io.Writer) error {
		orbits, per := 1, len(c.Sats)
		if len(c.Shells) == 1 && len(c.Unplaced) == 0 {
			sh := &c.Shells[0]
			regular := len(sh.Planes) > 0 && sh.Size() == len(c.Sats)
			for p, plane := range sh.Planes {
				for s, sat := range plane {
					regular = regular && len(plane) == len(sh.Planes[0]) && sat == p*len(plane)+s
				}
			}
			if regular {
				orbits, per = len(sh.Planes), len(sh.Planes[0])
			}
		}
		if _, err := fmt.Fprintf(w, "%d %d\n", orbits, per); err != nil {
			return err
		}
		for i, s := range c.Sats {
			l1, l2 := tle.Format(HypatiaElements(s.Elements))
			if _, err := fmt.Fprintf(w, "%s\n%s\n%s\n", hypatiaSatName(s.Name, i), l1, l2); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := out.write("isls.txt", func(w io.Writer) error {
		for _, l := range h.isls {
			if _, err := fmt.Fprintf(w, "%d %d\n", l[0], l[1]); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := out.write("ground_stations.basic.txt", func(w io.Writer) error {
		for i, g := range h.gs {
			nd := net.Cfg.Ground[g]
			if _, err := fmt.Fprintf(w, "%d,%s,%s,%s,%s\n", i, HypatiaName(nd.Name), trimFloat(nd.Pos.Lat.Deg()),
				trimFloat(nd.Pos.Lon.Deg()), trimFloat(nd.Pos.Alt.Km()*1000)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := out.write("ground_stations.txt", func(w io.Writer) error {
		for i, g := range h.gs {
			nd := net.Cfg.Ground[g]
			x, y, z := WGS72Cartesian(nd)
			if _, err := fmt.Fprintf(w, "%d,%s,%f,%f,%f,%f,%f,%f\n", i, HypatiaName(nd.Name), nd.Pos.Lat, nd.Pos.Lon,
				nd.Pos.Alt.Km()*1000, x, y, z); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := out.write("gsl_interfaces_info.txt", func(w io.Writer) error {
		for node := range h.nodes {
			if _, err := fmt.Fprintf(w, "%d,%d,%f\n", node, 1, 1.0); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	gslM, islM := h.maxLengthsM()
	return out.write("description.txt", func(w io.Writer) error {
		_, err := fmt.Fprintf(w, "max_gsl_length_m=%.10f\nmax_isl_length_m=%.10f\n", gslM, islM)
		return err
	})
}

// HypatiaElements returns the elements as tles.txt writes them, with the
// two placeholders Hypatia's own generator writes for orbitnet's Walker
// shells: an empty international designator becomes "00000ABC" (readers
// that split line 1 on white space find every field), and eccentricity 0
// becomes 1e-7 (PyEphem, which satgenpy uses, does not permit 0; the
// satellite moves by at most 0.7 m).
func HypatiaElements(e tle.Elements) tle.Elements {
	if strings.TrimSpace(e.IntlDesignator) == "" {
		e.IntlDesignator = "00000ABC"
	}
	if e.Eccentricity == 0 {
		e.Eccentricity = 1e-7
	}
	return e
}

// hypatiaSatName writes satellite i's name line as Hypatia reads it: a
// name without white space, a space and the index ("Kuiper-630 17"). A
// name already of that form (a Hypatia tles.txt read back) is kept.
func hypatiaSatName(name string, i int) string {
	id := strconv.Itoa(i)
	if f := strings.Fields(name); len(f) == 2 && f[1] == id && f[0]+" "+id == name {
		return name
	}
	n := HypatiaName(name)
	if n == "" {
		n = "sat"
	}
	return n + " " + id
}

// WGS72Cartesian returns a ground node's Earth-fixed coordinates in metres
// on the WGS-72 ellipsoid, as Hypatia's ground_stations.txt gives them.
func WGS72Cartesian(nd ground.Node) (x, y, z float64) {
	e2 := 2*wgs72F - wgs72F*wgs72F
	lat, lon := nd.Pos.Lat.Deg()*math.Pi/180, nd.Pos.Lon.Deg()*math.Pi/180
	h := nd.Pos.Alt.Km() * 1000
	v := wgs72A / math.Sqrt(1-e2*math.Sin(lat)*math.Sin(lat))
	return (v + h) * math.Cos(lat) * math.Cos(lon), (v + h) * math.Cos(lat) * math.Sin(lon), (v*(1-e2) + h) * math.Sin(lat)
}

// maxLengthsM returns description.txt's limits: the scenario's ranges
// when it sets them; otherwise, for ground links, the slant range at the
// elevation mask to the highest apogee, and for laser links the longest
// line of sight between two satellites at that height that clears the
// atmosphere limit, both over a sphere of WGS-72's equatorial radius (as
// Hypatia computes its own limits).
func (h *hypatiaNet) maxLengthsM() (gslM, islM float64) {
	cfg := &h.net.Cfg
	const re = wgs72A / 1000
	top := 0.0
	for _, s := range cfg.Constellation.Sats {
		e := s.Elements
		n := e.MeanMotion * 2 * math.Pi / 86400 // rad/s
		a := math.Cbrt(398600.8 / (n * n))      // km, WGS-72 μ
		top = math.Max(top, a*(1+e.Eccentricity)-re)
	}
	if gslM = cfg.GSL.MaxRange.Km() * 1000; gslM == 0 {
		el := cfg.GSL.MinElevation.Rad()
		r := re + top
		gslM = (math.Sqrt(r*r-re*re*math.Cos(el)*math.Cos(el)) - re*math.Sin(el)) * 1000
	}
	if islM = cfg.ISL.MaxRange.Km() * 1000; islM == 0 {
		r, floor := re+top, re+cfg.ISL.MinAltitude.Km()
		islM = 2 * math.Sqrt(r*r-floor*floor) * 1000
	}
	return gslM, islM
}
