package cassette

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/claimcheck/claimcheck/internal/testkit/golden"
)

// canonicalRewrite maps the loopback server's URLs to api.github.com.
func canonicalRewrite(srvURL string) func(*url.URL) *url.URL {
	su, _ := url.Parse(srvURL)
	return func(u *url.URL) *url.URL {
		if u.Host != su.Host {
			return u
		}
		c := *u
		c.Scheme, c.Host = "https", "api.github.com"
		return &c
	}
}

func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/repos/deepseek-ai/DeepSeek-V3", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("ETag", `W/"v3-etag"`)
		w.Header().Set("Last-Modified", "Tue, 17 Nov 2026 08:00:00 GMT")
		w.Header().Set("X-RateLimit-Limit", "60")
		w.Header().Set("X-RateLimit-Remaining", "59")
		w.Header().Set("X-GitHub-Request-Id", "ABCD")
		w.Header().Set("Set-Cookie", "session=SENTINEL-COOKIE-RESP")
		w.Header().Set("X-Auth-Token", "SENTINEL-RESP-TOKEN")
		if strings.Contains(r.Header.Get("Authorization"), "SENTINEL") {
			w.Header().Set("X-Seen-Auth", "yes")
		}
		io.WriteString(w, `{"full_name":"deepseek-ai/DeepSeek-V3","license":{"spdx_id":"MIT"}}`)
	})
	mux.HandleFunc("/repos/deepseek-ai/old-name", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+r.Host+"/repos/deepseek-ai/DeepSeek-V3", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/repos/deepseek-ai/relative", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/repos/deepseek-ai/DeepSeek-V3", http.StatusFound)
	})
	mux.HandleFunc("/repos/deepseek-ai/DeepSeek-V3/readme", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.github.raw+json")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, "# DeepSeek-V3\n\nA mixture-of-experts model.\n")
		zw.Close()
	})
	mux.HandleFunc("/rate_limited", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"message":"API rate limit exceeded"}`)
	})
	mux.HandleFunc("/search", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "q="+r.URL.Query().Get("q")+" page="+r.URL.Query().Get("page"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

type seen struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, c *http.Client, rawURL string, hdr map[string]string) seen {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", rawURL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return seen{resp.StatusCode, resp.Header, string(b)}
}

// kept is the part of the response headers a recording keeps.
func kept(h http.Header) http.Header {
	out := http.Header{}
	for k, v := range h {
		switch k {
		case "Content-Type", "Etag", "Last-Modified", "Location", "Retry-After", "Link", "X-Ratelimit-Limit", "X-Ratelimit-Remaining":
			out[k] = v
		}
	}
	return out
}

func TestRecordThenReplay(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	dir := t.TempDir()
	rec := newRecorder(t, dir, http.DefaultTransport, canonicalRewrite(srv.URL))
	rec.Now = func() time.Time { return time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC) }
	recClient := &http.Client{Transport: rec}

	paths := []struct {
		path string
		hdr  map[string]string
	}{
		{"/repos/deepseek-ai/DeepSeek-V3", map[string]string{"Accept": "application/vnd.github+json", "Authorization": "Bearer SENTINEL-AUTH"}},
		{"/repos/deepseek-ai/old-name", nil},
		{"/repos/deepseek-ai/relative", nil},
		{"/repos/deepseek-ai/DeepSeek-V3/readme", map[string]string{"Accept": "application/vnd.github.raw+json", "Accept-Encoding": "gzip"}},
		{"/rate_limited", nil},
		{"/search?q=deepseek&page=2", nil},
	}
	got := map[string]seen{}
	for _, p := range paths {
		got[p.path] = do(t, recClient, srv.URL+p.path, p.hdr)
	}
	if got["/repos/deepseek-ai/DeepSeek-V3/readme"].body != "# DeepSeek-V3\n\nA mixture-of-experts model.\n" {
		t.Fatalf("recorder did not hand on the decoded body: %q", got["/repos/deepseek-ai/DeepSeek-V3/readme"].body)
	}
	srv.Close() // replay must not need the server

	player := newPlayer(t, dir)
	if player.Len() != 7 { // 6 requests + the redirect target fetched twice (one file)
		t.Logf("recorded %d exchanges", player.Len())
	}
	replay := &http.Client{Transport: player}
	for _, p := range paths {
		r := do(t, replay, "https://api.github.com"+p.path, p.hdr)
		w := got[p.path]
		if r.status != w.status {
			t.Errorf("%s: status %d, recorded %d", p.path, r.status, w.status)
		}
		if r.body != w.body {
			t.Errorf("%s: body %q, recorded %q", p.path, r.body, w.body)
		}
		if d := cmp.Diff(kept(w.header), kept(r.header)); d != "" {
			t.Errorf("%s: headers differ (-recorded +replayed):\n%s", p.path, d)
		}
	}
	// The absolute redirect was rewritten to the canonical host.
	e, ok := player.Lookup("GET", "https://api.github.com/repos/deepseek-ai/old-name")
	if !ok || e.Header.Get("Location") != "https://api.github.com/repos/deepseek-ai/DeepSeek-V3" || e.Status != 301 {
		t.Errorf("redirect recording = %+v", e)
	}
	e, _ = player.Lookup("GET", "https://api.github.com/repos/deepseek-ai/DeepSeek-V3/readme")
	if e.Header.Get("Content-Encoding") != "" || !bytes.Contains(e.Body, []byte("mixture-of-experts")) {
		t.Errorf("readme not stored decoded: %q %q", e.Header, e.Body)
	}
	if !e.RecordedAt.Equal(rec.Now()) {
		t.Errorf("recorded-at = %v", e.RecordedAt)
	}
}

func TestSecretsNeverWritten(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	dir := t.TempDir()
	rec := newRecorder(t, dir, http.DefaultTransport, nil)
	c := &http.Client{Transport: rec}
	u, _ := url.Parse(srv.URL + "/repos/deepseek-ai/DeepSeek-V3")
	u.User = url.UserPassword("user", "SENTINEL-USERINFO")
	do(t, c, u.String(), map[string]string{
		"Authorization":   "token SENTINEL-AUTH",
		"Cookie":          "sid=SENTINEL-COOKIE",
		"X-Api-Key":       "SENTINEL-APIKEY",
		"X-Github-Token":  "SENTINEL-GHTOKEN",
		"Accept":          "application/json",
		"If-None-Match":   `"nope"`,
		"Proxy-Authorize": "SENTINEL-PROXY",
	})
	var files int
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("SENTINEL")) {
			t.Errorf("%s contains a secret:\n%s", p, b)
		}
		if !bytes.Contains(b, []byte("Accept: application/json")) || !bytes.Contains(b, []byte(`If-None-Match: "nope"`)) {
			t.Errorf("%s lacks the safe request headers:\n%s", p, b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files != 1 {
		t.Fatalf("wrote %d files, want 1", files)
	}
}

func newRecorder(t *testing.T, dir string, next http.RoundTripper, rewrite func(*url.URL) *url.URL) *Recorder {
	t.Helper()
	rec, err := NewRecorder(dir, next, rewrite)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func newPlayer(t *testing.T, dir string) *Player {
	t.Helper()
	p, err := NewPlayer(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// arxivPlayer replays arxivRecording, written at name in a fresh directory.
func arxivPlayer(t *testing.T, name string) *Player {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, name, arxivRecording)
	return newPlayer(t, dir)
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const arxivRecording = `# claimcheck recording v1
# recorded-at: 2026-11-20T03:00:00Z
GET https://export.arxiv.org/api/query?max_results=2&id_list=2412.19437,2501.12948
Accept: application/atom+xml

HTTP/1.1 200 OK
Content-Type: application/atom+xml; charset=utf-8
ETag: "feed-1"
Last-Modified: Thu, 19 Nov 2026 00:00:00 GMT

<feed xmlns="http://www.w3.org/2005/Atom"></feed>
`

func TestPlayerMissingNamesURL(t *testing.T) {
	t.Parallel()
	p := arxivPlayer(t, "export.arxiv.org/q.http")
	_, err := (&http.Client{Transport: p}).Get("https://export.arxiv.org/api/query?id_list=9999.99999&max_results=1")
	if !errors.Is(err, ErrNoRecording) {
		t.Fatalf("err = %v, want ErrNoRecording", err)
	}
	if want := "no recording for GET https://export.arxiv.org/api/query?id_list=9999.99999&max_results=1"; !strings.Contains(err.Error(), want) {
		t.Errorf("err = %q, want it to contain %q", err, want)
	}
}

func TestPlayerQueryOrderIrrelevant(t *testing.T) {
	t.Parallel()
	p := arxivPlayer(t, "a/b/c.http")
	for _, u := range []string{
		"https://export.arxiv.org/api/query?id_list=2412.19437,2501.12948&max_results=2",
		"https://export.arxiv.org/api/query?max_results=2&id_list=2412.19437,2501.12948",
		"https://export.arxiv.org/api/query?id_list=2412.19437%2C2501.12948&max_results=2",
		"HTTPS://Export.ArXiv.org:443/api/query?id_list=2412.19437,2501.12948&max_results=2#frag",
	} {
		resp, err := (&http.Client{Transport: p}).Get(u)
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.ContentLength != int64(len("<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>\n")) {
			t.Errorf("%s: status %d length %d", u, resp.StatusCode, resp.ContentLength)
		}
	}
	// A different value is a different request.
	if _, err := (&http.Client{Transport: p}).Get("https://export.arxiv.org/api/query?id_list=2501.12948,2412.19437&max_results=2"); !errors.Is(err, ErrNoRecording) {
		t.Errorf("reordered id list matched: %v", err)
	}
}

func TestPlayerConditional(t *testing.T) {
	t.Parallel()
	p := arxivPlayer(t, "q.http")
	const u = "https://export.arxiv.org/api/query?id_list=2412.19437,2501.12948&max_results=2"
	tests := []struct {
		name string
		hdr  map[string]string
		want int
	}{
		{"none", nil, 200},
		{"etag match", map[string]string{"If-None-Match": `"feed-1"`}, 304},
		{"weak etag match", map[string]string{"If-None-Match": `W/"feed-1"`}, 304},
		{"etag list", map[string]string{"If-None-Match": `"x", "feed-1"`}, 304},
		{"etag mismatch", map[string]string{"If-None-Match": `"feed-0"`}, 200},
		{"etag mismatch wins over date", map[string]string{"If-None-Match": `"feed-0"`, "If-Modified-Since": "Fri, 20 Nov 2026 00:00:00 GMT"}, 200},
		{"ims equal", map[string]string{"If-Modified-Since": "Thu, 19 Nov 2026 00:00:00 GMT"}, 304},
		{"ims later", map[string]string{"If-Modified-Since": "Fri, 20 Nov 2026 00:00:00 GMT"}, 304},
		{"ims older", map[string]string{"If-Modified-Since": "Wed, 18 Nov 2026 23:59:59 GMT"}, 200},
		{"ims garbage", map[string]string{"If-Modified-Since": "yesterday"}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, &http.Client{Transport: p}, u, tt.hdr)
			if r.status != tt.want {
				t.Fatalf("status %d, want %d", r.status, tt.want)
			}
			if tt.want == 304 {
				if r.body != "" || r.header.Get("ETag") != `"feed-1"` || r.header.Get("Last-Modified") == "" {
					t.Errorf("304 carries body %q headers %v", r.body, r.header)
				}
			} else if !strings.Contains(r.body, "<feed") {
				t.Errorf("body %q", r.body)
			}
		})
	}
}

func TestMalformedFilesNameFileAndLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, content, want string
	}{
		{"empty", "", ":1: missing request line"},
		{"comments only", "# claimcheck recording v1\n# x\n", "missing request line"},
		{"bad request line", "# c\nGET\n\nHTTP/1.1 200 OK\n\n", ":2: bad request line"},
		{"lower-case method", "get https://x.org/\n\nHTTP/1.1 200 OK\n\n", ":1: bad request line"},
		{"relative url", "GET /path\n\nHTTP/1.1 200 OK\n\n", ":1: bad request URL"},
		{"ftp url", "GET ftp://x.org/a\n\nHTTP/1.1 200 OK\n\n", ":1: bad request URL"},
		{"bad request header", "GET https://x.org/\nAccept application/json\n\nHTTP/1.1 200 OK\n\n", ":2: bad request header"},
		{"no blank after request", "GET https://x.org/\nAccept: a", "unexpected end of file in request headers"},
		{"no status line", "GET https://x.org/\n\n", "missing response status line"},
		{"bad status line", "GET https://x.org/\n\nHTTP 200 OK\n\n", ":3: bad status line"},
		{"bad status code", "GET https://x.org/\n\nHTTP/1.1 2000 OK\n\n", ":3: bad status code"},
		{"bad response header", "GET https://x.org/\n\nHTTP/1.1 200 OK\nContent Type: x\n\nbody", ":4: bad response header"},
		{"bad recorded-at", "# recorded-at: last tuesday\nGET https://x.org/\n\nHTTP/1.1 200 OK\n\n", ":1: bad recorded-at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := writeFile(t, dir, "host/bad.http", tt.content)
			_, err := NewPlayer(dir)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want file %s and %q", err, path, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != path || pe.Line < 1 {
				t.Errorf("not a ParseError with file and line: %#v", err)
			}
		})
	}
}

func TestDuplicateKeysNameBothFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := writeFile(t, dir, "one.http", arxivRecording)
	b := writeFile(t, dir, "sub/two.http", strings.Replace(arxivRecording, "max_results=2&id_list=2412.19437,2501.12948", "id_list=2412.19437,2501.12948&max_results=2", 1))
	writeFile(t, dir, "notes.txt", "not a recording")
	_, err := NewPlayer(dir)
	if err == nil || !strings.Contains(err.Error(), a) || !strings.Contains(err.Error(), b) {
		t.Fatalf("err = %v, want both %s and %s", err, a, b)
	}
}

func TestWriteToGolden(t *testing.T) {
	t.Parallel()
	e := &Exchange{
		RecordedAt:    time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC),
		Method:        "GET",
		URL:           "https://huggingface.co/api/models?author=deepseek-ai&limit=1000",
		RequestHeader: http.Header{"Accept": {"application/json"}},
		Status:        200,
		Header: http.Header{
			"Content-Type": {"application/json; charset=utf-8"},
			"Etag":         {`W/"1f-abc"`},
			"Link":         {`<https://huggingface.co/api/models?author=deepseek-ai&limit=1000&cursor=xyz>; rel="next"`},
		},
		Body: []byte(`[{"id":"deepseek-ai/DeepSeek-V3"}]` + "\n\n  trailing blank lines are body too\n\n"),
	}
	var buf bytes.Buffer
	if _, err := e.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "golden", "hf_author.http"), buf.Bytes())
	// What WriteTo wrote (the golden file's content, when the check passes)
	// reads back as the exchange.
	back, err := ReadExchange(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(e, back); d != "" {
		t.Errorf("read back differs:\n%s", d)
	}
}

func TestWriteToRejectsLineBreaks(t *testing.T) {
	t.Parallel()
	e := &Exchange{Method: "GET", URL: "https://x.org/", Status: 200, Header: http.Header{"X-A": {"a\r\nInjected: yes"}}}
	if _, err := e.WriteTo(io.Discard); err == nil {
		t.Fatal("header with a line break was written")
	}
}

func TestFileNameDistinct(t *testing.T) {
	t.Parallel()
	urls := []string{
		"https://api.github.com/repos/deepseek-ai/DeepSeek-V3",
		"https://api.github.com/repos/deepseek-ai/DeepSeek-V3/readme",
		"https://api.github.com/repos_deepseek-ai/DeepSeek-V3/readme",
		"https://api.github.com/repos/deepseek-ai/DeepSeek-V3/releases?per_page=100",
		"https://api.github.com/repos/deepseek-ai/DeepSeek-V3/releases?per_page=10",
		"https://export.arxiv.org/api/query?id_list=2412.19437&max_results=1",
		"https://www.nature.com/articles/s41586-025-09422-z",
		"https://api.crossref.org/works/10.1038/s41586-025-09422-z",
		"https://x.org/a%20b",
		"https://x.org/a-b",
	}
	seen := map[string]string{}
	for _, u := range urls {
		n := FileName("GET", u)
		if !strings.HasSuffix(n, ".http") {
			t.Errorf("%s → %s", u, n)
		}
		if prev, ok := seen[n]; ok {
			t.Errorf("%s and %s share %s", prev, u, n)
		}
		seen[n] = u
	}
	if got := FileName("GET", "https://arxiv.org/abs/2412.19437"); got != filepath.Join("arxiv.org", "abs_2412.19437.http") {
		t.Errorf("FileName = %s", got)
	}
}

func TestRecorder304KeepsFullRecording(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	dir := t.TempDir()
	rec := newRecorder(t, dir, http.DefaultTransport, canonicalRewrite(srv.URL))
	// Fake a 304 on the second request by putting a transport in front of the recorder's next.
	calls := 0
	rec.next = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		calls++
		if calls == 2 {
			return &http.Response{StatusCode: 304, Header: http.Header{"Etag": {`W/"v3-etag"`}}, Body: http.NoBody, Request: r}, nil
		}
		return http.DefaultTransport.RoundTrip(r)
	})
	c := &http.Client{Transport: rec}
	do(t, c, srv.URL+"/repos/deepseek-ai/DeepSeek-V3", nil)
	if r := do(t, c, srv.URL+"/repos/deepseek-ai/DeepSeek-V3", map[string]string{"If-None-Match": `W/"v3-etag"`}); r.status != 304 {
		t.Fatalf("status %d", r.status)
	}
	p := newPlayer(t, dir)
	e, ok := p.Lookup("GET", "https://api.github.com/repos/deepseek-ai/DeepSeek-V3")
	if !ok || e.Status != 200 || len(e.Body) == 0 {
		t.Fatalf("304 replaced the full recording: %+v", e)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestPlayerCanceledContext(t *testing.T) {
	t.Parallel()
	p := arxivPlayer(t, "q.http")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "https://export.arxiv.org/api/query?id_list=2412.19437,2501.12948&max_results=2", nil)
	if _, err := p.RoundTrip(req); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}
