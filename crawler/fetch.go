package crawler

// One resource's fetch: its colly collector and exchanges, fetchOne and its
// steps, and the pages of a paged list.

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/crawler/store"
)

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
		if err := c.checkRedirect(r.src, req, via); err != nil {
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

// checkRedirect re-checks every redirect hop of a src request: at most
// MaxRedirects, only to allow-listed hosts, only to hosts the catalog's
// hosts list (when it declares them: see Config.ContactHosts), and
// credentials never cross origins.
func (c *Crawler) checkRedirect(src record.Source, req *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects {
		return fetchErr(record.ErrBlocked, "stopped after %d redirects at %s", MaxRedirects, redactURL(req.URL))
	}
	if fe := c.allow.check(req.URL); fe != nil {
		return fetchErr(record.ErrBlocked, "redirect refused: %s", fe.Message)
	}
	if fe := c.checkContactURL(src, req.URL); fe != nil {
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
	if other, base, ok := c.intoEndpoint(via[0].URL, req.URL); ok {
		return fetchErr(record.ErrBlocked, "redirect refused: %s leads a venue page into the %s endpoint (%s)",
			redactURL(req.URL), other, base)
	}
	return nil
}

// intoEndpoint finds the source endpoint (source and base) that target is
// under and origin, where the redirects began, is not.
func (c *Crawler) intoEndpoint(origin, target *url.URL) (record.Source, string, bool) {
	for _, other := range Sources {
		for _, b := range c.ep.basesFor(other) {
			if underEndpoint(target, b[1]) && !underEndpoint(origin, b[1]) {
				return other, b[1], true
			}
		}
	}
	return "", "", false
}

// robotsScope keeps a robots.txt redirect (which may cross hosts, RFC 9309)
// out of every source endpoint its first URL was not already under: a
// robots.txt can never make claimcheck request another source's API.
func (c *Crawler) robotsScope(req *http.Request, via []*http.Request) error {
	origin := via[0].URL
	if sameOrigin(req.URL, origin) {
		return nil
	}
	if other, base, ok := c.intoEndpoint(origin, req.URL); ok {
		return fetchErr(record.ErrBlocked, "redirect refused: robots.txt %s leads into the %s endpoint (%s)",
			redactURL(origin), other, base)
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
	if fe := c.checkContact(res); fe != nil {
		return "", nil, fe
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
