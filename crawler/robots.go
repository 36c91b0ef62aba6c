package crawler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/temoto/robotstxt"
	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/crawler/store"
)

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// robotsCache holds each origin's robots.txt for the crawler's lifetime (one
// run). Concurrent checks of one origin wait for a single fetch.
type robotsCache struct {
	mu sync.Mutex
	m  map[string]*robotsEntry
}

type robotsEntry struct {
	done chan struct{}
	data *robotstxt.RobotsData // nil = allow all
	fe   *record.FetchError    // robots.txt unavailable: disallow all
}

// robotsCheck applies robots.txt to an HTML page, fetched through the
// source's own polite transport (never colly's robots fetch, which bypasses
// pacing and the context). Rules (documented in the README):
//   - 2xx: the file's rules for "claimcheck", else "*";
//   - 4xx (404, 401, 403…): no rules, everything allowed (RFC 9309);
//   - 5xx after retries, or unreachable: everything disallowed; the page is
//     not fetched and carries the robots.txt failure's own kind (5xx,
//     timeout, refused, rate-limited), so it reads as unreachable, not as a
//     policy block;
//   - replay with no recorded robots.txt: allowed (there is no live server).
//
// An explicit Disallow yields blocked-by-policy "disallowed by robots.txt".
func (c *Crawler) robotsCheck(ctx context.Context, r *sourceRunner, u *url.URL) *record.FetchError {
	origin := u.Scheme + "://" + u.Host
	key := string(r.src) + " " + origin
	c.robots.mu.Lock()
	e, ok := c.robots.m[key]
	if !ok {
		e = &robotsEntry{done: make(chan struct{})}
		c.robots.m[key] = e
		c.robots.mu.Unlock()
		e.data, e.fe = c.fetchRobots(ctx, r, origin)
		close(e.done)
	} else {
		c.robots.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return fetchErr(record.ErrInterrupted, "canceled")
		}
	}
	if e.fe != nil {
		cp := *e.fe
		return &cp
	}
	if e.data == nil {
		return nil
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	if !e.data.TestAgent(p, RobotsAgent) {
		return fetchErr(record.ErrBlocked, "disallowed by robots.txt (%s/robots.txt)", c.ep.CanonicalURLFor(r.src, origin))
	}
	return nil
}

const robotsAccept = "text/plain,*/*;q=0.1"

func (c *Crawler) fetchRobots(ctx context.Context, r *sourceRunner, origin string) (*robotstxt.RobotsData, *record.FetchError) {
	robotsURL := origin + "/robots.txt"
	canonical := c.ep.CanonicalURLFor(r.src, robotsURL)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, robotsURL, nil)
	if err != nil {
		return nil, fetchErr(record.ErrBlocked, "robots.txt request: %v", err)
	}
	req.Header.Set("User-Agent", c.ua)
	req.Header.Set("Accept", robotsAccept)
	// robots.txt is revalidated like any other resource: a nightly run asks
	// "has it changed?" instead of downloading it again.
	st := c.cfg.Store
	if c.replay || c.cfg.RecordDir != "" {
		st = nil
	}
	key := CacheKey(canonical, robotsAccept)
	var cached store.CacheEntry
	var have bool
	if st != nil {
		if cached, have, err = st.GetCache(ctx, key); err != nil {
			have = false
		}
		if have && cached.ETag != "" {
			req.Header.Set("If-None-Match", cached.ETag)
		}
		if have && cached.LastModified != "" {
			req.Header.Set("If-Modified-Since", cached.LastModified)
		}
	}
	client := &http.Client{Transport: r.top, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if err := c.checkRedirect(r.src, req, via); err != nil {
			return err
		}
		return c.robotsScope(req, via)
	}}
	resp, err := client.Do(req)
	if err != nil {
		fe := classify(err)
		switch fe.Kind {
		case record.ErrReplay:
			return nil, nil
		case record.ErrInterrupted:
			return nil, fe
		}
		return nil, &record.FetchError{Kind: fe.Kind, RetryAt: fe.RetryAt,
			Message: "robots.txt " + canonical + " unavailable, treated as disallow-all: " + fe.Message}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		fe := classify(err)
		return nil, &record.FetchError{Kind: fe.Kind, Message: "robots.txt " + canonical + ": " + fe.Message}
	}
	if resp.StatusCode == http.StatusNotModified && have {
		r.m.add(func(v *SourceMetrics) { v.NotModified++ })
		body = cached.Body
		resp.StatusCode = cached.Status
	} else if st != nil && resp.StatusCode >= 200 && resp.StatusCode <= 299 &&
		(resp.Header.Get("Etag") != "" || resp.Header.Get("Last-Modified") != "") {
		e := store.CacheEntry{URL: canonical, ETag: resp.Header.Get("Etag"), LastModified: resp.Header.Get("Last-Modified"),
			Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: body, StoredAt: c.now()}
		if err := st.PutCache(ctx, key, e); err != nil {
			c.log.Warn("cache write failed", zap.String("url", canonical), zap.Error(err))
		}
	}
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode <= 299:
		data, err := robotstxt.FromBytes(body)
		if err != nil {
			return nil, nil // unparsable rules: nothing to obey
		}
		return data, nil
	case resp.StatusCode >= 500:
		return nil, fetchErr(record.ErrServer, "robots.txt %s answered %d, treated as disallow-all", canonical, resp.StatusCode)
	default:
		return nil, nil
	}
}
