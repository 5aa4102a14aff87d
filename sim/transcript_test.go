package sim_test

// Scenario transcripts (etcd raft's habit): each file under
// testdata/transcripts/ is a sequence of commands, each followed by "----"
// and the output it must produce, ended by a blank line:
//
//	network mode=isl constellation=starlink-gen1/550 duration=30s step=10s
//	Kyiv      50.4501,30.5234  station
//	New York  40.7128,-74.0060 station
//	pair Kyiv -> New York
//	----
//	1584 satellites, 2 ground nodes, 4 steps of 10s, mode isl
//
// Lines starting with "#" between commands are comments. Run with
// -rewrite to regenerate the expected outputs from the engine (then read
// the diff: it is the review). The commands:
//
//	network KEY=VALUE...      build a network; the input lines below it are
//	                          ground nodes ("NAME LAT,LON KIND [antennas=N]"),
//	                          pairs ("pair A -> B"), starlink homes
//	                          ("home USER -> POP") and what-if failures
//	                          ("fail sats|ground|jammed|isls from=D [until=D]
//	                          [fraction=F seed=S] [: NAME; NAME...]")
//	step D                    build the graph at offset D: laser links up,
//	                          forced handovers, each ground node's links
//	route A -> B              the path at the last step, node by node, and
//	                          its one-way delay and RTT
//	forward A -> B            follow the forwarding state (next hops toward
//	                          B) from A at the last step
//	run [workers=N]           sim.Run over the whole scenario: events of the
//	                          listed pairs and each pair's statistics; the
//	                          run is repeated with 1 and 2 workers and must
//	                          print the same
//
// Delays print to the microsecond (3 decimals of a millisecond), as in the
// outputs of orbitnet run.

import (
	"bufio"
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"orbitnet/constellation"
	"orbitnet/ground"
	"orbitnet/orbit/frame"
	"orbitnet/orbit/units"
	"orbitnet/sim"
	"orbitnet/starlink"
	"orbitnet/topology"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected outputs of testdata/transcripts/*.txt")

func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/transcripts/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no transcripts in testdata/transcripts")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			runTranscript(t, file)
		})
	}
}

// tcase is one command of a transcript with its expected output.
type tcase struct {
	line   int      // line of the command in the file
	cmd    string   // the command line
	input  []string // input lines after the command
	want   string   // expected output (lines joined by "\n", with a final "\n")
	before []string // comment and blank lines before the command
}

func parseTranscript(t *testing.T, file string) (cases []tcase, trailer []string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	n := 0
	var pending []string
	for sc.Scan() {
		n++
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			pending = append(pending, l)
			continue
		}
		c := tcase{line: n, cmd: l, before: pending}
		pending = nil
		sep := false
		for sc.Scan() {
			n++
			if sc.Text() == "----" {
				sep = true
				break
			}
			c.input = append(c.input, sc.Text())
		}
		if !sep {
			t.Fatalf("%s:%d: %q has no ---- line", file, c.line, c.cmd)
		}
		var out strings.Builder
		for sc.Scan() {
			n++
			if sc.Text() == "" {
				break
			}
			out.WriteString(sc.Text() + "\n")
		}
		c.want = out.String()
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases, pending
}

func runTranscript(t *testing.T, file string) {
	cases, trailer := parseTranscript(t, file)
	var e engine
	var rewritten strings.Builder
	for _, c := range cases {
		got, err := e.do(c.cmd, c.input)
		if err != nil {
			got = "error: " + err.Error() + "\n"
		}
		if *rewrite {
			for _, l := range c.before {
				rewritten.WriteString(l + "\n")
			}
			rewritten.WriteString(c.cmd + "\n")
			for _, l := range c.input {
				rewritten.WriteString(l + "\n")
			}
			rewritten.WriteString("----\n" + got + "\n")
			continue
		}
		if got != c.want {
			t.Errorf("%s:%d: %s\n--- got\n%s--- want\n%s", file, c.line, c.cmd, got, c.want)
		}
	}
	if *rewrite {
		for _, l := range trailer {
			if l != "" {
				rewritten.WriteString(l + "\n")
			}
		}
		out := strings.TrimSuffix(rewritten.String(), "\n")
		if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// engine is the transcript interpreter's state.
type engine struct {
	cfg    sim.Config
	net    *sim.Network
	ws     *sim.Workspace
	names  map[string]int // ground node name → index
	sats   map[string]int // satellite name → index
	stepOK bool
}

var transcriptStart = time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)

func (e *engine) do(cmd string, input []string) (string, error) {
	f := strings.Fields(cmd)
	switch f[0] {
	case "network":
		return e.network(f[1:], input)
	}
	if e.net == nil {
		return "", fmt.Errorf("%s before network", f[0])
	}
	if len(input) > 0 {
		return "", fmt.Errorf("%s takes no input lines", f[0])
	}
	switch f[0] {
	case "step":
		if len(f) != 2 {
			return "", fmt.Errorf("usage: step OFFSET")
		}
		d, err := time.ParseDuration(f[1])
		if err != nil {
			return "", err
		}
		return e.step(d), nil
	case "route", "forward":
		a, b, err := e.pair(strings.TrimSpace(strings.TrimPrefix(cmd, f[0])))
		if err != nil {
			return "", err
		}
		if !e.stepOK {
			return "", fmt.Errorf("%s before step", f[0])
		}
		if f[0] == "route" {
			return e.route(a, b), nil
		}
		return e.forward(a, b)
	case "run":
		return e.run()
	}
	return "", fmt.Errorf("unknown command %q", f[0])
}

func (e *engine) network(args []string, input []string) (string, error) {
	cfg := sim.Config{
		Start:    transcriptStart,
		Duration: time.Minute,
		Step:     10 * time.Second,
		ISL:      topology.ISLConfig{Pattern: topology.PlusGrid, MaxRange: 5016, MinAltitude: 80},
		GSL:      topology.GSLConfig{MinElevation: 25, Policy: topology.AnyVisible, Selection: topology.HighestElevation},
		Fiber:    sim.FiberConfig{RefractiveIndex: 1.468, RouteInflation: 1.5},
		Mode:     sim.ISLMode,
	}
	preset := "starlink-gen1/550"
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		if !ok {
			return "", fmt.Errorf("argument %q: want KEY=VALUE", a)
		}
		var err error
		switch k {
		case "mode":
			cfg.Mode = sim.Mode(v)
			if cfg.Mode == sim.Starlink {
				cfg.Starlink.Params = starlink.Defaults
			}
		case "constellation":
			preset = v
		case "duration":
			cfg.Duration, err = time.ParseDuration(v)
		case "step":
			cfg.Step, err = time.ParseDuration(v)
		case "mask":
			var deg float64
			deg, err = strconv.ParseFloat(v, 64)
			cfg.GSL.MinElevation = units.Deg(deg)
		case "policy":
			cfg.GSL.Policy = topology.GSLPolicy(v)
		case "isl":
			cfg.ISL.Pattern = topology.ISLPattern(v)
		case "mesh":
			cfg.Fiber.PoPMesh = v == "true"
		case "forwarding":
			cfg.Forwarding = v == "true"
		default:
			return "", fmt.Errorf("unknown network key %q", k)
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", k, err)
		}
	}
	c, err := constellation.FromPreset(preset, transcriptStart)
	if err != nil {
		return "", err
	}
	cfg.Constellation = c
	e.sats = map[string]int{}
	for i, s := range c.Sats {
		e.sats[s.Name] = i
	}
	e.names = map[string]int{}
	var pairs, fails []string
	for _, l := range input {
		switch {
		case strings.HasPrefix(l, "pair "):
			pairs = append(pairs, strings.TrimPrefix(l, "pair "))
		case strings.HasPrefix(l, "fail "):
			fails = append(fails, strings.TrimPrefix(l, "fail "))
		case strings.HasPrefix(l, "home "):
			u, p, ok := strings.Cut(strings.TrimPrefix(l, "home "), " -> ")
			if !ok {
				return "", fmt.Errorf("%q: want home USER -> POP", l)
			}
			if cfg.Starlink.Homes == nil {
				cfg.Starlink.Homes = map[string]string{}
			}
			cfg.Starlink.Homes[strings.TrimSpace(u)] = strings.TrimSpace(p)
		default:
			n, err := parseNode(l)
			if err != nil {
				return "", err
			}
			e.names[n.Name] = len(cfg.Ground)
			cfg.Ground = append(cfg.Ground, n)
		}
	}
	e.cfg = cfg
	for _, p := range pairs {
		a, b, err := e.pair(p)
		if err != nil {
			return "", err
		}
		cfg.Pairs = append(cfg.Pairs, [2]int{a, b})
	}
	for _, l := range fails {
		fl, err := e.failure(l)
		if err != nil {
			return "", err
		}
		cfg.Failures = append(cfg.Failures, fl)
	}
	e.cfg = cfg
	e.net, err = sim.NewNetwork(cfg)
	if err != nil {
		e.net = nil
		return "", err
	}
	e.ws = e.net.NewWorkspace()
	e.stepOK = false
	return fmt.Sprintf("%d satellites, %d ground nodes, %d steps of %v, mode %s\n",
		len(c.Sats), len(cfg.Ground), cfg.Steps(), cfg.Step, cfg.Mode), nil
}

// parseNode reads "NAME LAT,LON KIND [antennas=N]"; NAME may hold spaces.
func parseNode(l string) (ground.Node, error) {
	f := strings.Fields(l)
	var n ground.Node
	if len(f) > 0 && strings.HasPrefix(f[len(f)-1], "antennas=") {
		a, err := strconv.Atoi(strings.TrimPrefix(f[len(f)-1], "antennas="))
		if err != nil {
			return n, fmt.Errorf("%q: %w", l, err)
		}
		n.Antennas = a
		f = f[:len(f)-1]
	}
	if len(f) < 3 {
		return n, fmt.Errorf("%q: want NAME LAT,LON KIND", l)
	}
	kind, err := ground.ParseKind(f[len(f)-1])
	if err != nil {
		return n, fmt.Errorf("%q: %w", l, err)
	}
	la, lo, ok := strings.Cut(f[len(f)-2], ",")
	lat, err1 := strconv.ParseFloat(la, 64)
	lon, err2 := strconv.ParseFloat(lo, 64)
	if !ok || err1 != nil || err2 != nil {
		return n, fmt.Errorf("%q: position %q is not LAT,LON", l, f[len(f)-2])
	}
	n.Name = strings.Join(f[:len(f)-2], " ")
	n.Kind = kind
	n.Pos = frame.Geodetic{Lat: units.Deg(lat), Lon: units.Deg(lon)}
	return n, nil
}

func (e *engine) pair(s string) (a, b int, err error) {
	x, y, ok := strings.Cut(s, " -> ")
	if !ok {
		return 0, 0, fmt.Errorf("%q: want A -> B", s)
	}
	x, y = strings.TrimSpace(x), strings.TrimSpace(y)
	a, ok1 := e.names[x]
	b, ok2 := e.names[y]
	if !ok1 || !ok2 {
		return 0, 0, fmt.Errorf("%q: unknown ground node", s)
	}
	return a, b, nil
}

func (e *engine) failure(l string) (sim.Failure, error) {
	spec, list, _ := strings.Cut(l, ":")
	f := strings.Fields(spec)
	var fl sim.Failure
	if len(f) == 0 {
		return fl, fmt.Errorf("fail %q: no kind", l)
	}
	fl.Name = strings.TrimSpace(spec)
	switch f[0] {
	case "sats":
		fl.Kind = sim.SatellitesDown
	case "isls":
		fl.Kind = sim.ISLsDown
	case "ground":
		fl.Kind = sim.GroundDown
	case "jammed":
		fl.Kind = sim.Jammed
	default:
		return fl, fmt.Errorf("fail %q: kind must be sats, isls, ground or jammed", l)
	}
	for _, a := range f[1:] {
		k, v, _ := strings.Cut(a, "=")
		var err error
		switch k {
		case "from":
			fl.From, err = time.ParseDuration(v)
		case "until":
			fl.Until, err = time.ParseDuration(v)
		case "fraction":
			fl.Fraction, err = strconv.ParseFloat(v, 64)
		case "seed":
			fl.Seed, err = strconv.ParseUint(v, 10, 64)
		default:
			err = fmt.Errorf("unknown key")
		}
		if err != nil {
			return fl, fmt.Errorf("fail %q: %s: %w", l, k, err)
		}
	}
	for _, name := range strings.Split(list, ";") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if fl.Kind == sim.SatellitesDown {
			s, ok := e.sats[name]
			if !ok {
				return fl, fmt.Errorf("fail %q: unknown satellite %q", l, name)
			}
			fl.Sats = append(fl.Sats, s)
			continue
		}
		g, ok := e.names[name]
		if !ok {
			return fl, fmt.Errorf("fail %q: unknown ground node %q", l, name)
		}
		fl.Ground = append(fl.Ground, g)
	}
	return fl, nil
}

func (e *engine) step(d time.Duration) string {
	if e.cfg.GSL.Policy == topology.SlotScheduled {
		// The slot scheduler's assignments depend on the steps before
		// within the slot: replay the run's steps from the slot's first
		// one, as Run would have built them.
		slot := topology.SlotStart(e.cfg.Start.Add(d)).Sub(e.cfg.Start)
		for o := max(0, (slot+e.cfg.Step-1)/e.cfg.Step*e.cfg.Step); o < d; o += e.cfg.Step {
			e.ws.Build(o)
		}
	}
	e.ws.Build(d)
	e.stepOK = true
	var b strings.Builder
	fmt.Fprintf(&b, "t=%v: %d laser links up", d, len(e.ws.ISLs))
	if e.cfg.GSL.Policy == topology.SlotScheduled {
		fmt.Fprintf(&b, ", %d forced handovers", e.ws.Forced)
	}
	b.WriteString("\n")
	for g, n := range e.cfg.Ground {
		fmt.Fprintf(&b, "  %s:", n.Name)
		if e.ws.GroundDown(g) {
			b.WriteString(" down\n")
			continue
		}
		if len(e.ws.GSL[g]) == 0 {
			fmt.Fprintf(&b, " no link (%d visible)\n", len(e.ws.Vis[g]))
			continue
		}
		if gsl := e.ws.GSL[g]; len(gsl) > 2 {
			// Many links (policy any): the count and the shortest.
			best := slices.MinFunc(gsl, func(x, y topology.Visible) int { return cmp.Compare(x.Range, y.Range) })
			fmt.Fprintf(&b, " %d links, shortest %s %.3f ms", len(gsl), e.cfg.Constellation.Sats[best.Sat].Name, best.Delay())
		} else {
			for _, v := range gsl {
				fmt.Fprintf(&b, " %s %.3f ms", e.cfg.Constellation.Sats[v.Sat].Name, v.Delay())
			}
		}
		fmt.Fprintf(&b, " (%d visible)\n", len(e.ws.Vis[g]))
	}
	return b.String()
}

func (e *engine) route(a, b int) string {
	v, path := e.ws.Route(a, b, nil)
	if !v.Reachable() {
		return "unreachable\n"
	}
	names := make([]string, path.Len())
	for i, n := range path.All() {
		names[i] = e.net.NodeName(n)
	}
	return fmt.Sprintf("%s\none-way %.3f ms, RTT %.3f ms, %d hops\n",
		strings.Join(names, " → "), v.Delay, v.RTT(), v.Hops)
}

// forward follows the next hops toward b from a. The workspace's
// forwarding state is a change list after its first call, so a fresh
// workspace is built at the same offset to read the full table.
func (e *engine) forward(a, b int) (string, error) {
	dsts := e.net.ForwardingDsts()
	di := slices.Index(dsts, b)
	if di < 0 {
		return "", fmt.Errorf("%s is not a forwarding destination (forwarding=true, and a listed pair ending there)", e.cfg.Ground[b].Name)
	}
	ws := e.net.NewWorkspace()
	ws.Build(e.ws.Offset)
	entries, full := ws.Forwarding(nil)
	if !full {
		return "", fmt.Errorf("first forwarding table is not full")
	}
	next := map[sim.NodeID]sim.NodeID{}
	count := 0
	for _, h := range entries {
		if int(h.Dst) == di {
			if to, ok := h.To(); ok {
				next[h.At()] = to
			}
			count++
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "%d nodes route toward %s\n", count, e.cfg.Ground[b].Name)
	v := e.net.GroundID(a)
	dst := e.net.GroundID(b)
	names := []string{e.net.NodeName(v)}
	for steps := 0; v != dst; steps++ {
		n, ok := next[v]
		if !ok || steps > e.net.NumNodes() {
			names = append(names, "(no route)")
			break
		}
		v = n
		names = append(names, e.net.NodeName(v))
	}
	out.WriteString(strings.Join(names, " → ") + "\n")
	return out.String(), nil
}

func (e *engine) run() (string, error) {
	var outs [2]string
	for w := 1; w <= 2; w++ {
		o, err := e.runWorkers(w)
		if err != nil {
			return "", err
		}
		outs[w-1] = o
	}
	if outs[0] != outs[1] {
		return "", fmt.Errorf("1 and 2 workers differ:\n%s---\n%s", outs[0], outs[1])
	}
	return outs[0], nil
}

func (e *engine) runWorkers(workers int) (string, error) {
	var b strings.Builder
	pairs := e.net.PairList()
	pname := func(k int) string {
		return e.cfg.Ground[pairs[k][0]].Name + " -> " + e.cfg.Ground[pairs[k][1]].Name
	}
	sat := func(s int32) string {
		if s < 0 {
			return "-"
		}
		return e.cfg.Constellation.Sats[s].Name
	}
	fwd := 0
	res, err := sim.Run(context.Background(), e.net, sim.Options{Workers: workers}, sim.SinkFunc(func(r *sim.StepResult) error {
		fwd += len(r.Forwarding)
		for _, ev := range r.Events {
			fmt.Fprintf(&b, "t=%v %s %s", r.Offset, pname(ev.Pair), ev.Kind)
			switch ev.Kind {
			case sim.Handover:
				fmt.Fprintf(&b, " up %s→%s down %s→%s", sat(ev.FirstFrom), sat(ev.FirstTo), sat(ev.LastFrom), sat(ev.LastTo))
			}
			fmt.Fprintf(&b, " %s → %s ms\n", ms(ev.OldDelay.Ms()), ms(ev.NewDelay.Ms()))
		}
		return nil
	}))
	if err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "%d steps", res.Steps)
	if e.cfg.GSL.Policy == topology.SlotScheduled {
		fmt.Fprintf(&b, ", %d forced handovers", res.ForcedHandovers)
	}
	if e.cfg.Forwarding {
		fmt.Fprintf(&b, ", %d forwarding entries written", fwd)
	}
	b.WriteString("\n")
	for k := range e.cfg.Pairs {
		st := &res.Stats[k]
		fmt.Fprintf(&b, "%s: ", pname(k))
		if st.Hist.N() == 0 {
			fmt.Fprintf(&b, "never reachable in %d steps\n", st.Steps)
			continue
		}
		fmt.Fprintf(&b, "RTT min %.3f median %.3f p95 %.3f max %.3f ms, hops %d–%d, %d path changes, %d handovers, %d unreachable steps\n",
			st.MinRTT, st.Hist.Quantile(0.5), st.Hist.Quantile(0.95), st.MaxRTT,
			st.MinHops, st.MaxHops, st.PathChanges, st.Handovers, st.Unreachable)
	}
	return b.String(), nil
}

// ms prints a one-way delay to the microsecond, "inf" when unreachable.
func ms(v float64) string {
	if v > 1e300 {
		return "inf"
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}
