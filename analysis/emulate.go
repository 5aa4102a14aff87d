package analysis

import (
	"context"

	"orbitnet/emulate"
	"orbitnet/report"
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
