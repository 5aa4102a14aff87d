// Package cli is orbitnet's command-line interface: one file per subcommand,
// each a cobra command built by a function of Env so tests can call Run with
// their own arguments and output buffers.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"orbitnet/analysis"
	"orbitnet/internal/limits"
	"orbitnet/report"
	"orbitnet/scenario"
	"orbitnet/sim"
)

// Version is orbitnet's version, set at link time with
// -ldflags "-X orbitnet/cli.Version=..." (default: the development version).
var Version = "0.1.0-dev"

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1 // a failure while running
	ExitUsage   = 2 // bad usage or bad input
	// ExitInterrupted: the run was interrupted (Ctrl-C, SIGTERM: its
	// context was cancelled) before it finished; 128 + SIGINT, as shells
	// report a program killed by Ctrl-C.
	ExitInterrupted = 130
)

// UsageError marks errors caused by the user's input (flags, files, values):
// they exit with ExitUsage.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// usagef returns a UsageError with a formatted message.
func usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// asUsage wraps err as a UsageError unless it is nil.
func asUsage(err error) error {
	if err == nil {
		return nil
	}
	var ue *UsageError
	if errors.As(err, &ue) {
		return err
	}
	return &UsageError{Err: err}
}

// Env is what a command may touch of the outside world.
type Env struct {
	Stdout, Stderr io.Writer
	// IsTerminal reports whether Stderr is an interactive terminal (progress bars).
	IsTerminal bool
}

// Run executes orbitnet with the given arguments (without the program name).
func Run(ctx context.Context, args []string, env Env) error {
	root := newRoot(env)
	root.SetArgs(protectNegativeCoordinates(root, args))
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetContext(ctx)
	err := root.ExecuteContext(ctx)
	var ie *analysis.InputError
	if err != nil && (isCobraUsage(err) || errors.As(err, &ie)) {
		return asUsage(err)
	}
	return err
}

// isCobraUsage recognises the flag and argument errors cobra itself returns.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "accepts ", "requires at least", "requires at most", "required flag", "if any flags in the group"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// Main runs orbitnet and turns the outcome into an exit code, printing any
// error as one line on stderr. It recovers panics so that no Go trace reaches
// the user.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "orbitnet: internal error: %v (please report this)\n", r)
			code = ExitFailure
		}
	}()
	err := Run(ctx, args, Env{Stdout: stdout, Stderr: stderr, IsTerminal: isTerminal(stderr)})
	if err == nil {
		return ExitOK
	}
	fmt.Fprintf(stderr, "orbitnet: %s\n", oneLine(report.PlainNames(err.Error())))
	if ctx.Err() != nil {
		return ExitInterrupted
	}
	var ue *UsageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	return ExitFailure
}

// plural returns "s" unless n is 1, for "1 shell", "2 shells".
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

func newRoot(env Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "orbitnet",
		Short: "Simulate and emulate Starlink-class satellite internet",
		Long: `orbitnet computes where every satellite of a constellation is, which laser and
ground links exist, how traffic is routed and what latency, path changes and
handovers follow, second by second.`,
		Example:       "  orbitnet run\n  orbitnet propagate --tle starlink.tle --start 2026-02-23T00:00:00Z --stop 2026-02-23T01:00:00Z --step 1m",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &UsageError{Err: fmt.Errorf("%s: %w (see %s --help)", c.CommandPath(), err, c.CommandPath())}
	})
	root.AddCommand(newVersionCmd(env))
	root.AddCommand(newRunCmd(env))
	root.AddCommand(newPropagateCmd(env))
	root.AddCommand(newScenariosCmd(env))
	root.AddCommand(newValidateCmd(env))
	root.AddCommand(newRTTCmd(env))
	root.AddCommand(newRealismCmd(env))
	root.AddCommand(newEmulateCmd(env))
	root.AddCommand(newCapacityCmd(env))
	root.AddCommand(newCoverageCmd(env))
	root.AddCommand(newServeCmd(env))
	root.AddCommand(newExportCmd(env))
	root.AddCommand(newPlanCmd(env), newWorkerCmd(env), newMergeCmd(env))
	return root
}

func newVersionCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print orbitnet's version",
		Example: "  orbitnet version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(env.Stdout, "orbitnet %s\n", Version)
			return nil
		},
	}
}

// loadScenarioArg loads the scenario named by the optional first argument
// (an embedded scenario or a YAML file), or the default one.
func loadScenarioArg(args []string) (*scenario.Scenario, error) {
	name := scenario.Default
	if len(args) > 0 {
		name = args[0]
	}
	sc, err := scenario.Load(name)
	return sc, asUsage(err)
}

// readInput reads a file the user named, at most max bytes of it (see
// package limits); errors are usage errors naming the file.
func readInput(path string, max int64) ([]byte, error) {
	data, err := limits.ReadFile(path, max)
	if err == nil {
		return data, nil
	}
	var tl *limits.TooLargeError
	var pe *os.PathError
	switch {
	case errors.As(err, &tl):
	case errors.As(err, &pe):
		err = fmt.Errorf("%s: %w", path, pe.Err)
	default:
		err = fmt.Errorf("%s: %w", path, err)
	}
	return nil, &UsageError{Err: err}
}

// overrideTimes applies --duration and --step flags (empty: keep) to cfg and
// checks the result against the engine's one limit on steps (sim.MaxSteps),
// the same one scenario files get, before anything is allocated.
func overrideTimes(cfg *sim.Config, duration, step string) error {
	if duration != "" {
		d, err := time.ParseDuration(duration)
		if err != nil || d < 0 {
			return usagef("--duration %q: not a duration like 200s, 10m or 1h", duration)
		}
		cfg.Duration = d
	}
	if step != "" {
		d, err := time.ParseDuration(step)
		if err != nil || d < sim.MinStep {
			return usagef("--step %q: not a duration of at least %v", step, sim.MinStep)
		}
		cfg.Step = d
	}
	if err := cfg.CheckTimes(); err != nil {
		return usagef("--duration/--step: %v", err)
	}
	return nil
}

// negativeCoordinate matches a place given as lat,lon with a negative
// latitude ("-33.92,18.42"), which the flag parser would take for a flag.
var negativeCoordinate = regexp.MustCompile(`^-[0-9.]+,\s*[-+]?[0-9.]+$`)

// protectNegativeCoordinates lets a positional lat,lon start with a minus
// sign: such an argument (not the value of a flag, not after "--") gets a
// leading space, which the place parser trims and the flag parser does not
// read as a flag.
func protectNegativeCoordinates(root *cobra.Command, args []string) []string {
	cmd, _, err := root.Find(args)
	if err != nil || cmd == nil {
		return args
	}
	out := append([]string(nil), args...)
	takesValue := func(name string, short bool) bool {
		for _, fs := range []*pflag.FlagSet{cmd.Flags(), cmd.InheritedFlags()} {
			var f *pflag.Flag
			if short {
				f = fs.ShorthandLookup(name)
			} else {
				f = fs.Lookup(name)
			}
			if f != nil {
				return f.NoOptDefVal == ""
			}
		}
		return false
	}
	for i := 0; i < len(out); i++ {
		a := out[i]
		switch {
		case a == "--":
			return out
		case negativeCoordinate.MatchString(a):
			out[i] = " " + a
		case strings.HasPrefix(a, "--") && !strings.Contains(a, "="):
			if takesValue(a[2:], false) {
				i++ // the flag's value
			}
		case len(a) == 2 && a[0] == '-' && a[1] != '-':
			if takesValue(a[1:], true) {
				i++
			}
		}
	}
	return out
}
