// Command orbitnet simulates and emulates Starlink-class satellite networks.
// See README.md and `orbitnet --help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"orbitnet/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
