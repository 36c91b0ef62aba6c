package simulator

import (
	"bytes"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// server is one source's loopback server.
type server struct {
	sim     *Sim
	source  record.Source
	hs      *httptest.Server
	latency time.Duration
	limit   Limit

	mu                        sync.Mutex
	stats                     Stats
	inFlight                  int
	lastArrival, lastAdmitted time.Time
	buckets                   map[string]*bucket
	faults                    []*faultRule
}

// bucket is one caller's quota window.
type bucket struct {
	limit int
	used  int
	reset time.Time
}

// refusal is a rate-limit answer.
type refusal struct {
	retryAfter time.Duration
	reason     string
}

func (sv *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	arrival := time.Now()
	sv.mu.Lock()
	sv.stats.Requests++
	if !sv.lastArrival.IsZero() {
		gap := arrival.Sub(sv.lastArrival)
		if len(sv.stats.Gaps) < maxGaps {
			sv.stats.Gaps = append(sv.stats.Gaps, gap)
		}
		if sv.stats.MinGap == 0 || gap < sv.stats.MinGap {
			sv.stats.MinGap = gap
		}
	}
	sv.lastArrival = arrival
	ref, b := sv.admit(arrival, r)
	var fault *Fault
	if ref == nil {
		sv.inFlight++
		sv.stats.MaxInFlight = max(sv.stats.MaxInFlight, sv.inFlight)
		sv.lastAdmitted = arrival
		fault = sv.pickFault(r.URL.Path)
		if fault != nil {
			sv.stats.Faults++
		}
	} else {
		sv.stats.Violations++
	}
	sv.mu.Unlock()

	// A request stops counting as in flight when its answer starts to go out:
	// from then on the client may see the whole response and send the next
	// request before this handler returns, which must not count as a
	// concurrency violation.
	released := ref != nil
	release := func() {
		sv.mu.Lock()
		if !released {
			released = true
			sv.inFlight--
		}
		sv.mu.Unlock()
	}
	cw := &countingWriter{ResponseWriter: w, onStart: release}
	defer func() {
		release()
		sv.mu.Lock()
		sv.stats.Bytes += cw.n
		sv.mu.Unlock()
	}()
	if !sv.sim.wait(r, sv.latency) {
		return
	}
	if ref != nil {
		sv.refuse(cw, ref, b)
		return
	}
	sv.answer(w, cw, r, fault, b)
}

// admit decides whether a request keeps the source's limit; sv.mu is held.
func (sv *server) admit(now time.Time, r *http.Request) (*refusal, *bucket) {
	l := sv.limit
	var b *bucket
	if l.Quota > 0 {
		auth := r.Header.Get("Authorization")
		limit := l.Quota
		if auth != "" && l.TokenQuota > 0 {
			limit = l.TokenQuota
		}
		b = sv.buckets[auth]
		if b == nil || !now.Before(b.reset) {
			b = &bucket{limit: limit, reset: now.Add(l.Window)}
			sv.buckets[auth] = b
		}
	}
	if l.Concurrency > 0 && sv.inFlight >= l.Concurrency {
		return &refusal{retryAfter: max(l.Interval, time.Second), reason: "too many concurrent requests"}, b
	}
	if l.Interval > 0 && !sv.lastAdmitted.IsZero() {
		if since := now.Sub(sv.lastAdmitted); since < l.Interval {
			return &refusal{retryAfter: l.Interval - since, reason: "requests too close together"}, b
		}
	}
	if b != nil {
		if b.used >= b.limit {
			return &refusal{retryAfter: b.reset.Sub(now), reason: "rate limit exceeded"}, b
		}
		b.used++
	}
	return nil, b
}

// pickFault returns the latest fault matching p, using up one of its
// applications; sv.mu is held.
func (sv *server) pickFault(p string) *Fault {
	for i := len(sv.faults) - 1; i >= 0; i-- {
		fr := sv.faults[i]
		if fr.left == 0 || !fr.matches(p) {
			continue
		}
		if fr.left > 0 {
			fr.left--
		}
		f := fr.fault
		return &f
	}
	return nil
}

// wait sleeps d unless the client goes away or the simulator closes; it
// reports whether to go on.
func (s *Sim) wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-s.done:
		return false
	}
}

func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}

func (sv *server) rateHeaders(h http.Header, b *bucket) {
	if !sv.limit.RateHeaders || b == nil {
		return
	}
	h.Set("X-Ratelimit-Limit", strconv.Itoa(b.limit))
	h.Set("X-Ratelimit-Remaining", strconv.Itoa(max(0, b.limit-b.used)))
	h.Set("X-Ratelimit-Reset", strconv.FormatInt(int64(math.Ceil(float64(b.reset.UnixNano())/1e9)), 10))
	h.Set("X-Ratelimit-Used", strconv.Itoa(b.used))
	h.Set("X-Ratelimit-Resource", "core")
}

func (sv *server) refuse(w http.ResponseWriter, ref *refusal, b *bucket) {
	h := w.Header()
	sv.mu.Lock()
	sv.rateHeaders(h, b)
	sv.mu.Unlock()
	h.Set("Retry-After", retryAfterSeconds(ref.retryAfter))
	var body string
	if sv.source == record.SourceGitHub {
		h.Set("Content-Type", "application/json; charset=utf-8")
		body = fmt.Sprintf(`{"message":"API rate limit exceeded (%s)","documentation_url":"https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api","status":"429"}`+"\n", ref.reason)
	} else {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		body = "Rate exceeded: " + ref.reason + ".\n"
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusTooManyRequests)
	w.Write([]byte(body))
}

// lookup finds the world answer for r.
func (sv *server) lookup(r *http.Request) *resource {
	idx := sv.sim.world.resources[sv.source]
	for _, h := range sv.sim.world.hosts[sv.source] {
		if res, ok := idx[resKey(r.Method, h, r.URL)]; ok {
			return res
		}
	}
	if sv.source == record.SourceArXiv && r.URL.Path == "/api/query" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		q := r.URL.Query()
		if q.Has("id_list") {
			body, lm := sv.sim.world.arxivFeed(q)
			return &resource{status: http.StatusOK, body: body, lastMod: lm,
				header: http.Header{"Content-Type": {"application/atom+xml; charset=utf-8"}}}
		}
	}
	return nil
}

func (sv *server) notFound() *resource {
	h := http.Header{}
	var body string
	switch sv.source {
	case record.SourceGitHub:
		h.Set("Content-Type", "application/json; charset=utf-8")
		body = `{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}` + "\n"
	case record.SourceHF:
		h.Set("Content-Type", "application/json; charset=utf-8")
		body = `{"error":"Repository Not Found"}` + "\n"
		// The Hub answers 401, not 404, to an anonymous request for a missing repository.
		return &resource{status: http.StatusUnauthorized, header: h, body: []byte(body)}
	case record.SourceCrossref:
		h.Set("Content-Type", "text/plain")
		body = "Resource not found."
	default:
		h.Set("Content-Type", "text/html; charset=utf-8")
		body = "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n"
	}
	return &resource{status: http.StatusNotFound, header: h, body: []byte(body)}
}

// answer writes the world's answer to r, altered by fault when set.
func (sv *server) answer(raw http.ResponseWriter, w *countingWriter, r *http.Request, fault *Fault, b *bucket) {
	res := sv.lookup(r)
	if res == nil {
		res = sv.notFound()
	}
	h := w.Header()
	status, body := res.status, res.body
	sv.copyHeaders(h, res)
	if fault != nil {
		var done bool
		if status, body, done = sv.applyFault(raw, w, r, fault, b, status, body); done {
			return
		}
	}
	if sv.notModified(w, r, b, res.lastMod, status, body) {
		return
	}
	sv.mu.Lock()
	sv.rateHeaders(h, b)
	sv.mu.Unlock()
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// copyHeaders copies the answer's headers into h, with the canonical URLs
// in Location and Link rewritten to the simulator's servers.
func (sv *server) copyHeaders(h http.Header, res *resource) {
	for k, v := range res.header {
		h[k] = append([]string(nil), v...)
	}
	for _, k := range []string{"Location", "Link"} {
		for i, v := range h[k] {
			h[k][i] = sv.sim.rewrite.Replace(v)
		}
	}
}

// applyFault alters the answer (status, body, headers) as fault says, or
// writes the fault's own answer and reports done.
func (sv *server) applyFault(raw http.ResponseWriter, w *countingWriter, r *http.Request, fault *Fault, b *bucket, status int, body []byte) (int, []byte, bool) {
	h := w.Header()
	switch fault.Kind {
	case FaultTimeout:
		sv.sim.wait(r, sv.sim.opts.MaxHang)
		return status, body, true
	case FaultReset:
		reset(raw)
		return status, body, true
	case FaultBurst5xx:
		sv.writeSimple(w, b, http.StatusServiceUnavailable, "text/html; charset=utf-8", "<html><body><h1>503 Service Unavailable</h1></body></html>\n", nil)
		return status, body, true
	case FaultRetryFar:
		d := fault.RetryAfter
		if d <= 0 {
			d = 30 * 24 * time.Hour
		}
		sv.writeSimple(w, b, http.StatusTooManyRequests, "text/plain; charset=utf-8", "Rate exceeded.\n", map[string]string{"Retry-After": retryAfterSeconds(d)})
		return status, body, true
	case FaultRedirectLoop:
		n, _ := strconv.Atoi(r.URL.Query().Get("loop"))
		q := r.URL.Query()
		q.Set("loop", strconv.Itoa(n+1))
		sv.writeSimple(w, b, http.StatusFound, "text/html; charset=utf-8", "", map[string]string{"Location": r.URL.Path + "?" + q.Encode()})
		return status, body, true
	case FaultTruncated:
		sv.truncated(raw, w, h.Get("Content-Type"), body)
		return status, body, true
	case FaultOversized:
		sv.oversized(w, b, status, body, fault.Size)
		return status, body, true
	case FaultGzipBomb:
		sv.gzipBomb(w, b, fault.Size)
		return status, body, true
	case FaultMalformed:
		status, body = http.StatusOK, malform(body, h.Get("Content-Type"))
	case FaultWrongType:
		ct := fault.ContentType
		if ct == "" {
			ct = wrongType(h.Get("Content-Type"))
		}
		h.Set("Content-Type", ct)
	case FaultFieldRemoved:
		status, body = http.StatusOK, fault.Edit(bytes.Clone(body))
	case FaultDrip:
		sv.drip(w, r, b, status, body, fault.Every)
		return status, body, true
	}
	return status, body, false
}

// notModified gives a 2xx answer its validators (a content-hash ETag and
// lastMod) unless they are turned off, and answers 304 instead when the
// request's validators match; it reports whether it did (a 304 does not use
// the quota).
func (sv *server) notModified(w *countingWriter, r *http.Request, b *bucket, lastMod time.Time, status int, body []byte) bool {
	if status < 200 || status >= 300 || sv.sim.opts.NoValidators {
		return false
	}
	h := w.Header()
	h.Set("Etag", etag(body))
	h.Set("Last-Modified", lastMod.UTC().Format(http.TimeFormat))
	if !cassette.NotModified(r.Header, status, h) {
		return false
	}
	sv.mu.Lock()
	sv.stats.NotModified++
	if b != nil && b.used > 0 {
		b.used-- // a 304 does not use the quota
	}
	sv.rateHeaders(h, b)
	sv.mu.Unlock()
	h.Del("Content-Type")
	h.Del("Content-Length")
	w.WriteHeader(http.StatusNotModified)
	return true
}

func (sv *server) writeSimple(w http.ResponseWriter, b *bucket, status int, ct, body string, extra map[string]string) {
	h := w.Header()
	for k := range h {
		delete(h, k)
	}
	sv.mu.Lock()
	sv.rateHeaders(h, b)
	sv.mu.Unlock()
	h.Set("Content-Type", ct)
	for k, v := range extra {
		h.Set(k, v)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write([]byte(body))
}

// reset closes the connection with an RST instead of an answer.
func reset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// truncated declares a Content-Length 1 KiB larger than the body it sends,
// then closes the connection.
func (sv *server) truncated(raw http.ResponseWriter, w *countingWriter, ct string, body []byte) {
	hj, ok := raw.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, bufrw, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	if ct == "" {
		ct = "application/octet-stream"
	}
	fmt.Fprintf(bufrw, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", ct, len(body)+1024)
	n, _ := bufrw.Write(body)
	w.n += int64(n)
	bufrw.Flush()
}

// drip sends the status and headers (the full Content-Length) at once, then
// the body one byte every every (default 1s), until it is sent, the client
// goes away or the simulator closes.
func (sv *server) drip(w *countingWriter, r *http.Request, b *bucket, status int, body []byte, every time.Duration) {
	if every <= 0 {
		every = time.Second
	}
	sv.mu.Lock()
	sv.rateHeaders(w.Header(), b)
	sv.mu.Unlock()
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	fl, _ := w.ResponseWriter.(http.Flusher)
	for i := range body {
		if fl != nil {
			fl.Flush()
		}
		if !sv.sim.wait(r, every) {
			return
		}
		if _, err := w.Write(body[i : i+1]); err != nil {
			return
		}
	}
}

// oversized sends the body padded with spaces to size bytes (default 64 MiB).
func (sv *server) oversized(w http.ResponseWriter, b *bucket, status int, body []byte, size int64) {
	if size <= 0 {
		size = 64 << 20
	}
	h := w.Header()
	h.Del("Etag")
	sv.mu.Lock()
	sv.rateHeaders(h, b)
	sv.mu.Unlock()
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(status)
	if int64(len(body)) > size {
		body = body[:size]
	}
	if _, err := w.Write(body); err != nil {
		return
	}
	pad := bytes.Repeat([]byte(" "), 32<<10)
	for left := size - int64(len(body)); left > 0; {
		select {
		case <-sv.sim.done:
			return
		default:
		}
		chunk := pad[:min(int64(len(pad)), left)]
		if _, err := w.Write(chunk); err != nil {
			return
		}
		left -= int64(len(chunk))
	}
}

// gzipBomb sends concatenated gzip members of zeros: about 1 KiB on the wire
// per MiB decompressed (default 1 GiB decompressed).
func (sv *server) gzipBomb(w http.ResponseWriter, b *bucket, size int64) {
	if size <= 0 {
		size = 1 << 30
	}
	member := gzipMember()
	n := (size + (1<<20 - 1)) >> 20
	h := w.Header()
	h.Del("Etag")
	sv.mu.Lock()
	sv.rateHeaders(h, b)
	sv.mu.Unlock()
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	h.Set("Content-Encoding", "gzip")
	h.Set("Content-Length", strconv.FormatInt(n*int64(len(member)), 10))
	w.WriteHeader(http.StatusOK)
	for range n {
		select {
		case <-sv.sim.done:
			return
		default:
		}
		if _, err := w.Write(member); err != nil {
			return
		}
	}
}

// countingWriter counts the body bytes written.
type countingWriter struct {
	http.ResponseWriter
	n       int64
	onStart func() // called once, before the first byte of the answer is written
	started bool
}

func (c *countingWriter) start() {
	if !c.started {
		c.started = true
		if c.onStart != nil {
			c.onStart()
		}
	}
}

func (c *countingWriter) WriteHeader(code int) {
	c.start()
	c.ResponseWriter.WriteHeader(code)
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.start()
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}
