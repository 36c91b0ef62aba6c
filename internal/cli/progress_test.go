package cli

import (
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
