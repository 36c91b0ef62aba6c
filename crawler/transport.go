package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// MaxRedirects is the largest number of redirect hops followed.
const MaxRedirects = 5

// Sentinel errors of the transport layers.
var (
	errBodyTooLarge = errors.New("body exceeds the size cap")
	errTruncated    = errors.New("body shorter than announced (truncated)")
)

func fetchErr(kind record.ErrorKind, format string, args ...any) *record.FetchError {
	return &record.FetchError{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// classify turns any error of an exchange into a typed FetchError.
func classify(err error) *record.FetchError {
	var fe *record.FetchError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &fe):
		return fe
	case errors.Is(err, cassette.ErrNoRecording):
		return fetchErr(record.ErrReplay, "%s", unwrapURLError(err))
	case errors.Is(err, context.Canceled):
		return fetchErr(record.ErrInterrupted, "canceled")
	case errors.Is(err, context.DeadlineExceeded):
		return fetchErr(record.ErrTimeout, "timed out")
	case errors.Is(err, errBodyTooLarge):
		return fetchErr(record.ErrTooLarge, "%s", unwrapURLError(err))
	case errors.Is(err, errTruncated), errors.Is(err, io.ErrUnexpectedEOF):
		return fetchErr(record.ErrTooLarge, "truncated body: %s", unwrapURLError(err))
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum):
		return fetchErr(record.ErrMalformed, "bad gzip body: %s", unwrapURLError(err))
	}
	if fe := networkDown(err); fe != nil {
		return fe
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fetchErr(record.ErrTimeout, "%s", unwrapURLError(err))
	}
	return fetchErr(record.ErrRefused, "%s", unwrapURLError(err))
}

// unwrapURLError drops the *url.Error wrapper, whose text repeats the URL.
func unwrapURLError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err.Error()
	}
	return err.Error()
}

// retryable reports whether a failed attempt may be retried (a DNS failure
// or an unreachable network only once: see RoundTrip).
func retryable(fe *record.FetchError, truncated bool) bool {
	switch fe.Kind {
	case record.ErrTimeout, record.ErrRefused, record.ErrDNS, record.ErrNetUnreachable:
		return true
	case record.ErrTooLarge:
		return truncated
	}
	return false
}

// ---------------------------------------------------------------------------
// Allow-list

// allowList decides which URLs may be requested.
type allowList struct {
	entries []hostEntry
}

type hostEntry struct {
	host     string // lower-case hostname, or "*.suffix"
	port     string // "" = the scheme's default port
	explicit bool   // from an endpoint or a trusted host: may be an internal address
	trusted  bool   // a trusted host without a port matches the scheme's default ports
}

func newAllowList(hosts []string, endpoints []string, trusted ...string) *allowList {
	a := &allowList{}
	for _, h := range trusted {
		h = strings.ToLower(strings.TrimSpace(h))
		host, port := h, ""
		if hh, pp, err := net.SplitHostPort(h); err == nil {
			host, port = hh, pp
		}
		if host = strings.Trim(host, "[]"); host != "" {
			a.entries = append(a.entries, hostEntry{host: host, port: port, explicit: true, trusted: true})
		}
	}
	for _, h := range hosts {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			continue
		}
		if u, err := url.Parse(h); err == nil && u.Host != "" {
			h = u.Host
		}
		host, port := h, ""
		if hh, pp, err := net.SplitHostPort(h); err == nil {
			host, port = hh, pp
		}
		a.entries = append(a.entries, hostEntry{host: strings.Trim(host, "[]"), port: port})
	}
	for _, e := range endpoints {
		u, err := url.Parse(e)
		if err != nil || u.Host == "" {
			continue
		}
		a.entries = append(a.entries, hostEntry{host: strings.ToLower(u.Hostname()), port: effectivePort(u), explicit: true})
	}
	return a
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "http") {
		return "80"
	}
	return "443"
}

// check returns a blocked-by-policy error unless u may be fetched.
func (a *allowList) check(u *url.URL) *record.FetchError {
	if u == nil {
		return fetchErr(record.ErrBlocked, "no URL")
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return fetchErr(record.ErrBlocked, "scheme %q not allowed: %s", u.Scheme, redactURL(u))
	}
	if u.User != nil {
		return fetchErr(record.ErrBlocked, "credentials in URL not allowed: %s", redactURL(u))
	}
	host := strings.ToLower(u.Hostname())
	port := effectivePort(u)
	for _, e := range a.entries {
		if !e.matchHost(host) {
			continue
		}
		if e.port != "" && e.port == port {
			return nil
		}
		if e.port == "" && (port == "443" || port == "80") && (!e.explicit || e.trusted) {
			return nil
		}
	}
	return fetchErr(record.ErrBlocked, "host %s is not on the allow-list: %s", u.Host, redactURL(u))
}

// trustedHost reports whether whoever runs claimcheck trusts host h
// (--trust-host), on any port.
func (a *allowList) trustedHost(h string) bool {
	for _, e := range a.entries {
		if e.trusted && e.matchHost(h) {
			return true
		}
	}
	return false
}

func (e hostEntry) matchHost(h string) bool {
	if strings.HasPrefix(e.host, "*.") {
		return strings.HasSuffix(h, e.host[1:])
	}
	return h == e.host
}

// literalAddrs are the IP addresses (with port) that an explicitly configured
// endpoint names literally; only those internal addresses may be dialled. A
// catalog's hosts list never opens an internal address: the catalog is edited
// by pull requests from anyone, the endpoints only by whoever runs claimcheck.
// Keys are addrKey forms (IPv4-mapped addresses unmapped, zones dropped).
func (a *allowList) literalAddrs() map[string]bool {
	m := map[string]bool{}
	for _, e := range a.entries {
		if !e.explicit {
			continue
		}
		var ips []netip.Addr
		if ip, err := netip.ParseAddr(e.host); err == nil {
			ips = []netip.Addr{ip}
		} else if e.host == "localhost" {
			ips = []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.IPv6Loopback()}
		}
		for _, ip := range ips {
			if e.port == "" {
				m[addrKey(ip, "80")] = true
				m[addrKey(ip, "443")] = true
			} else {
				m[addrKey(ip, e.port)] = true
			}
		}
	}
	return m
}

// addrKey is the literalAddrs key of ip:port.
func addrKey(ip netip.Addr, port string) string {
	return net.JoinHostPort(ip.Unmap().WithZone("").String(), port)
}

func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery = ""
	c.Fragment = ""
	return c.String()
}

// dialGuard is the connect-time check: it refuses every address JudgeAddr
// blocks unless literal (the configured endpoints' and trusted hosts'
// literal addresses) names it with its port.
func dialGuard(literal map[string]bool, address string) error {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("dial %s: not an IP address", address)
	}
	v := JudgeAddr(ip)
	if v.Blocked && !literal[addrKey(ip, port)] {
		return &record.FetchError{Kind: record.ErrBlocked,
			Message: "refusing to connect to internal address " + address + " (" + v.Reason + ")"}
	}
	return nil
}

// newNetTransport is the network transport: no proxy (the allow-list must
// see the real destination), and a dialer that refuses every address that is
// not globally reachable (JudgeAddr) unless the allow-list names it
// literally (a public name resolving to 169.254.169.254, 100.100.100.200 or
// 64:ff9b::a9fe:a9fe is refused).
func newNetTransport(literal map[string]bool) *http.Transport {
	d := &net.Dialer{
		Timeout:   15 * time.Second,
		KeepAlive: 30 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			return dialGuard(literal, address)
		},
	}
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          32,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// ---------------------------------------------------------------------------
// Layers

// guardTransport refuses URLs outside the allow-list (every hop passes here)
// and strips credentials coming from above: only authTransport, at the
// bottom, adds them.
type guardTransport struct {
	allow *allowList
	next  http.RoundTripper
}

func (g *guardTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if fe := g.allow.check(req.URL); fe != nil {
		closeBody(req)
		return nil, fe
	}
	r := req.Clone(req.Context())
	r.Header.Del("Authorization")
	r.Header.Del("Cookie")
	return g.next.RoundTrip(r)
}

// authTransport adds "Authorization: Bearer <token>" to requests whose
// scheme and host:port are exactly the endpoint's, and to nothing else. It
// sits below the recorder, so recordings never see the header.
type authTransport struct {
	token    Secret
	endpoint *url.URL
	next     http.RoundTripper
}

func (a *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if a.token == "" || a.endpoint == nil || !sameOrigin(req.URL, a.endpoint) {
		return a.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+a.token.Reveal())
	return a.next.RoundTrip(r)
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) &&
		effectivePort(a) == effectivePort(b)
}

// capTransport bounds every body read from the network to limit bytes: one
// more byte is an error (errBodyTooLarge), so no layer above (the recorder
// included) can be made to buffer a huge or decompression-bomb body.
type capTransport struct {
	limit int64
	next  http.RoundTripper
}

func (c *capTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body = &cappedBody{rc: resp.Body, left: c.limit}
	return resp, nil
}

type cappedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, errBodyTooLarge
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, fmt.Errorf("%w", errBodyTooLarge)
	}
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// ---------------------------------------------------------------------------
// The per-source transport: pacing, pauses, retries, buffering.

// sourceTransport applies one source's Policy to every request of that
// source, whatever its host: requests start at least MinInterval apart
// (start = max(now, last start + interval)); a 429 or an exhausted
// GitHub rate limit pauses the whole source; GET/HEAD are retried on
// 429/502/503/504 and network errors with exponential backoff and 0–20 %
// jitter, honouring Retry-After; any wait longer than MaxWait defers the
// request as rate-limited. Every wait is a context-aware timer. The body is
// read here, whole and capped, so truncation and oversize are errors of the
// exchange, never short reads.
type sourceTransport struct {
	src  record.Source
	pol  Policy
	next http.RoundTripper
	m    *sourceMetrics
	now  func() time.Time
	br   *breaker // the source's circuit breaker: an open circuit stops retries

	mu          sync.Mutex
	lastStart   time.Time
	pausedUntil time.Time
	pauseWhy    string
	rng         *rand.Rand
}

func newSourceTransport(src record.Source, pol Policy, next http.RoundTripper, m *sourceMetrics) *sourceTransport {
	return &sourceTransport{src: src, pol: pol, next: next, m: m, now: time.Now,
		rng: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0x636c6169))}
}

// RoundTrip sends req under the source's policy: each attempt paced, a
// failed attempt or a retryable answer tried again after its backoff or
// Retry-After, until the retries, MaxWait or the resource's clock say stop.
func (t *sourceTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	rs := &retryState{idempotent: req.Method == http.MethodGet || req.Method == http.MethodHead,
		clock: clockFrom(ctx)} // the resource's budget: attempts and backoff
	var notBefore time.Time
	for attempt := 0; ; attempt++ {
		if err := t.mayAttempt(ctx, notBefore, attempt, rs); err != nil {
			closeBody(req)
			return nil, err
		}
		started := t.now()
		resp, err := t.attempt(req, min(t.pol.Timeout, rs.clock.left()))
		rs.clock.spend(t.now().Sub(started))
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			d, fe := t.retryFailure(err, attempt, rs)
			if fe != nil {
				return nil, fe
			}
			t.m.retry()
			notBefore = t.now().Add(d)
			continue
		}
		retryAt, retry, out, err := t.retryAnswer(resp, attempt, rs)
		if !retry {
			return out, err
		}
		t.m.retry()
		notBefore = retryAt
	}
}

// retryState is what the attempts of one request share.
type retryState struct {
	idempotent bool               // GET or HEAD: only those are retried
	clock      *resourceClock     // the resource's budget: attempts and backoff
	last       *record.FetchError // the failure the last retry was for
	// badRetryAfter: an answer already carried an unparseable Retry-After
	// and was retried once after the default backoff.
	badRetryAfter bool
}

// mayAttempt waits until the next attempt may start (pacing, pauses,
// notBefore) and refuses it when the source's circuit opened since the
// first attempt or the resource's clock is spent.
func (t *sourceTransport) mayAttempt(ctx context.Context, notBefore time.Time, attempt int, rs *retryState) error {
	if err := t.wait(ctx, notBefore); err != nil {
		return err
	}
	if fe := t.br.openErr(); fe != nil && attempt > 0 {
		return fe
	}
	if rs.clock.left() <= 0 {
		return rs.clock.spentErr(rs.last)
	}
	return nil
}

// retryFailure decides on an attempt that got no answer: the backoff to wait
// before the next attempt, charged to the resource's clock, or the typed
// error to return (not idempotent, out of retries, not retryable, a DNS or
// unreachable-network failure already retried once, a backoff beyond MaxWait
// or beyond the clock).
func (t *sourceTransport) retryFailure(err error, attempt int, rs *retryState) (time.Duration, *record.FetchError) {
	fe := classify(err)
	truncated := errors.Is(err, errTruncated) || errors.Is(err, io.ErrUnexpectedEOF)
	if !rs.idempotent || attempt >= t.pol.MaxRetries || !retryable(fe, truncated) || (attempt >= 1 && onceOnly(fe.Kind)) {
		return 0, fe
	}
	d := t.backoff(attempt)
	if d > t.pol.MaxWait {
		return 0, fe
	}
	if d >= rs.clock.left() {
		return 0, rs.clock.spentErr(fe)
	}
	rs.clock.spend(d)
	rs.last = fe
	return d, nil
}

// retryAnswer decides on an answer: retry it at retryAt (a rate limit, or a
// 502/503/504, within the retries, MaxWait and the resource's clock), or
// return it — as it is (success, or a 5xx after the retries: the caller types
// it) or as a rate-limited error carrying RetryAt. A rate limit pauses the
// whole source.
func (t *sourceTransport) retryAnswer(resp *http.Response, attempt int, rs *retryState) (retryAt time.Time, retry bool, out *http.Response, err error) {
	now := t.now()
	limited, until := t.rateLimit(resp, now, attempt)
	if !limited && !retryStatus(resp.StatusCode) {
		return time.Time{}, false, resp, nil
	}
	// An unparseable Retry-After ("-5", 26 digits, garbage) counts as
	// the source's default backoff, once: the server asked for a pause
	// it could not express, so its answer is not retried again and again.
	garbled := retryAfterGarbled(resp.Header)
	if garbled {
		until = now.Add(t.pol.BaseBackoff)
	}
	if limited {
		t.pause(until, fmt.Sprintf("%d from %s", resp.StatusCode, t.src))
	}
	retryAt = until
	if !limited && !garbled {
		retryAt = t.serverRetryAt(resp.Header, now, attempt)
	}
	exhausted := !rs.idempotent || attempt >= t.pol.MaxRetries || (garbled && rs.badRetryAfter)
	rs.badRetryAfter = rs.badRetryAfter || garbled
	beyondCap := retryAt.Sub(now) > t.pol.MaxWait
	if limited && (exhausted || beyondCap) {
		return time.Time{}, false, nil, &record.FetchError{Kind: record.ErrRateLimited, RetryAt: retryAt.UTC(),
			Message: fmt.Sprintf("rate-limited (status %d) until %s", resp.StatusCode, retryAt.UTC().Format(time.RFC3339))}
	}
	if !limited && !exhausted && !beyondCap {
		// A 5xx retry waits on the resource's clock; one that could not
		// finish within it is not made.
		if d := retryAt.Sub(now); d >= rs.clock.left() {
			exhausted = true
		} else {
			rs.clock.spend(d)
		}
	}
	if exhausted {
		return time.Time{}, false, resp, nil // a 5xx after the retries: the caller types it
	}
	if beyondCap {
		return time.Time{}, false, nil, &record.FetchError{Kind: record.ErrRateLimited, RetryAt: retryAt.UTC(),
			Message: fmt.Sprintf("status %d, retry after %s is beyond the %s cap: rate-limited until %s",
				resp.StatusCode, retryAt.Sub(now).Round(time.Second), t.pol.MaxWait, retryAt.UTC().Format(time.RFC3339))}
	}
	return retryAt, true, nil, nil
}

// serverRetryAt is when to retry a 502/503/504: when Retry-After says
// (seconds or a date), else after the exponential backoff.
func (t *sourceTransport) serverRetryAt(h http.Header, now time.Time, attempt int) time.Time {
	if ra, ok := retryAfter(h, now); ok {
		return ra
	}
	return now.Add(t.backoff(attempt))
}

func retryStatus(code int) bool {
	return code == http.StatusBadGateway || code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout
}

// backoff is BaseBackoff·2^attempt plus 0–20 % jitter.
func (t *sourceTransport) backoff(attempt int) time.Duration {
	d := t.pol.BaseBackoff << min(attempt, 16)
	t.mu.Lock()
	j := t.rng.Float64() * 0.2
	t.mu.Unlock()
	return d + time.Duration(float64(d)*j)
}

// wait blocks until the request may start: MinInterval after the previous
// start of the source, after any source-wide pause, and after notBefore. It
// re-checks after every sleep, so the gap between two starts is never below
// the interval even when a timer fires late. A pause ending beyond MaxWait
// from now fails at once with a rate-limited error carrying RetryAt.
func (t *sourceTransport) wait(ctx context.Context, notBefore time.Time) error {
	var waited time.Duration
	defer func() {
		if waited > 0 {
			t.m.wait(waited)
		}
	}()
	for {
		t.mu.Lock()
		now := t.now()
		if t.pausedUntil.Sub(now) > t.pol.MaxWait {
			until, why := t.pausedUntil, t.pauseWhy
			t.mu.Unlock()
			return &record.FetchError{Kind: record.ErrRateLimited, RetryAt: until.UTC(),
				Message: fmt.Sprintf("source %s paused (%s): rate-limited until %s", t.src, why, until.UTC().Format(time.RFC3339))}
		}
		start := now
		for _, x := range []time.Time{t.lastStart.Add(t.pol.MinInterval), t.pausedUntil, notBefore} {
			if x.After(start) {
				start = x
			}
		}
		if !start.After(now) {
			t.lastStart = now
			t.mu.Unlock()
			return ctx.Err()
		}
		t.mu.Unlock()
		d := start.Sub(now)
		timer := time.NewTimer(d)
		select {
		case <-ctx.Done():
			timer.Stop()
			waited += t.now().Sub(now)
			return ctx.Err()
		case <-timer.C:
			waited += t.now().Sub(now)
		}
	}
}

func (t *sourceTransport) pause(until time.Time, why string) {
	t.mu.Lock()
	if until.After(t.pausedUntil) {
		t.pausedUntil, t.pauseWhy = until, why
	}
	t.mu.Unlock()
}

// rateLimit inspects a response for rate limiting. A 429, or a 403 that is
// GitHub's primary (x-ratelimit-remaining: 0) or secondary limit (Retry-After,
// or a message naming the rate limit), is limited; until is when to retry.
// Any response announcing x-ratelimit-remaining: 0 pauses the source until
// x-ratelimit-reset, so the next request waits instead of failing.
func (t *sourceTransport) rateLimit(resp *http.Response, now time.Time, attempt int) (bool, time.Time) {
	reset, exhausted := rateLimitReset(resp.Header)
	if exhausted && resp.StatusCode < 300 {
		t.pause(reset, "x-ratelimit-remaining: 0")
	}
	limited := resp.StatusCode == http.StatusTooManyRequests
	if resp.StatusCode == http.StatusForbidden {
		_, hasRA := retryAfter(resp.Header, now)
		limited = exhausted || hasRA || secondaryLimitBody(resp)
	}
	if !limited {
		return false, time.Time{}
	}
	if ra, ok := retryAfter(resp.Header, now); ok {
		return true, ra
	}
	if exhausted {
		return true, reset
	}
	if resp.StatusCode == http.StatusForbidden {
		// GitHub: without Retry-After, wait at least a minute on a secondary limit.
		return true, now.Add(max(time.Minute, t.backoff(attempt)))
	}
	return true, now.Add(t.backoff(attempt))
}

func secondaryLimitBody(resp *http.Response) bool {
	b, ok := resp.Body.(*bufferedBody)
	if !ok {
		return false
	}
	s := strings.ToLower(string(b.data))
	return strings.Contains(s, "rate limit")
}

// rateLimitReset reads x-ratelimit-remaining / x-ratelimit-reset (epoch seconds).
func rateLimitReset(h http.Header) (time.Time, bool) {
	if strings.TrimSpace(h.Get("X-Ratelimit-Remaining")) != "0" {
		return time.Time{}, false
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-Ratelimit-Reset")), 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(sec, 0), true
}

// retryAfter parses Retry-After as delay-seconds or an HTTP-date.
func retryAfter(h http.Header, now time.Time) (time.Time, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return time.Time{}, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return time.Time{}, false
		}
		return now.Add(time.Duration(min(n, 1<<31)) * time.Second), true
	}
	if at, err := http.ParseTime(v); err == nil {
		if at.Before(now) {
			return now, true
		}
		return at, true
	}
	return time.Time{}, false
}

// retryAfterGarbled reports a Retry-After header that is present but is
// neither delay-seconds within range nor an HTTP-date.
func retryAfterGarbled(h http.Header) bool {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return false
	}
	_, ok := retryAfter(h, time.Now())
	return !ok
}

// bufferedBody is a response body read whole by the source transport.
type bufferedBody struct {
	*bytes.Reader
	data []byte
}

func (bufferedBody) Close() error { return nil }

// attempt performs one exchange, bounded by timeout (headers and body: a
// body dripping in slowly times out too), and reads the body whole: at most
// MaxBodyBytes (decompressed), exactly the announced Content-Length.
func (t *sourceTransport) attempt(req *http.Request, timeout time.Duration) (resp *http.Response, err error) {
	ctx, cancel := context.WithTimeout(req.Context(), timeout)
	defer cancel()
	defer func() {
		if err != nil && req.Context().Err() == nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fetchErr(record.ErrTimeout, "no complete answer within %s (headers and body)", timeout.Round(time.Millisecond))
		}
	}()
	r := req.Clone(t.traceSent(ctx)) // pacing.go
	t.m.request()
	resp, err = t.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	limit := t.pol.MaxBodyBytes
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: Content-Length %d > %d bytes", errBodyTooLarge, resp.ContentLength, limit)
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	t.m.bytes(int64(len(raw)))
	if err != nil {
		if errors.Is(err, errBodyTooLarge) {
			return nil, fmt.Errorf("%w: more than %d bytes", errBodyTooLarge, limit)
		}
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(raw)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", errBodyTooLarge, limit)
	}
	if resp.ContentLength >= 0 && int64(len(raw)) != resp.ContentLength && req.Method != http.MethodHead &&
		resp.StatusCode != http.StatusNotModified && resp.StatusCode != http.StatusNoContent {
		return nil, fmt.Errorf("%w: got %d of %d bytes", errTruncated, len(raw), resp.ContentLength)
	}
	body := raw
	if enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); !resp.Uncompressed && enc == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("gunzip: %w", err)
		}
		body, err = io.ReadAll(io.LimitReader(zr, limit+1))
		if err != nil {
			return nil, fmt.Errorf("gunzip: %w", err)
		}
		if int64(len(body)) > limit {
			return nil, fmt.Errorf("%w: more than %d bytes after gzip decoding (%d bytes compressed)", errBodyTooLarge, limit, len(raw))
		}
		resp.Header.Del("Content-Encoding")
		resp.Uncompressed = true
	}
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	resp.ContentLength = int64(len(body))
	// The body is final: colly must not gunzip it again. It otherwise decodes,
	// without any size limit, a body whose Content-Type says gzip or whose
	// path ends in .xml.gz — a gzip bomb past the cap.
	resp.Uncompressed = true
	resp.Body = &bufferedBody{Reader: bytes.NewReader(body), data: body}
	return resp, nil
}
