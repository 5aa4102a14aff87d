package analysis

import (
	"fmt"

	"orbitnet/report"
)

// terminalsOutput writes terminals.csv and terminal_timeline.csv (and, on
// request, their Parquet copies) and the terminal plot, and puts the
// per-terminal statistics into summary.json, when the scenario asks for
// them (scenario.WantsTerminals). It sits before summaryOutput in the
// table so that the statistics are in the summary when it is written.
func terminalsOutput(r *runState, outs *[]output) {
	if !r.sc.WantsTerminals() || len(r.net.Terminals()) == 0 {
		return
	}
	t := report.NewTerminals(r.net, r.sc.PairNames)
	files := []string{"terminals.csv", "terminal_timeline.csv"}
	parquet := r.sc.File.Output.TerminalsParquet
	if parquet {
		files = append(files, "terminals.parquet", "terminal_timeline.parquet")
	}
	*outs = append(*outs, output{files: files, step: t.Step, finish: func() ([]string, error) {
		t.Finish()
		r.summary.Terminals = t.Summaries()
		f, err := r.outs.Create("terminals.csv")
		if err != nil {
			return nil, err
		}
		if err := report.WriteTerminalsCSV(f, r.summary.Terminals); err != nil {
			return nil, err
		}
		tf, err := r.outs.Create("terminal_timeline.csv")
		if err != nil {
			return nil, err
		}
		if err := t.WriteTimelineCSV(tf); err != nil {
			return nil, err
		}
		if parquet {
			if err := report.WriteTerminalsParquet(r.outs.Path("terminals.parquet"), r.summary.Terminals); err != nil {
				return nil, err
			}
			if err := t.WriteTimelineParquet(r.outs.Path("terminal_timeline.parquet")); err != nil {
				return nil, err
			}
		}
		if !*r.sc.File.Output.Plots {
			return nil, nil
		}
		name, err := t.PlotTerminal(r.sc.File.Name+": serving satellite and RTT", r.outs.Path("terminal.png"), r.outs.Path("terminal.svg"))
		if err != nil {
			return nil, fmt.Errorf("terminal plot: %w", err)
		}
		if name == "" {
			return nil, nil
		}
		return []string{"terminal.png", "terminal.svg"}, nil
	}})
}
