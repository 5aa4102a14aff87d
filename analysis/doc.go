// Package analysis sits between the engine (sim, capacity, coverage) and
// the command line: it runs a scenario and its what-if baseline, gathers
// the statistics and plot series, shapes the output documents (summary,
// coverage.json, capacity and propagate formats) and writes a command's
// output folder all or nothing (report.OutputDir). Package cli maps flags
// onto its calls and prints what they return.
package analysis

import (
	"errors"
	"fmt"
	"runtime"

	"orbitnet/report"
)

// InputError marks an error caused by the user's input (a scenario that
// does not build, an output folder that cannot be made): the command line
// exits with its usage code for it.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// inputErr wraps err as an InputError unless it is nil or one already.
func inputErr(err error) error {
	if err == nil {
		return nil
	}
	var ie *InputError
	if errors.As(err, &ie) {
		return err
	}
	return &InputError{Err: err}
}

// inputf returns an InputError with a formatted message.
func inputf(format string, args ...any) error {
	return &InputError{Err: fmt.Errorf(format, args...)}
}

// interrupted is the error of a run cancelled before it finished: nothing
// was written to dir.
func interrupted(dir string) error {
	return fmt.Errorf("interrupted: no output files were written to %s", dir)
}

// Workers returns the number of worker goroutines a Workers option of w
// means: w, or all cores for w ≤ 0.
func Workers(w int) int {
	if w <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return w
}

// Outputs is a command's output folder, committed all or nothing: files
// are written into a staging folder next to it and swapped in by Commit
// (see report.OutputDir); Abort, or an error before Commit, leaves the
// folder as it was.
type Outputs struct {
	dir *report.OutputDir
}

// NewOutputs prepares the output folder dir, removing what killed runs
// left there.
func NewOutputs(dir string) (*Outputs, error) {
	d, err := report.CreateOutputDir(dir)
	if err != nil {
		return nil, inputErr(err)
	}
	return &Outputs{dir: d}, nil
}

// Path returns where to write the output called name (in the staging folder).
func (o *Outputs) Path(name string) string { return o.dir.File(name) }

// Staging returns the staging folder the files are written into.
func (o *Outputs) Staging() string { return o.dir.Dir() }

// Create creates the output file called name.
func (o *Outputs) Create(name string) (*report.AtomicFile, error) { return o.dir.Create(name) }

// Abort drops what was written (a no-op after Commit).
func (o *Outputs) Abort() { o.dir.Abort() }

// Commit swaps the staged files into the output folder.
func (o *Outputs) Commit() error { return o.dir.Commit() }
