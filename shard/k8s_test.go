package shard

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"orbitnet/scenario"
)

func testPlan(t testing.TB, shards int) *Plan {
	t.Helper()
	src, err := scenario.ReadSource(filepath.Join("..", "cli", "testdata", "small.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Make(src, shards)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestK8sJobsDecodeStrictly decodes the generated manifests with the
// upstream Kubernetes API types, strictly (an unknown or misplaced field
// fails), and checks the Indexed Job's settings.
func TestK8sJobsDecodeStrictly(t *testing.T) {
	p := testPlan(t, 5)
	text := p.K8s(K8sOptions{Image: "registry.example/orbitnet:1.0", Parallelism: 2})
	docs := strings.Split(text, "\n---\n")
	if len(docs) != 2 {
		t.Fatalf("%d YAML documents, want 2", len(docs))
	}
	var jobs [2]batchv1.Job
	for i, d := range docs {
		if err := yaml.UnmarshalStrict([]byte(d), &jobs[i]); err != nil {
			t.Fatalf("document %d: %v\n%s", i, err, d)
		}
		if jobs[i].APIVersion != "batch/v1" || jobs[i].Kind != "Job" {
			t.Errorf("document %d: %s %s", i, jobs[i].APIVersion, jobs[i].Kind)
		}
		spec := jobs[i].Spec.Template.Spec
		if spec.RestartPolicy != corev1.RestartPolicyNever || len(spec.Containers) != 1 || spec.Containers[0].Image != "registry.example/orbitnet:1.0" {
			t.Errorf("document %d: pod spec %+v", i, spec)
		}
		if len(spec.Volumes) != 1 || spec.Volumes[0].PersistentVolumeClaim == nil || spec.Containers[0].VolumeMounts[0].MountPath != "/plan" {
			t.Errorf("document %d: volumes %+v", i, spec.Volumes)
		}
	}
	w := jobs[0].Spec
	if w.CompletionMode == nil || *w.CompletionMode != batchv1.IndexedCompletion {
		t.Errorf("completionMode %v, want Indexed", w.CompletionMode)
	}
	if w.Completions == nil || *w.Completions != 5 || w.Parallelism == nil || *w.Parallelism != 2 {
		t.Errorf("completions %v, parallelism %v", w.Completions, w.Parallelism)
	}
	if w.BackoffLimitPerIndex == nil || *w.BackoffLimitPerIndex != 3 {
		t.Errorf("backoffLimitPerIndex %v", w.BackoffLimitPerIndex)
	}
	if got := strings.Join(w.Template.Spec.Containers[0].Args, " "); got != "worker /plan" {
		t.Errorf("worker args %q", got)
	}
	if got := strings.Join(jobs[1].Spec.Template.Spec.Containers[0].Args, " "); got != "merge /plan -o /plan/out --quiet" {
		t.Errorf("merge args %q", got)
	}
	if jobs[1].Spec.CompletionMode != nil {
		t.Errorf("merge Job is indexed")
	}

	// a misspelt field is refused by the strict decoding this test relies on
	bad := strings.Replace(docs[0], "backoffLimitPerIndex", "backoffLimitPerIndx", 1)
	if err := yaml.UnmarshalStrict([]byte(bad), &batchv1.Job{}); err == nil {
		t.Error("strict decoding accepted an unknown field")
	}
}

func TestSlurmScript(t *testing.T) {
	p := testPlan(t, 3)
	s := p.Slurm("/shared/plan dir", 0)
	for _, want := range []string{"#!/bin/sh\n", "#SBATCH --array=0-2%3\n", "#SBATCH --output=/shared/plan dir/logs/worker-%A_%a.out\n",
		`exec "${ORBITNET:-orbitnet}" worker '/shared/plan dir' --shard "$SLURM_ARRAY_TASK_ID"`} {
		if !strings.Contains(s, want) {
			t.Errorf("script lacks %q:\n%s", want, s)
		}
	}
	if s2 := p.Slurm("/p", 2); !strings.Contains(s2, "--array=0-2%2\n") {
		t.Errorf("parallel 2:\n%s", s2)
	}
	// #SBATCH lines must come before the first command
	lines := strings.Split(s, "\n")
	cmd := false
	for _, l := range lines {
		if strings.HasPrefix(l, "#SBATCH") && cmd {
			t.Errorf("#SBATCH after a command: %q", l)
		}
		if l != "" && !strings.HasPrefix(l, "#") {
			cmd = true
		}
	}
	if !bytes.Contains([]byte(p.jobName()), []byte("orbitnet-small")) {
		t.Errorf("job name %q", p.jobName())
	}
}
