package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// slurmUp makes sure a Slurm controller answers: it uses a running one, or
// starts the one-node cluster of .ci/slurm-setup.sh when run as root (and
// stops it after the test). It skips the test, saying why, where Slurm
// cannot be started.
func slurmUp(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: no Slurm jobs")
	}
	for _, b := range []string{"sbatch", "scontrol", "slurmctld", "slurmd", "munged"} {
		if _, err := exec.LookPath(b); err != nil {
			t.Skipf("Slurm cannot be started here: %s not installed (apt-get install slurm-wlm munge; .ci/run does)", b)
		}
	}
	if out, err := exec.Command("scontrol", "ping").CombinedOutput(); err == nil && bytes.Contains(out, []byte("is UP")) {
		return
	}
	if os.Getuid() != 0 {
		t.Skip("Slurm cannot be started here: no controller answers and starting one needs root (.ci/slurm-setup.sh)")
	}
	setup, err := filepath.Abs(filepath.Join("..", ".ci", "slurm-setup.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(setup, "start").CombinedOutput(); err != nil {
		t.Skipf("Slurm cannot be started here: %s start: %v: %s", setup, err, out)
	}
	t.Cleanup(func() { _ = exec.Command(setup, "stop").Run() })
}

// buildOrbitnet builds the command into a temporary folder for jobs to run.
func buildOrbitnet(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "orbitnet")
	cmd := exec.Command("go", "build", "-o", bin, "orbitnet/cmd/orbitnet")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v: %s", err, out)
	}
	return bin
}

// sbatchWait submits a script with sbatch --wait (it returns when every
// task of the array has ended) and reports failures with the tasks' logs.
func sbatchWait(t *testing.T, bin, script, dir string) error {
	cmd := exec.Command("sbatch", "--wait", "--parsable", script)
	cmd.Env = append(os.Environ(), "ORBITNET="+bin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		logs, _ := filepath.Glob(filepath.Join(dir, "logs", "*"))
		var b strings.Builder
		for _, l := range logs {
			data, _ := os.ReadFile(l)
			fmt.Fprintf(&b, "\n%s: %s", filepath.Base(l), data)
		}
		return fmt.Errorf("sbatch %s: %v: %s%s", script, err, out, b.String())
	}
	return nil
}

// TestSlurmArrays runs the plans of the merge test as Slurm job arrays of 4
// tasks on the local one-node cluster and checks that the merges equal
// single runs byte for byte; and a 20-variant sweep as a 20-task array.
func TestSlurmArrays(t *testing.T) {
	slurmUp(t)
	bin := buildOrbitnet(t)
	scens := shardScenarios(t)
	names := []string{"default", "ukraine", "small", "ukraine-stats"}
	tmp := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, len(names))
	for i, name := range names {
		plan := filepath.Join(tmp, name, "plan")
		out := mustRun(t, "plan", scens[name], "--shards", "4", "-o", plan, "--slurm", "--parallel", "2")
		if !strings.Contains(out, "4 shards") {
			t.Fatalf("plan: %q", out)
		}
		script, err := os.ReadFile(filepath.Join(plan, "orbitnet.sbatch"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(script), "#SBATCH --array=0-3%2\n") {
			t.Fatalf("orbitnet.sbatch lacks the array line:\n%s", script)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = sbatchWait(t, bin, filepath.Join(plan, "orbitnet.sbatch"), plan)
		}()
	}
	// and a 20-variant sweep as a 20-task array
	sweepPlan := filepath.Join(tmp, "sweep", "plan")
	mustRun(t, "plan", filepath.Join("testdata", "sweep.yaml"), "-o", sweepPlan, "--slurm", "--parallel", "4")
	if script, err := os.ReadFile(filepath.Join(sweepPlan, "orbitnet.sbatch")); err != nil || !strings.Contains(string(script), "#SBATCH --array=0-19%4\n") {
		t.Fatalf("sweep's orbitnet.sbatch: %v\n%s", err, script)
	}
	var sweepErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		sweepErr = sbatchWait(t, bin, filepath.Join(sweepPlan, "orbitnet.sbatch"), sweepPlan)
	}()
	wg.Wait()
	t.Run("sweep", func(t *testing.T) {
		if sweepErr != nil {
			t.Fatal(sweepErr)
		}
		out := filepath.Join(tmp, "sweep", "merged")
		mustRun(t, "merge", sweepPlan, "-o", out)
		checkSweep(t, out)
	})
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			dir := filepath.Join(tmp, name)
			mustRun(t, "run", scens[name], "-o", filepath.Join(dir, "run"), "--quiet")
			mustRun(t, "merge", filepath.Join(dir, "plan"), "-o", filepath.Join(dir, "merged"), "--quiet")
			sameFiles(t, filepath.Join(dir, "run"), filepath.Join(dir, "merged"))
		})
	}
}
