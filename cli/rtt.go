package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"orbitnet/analysis"
	"orbitnet/scenario"
	"orbitnet/sim"
)

func newRTTCmd(env Env) *cobra.Command {
	var scen, duration, step, at string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "rtt FROM TO",
		Short: "Quick RTT between two places: series summary, or the path at one instant",
		Long: `rtt answers for one pair: FROM and TO are city names (the embedded top-1000
list, with aliases such as Kiev/Kyiv) or "lat,lon" in degrees, or names of the
scenario's ground nodes. Places not in the scenario are added to it as
stations. Without --at it prints the RTT series' statistics and a sparkline;
with --at it prints the path at that instant hop by hop.`,
		Example: `  orbitnet rtt "New York" London
  orbitnet rtt Kyiv Frankfurt --scenario starlink-gen1 --duration 5m --step 1s
  orbitnet rtt 50.45,30.52 "Rio de Janeiro" --at 30s`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				fmt.Fprint(env.Stderr, cmd.UsageString())
				return usagef("rtt needs two places, FROM and TO (got %d argument%s)", len(args), plural(len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON && at != "" {
				return usagef("--json applies to the series summary, not to --at")
			}
			sc, err := scenario.Load(scen)
			if err != nil {
				return asUsage(err)
			}
			pair, err := analysis.NewRTTPair(sc, args[0], args[1])
			if err != nil {
				return err
			}
			cfg := pair.Config
			if err := overrideTimes(&cfg, duration, step); err != nil {
				return err
			}
			net, err := sim.NewNetwork(cfg)
			if err != nil {
				return usagef("%v", err)
			}
			names := pair.Names
			if at != "" {
				off, err := parseAt(at, cfg.Start)
				if err != nil {
					return asUsage(err)
				}
				if off < 0 || off > cfg.Duration {
					return usagef("--at %s: outside the scenario's time range, %s to %s (start + %s); --duration extends it",
						at, cfg.Start.Format(TimeFormat), cfg.Start.Add(cfg.Duration).Format(TimeFormat), cfg.Duration)
				}
				printPath(env, net, analysis.RTTPathAt(net, pair.Idx, off), names, off)
				return nil
			}
			return printSeries(cmd.Context(), env, net, names, sc.File.Name, asJSON)
		},
	}
	cmd.Flags().StringVar(&scen, "scenario", scenario.Default, "embedded scenario name or YAML file")
	cmd.Flags().StringVar(&duration, "duration", "", "override the scenario's duration")
	cmd.Flags().StringVar(&step, "step", "", "override the scenario's step")
	cmd.Flags().StringVar(&at, "at", "", "one instant inside the scenario: an offset from the start (30s), an RFC 3339 time or a date")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the series summary as one JSON object (see docs/outputs.md)")
	return cmd
}

func parseAt(s string, start time.Time) (time.Duration, error) {
	if d, err := time.ParseDuration(s); err == nil {
		return d, nil
	}
	t, err := scenario.ParseTime(s)
	if err != nil {
		return 0, fmt.Errorf("--at %q: neither an offset like 30s nor an RFC 3339 time or a date", s)
	}
	return t.Sub(start), nil
}

func printPath(env Env, net *sim.Network, p *analysis.PathAt, names [2]string, off time.Duration) {
	pv, geo, km := p.Value, p.GeodesicRTT, p.Geodesic
	fmt.Fprintf(env.Stdout, "%s → %s at %s (start + %s), %s routing\n", names[0], names[1],
		p.Time.Format(TimeFormat), off, net.Cfg.Mode)
	if !pv.Reachable() {
		fmt.Fprintf(env.Stdout, "unreachable (geodesic %.0f km, %.3f ms RTT at c)\n", km, geo)
		return
	}
	fmt.Fprintf(env.Stdout, "%-4s %-34s %-34s %10s %10s\n", "hop", "from", "to", "km", "ms")
	for i, h := range p.Hops {
		fmt.Fprintf(env.Stdout, "%-4d %-34s %-34s %10.1f %10.3f\n", i+1, clipName(net.NodeName(h.From), 34),
			clipName(net.NodeName(h.To), 34), h.Length, h.Delay)
	}
	fmt.Fprintf(env.Stdout, "one-way %.3f ms, RTT %.3f ms over %d hops; geodesic %.0f km, %.3f ms RTT at c (stretch %.2f×)\n",
		pv.Delay, pv.RTT(), pv.Hops, km, geo, pv.RTT().Ms()/geo.Ms())
	if p.Parts != nil {
		printStarlinkParts(env, *p.Parts, net.Cfg.Starlink.Params)
	}
}

func printSeries(ctx context.Context, env Env, net *sim.Network, names [2]string, scen string, asJSON bool) error {
	s, err := analysis.RTTSeries(ctx, net, names, scen)
	if err != nil {
		return err
	}
	if asJSON {
		js, err := s.JSON()
		if err != nil {
			return err
		}
		_, err = env.Stdout.Write(js)
		return err
	}
	ps := s.Doc.Pair
	fmt.Fprintf(env.Stdout, "%s → %s: %d steps of %s from %s, %s routing\n", names[0], names[1], s.Doc.Steps,
		net.Cfg.Step, net.Cfg.Start.Format(TimeFormat), net.Cfg.Mode)
	fmt.Fprintf(env.Stdout, "RTT ms: min %s  median %s  p95 %s  max %s   geodesic at c %.3f (%.0f km)\n",
		fmtOpt(ps.MinRTTMs), fmtOpt(ps.MedianRTTMs), fmtOpt(ps.P95RTTMs), fmtOpt(ps.MaxRTTMs), ps.GeodesicRTTMs, ps.GeodesicKm)
	fmt.Fprintf(env.Stdout, "path changes %d, handovers %d, unreachable %.1f s\n", ps.PathChanges, ps.Handovers, ps.UnreachableS)
	fmt.Fprintln(env.Stdout, s.Sparkline)
	return nil
}
