package simulator

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/google/go-cmp/cmp"
)

const testWorld = "testdata/world"

func newSim(t *testing.T, opts Options) *Sim {
	t.Helper()
	if opts.World == "" && opts.Exchanges == nil {
		opts.World = testWorld
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// client is a plain net/http client that never keeps connections around.
func client(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
}

func get(t *testing.T, c *http.Client, u string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read: %v", u, err)
	}
	return resp, b
}

func TestServesWorld(t *testing.T) {
	t.Parallel()
	s := newSim(t, Options{NoLimits: true})
	c := client(5 * time.Second)
	tests := []struct {
		src    record.Source
		path   string
		status int
		want   string
	}{
		{record.SourceGitHub, "/repos/deepseek-ai/DeepSeek-V3", 200, `"spdx_id":"MIT"`},
		{record.SourceGitHub, "/repos/deepseek-ai/DeepSeek-V3/readme", 200, "| DeepSeek-V3 | 671B | 37B | 128K |"},
		{record.SourceGitHub, "/repos/deepseek-ai/DeepSeek-V3-old", 200, `"full_name":"deepseek-ai/DeepSeek-V3"`}, // redirect followed to the sim
		{record.SourceGitHub, "/repos/deepseek-ai/nope", 404, `"message":"Not Found"`},
		{record.SourceHF, "/api/models/deepseek-ai/DeepSeek-V3", 200, `"license:mit"`},
		{record.SourceHF, "/api/models?limit=1000&author=deepseek-ai", 200, `DeepSeek-V3`},
		{record.SourceHF, "/api/models/deepseek-ai/nope", 401, "Repository Not Found"},
		{record.SourceDocs, "/news/news1226", 200, "Introducing DeepSeek-V3"},
		{record.SourceCrossref, "/works/10.1038/s41586-025-09422-z", 200, `"container-title":["Nature"]`},
		{record.SourceVenue, "/articles/s41586-025-09422-z", 200, "c-article-title"},
		{SourceArXivPages, "/abs/2412.19437", 200, "submission-history"},
		{SourceArXivPages, "/robots.txt", 200, "Disallow: /search"},
		{record.SourceArXiv, "/api/query?id_list=2412.19437&max_results=1", 200, "DeepSeek-V3 Technical Report"},
	}
	for _, tt := range tests {
		resp, body := get(t, c, s.URL(tt.src)+tt.path, nil)
		if resp.StatusCode != tt.status || !bytes.Contains(body, []byte(tt.want)) {
			t.Errorf("%s %s: %d %q, want %d containing %q", tt.src, tt.path, resp.StatusCode, body, tt.status, tt.want)
		}
	}
	// The Link header points at the simulator, so pagination stays on loopback.
	resp, _ := get(t, c, s.URL(record.SourceHF)+"/api/models?author=deepseek-ai&limit=1000", nil)
	if link := resp.Header.Get("Link"); !strings.HasPrefix(link, "<"+s.URL(record.SourceHF)+"/api/models?") {
		t.Errorf("Link = %q", link)
	}
	// The redirect itself, unfollowed.
	noFollow := client(5 * time.Second)
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, _ = get(t, noFollow, s.URL(record.SourceGitHub)+"/repos/deepseek-ai/DeepSeek-V3-old", nil)
	if resp.StatusCode != 301 || resp.Header.Get("Location") != s.URL(record.SourceGitHub)+"/repos/deepseek-ai/DeepSeek-V3" {
		t.Errorf("redirect = %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if got := s.Endpoints(); len(got) != len(Sources) {
		t.Errorf("Endpoints = %v", got)
	}
	env := strings.Join(s.Env(), "\n")
	for _, name := range []string{"CLAIMCHECK_ARXIV_API_URL=", "CLAIMCHECK_ARXIV_URL=", "GITHUB_API_URL=", "HF_ENDPOINT=", "CLAIMCHECK_DOCS_URL=", "CLAIMCHECK_CROSSREF_URL="} {
		if !strings.Contains(env, name+"http://127.0.0.1:") {
			t.Errorf("Env lacks %s:\n%s", name, env)
		}
	}
}

// atomFeed is what a client reads from an arXiv API answer.
type atomFeed struct {
	XMLName      xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Total        int      `xml:"http://a9.com/-/spec/opensearch/1.1/ totalResults"`
	Start        int      `xml:"http://a9.com/-/spec/opensearch/1.1/ startIndex"`
	ItemsPerPage int      `xml:"http://a9.com/-/spec/opensearch/1.1/ itemsPerPage"`
	Entries      []struct {
		ID        string `xml:"http://www.w3.org/2005/Atom id"`
		Title     string `xml:"http://www.w3.org/2005/Atom title"`
		Published string `xml:"http://www.w3.org/2005/Atom published"`
		Primary   struct {
			Term string `xml:"term,attr"`
		} `xml:"http://arxiv.org/schemas/atom primary_category"`
		DOI string `xml:"http://arxiv.org/schemas/atom doi"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

func parseFeed(t *testing.T, body []byte) atomFeed {
	t.Helper()
	var f atomFeed
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, body)
	}
	return f
}

func entryIDs(f atomFeed) []string {
	var ids []string
	for _, e := range f.Entries {
		ids = append(ids, e.ID)
	}
	return ids
}

func TestArXivBatchAssembly(t *testing.T) {
	t.Parallel()
	s := newSim(t, Options{NoLimits: true})
	c := client(5 * time.Second)
	tests := []struct {
		query             string
		total, start, per int
		ids               []string
	}{
		{"id_list=2501.12948,9999.99999,2412.19437&max_results=3", 2, 0, 3,
			[]string{"http://arxiv.org/abs/2501.12948v2", "http://arxiv.org/abs/2412.19437v2"}},
		{"max_results=2&id_list=2412.19437,2501.12948", 2, 0, 2,
			[]string{"http://arxiv.org/abs/2412.19437v2", "http://arxiv.org/abs/2501.12948v2"}},
		{"id_list=2412.19437,2501.12948&max_results=1", 2, 0, 1, []string{"http://arxiv.org/abs/2412.19437v2"}},
		{"id_list=2412.19437,2501.12948&start=1&max_results=5", 2, 1, 5, []string{"http://arxiv.org/abs/2501.12948v2"}},
		{"id_list=0000.00000,1111.11111&max_results=2", 0, 0, 2, nil},
	}
	for _, tt := range tests {
		resp, body := get(t, c, s.URL(record.SourceArXiv)+"/api/query?"+tt.query, nil)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("%s: %d %s", tt.query, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		f := parseFeed(t, body)
		if f.Total != tt.total || f.Start != tt.start || f.ItemsPerPage != tt.per {
			t.Errorf("%s: total/start/per = %d/%d/%d, want %d/%d/%d", tt.query, f.Total, f.Start, f.ItemsPerPage, tt.total, tt.start, tt.per)
		}
		if d := cmp.Diff(tt.ids, entryIDs(f)); d != "" {
			t.Errorf("%s: entries (-want +got):\n%s", tt.query, d)
		}
	}
	_, body := get(t, c, s.URL(record.SourceArXiv)+"/api/query?id_list=2501.12948,2412.19437&max_results=2", nil)
	f := parseFeed(t, body)
	if e := f.Entries[0]; e.Primary.Term != "cs.CL" || e.DOI != "10.1038/s41586-025-09422-z" || e.Published != "2025-01-22T15:19:35Z" {
		t.Errorf("entry fields lost: %+v", e)
	}
}

// TestArXivBatchFromCorpusFormat assembles a batch from a real 2026 arXiv
// answer (read from the shared corpus, not copied).
func TestArXivBatchFromCorpusFormat(t *testing.T) {
	t.Parallel()
	p := filepath.Join("..", "..", "..", "..", "shared", "corpus", "arxiv", "format", "atom2026_body_id_1605.08386.xml")
	body, err := os.ReadFile(p)
	if err != nil {
		if os.Getenv("CLAIMCHECK_REQUIRE_CORPUS") != "" {
			t.Fatalf("CLAIMCHECK_REQUIRE_CORPUS is set but the shared corpus is not available: %v", err)
		}
		t.Skipf("shared corpus not available (%v)", err)
	}
	s := newSim(t, Options{NoLimits: true, World: testWorld, Exchanges: []*cassette.Exchange{{
		Method: "GET", URL: "https://export.arxiv.org/api/query?id_list=1605.08386&max_results=1",
		Status: 200, Header: http.Header{"Content-Type": {"application/atom+xml; charset=utf-8"}}, Body: body,
	}}})
	_, got := get(t, client(5*time.Second), s.URL(record.SourceArXiv)+"/api/query?id_list=1605.08386,2412.19437&max_results=2", nil)
	f := parseFeed(t, got)
	if d := cmp.Diff([]string{"http://arxiv.org/abs/1605.08386v1", "http://arxiv.org/abs/2412.19437v2"}, entryIDs(f)); d != "" || f.Total != 2 {
		t.Errorf("total %d, entries (-want +got):\n%s", f.Total, d)
	}
}

func TestConditionalRevalidation(t *testing.T) {
	t.Parallel()
	s := newSim(t, Options{Limits: map[record.Source]Limit{
		record.SourceGitHub: {Quota: 60, Window: time.Hour, RateHeaders: true},
		record.SourceArXiv:  {}, // no pacing: this test is about validators
	}})
	c := client(5 * time.Second)
	u := s.URL(record.SourceGitHub) + "/repos/deepseek-ai/DeepSeek-V3"
	resp, body := get(t, c, u, nil)
	et, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if et == "" || lm != "Tue, 17 Nov 2026 08:00:00 GMT" || len(body) == 0 {
		t.Fatalf("validators %q %q", et, lm)
	}
	if resp.Header.Get("X-RateLimit-Remaining") != "59" {
		t.Errorf("remaining = %q", resp.Header.Get("X-RateLimit-Remaining"))
	}
	tests := []struct {
		hdr  map[string]string
		want int
	}{
		{map[string]string{"If-None-Match": et}, 304},
		{map[string]string{"If-Modified-Since": lm}, 304},
		{map[string]string{"If-None-Match": `"stale"`}, 200},
		{map[string]string{"If-Modified-Since": "Mon, 16 Nov 2026 08:00:00 GMT"}, 200},
	}
	for _, tt := range tests {
		resp, body := get(t, c, u, tt.hdr)
		if resp.StatusCode != tt.want {
			t.Errorf("%v: status %d, want %d", tt.hdr, resp.StatusCode, tt.want)
		}
		if tt.want == 304 && (len(body) != 0 || resp.Header.Get("ETag") != et) {
			t.Errorf("%v: 304 with body %q etag %q", tt.hdr, body, resp.Header.Get("ETag"))
		}
	}
	// The assembled arXiv feed has a stable validator too.
	a := s.URL(record.SourceArXiv) + "/api/query?id_list=2412.19437,2501.12948&max_results=2"
	r1, _ := get(t, c, a, nil)
	r2, _ := get(t, c, a, map[string]string{"If-None-Match": r1.Header.Get("ETag")})
	if r2.StatusCode != 304 {
		t.Errorf("arXiv batch revalidation: %d", r2.StatusCode)
	}
	st := s.Stats()
	if st[record.SourceGitHub].NotModified != 2 || st[record.SourceArXiv].NotModified != 1 {
		t.Errorf("304 counts: github %d arxiv %d", st[record.SourceGitHub].NotModified, st[record.SourceArXiv].NotModified)
	}
	// 304s did not use the quota: 3 full answers of 60.
	resp, _ = get(t, c, u, nil)
	if got := resp.Header.Get("X-RateLimit-Remaining"); got != "56" {
		t.Errorf("remaining after 304s = %s, want 56", got)
	}
}

func TestArXivIntervalViolationCounted(t *testing.T) {
	t.Parallel()
	// Scale 0.1: arXiv's 3 s becomes 300 ms.
	s := newSim(t, Options{Scale: 0.1})
	c := client(5 * time.Second)
	u := s.URL(record.SourceArXiv) + "/api/query?id_list=2412.19437&max_results=1"
	if r, _ := get(t, c, u, nil); r.StatusCode != 200 {
		t.Fatalf("first request: %d", r.StatusCode)
	}
	r, body := get(t, c, u, nil)
	if r.StatusCode != 429 {
		t.Fatalf("second request at once: %d %s", r.StatusCode, body)
	}
	if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra < 1 {
		t.Errorf("Retry-After = %q", r.Header.Get("Retry-After"))
	}
	time.Sleep(310 * time.Millisecond)
	if r, _ := get(t, c, u, nil); r.StatusCode != 200 {
		t.Errorf("paced request: %d", r.StatusCode)
	}
	st := s.Stats()[record.SourceArXiv]
	if st.Violations != 1 || st.Requests != 3 || len(st.Gaps) != 2 || st.MinGap <= 0 || st.Gaps[1] < 300*time.Millisecond {
		t.Errorf("stats = %+v", st)
	}
	if other := s.Stats()[record.SourceGitHub]; other.Requests != 0 {
		t.Errorf("github saw %d requests", other.Requests)
	}
}

func TestConcurrencyViolationCounted(t *testing.T) {
	t.Parallel()
	s := newSim(t, Options{
		Limits:  map[record.Source]Limit{record.SourceArXiv: {Concurrency: 1}},
		Latency: map[record.Source]time.Duration{record.SourceArXiv: 400 * time.Millisecond},
	})
	c := client(5 * time.Second)
	u := s.URL(record.SourceArXiv) + "/api/query?id_list=2412.19437&max_results=1"
	var wg sync.WaitGroup
	codes := make(chan int, 2)
	for i := range 2 {
		wg.Go(func() {
			time.Sleep(time.Duration(i) * 40 * time.Millisecond)
			r, _ := get(t, c, u, nil)
			codes <- r.StatusCode
		})
	}
	wg.Wait()
	close(codes)
	got := map[int]int{}
	for c := range codes {
		got[c]++
	}
	st := s.Stats()[record.SourceArXiv]
	if got[200] != 1 || got[429] != 1 || st.Violations != 1 || st.MaxInFlight != 1 {
		t.Errorf("codes %v stats %+v", got, st)
	}
}

func TestGitHubQuota(t *testing.T) {
	t.Parallel()
	s := newSim(t, Options{Limits: map[record.Source]Limit{
		record.SourceGitHub: {Quota: 3, TokenQuota: 5000, Window: time.Hour, RateHeaders: true},
	}})
	c := client(5 * time.Second)
	u := s.URL(record.SourceGitHub) + "/repos/deepseek-ai/DeepSeek-V3"
	for i, want := range []string{"2", "1", "0"} {
		r, _ := get(t, c, u, nil)
		if r.StatusCode != 200 || r.Header.Get("X-RateLimit-Remaining") != want || r.Header.Get("X-RateLimit-Limit") != "3" {
			t.Fatalf("request %d: %d remaining %q", i, r.StatusCode, r.Header.Get("X-RateLimit-Remaining"))
		}
	}
	r, body := get(t, c, u, nil)
	reset, _ := strconv.ParseInt(r.Header.Get("X-RateLimit-Reset"), 10, 64)
	ra, _ := strconv.Atoi(r.Header.Get("Retry-After"))
	if r.StatusCode != 429 || r.Header.Get("X-RateLimit-Remaining") != "0" || ra < 3500 || reset < time.Now().Unix()+3500 {
		t.Errorf("over quota: %d %v %s", r.StatusCode, r.Header, body)
	}
	// A token has its own, larger budget.
	r, _ = get(t, c, u, map[string]string{"Authorization": "Bearer sim-token"})
	if r.StatusCode != 200 || r.Header.Get("X-RateLimit-Limit") != "5000" || r.Header.Get("X-RateLimit-Remaining") != "4999" {
		t.Errorf("with token: %d %v", r.StatusCode, r.Header)
	}
	if v := s.Stats()[record.SourceGitHub].Violations; v != 1 {
		t.Errorf("violations = %d", v)
	}
}

func TestDefaultLimitsCover(t *testing.T) {
	t.Parallel()
	l := DefaultLimits()
	for _, src := range Sources {
		if _, ok := l[src]; !ok {
			t.Errorf("no default limit for %s", src)
		}
	}
	if a := l[record.SourceArXiv]; a.Interval != 3*time.Second || a.Concurrency != 1 {
		t.Errorf("arXiv = %+v", a)
	}
	if g := l[record.SourceGitHub]; g.Quota != 60 || g.TokenQuota != 5000 || g.Window != time.Hour {
		t.Errorf("GitHub = %+v", g)
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	gh := "/repos/deepseek-ai/DeepSeek-V3"
	tests := []struct {
		name  string
		src   record.Source
		path  string
		fault Fault
		check func(t *testing.T, s *Sim, u string)
	}{
		{"timeout", record.SourceDocs, "/news/news1226", Timeout(), func(t *testing.T, s *Sim, u string) {
			start := time.Now()
			_, err := client(300 * time.Millisecond).Get(u)
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() || time.Since(start) > time.Minute { // the hang lasts 10 minutes

				t.Errorf("err = %v after %v", err, time.Since(start))
			}
		}},
		{"reset", record.SourceGitHub, gh, ConnReset(), func(t *testing.T, s *Sim, u string) {
			if resp, err := client(2 * time.Second).Get(u); err == nil {
				resp.Body.Close()
				t.Errorf("got %d, want a connection error", resp.StatusCode)
			}
		}},
		{"5xx burst", record.SourceHF, "/api/models/*/*", Burst5xx(2), func(t *testing.T, s *Sim, u string) {
			var got []int
			for range 3 {
				r, _ := get(t, client(2*time.Second), u, nil)
				got = append(got, r.StatusCode)
			}
			if d := cmp.Diff([]int{503, 503, 200}, got); d != "" {
				t.Errorf("statuses (-want +got):\n%s", d)
			}
		}},
		{"truncated", record.SourceGitHub, gh, Truncated(), func(t *testing.T, s *Sim, u string) {
			resp, err := client(2 * time.Second).Get(u)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			_, err = io.ReadAll(resp.Body)
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("read err = %v, want unexpected EOF", err)
			}
		}},
		{"malformed json", record.SourceGitHub, gh, Malformed(), func(t *testing.T, s *Sim, u string) {
			r, body := get(t, client(2*time.Second), u, nil)
			var v map[string]any
			if r.StatusCode != 200 || json.Unmarshal(body, &v) == nil {
				t.Errorf("%d %q parses", r.StatusCode, body)
			}
		}},
		{"malformed xml", record.SourceArXiv, "/api/query", Malformed(), func(t *testing.T, s *Sim, u string) {
			_, body := get(t, client(2*time.Second), u+"?id_list=2412.19437&max_results=1", nil)
			var f atomFeed
			if err := xml.Unmarshal(body, &f); err == nil {
				t.Errorf("malformed feed parses: %s", body)
			}
		}},
		{"redirect loop", record.SourceDocs, "/news/*", RedirectLoop(), func(t *testing.T, s *Sim, u string) {
			_, err := client(2 * time.Second).Get(u)
			if err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") {
				t.Errorf("err = %v", err)
			}
		}},
		{"oversized", record.SourceVenue, "", Oversized(3 << 20), func(t *testing.T, s *Sim, u string) {
			r, body := get(t, client(5*time.Second), u, nil)
			if r.ContentLength != 3<<20 || len(body) != 3<<20 || !bytes.Contains(body[:4096], []byte("c-article-title")) {
				t.Errorf("length %d/%d", r.ContentLength, len(body))
			}
		}},
		{"gzip bomb", record.SourceHF, "/api/models/deepseek-ai/DeepSeek-V3", GzipBomb(64 << 20), func(t *testing.T, s *Sim, u string) {
			c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableCompression: true, DisableKeepAlives: true}}
			r, body := get(t, c, u, nil)
			if r.Header.Get("Content-Encoding") != "gzip" || len(body) > 200<<10 {
				t.Fatalf("encoding %q, %d bytes on the wire", r.Header.Get("Content-Encoding"), len(body))
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			n, err := io.Copy(io.Discard, zr)
			if err != nil || n != 64<<20 {
				t.Errorf("decompressed %d bytes, err %v", n, err)
			}
		}},
		{"wrong content type", record.SourceCrossref, "/works/**", WrongContentType(""), func(t *testing.T, s *Sim, u string) {
			r, body := get(t, client(2*time.Second), u, nil)
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || !bytes.Contains(body, []byte(`"status":"ok"`)) {
				t.Errorf("content type %q", r.Header.Get("Content-Type"))
			}
		}},
		{"field removed", record.SourceGitHub, gh, FieldRemoved(func(b []byte) []byte {
			var v map[string]any
			if json.Unmarshal(b, &v) != nil {
				return b
			}
			delete(v, "license")
			out, _ := json.Marshal(v)
			return out
		}), func(t *testing.T, s *Sim, u string) {
			r, body := get(t, client(2*time.Second), u, nil)
			if r.StatusCode != 200 || bytes.Contains(body, []byte("license")) || !bytes.Contains(body, []byte("full_name")) {
				t.Errorf("%d %s", r.StatusCode, body)
			}
			if r.Header.Get("ETag") != etag(body) {
				t.Errorf("ETag does not follow the edited body")
			}
		}},
		{"retry-after far", record.SourceGitHub, "", RetryAfterFar(0), func(t *testing.T, s *Sim, u string) {
			r, _ := get(t, client(2*time.Second), u, nil)
			ra, _ := strconv.Atoi(r.Header.Get("Retry-After"))
			if r.StatusCode != 429 || ra < 30*24*3600 {
				t.Errorf("%d Retry-After %q", r.StatusCode, r.Header.Get("Retry-After"))
			}
			if s.Stats()[record.SourceGitHub].Violations != 0 {
				t.Errorf("an injected 429 was counted as a client violation")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newSim(t, Options{NoLimits: true})
			if err := s.SetFault(tt.src, tt.path, tt.fault); err != nil {
				t.Fatal(err)
			}
			target := map[record.Source]string{
				record.SourceGitHub: gh, record.SourceHF: "/api/models/deepseek-ai/DeepSeek-V3",
				record.SourceDocs: "/news/news1226", record.SourceCrossref: "/works/10.1038/s41586-025-09422-z",
				record.SourceVenue: "/articles/s41586-025-09422-z", record.SourceArXiv: "/api/query",
			}[tt.src]
			tt.check(t, s, s.URL(tt.src)+target)
			// A request the client gave up on may be counted a moment later.
			for deadline := time.Now().Add(2 * time.Second); s.Stats()[tt.src].Faults == 0 && time.Now().Before(deadline); {
				time.Sleep(5 * time.Millisecond)
			}
			if s.Stats()[tt.src].Faults == 0 {
				t.Errorf("fault not counted")
			}
		})
	}
}

func TestFaultScopeAndCount(t *testing.T) {
	t.Parallel()
	s := newSim(t, Options{NoLimits: true})
	if err := s.SetFault(record.SourceGitHub, "/repos/*/*/readme", Fault{Kind: FaultRetryFar, N: 1}); err != nil {
		t.Fatal(err)
	}
	c := client(2 * time.Second)
	base := s.URL(record.SourceGitHub)
	if r, _ := get(t, c, base+"/repos/deepseek-ai/DeepSeek-V3", nil); r.StatusCode != 200 {
		t.Errorf("unmatched path faulted: %d", r.StatusCode)
	}
	if r, _ := get(t, c, base+"/repos/deepseek-ai/DeepSeek-V3/readme", nil); r.StatusCode != 429 {
		t.Errorf("matched path: %d", r.StatusCode)
	}
	if r, _ := get(t, c, base+"/repos/deepseek-ai/DeepSeek-V3/readme", nil); r.StatusCode != 200 {
		t.Errorf("fault with N=1 applied twice: %d", r.StatusCode)
	}
	if err := s.SetFault(record.SourceGitHub, "[", Timeout()); err == nil {
		t.Error("bad pattern accepted")
	}
	if err := s.SetFault("nowhere", "", Timeout()); err == nil {
		t.Error("unknown source accepted")
	}
	if err := s.SetFault(record.SourceGitHub, "", Fault{Kind: FaultFieldRemoved}); err == nil {
		t.Error("field-removed without an edit accepted")
	}
	s.SetFault(record.SourceGitHub, "", Burst5xx(5))
	s.ClearFaults("")
	if r, _ := get(t, c, base+"/repos/deepseek-ai/DeepSeek-V3", nil); r.StatusCode != 200 {
		t.Errorf("after ClearFaults: %d", r.StatusCode)
	}
}

func TestLatency(t *testing.T) {
	t.Parallel()
	s := newSim(t, Options{NoLimits: true, Latency: map[record.Source]time.Duration{record.SourceDocs: 80 * time.Millisecond}})
	start := time.Now()
	get(t, client(2*time.Second), s.URL(record.SourceDocs)+"/news/news1226", nil)
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Errorf("answered in %v, latency 80ms", d)
	}
}

func TestAddrsLoopbackOnly(t *testing.T) {
	t.Parallel()
	if _, err := New(Options{World: testWorld, Addrs: map[record.Source]string{record.SourceGitHub: "0.0.0.0:0"}}); err == nil {
		t.Fatal("non-loopback address accepted")
	}
	s := newSim(t, Options{Addrs: map[record.Source]string{record.SourceGitHub: "127.0.0.1:0"}})
	if !strings.HasPrefix(s.URL(record.SourceGitHub), "http://127.0.0.1:") {
		t.Errorf("URL = %s", s.URL(record.SourceGitHub))
	}
}

func TestWorldErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.http"), []byte("GET nowhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{World: dir}); err == nil || !strings.Contains(err.Error(), "bad.http") {
		t.Errorf("err = %v", err)
	}
	bad := &cassette.Exchange{Method: "GET", URL: "https://export.arxiv.org/api/query?id_list=1&max_results=1", Status: 200, Body: []byte("<feed><entry>")}
	if _, err := New(Options{Exchanges: []*cassette.Exchange{bad}}); err == nil {
		t.Error("broken single-id feed accepted")
	}
}

func TestCloseLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := New(Options{World: testWorld, NoLimits: true, Latency: map[record.Source]time.Duration{record.SourceHF: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	s.SetFault(record.SourceDocs, "", Timeout())
	s.SetFault(record.SourceVenue, "", Oversized(1<<30))
	tr := &http.Transport{}
	c := &http.Client{Transport: tr}
	var wg sync.WaitGroup
	for _, u := range []string{
		s.URL(record.SourceDocs) + "/news/news1226",                    // hangs
		s.URL(record.SourceHF) + "/api/models/deepseek-ai/DeepSeek-V3", // an hour of latency
		s.URL(record.SourceVenue) + "/articles/s41586-025-09422-z",     // 1 GiB stream
	} {
		wg.Go(func() {
			resp, err := c.Get(u)
			if err == nil {
				io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
				resp.Body.Close()
			}
		})
	}
	get(t, c, s.URL(record.SourceGitHub)+"/repos/deepseek-ai/DeepSeek-V3", nil)
	time.Sleep(50 * time.Millisecond) // let the slow requests arrive
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
	wg.Wait()
	tr.CloseIdleConnections()
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines before, %d after Close:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

func TestParseFault(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec    string
		src     record.Source
		pattern string
		want    Fault
		err     bool
	}{
		{"arxiv=timeout", record.SourceArXiv, "", Timeout(), false},
		{"github:/repos/*/*/readme=5xx:4", record.SourceGitHub, "/repos/*/*/readme", Burst5xx(4), false},
		{"github=5xx", record.SourceGitHub, "", Burst5xx(3), false},
		{"huggingface=gzip-bomb:1048576", record.SourceHF, "", GzipBomb(1 << 20), false},
		{"venue=oversized", record.SourceVenue, "", Oversized(0), false},
		{"crossref=wrong-type:text/plain", record.SourceCrossref, "", WrongContentType("text/plain"), false},
		{"docs=retry-after-far:720h", record.SourceDocs, "", RetryAfterFar(720 * time.Hour), false},
		{"arxiv-pages:/abs/*=reset:2", SourceArXivPages, "/abs/*", Fault{Kind: FaultReset, N: 2}, false},
		{"docs=truncated", record.SourceDocs, "", Truncated(), false},
		{"docs=malformed", record.SourceDocs, "", Malformed(), false},
		{"docs=redirect-loop", record.SourceDocs, "", RedirectLoop(), false},
		{"docs=field-removed", "", "", Fault{}, true},
		{"docs=explode", "", "", Fault{}, true},
		{"moon=timeout", "", "", Fault{}, true},
		{"timeout", "", "", Fault{}, true},
		{"github=5xx:x", "", "", Fault{}, true},
		{"github=5xx:-1", "", "", Fault{}, true},
		{"github:[=timeout", "", "", Fault{}, true},
	}
	for _, tt := range tests {
		src, pattern, f, err := ParseFault(tt.spec)
		if (err != nil) != tt.err {
			t.Errorf("%s: err = %v", tt.spec, err)
			continue
		}
		if tt.err {
			continue
		}
		if src != tt.src || pattern != tt.pattern || f.Kind != tt.want.Kind || f.N != tt.want.N || f.Size != tt.want.Size || f.ContentType != tt.want.ContentType || f.RetryAfter != tt.want.RetryAfter {
			t.Errorf("%s: %s %q %+v, want %s %q %+v", tt.spec, src, pattern, f, tt.src, tt.pattern, tt.want)
		}
	}
}

func FuzzParseFault(f *testing.F) {
	for _, s := range []string{"arxiv=timeout", "github:/repos/*/*/readme=5xx:4", "huggingface=gzip-bomb:1048576", "docs=retry-after-far:720h", "x", "=:", "venue:[=reset"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		src, _, fault, err := ParseFault(spec)
		if err != nil {
			return
		}
		if !knownSource(src) || fault.validate() != nil {
			t.Fatalf("%q accepted as %s %+v", spec, src, fault)
		}
	})
}

func FuzzAtomEntries(f *testing.F) {
	for _, p := range []string{"export.arxiv.org/api_query_2412.19437.http", "export.arxiv.org/api_query_2501.12948.http"} {
		e, err := cassette.ReadFile(filepath.Join(testWorld, p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(e.Body)
	}
	f.Add([]byte(`<feed xmlns:x="urn:x"><entry><x:a/></entry></feed>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		entries, err := atomEntries(body)
		if err != nil {
			return
		}
		for _, e := range entries {
			if !bytes.HasPrefix(e, []byte("<")) {
				t.Fatalf("entry does not start with a tag: %q", e)
			}
		}
	})
}
