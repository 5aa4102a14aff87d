package shard

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"orbitnet/analysis"
	"orbitnet/sim"
)

// ErrBadShard marks problems with shards or plans (a usage error for the
// command line, as opposed to a failure while computing).
var ErrBadShard = errors.New("bad shard")

// Work computes shard i of the plan in dir and records it under
// dir/parts/shard=NNNNN/, atomically: the folder is written under a
// temporary name and renamed when complete, with the done marker inside.
// A shard that is already done for this plan is left alone (done is true).
// Leftovers of an earlier attempt that died are removed first.
func Work(ctx context.Context, dir string, p *Plan, i, workers int) (done bool, err error) {
	if i < 0 || i >= len(p.Shards) {
		return false, fmt.Errorf("%w: shard %d: the plan has shards 0 to %d", ErrBadShard, i, len(p.Shards)-1)
	}
	s := p.Shards[i]
	parts := filepath.Join(dir, PartsDir)
	final := filepath.Join(parts, ShardDir(i))
	if _, err := os.Stat(final); err == nil {
		if err := checkDone(final, p, s); err != nil {
			return false, fmt.Errorf("%w: %v (remove the folder to recompute it)", ErrBadShard, err)
		}
		return true, nil
	}
	if err := os.MkdirAll(parts, 0o755); err != nil {
		return false, err
	}
	stale, _ := filepath.Glob(filepath.Join(parts, "."+ShardDir(i)+".tmp-*"))
	for _, d := range stale {
		_ = os.RemoveAll(d)
	}
	tmp, err := os.MkdirTemp(parts, "."+ShardDir(i)+".tmp-*")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(tmp) // no-op after the rename
	compute := computeSteps
	if p.Kind == KindSweep {
		compute = computeVariant
	}
	if err := compute(ctx, p, s, workers, tmp); err != nil {
		return false, err
	}
	d := Done{Plan: p.Hash, Shard: i, First: s.First, End: s.End, Files: map[string]string{}}
	ents, err := os.ReadDir(tmp)
	if err != nil {
		return false, err
	}
	for _, e := range ents {
		h, err := fileSum(filepath.Join(tmp, e.Name()))
		if err != nil {
			return false, err
		}
		d.Files[e.Name()] = h
	}
	b, err := json.MarshalIndent(&d, "", "  ")
	if err != nil {
		return false, err
	}
	if err := writeFileAtomic(filepath.Join(tmp, DoneFile), append(b, '\n')); err != nil {
		return false, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return false, err
	}
	if err := os.Rename(tmp, final); err != nil {
		// another attempt of the same shard finished first
		if e := checkDone(final, p, s); e == nil {
			return true, nil
		}
		return false, err
	}
	return false, nil
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkDone reads a shard folder's done marker and checks it against the
// plan (hash, shard, steps, files present; verify also hashes the files).
func checkDone(folder string, p *Plan, s Shard) error {
	name := filepath.Join(folder, DoneFile)
	data, err := os.ReadFile(name)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s: missing: the shard folder is not a finished shard", name)
		}
		return err
	}
	var d Done
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return fmt.Errorf("%s: %w", name, jsonError(data, err))
	}
	if d.Plan != p.Hash {
		return fmt.Errorf("%s: plan %.12s…, this plan is %.12s… (a shard of another plan)", name, d.Plan, p.Hash)
	}
	if d.Shard != s.Index || d.First != s.First || d.End != s.End {
		return fmt.Errorf("%s: shard %d steps [%d, %d), the plan has shard %d steps [%d, %d)", name, d.Shard, d.First, d.End, s.Index, s.First, s.End)
	}
	for f := range d.Files {
		if strings.ContainsAny(f, `/\`) || f == DoneFile {
			return fmt.Errorf("%s: files: %q is not a table file name", name, f)
		}
		if _, err := os.Stat(filepath.Join(folder, f)); err != nil {
			return fmt.Errorf("%s: files: %s is missing", name, f)
		}
	}
	return nil
}

// computeSteps records the steps of shard s (and of the what-if baseline
// when the scenario has failures) into the folder tmp.
func computeSteps(ctx context.Context, p *Plan, s Shard, workers int, tmp string) error {
	sc, err := p.ResolveScenario()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadShard, err)
	}
	net, base, err := analysis.Networks(sc) // the networks orbitnet run computes
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadShard, err)
	}
	opts := sim.Options{Workers: workers, First: s.First, End: s.End}
	record := func(n *sim.Network, prefix string) error {
		pairs := len(n.PairList())
		w, err := newStepsWriter(tmp, prefix, n.Cfg.Forwarding, n.Cfg.TerminalStates, s.First, s.End, p.stepPairs(n), pairs)
		if err != nil {
			return err
		}
		res, err := sim.Run(ctx, n, opts, w)
		if err == nil {
			err = w.finishStats(res)
		}
		if err != nil {
			return w.close(err)
		}
		return w.finish()
	}
	if err := record(net, ""); err != nil {
		return err
	}
	if base != nil {
		return record(base, baselinePrefix)
	}
	return nil
}

// stepPairs returns how many pairs of n (from the start of its pair list)
// the shards record step by step: the listed ones with PairStats, else all.
func (p *Plan) stepPairs(n *sim.Network) int {
	if p.PairStats {
		return n.NumListed()
	}
	return len(n.PairList())
}
