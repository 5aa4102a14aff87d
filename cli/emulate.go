package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"orbitnet/analysis"
	"orbitnet/emulate"
	"orbitnet/ground"
	"orbitnet/scenario"
	"orbitnet/sim"
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
			cfg := sc.Config
			cfg.Ground = append([]ground.Node(nil), cfg.Ground...)
			cfg.Pairs = nil
			cfg.AllPairs = false
			var names [][2]string
			for _, p := range pairs {
				a, b, err := splitPair(p)
				if err != nil {
					return asUsage(err)
				}
				ia, err := scenario.PlaceIndex(&cfg, a)
				if err != nil {
					return asUsage(err)
				}
				ib, err := scenario.PlaceIndex(&cfg, b)
				if err != nil {
					return asUsage(err)
				}
				if ia == ib {
					return usagef("--pair %s: both ends are %s", p, cfg.Ground[ia].Name)
				}
				cfg.Pairs = append(cfg.Pairs, [2]int{ia, ib})
				names = append(names, [2]string{a, b})
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
			return runEmulation(cmd.Context(), env, cfg, names, command, speed, outDir, quiet)
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

func runEmulation(ctx context.Context, env Env, cfg sim.Config, names [][2]string, command []string, speed float64, outDir string, quiet bool) error {
	prep, err := analysis.PrepareEmulation(ctx, cfg, names, outDir)
	if err != nil {
		return err
	}
	defer prep.Abort() // no-op after commit
	ecfg := emulate.Config{Speed: speed, Duration: cfg.Duration}
	if !quiet {
		ecfg.Log = env.Stderr
	}
	ecfg.Pairs = prep.Pairs
	em, err := emulate.Start(ctx, ecfg)
	if err != nil {
		if errors.Is(err, emulate.ErrNotPermitted) || errors.Is(err, emulate.ErrNoTUN) {
			return &UsageError{Err: err}
		}
		return err
	}
	defer em.Close()
	for _, ep := range em.Endpoints() {
		fmt.Fprintf(env.Stdout, "%-30s %-15s ip netns exec %s ...\n", ep, em.Addr(ep), em.NamespaceName(ep))
	}
	var runErr error
	if len(command) > 0 {
		from := prep.Pairs[0].A
		cctx := ctx
		if cfg.Duration > 0 {
			var cancel context.CancelFunc
			cctx, cancel = context.WithTimeout(ctx, time.Duration(float64(cfg.Duration)/speed))
			defer cancel()
		}
		runErr = em.RunCommand(cctx, from, command, nil, env.Stdout, env.Stderr)
		if cctx.Err() != nil && ctx.Err() == nil {
			runErr = nil // stopped at the end of the duration
		}
	} else {
		fmt.Fprintf(env.Stdout, "emulating for %s of emulated time at ×%g; Ctrl-C stops\n", cfg.Duration, speed)
		runErr = em.Run(ctx)
		if errors.Is(runErr, context.Canceled) {
			runErr = nil
		}
	}
	recs := em.Records()
	stats := em.Stats()
	if err := em.Close(); err != nil {
		return err
	}
	if err := prep.Commit(recs); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\n%-44s %9s %9s %12s %12s %12s\n", "direction", "packets", "dropped", "err p50", "err p99", "err max")
	for _, d := range stats.Directions {
		fmt.Fprintf(env.Stdout, "%-44s %9d %9d %12s %12s %12s\n", clipName(d.From+" → "+d.To, 44), d.Forwarded, d.Dropped(),
			d.DelayError.P50, d.DelayError.P99, d.DelayError.Max)
	}
	fmt.Fprintf(env.Stdout, "wrote emulation.csv, rtt.csv, events.csv in %s\n", outDir)
	if runErr != nil {
		return fmt.Errorf("command: %w", runErr)
	}
	return nil
}
