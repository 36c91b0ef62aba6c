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
	"slices"
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
	ep := cfg.Endpoints
	ep.DocsSites = append([]string(nil), cfg.Endpoints.DocsSites...)
	if cfg.ReplayDir != "" {
		ep = DefaultEndpoints()
		ep.DocsSites = append([]string(nil), cfg.Endpoints.DocsSites...)
	}
	if err := ep.Normalize(); err != nil {
		return nil, fmt.Errorf("new crawler: %w", err)
	}
	pols := cfg.Policies
	if pols == nil {
		pols = DefaultPolicies()
	}
	if err := pols.Validate(); err != nil {
		return nil, fmt.Errorf("new crawler: %w", err)
	}
	if cfg.ReplayDir != "" {
		// Replay contacts no host, so there is nobody to be polite to: no
		// pacing, no backoff. A recorded 429 defers at once (MaxWait 0).
		pols = pols.Scale(0)
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
	var endpointBases []string
	d := reflectEndpoints(ep)
	endpointBases = append(endpointBases, d...)
	c.allow = newAllowList(cfg.AllowHosts, endpointBases, cfg.TrustedHosts...)

	var player http.RoundTripper
	if c.replay {
		p, err := cassette.NewPlayer(cfg.ReplayDir)
		if err != nil {
			return nil, fmt.Errorf("new crawler: replay: %w", err)
		}
		player = p
	}
	var network http.RoundTripper = cfg.Transport
	if network == nil && !c.replay {
		c.netT = newNetTransport(c.allow.literalAddrs())
		network = c.netT
	}
	for _, src := range Sources {
		pol := pols.For(src)
		m := &sourceMetrics{v: SourceMetrics{Source: src}}
		var below http.RoundTripper
		if c.replay {
			below = player
		} else {
			var authed http.RoundTripper = network
			switch src {
			case record.SourceGitHub:
				authed = &authTransport{token: cfg.GitHubToken, endpoint: mustParse(ep.GitHub), next: network}
			case record.SourceHF:
				authed = &authTransport{token: cfg.HFToken, endpoint: mustParse(ep.HF), next: network}
			}
			below = &capTransport{limit: pol.MaxBodyBytes, next: authed}
			if cfg.RecordDir != "" {
				src := src
				rec, err := cassette.NewRecorder(cfg.RecordDir, below, func(u *url.URL) *url.URL {
					cu, err := url.Parse(ep.CanonicalURLFor(src, u.String()))
					if err != nil {
						return u
					}
					return cu
				})
				if err != nil {
					return nil, fmt.Errorf("new crawler: record: %w", err)
				}
				if cfg.Now != nil {
					rec.Now = cfg.Now
				}
				below = rec
			}
		}
		br := &breaker{after: pol.BreakerAfter}
		st := newSourceTransport(src, pol, below, m)
		st.br = br
		c.runners[src] = &sourceRunner{src: src, pol: pol, st: st, m: m, br: br, top: &guardTransport{allow: c.allow, next: st}}
	}
	return c, nil
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
	if h == "" || slices.Contains(c.cfg.ContactHosts, h) || c.allow.trustedHost(h) {
		return nil
	}
	return fetchErr(record.ErrBlocked, "host %s is not in the catalog's hosts (the %s source needs it): add it to hosts to check this source", h, res.Source)
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
	out := make([]record.Record, len(resources))
	filled := make([]bool, len(resources))
	first := map[string]int{}
	dups := map[int]int{}
	dupsOf := map[int][]int{}
	groups := map[record.Source][]int{}
	for i, r := range resources {
		if j, ok := first[r.ID()]; ok {
			dups[i] = j
			dupsOf[j] = append(dupsOf[j], i)
			continue
		}
		first[r.ID()] = i
		groups[r.Source] = append(groups[r.Source], i)
	}
	// keep hands a record (and its duplicates') to each and stores the results.
	keep := func(i int, rec record.Record) {
		for _, d := range dupsOf[i] {
			dup := rec
			dup.Resource = resources[d]
			out[d] = each(d, dup)
			filled[d] = true
		}
		out[i] = each(i, rec)
		filled[i] = true
	}
	// Every source failing at its first requests with the network down stops
	// the crawl at once (the rest "interrupted" with the cause), instead of
	// waiting out every resource's retries.
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
	watch := newNetWatch(srcs, sizes)
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var wg sync.WaitGroup
	for src, idx := range groups {
		runner, ok := c.runners[src]
		if !ok {
			for _, i := range idx {
				keep(i, record.Record{Resource: resources[i], URL: resources[i].URL, FetchedAt: c.now(),
					Err: fetchErr(record.ErrBlocked, "unknown source %q", src)})
			}
			continue
		}
		n := len(idx)
		c.runnerMetrics(src, func(v *SourceMetrics) { v.Planned += n })
		jobs := make(chan int)
		for range runner.pol.Parallelism {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range jobs {
					rec := c.fetchOne(ctx, runner, resources[i])
					if len(srcs) > 0 {
						if cause := watch.observe(runner.src, hostOf(resources[i].URL), rec.Err); cause != nil {
							c.log.Warn("stopping the crawl", zap.Error(cause))
							stop(cause)
						}
					}
					keep(i, rec)
					runner.m.add(func(v *SourceMetrics) { v.Done++ })
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
	wg.Wait()
	for i := range out {
		if !filled[i] {
			if _, dup := dups[i]; !dup {
				keep(i, record.Record{Resource: resources[i], URL: resources[i].URL, FetchedAt: c.now(),
					Err: interruptedErr(ctx, false)})
				c.runnerMetrics(resources[i].Source, func(v *SourceMetrics) { v.Errors++ })
			}
		}
	}
	for _, m := range c.Metrics().Sources {
		if _, used := groups[m.Source]; used {
			c.log.Info("source metrics", m.zapFields()...)
		}
	}
	if err := ctx.Err(); err != nil {
		if cause := context.Cause(ctx); errors.Is(cause, ErrNoNetwork) {
			return out, fmt.Errorf("fetch: %w", cause)
		}
		return out, fmt.Errorf("fetch: %w", err)
	}
	return out, nil
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

func (c *Crawler) fetchOne(ctx context.Context, r *sourceRunner, res record.Resource) (rec record.Record) {
	rec = record.Record{Resource: res, URL: res.URL}
	var recordedAt time.Time
	exchanged := false // the resource's own request was sent
	defer func() {
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
		r.m.add(func(v *SourceMetrics) {
			if rec.Err != nil {
				v.Errors++
			}
			if rec.NotModified {
				v.NotModified++
			}
			if rec.FromCache {
				v.FromCache++
			}
		})
		if rec.Err != nil {
			c.log.Debug("fetch failed", zap.String("url", rec.URL), zap.String("kind", string(rec.Err.Kind)),
				zap.String("error", rec.Err.Message))
		} else {
			c.log.Debug("fetched", zap.String("url", rec.URL), zap.Int("status", rec.Status),
				zap.Bool("not_modified", rec.NotModified), zap.Int("bytes", len(rec.Body)))
		}
	}()
	if ctx.Err() != nil {
		rec.Err = interruptedErr(ctx, false)
		return rec
	}
	if fe := r.br.openErr(); fe != nil {
		rec.Err = fe
		return rec
	}
	if res.URL == "" {
		// The planner leaves the URL empty when BuildURL refused the id.
		if _, err := BuildURL(res); err != nil {
			rec.Err = fetchErr(record.ErrBlocked, "%v", err)
		} else {
			rec.Err = fetchErr(record.ErrBlocked, "resource %s has no URL", res.ID())
		}
		return rec
	}
	if fe := c.checkContact(res); fe != nil {
		rec.Err = fe
		return rec
	}
	actual := c.ep.ActualURL(res.Source, res.URL)
	u, err := url.Parse(actual)
	if err != nil {
		rec.Err = fetchErr(record.ErrBlocked, "invalid URL %q: %v", res.URL, err)
		return rec
	}
	if fe := c.allow.check(u); fe != nil {
		rec.Err = fe
		return rec
	}
	if err := c.ep.CheckScope(res.Source, u); err != nil {
		rec.Err = fetchErr(record.ErrBlocked, "refusing to send: %v", err)
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
	hdr := http.Header{}
	hdr.Set("Accept", acc)
	hdr.Set("User-Agent", c.ua)
	if res.Source == record.SourceGitHub {
		hdr.Set("X-GitHub-Api-Version", "2022-11-28")
	}
	key := CacheKey(res.URL, acc)
	var cached store.CacheEntry
	var have bool
	st := c.cfg.Store
	if c.replay {
		st = nil
	}
	if st != nil && c.cfg.RecordDir == "" {
		cached, have, err = st.GetCache(ctx, key)
		if err != nil {
			c.log.Warn("cache read failed", zap.String("url", res.URL), zap.Error(err))
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
	}
	exchanged = true
	out := c.do(col, actual, hdr)
	if out.err != nil {
		rec.Err = classify(out.err)
		return rec
	}
	if c.replay || c.cfg.RecordDir != "" {
		if t, err := time.Parse(time.RFC3339Nano, out.header.Get(cassette.RecordedAtHeader)); err == nil {
			recordedAt = t
		}
		out.header.Del(cassette.RecordedAtHeader)
	}
	rec.FinalURL = c.ep.CanonicalURLFor(res.Source, out.final)
	rec.Status = out.status
	rec.ContentType = out.header.Get("Content-Type")
	rec.ETag = out.header.Get("Etag")
	rec.LastMod = out.header.Get("Last-Modified")
	if int64(len(out.body)) > r.pol.MaxBodyBytes {
		rec.Err = fetchErr(record.ErrTooLarge, "body exceeds %d bytes", r.pol.MaxBodyBytes)
		return rec
	}
	switch {
	case out.status == http.StatusNotModified:
		if !have {
			rec.Err = fetchErr(record.ErrMalformed, "304 Not Modified to a request without validators")
			return rec
		}
		// A 304 reuses the stored body. Status reports the stored status
		// (200) so checks read the record like a fresh one; NotModified and
		// FromCache say where the body came from, and the metrics count the 304.
		rec.Status = cached.Status
		rec.NotModified, rec.FromCache = true, true
		rec.Body = cached.Body
		rec.ContentType = firstNonEmpty(rec.ContentType, cached.ContentType)
		rec.ETag = firstNonEmpty(rec.ETag, cached.ETag)
		rec.LastMod = firstNonEmpty(rec.LastMod, cached.LastModified)
		rec.SHA256 = cached.SHA256
		cached.ETag, cached.LastModified, cached.FinalURL, cached.StoredAt = rec.ETag, rec.LastMod, rec.FinalURL, c.now()
		if err := st.PutCache(ctx, key, cached); err != nil {
			c.log.Warn("cache write failed", zap.String("url", res.URL), zap.Error(err))
		}
		return rec
	case out.status >= 200 && out.status <= 299:
		rec.Body = out.body
		paged := false
		if res.Kind == record.KindHFAuthorModels {
			body, n, fe := c.followPages(col, r, res, out, acc)
			if fe != nil {
				rec.Err = fe
				return rec
			}
			rec.Body, paged = body, n > 1
		}
		rec.SHA256 = sha256hex(rec.Body)
		if st != nil && !paged && (rec.ETag != "" || rec.LastMod != "") &&
			!strings.Contains(strings.ToLower(out.header.Get("Cache-Control")), "no-store") {
			e := store.CacheEntry{URL: res.URL, ETag: rec.ETag, LastModified: rec.LastMod, Status: rec.Status,
				FinalURL: rec.FinalURL, ContentType: rec.ContentType, Body: rec.Body, SHA256: rec.SHA256, StoredAt: c.now()}
			if err := st.PutCache(ctx, key, e); err != nil {
				c.log.Warn("cache write failed", zap.String("url", res.URL), zap.Error(err))
			}
		}
		return rec
	}
	// An error status: never cached. The body is kept (it may explain), the
	// error is typed.
	rec.Body = out.body
	rec.SHA256 = sha256hex(rec.Body)
	where := rec.FinalURL
	if u := mustParse(where); u != nil {
		where = redactURL(u)
	}
	switch {
	case out.status >= 500:
		rec.Err = fetchErr(record.ErrServer, "status %d from %s", out.status, where)
	case out.status >= 400:
		rec.Err = fetchErr(record.ErrClient, "status %d from %s", out.status, where)
	default:
		rec.Err = fetchErr(record.ErrMalformed, "unexpected status %d from %s", out.status, where)
	}
	return rec
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
		hdr := http.Header{}
		hdr.Set("Accept", acc)
		hdr.Set("User-Agent", c.ua)
		page := c.do(col, next, hdr)
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
