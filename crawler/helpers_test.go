package crawler

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/crawler/store"
)

// hit is one request a test server saw.
type hit struct {
	at     time.Time
	method string
	url    string
	header http.Header
}

// server is a loopback test server that logs every request and tracks the
// peak number of requests in flight.
type server struct {
	*httptest.Server
	mu       sync.Mutex
	hits     []hit
	inFlight int
	peak     int
}

func newServer(t *testing.T, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits = append(s.hits, hit{at: time.Now(), method: r.Method, url: r.URL.RequestURI(), header: r.Header.Clone()})
		s.inFlight++
		s.peak = max(s.peak, s.inFlight)
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.inFlight--
			s.mu.Unlock()
		}()
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// peakNow is the most requests the server has had in flight at once.
func (s *server) peakNow() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

// holdUntilPeak blocks a handler until the server has had n requests in
// flight at once, or until timeout: a barrier that makes concurrency
// assertions independent of scheduler timing.
func holdUntilPeak(s *server, n int, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for s.peakNow() < n && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
}

func (s *server) requests() []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]hit(nil), s.hits...)
}

func (s *server) count(path string) int {
	n := 0
	for _, h := range s.requests() {
		if path == "" || h.url == path {
			n++
		}
	}
	return n
}

func (s *server) hostPort() string {
	u, _ := url.Parse(s.URL)
	return u.Host
}

// gaps are the intervals between consecutive request arrivals.
func gaps(hits []hit) []time.Duration {
	sort.Slice(hits, func(i, j int) bool { return hits[i].at.Before(hits[j].at) })
	var out []time.Duration
	for i := 1; i < len(hits); i++ {
		out = append(out, hits[i].at.Sub(hits[i-1].at))
	}
	return out
}

// fast is a test policy: a short interval, given parallelism, no retries
// unless set, short waits.
func fast(interval time.Duration, par int) Policy {
	return Policy{MinInterval: interval, Parallelism: par, MaxRetries: 0, BaseBackoff: 10 * time.Millisecond,
		MaxWait: 2 * time.Second, Timeout: 5 * time.Second, MaxBodyBytes: 1 << 20}
}

func allFast() Policies {
	p := Policies{}
	for _, s := range Sources {
		p[s] = fast(0, 4)
	}
	return p
}

// withPolicy is allFast with p for src.
func withPolicy(src record.Source, p Policy) Policies {
	pols := allFast()
	pols[src] = p
	return pols
}

// endpointsAt points every source at base (a simulator-like single server).
func endpointsAt(base string) Endpoints {
	return Endpoints{ArXivAPI: base, ArXiv: base, GitHub: base, HF: base, Docs: base, Crossref: base,
		DocsSites: []string{testDocsBase}}
}

// testDocsBase is the docs site of the crawler tests' catalogs (docs have no
// default endpoint: a catalog declares its site).
const testDocsBase = "https://api-docs.deepseek.com"

var fixedNow = time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)

func newTestCrawler(t *testing.T, cfg Config) *Crawler {
	t.Helper()
	if cfg.Policies == nil {
		cfg.Policies = allFast()
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return fixedNow }
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// mustFetch fetches in with c; a Fetch error fails the test.
func mustFetch(t *testing.T, c *Crawler, in []record.Resource) []record.Record {
	t.Helper()
	recs, err := c.Fetch(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// allOK fails the test at the first record that carries an error.
func allOK(t *testing.T, recs []record.Record) {
	t.Helper()
	for _, r := range recs {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.URL, r.Err)
		}
	}
}

// openStore opens a fresh state store, closed when the test ends.
func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func res(src record.Source, kind record.Kind, key, u string) record.Resource {
	return record.Resource{Source: src, Kind: kind, Key: key, URL: u}
}

func docs(slug string) record.Resource {
	return res(record.SourceDocs, record.KindDocsPage, slug, "https://api-docs.deepseek.com/"+slug)
}

func venuePage(u string) record.Resource {
	return res(record.SourceVenue, record.KindVenuePage, u, u)
}

func repo(key string) record.Resource {
	return res(record.SourceGitHub, record.KindGitHubRepo, key, "https://api.github.com/repos/"+key)
}

func errKind(r record.Record) record.ErrorKind {
	if r.Err == nil {
		return ""
	}
	return r.Err.Kind
}

// sendLog is a network transport that logs when each request is sent.
type sendLog struct {
	mu    sync.Mutex
	sent  []time.Time
	inner http.RoundTripper
}

func (s *sendLog) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.sent = append(s.sent, time.Now())
	s.mu.Unlock()
	return s.inner.RoundTrip(r)
}

func (s *sendLog) gaps() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Duration
	for i := 1; i < len(s.sent); i++ {
		out = append(out, s.sent[i].Sub(s.sent[i-1]))
	}
	return out
}
