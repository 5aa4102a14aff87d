package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"orbitnet/shard"
)

func newMergeCmd(env Env) *cobra.Command {
	var outDir string
	var quiet bool
	cmd := &cobra.Command{
		Use:   "merge DIR [-o OUT]",
		Short: "Merge the shards of a plan into a run's outputs",
		Long: `Merge checks that every shard of the plan in DIR is done (each exactly once,
for this plan, with its files' hashes) and replays them in order into the
outputs "orbitnet run" writes: rtt.csv, events.csv, summary.json, plots and the
optional files, byte for byte the same. Nothing is written when a shard is
missing or does not match.`,
		Example: `  orbitnet merge plan/ukraine -o out/ukraine`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			p, err := shard.Read(dir)
			if err != nil {
				return asUsage(err)
			}
			if err := shard.Check(dir, p); err != nil {
				return asUsage(err)
			}
			sc, err := p.ResolveScenario()
			if err != nil {
				return asUsage(err)
			}
			if outDir == "" {
				outDir = filepath.Join("out", sc.File.Name)
			}
			if p.Kind == shard.KindSweep {
				return mergeSweep(env, dir, p, outDir)
			}
			return runScenario(cmd.Context(), env, sc, outDir, 1, quiet, shard.Engine(dir, p))
		},
	}
	cmd.Flags().StringVarP(&outDir, "out", "o", "", "output folder (default out/<scenario name>)")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "no progress messages")
	return cmd
}

// mergeSweep writes a sweep's table and resilience plot and prints the table.
func mergeSweep(env Env, dir string, p *shard.Plan, outDir string) error {
	rows, err := shard.MergeSweep(dir, p, outDir)
	if errors.Is(err, shard.ErrBadShard) {
		return asUsage(err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%-50s %10s %10s %10s %12s\n", "variant", "reachable", "median ms", "p95 ms", "path changes")
	for i, r := range rows {
		var ps []string
		for _, pr := range p.Shards[i].Params {
			ps = append(ps, pr.Key+"="+pr.Value)
		}
		fmt.Fprintf(env.Stdout, "%-50s %9.2f%% %10s %10s %12d\n", clipName(strings.Join(ps, " "), 50), 100*r.ReachableFrac, fmtOpt(r.MedianRTTMs), fmtOpt(r.P95RTTMs), r.PathChanges)
	}
	fmt.Fprintf(env.Stdout, "\n%d variants; wrote %s in %s\n", len(rows), strings.Join(shard.SweepFiles, ", "), outDir)
	return nil
}
