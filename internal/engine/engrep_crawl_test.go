package engine

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/claimcheck/claimcheck/crawler"
)

// TestCrawlFailed: an error ends the run unless the crawl stopped early
// (the run's context ended, or no network) with every record returned.
func TestCrawlFailed(t *testing.T) {
	live := context.Background()
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	noNet := fmt.Errorf("fetch: %w", crawler.ErrNoNetwork)
	other := errors.New("disk full")
	for _, tc := range []struct {
		name      string
		ctx       context.Context
		err       error
		got, want int
		failed    bool
	}{
		{"no error", live, nil, 3, 3, false},
		{"no error, records missing", live, nil, 1, 3, false},
		{"other error", live, other, 3, 3, true},
		{"context ended, every record", ended, other, 3, 3, false},
		{"context ended, records missing", ended, other, 2, 3, true},
		{"no network, every record", live, noNet, 3, 3, false},
		{"no network, records missing", live, noNet, 0, 3, true},
	} {
		if got := crawlFailed(tc.ctx, tc.err, tc.got, tc.want); got != tc.failed {
			t.Errorf("%s: crawlFailed = %v, want %v", tc.name, got, tc.failed)
		}
	}
}
