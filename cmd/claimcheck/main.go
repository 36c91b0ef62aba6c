// Command claimcheck checks the claims of a research catalog against the
// official sources and flags what has gone stale.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/claimcheck/claimcheck/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			// The first signal stops the crawl; the run still judges what it
			// has and writes its reports. A second one ends the process.
			stop()
			fmt.Fprintln(os.Stderr, "claimcheck: interrupted: stopping the crawl and writing the report with what was fetched (again to quit at once)")
		case <-done:
		}
	}()
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	close(done)
	stop()
	os.Exit(code)
}
