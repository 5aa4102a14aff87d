package cli

import (
	"io"
	"os"

	"golang.org/x/term"
)

// isTerminal reports whether w is an interactive terminal (for progress
// bars). It asks the terminal driver (golang.org/x/term), so a character
// device that is not a terminal, such as /dev/null, is not one.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
