package cli

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"orbitnet/shard"
)

// shardEnv lists the variables a cluster engine sets to a job array's index.
var shardEnv = []string{"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"}

func newWorkerCmd(env Env) *cobra.Command {
	var index, workers int
	cmd := &cobra.Command{
		Use:   "worker DIR [--shard I]",
		Short: "Compute one shard of a plan",
		Long: `Worker computes shard I of the plan in DIR and writes its Parquet tables to
DIR/parts/shard=NNNNN/ with a done marker; the folder appears only when
complete. A shard already done is left alone. Without --shard, I is taken
from SLURM_ARRAY_TASK_ID (a Slurm job array) or JOB_COMPLETION_INDEX (a
Kubernetes Indexed Job).`,
		Example: `  orbitnet worker plan/ukraine --shard 3`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if !cmd.Flags().Changed("shard") {
				index = -1
				for _, v := range shardEnv {
					if s, ok := os.LookupEnv(v); ok {
						i, err := strconv.Atoi(s)
						if err != nil || i < 0 {
							return usagef("%s=%q: not a shard index", v, s)
						}
						index = i
						break
					}
				}
				if index < 0 {
					return usagef("worker: give --shard I (or set SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)")
				}
			}
			if workers < 0 {
				return usagef("--workers %d: must be ≥ 1 (0 = all cores)", workers)
			}
			p, err := shard.Read(dir)
			if err != nil {
				return asUsage(err)
			}
			done, err := shard.Work(cmd.Context(), dir, p, index, workers)
			if errors.Is(err, shard.ErrBadShard) {
				return asUsage(err)
			}
			if err != nil {
				return fmt.Errorf("shard %d: %w", index, err)
			}
			s := p.Shards[index]
			if done {
				fmt.Fprintf(env.Stdout, "shard %d of %d (steps %d to %d) was already done\n", index, len(p.Shards), s.First, s.End-1)
			} else {
				fmt.Fprintf(env.Stdout, "shard %d of %d: steps %d to %d done\n", index, len(p.Shards), s.First, s.End-1)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&index, "shard", 0, "shard index (default: $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX)")
	cmd.Flags().IntVar(&workers, "workers", 0, "worker goroutines (default: all cores)")
	return cmd
}
