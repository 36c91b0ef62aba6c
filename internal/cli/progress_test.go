package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler"
)

func TestProgressLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		m    crawler.Metrics
		want string
	}{
		{"nothing yet", crawler.Metrics{}, "fetching…"},
		{"done over planned, waits and errors", crawler.Metrics{Sources: []crawler.SourceMetrics{
			{Source: "arxiv", Planned: 3, Done: 1, Waits: 2, WaitTime: 6 * time.Second},
			{Source: "github", Planned: 10, Done: 10, NotModified: 9, Errors: 1},
		}}, "fetching: arxiv 1/3 2 waits (6s) · github 10/10 9 not-modified 1 errors"},
	}
	for _, tc := range tests {
		if got := progressLine(tc.m); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// When stderr is not a terminal, progress is logged as whole lines at an
// interval, and stops when the crawl does.
func TestProgressLinesWithoutTerminal(t *testing.T) {
	t.Parallel()
	c, err := crawler.New(crawler.Config{ReplayDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var mu sync.Mutex
	var buf bytes.Buffer
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return buf.Write(p) })
	stop := startProgressLines(context.Background(), c, w, 5*time.Millisecond)
	time.Sleep(60 * time.Millisecond)
	stop()
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "claimcheck: progress: ") || strings.Contains(out, "\r") {
		t.Errorf("progress output %q: want several whole lines", out)
	}
	mu.Lock()
	n := buf.Len()
	mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if buf.Len() != n {
		t.Error("progress written after stop")
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
