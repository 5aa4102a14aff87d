package server

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestMain fails the package's tests if any goroutine started by the
// server (a handler, a stream, Serve) outlives them.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaked := serverGoroutines(5 * time.Second); leaked != "" {
			fmt.Fprintf(os.Stderr, "goroutines of package server still running after the tests:\n%s\n", leaked)
			code = 1
		}
	}
	os.Exit(code)
}

// serverGoroutines waits up to wait for every goroutine running code of
// this package (other than this check) to end, and returns the stacks of
// those that remain.
func serverGoroutines(wait time.Duration) string {
	deadline := time.Now().Add(wait)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var leaked []string
		for _, g := range strings.Split(string(buf), "\n\n") {
			if strings.Contains(g, "orbitnet/server.") && !strings.Contains(g, "serverGoroutines") && !strings.Contains(g, "TestMain") {
				leaked = append(leaked, g)
			}
		}
		if len(leaked) == 0 || time.Now().After(deadline) {
			return strings.Join(leaked, "\n\n")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
