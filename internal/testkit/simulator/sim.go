// Package simulator is a loopback "official sources" server for tests and
// benchmarks: one httptest server per source (arXiv API, arXiv pages, GitHub,
// Hugging Face, the docs site, Crossref, venue pages) answering from a world
// directory in the cassette format, with latency, ETag/304 revalidation, each
// source's rate limit enforced and counted, and injectable faults.
package simulator

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Limit is a source's rate limit. Zero fields impose nothing.
type Limit struct {
	// Interval is the minimum gap between the starts of admitted requests.
	Interval time.Duration
	// Concurrency is the most requests in flight at once.
	Concurrency int
	// Quota requests per Window (TokenQuota when the request carries
	// Authorization); each Authorization value and the anonymous caller have
	// their own budget. A 304 answer does not use the budget (as on GitHub).
	Quota, TokenQuota int
	Window            time.Duration
	// RateHeaders adds GitHub's x-ratelimit-* headers to every answer.
	RateHeaders bool
}

// DefaultLimits are the sources' published limits: arXiv one request every 3 s
// with one connection; GitHub 60 requests an hour anonymous and 5000 with a
// token; Hugging Face, the docs site, Crossref and venues modest.
func DefaultLimits() map[record.Source]Limit {
	return map[record.Source]Limit{
		record.SourceArXiv:    {Interval: 3 * time.Second, Concurrency: 1},
		SourceArXivPages:      {Interval: 3 * time.Second, Concurrency: 1},
		record.SourceGitHub:   {Quota: 60, TokenQuota: 5000, Window: time.Hour, Concurrency: 100, RateHeaders: true},
		record.SourceHF:       {Quota: 500, TokenQuota: 1000, Window: 5 * time.Minute, Concurrency: 4},
		record.SourceDocs:     {Interval: 100 * time.Millisecond, Concurrency: 2},
		record.SourceCrossref: {Interval: 20 * time.Millisecond, Concurrency: 5},
		record.SourceVenue:    {Concurrency: 2},
	}
}

// Options configure a Sim.
type Options struct {
	// World is a cassette directory describing the sources (may be empty if
	// Exchanges is set).
	World string
	// Exchanges are served in addition to the world directory.
	Exchanges []*cassette.Exchange
	// Latency per source, added before every answer.
	Latency map[record.Source]time.Duration
	// Limits override DefaultLimits per source.
	Limits map[record.Source]Limit
	// NoLimits disables rate limiting (declared relaxed politeness).
	NoLimits bool
	// Scale multiplies every limit interval and window (e.g. 0.01 for fast
	// tests); 0 means 1.
	Scale float64
	// Addrs fixes a source's listen address (loopback only, e.g.
	// "127.0.0.1:18080"); unset sources get a random port.
	Addrs map[record.Source]string
	// NoValidators turns off ETag/Last-Modified and 304 answers.
	NoValidators bool
	// MaxHang bounds FaultTimeout's hang (default 10 minutes).
	MaxHang time.Duration
}

// Stats counts one source's traffic.
type Stats struct {
	Requests    int   // every request that arrived
	NotModified int   // 304 answers
	Bytes       int64 // body bytes sent
	Violations  int   // requests refused for breaking the rate limit
	Faults      int   // answers altered by an injected fault
	MaxInFlight int   // most admitted requests in flight at once
	// MinGap is the smallest gap between two request arrivals (0 with fewer than two).
	MinGap time.Duration
	// Gaps between consecutive arrivals, in order (the first maxGaps).
	Gaps []time.Duration
}

const maxGaps = 100000

// Sim is a running simulator.
type Sim struct {
	opts    Options
	scale   float64
	world   *world
	servers map[record.Source]*server
	done    chan struct{}
	once    sync.Once
	rewrite *strings.Replacer // canonical base URL → server URL, for Location and Link
}

// New loads the world and starts one loopback server per source.
func New(opts Options) (*Sim, error) {
	var ex []*cassette.Exchange
	if opts.World != "" {
		var err error
		if ex, err = cassette.LoadDir(opts.World); err != nil {
			return nil, fmt.Errorf("simulator: %w", err)
		}
	}
	ex = append(ex, opts.Exchanges...)
	w, err := loadWorld(ex)
	if err != nil {
		return nil, fmt.Errorf("simulator: %w", err)
	}
	s := &Sim{opts: opts, scale: opts.Scale, world: w, servers: map[record.Source]*server{}, done: make(chan struct{})}
	if s.scale <= 0 {
		s.scale = 1
	}
	if s.opts.MaxHang <= 0 {
		s.opts.MaxHang = 10 * time.Minute
	}
	limits := DefaultLimits()
	for k, v := range opts.Limits {
		limits[k] = v
	}
	for _, src := range Sources {
		sv := &server{sim: s, source: src, latency: opts.Latency[src], buckets: map[string]*bucket{}}
		if !opts.NoLimits {
			sv.limit = scaleLimit(limits[src], s.scale)
		}
		hs := httptest.NewUnstartedServer(sv)
		hs.Config.ErrorLog = log.New(io.Discard, "", 0)
		hs.Config.ReadHeaderTimeout = 10 * time.Second
		if addr := opts.Addrs[src]; addr != "" {
			l, err := listenLoopback(addr)
			if err != nil {
				hs.Close()
				s.Close()
				return nil, fmt.Errorf("simulator: %s: %w", src, err)
			}
			hs.Listener.Close()
			hs.Listener = l
		}
		hs.Start()
		sv.hs = hs
		s.servers[src] = sv
	}
	var pairs []string
	for src, hosts := range w.hosts {
		for _, h := range hosts {
			pairs = append(pairs, "https://"+h, s.servers[src].hs.URL, "http://"+h, s.servers[src].hs.URL)
		}
	}
	for h, src := range canonicalHosts {
		if _, ok := w.hosts[src]; !ok {
			pairs = append(pairs, "https://"+h, s.servers[src].hs.URL)
		}
	}
	s.rewrite = strings.NewReplacer(pairs...)
	return s, nil
}

func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("address %s is not loopback", addr)
	}
	return net.Listen("tcp", addr)
}

func scaleLimit(l Limit, scale float64) Limit {
	l.Interval = time.Duration(float64(l.Interval) * scale)
	l.Window = time.Duration(float64(l.Window) * scale)
	return l
}

// URL is the base URL of a source's server ("" for an unknown source).
// record.SourceArXiv is the API server; SourceArXivPages serves arxiv.org.
func (s *Sim) URL(src record.Source) string {
	if sv, ok := s.servers[src]; ok {
		return sv.hs.URL
	}
	return ""
}

// Endpoints maps every source to its server's base URL.
func (s *Sim) Endpoints() map[record.Source]string {
	out := make(map[record.Source]string, len(s.servers))
	for k, sv := range s.servers {
		out[k] = sv.hs.URL
	}
	return out
}

// Env returns the claimcheck endpoint overrides as sorted NAME=URL lines.
func (s *Sim) Env() []string {
	var out []string
	for src, name := range EnvVars {
		out = append(out, name+"="+s.URL(src))
	}
	sort.Strings(out)
	return out
}

// Hosts returns the canonical hosts of the world that src serves.
func (s *Sim) Hosts(src record.Source) []string {
	return append([]string(nil), s.world.hosts[src]...)
}

// SetFault injects f into src's answers for paths matching pathPattern
// (path.Match syntax; "" or "*" for every path; a trailing "/**" matches the
// whole subtree). The latest matching fault wins.
func (s *Sim) SetFault(src record.Source, pathPattern string, f Fault) error {
	sv, ok := s.servers[src]
	if !ok {
		return fmt.Errorf("set fault: unknown source %q", src)
	}
	if err := f.validate(); err != nil {
		return fmt.Errorf("set fault: %w", err)
	}
	if _, err := path.Match(pathPattern, "/"); err != nil {
		return fmt.Errorf("set fault: bad pattern %q: %w", pathPattern, err)
	}
	left := -1
	switch {
	case f.Kind == FaultBurst5xx:
		if f.N == 0 {
			f.N = 3
		}
		left = f.N
	case f.N > 0:
		left = f.N
	}
	sv.mu.Lock()
	sv.faults = append(sv.faults, &faultRule{pattern: pathPattern, fault: f, left: left})
	sv.mu.Unlock()
	return nil
}

// ClearFaults removes every fault of src (every source when src is "").
func (s *Sim) ClearFaults(src record.Source) {
	for k, sv := range s.servers {
		if src == "" || k == src {
			sv.mu.Lock()
			sv.faults = nil
			sv.mu.Unlock()
		}
	}
}

// Stats returns a copy of every source's counters.
func (s *Sim) Stats() map[record.Source]Stats {
	out := make(map[record.Source]Stats, len(s.servers))
	for k, sv := range s.servers {
		sv.mu.Lock()
		st := sv.stats
		st.Gaps = append([]time.Duration(nil), sv.stats.Gaps...)
		sv.mu.Unlock()
		out[k] = st
	}
	return out
}

// ResetStats zeroes the counters, the pacing clocks and the quotas.
func (s *Sim) ResetStats() {
	for _, sv := range s.servers {
		sv.mu.Lock()
		sv.stats = Stats{}
		sv.lastArrival, sv.lastAdmitted = time.Time{}, time.Time{}
		sv.buckets = map[string]*bucket{}
		sv.mu.Unlock()
	}
}

// Close stops every server, ending hanging answers first.
func (s *Sim) Close() {
	s.once.Do(func() {
		close(s.done)
		for _, sv := range s.servers {
			sv.hs.CloseClientConnections()
			sv.hs.Close()
		}
	})
}

// defaultHosts is each single-host source's canonical host.
var defaultHosts = map[record.Source]string{
	record.SourceArXiv:    "export.arxiv.org",
	SourceArXivPages:      "arxiv.org",
	record.SourceGitHub:   "api.github.com",
	record.SourceHF:       "huggingface.co",
	record.SourceDocs:     worldDocsHost,
	record.SourceCrossref: "api.crossref.org",
}

// Canonical maps a URL on one of the simulator's servers back to the official
// URL it stands for (https, canonical host), e.g. to record a crawl of the
// simulator with cassette.NewRecorder; it returns u unchanged when u is not a
// simulator URL. A venue path is given the venue host whose world entry it
// matches (the first venue host when none does).
func (s *Sim) Canonical(u *url.URL) *url.URL {
	for src, sv := range s.servers {
		if u.Host != sv.hs.Listener.Addr().String() {
			continue
		}
		host := defaultHosts[src]
		if src == record.SourceVenue {
			hosts := s.world.hosts[src]
			for _, h := range hosts {
				if _, ok := s.world.resources[src][resKey(http.MethodGet, h, u)]; ok {
					host = h
					break
				}
			}
			if host == "" && len(hosts) > 0 {
				host = hosts[0]
			}
		}
		if host == "" {
			return u
		}
		c := *u
		c.Scheme, c.Host = "https", host
		return &c
	}
	return u
}
