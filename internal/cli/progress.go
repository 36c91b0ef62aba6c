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
	if quiet {
		return func() {}
	}
	if !isTerminal(stderr) {
		return startProgressLines(ctx, c, stderr, ProgressLogEvery)
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

// ProgressLogEvery is how often a crawl logs its progress as a line on
// stderr when stderr is not a terminal (a CI log, a cron mail): a long run
// is never silent.
const ProgressLogEvery = 30 * time.Second

// startProgressLines writes the progress line to stderr every interval,
// one line each, until the returned stop function is called.
func startProgressLines(ctx context.Context, c *crawler.Crawler, stderr io.Writer, every time.Duration) func() {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fmt.Fprintf(stderr, "claimcheck: progress: %s\n", progressLine(c.Metrics()))
			}
		}
	}()
	return func() { cancel(); wg.Wait() }
}
