// Package crawler fetches the official sources a catalog cites: it plans the
// unique resources of a run (Plan), then fetches them politely (per-source
// pacing, parallelism, retries with backoff, source-wide pauses on rate
// limits), incrementally (conditional requests against a persistent store),
// safely (allow-listed hosts only, capped bodies, robots.txt, tokens only to
// their own host) and replayably (record/replay cassettes). Every resource
// yields one record.Record; a failure is a typed error, never an empty body.
//
// colly v2 drives the exchanges; it never leaks out of this package. The
// transport stack of each source, top to bottom:
//
//	colly collector (redirect re-check: allow-list, own endpoint, ≤ MaxRedirects hops)
//	guardTransport   allow-list check on every hop; strips credentials from above
//	sourceTransport  pacing, pauses, retries, Retry-After, whole capped body
//	cassette.Recorder (with --record; writes canonical URLs)
//	capTransport     hard body cap on the wire
//	authTransport    Bearer token, only to the source's own endpoint origin
//	http.Transport   no proxy; dialer refuses non-global addresses (JudgeAddr) not configured
//
// With --replay, a cassette.Player replaces everything below sourceTransport:
// no network at all.
package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/crawler/store"
)

// ProjectURL is the contact URL sent in the User-Agent.
const ProjectURL = "https://github.com/claimcheck/claimcheck"

// UserAgent is claimcheck's User-Agent for version.
func UserAgent(version string) string {
	if version == "" {
		version = "dev"
	}
	return "claimcheck/" + version + " (+" + ProjectURL + ")"
}

// RobotsAgent is the product token matched against robots.txt groups.
const RobotsAgent = "claimcheck"

// Config configures a Crawler. The zero value crawls the default endpoints
// with the default policies, no cache, no credentials.
type Config struct {
	// Endpoints of the sources; empty fields are the defaults. Ignored in
	// replay mode, which always uses the canonical endpoints.
	Endpoints Endpoints
	// Policies per source; nil means DefaultPolicies.
	Policies Policies
	// AllowHosts is the catalog's allow-list (catalog.Catalog.Hosts):
	// "host", "host:port" or "*.domain". The configured endpoints' hosts are
	// always allowed too; nothing else is ever contacted.
	AllowHosts []string
	// ContactHosts, when non-nil, is exactly the set of canonical hosts the
	// crawler may contact (the catalog's declared hosts, ContactHosts): a
	// resource whose canonical URL is on another host — an endpoint the
	// catalog does not list included — is refused before any request, with
	// the host named. Nil: every endpoint the plan asks for (a catalog
	// without a hosts key contacts what its sources need). Endpoint
	// overrides change where a canonical host is reached, not whether.
	ContactHosts []string
	// TrustedHosts are hosts ("host" or "host:port") named by whoever runs
	// claimcheck — never by the catalog — such as a local mirror of venue
	// pages. Like the endpoints, they may resolve to internal addresses; a
	// catalog's own hosts never may.
	TrustedHosts []string
	// UserAgent sent with every request; empty means UserAgent("dev").
	UserAgent string
	// GitHubToken goes only to the GitHub endpoint, HFToken only to the
	// Hugging Face endpoint (exact scheme, host and port).
	GitHubToken Secret
	HFToken     Secret
	// Store is the persistent cache for conditional requests; nil disables it.
	// In replay mode it is not used at all (the recordings are the only
	// source, so a replay gives the recorded records exactly); in record mode
	// no conditional request is sent (recordings must hold full bodies) but
	// fresh bodies are still stored.
	Store *store.Store
	// RecordDir, when set, records every exchange there (canonical URLs).
	RecordDir string
	// ReplayDir, when set, serves every exchange from the recordings there
	// with no network at all. Exclusive with RecordDir.
	ReplayDir string
	// IgnoreRobots disables robots.txt checks (tests, local mirrors).
	IgnoreRobots bool
	// Logger receives debug lines per fetch and the per-source metrics at
	// the end of each Fetch; nil discards. Credentials are scrubbed.
	Logger *zap.Logger
	// Now stamps FetchedAt; nil means time.Now.
	Now func() time.Time
	// Transport replaces the network transport (below the cap and auth
	// layers); nil uses a dedicated http.Transport with the dial guard.
	Transport http.RoundTripper
}

// Crawler fetches resources. It is safe for one Fetch at a time per source
// state; metrics accumulate across Fetch calls.
type Crawler struct {
	cfg     Config
	ep      Endpoints
	allow   *allowList
	log     *zap.Logger
	now     func() time.Time
	ua      string
	runners map[record.Source]*sourceRunner
	robots  *robotsCache
	netT    *http.Transport
	replay  bool
}

type sourceRunner struct {
	src record.Source
	pol Policy
	top http.RoundTripper
	st  *sourceTransport
	m   *sourceMetrics
	br  *breaker
}

// New builds a crawler.
func New(cfg Config) (*Crawler, error) {
	if cfg.RecordDir != "" && cfg.ReplayDir != "" {
		return nil, errors.New("new crawler: record and replay are exclusive")
	}
	ep, err := endpointsFor(cfg)
	if err != nil {
		return nil, fmt.Errorf("new crawler: %w", err)
	}
	pols, err := policiesFor(cfg)
	if err != nil {
		return nil, fmt.Errorf("new crawler: %w", err)
	}
	c := &Crawler{cfg: cfg, ep: ep, now: cfg.Now, ua: cfg.UserAgent, runners: map[record.Source]*sourceRunner{},
		robots: &robotsCache{m: map[string]*robotsEntry{}}, replay: cfg.ReplayDir != ""}
	if c.now == nil {
		c.now = time.Now
	}
	if c.ua == "" {
		c.ua = UserAgent("")
	}
	log := cfg.Logger
	if log == nil {
		log = zap.NewNop()
	}
	c.log = RedactLogger(log, cfg.GitHubToken, cfg.HFToken).Named("crawler")
	c.allow = newAllowList(cfg.AllowHosts, reflectEndpoints(ep), cfg.TrustedHosts...)
	var player http.RoundTripper
	if c.replay {
		p, err := cassette.NewPlayer(cfg.ReplayDir)
		if err != nil {
			return nil, fmt.Errorf("new crawler: replay: %w", err)
		}
		player = p
	}
	network := cfg.Transport
	if network == nil && !c.replay {
		c.netT = newNetTransport(c.allow.literalAddrs())
		network = c.netT
	}
	for _, src := range Sources {
		pol := pols.For(src)
		below := player
		if !c.replay {
			if below, err = c.networkStack(src, pol, network); err != nil {
				return nil, fmt.Errorf("new crawler: record: %w", err)
			}
		}
		c.runners[src] = c.newSourceRunner(src, pol, below)
	}
	return c, nil
}

// endpointsFor are the endpoints of a crawler: the configured ones, or the
// canonical ones in replay mode (the catalog's docs sites either way),
// normalized.
func endpointsFor(cfg Config) (Endpoints, error) {
	ep := cfg.Endpoints
	if cfg.ReplayDir != "" {
		ep = DefaultEndpoints()
	}
	ep.DocsSites = append([]string(nil), cfg.Endpoints.DocsSites...)
	if err := ep.Normalize(); err != nil {
		return Endpoints{}, err
	}
	return ep, nil
}

// policiesFor are the validated policies of a crawler. Replay contacts no
// host, so there is nobody to be polite to: no pacing, no backoff, and a
// recorded 429 defers at once (MaxWait 0).
func policiesFor(cfg Config) (Policies, error) {
	pols := cfg.Policies
	if pols == nil {
		pols = DefaultPolicies()
	}
	if err := pols.Validate(); err != nil {
		return nil, err
	}
	if cfg.ReplayDir != "" {
		pols = pols.Scale(0)
	}
	return pols, nil
}

// networkStack is what a source's transport sends through on the network:
// the source's credentials (authTransport), the body cap, and, with
// --record, the recorder on top.
func (c *Crawler) networkStack(src record.Source, pol Policy, network http.RoundTripper) (http.RoundTripper, error) {
	authed := network
	switch src {
	case record.SourceGitHub:
		authed = &authTransport{token: c.cfg.GitHubToken, endpoint: mustParse(c.ep.GitHub), next: network}
	case record.SourceHF:
		authed = &authTransport{token: c.cfg.HFToken, endpoint: mustParse(c.ep.HF), next: network}
	}
	var below http.RoundTripper = &capTransport{limit: pol.MaxBodyBytes, next: authed}
	if c.cfg.RecordDir == "" {
		return below, nil
	}
	rec, err := cassette.NewRecorder(c.cfg.RecordDir, below, func(u *url.URL) *url.URL {
		cu, err := url.Parse(c.ep.CanonicalURLFor(src, u.String()))
		if err != nil {
			return u
		}
		return cu
	})
	if err != nil {
		return nil, err
	}
	if c.cfg.Now != nil {
		rec.Now = c.cfg.Now
	}
	return rec, nil
}

// newSourceRunner assembles a source's runner: its circuit breaker and its
// transport (pacing and retries over below), behind the allow-list guard.
func (c *Crawler) newSourceRunner(src record.Source, pol Policy, below http.RoundTripper) *sourceRunner {
	m := &sourceMetrics{v: SourceMetrics{Source: src}}
	br := &breaker{after: pol.BreakerAfter}
	st := newSourceTransport(src, pol, below, m)
	st.br = br
	return &sourceRunner{src: src, pol: pol, st: st, m: m, br: br, top: &guardTransport{allow: c.allow, next: st}}
}

// reflectEndpoints lists the configured endpoints (those whoever runs
// claimcheck chose): never the catalog's docs sites, whose hosts are allowed
// only through the catalog's hosts.
func reflectEndpoints(ep Endpoints) []string {
	out := []string{ep.ArXivAPI, ep.ArXiv, ep.GitHub, ep.HF, ep.Crossref}
	if ep.Docs != "" {
		out = append(out, ep.Docs)
	}
	return out
}

func mustParse(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		return nil
	}
	return u
}

// checkContact refuses a resource whose canonical host is not one of
// Config.ContactHosts (when set) nor a trusted host.
func (c *Crawler) checkContact(res record.Resource) *record.FetchError {
	if c.cfg.ContactHosts == nil {
		return nil
	}
	h := resourceHost(res)
	if h == "" || c.mayContact(h) {
		return nil
	}
	return fetchErr(record.ErrBlocked, "host %s is not in the catalog's hosts (the %s source needs it): add it to hosts to check this source", h, res.Source)
}

// mayContact reports whether canonical host h is one of Config.ContactHosts
// or trusted by whoever runs claimcheck.
func (c *Crawler) mayContact(h string) bool {
	return slices.Contains(c.cfg.ContactHosts, h) || c.allow.trustedHost(h)
}

// checkContactURL is checkContact for a URL actually requested by src (a
// redirect hop): its canonical host must be one of Config.ContactHosts
// (when set) or trusted.
func (c *Crawler) checkContactURL(src record.Source, u *url.URL) *record.FetchError {
	if c.cfg.ContactHosts == nil || u == nil {
		return nil
	}
	cu, err := url.Parse(c.ep.CanonicalURLFor(src, u.String()))
	if err != nil {
		return fetchErr(record.ErrBlocked, "invalid URL %s", redactURL(u))
	}
	h := strings.ToLower(cu.Hostname())
	if c.mayContact(h) || c.allow.trustedHost(strings.ToLower(u.Hostname())) {
		return nil
	}
	return fetchErr(record.ErrBlocked, "host %s is not in the catalog's hosts: %s", h, redactURL(cu))
}

// Endpoints are the endpoints in use (canonical ones in replay mode).
func (c *Crawler) Endpoints() Endpoints { return c.ep }

// Close releases idle connections.
func (c *Crawler) Close() error {
	if c.netT != nil {
		c.netT.CloseIdleConnections()
	}
	return nil
}

// Metrics returns the per-source counters so far.
func (c *Crawler) Metrics() Metrics {
	var m Metrics
	for _, src := range Sources {
		if r, ok := c.runners[src]; ok {
			m.Sources = append(m.Sources, r.m.snapshot())
		}
	}
	return m
}

// Fetch fetches resources and returns one record per resource, in input
// order. Duplicates (same Resource.ID) are fetched once. Sources run
// concurrently, each within its policy. The error is non-nil only when ctx
// ends the run; every resource then has its record all the same: those not
// fetched (not started, or cut off) carry ErrInterrupted with ctx's cause.
func (c *Crawler) Fetch(ctx context.Context, resources []record.Resource) ([]record.Record, error) {
	return c.FetchEach(ctx, resources, nil)
}

// FetchEach is Fetch handing over each record as soon as it exists: each is
// called exactly once per index of resources (a duplicate with its own
// Resource, right after the first of its kind), and the record it returns is
// the one kept in the result — a caller that has read the body can drop it
// there, so bodies never accumulate. each is called from the fetching
// goroutines, concurrently: it must be safe for that. A nil each keeps every
// record as fetched (Fetch).
func (c *Crawler) FetchEach(ctx context.Context, resources []record.Resource, each func(i int, rec record.Record) record.Record) ([]record.Record, error) {
	if each == nil {
		each = func(_ int, rec record.Record) record.Record { return rec }
	}
	run := newFetchRun(resources, each)
	// Every source failing at its first requests with the network down stops
	// the crawl at once (the rest "interrupted" with the cause), instead of
	// waiting out every resource's retries.
	run.watch, run.watching = c.watchNetwork(run.groups, resources)
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	run.stop = stop
	var wg sync.WaitGroup
	for src, idx := range run.groups {
		runner, ok := c.runners[src]
		if !ok {
			for _, i := range idx {
				run.keep(i, record.Record{Resource: resources[i], URL: resources[i].URL, FetchedAt: c.now(),
					Err: fetchErr(record.ErrBlocked, "unknown source %q", src)})
			}
			continue
		}
		c.runSource(ctx, &wg, run, runner, idx)
	}
	wg.Wait()
	c.markUnfetched(ctx, run)
	c.logSourceMetrics(run.groups)
	if err := ctx.Err(); err != nil {
		if cause := context.Cause(ctx); errors.Is(cause, ErrNoNetwork) {
			return run.out, fmt.Errorf("fetch: %w", cause)
		}
		return run.out, fmt.Errorf("fetch: %w", err)
	}
	return run.out, nil
}

// fetchRun is the state of one FetchEach: the resources, their records so
// far, and which of them are duplicates of which.
type fetchRun struct {
	resources []record.Resource
	each      func(i int, rec record.Record) record.Record
	out       []record.Record
	filled    []bool
	dups      map[int]int             // duplicate index → index of the first of its kind
	dupsOf    map[int][]int           // first index → its duplicates
	groups    map[record.Source][]int // per source, the indexes to fetch (firsts only)
	watch     *netWatch               // judges whether the network is down
	watching  bool                    // some source is watched (not in replay)
	stop      context.CancelCauseFunc // ends the run with a cause
}

// newFetchRun groups resources by source, each unique resource (by
// Resource.ID) once; the later ones are its duplicates.
func newFetchRun(resources []record.Resource, each func(i int, rec record.Record) record.Record) *fetchRun {
	run := &fetchRun{resources: resources, each: each, out: make([]record.Record, len(resources)),
		filled: make([]bool, len(resources)), dups: map[int]int{}, dupsOf: map[int][]int{}, groups: map[record.Source][]int{}}
	first := map[string]int{}
	for i, r := range resources {
		if j, ok := first[r.ID()]; ok {
			run.dups[i] = j
			run.dupsOf[j] = append(run.dupsOf[j], i)
			continue
		}
		first[r.ID()] = i
		run.groups[r.Source] = append(run.groups[r.Source], i)
	}
	return run
}

// keep hands a record (and its duplicates') to each and stores the results.
func (run *fetchRun) keep(i int, rec record.Record) {
	for _, d := range run.dupsOf[i] {
		dup := rec
		dup.Resource = run.resources[d]
		run.out[d] = run.each(d, dup)
		run.filled[d] = true
	}
	run.out[i] = run.each(i, rec)
	run.filled[i] = true
}

// watchNetwork sets up the network-down judge over the sources of groups
// that this crawler serves, with how many resources and hosts each asks for.
// In replay mode nothing is watched (watching is false).
func (c *Crawler) watchNetwork(groups map[record.Source][]int, resources []record.Resource) (*netWatch, bool) {
	srcs := make([]record.Source, 0, len(groups))
	sizes := map[record.Source]planSize{}
	for src, idx := range groups {
		if _, ok := c.runners[src]; ok && !c.replaying() {
			srcs = append(srcs, src)
			seen := map[string]bool{}
			for _, i := range idx {
				seen[hostOf(resources[i].URL)] = true
			}
			sizes[src] = planSize{resources: len(idx), hosts: len(seen)}
		}
	}
	return newNetWatch(srcs, sizes), len(srcs) > 0
}

// runSource starts the workers of one source (Policy.Parallelism of them)
// and the feeder that hands them idx until ctx ends; wg counts them all.
func (c *Crawler) runSource(ctx context.Context, wg *sync.WaitGroup, run *fetchRun, runner *sourceRunner, idx []int) {
	n := len(idx)
	c.runnerMetrics(runner.src, func(v *SourceMetrics) { v.Planned += n })
	jobs := make(chan int)
	for range runner.pol.Parallelism {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				c.fetchJob(ctx, run, runner, i)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(jobs)
		for _, i := range idx {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
}

// fetchJob fetches resource i, lets the network watch judge its outcome
// (stopping the run when the network is down), and keeps the record.
func (c *Crawler) fetchJob(ctx context.Context, run *fetchRun, runner *sourceRunner, i int) {
	rec := c.fetchOne(ctx, runner, run.resources[i])
	if run.watching {
		if cause := run.watch.observe(runner.src, hostOf(run.resources[i].URL), rec.Err); cause != nil {
			c.log.Warn("stopping the crawl", zap.Error(cause))
			run.stop(cause)
		}
	}
	run.keep(i, rec)
	runner.m.add(func(v *SourceMetrics) { v.Done++ })
}

// markUnfetched gives every resource the run ended before (not started, or
// not handed to a worker) its "interrupted" record, counted as an error.
func (c *Crawler) markUnfetched(ctx context.Context, run *fetchRun) {
	for i := range run.out {
		if run.filled[i] {
			continue
		}
		if _, dup := run.dups[i]; dup {
			continue
		}
		r := run.resources[i]
		run.keep(i, record.Record{Resource: r, URL: r.URL, FetchedAt: c.now(), Err: interruptedErr(ctx, false)})
		c.runnerMetrics(r.Source, func(v *SourceMetrics) { v.Errors++ })
	}
}

// logSourceMetrics logs the counters of every source the run used.
func (c *Crawler) logSourceMetrics(groups map[record.Source][]int) {
	for _, m := range c.Metrics().Sources {
		if _, used := groups[m.Source]; used {
			c.log.Info("source metrics", m.zapFields()...)
		}
	}
}

func (c *Crawler) runnerMetrics(src record.Source, f func(*SourceMetrics)) {
	if r, ok := c.runners[src]; ok {
		r.m.add(f)
	}
}
