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
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
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

// newCollector builds the colly collector of one resource of a source: ctx
// (which carries the resource's clock) is the context of its every request.
func (c *Crawler) newCollector(ctx context.Context, r *sourceRunner) *colly.Collector {
	col := colly.NewCollector(colly.StdlibContext(ctx))
	// Set every option after construction: colly applies COLLY_* environment
	// variables inside NewCollector, and nothing may silently override ours.
	col.UserAgent = c.ua
	col.AllowedDomains = nil
	col.DisallowedDomains = nil
	col.URLFilters = nil
	col.DisallowedURLFilters = nil
	col.CacheDir = ""
	col.MaxDepth = 0
	col.MaxRequests = 0
	col.IgnoreRobotsTxt = true // robots.txt is checked by the crawler, through the polite transport
	col.AllowURLRevisit = true // dedupe is ours, per resource id
	col.ParseHTTPErrorResponse = true
	col.DetectCharset = false
	col.TraceHTTP = false
	col.Async = false
	col.MaxBodySize = int(r.pol.MaxBodyBytes + 1) // a longer body is detected, never truncated silently
	col.DisableCookies()
	col.WithTransport(r.top)
	col.SetRequestTimeout(0) // attempts are bounded by Policy.Timeout in the transport
	col.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		if err := c.checkRedirect(req, via); err != nil {
			return err
		}
		return c.redirectScope(r.src, req, via)
	})
	_ = col.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: r.pol.Parallelism})
	col.OnResponse(func(resp *colly.Response) {
		res, _ := resp.Ctx.GetAny("result").(*result)
		if res == nil {
			return
		}
		res.done = true
		res.status = resp.StatusCode
		if resp.Headers != nil {
			res.header = resp.Headers.Clone()
		}
		res.body = resp.Body
		res.final = resp.Request.URL.String()
	})
	col.OnError(func(resp *colly.Response, err error) {
		res, _ := resp.Ctx.GetAny("result").(*result)
		if res == nil {
			return
		}
		res.done = true
		res.err = err
	})
	return col
}

// checkRedirect re-checks every redirect hop: at most MaxRedirects, only to
// allow-listed hosts, and credentials never cross origins.
func (c *Crawler) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects {
		return fetchErr(record.ErrBlocked, "stopped after %d redirects at %s", MaxRedirects, redactURL(req.URL))
	}
	if fe := c.allow.check(req.URL); fe != nil {
		return fetchErr(record.ErrBlocked, "redirect refused: %s", fe.Message)
	}
	if !sameOrigin(req.URL, via[len(via)-1].URL) {
		req.Header.Del("Authorization")
		req.Header.Del("Cookie")
	}
	return nil
}

// redirectScope keeps a redirect inside its source: a hop of an endpoint
// source must stay under that source's endpoint (CheckScope); a venue page
// may not be redirected into a source endpoint it was not already under.
// Either way, a page of one source is never fetched as another's.
func (c *Crawler) redirectScope(src record.Source, req *http.Request, via []*http.Request) error {
	if src != record.SourceVenue {
		if err := c.ep.CheckScope(src, req.URL); err != nil {
			return fetchErr(record.ErrBlocked, "redirect refused: %v", err)
		}
		return nil
	}
	origin := via[0].URL
	for _, other := range Sources {
		for _, b := range c.ep.basesFor(other) {
			if underEndpoint(req.URL, b[1]) && !underEndpoint(origin, b[1]) {
				return fetchErr(record.ErrBlocked, "redirect refused: %s leads a venue page into the %s endpoint (%s)",
					redactURL(req.URL), other, b[1])
			}
		}
	}
	return nil
}

type result struct {
	done   bool
	status int
	header http.Header
	body   []byte
	final  string
	err    error
}

func (c *Crawler) do(col *colly.Collector, rawURL string, hdr http.Header) *result {
	res := &result{}
	cctx := colly.NewContext()
	cctx.Put("result", res)
	err := col.Request(http.MethodGet, rawURL, nil, cctx, hdr)
	if err != nil && res.err == nil {
		res.err = err
	}
	if !res.done && res.err == nil {
		res.err = errors.New("no response")
	}
	return res
}

// accept is the Accept header sent per kind.
func accept(k record.Kind) string {
	switch k {
	case record.KindArXivQuery, record.KindArXivSearch:
		return "application/atom+xml"
	case record.KindArXivAbs, record.KindArXivHTML, record.KindDocsPage, record.KindVenuePage:
		return "text/html,application/xhtml+xml"
	case record.KindGitHubRepo, record.KindGitHubReleases, record.KindGitHubOrgRepos:
		return "application/vnd.github+json"
	case record.KindGitHubReadme:
		return "application/vnd.github.raw+json"
	case record.KindHFReadme:
		return "text/plain,text/markdown,*/*;q=0.1"
	default:
		return "application/json"
	}
}

// htmlKind reports the kinds fetched as HTML pages, for which robots.txt is honoured.
func htmlKind(k record.Kind) bool {
	return k == record.KindArXivAbs || k == record.KindArXivHTML || k == record.KindDocsPage || k == record.KindVenuePage
}

// CacheKey is the store key of a canonical URL fetched with an Accept header.
func CacheKey(canonicalURL, accept string) string {
	return canonicalURL + "\nAccept: " + accept
}

// MaxPages bounds the pages followed through Link rel="next" (HF organisation lists).
const MaxPages = 20

// fetchOne fetches one resource into its record: it refuses what may not be
// sent, checks robots.txt, sends the request (conditional when the store
// holds the resource) on the resource's own clock, and reads the answer — a
// 304 from the store, a fresh body stored for next time, an error status
// typed. Every record it returns passes through settle.
func (c *Crawler) fetchOne(ctx context.Context, r *sourceRunner, res record.Resource) (rec record.Record) {
	rec = record.Record{Resource: res, URL: res.URL}
	var recordedAt time.Time
	exchanged := false // the resource's own request was sent
	defer func() { c.settle(ctx, r, &rec, exchanged, recordedAt) }()
	actual, u, fe := c.preflight(ctx, r, res)
	if fe != nil {
		rec.Err = fe
		return rec
	}
	// Everything this resource costs (robots.txt, attempts, retries, hops,
	// pages) runs on its own clock.
	rctx := withClock(ctx, r.pol.ResourceTimeout)
	col := c.newCollector(rctx, r)
	if htmlKind(res.Kind) && !c.cfg.IgnoreRobots {
		if fe := c.robotsCheck(rctx, r, u); fe != nil {
			rec.Err = fe
			return rec
		}
	}
	acc := accept(res.Kind)
	hdr := c.requestHeader(acc)
	if res.Source == record.SourceGitHub {
		hdr.Set("X-GitHub-Api-Version", "2022-11-28")
	}
	key := CacheKey(res.URL, acc)
	st := c.cacheStore()
	cached, have := c.addValidators(ctx, st, key, res.URL, hdr)
	exchanged = true
	out := c.do(col, actual, hdr)
	if out.err != nil {
		rec.Err = classify(out.err)
		return rec
	}
	recordedAt = c.takeRecordedAt(out.header)
	c.describeAnswer(&rec, out)
	if int64(len(out.body)) > r.pol.MaxBodyBytes {
		rec.Err = fetchErr(record.ErrTooLarge, "body exceeds %d bytes", r.pol.MaxBodyBytes)
		return rec
	}
	switch {
	case out.status == http.StatusNotModified:
		rec.Err = c.reuseCached(ctx, st, key, &rec, cached, have)
	case out.status >= 200 && out.status <= 299:
		var paged bool
		rec.Body, paged, rec.Err = c.freshBody(col, r, res, out, acc)
		if rec.Err == nil {
			rec.SHA256 = sha256hex(rec.Body)
			c.storeFresh(ctx, st, key, &rec, out.header, paged)
		}
	default:
		rec.Err = errorStatus(&rec, out)
	}
	return rec
}

// settle finishes every record fetchOne returns: an error caused by the run's
// end becomes "interrupted", the source's circuit breaker sees the outcome,
// the record gets its fetch time, and the metrics and the debug log count it.
func (c *Crawler) settle(ctx context.Context, r *sourceRunner, rec *record.Record, exchanged bool, recordedAt time.Time) {
	if rec.Err != nil && ctx.Err() != nil && endedByRun(rec.Err.Kind) {
		// Cut off by the run's end, not by the source.
		rec.Err = interruptedErr(ctx, true)
	}
	// Only the resource's own exchange tells about the source: a
	// robots.txt failure is shared by every page of its origin and
	// would otherwise count once per page.
	if exchanged && r.br.observe(rec.Err) {
		c.log.Warn("source circuit open: its remaining resources are not requested",
			zap.String("source", string(r.src)), zap.String("error", r.br.openErr().Message))
	}
	rec.FetchedAt = c.now()
	if !recordedAt.IsZero() {
		// Replayed: the page was fetched when it was recorded.
		rec.FetchedAt = recordedAt
	}
	r.m.add(func(v *SourceMetrics) { countRecord(v, rec) })
	c.logRecord(rec)
}

// countRecord adds one finished record to a source's counters.
func countRecord(v *SourceMetrics, rec *record.Record) {
	if rec.Err != nil {
		v.Errors++
	}
	if rec.NotModified {
		v.NotModified++
	}
	if rec.FromCache {
		v.FromCache++
	}
}

// logRecord writes the debug line of one finished record.
func (c *Crawler) logRecord(rec *record.Record) {
	if rec.Err != nil {
		c.log.Debug("fetch failed", zap.String("url", rec.URL), zap.String("kind", string(rec.Err.Kind)),
			zap.String("error", rec.Err.Message))
		return
	}
	c.log.Debug("fetched", zap.String("url", rec.URL), zap.Int("status", rec.Status),
		zap.Bool("not_modified", rec.NotModified), zap.Int("bytes", len(rec.Body)))
}

// preflight refuses a resource before anything is sent for it: the run has
// ended, the source's circuit is open, it has no URL (BuildURL refused its
// id), or its actual URL is not allow-listed or leaves its source's
// endpoint. Otherwise it returns the actual URL, as text and parsed.
func (c *Crawler) preflight(ctx context.Context, r *sourceRunner, res record.Resource) (string, *url.URL, *record.FetchError) {
	if ctx.Err() != nil {
		return "", nil, interruptedErr(ctx, false)
	}
	if fe := r.br.openErr(); fe != nil {
		return "", nil, fe
	}
	if res.URL == "" {
		// The planner leaves the URL empty when BuildURL refused the id.
		if _, err := BuildURL(res); err != nil {
			return "", nil, fetchErr(record.ErrBlocked, "%v", err)
		}
		return "", nil, fetchErr(record.ErrBlocked, "resource %s has no URL", res.ID())
	}
	actual := c.ep.ActualURL(res.Source, res.URL)
	u, err := url.Parse(actual)
	if err != nil {
		return "", nil, fetchErr(record.ErrBlocked, "invalid URL %q: %v", res.URL, err)
	}
	if fe := c.allow.check(u); fe != nil {
		return "", nil, fe
	}
	if err := c.ep.CheckScope(res.Source, u); err != nil {
		return "", nil, fetchErr(record.ErrBlocked, "refusing to send: %v", err)
	}
	return actual, u, nil
}

// requestHeader is the header every request of the crawler sends: Accept
// (acc) and the User-Agent.
func (c *Crawler) requestHeader(acc string) http.Header {
	hdr := http.Header{}
	hdr.Set("Accept", acc)
	hdr.Set("User-Agent", c.ua)
	return hdr
}

// cacheStore is the store fetches read and write: none in replay mode, where
// the recordings are the only source.
func (c *Crawler) cacheStore() *store.Store {
	if c.replay {
		return nil
	}
	return c.cfg.Store
}

// addValidators makes the request conditional when st holds key (never when
// recording: recordings must hold full bodies) and returns the stored entry.
// A store that cannot be read is logged and treated as empty.
func (c *Crawler) addValidators(ctx context.Context, st *store.Store, key, rawURL string, hdr http.Header) (store.CacheEntry, bool) {
	if st == nil || c.cfg.RecordDir != "" {
		return store.CacheEntry{}, false
	}
	cached, have, err := st.GetCache(ctx, key)
	if err != nil {
		c.log.Warn("cache read failed", zap.String("url", rawURL), zap.Error(err))
		have = false
	}
	if have {
		if cached.ETag != "" {
			hdr.Set("If-None-Match", cached.ETag)
		}
		if cached.LastModified != "" {
			hdr.Set("If-Modified-Since", cached.LastModified)
		}
	}
	return cached, have
}

// takeRecordedAt removes the recorder's timestamp header from a replayed or
// recorded answer and returns its time (zero when absent or unreadable, and
// always zero on the network without recording).
func (c *Crawler) takeRecordedAt(h http.Header) time.Time {
	if !c.replay && c.cfg.RecordDir == "" {
		return time.Time{}
	}
	var at time.Time
	if t, err := time.Parse(time.RFC3339Nano, h.Get(cassette.RecordedAtHeader)); err == nil {
		at = t
	}
	h.Del(cassette.RecordedAtHeader)
	return at
}

// describeAnswer copies what the answer says about itself into rec: its
// final URL (canonical), status, content type and validators.
func (c *Crawler) describeAnswer(rec *record.Record, out *result) {
	rec.FinalURL = c.ep.CanonicalURLFor(rec.Resource.Source, out.final)
	rec.Status = out.status
	rec.ContentType = out.header.Get("Content-Type")
	rec.ETag = out.header.Get("Etag")
	rec.LastMod = out.header.Get("Last-Modified")
}

// reuseCached answers a 304 with the stored body. Status reports the stored
// status (200) so checks read the record like a fresh one; NotModified and
// FromCache say where the body came from, and the metrics count the 304. The
// stored entry is refreshed with the new validators. A 304 to a request
// without validators is malformed.
func (c *Crawler) reuseCached(ctx context.Context, st *store.Store, key string, rec *record.Record, cached store.CacheEntry, have bool) *record.FetchError {
	if !have {
		return fetchErr(record.ErrMalformed, "304 Not Modified to a request without validators")
	}
	rec.Status = cached.Status
	rec.NotModified, rec.FromCache = true, true
	rec.Body = cached.Body
	rec.ContentType = firstNonEmpty(rec.ContentType, cached.ContentType)
	rec.ETag = firstNonEmpty(rec.ETag, cached.ETag)
	rec.LastMod = firstNonEmpty(rec.LastMod, cached.LastModified)
	rec.SHA256 = cached.SHA256
	cached.ETag, cached.LastModified, cached.FinalURL, cached.StoredAt = rec.ETag, rec.LastMod, rec.FinalURL, c.now()
	c.putCache(ctx, st, key, rec.URL, cached)
	return nil
}

// freshBody is the body of a 2xx answer: for a paged list, its pages
// joined (paged: more than one). When a page fails, the first page's body
// is returned with the error.
func (c *Crawler) freshBody(col *colly.Collector, r *sourceRunner, res record.Resource, out *result, acc string) ([]byte, bool, *record.FetchError) {
	if res.Kind != record.KindHFAuthorModels {
		return out.body, false, nil
	}
	body, n, fe := c.followPages(col, r, res, out, acc)
	if fe != nil {
		return out.body, false, fe
	}
	return body, n > 1, nil
}

// storeFresh stores a fresh record for conditional requests to come, when it
// carries a validator, is one page, and the server allows storing it.
func (c *Crawler) storeFresh(ctx context.Context, st *store.Store, key string, rec *record.Record, h http.Header, paged bool) {
	if st == nil || paged || (rec.ETag == "" && rec.LastMod == "") ||
		strings.Contains(strings.ToLower(h.Get("Cache-Control")), "no-store") {
		return
	}
	c.putCache(ctx, st, key, rec.URL, store.CacheEntry{URL: rec.Resource.URL, ETag: rec.ETag, LastModified: rec.LastMod,
		Status: rec.Status, FinalURL: rec.FinalURL, ContentType: rec.ContentType, Body: rec.Body,
		SHA256: rec.SHA256, StoredAt: c.now()})
}

// putCache stores e under key; a failure is logged (with rawURL), never the
// fetch's error.
func (c *Crawler) putCache(ctx context.Context, st *store.Store, key, rawURL string, e store.CacheEntry) {
	if err := st.PutCache(ctx, key, e); err != nil {
		c.log.Warn("cache write failed", zap.String("url", rawURL), zap.Error(err))
	}
}

// errorStatus types an answer whose status is neither 2xx nor 304. It is
// never cached; the body is kept in rec (it may explain).
func errorStatus(rec *record.Record, out *result) *record.FetchError {
	rec.Body = out.body
	rec.SHA256 = sha256hex(rec.Body)
	where := rec.FinalURL
	if u := mustParse(where); u != nil {
		where = redactURL(u)
	}
	switch {
	case out.status >= 500:
		return fetchErr(record.ErrServer, "status %d from %s", out.status, where)
	case out.status >= 400:
		return fetchErr(record.ErrClient, "status %d from %s", out.status, where)
	default:
		return fetchErr(record.ErrMalformed, "unexpected status %d from %s", out.status, where)
	}
}

// followPages follows Link rel="next" from a JSON-array page and returns the
// concatenated array and the number of pages.
func (c *Crawler) followPages(col *colly.Collector, r *sourceRunner, res record.Resource, first *result, acc string) ([]byte, int, *record.FetchError) {
	next := nextLink(first.header.Get("Link"), first.final)
	if next == "" {
		return first.body, 1, nil
	}
	var all []json.RawMessage
	if err := json.Unmarshal(first.body, &all); err != nil {
		return nil, 0, fetchErr(record.ErrMalformed, "paged list is not a JSON array: %v", err)
	}
	pages := 1
	for next != "" {
		if pages >= MaxPages {
			return nil, 0, fetchErr(record.ErrTooLarge, "more than %d pages at %s", MaxPages, res.URL)
		}
		u, err := url.Parse(next)
		if err != nil {
			return nil, 0, fetchErr(record.ErrMalformed, "bad next link %q", next)
		}
		if fe := c.allow.check(u); fe != nil {
			return nil, 0, fe
		}
		if err := c.ep.CheckScope(res.Source, u); err != nil {
			return nil, 0, fetchErr(record.ErrBlocked, "next page refused: %v", err)
		}
		page := c.do(col, next, c.requestHeader(acc))
		if page.err != nil {
			return nil, 0, classify(page.err)
		}
		if page.status < 200 || page.status > 299 {
			return nil, 0, fetchErr(record.ErrServer, "status %d for page %d of %s", page.status, pages+1, res.URL)
		}
		var items []json.RawMessage
		if err := json.Unmarshal(page.body, &items); err != nil {
			return nil, 0, fetchErr(record.ErrMalformed, "page %d of %s is not a JSON array: %v", pages+1, res.URL, err)
		}
		all = append(all, items...)
		pages++
		next = nextLink(page.header.Get("Link"), page.final)
	}
	body, err := json.Marshal(all)
	if err != nil {
		return nil, 0, fetchErr(record.ErrMalformed, "merge pages: %v", err)
	}
	return body, pages, nil
}

// nextLink extracts the rel="next" target of a Link header, resolved against base.
func nextLink(h, base string) string {
	for _, part := range strings.Split(h, ",") {
		segs := strings.Split(part, ";")
		if len(segs) < 2 {
			continue
		}
		target := strings.TrimSpace(segs[0])
		if !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
			continue
		}
		for _, p := range segs[1:] {
			p = strings.TrimSpace(p)
			if strings.EqualFold(p, `rel="next"`) || strings.EqualFold(p, "rel=next") {
				t, err := url.Parse(target[1 : len(target)-1])
				b, berr := url.Parse(base)
				if err != nil || berr != nil {
					return ""
				}
				return b.ResolveReference(t).String()
			}
		}
	}
	return ""
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
