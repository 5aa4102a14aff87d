package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"orbitnet/analysis"
	"orbitnet/emulate"
	"orbitnet/scenario"
)

func newEmulateCmd(env Env) *cobra.Command {
	var pairs []string
	var speed float64
	var duration, outDir string
	var cleanup, quiet bool
	cmd := &cobra.Command{
		Use:   "emulate [SCENARIO] --pair FROM,TO [--pair ...] [-- COMMAND ...]",
		Short: "Run real applications over the scenario's paths in Linux network namespaces",
		Long: `emulate creates one network namespace per endpoint, each with a TUN interface
whose other end this process holds, and forwards every packet after the one-way
delay of the current path as the engine computes it, dropping packets during
outages. With a COMMAND it runs it in the first pair's FROM namespace with the
peer's address in $ORBITNET_PEER (also substituted in the arguments) and stops
when it ends or after --duration; otherwise it prints how to enter the
namespaces with ip netns exec and runs for --duration (or until Ctrl-C).
It writes emulation.csv and the engine's rtt.csv into the output folder.
Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN). Each run removes the
namespaces of earlier runs that were killed (their process is gone) before it
starts; --cleanup removes them, and any other unused orbitnet- namespace,
without starting a run.`,
		Example: `  sudo orbitnet emulate --pair Kyiv,Frankfurt --duration 30s -- ping -c 20 '$ORBITNET_PEER'
  sudo orbitnet emulate starlink-gen1 --pair Kyiv,Frankfurt --pair Warsaw,London --duration 5m
  sudo orbitnet emulate --cleanup`,
		RunE: func(cmd *cobra.Command, args []string) error {
			dash := cmd.ArgsLenAtDash()
			var command []string
			if dash >= 0 {
				command = args[dash:]
				args = args[:dash]
			}
			if len(args) > 1 {
				return usagef("emulate takes at most one SCENARIO before --; got %q", strings.Join(args, " "))
			}
			if cleanup {
				if err := emulate.CheckPrivileges(); err != nil {
					return &UsageError{Err: err}
				}
				return emulate.Cleanup(env.Stdout)
			}
			if len(pairs) == 0 {
				return usagef("emulate needs at least one --pair FROM,TO")
			}
			if !(speed >= 0.001 && speed <= 1000) {
				return usagef("--speed %v: must be in [0.001, 1000]", speed)
			}
			if err := emulate.CheckPrivileges(); err != nil {
				return &UsageError{Err: err}
			}
			name := scenario.Default
			if len(args) == 1 {
				name = args[0]
			}
			sc, err := scenario.Load(name)
			if err != nil {
				return asUsage(err)
			}
			cfg, names, err := analysis.EmulationConfig(sc, pairs)
			if err != nil {
				return err
			}
			if duration != "" {
				if d, err := time.ParseDuration(duration); err != nil || d <= 0 {
					return usagef("--duration %q: not a positive duration like 30s", duration)
				}
				if err := overrideTimes(&cfg, duration, ""); err != nil {
					return err
				}
			}
			if outDir == "" {
				outDir = filepath.Join("out", sc.File.Name+"-emulation")
			}
			return runEmulation(cmd.Context(), env, analysis.EmulationRun{Config: cfg, Names: names, Command: command,
				Speed: speed, Dir: outDir}, quiet)
		},
	}
	cmd.Flags().StringArrayVar(&pairs, "pair", nil, "FROM,TO: two places (city names or scenario ground nodes); repeatable")
	cmd.Flags().Float64Var(&speed, "speed", 1, "emulated seconds per real second")
	cmd.Flags().StringVar(&duration, "duration", "", "emulated time to run (default: the scenario's duration)")
	cmd.Flags().StringVarP(&outDir, "out", "o", "", "output folder (default out/<scenario>-emulation)")
	cmd.Flags().BoolVar(&cleanup, "cleanup", false, "remove namespaces left by a run that was killed")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "fewer messages")
	return cmd
}

func runEmulation(ctx context.Context, env Env, r analysis.EmulationRun, quiet bool) error {
	r.Stdout, r.Stderr = env.Stdout, env.Stderr
	if !quiet {
		r.Log = env.Stderr
	}
	r.Started = func(em *emulate.Emulator) {
		for _, ep := range em.Endpoints() {
			fmt.Fprintf(env.Stdout, "%-30s %-15s ip netns exec %s ...\n", ep, em.Addr(ep), em.NamespaceName(ep))
		}
		if len(r.Command) == 0 {
			fmt.Fprintf(env.Stdout, "emulating for %s of emulated time at ×%g; Ctrl-C stops\n", r.Config.Duration, r.Speed)
		}
	}
	stats, cmdErr, err := analysis.Emulate(ctx, r)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\n%-44s %9s %9s %12s %12s %12s\n", "direction", "packets", "dropped", "err p50", "err p99", "err max")
	for _, d := range stats.Directions {
		fmt.Fprintf(env.Stdout, "%-44s %9d %9d %12s %12s %12s\n", clipName(d.From+" → "+d.To, 44), d.Forwarded, d.Dropped(),
			d.DelayError.P50, d.DelayError.P99, d.DelayError.Max)
	}
	fmt.Fprintf(env.Stdout, "wrote emulation.csv, rtt.csv, events.csv in %s\n", r.Dir)
	if cmdErr != nil {
		return fmt.Errorf("command: %w", cmdErr)
	}
	return nil
}
