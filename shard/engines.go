package shard

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
)

// Files the cluster-engine generators write into a plan folder.
const (
	SlurmFile = "orbitnet.sbatch"
	K8sFile   = "k8s.yaml"
)

// jobName derives a name for jobs from the plan's scenario: lower-case
// letters, digits and dashes (a Kubernetes DNS-1123 label), at most 40
// characters so that suffixes fit in 63.
func (p *Plan) jobName() string {
	base := filepath.Base(strings.TrimPrefix(p.Scenario.Name, "embedded:"))
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			if s := b.String(); s != "" && !strings.HasSuffix(s, "-") {
				b.WriteByte('-')
			}
		}
	}
	name := strings.Trim(b.String(), "-")
	if len(name) > 30 {
		name = strings.Trim(name[:30], "-")
	}
	if name == "" {
		name = "run"
	}
	return "orbitnet-" + name
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Slurm returns an sbatch script that runs every shard of the plan in dir
// (an absolute path every node sees) as a job array, at most parallel at
// once (0: all). The orbitnet binary is $ORBITNET, or orbitnet on PATH.
func (p *Plan) Slurm(dir string, parallel int) string {
	n := len(p.Shards)
	if parallel <= 0 || parallel > n {
		parallel = n
	}
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/sh\n")
	fmt.Fprintf(&b, "# orbitnet plan %.12s: %d shards of %s (%d steps).\n", p.Hash, n, p.Scenario.Name, p.Steps)
	fmt.Fprintf(&b, "# Submit, then merge once every task has finished:\n")
	fmt.Fprintf(&b, "#   jid=$(sbatch --parsable %s)\n", shellQuote(filepath.Join(dir, SlurmFile)))
	fmt.Fprintf(&b, "#   sbatch --dependency=afterok:$jid --wrap \"orbitnet merge %s -o OUT\"\n", shellQuote(dir))
	fmt.Fprintf(&b, "#SBATCH --job-name=%s\n", p.jobName())
	fmt.Fprintf(&b, "#SBATCH --array=0-%d%%%d\n", n-1, parallel)
	fmt.Fprintf(&b, "#SBATCH --output=%s\n", filepath.Join(dir, "logs", "worker-%A_%a.out"))
	fmt.Fprintf(&b, "#SBATCH --ntasks=1\n")
	fmt.Fprintf(&b, "set -eu\n")
	fmt.Fprintf(&b, "exec \"${ORBITNET:-orbitnet}\" worker %s --shard \"$SLURM_ARRAY_TASK_ID\"\n", shellQuote(dir))
	return b.String()
}

// WriteSlurm writes the Slurm script into dir (and the logs folder it names).
func WriteSlurm(dir string, p *Plan, parallel int) error {
	if err := mkdirs(filepath.Join(dir, "logs")); err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, SlurmFile), []byte(p.Slurm(dir, parallel)))
}

// K8sOptions shapes the Kubernetes Jobs.
type K8sOptions struct {
	Image string
	// Parallelism is the number of shards running at once (0: all).
	Parallelism int
	// BackoffLimitPerIndex is the number of retries of each shard (default 3).
	BackoffLimitPerIndex int
	// Claim is the PersistentVolumeClaim holding the plan folder (default
	// orbitnet-plan), mounted at MountPath (default /plan).
	Claim, MountPath string
}

// K8s returns two Kubernetes batch/v1 Jobs as one YAML stream: an Indexed
// Job whose pods run the shards (the index comes as JOB_COMPLETION_INDEX)
// and a merge Job to start once the first has completed.
func (p *Plan) K8s(o K8sOptions) string {
	n := len(p.Shards)
	if o.Parallelism <= 0 || o.Parallelism > n {
		o.Parallelism = n
	}
	if o.BackoffLimitPerIndex <= 0 {
		o.BackoffLimitPerIndex = 3
	}
	if o.Claim == "" {
		o.Claim = "orbitnet-plan"
	}
	if o.MountPath == "" {
		o.MountPath = "/plan"
	}
	if o.Image == "" {
		o.Image = "orbitnet:latest"
	}
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	name := p.jobName()
	pod := func(container string, args []string) string {
		var qa []string
		for _, a := range args {
			qa = append(qa, q(a))
		}
		return fmt.Sprintf(`  template:
    metadata:
      labels:
        app.kubernetes.io/name: orbitnet
        orbitnet/plan: %s
    spec:
      restartPolicy: Never
      containers:
        - name: %s
          image: %s
          args: [%s]
          volumeMounts:
            - name: plan
              mountPath: %s
      volumes:
        - name: plan
          persistentVolumeClaim:
            claimName: %s
`, q(p.Hash[:12]), container, q(o.Image), strings.Join(qa, ", "), q(o.MountPath), q(o.Claim))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# orbitnet plan %.12s: %d shards of %s (%d steps).\n", p.Hash, n, p.Scenario.Name, p.Steps)
	fmt.Fprintf(&b, "# The plan folder must be on the volume %s, mounted at %s.\n", o.Claim, o.MountPath)
	fmt.Fprintf(&b, "# Apply the workers, wait, then apply the merge Job (see docs/scale-out.md):\n")
	fmt.Fprintf(&b, "#   kubectl wait --for=condition=complete --timeout=24h job/%s-workers\n", name)
	fmt.Fprintf(&b, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: %s-workers\nspec:\n", name)
	fmt.Fprintf(&b, "  completionMode: Indexed\n  completions: %d\n  parallelism: %d\n  backoffLimitPerIndex: %d\n", n, o.Parallelism, o.BackoffLimitPerIndex)
	b.WriteString(pod("worker", []string{"worker", o.MountPath}))
	fmt.Fprintf(&b, "---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: %s-merge\nspec:\n  backoffLimit: 2\n", name)
	b.WriteString(pod("merge", []string{"merge", o.MountPath, "-o", o.MountPath + "/out", "--quiet"}))
	return b.String()
}

// WriteK8s writes the Kubernetes Jobs into dir.
func WriteK8s(dir string, p *Plan, o K8sOptions) error {
	return writeFileAtomic(filepath.Join(dir, K8sFile), []byte(p.K8s(o)))
}
