package cli

import (
	"time"

	"github.com/schollz/progressbar/v3"
)

// newProgressBar returns the progress bar the long commands draw on stderr
// (count, ETA, cleared when done), or nil when stderr is not a terminal or
// with --quiet. It is the bar `orbitnet run` draws.
func newProgressBar(env Env, quiet bool, total int, desc string) *progressbar.ProgressBar {
	if !env.IsTerminal || quiet {
		return nil
	}
	return progressbar.NewOptions(total, progressbar.OptionSetWriter(env.Stderr),
		progressbar.OptionSetDescription(desc), progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish())
}
