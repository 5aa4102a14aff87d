// Package shard splits a scenario run into shards that run apart (on a
// cluster's job array) and merges their recorded steps back, exactly.
//
// A plan (plan.json in the plan folder) carries everything a worker needs:
// the scenario's text, the SHA-256 of every file it refers to, and per
// shard a range of steps [first, end) that starts a scheduler slot (see
// sim.SplitSteps). A worker computes its range with sim.Run (Options.First
// and End) and records every step in Parquet files under
// parts/shard=NNNNN/ (a hive layout), with a done marker naming the plan's
// hash; the folder appears atomically. Merging replays the shards in order
// through sim.Replayer, which finds the events and accumulates the
// statistics as one run would, so the merged outputs equal a single run's
// byte for byte.
package shard

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"orbitnet/analysis"
	"orbitnet/scenario"
	"orbitnet/sim"
)

// Format is the version of plan.json this package writes and reads.
const Format = 1

// MaxShards caps --shards (and a plan's shard list).
const MaxShards = 100_000

// PlanFile is the manifest's name inside a plan folder.
const PlanFile = "plan.json"

// Plan is a shard manifest.
type Plan struct {
	Format int `json:"format"`
	// Scenario is the scenario's text and where relative paths in it
	// resolve; workers parse this text, never the original file.
	Scenario Input `json:"scenario"`
	// Files are the files the scenario refers to, with their hashes; a
	// worker refuses to run when one differs.
	Files []FileHash `json:"files,omitempty"`
	// Kind is KindSteps (shards are ranges of one run's steps) or
	// KindSweep (shards are the variants of the scenario's sweep key, each
	// a whole run).
	Kind string `json:"kind"`
	// Steps is the number of steps of the whole run.
	Steps  int     `json:"steps"`
	Shards []Shard `json:"shards"`
	// PairStats: the shards record the pairs beyond the listed ones
	// (all_pairs) as per-pair statistics (table pairstats) instead of their
	// values at every step, because no output of the run reads those
	// (analysis.ListedStepsOnly).
	PairStats bool `json:"pair_stats,omitempty"`
	// Hash is the SHA-256 of this manifest with Hash empty; done markers
	// and merges check it.
	Hash string `json:"hash"`
}

// Input is a scenario's text.
type Input struct {
	Name   string `json:"name"`          // as given to plan (path or embedded:NAME)
	Dir    string `json:"dir,omitempty"` // absolute folder relative paths resolve against
	SHA256 string `json:"sha256"`
	Text   string `json:"text"`
}

// FileHash is one referenced file.
type FileHash struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// Plan kinds.
const (
	KindSteps = "steps"
	KindSweep = "sweep"
)

// Shard is one unit of work: steps [First, End) of the run, or of a
// sweep's variant (Params).
type Shard struct {
	Index  int              `json:"index"`
	First  int              `json:"first"`
	End    int              `json:"end"`
	Params []scenario.Param `json:"params,omitempty"`
}

// Make plans the scenario read from src in at most shards shards.
func Make(src *scenario.Source, shards int) (*Plan, error) {
	if shards < 1 || shards > MaxShards {
		return nil, fmt.Errorf("--shards %d: must be between 1 and %d", shards, MaxShards)
	}
	sc, err := scenario.Parse(src.Name, src.Dir, src.Data)
	if err != nil {
		return nil, err
	}
	p := &Plan{Format: Format, Scenario: Input{Name: src.Name, Dir: src.Dir, SHA256: sum(src.Data), Text: string(src.Data)}}
	for _, f := range scenario.ReferencedFiles(&sc.File, src.Dir) {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src.Name, err)
		}
		p.Files = append(p.Files, FileHash{Path: f, SHA256: sum(data)})
	}
	p.Steps = sc.Config.Steps()
	if sc.File.Sweep != nil {
		variants, err := sweepVariants(p)
		if err != nil {
			return nil, err
		}
		p.Kind = KindSweep
		for i, v := range variants {
			p.Shards = append(p.Shards, Shard{Index: i, First: 0, End: p.Steps, Params: v.Params})
		}
	} else {
		p.Kind = KindSteps
		for i, r := range sim.SplitSteps(&sc.Config, shards) {
			p.Shards = append(p.Shards, Shard{Index: i, First: r[0], End: r[1]})
		}
		p.PairStats = sc.Config.AllPairs && analysis.ListedStepsOnly(sc)
	}
	if len(p.Shards) == 0 {
		return nil, fmt.Errorf("%s: the scenario has no steps to shard", src.Name)
	}
	p.Hash, err = p.hash()
	if err != nil {
		return nil, err
	}
	return p, nil
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func (p *Plan) hash() (string, error) {
	q := *p
	q.Hash = ""
	b, err := json.Marshal(&q)
	if err != nil {
		return "", err
	}
	return sum(b), nil
}

// Write creates dir and writes plan.json into it atomically. It refuses a
// folder that holds shards of a different plan.
func (p *Plan) Write(dir string) error {
	if old, err := Read(dir); err == nil && old.Hash != p.Hash {
		if folders, err := listShards(dir); err == nil && len(folders) > 0 {
			return fmt.Errorf("%w: %s holds %d shards of another plan (%.12s…): remove them or choose another folder", ErrBadShard, dir, len(folders), old.Hash)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, PartsDir), 0o755); err != nil {
		return fmt.Errorf("plan folder: %w", err)
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, PlanFile), append(b, '\n'))
}

// maxPlanBytes caps plan.json (the scenario text is its bulk).
const maxPlanBytes = 64 << 20

// Read reads and checks dir/plan.json. Errors name the file and the field.
func Read(dir string) (*Plan, error) {
	name := filepath.Join(dir, PlanFile)
	f, err := os.Open(name)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no plan here (make one with orbitnet plan)", name)
		}
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPlanBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > maxPlanBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB", name, maxPlanBytes>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: %w", name, jsonError(data, err))
	}
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &p, nil
}

// jsonError adds the line to a JSON syntax or type error.
func jsonError(data []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
		if te.Field != "" {
			err = fmt.Errorf("field %s: %w", te.Field, err)
		}
	}
	if off < 0 || off > int64(len(data)) {
		return err
	}
	return fmt.Errorf("line %d: %w", 1+bytes.Count(data[:off], []byte("\n")), err)
}

func (p *Plan) check() error {
	if p.Format != Format {
		return fmt.Errorf("format: %d, this orbitnet reads format %d", p.Format, Format)
	}
	if got, _ := p.hash(); got != p.Hash {
		return fmt.Errorf("hash: %q does not match the manifest's content (%s): the plan was edited", p.Hash, got)
	}
	if sum([]byte(p.Scenario.Text)) != p.Scenario.SHA256 {
		return errors.New("scenario.sha256: does not match scenario.text")
	}
	if len(p.Shards) == 0 || len(p.Shards) > MaxShards {
		return fmt.Errorf("shards: %d shards, want 1 to %d", len(p.Shards), MaxShards)
	}
	if p.Kind == KindSweep {
		if p.PairStats {
			return errors.New("pair_stats: a sweep's shards record each variant's outcome")
		}
		for i, s := range p.Shards {
			if s.Index != i || s.First != 0 || s.End != p.Steps || len(s.Params) == 0 {
				return fmt.Errorf("shards[%d]: a sweep's shard %d runs steps [0, %d) of one variant (params)", i, i, p.Steps)
			}
		}
		return nil
	}
	if p.Kind != KindSteps {
		return fmt.Errorf("kind: %q, want %q or %q", p.Kind, KindSteps, KindSweep)
	}
	next := 0
	for i, s := range p.Shards {
		if s.Index != i || s.First != next || s.End <= s.First || s.End > p.Steps {
			return fmt.Errorf("shards[%d]: index %d, steps [%d, %d): want index %d and a range starting at %d within %d steps", i, s.Index, s.First, s.End, i, next, p.Steps)
		}
		next = s.End
	}
	if next != p.Steps {
		return fmt.Errorf("shards: cover steps [0, %d), the run has %d", next, p.Steps)
	}
	return nil
}

// ResolveScenario checks the referenced files' hashes and resolves the
// scenario's text.
func (p *Plan) ResolveScenario() (*scenario.Scenario, error) {
	if err := p.checkFiles(); err != nil {
		return nil, err
	}
	sc, err := scenario.Parse(p.Scenario.Name, p.Scenario.Dir, []byte(p.Scenario.Text))
	if err != nil {
		return nil, err
	}
	if sc.Config.Steps() != p.Steps {
		return nil, fmt.Errorf("plan: the scenario has %d steps, the plan %d", sc.Config.Steps(), p.Steps)
	}
	if p.PairStats && !(sc.Config.AllPairs && analysis.ListedStepsOnly(sc)) {
		return nil, errors.New("plan: pair_stats: the scenario's outputs need every pair's values step by step (rtt.parquet or plots); plan it again")
	}
	return sc, nil
}

// sweepVariants expands the plan's scenario text into its sweep's variants.
func sweepVariants(p *Plan) ([]scenario.Variant, error) {
	f, err := scenario.ParseFile(p.Scenario.Name, p.Scenario.Dir, []byte(p.Scenario.Text))
	if err != nil {
		return nil, err
	}
	vs, err := f.Variants()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.Scenario.Name, err)
	}
	return vs, nil
}

// ResolveVariant checks the referenced files and resolves variant i of a
// sweep plan.
func (p *Plan) ResolveVariant(i int) (*scenario.Scenario, error) {
	if err := p.checkFiles(); err != nil {
		return nil, err
	}
	vs, err := sweepVariants(p)
	if err != nil {
		return nil, err
	}
	if len(vs) != len(p.Shards) || !slices.Equal(vs[i].Params, p.Shards[i].Params) {
		return nil, fmt.Errorf("plan: the scenario's sweep does not expand into the plan's variants")
	}
	return scenario.ResolveFile(vs[i].File, p.Scenario.Name, p.Scenario.Dir)
}

func (p *Plan) checkFiles() error {
	for _, f := range p.Files {
		data, err := os.ReadFile(f.Path)
		if err != nil {
			return fmt.Errorf("plan input %s: %w", f.Path, err)
		}
		if got := sum(data); got != f.SHA256 {
			return fmt.Errorf("plan input %s: sha256 %s, the plan was made with %s (the file changed since)", f.Path, got, f.SHA256)
		}
	}
	return nil
}

// writeFileAtomic writes data to a temporary file next to path and renames
// it into place.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
