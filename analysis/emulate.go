package analysis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"orbitnet/emulate"
	"orbitnet/ground"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

// Emulation is the engine's side of an emulation: the emulated pairs with
// their link schedules, and the output folder, which holds the engine's
// rtt.csv and events.csv for the same pairs and which Commit completes
// with the emulation's emulation.csv.
type Emulation struct {
	Pairs []emulate.Pair // A and B are the endpoints' ground node names
	outs  *Outputs
}

// PrepareEmulation computes cfg's listed pairs (named names) with the
// engine, writes rtt.csv and events.csv into the staging folder of dir and
// returns the pairs' schedules. Abort drops the folder unless committed.
func PrepareEmulation(ctx context.Context, cfg sim.Config, names [][2]string, dir string) (*Emulation, error) {
	net, err := sim.NewNetwork(cfg)
	if err != nil {
		return nil, &InputError{Err: err}
	}
	outs, err := NewOutputs(dir)
	if err != nil {
		return nil, err
	}
	e := &Emulation{outs: outs}
	if err := e.engineOutputs(ctx, net, names); err != nil {
		outs.Abort()
		return nil, err
	}
	scheds, err := emulate.SchedulesFromSim(ctx, net, sim.Options{})
	if err != nil {
		outs.Abort()
		return nil, err
	}
	endpoint := func(i int) string { return cfg.Ground[i].Name }
	for k, p := range cfg.Pairs {
		e.Pairs = append(e.Pairs, emulate.Pair{Name: names[k][0] + " – " + names[k][1],
			A: endpoint(p[0]), B: endpoint(p[1]), Schedule: scheds[k]})
	}
	return e, nil
}

// engineOutputs writes the engine's rtt.csv and events.csv for the pairs.
func (e *Emulation) engineOutputs(ctx context.Context, net *sim.Network, names [][2]string) error {
	rttF, err := e.outs.Create("rtt.csv")
	if err != nil {
		return err
	}
	evF, err := e.outs.Create("events.csv")
	if err != nil {
		return err
	}
	csvw, err := report.NewCSVWriter(rttF, evF, net, names)
	if err != nil {
		return err
	}
	if _, err := sim.Run(ctx, net, sim.Options{}, csvw); err != nil {
		return err
	}
	return csvw.Flush()
}

// Commit writes the emulation's records to emulation.csv and commits the
// folder.
func (e *Emulation) Commit(recs []emulate.Record) error {
	if err := emulate.WriteCSV(e.outs.Path("emulation.csv"), recs); err != nil {
		return err
	}
	return e.outs.Commit()
}

// Abort drops the folder's new files (a no-op after Commit).
func (e *Emulation) Abort() { e.outs.Abort() }

// EmulationConfig returns sc's configuration with its pairs replaced by
// the places of pairs, each given as "FROM,TO" (a lat,lon place written
// lat;lon), and the names typed for them. A node reached by another name
// of its city takes the first name typed for it (scenario.AdoptName), as
// in run and rtt: --pair Kyiv,Frankfurt names the node "Frankfurt", not
// "Frankfurt am Main".
func EmulationConfig(sc *scenario.Scenario, pairs []string) (sim.Config, [][2]string, error) {
	cfg := sc.Config
	cfg.Ground = append([]ground.Node(nil), cfg.Ground...)
	cfg.Pairs = nil
	cfg.AllPairs = false
	var names [][2]string
	named := map[int]bool{}
	place := func(name string) (int, error) {
		k, err := scenario.PlaceIndex(&cfg, name)
		if err == nil && !named[k] {
			named[k] = scenario.AdoptName(&cfg, k, name) || strings.EqualFold(cfg.Ground[k].Name, name)
		}
		return k, err
	}
	for _, p := range pairs {
		a, b, err := splitPair(p)
		if err != nil {
			return cfg, nil, inputErr(err)
		}
		ia, err := place(a)
		if err != nil {
			return cfg, nil, inputErr(err)
		}
		ib, err := place(b)
		if err != nil {
			return cfg, nil, inputErr(err)
		}
		if ia == ib {
			return cfg, nil, inputf("--pair %s: both ends are %s", p, cfg.Ground[ia].Name)
		}
		cfg.Pairs = append(cfg.Pairs, [2]int{ia, ib})
		names = append(names, [2]string{a, b})
	}
	return cfg, names, nil
}

// splitPair splits "FROM,TO". Places given as lat,lon are written with a
// semicolon inside a pair: "50.45;30.52,Frankfurt".
func splitPair(p string) (string, string, error) {
	a, b, ok := strings.Cut(p, ",")
	if !ok || strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" || strings.Contains(b, ",") {
		return "", "", fmt.Errorf("--pair %q: want FROM,TO (write a lat,lon place as lat;lon)", p)
	}
	fix := func(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), ";", ",") }
	return fix(a), fix(b), nil
}

// EmulationRun is one emulation: Config's pairs (named Names) emulated at
// Speed into Dir, running Command (if any) in the first pair's FROM
// namespace for at most Config.Duration of emulated time, or else until
// Config.Duration or ctx ends.
type EmulationRun struct {
	Config  sim.Config
	Names   [][2]string
	Command []string
	Speed   float64
	Dir     string
	// Log receives the emulator's messages (nil: none); Stdout and Stderr
	// the command's output.
	Log, Stdout, Stderr io.Writer
	// Started is called once the namespaces are up.
	Started func(*emulate.Emulator)
}

// Emulate runs r: the engine's outputs, the emulation, then
// emulation.csv, committed all together. It returns the emulation's
// statistics and, apart, the command's error.
func Emulate(ctx context.Context, r EmulationRun) (stats emulate.Stats, cmdErr, err error) {
	prep, err := PrepareEmulation(ctx, r.Config, r.Names, r.Dir)
	if err != nil {
		return stats, nil, err
	}
	defer prep.Abort() // no-op after commit
	em, err := emulate.Start(ctx, emulate.Config{Speed: r.Speed, Duration: r.Config.Duration, Log: r.Log, Pairs: prep.Pairs})
	if err != nil {
		if errors.Is(err, emulate.ErrNotPermitted) || errors.Is(err, emulate.ErrNoTUN) {
			return stats, nil, inputErr(err)
		}
		return stats, nil, err
	}
	defer em.Close()
	if r.Started != nil {
		r.Started(em)
	}
	if len(r.Command) > 0 {
		cctx := ctx
		if r.Config.Duration > 0 {
			var cancel context.CancelFunc
			cctx, cancel = context.WithTimeout(ctx, time.Duration(float64(r.Config.Duration)/r.Speed))
			defer cancel()
		}
		cmdErr = em.RunCommand(cctx, prep.Pairs[0].A, r.Command, nil, r.Stdout, r.Stderr)
		if cctx.Err() != nil && ctx.Err() == nil {
			cmdErr = nil // stopped at the end of the duration
		}
	} else {
		cmdErr = em.Run(ctx)
		if errors.Is(cmdErr, context.Canceled) {
			cmdErr = nil
		}
	}
	recs := em.Records()
	stats = em.Stats()
	if err := em.Close(); err != nil {
		return stats, cmdErr, err
	}
	return stats, cmdErr, prep.Commit(recs)
}
