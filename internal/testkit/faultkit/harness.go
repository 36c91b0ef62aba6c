// Package faultkit holds what the fault and security suites
// (internal/testkit/faults) and the benchmark harness (internal/testkit/bench)
// share to run claimcheck against the official-sources simulator
// (internal/testkit/simulator): a routing transport that sends every canonical
// host to its simulated source, an in-process audit runner, and the
// simulator's counters summed over every source.
package faultkit

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/crawler/store"
	"github.com/claimcheck/claimcheck/internal/engine"
	"github.com/claimcheck/claimcheck/internal/testkit/simulator"
)

// Router is an http.RoundTripper that sends every request to the simulator:
// a canonical host (export.arxiv.org, api.github.com, a venue host …) goes to
// the server of the source that host belongs to; a request already addressed
// to one of the simulator's servers goes there unchanged. Nothing ever leaves
// loopback: a request for any other loopback address is refused. It logs
// every request it forwards (canonical URL plus the headers that matter).
type Router struct {
	sim   *simulator.Sim
	next  *http.Transport
	addrs map[string]bool // host:port of every simulator server

	mu  sync.Mutex
	log []Request
}

// Request is one request the Router forwarded.
type Request struct {
	Method string
	// URL is the canonical URL (https://official-host/…).
	URL string
	// Authorization is the Authorization header as sent ("" if none).
	Authorization string
	// Conditional is true when the request carried If-None-Match or If-Modified-Since.
	Conditional bool
}

// NewRouter routes to sim.
func NewRouter(sim *simulator.Sim) *Router {
	r := &Router{sim: sim, addrs: map[string]bool{},
		next: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 8, DisableCompression: true,
			DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext}}
	for _, base := range sim.Endpoints() {
		if u, err := url.Parse(base); err == nil {
			r.addrs[u.Host] = true
		}
	}
	return r
}

// RoundTrip forwards req to the simulator.
func (r *Router) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	var canonical string
	if r.addrs[req.URL.Host] {
		canonical = r.sim.Canonical(req.URL).String()
	} else {
		if ip := net.ParseIP(req.URL.Hostname()); ip != nil {
			if req.Body != nil {
				req.Body.Close()
			}
			return nil, fmt.Errorf("router: %s is not a simulator address", req.URL.Host)
		}
		bu, err := url.Parse(r.sim.URL(simulator.SourceForHost(req.URL.Hostname())))
		if err != nil || bu.Host == "" {
			return nil, fmt.Errorf("router: no simulated source for %s", req.URL.Host)
		}
		c := *req.URL
		c.Scheme = "https"
		canonical = c.String()
		out.URL.Scheme, out.URL.Host = bu.Scheme, bu.Host
		out.Host = ""
	}
	r.mu.Lock()
	r.log = append(r.log, Request{Method: req.Method, URL: canonical, Authorization: req.Header.Get("Authorization"),
		Conditional: req.Header.Get("If-None-Match") != "" || req.Header.Get("If-Modified-Since") != ""})
	r.mu.Unlock()
	return r.next.RoundTrip(out)
}

// Requests returns the requests forwarded so far, in order.
func (r *Router) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.log...)
}

// Reset forgets the logged requests.
func (r *Router) Reset() {
	r.mu.Lock()
	r.log = nil
	r.mu.Unlock()
}

// Close drops idle connections (no goroutine outlives a run).
func (r *Router) Close() { r.next.CloseIdleConnections() }

// AuditOptions configure one in-process audit against the simulator.
type AuditOptions struct {
	Catalog *catalog.Catalog
	Only    []string
	// Policies; nil means crawler.DefaultPolicies().
	Policies crawler.Policies
	// Store for conditional requests; nil runs without one.
	Store *store.Store
	// Now judges time-bound claims (zero: 2026-11-28, the world's date).
	Now    time.Time
	Logger *zap.Logger
	// Tokens (sent only to their own endpoints by the crawler).
	GitHubToken, HFToken crawler.Secret
	// RecordDir records the exchanges (canonical URLs).
	RecordDir string
}

// WorldNow is the date the world data describes (late November 2026).
var WorldNow = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

// Outcome is one audit's result with its crawler metrics and wall time.
type Outcome struct {
	Result  *engine.Result
	Metrics crawler.Metrics
	Wall    time.Duration
}

// Audit runs engine.Run with a crawler using the default (canonical)
// endpoints over rt (a Router), so every host, venue pages included, is
// served by the simulator.
func Audit(ctx context.Context, rt http.RoundTripper, o AuditOptions) (*Outcome, error) {
	if o.Now.IsZero() {
		o.Now = WorldNow
	}
	c, err := crawler.New(crawler.Config{
		Policies: o.Policies, AllowHosts: o.Catalog.Hosts, Store: o.Store, Transport: rt,
		Logger: o.Logger, GitHubToken: o.GitHubToken, HFToken: o.HFToken, RecordDir: o.RecordDir,
	})
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer c.Close()
	start := time.Now()
	res, err := engine.Run(ctx, c, engine.Options{Catalog: o.Catalog, Only: o.Only, Now: o.Now})
	wall := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	return &Outcome{Result: res, Metrics: c.Metrics(), Wall: wall}, nil
}

// SimTotals sums the simulator's counters over every source.
func SimTotals(st map[record.Source]simulator.Stats) simulator.Stats {
	var t simulator.Stats
	for _, s := range st {
		t.Requests += s.Requests
		t.NotModified += s.NotModified
		t.Bytes += s.Bytes
		t.Violations += s.Violations
		t.Faults += s.Faults
	}
	return t
}
