package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// dripHandler announces a body of size bytes and sends one byte every
// every, until the client goes away.
func dripHandler(size int, every time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", fmt.Sprint(size))
		w.WriteHeader(http.StatusOK)
		fl, _ := w.(http.Flusher)
		for range size {
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			if fl != nil {
				fl.Flush()
			}
			select {
			case <-r.Context().Done():
				return
			case <-time.After(every):
			}
		}
	}
}

// TestSlowDripTimesOutWithinTheResourceBudget: a body that trickles in
// times out per attempt (headers arrived long before), and the retries of
// the resource stop when its budget is spent: at most three attempts where
// the policy allows six, in about the budget, not six timeouts.
func TestSlowDripTimesOutWithinTheResourceBudget(t *testing.T) {
	t.Parallel()
	srv := newServer(t, dripHandler(100000, 20*time.Millisecond))
	p := fast(0, 1)
	p.Timeout, p.MaxRetries, p.BaseBackoff, p.ResourceTimeout = 200*time.Millisecond, 5, 10*time.Millisecond, 500*time.Millisecond
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceGitHub, p)})
	start := time.Now()
	recs := mustFetch(t, c, []record.Resource{repo("o/slow")})
	el := time.Since(start)
	t.Logf("dripping resource gave up after %v, %d requests: %v", el, srv.count(""), recs[0].Err)
	if errKind(recs[0]) != record.ErrTimeout {
		t.Fatalf("record: %v, want a timeout", recs[0].Err)
	}
	if !strings.Contains(recs[0].Err.Message, "no complete answer within") || !strings.Contains(recs[0].Err.Message, "budget") {
		t.Errorf("message %q: want the attempt's timeout and the spent budget", recs[0].Err.Message)
	}
	// Each attempt spends at least its timeout, so the 500 ms budget holds
	// at most 3 (200 + 10 + 200 + 20 + the 70 ms left); fewer on a machine
	// so loaded that an attempt overruns its timeout.
	if n := srv.count(""); n < 1 || n > 3 {
		t.Errorf("%d requests, want at most 3 (the policy alone allows 6)", n)
	}
	// A retry is not made when its backoff would not fit, so the resource
	// may give up a little before the whole budget is spent.
	if el < 400*time.Millisecond || el > 3*time.Second {
		t.Errorf("took %v, want about the 500 ms budget", el)
	}
}

// TestResourceBudgetBounds5xxRetries: a 503 retry whose wait cannot finish
// within what is left of the resource's budget is not made.
func TestResourceBudgetBounds5xxRetries(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "1")
		http.Error(w, "busy", http.StatusServiceUnavailable)
	})
	p := fast(0, 1)
	p.MaxRetries, p.ResourceTimeout = 3, 500*time.Millisecond
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceGitHub, p)})
	start := time.Now()
	recs := mustFetch(t, c, []record.Resource{repo("o/busy")})
	if errKind(recs[0]) != record.ErrServer {
		t.Errorf("record: %v, want 5xx", recs[0].Err)
	}
	if n := srv.count(""); n != 1 {
		t.Errorf("%d requests, want 1 (a 1 s Retry-After does not fit in 500 ms)", n)
	}
	if el := time.Since(start); el > 900*time.Millisecond {
		t.Errorf("took %v: the 1 s retry wait was not skipped", el)
	}
}

// TestDeadlineInterruptsWithItsCause: when the run's context ends, the
// resource in flight and those never started all come back "interrupted",
// with the context's cause in the message; Fetch returns promptly.
func TestDeadlineInterruptsWithItsCause(t *testing.T) {
	t.Parallel()
	srv := newServer(t, dripHandler(100000, 20*time.Millisecond))
	p := fast(0, 1)
	p.Timeout = 10 * time.Second
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceGitHub, p)})
	cause := errors.New("test deadline of 300ms reached")
	ctx, cancel := context.WithTimeoutCause(context.Background(), 300*time.Millisecond, cause)
	defer cancel()
	start := time.Now()
	recs, err := c.Fetch(ctx, repos("r", 5))
	el := time.Since(start)
	if err == nil {
		t.Error("no error from an interrupted Fetch")
	}
	if el > 2*time.Second {
		t.Errorf("Fetch returned %v after start (deadline 300ms)", el)
	}
	for i, r := range recs {
		if errKind(r) != record.ErrInterrupted || !strings.Contains(r.Err.Message, cause.Error()) {
			t.Errorf("record %d: %v, want interrupted naming %q", i, r.Err, cause)
		}
	}
	if !strings.HasPrefix(recs[0].Err.Message, "interrupted while fetching") {
		t.Errorf("in-flight record: %q", recs[0].Err.Message)
	}
	if !strings.HasPrefix(recs[4].Err.Message, "not fetched") {
		t.Errorf("never-started record: %q", recs[4].Err.Message)
	}
	if n := srv.count(""); n != 1 {
		t.Errorf("%d requests, want 1 (the rest never started)", n)
	}
}

// TestEstimate: the least requests a plan needs per source against what
// its limits allow within a time.
func TestEstimate(t *testing.T) {
	t.Parallel()
	var arxivAbs []record.Resource
	for i := range 500 {
		id := fmt.Sprintf("2501.%05d", i)
		arxivAbs = append(arxivAbs, res(record.SourceArXiv, record.KindArXivAbs, id, "https://arxiv.org/abs/"+id))
	}
	for _, tc := range []struct {
		name     string
		cfg      Config
		in       []record.Resource
		within   time.Duration
		want     map[record.Source][2]int // requests, allowed
		overSrcs []record.Source
	}{
		{name: "github anonymous over 60 an hour", in: repos("r", 61), within: 20 * time.Minute,
			want: map[record.Source][2]int{record.SourceGitHub: {61, 60}}, overSrcs: []record.Source{record.SourceGitHub}},
		{name: "github anonymous at 60", in: repos("r", 60), within: 20 * time.Minute,
			want: map[record.Source][2]int{record.SourceGitHub: {60, 60}}},
		{name: "github with a token", cfg: Config{GitHubToken: "t"}, in: repos("r", 900), within: 20 * time.Minute,
			want: map[record.Source][2]int{record.SourceGitHub: {900, 1000}}},
		{name: "github two hours", in: repos("r", 100), within: 90 * time.Minute,
			want: map[record.Source][2]int{record.SourceGitHub: {100, 120}}},
		{name: "duplicates count once", in: append(repos("r", 30), repos("r", 30)...), within: 20 * time.Minute,
			want: map[record.Source][2]int{record.SourceGitHub: {30, 60}}},
		// 500 pages + 1 robots.txt; one every 3 s for 20 minutes is 401.
		{name: "arxiv pacing", in: arxivAbs, within: 20 * time.Minute,
			want: map[record.Source][2]int{record.SourceArXiv: {501, 401}}, overSrcs: []record.Source{record.SourceArXiv}},
		{name: "arxiv pacing, no robots", cfg: Config{IgnoreRobots: true}, in: arxivAbs[:401], within: 20 * time.Minute,
			want: map[record.Source][2]int{record.SourceArXiv: {401, 401}}},
		{name: "policy per hour", cfg: Config{Policies: func() Policies {
			p := DefaultPolicies()
			g := p[record.SourceGitHub]
			g.RequestsPerHour = 5000
			p[record.SourceGitHub] = g
			return p
		}()}, in: repos("r", 2000), within: 20 * time.Minute,
			want: map[record.Source][2]int{record.SourceGitHub: {2000, 1201}}, overSrcs: []record.Source{record.SourceGitHub}},
		{name: "policy per hour, within", cfg: Config{Policies: func() Policies {
			p := DefaultPolicies()
			g := p[record.SourceGitHub]
			g.RequestsPerHour = 5000
			p[record.SourceGitHub] = g
			return p
		}()}, in: repos("r", 1000), within: 20 * time.Minute,
			want: map[record.Source][2]int{record.SourceGitHub: {1000, 1201}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.cfg.Policies == nil {
				tc.cfg.Policies = DefaultPolicies()
			}
			c := newTestCrawler(t, tc.cfg)
			est := c.Estimate(tc.in, tc.within)
			var over []record.Source
			for _, e := range est {
				w, ok := tc.want[e.Source]
				if !ok {
					t.Errorf("unexpected source %s", e.Source)
					continue
				}
				if e.Requests != w[0] || e.Allowed != w[1] {
					t.Errorf("%s: %d requests, %d allowed; want %d, %d", e.Source, e.Requests, e.Allowed, w[0], w[1])
				}
				if e.Over() {
					over = append(over, e.Source)
					if !strings.Contains(e.String(), fmt.Sprint(e.Requests)) || !strings.Contains(e.String(), string(e.Source)) {
						t.Errorf("String %q names neither the source nor the requests", e.String())
					}
				}
			}
			if fmt.Sprint(over) != fmt.Sprint(tc.overSrcs) {
				t.Errorf("over %v, want %v", over, tc.overSrcs)
			}
		})
	}
}

// TestEstimateReplayIsUnlimited: a replay contacts nobody.
func TestEstimateReplayIsUnlimited(t *testing.T) {
	t.Parallel()
	c := newTestCrawler(t, Config{ReplayDir: t.TempDir()})
	for _, e := range c.Estimate(repos("r", 5000), time.Minute) {
		if e.Over() {
			t.Errorf("replay: %s", e)
		}
	}
}
