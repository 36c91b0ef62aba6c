package crawler

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// An unparseable Retry-After counts as the source's default backoff, once:
// exactly one retry (two requests on loopback), after BaseBackoff, never the
// full exponential series of MaxRetries.
func TestGarbledRetryAfterRetriedOnceAfterDefaultBackoff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, value string
		status      int
	}{
		{"negative 429", "-5", http.StatusTooManyRequests},
		{"26 digits 429", "12345678901234567890123456", http.StatusTooManyRequests},
		{"garbage 429", "soon, maybe", http.StatusTooManyRequests},
		{"garbage 503", "Thursday, soon", http.StatusServiceUnavailable},
		{"negative 503", "-5", http.StatusServiceUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", tc.value)
				w.WriteHeader(tc.status)
			})
			p := fast(0, 1)
			p.MaxRetries = 5
			p.BaseBackoff = 150 * time.Millisecond
			c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceGitHub, p)})
			recs := mustFetch(t, c, []record.Resource{repo("a/b")})
			hits := srv.requests()
			if len(hits) != 2 {
				t.Fatalf("%d requests, want 2 (one retry after the default backoff)", len(hits))
			}
			if g := hits[1].at.Sub(hits[0].at); g < 140*time.Millisecond || g > 2*time.Second {
				t.Errorf("retry after %v, want the default backoff (150ms)", g)
			}
			if recs[0].Err == nil {
				t.Errorf("record %+v: want an error after the one retry", recs[0])
			}
			if m := c.Metrics().Source(record.SourceGitHub); m.Retries != 1 {
				t.Errorf("retries = %d, want 1", m.Retries)
			}
		})
	}
}

// A well-formed Retry-After is still honoured for every retry the policy
// allows (the guard above must not cut real retries short).
func TestValidRetryAfterStillRetried(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	p := fast(0, 1)
	p.MaxRetries = 3
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceGitHub, p)})
	mustFetch(t, c, []record.Resource{repo("a/b")})
	if n := srv.count(""); n != 4 {
		t.Errorf("%d requests, want 4 (first + 3 retries)", n)
	}
}

// Every Retry-After value is exactly one of: absent, usable, or garbled.
func FuzzRetryAfterGarbled(f *testing.F) {
	for _, s := range []string{"5", "-5", "12345678901234567890123456", "soon", "", "  ", "Thu, 20 Nov 2026 03:01:00 GMT", "+3", "0x10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		h := http.Header{"Retry-After": {v}}
		_, ok := retryAfter(h, time.Now())
		garbled := retryAfterGarbled(h)
		absent := strings.TrimSpace(v) == ""
		if n := btoi(ok) + btoi(garbled) + btoi(absent); n != 1 {
			t.Fatalf("Retry-After %q: usable %v, garbled %v, absent %v", v, ok, garbled, absent)
		}
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
