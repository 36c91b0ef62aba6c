// Command claimcheck checks the claims of a research catalog against the
// official sources and flags what has gone stale.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/claimcheck/claimcheck/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
