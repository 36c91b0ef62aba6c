package faults

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/simulator"
	"github.com/claimcheck/claimcheck/reports"
)

// miniCatalog is a one-entry catalog whose hosts and venue URL are given.
const miniCatalog = `name: hostile
as_of: 2026-05-10
organisations:
  github: [deepseek-ai]
hosts: [%s]
entries:
  - id: e1
    kind: paper
    name: Example
    sources:
      urls: [%s]
    claims:
      - id: year
        type: date
        field: year
        value: "2024"
        quote: "2024"
`

// forbiddenURLs are catalog URLs that must never be fetched.
var forbiddenURLs = []string{
	"http://169.254.169.254/latest/meta-data/iam/security-credentials/",
	"http://metadata.google.internal/computeMetadata/v1/",
	"http://localhost/admin",
	"http://127.0.0.1/admin",
	"http://127.0.0.1:8080/admin",
	"http://2130706433/admin", // 127.0.0.1 as a decimal integer
	"http://0x7f000001/admin",
	"http://10.0.0.1/",
	"file:///etc/passwd",
	"ftp://www.nature.com/x",
	"gopher://www.nature.com/x",
	"javascript:alert(1)",
	"https://user:pass@www.nature.com/articles/x",
}

// TestLoaderRejectsForbiddenURLs: the catalog loader refuses every URL that
// is not http(s) on an allow-listed host, at the URL's position.
func TestLoaderRejectsForbiddenURLs(t *testing.T) {
	t.Parallel()
	for _, u := range forbiddenURLs {
		_, err := catalog.Parse("hostile.yaml", []byte(fmt.Sprintf(miniCatalog, "www.nature.com", `"`+u+`"`)))
		if err == nil {
			t.Errorf("%s: accepted by the loader", u)
			continue
		}
		if !strings.Contains(err.Error(), "hostile.yaml:11:") {
			t.Errorf("%s: error does not point at the URL: %v", u, err)
		}
	}
	// The same catalog with an allowed URL loads: the rejections above are
	// about the URLs.
	if _, err := catalog.Parse("ok.yaml", []byte(fmt.Sprintf(miniCatalog, "www.nature.com", "https://www.nature.com/articles/x"))); err != nil {
		t.Fatalf("allowed URL rejected: %v", err)
	}
}

// TestLoaderRejectsInternalHosts: a catalog edit that puts an internal
// address on the allow-list (hosts:) must be refused too, or a pull request
// could make the CI gate fetch cloud metadata.
func TestLoaderRejectsInternalHosts(t *testing.T) {
	t.Parallel()
	var accepted []string
	for _, c := range [][2]string{
		{"169.254.169.254", "http://169.254.169.254/latest/meta-data/"},
		{"localhost", "http://localhost/x"},
		{"127.0.0.1", "http://127.0.0.1/x"},
		{"10.0.0.1", "http://10.0.0.1/x"},
	} {
		if _, err := catalog.Parse("hostile.yaml", []byte(fmt.Sprintf(miniCatalog, c[0], c[1]))); err == nil {
			accepted = append(accepted, c[0])
		}
	}
	if len(accepted) > 0 {
		t.Fatalf("the loader accepts internal addresses in hosts: %v", accepted)
	}
}

// spyTransport stands in for the network: it forwards only to the loopback
// addresses in allow and records every other destination without dialling.
type spyTransport struct {
	allow map[string]bool
	next  *http.Transport
	mu    sync.Mutex
	seen  []string
}

func newSpy(allow ...string) *spyTransport {
	s := &spyTransport{allow: map[string]bool{}, next: &http.Transport{Proxy: nil}}
	for _, a := range allow {
		s.allow[a] = true
	}
	return s
}

func (s *spyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.seen = append(s.seen, req.URL.String())
	s.mu.Unlock()
	if !s.allow[req.URL.Host] {
		return nil, errors.New("spy: destination outside the test's loopback servers")
	}
	return s.next.RoundTrip(req)
}

func (s *spyTransport) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

// countingServer is a loopback listener standing in for a forbidden target.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		fmt.Fprint(w, "secret")
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestCrawlerRefusesForbiddenHosts builds a catalog struct directly (so the
// loader's checks are bypassed) pointing at forbidden targets; the crawler
// must refuse each before any request: the stand-in listener sees nothing and
// the network stand-in is never asked.
func TestCrawlerRefusesForbiddenHosts(t *testing.T) {
	t.Parallel()
	target, hits := countingServer(t)
	tu, _ := url.Parse(target.URL)
	port := tu.Port()
	urls := append([]string{
		target.URL + "/admin",
		"http://localhost:" + port + "/admin",
		"http://[::1]:" + port + "/admin",
	}, forbiddenURLs...)
	def, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	// No organisations: the plan holds the forbidden URLs only.
	cat := &catalog.Catalog{Name: "crafted", Path: "crafted", Hosts: def.Hosts, AsOf: def.AsOf}
	for i, u := range urls {
		cat.Entries = append(cat.Entries, catalog.Entry{ID: fmt.Sprintf("e%d", i), Kind: catalog.KindPaper, Name: "x",
			Sources: catalog.Sources{URLs: []catalog.URLRef{{URL: u}}},
			Claims:  []catalog.Claim{{ID: "year", Type: catalog.TypeDate, Field: catalog.FieldYear, Value: "2024"}}})
	}
	for _, mode := range []string{"network", "spy"} {
		t.Run(mode, func(t *testing.T) {
			cfg := crawler.Config{AllowHosts: cat.Hosts, Policies: crawler.DefaultPolicies().Scale(0.01)}
			spy := newSpy(tu.Host)
			if mode == "spy" {
				cfg.Transport = spy
			} else {
				// The real transport (with its dial guard) may only meet
				// loopback targets here; keep the non-loopback ones out.
				cfg.Transport = nil
			}
			c, err := crawler.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			plan := crawler.Plan(cat, crawler.PlanOptions{})
			if mode == "network" {
				var loop []record.Resource
				for _, r := range plan {
					if strings.Contains(r.URL, port) || strings.Contains(r.URL, "localhost") || strings.Contains(r.URL, "127.0.0.1") {
						loop = append(loop, r)
					}
				}
				plan = loop
			}
			recs, err := c.Fetch(context.Background(), plan)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				if r.Err == nil || r.Err.Kind != record.ErrBlocked {
					t.Errorf("%s: fetched or wrong error (%v), want %s", r.URL, r.Err, record.ErrBlocked)
				}
			}
			if len(recs) == 0 {
				t.Fatal("nothing planned")
			}
			if got := spy.requests(); len(got) != 0 {
				t.Errorf("the network was asked for %v", got)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the forbidden listener saw %d requests", n)
	}
}

// TestRedirectToForbiddenHost: an allowed source that redirects to a
// forbidden target (cloud metadata, a loopback port that is not an
// endpoint, file://) gets the redirect refused; nothing reaches the target.
func TestRedirectToForbiddenHost(t *testing.T) {
	t.Parallel()
	target, hits := countingServer(t)
	tu, _ := url.Parse(target.URL)
	locations := map[string]string{
		"/repos/deepseek-ai/a":        "http://169.254.169.254/latest/meta-data/",
		"/repos/deepseek-ai/b":        target.URL + "/steal",
		"/repos/deepseek-ai/c":        "http://localhost:" + tu.Port() + "/steal",
		"/repos/deepseek-ai/d":        "file:///etc/passwd",
		"/repos/deepseek-ai/e":        "http://metadata.google.internal/",
		"/repos/deepseek-ai/f":        "/repos/deepseek-ai/f2", // same origin: followed
		"/repos/deepseek-ai/f2":       "http://[::1]:" + tu.Port() + "/steal",
		"/repos/deepseek-ai/a/readme": "http://169.254.169.254/",
	}
	var gotAuth atomic.Int64
	gh := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			gotAuth.Add(1)
		}
		if loc, ok := locations[r.URL.Path]; ok {
			http.Redirect(w, r, loc, http.StatusFound)
			return
		}
		http.NotFound(w, r)
	}))
	defer gh.Close()
	gu, _ := url.Parse(gh.URL)
	spy := newSpy(gu.Host, tu.Host)
	ep := crawler.DefaultEndpoints()
	ep.GitHub = gh.URL
	c, err := crawler.New(crawler.Config{Endpoints: ep, AllowHosts: []string{"api.github.com"}, Transport: spy,
		Policies: crawler.DefaultPolicies().Scale(0.01), GitHubToken: "ghp_SENTINELredirect0000000000000000000"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var res []record.Resource
	for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
		res = append(res, record.Resource{Source: record.SourceGitHub, Kind: record.KindGitHubRepo, Key: "deepseek-ai/" + name,
			URL: "https://api.github.com/repos/deepseek-ai/" + name})
	}
	recs, err := c.Fetch(context.Background(), res)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Err == nil || r.Err.Kind != record.ErrBlocked {
			t.Errorf("%s: %v, want a refused redirect (%s)", r.URL, r.Err, record.ErrBlocked)
		}
	}
	for _, u := range spy.requests() {
		if !strings.HasPrefix(u, gh.URL) {
			t.Errorf("request left the allowed endpoint: %s", u)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the forbidden listener saw %d requests", n)
	}
	if gotAuth.Load() == 0 {
		t.Error("the GitHub endpoint never saw the token (the test would not notice a leak)")
	}
}

// sentinels are token values that must appear nowhere but in the
// Authorization header sent to their own host.
const (
	ghSentinel = "ghp_SENTINELgithubTOKEN4242424242424242"
	hfSentinel = "hf_SENTINELhuggingfaceTOKEN424242424242"
)

// authSpy fronts one simulator source and records the Authorization headers it sees.
type authSpy struct {
	srv  *httptest.Server
	mu   sync.Mutex
	auth map[string]int // Authorization value → count ("" for none)
}

func newAuthSpy(t *testing.T, backend string) *authSpy {
	bu, err := url.Parse(backend)
	if err != nil {
		t.Fatal(err)
	}
	a := &authSpy{auth: map[string]int{}}
	rp := httputil.NewSingleHostReverseProxy(bu)
	rp.ErrorLog = nil
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.auth[r.Header.Get("Authorization")]++
		a.mu.Unlock()
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *authSpy) seen() map[string]int {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := map[string]int{}
	for k, v := range a.auth {
		out[k] = v
	}
	return out
}

// TestTokensNeverLeak runs two audits (cold, then warm) with sentinel
// tokens, recording exchanges, keeping a state store, logging at debug level
// and writing every report format; the sentinels must appear in no output
// file, no recording, not in stdout/stderr and not in the sqlite store, and
// each token must reach its own source only.
func TestTokensNeverLeak(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := writeInputs(t, dir)
	s := newSim(t)
	spies := map[string]*authSpy{}
	env := map[string]string{"GITHUB_TOKEN": ghSentinel, "HF_TOKEN": hfSentinel}
	for src, name := range simulator.EnvVars {
		sp := newAuthSpy(t, s.URL(src))
		spies[string(src)] = sp
		env[name] = sp.srv.URL
	}
	getenv := envOf(s, env)
	recDir := filepath.Join(dir, "recording")
	state := filepath.Join(dir, "state.db")
	outDir := filepath.Join(dir, "out")
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	var outputs []string
	for i := range 2 {
		args := []string{"audit", "--catalog", f.catalog, "--config", f.config, "--now", now, "--quiet",
			"--fail-on", "none", "--log-level", "debug", "--state", state}
		if i == 0 {
			args = append(args, "--record", recDir)
		}
		var formats, files []string
		for _, name := range reports.Names() {
			formats = append(formats, name)
			files = append(files, filepath.Join(outDir, fmt.Sprintf("run%d.%s", i, name)))
		}
		args = append(args, "--format", strings.Join(formats, ","), "-o", strings.Join(files, ","))
		r := runCLI(t, getenv, runLimit, args...)
		if r.code != 0 && r.code != 1 {
			t.Fatalf("run %d: exit %d\n%s", i, r.code, r.stderr)
		}
		if !strings.Contains(r.stderr, "api.github.com") {
			t.Errorf("run %d: the debug log mentions no GitHub URL: logs were not exercised", i)
		}
		outputs = append(outputs, r.stdout, r.stderr)
	}
	for i, o := range outputs {
		for _, tok := range []string{ghSentinel, hfSentinel} {
			if strings.Contains(o, tok) {
				t.Errorf("output stream %d contains a token", i)
			}
		}
	}
	files := 0
	for _, root := range []string{dir} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files++
			for _, tok := range []string{ghSentinel, hfSentinel, strings.TrimPrefix(ghSentinel, "ghp_"), strings.TrimPrefix(hfSentinel, "hf_")} {
				if bytes.Contains(data, []byte(tok)) {
					t.Errorf("%s contains a token", p)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	recs, _ := filepath.Glob(filepath.Join(recDir, "*", "*.http"))
	if len(recs) < 50 {
		t.Errorf("only %d recordings: the run did not record", len(recs))
	}
	if st, err := os.Stat(state); err != nil || st.Size() == 0 {
		t.Errorf("no state store written: %v", err)
	}
	if files < 2*len(reports.Names())+50 {
		t.Errorf("only %d files scanned", files)
	}
	for src, sp := range spies {
		seen := sp.seen()
		want := ""
		switch record.Source(src) {
		case record.SourceGitHub:
			want = "Bearer " + ghSentinel
		case record.SourceHF:
			want = "Bearer " + hfSentinel
		}
		for auth, n := range seen {
			if auth != want {
				t.Errorf("%s endpoint saw %d requests with Authorization %q, want %q", src, n, redact(auth), redact(want))
			}
		}
		if want != "" && seen[want] == 0 {
			t.Errorf("%s endpoint never saw its token", src)
		}
	}
}

func redact(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

// hostileWorld is the world with DeepSeek-V3's arXiv title carrying markup
// and a javascript: link (escaped in the Atom XML, so it is the title's text).
func hostileWorld(t *testing.T) []*cassette.Exchange {
	ex, err := cassette.LoadDir(worldDir)
	if err != nil {
		t.Fatal(err)
	}
	const payload = `DeepSeek-V3 &lt;script&gt;document.title='PWNED'&lt;/script&gt; &lt;img src=x onerror="document.title='PWNED2'"&gt; &lt;a href="javascript:document.title='PWNED3'"&gt;click&lt;/a&gt;`
	re := regexp.MustCompile(`(?s)<title>[^<]*</title>`)
	done := false
	for _, e := range ex {
		if strings.Contains(e.URL, "id_list=2412.19437") {
			loc := re.FindAllIndex(e.Body, -1)
			if len(loc) < 2 {
				t.Fatalf("no entry title in %s", e.File)
			}
			last := loc[len(loc)-1] // the entry's title follows the feed's
			e.Body = append(append(append([]byte(nil), e.Body[:last[0]]...), "<title>"+payload+"</title>"...), e.Body[last[1]:]...)
			done = true
		}
	}
	if !done {
		t.Fatal("DeepSeek-V3's arXiv answer is not in the world")
	}
	return ex
}

// TestHTMLReportRunsNoScript audits a world whose page carries <script>,
// an onerror handler and a javascript: link, renders the HTML report and
// loads it in headless Chromium: no script of the page runs.
func TestHTMLReportRunsNoScript(t *testing.T) {
	t.Parallel()
	bin := chromium(t)
	dir := t.TempDir()
	f := writeInputs(t, dir)
	s, err := simulator.New(simulator.Options{Exchanges: hostileWorld(t), Scale: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := filepath.Join(dir, "report.html")
	r := runCLI(t, envOf(s, nil), runLimit, "audit", "--catalog", f.catalog, "--config", f.config, "--now", now,
		"--quiet", "--no-state", "--fail-on", "none", "--verbose", "--format", "html", "-o", out)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	html, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(html, []byte("PWNED")) {
		t.Fatal("the hostile title is not in the report: the test would prove nothing")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=2000", "--dump-dom", "file://"+out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	dom := stdout.String()
	if !strings.Contains(dom, "</html>") {
		t.Fatalf("no DOM dumped:\n%.2000s", dom)
	}
	title := regexp.MustCompile(`<title>([^<]*)</title>`).FindStringSubmatch(dom)
	if title == nil || strings.Contains(title[1], "PWNED") {
		t.Errorf("document title %v: an injected script ran", title)
	}
	// Live elements, not text (text shows "&lt;" where a tag would open).
	for _, bad := range []string{`<script>document\.title`, `<img\b[^>]*onerror`, `<a\b[^>]*href="javascript:`} {
		if regexp.MustCompile(bad).MatchString(dom) {
			t.Errorf("hostile markup became live DOM: %s", bad)
		}
	}
	if !strings.Contains(dom, "&lt;script&gt;document.title=") {
		t.Error("the hostile title is not shown as text")
	}
}

// chromium finds the browser, or skips unless CLAIMCHECK_REQUIRE_BROWSER is set.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CLAIMCHECK_REQUIRE_BROWSER") != "" {
		t.Fatal("CLAIMCHECK_REQUIRE_BROWSER is set but chromium is not installed")
	}
	t.Skip("chromium not installed; skipping the headless-browser test")
	return ""
}

// TestCatalogBombsCLI: `claimcheck catalog lint` rejects a YAML alias bomb
// and an oversized file with exit 2, quickly and in bounded memory.
func TestCatalogBombsCLI(t *testing.T) {
	dir := t.TempDir()
	var bomb strings.Builder
	bomb.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 30; i++ {
		fmt.Fprintf(&bomb, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	huge := bytes.Repeat([]byte("# padding line to make the file larger than the loader's cap\n"), (catalog.MaxFileSize/60)*3)
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n"
	cases := map[string][]byte{
		"alias-bomb.yaml": []byte(bomb.String()),
		"huge.yaml":       huge,
		"deep.yaml":       []byte(deep),
	}
	for name, data := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r := runCLI(t, func(string) string { return "" }, 2*time.Minute, "catalog", "lint", p)
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s (%d bytes): exit %d in %s, %d MiB allocated: %s", name, len(data), r.code, r.wall.Round(time.Millisecond), alloc>>20, firstLine(r.stderr))
		if r.code != 2 {
			t.Errorf("%s: exit %d, want 2\n%s", name, r.code, r.stderr)
		}
		if r.wall > 60*time.Second { // a hang guard: an unbounded expansion takes far longer; memory is the real bound below
			t.Errorf("%s: took %s", name, r.wall)
		}
		if alloc > 256<<20 {
			t.Errorf("%s: allocated %d MiB", name, alloc>>20)
		}
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
