package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/claimcheck/claimcheck/crawler"
)

// startProgress shows per-source progress on stderr while a crawl runs, when
// stderr is a terminal and --quiet is not set. It returns a stop function
// that clears the line.
func startProgress(ctx context.Context, c *crawler.Crawler, stderr io.Writer, quiet bool) func() {
	if quiet || !isTerminal(stderr) {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				fmt.Fprint(stderr, "\r\033[K")
				return
			case <-t.C:
				fmt.Fprintf(stderr, "\r\033[K%s", progressLine(c.Metrics()))
			}
		}
	}()
	return func() { cancel(); wg.Wait() }
}

func progressLine(m crawler.Metrics) string {
	var parts []string
	for _, s := range m.Sources {
		p := fmt.Sprintf("%s %d/%d", s.Source, s.Done, s.Planned)
		if s.NotModified > 0 {
			p += fmt.Sprintf(" %d not-modified", s.NotModified)
		}
		if s.Waits > 0 {
			p += fmt.Sprintf(" %d waits (%.0fs)", s.Waits, s.WaitSeconds())
		}
		if s.Errors > 0 {
			p += fmt.Sprintf(" %d errors", s.Errors)
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "fetching…"
	}
	return "fetching: " + strings.Join(parts, " · ")
}
