package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

func okHandler(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, body)
	}
}

func TestIntervalAndParallelismPerSource(t *testing.T) {
	t.Parallel()
	const interval = 80 * time.Millisecond
	// One server for every source, like the simulator: politeness must follow
	// the source, not the host.
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(30 * time.Millisecond)
		fmt.Fprint(w, "{}")
	})
	pols := allFast()
	pols[record.SourceDocs] = fast(interval, 1)
	pols[record.SourceGitHub] = fast(0, 2)
	sent := &sendLog{inner: http.DefaultTransport}
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: pols, IgnoreRobots: true, Transport: sent})
	var in []record.Resource
	for i := range 5 {
		in = append(in, docs(fmt.Sprint("news/n", i)))
	}
	recs := mustFetch(t, c, in)
	allOK(t, recs)
	hits := srv.requests()
	if len(hits) != 5 {
		t.Fatalf("%d requests, want 5", len(hits))
	}
	// Gaps between sends (client side; arrival gaps also include the first
	// connection's dial time).
	for _, g := range sent.gaps() {
		if g < interval-2*time.Millisecond {
			t.Errorf("docs gap %v < interval %v (all: %v; arrivals: %v)", g, interval, sent.gaps(), gaps(hits))
		}
	}
	if p := srv.peakNow(); p != 1 {
		t.Errorf("docs peak in flight = %d, want 1", p)
	}

	// GitHub: parallelism 2, no interval: two in flight at once, never three.
	// Each request is held until two have been in flight together (or 5 s
	// pass), so the peak does not depend on how the scheduler interleaves
	// the workers: with parallelism 2 it is exactly 2; with 1 every request
	// times out and the peak is 1; with 3 or more it exceeds 2.
	var srv2 *server
	srv2 = newServer(t, func(w http.ResponseWriter, r *http.Request) {
		holdUntilPeak(srv2, 2, 5*time.Second)
		fmt.Fprint(w, "{}")
	})
	c2 := newTestCrawler(t, Config{Endpoints: endpointsAt(srv2.URL), Policies: pols})
	in = nil
	for i := range 6 {
		in = append(in, repo(fmt.Sprint("o/r", i)))
	}
	mustFetch(t, c2, in)
	if p := srv2.peakNow(); p != 2 {
		t.Errorf("github peak in flight = %d, want 2", p)
	}
	m := c2.Metrics().Source(record.SourceGitHub)
	if m.Requests != 6 || m.Errors != 0 {
		t.Errorf("metrics = %+v", m)
	}
}

func TestOneRequestPerUniqueResource(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler("{}"))
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL)})
	in := []record.Resource{repo("a/b"), repo("c/d"), repo("a/b"), repo("a/b")}
	recs := mustFetch(t, c, in)
	if len(recs) != 4 {
		t.Fatalf("%d records", len(recs))
	}
	for i, r := range recs {
		if r.Resource.Key != in[i].Key || r.Err != nil || string(r.Body) != "{}" {
			t.Errorf("record %d = %+v", i, r)
		}
	}
	if n := srv.count("/repos/a/b"); n != 1 {
		t.Errorf("a/b fetched %d times", n)
	}
	if n := srv.count(""); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestArXivBatches(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		fmt.Fprint(w, "<feed/>")
	})
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL)})
	in := Plan(catalogWithArXiv(101), PlanOptions{})
	recs := mustFetch(t, c, in)
	if len(recs) != 2 || srv.count("") != 2 {
		t.Fatalf("%d records, %d requests; want 2 and 2", len(recs), srv.count(""))
	}
	first := srv.requests()[0].url
	if !strings.HasPrefix(first, "/api/query?id_list=") {
		t.Fatalf("request %s", first)
	}
	for _, r := range recs {
		if r.Err != nil || r.URL != r.Resource.URL || !strings.HasPrefix(r.FinalURL, "https://export.arxiv.org/api/query?id_list=") {
			t.Errorf("record %+v", r)
		}
	}
}

func TestRetryAfterBacksOffAndPausesSource(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		time.Sleep(50 * time.Millisecond)
		fmt.Fprint(w, "{}")
	})
	p := fast(0, 2)
	p.MaxRetries = 2
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceGitHub, p)})
	recs := mustFetch(t, c, []record.Resource{repo("a/b"), repo("c/d"), repo("e/f")})
	allOK(t, recs)
	hits := srv.requests()
	if len(hits) != 4 {
		t.Fatalf("%d requests, want 4 (one retried)", len(hits))
	}
	// The first request got the 429, the second was already in flight. Every
	// later request waited out the source-wide pause, not only the retry.
	for _, h := range hits[2:] {
		if d := h.at.Sub(hits[0].at); d < 950*time.Millisecond {
			t.Errorf("request %s %v after the 429: source not paused", h.url, d)
		}
	}
	m := c.Metrics().Source(record.SourceGitHub)
	if m.Retries != 1 || m.Waits < 1 || m.WaitTime < 900*time.Millisecond {
		t.Errorf("metrics = %+v", m)
	}
}

func TestWaitBeyondCapDefers(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	p := fast(0, 1)
	p.MaxRetries = 3
	p.MaxWait = 10 * time.Minute // still below Retry-After (1 h): a wait would take 1 h
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceGitHub, p)})
	start := time.Now()
	recs := mustFetch(t, c, []record.Resource{repo("a/b"), repo("c/d")})
	// Waiting would take an hour; deferring takes a moment, however loaded
	// the machine (the bound is a hang guard).
	if el := time.Since(start); el > 2*time.Minute {
		t.Errorf("Fetch took %v: it waited instead of deferring", el)
	}
	for _, r := range recs {
		if errKind(r) != record.ErrRateLimited {
			t.Fatalf("%s: err %v, want rate-limited", r.URL, r.Err)
		}
		if d := r.Err.RetryAt.Sub(start); d < 59*time.Minute || d > 61*time.Minute {
			t.Errorf("RetryAt %v is %v from now", r.Err.RetryAt, d)
		}
		if !strings.Contains(r.Err.Message, "until") {
			t.Errorf("message %q", r.Err.Message)
		}
	}
	if n := srv.count(""); n != 1 {
		t.Errorf("%d requests: the paused source was asked again", n)
	}
}

func TestGitHubRateLimitHeadersPauseSource(t *testing.T) {
	t.Parallel()
	reset := time.Now().Add(time.Hour).Unix()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Ratelimit-Remaining", "0")
		w.Header().Set("X-Ratelimit-Reset", fmt.Sprint(reset))
		fmt.Fprint(w, "{}")
	})
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceGitHub, fast(0, 1))})
	recs, _ := c.Fetch(context.Background(), []record.Resource{repo("a/b"), repo("c/d")})
	if recs[0].Err != nil {
		t.Fatalf("first: %v", recs[0].Err)
	}
	if errKind(recs[1]) != record.ErrRateLimited || recs[1].Err.RetryAt.Unix() != reset {
		t.Fatalf("second: %+v", recs[1].Err)
	}
	if srv.count("") != 1 {
		t.Fatalf("%d requests", srv.count(""))
	}
}

func TestServerErrorsRetriedThenTyped(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/repos/gone/x":
			http.NotFound(w, r)
		case r.URL.Path == "/repos/flaky/x" && n.Add(1) == 1:
			w.WriteHeader(http.StatusServiceUnavailable)
		case r.URL.Path == "/repos/down/x":
			w.WriteHeader(http.StatusBadGateway)
		default:
			fmt.Fprint(w, "{}")
		}
	})
	p := fast(0, 1)
	p.MaxRetries = 1
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceGitHub, p)})
	recs, _ := c.Fetch(context.Background(), []record.Resource{repo("gone/x"), repo("flaky/x"), repo("down/x")})
	if errKind(recs[0]) != record.ErrClient || recs[0].Status != 404 {
		t.Errorf("404: %+v", recs[0])
	}
	if recs[1].Err != nil || recs[1].Status != 200 {
		t.Errorf("flaky: %+v", recs[1].Err)
	}
	if errKind(recs[2]) != record.ErrServer || recs[2].Status != 502 {
		t.Errorf("502: %+v", recs[2])
	}
	if n := srv.count("/repos/down/x"); n != 2 {
		t.Errorf("502 tried %d times, want 2", n)
	}
	if m := c.Metrics().Source(record.SourceGitHub); m.Retries != 2 || m.Errors != 2 {
		t.Errorf("metrics %+v", m)
	}
}

func TestCancellationIsPrompt(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler("x"))
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceDocs, fast(5*time.Second, 1)), IgnoreRobots: true})
	ctx, cancel := context.WithCancel(context.Background())
	var in []record.Resource
	for i := range 4 {
		in = append(in, docs(fmt.Sprint("p", i)))
	}
	done := make(chan struct{})
	var recs []record.Record
	var err error
	go func() {
		recs, err = c.Fetch(ctx, in)
		close(done)
	}()
	// Cancel once the first request was answered (the second is paced 5 s
	// later), however slow the machine.
	for deadline := time.Now().Add(5 * time.Second); srv.count("") < 1 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	cancel()
	at := time.Now()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Fetch did not return after cancel")
	}
	el := time.Since(at)
	t.Logf("Fetch returned %v after cancel", el)
	// The next request is paced 5 s away: returning well before that is
	// prompt; waiting it out is not.
	if el > 2*time.Second {
		t.Errorf("Fetch returned %v after cancel", el)
	}
	if err == nil {
		t.Error("no error after cancel")
	}
	if recs[0].Err != nil {
		t.Errorf("first record (fetched before cancel): %v", recs[0].Err)
	}
	for _, r := range recs[1:] {
		if errKind(r) != record.ErrCanceled {
			t.Errorf("%s: %v, want canceled", r.URL, r.Err)
		}
	}
}

func TestConditionalRequestsAndNoErrorCaching(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	var failing atomic.Bool
	failing.Store(true)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/repos/a/b":
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.Header().Set("ETag", `"v1"`)
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"name":"b"}`)
		case "/repos/err/x":
			if failing.Load() {
				w.Header().Set("ETag", `"bad"`)
				w.WriteHeader(http.StatusInternalServerError)
				fmt.Fprint(w, "oops")
				return
			}
			w.Header().Set("ETag", `"good"`)
			fmt.Fprint(w, `{}`)
		case "/repos/gone/x":
			w.Header().Set("ETag", `"nf"`)
			http.NotFound(w, r)
		}
	})
	in := []record.Resource{repo("a/b"), repo("err/x"), repo("gone/x")}
	run := func() []record.Record {
		c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Store: st})
		return mustFetch(t, c, in)
	}
	first := run()
	if first[0].Err != nil || first[0].NotModified || first[0].FromCache {
		t.Fatalf("first run: %+v", first[0])
	}
	if errKind(first[1]) != record.ErrServer || errKind(first[2]) != record.ErrClient {
		t.Fatalf("first run errors: %v %v", first[1].Err, first[2].Err)
	}
	failing.Store(false)
	second := run()
	if !second[0].NotModified || !second[0].FromCache || second[0].Status != 200 ||
		string(second[0].Body) != `{"name":"b"}` || second[0].SHA256 != first[0].SHA256 || second[0].ContentType != "application/json" {
		t.Fatalf("second run: %+v", second[0])
	}
	if second[1].Err != nil || second[1].FromCache {
		t.Fatalf("recovered resource: %+v", second[1])
	}
	var conditional, errConditional int
	for _, h := range srv.requests() {
		if h.header.Get("If-None-Match") != "" {
			switch h.url {
			case "/repos/a/b":
				conditional++
			default:
				errConditional++
			}
		}
	}
	if conditional != 1 || errConditional != 0 {
		t.Fatalf("conditional requests: %d for the cached page, %d for error pages", conditional, errConditional)
	}
	for _, k := range []string{"gone/x"} {
		if _, ok, _ := st.GetCache(context.Background(), CacheKey("https://api.github.com/repos/"+k, accept(record.KindGitHubRepo))); ok {
			t.Errorf("error response %s was cached", k)
		}
	}
}

func TestConditionalMetrics(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Last-Modified", "Thu, 19 Nov 2026 00:00:00 GMT")
		if r.Header.Get("If-Modified-Since") != "" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "body")
	})
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Store: st})
	for range 2 {
		mustFetch(t, c, []record.Resource{repo("a/b")})
	}
	m := c.Metrics().Source(record.SourceGitHub)
	if m.Requests != 2 || m.NotModified != 1 || m.FromCache != 1 || m.Bytes != 4 {
		t.Fatalf("metrics %+v", m)
	}
}

func TestDisallowedHostsNeverContacted(t *testing.T) {
	t.Parallel()
	allowed := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-other":
			http.Redirect(w, r, otherURL.Load().(string)+"/x", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		default:
			fmt.Fprint(w, "ok")
		}
	})
	other := newServer(t, okHandler("secret"))
	otherURL.Store(other.URL)
	c := newTestCrawler(t, Config{AllowHosts: []string{"export.arxiv.org"}, TrustedHosts: []string{allowed.hostPort()}, IgnoreRobots: true})
	in := []record.Resource{
		venuePage(other.URL + "/page"),
		venuePage("http://169.254.169.254/latest/meta-data/"),
		venuePage("http://localhost:" + strings.Split(other.hostPort(), ":")[1] + "/"),
		venuePage("file:///etc/passwd"),
		venuePage(allowed.URL + "/to-other"),
		venuePage(allowed.URL + "/loop"),
		venuePage(allowed.URL + "/fine"),
		venuePage("https://user:pw@export.arxiv.org/x"),
	}
	recs := mustFetch(t, c, in)
	for i, r := range recs[:6] {
		if errKind(r) != record.ErrBlocked {
			t.Errorf("%d %s: %v, want blocked-by-policy", i, r.URL, r.Err)
		}
	}
	if !strings.Contains(recs[4].Err.Message, "redirect") || !strings.Contains(recs[5].Err.Message, "redirects") {
		t.Errorf("messages: %q / %q", recs[4].Err.Message, recs[5].Err.Message)
	}
	if recs[6].Err != nil || string(recs[6].Body) != "ok" {
		t.Errorf("allowed page: %+v", recs[6])
	}
	if errKind(recs[7]) != record.ErrBlocked {
		t.Errorf("credentials URL: %v", recs[7].Err)
	}
	if n := other.count(""); n != 0 {
		t.Fatalf("the disallowed server saw %d requests", n)
	}
	if n := allowed.count("/loop"); n != MaxRedirects+1 {
		t.Errorf("redirect loop: %d requests, want %d", n, MaxRedirects+1)
	}
}

var otherURL atomic.Value

func TestDialGuardRefusesUnlistedInternalAddress(t *testing.T) {
	t.Parallel()
	// The dialer is the last line: even a URL that passed the host check may
	// not reach an internal address that no allow-list entry names literally.
	srv := newServer(t, okHandler("x"))
	port := strings.Split(srv.hostPort(), ":")[1]
	listed := newAllowList(nil, []string{srv.URL})
	tr := newNetTransport(listed.literalAddrs())
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.2:"+port+"/", nil)
	if _, err := tr.RoundTrip(req); err == nil || classify(err).Kind != record.ErrBlocked {
		t.Fatalf("dial to an unlisted loopback address: %v", err)
	}
	req, _ = http.NewRequest(http.MethodGet, srv.URL+"/", nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatalf("listed address refused: %v", err)
	}
	resp.Body.Close()
	if srv.count("") != 1 {
		t.Fatalf("server saw %d requests", srv.count(""))
	}
}

func TestCatalogHostsNeverOpenInternalAddresses(t *testing.T) {
	t.Parallel()
	// A catalog may list 127.0.0.1 or 169.254.169.254 among its hosts (the
	// loader rejects it, but the crawler must not rely on that): the dial
	// guard still refuses, because only configured endpoints open internal
	// addresses.
	srv := newServer(t, okHandler("x"))
	listed := newAllowList([]string{srv.hostPort(), "169.254.169.254", "localhost"}, nil)
	if got := listed.literalAddrs(); len(got) != 0 {
		t.Fatalf("catalog hosts opened internal addresses: %v", got)
	}
	tr := newNetTransport(listed.literalAddrs())
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/", nil)
	if _, err := tr.RoundTrip(req); err == nil || classify(err).Kind != record.ErrBlocked {
		t.Fatalf("dial to a catalog-listed loopback address: %v", err)
	}
	if n := srv.count(""); n != 0 {
		t.Fatalf("server saw %d requests", n)
	}
}

func TestBodyLimits(t *testing.T) {
	t.Parallel()
	const limit = 1000
	big := strings.Repeat("a", 2*limit)
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write(make([]byte, 5<<20))
	zw.Close()
	// A small gzip file (under the cap) that expands far past it: served as
	// data (Content-Type, no Content-Encoding), it must stay as it is — colly
	// would otherwise gunzip it with no limit.
	var file bytes.Buffer
	zf := gzip.NewWriter(&file)
	zf.Write(make([]byte, 512<<10))
	zf.Close()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/data.xml.gz":
			w.Header().Set("Content-Type", "application/gzip")
			w.Write(file.Bytes())
		case "/big-cl":
			w.Header().Set("Content-Length", fmt.Sprint(len(big)))
			fmt.Fprint(w, big)
		case "/big-chunked":
			w.(http.Flusher).Flush()
			fmt.Fprint(w, big)
		case "/exact":
			fmt.Fprint(w, big[:limit])
		case "/truncated":
			hj, _ := w.(http.Hijacker)
			conn, buf, _ := hj.Hijack()
			buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 500\r\nContent-Type: text/plain\r\n\r\n")
			buf.WriteString(strings.Repeat("b", 100))
			buf.Flush()
			conn.Close()
		case "/bomb":
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Type", "application/json")
			w.Write(bomb.Bytes())
		case "/badgzip":
			w.Header().Set("Content-Encoding", "gzip")
			fmt.Fprint(w, "not gzip at all")
		}
	})
	p := fast(0, 2)
	p.MaxBodyBytes = limit
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: withPolicy(record.SourceGitHub, p)})
	mk := func(path string) record.Resource {
		return res(record.SourceGitHub, record.KindGitHubRepo, path, "https://api.github.com"+path)
	}
	recs := mustFetch(t, c, []record.Resource{mk("/big-cl"), mk("/big-chunked"), mk("/exact"), mk("/truncated"), mk("/bomb"), mk("/badgzip"), mk("/data.xml.gz")})
	want := []record.ErrorKind{record.ErrTooLarge, record.ErrTooLarge, "", record.ErrTooLarge, record.ErrTooLarge, record.ErrMalformed, ""}
	for i, r := range recs {
		if errKind(r) != want[i] {
			t.Errorf("%s: %v, want %q", r.Resource.Key, r.Err, want[i])
		}
		if r.Err != nil && len(r.Body) != 0 {
			t.Errorf("%s: a failed fetch carries a body of %d bytes", r.Resource.Key, len(r.Body))
		}
	}
	if len(recs[2].Body) != limit {
		t.Errorf("exact-size body: %d bytes", len(recs[2].Body))
	}
	if file.Len() >= limit || !bytes.Equal(recs[6].Body, file.Bytes()) {
		t.Errorf("gzip data file: %d bytes, want the %d bytes served (never decoded)", len(recs[6].Body), file.Len())
	}
	if !strings.Contains(recs[3].Err.Message, "truncated") {
		t.Errorf("truncated message: %q", recs[3].Err.Message)
	}
}

func TestTokensOnlyToTheirOwnHost(t *testing.T) {
	t.Parallel()
	const ghTok, hfTok = "ghp_TESTTOKEN1234567890", "hf_TESTTOKEN0987654321"
	venue := newServer(t, okHandler("venue"))
	gh := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/repos/moved/x" {
			http.Redirect(w, r, venue.URL+"/landing", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("ETag", `"e"`)
		fmt.Fprint(w, `{"token_echo":"none"}`)
	})
	hf := newServer(t, okHandler("{}"))
	core, logs := observer.New(zapcore.DebugLevel)
	recDir := t.TempDir()
	ep := Endpoints{GitHub: gh.URL, HF: hf.URL}
	c := newTestCrawler(t, Config{Endpoints: ep, TrustedHosts: []string{venue.hostPort()}, GitHubToken: ghTok, HFToken: hfTok,
		Logger: zap.New(core), RecordDir: recDir, IgnoreRobots: true})
	in := []record.Resource{
		repo("a/b"), repo("moved/x"),
		res(record.SourceHF, record.KindHFModel, "o/m", "https://huggingface.co/api/models/o/m"),
		res(record.SourceVenue, record.KindVenuePage, venue.URL+"/p", venue.URL+"/p"),
	}
	recs := mustFetch(t, c, in)
	// The GitHub redirect to the venue host leaves the GitHub endpoint: it is
	// refused (issue 9), so no request, with or without a token, reaches it.
	if errKind(recs[1]) != record.ErrBlocked {
		t.Errorf("redirect out of the GitHub endpoint: %v, want blocked-by-policy", recs[1].Err)
	}
	allOK(t, []record.Record{recs[0], recs[2], recs[3]})
	check := func(name string, s *server, want string) {
		for _, h := range s.requests() {
			if got := h.header.Get("Authorization"); got != want {
				t.Errorf("%s %s: Authorization %q, want %q", name, h.url, got, want)
			}
		}
	}
	check("github", gh, "Bearer "+ghTok)
	check("hf", hf, "Bearer "+hfTok)
	check("venue", venue, "")
	if n := venue.count("/landing"); n != 0 {
		t.Fatalf("redirect out of the GitHub endpoint followed (%d requests)", n)
	}
	// Never in logs…
	if logs.Len() == 0 {
		t.Fatal("no log lines captured")
	}
	for _, e := range logs.All() {
		line := e.Message + fmt.Sprint(e.ContextMap())
		if strings.Contains(line, ghTok) || strings.Contains(line, hfTok) {
			t.Fatalf("token in log: %s", line)
		}
	}
	// …nor in recordings, nor in records.
	n := 0
	filepath.WalkDir(recDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		b, _ := os.ReadFile(p)
		if bytes.Contains(b, []byte(ghTok)) || bytes.Contains(b, []byte(hfTok)) || bytes.Contains(bytes.ToLower(b), []byte("authorization")) {
			t.Errorf("secret in recording %s", p)
		}
		return nil
	})
	if n == 0 {
		t.Fatal("nothing recorded")
	}
	if s := fmt.Sprintf("%v %+v %#v", recs, recs, c.cfg); strings.Contains(s, ghTok) || strings.Contains(s, hfTok) {
		t.Fatal("token printed with records or config")
	}
}

func TestRobotsTxt(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n\nUser-agent: claimcheck\nDisallow: /no-claimcheck\n")
		default:
			fmt.Fprint(w, "<html></html>")
		}
	})
	bad := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, "page")
	})
	missing := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "page")
	})
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), TrustedHosts: []string{bad.hostPort(), missing.hostPort()}})
	recs, err := c.Fetch(context.Background(), []record.Resource{
		docs("news/ok"), docs("private/x"), docs("no-claimcheck/y"), docs("updates"),
		venuePage(bad.URL + "/p"), venuePage(missing.URL + "/p"),
		repo("a/b"), // a JSON API: no robots.txt check
	})
	if err != nil {
		t.Fatal(err)
	}
	// The group naming claimcheck replaces "*": /private is allowed to us,
	// /no-claimcheck is not.
	want := []record.ErrorKind{"", "", record.ErrBlocked, "", record.ErrServer, "", ""}
	for i, r := range recs {
		if errKind(r) != want[i] {
			t.Errorf("%s: %v, want %q", r.URL, r.Err, want[i])
		}
	}
	if srv.count("/robots.txt") != 1 {
		t.Errorf("robots.txt fetched %d times", srv.count("/robots.txt"))
	}
	if bad.count("/p") != 0 {
		t.Error("page fetched although robots.txt answered 5xx")
	}
	if recs[2].Err == nil || !strings.Contains(recs[2].Err.Message, "disallowed by robots.txt") {
		t.Errorf("disallowed page: %v", recs[2].Err)
	}
	if recs[4].Err == nil || !strings.Contains(recs[4].Err.Message, "disallow-all") {
		t.Errorf("robots 5xx: %v", recs[4].Err)
	}
}

func TestRecordThenReplay(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case r.URL.Path == "/repos/old/name":
			http.Redirect(w, r, "/repos/new/name", http.StatusMovedPermanently)
		case r.URL.Path == "/repos/gone/x":
			http.NotFound(w, r)
		default:
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("ETag", `"`+r.URL.Path+`"`)
			fmt.Fprintf(w, `{"path":%q}`, r.URL.RequestURI())
		}
	})
	dir := t.TempDir()
	cat := catalogWithArXiv(3)
	cat.Entries[0].Sources.GitHub = []catalog.RepoRef{{Owner: "old", Repo: "name"}, {Owner: "gone", Repo: "x"}}
	cat.Entries[0].Sources.Docs = []catalog.DocsRef{{Slug: "news/news1226"}}
	cat.Entries[0].Sources.HuggingFace = []catalog.HFRef{{ID: "deepseek-ai/DeepSeek-V3"}}
	in := Plan(cat, PlanOptions{})
	rec := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), RecordDir: dir})
	recorded := mustFetch(t, rec, in)
	live := srv.count("")
	srv.Close() // replay must not need it
	play := newTestCrawler(t, Config{ReplayDir: dir, Endpoints: endpointsAt("http://127.0.0.1:1")})
	replayed := mustFetch(t, play, in)
	if diff := cmp.Diff(recorded, replayed); diff != "" {
		t.Fatalf("replay differs (-recorded +replayed):\n%s", diff)
	}
	if recorded[0].Err != nil && errKind(recorded[0]) != record.ErrClient {
		t.Fatalf("recorded: %+v", recorded[0])
	}
	var sawRedirect bool
	for _, r := range recorded {
		if r.Resource.Key == "old/name" && r.Resource.Kind == record.KindGitHubRepo {
			sawRedirect = r.FinalURL == "https://api.github.com/repos/new/name"
		}
		if !strings.HasPrefix(r.URL, "https://") {
			t.Errorf("record URL not canonical: %s", r.URL)
		}
	}
	if !sawRedirect {
		t.Error("redirect final URL not canonical")
	}
	if live == 0 {
		t.Fatal("nothing fetched live")
	}
	// A resource with no recording: a clear error naming the URL.
	missing, _ := play.Fetch(context.Background(), []record.Resource{repo("not/recorded")})
	if errKind(missing[0]) != record.ErrReplay || !strings.Contains(missing[0].Err.Message, "https://api.github.com/repos/not/recorded") {
		t.Fatalf("missing recording: %+v", missing[0].Err)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	for name, cfg := range map[string]Config{
		"record+replay": {RecordDir: "a", ReplayDir: "b"},
		"bad endpoint":  {Endpoints: Endpoints{GitHub: "ftp://x"}},
		"negative":      {Policies: Policies{record.SourceArXiv: {MinInterval: -1}}},
		"replay absent": {ReplayDir: filepath.Join(t.TempDir(), "nope")},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestUnaskedGzipBombStopped(t *testing.T) {
	t.Parallel()
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write(make([]byte, 4<<20))
	zw.Close()
	// A transport that hands back a gzip body the client did not negotiate
	// (so nothing below decoded it).
	tr := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Encoding": {"gzip"}},
			Body: io.NopCloser(bytes.NewReader(bomb.Bytes())), ContentLength: int64(bomb.Len()), Request: r}, nil
	})
	c := newTestCrawler(t, Config{Transport: tr, AllowHosts: []string{"api.github.com"}})
	recs, _ := c.Fetch(context.Background(), []record.Resource{repo("a/b")})
	if errKind(recs[0]) != record.ErrTooLarge || !strings.Contains(recs[0].Err.Message, "gzip") {
		t.Fatalf("bomb: %+v", recs[0].Err)
	}
}

func TestHFOrganisationListFollowsPages(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"p"`)
		switch r.URL.Query().Get("cursor") {
		case "":
			w.Header().Set("Link", `</api/models?author=deepseek-ai&cursor=2>; rel="next"`)
			fmt.Fprint(w, `[{"id":"deepseek-ai/a"}]`)
		case "2":
			fmt.Fprint(w, `[{"id":"deepseek-ai/b"},{"id":"deepseek-ai/c"}]`)
		}
	})
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Store: st})
	in := []record.Resource{res(record.SourceHF, record.KindHFAuthorModels, "deepseek-ai",
		"https://huggingface.co/api/models?author=deepseek-ai&limit=1000")}
	recs, err := c.Fetch(context.Background(), in)
	if err != nil || recs[0].Err != nil {
		t.Fatal(err, recs[0].Err)
	}
	if got := string(recs[0].Body); got != `[{"id":"deepseek-ai/a"},{"id":"deepseek-ai/b"},{"id":"deepseek-ai/c"}]` {
		t.Fatalf("merged body %s", got)
	}
	if recs[0].SHA256 != sha256hex(recs[0].Body) {
		t.Fatal("hash not of the merged body")
	}
	// A paged list is not cached: a later run asks unconditionally.
	c.Fetch(context.Background(), in)
	for _, h := range srv.requests() {
		if h.header.Get("If-None-Match") != "" {
			t.Fatalf("conditional request for a paged list: %s", h.url)
		}
	}
}

func TestRecordAndReplayBypassConditionals(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v"`)
		if r.Header.Get("If-None-Match") == `"v"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "full")
	})
	in := []record.Resource{repo("a/b")}
	warm := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Store: st})
	mustFetch(t, warm, in)
	dir := t.TempDir()
	rec := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Store: st, RecordDir: dir})
	recorded, _ := rec.Fetch(context.Background(), in)
	if recorded[0].NotModified || string(recorded[0].Body) != "full" {
		t.Fatalf("record mode sent a conditional request: %+v", recorded[0])
	}
	play := newTestCrawler(t, Config{Store: st, ReplayDir: dir})
	replayed, _ := play.Fetch(context.Background(), in)
	if diff := cmp.Diff(recorded, replayed); diff != "" {
		t.Fatalf("replay with a store differs:\n%s", diff)
	}
}

func TestReplayedRecordsAreStampedWithTheRecordingTime(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const rec = "# claimcheck recording v1\n# recorded-at: 2026-11-20T03:00:00Z\n" +
		"GET https://api.github.com/repos/deepseek-ai/DeepSeek-V3\n\n" +
		"HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"full_name\":\"deepseek-ai/DeepSeek-V3\"}"
	if err := os.WriteFile(filepath.Join(dir, "repo.http"), []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	play := newTestCrawler(t, Config{ReplayDir: dir})
	got := mustFetch(t, play, []record.Resource{repo("deepseek-ai/DeepSeek-V3")})
	want := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	if got[0].Err != nil || !got[0].FetchedAt.Equal(want) {
		t.Fatalf("fetched at %v (err %v), want the recording's time %v", got[0].FetchedAt, got[0].Err, want)
	}
}

func TestRobotsTxtIsRevalidated(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.Header().Set("ETag", `"r1"`)
			if r.Header.Get("If-None-Match") == `"r1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
			return
		}
		fmt.Fprint(w, "<html><body>ok</body></html>")
	})
	in := []record.Resource{
		{Source: record.SourceDocs, Kind: record.KindDocsPage, Key: "news/a", URL: "https://api-docs.deepseek.com/news/a"},
		{Source: record.SourceDocs, Kind: record.KindDocsPage, Key: "private/b", URL: "https://api-docs.deepseek.com/private/b"},
	}
	for run := 1; run <= 2; run++ {
		c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Store: st})
		recs := mustFetch(t, c, in)
		if recs[0].Err != nil || errKind(recs[1]) != record.ErrBlocked {
			t.Fatalf("run %d: the rules were not applied: %v / %v", run, recs[0].Err, recs[1].Err)
		}
		if m := c.Metrics().Source(record.SourceDocs); run == 2 && m.NotModified != 1 {
			t.Errorf("run 2: robots.txt not revalidated: %d not-modified", m.NotModified)
		}
	}
	var conditional int
	for _, h := range srv.requests() {
		if h.url == "/robots.txt" && h.header.Get("If-None-Match") == `"r1"` {
			conditional++
		}
	}
	if conditional != 1 {
		t.Fatalf("%d conditional robots.txt requests, want 1 (on the second run)", conditional)
	}
}

// With the real clock (nanoseconds, not the fixed test clock), a record made
// while recording and the same record replayed carry the same time.
func TestRecordThenReplaySameTimeWithRealClock(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler(`{"full_name":"a/b"}`))
	dir := t.TempDir()
	in := []record.Resource{repo("a/b")}
	recorded := mustFetch(t, newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), RecordDir: dir, Now: time.Now}), in)
	replayed := mustFetch(t, newTestCrawler(t, Config{ReplayDir: dir, Now: time.Now}), in)
	if !recorded[0].FetchedAt.Equal(replayed[0].FetchedAt) {
		t.Fatalf("fetched at %v while recording, %v when replayed", recorded[0].FetchedAt, replayed[0].FetchedAt)
	}
}
