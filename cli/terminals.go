package cli

import (
	"fmt"
	"io"

	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

// newTerminals returns the per-terminal collector when the run writes
// terminals.csv (output.terminals, or a scenario with moving nodes), else nil.
func newTerminals(sc *scenario.Scenario, net *sim.Network) *report.Terminals {
	if !sc.WantsTerminals() {
		return nil
	}
	if len(net.Terminals()) == 0 {
		return nil
	}
	return report.NewTerminals(net, sc.PairNames)
}

// writeTerminals writes terminals.csv, terminal_timeline.csv (and .parquet
// on request) and the terminal plot, and puts the statistics in summary.
func writeTerminals(outs *outputs, sc *scenario.Scenario, t *report.Terminals, summary *report.Summary, written []string) ([]string, error) {
	t.Finish()
	summary.Terminals = t.Summaries()
	f, err := outs.create("terminals.csv")
	if err != nil {
		return written, err
	}
	if err := report.WriteTerminalsCSV(f, summary.Terminals); err != nil {
		return written, err
	}
	tf, err := outs.create("terminal_timeline.csv")
	if err != nil {
		return written, err
	}
	if err := t.WriteTimelineCSV(tf); err != nil {
		return written, err
	}
	written = append(written, "terminals.csv", "terminal_timeline.csv")
	if sc.File.Output.TerminalsParquet {
		if err := report.WriteTerminalsParquet(outs.path("terminals.parquet"), summary.Terminals); err != nil {
			return written, err
		}
		if err := t.WriteTimelineParquet(outs.path("terminal_timeline.parquet")); err != nil {
			return written, err
		}
		written = append(written, "terminals.parquet", "terminal_timeline.parquet")
	}
	if *sc.File.Output.Plots {
		name, err := t.PlotTerminal(sc.File.Name+": serving satellite and RTT", outs.path("terminal.png"), outs.path("terminal.svg"))
		if err != nil {
			return written, fmt.Errorf("terminal plot: %w", err)
		}
		if name != "" {
			written = append(written, "terminal.png", "terminal.svg")
		}
	}
	return written, nil
}

// printTerminals prints the per-terminal table (at most 20 rows).
func printTerminals(w io.Writer, ts []report.TerminalSummary) {
	if len(ts) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%-24s %6s %9s %11s %11s %11s %10s %10s\n", "terminal", "moving", "handover", "service s", "laser-only", "outage s", "median ms", "p95 ms")
	for i, t := range ts {
		if i == 20 {
			fmt.Fprintf(w, "… %d more terminals in terminals.csv\n", len(ts)-20)
			break
		}
		fmt.Fprintf(w, "%-24s %6t %9d %11.0f %11.0f %11.0f %10s %10s\n", clipName(t.Name, 24), t.Moving, t.Handovers,
			t.InService, t.LaserOnly, t.Outage["total"], fmtOpt(t.RTT.Median), fmtOpt(t.RTT.P95))
	}
	for _, t := range ts {
		if sp := t.LongestLaserOnly; sp != nil && t.Moving {
			fmt.Fprintf(w, "%s: longest laser-only stretch %.0f–%.0f s (%.0f min): no gateway saw its satellite\n",
				t.Name, sp.FromS, sp.UntilS, (sp.UntilS-sp.FromS)/60)
		}
	}
}
