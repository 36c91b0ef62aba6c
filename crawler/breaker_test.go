package crawler

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// repos are n GitHub repo resources named prefix0…prefix(n-1).
func repos(prefix string, n int) []record.Resource {
	var out []record.Resource
	for i := range n {
		out = append(out, repo(fmt.Sprintf("o/%s%d", prefix, i)))
	}
	return out
}

// TestBreakerOpensAfterNConsecutiveFailures: with one request in flight, a
// source failing every request is asked exactly N times (N × attempts with
// retries); every later resource fails at once as circuit-open, naming the
// count and the last failure, with no request.
func TestBreakerOpensAfterNConsecutiveFailures(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		status    int
		retries   int
		after     int
		resources int
		wantReqs  int
		lastKind  record.ErrorKind
	}{
		{"500-no-retries", http.StatusInternalServerError, 0, 3, 10, 3, record.ErrServer},
		{"503-two-retries", http.StatusServiceUnavailable, 2, 2, 6, 2 * 3, record.ErrServer},
		{"disabled", http.StatusInternalServerError, 0, 0, 8, 8, record.ErrServer},
		{"fewer-failures-than-n", http.StatusInternalServerError, 0, 5, 4, 4, record.ErrServer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "down", tc.status)
			})
			p := fast(0, 1)
			p.MaxRetries, p.BreakerAfter = tc.retries, tc.after
			c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceGitHub, p)})
			recs := mustFetch(t, c, repos("r", tc.resources))
			if got := srv.count(""); got != tc.wantReqs {
				t.Errorf("%d requests, want exactly %d", got, tc.wantReqs)
			}
			failed := tc.resources
			if tc.after > 0 && tc.after < tc.resources {
				failed = tc.after
			}
			for i, r := range recs {
				want := tc.lastKind
				if i >= failed {
					want = record.ErrCircuitOpen
				}
				if errKind(r) != want {
					t.Errorf("record %d (%s): %v, want %s", i, r.URL, r.Err, want)
				}
				if i >= failed {
					wantMsg := fmt.Sprintf("circuit open after %d consecutive failures: 5xx: status %d", tc.after, tc.status)
					if !strings.HasPrefix(r.Err.Message, wantMsg) {
						t.Errorf("record %d: message %q, want it to start %q", i, r.Err.Message, wantMsg)
					}
				}
			}
			if m := c.Metrics().Source(record.SourceGitHub); m.Errors != tc.resources || m.Requests != tc.wantReqs {
				t.Errorf("metrics %+v", m)
			}
		})
	}
}

// TestBreakerCountsOnlyConsecutiveFailures: an answer (200, or a 404: the
// server answered) closes the count; only N failures in a row open it.
func TestBreakerCountsOnlyConsecutiveFailures(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.Contains(r.URL.Path, "/ok"):
			w.Write([]byte(`{}`))
		case strings.Contains(r.URL.Path, "/gone"):
			http.NotFound(w, r)
		default:
			http.Error(w, "down", http.StatusBadGateway)
		}
	})
	p := fast(0, 1)
	p.BreakerAfter = 3
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceGitHub, p)})
	// bad bad ok bad bad gone bad bad bad | bad ok
	keys := []string{"bad1", "bad2", "ok1", "bad3", "bad4", "gone1", "bad5", "bad6", "bad7", "bad8", "ok2"}
	var in []record.Resource
	for _, k := range keys {
		in = append(in, repo("o/"+k))
	}
	recs := mustFetch(t, c, in)
	want := []record.ErrorKind{record.ErrServer, record.ErrServer, "", record.ErrServer, record.ErrServer, record.ErrClient,
		record.ErrServer, record.ErrServer, record.ErrServer, record.ErrCircuitOpen, record.ErrCircuitOpen}
	for i, r := range recs {
		if errKind(r) != want[i] {
			t.Errorf("%s: %v, want %q", keys[i], r.Err, want[i])
		}
	}
	if got := srv.count(""); got != 9 {
		t.Errorf("%d requests, want 9 (none after the circuit opened)", got)
	}
}

// TestBreakerIsPerSource: one source's open circuit leaves the others alone.
func TestBreakerIsPerSource(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/repos/") {
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		w.Write([]byte("<html>page</html>"))
	})
	pols := allFast()
	for _, src := range Sources {
		p := pols[src]
		p.Parallelism, p.BreakerAfter = 1, 2
		pols[src] = p
	}
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: pols, IgnoreRobots: true})
	in := repos("r", 4)
	for i := range 4 {
		in = append(in, docs(fmt.Sprint("p", i)))
	}
	recs := mustFetch(t, c, in)
	for i, r := range recs {
		want := record.ErrorKind("")
		switch {
		case i < 2:
			want = record.ErrServer
		case i < 4:
			want = record.ErrCircuitOpen
		}
		if errKind(r) != want {
			t.Errorf("%s: %v, want %q", r.URL, r.Err, want)
		}
	}
}

// TestBreakerParallelBound: with two requests in flight the circuit opens
// after N failures; at most one more resource (already in flight) is asked,
// and its retries stop as soon as the circuit is open.
func TestBreakerParallelBound(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(5 * time.Millisecond)
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	p := fast(0, 2)
	p.MaxRetries, p.BreakerAfter = 1, 3
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceGitHub, p)})
	recs := mustFetch(t, c, repos("r", 20))
	open, failed := 0, 0
	for _, r := range recs {
		switch errKind(r) {
		case record.ErrCircuitOpen:
			open++
		case record.ErrServer:
			failed++
		default:
			t.Errorf("%s: %v", r.URL, r.Err)
		}
	}
	// 3 failures open the circuit, plus at most one resource in flight.
	if failed < 3 || failed > 4 || open != 20-failed {
		t.Errorf("%d failed, %d circuit-open; want 3–4 failed, the rest open", failed, open)
	}
	if got := srv.count(""); got > 4*2 {
		t.Errorf("%d requests, want at most %d", got, 4*2)
	}
}

// TestBreakerObserve: which failures count, which close the count, which
// are neutral.
func TestBreakerObserve(t *testing.T) {
	t.Parallel()
	fe := func(k record.ErrorKind) *record.FetchError { return &record.FetchError{Kind: k, Message: "m"} }
	for _, tc := range []struct {
		name string
		seq  []*record.FetchError
		open bool
	}{
		{"timeouts", []*record.FetchError{fe(record.ErrTimeout), fe(record.ErrTimeout)}, true},
		{"mixed failures", []*record.FetchError{fe(record.ErrRefused), fe(record.ErrServer)}, true},
		{"success closes", []*record.FetchError{fe(record.ErrTimeout), nil, fe(record.ErrTimeout)}, false},
		{"4xx closes", []*record.FetchError{fe(record.ErrServer), fe(record.ErrClient), fe(record.ErrServer)}, false},
		{"neutral kinds", []*record.FetchError{fe(record.ErrTimeout), fe(record.ErrRateLimited), fe(record.ErrBlocked),
			fe(record.ErrTooLarge), fe(record.ErrMalformed), fe(record.ErrReplay), fe(record.ErrInterrupted), fe(record.ErrTimeout)}, true},
		{"neutral only", []*record.FetchError{fe(record.ErrRateLimited), fe(record.ErrRateLimited), fe(record.ErrBlocked)}, false},
	} {
		b := &breaker{after: 2}
		opened := false
		for _, e := range tc.seq {
			opened = b.observe(e) || opened
		}
		if opened != tc.open || (b.openErr() != nil) != tc.open {
			t.Errorf("%s: opened %v (err %v), want %v", tc.name, opened, b.openErr(), tc.open)
		}
	}
	var nilBreaker *breaker
	if nilBreaker.observe(fe(record.ErrTimeout)) || nilBreaker.openErr() != nil {
		t.Error("a nil breaker opened")
	}
}
