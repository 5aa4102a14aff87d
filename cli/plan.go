package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"orbitnet/scenario"
	"orbitnet/shard"
)

func newPlanCmd(env Env) *cobra.Command {
	var outDir string
	var shards, parallel int
	var slurm, k8s bool
	var image string
	cmd := &cobra.Command{
		Use:   "plan [SCENARIO] --shards N -o DIR",
		Short: "Split a run into shards for a cluster (Slurm job array, Kubernetes Indexed Job)",
		Long: `Plan writes DIR/plan.json: the scenario's text, the hashes of the files it
refers to and, per shard, a range of steps that starts a scheduler slot.
Run "orbitnet worker DIR --shard I" for every shard (on any machine that sees
DIR), then "orbitnet merge DIR -o OUT": OUT then holds the same files as
"orbitnet run SCENARIO -o OUT", byte for byte. --slurm also writes
DIR/orbitnet.sbatch (a job array) and --k8s DIR/k8s.yaml (an Indexed Job and a
merge Job); see docs/scale-out.md. A scenario with a sweep: key plans one
shard per variant instead, and merge writes sweep.csv and a resilience plot.`,
		Example: `  orbitnet plan ukraine --shards 4 -o plan/ukraine --slurm
  sbatch plan/ukraine/orbitnet.sbatch
  orbitnet plan big.yaml --shards 64 -o plan/big --k8s --parallel 16 --image registry.example/orbitnet:1.0`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if outDir == "" {
				return usagef("plan: -o DIR is required")
			}
			if parallel < 0 {
				return usagef("--parallel %d: must be ≥ 1 (0 = all shards at once)", parallel)
			}
			name := scenario.Default
			if len(args) > 0 {
				name = args[0]
			}
			src, err := scenario.ReadSource(name)
			if err != nil {
				return asUsage(err)
			}
			p, err := shard.Make(src, shards)
			if err != nil {
				return asUsage(err)
			}
			if err := p.Write(outDir); err != nil {
				if errors.Is(err, shard.ErrBadShard) {
					return asUsage(err)
				}
				return err
			}
			written := []string{shard.PlanFile}
			abs, err := filepath.Abs(outDir)
			if err != nil {
				return err
			}
			if slurm {
				if err := shard.WriteSlurm(abs, p, parallel); err != nil {
					return err
				}
				written = append(written, shard.SlurmFile)
			}
			if k8s {
				if err := shard.WriteK8s(abs, p, shard.K8sOptions{Image: image, Parallelism: parallel}); err != nil {
					return err
				}
				written = append(written, shard.K8sFile)
			}
			if p.Kind == shard.KindSweep {
				fmt.Fprintf(env.Stdout, "sweep of %d variants, one shard each (--shards does not apply); ", len(p.Shards))
			}
			fmt.Fprintf(env.Stdout, "%d shards of %d steps (plan %.12s); wrote %s in %s\n",
				len(p.Shards), p.Steps, p.Hash, strings.Join(written, ", "), outDir)
			if p.PairStats {
				fmt.Fprintf(env.Stdout, "no output reads the steps of the pairs beyond the listed ones: the shards record them as per-pair statistics (pair_stats)\n")
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&outDir, "out", "o", "", "plan folder (required)")
	cmd.Flags().IntVar(&shards, "shards", 4, "number of shards")
	cmd.Flags().BoolVar(&slurm, "slurm", false, "also write orbitnet.sbatch, a Slurm job array")
	cmd.Flags().BoolVar(&k8s, "k8s", false, "also write k8s.yaml, a Kubernetes Indexed Job and a merge Job")
	cmd.Flags().IntVar(&parallel, "parallel", 0, "shards running at once (Slurm %K, Kubernetes parallelism; 0 = all)")
	cmd.Flags().StringVar(&image, "image", "orbitnet:latest", "container image of the Kubernetes Jobs")
	return cmd
}
