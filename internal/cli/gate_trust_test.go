package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/claimcheck/claimcheck/reports"
)

// The gate's trust comes from the base (issue 9, item 1): a pull request that
// adds an organisation or a host, with an entry sourced from it, must not get
// that entry fetched, let alone verified. Requests are counted on loopback
// servers standing in for GitHub and for the new host; a recording transport
// refuses (without dialling) anything else.

// evilEntry is an entry sourced from a repository of an organisation only
// the pull request declares, with an invented value its README "confirms".
const evilEntry = `  - id: evil-model
    kind: model
    name: Evil Model
    sources:
      github: [evil-org/evil-model]
    claims:
      - id: params
        type: count
        field: params_total
        value: 9999B
        unit: parameters
`

// evilPaper is an entry sourced from a page on a host only the pull request allows.
const evilPaper = `  - id: evil-paper
    kind: paper
    name: Evil Paper
    sources:
      urls: ["https://papers.example.org/evil"]
    claims:
      - id: title
        type: name
        field: title
        value: Evil Paper
`

// evilGitHub stands in for api.github.com: the repository of evil-org and
// a README stating the invented value. It counts requests per path.
type evilGitHub struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newEvilGitHub(t *testing.T) *evilGitHub {
	t.Helper()
	g := &evilGitHub{hits: map[string]int{}}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.hits[r.URL.Path]++
		g.mu.Unlock()
		switch r.URL.Path {
		case "/repos/evil-org/evil-model":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"name":"evil-model","full_name":"evil-org/evil-model","owner":{"login":"evil-org","type":"Organization"},`+
				`"html_url":"https://github.com/evil-org/evil-model","description":"Evil 9999B","fork":false,"archived":false,`+
				`"license":{"key":"mit","spdx_id":"MIT"},"default_branch":"main"}`)
		case "/repos/evil-org/evil-model/readme":
			w.Header().Set("Content-Type", "application/vnd.github.raw+json; charset=utf-8")
			fmt.Fprint(w, "# Evil 9999B\n\nEvil 9999B is a Mixture-of-Experts language model with 9999B total parameters.\n")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(g.srv.Close)
	return g
}

// count is the number of requests whose path starts with prefix.
func (g *evilGitHub) count(prefix string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for p, c := range g.hits {
		if strings.HasPrefix(p, prefix) {
			n += c
		}
	}
	return n
}

// venueStandIn serves papers.example.org's page and robots.txt, counting requests.
func venueStandIn(t *testing.T) (*httptest.Server, *countingHits) {
	t.Helper()
	hits := &countingHits{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.add(r.Host + r.URL.Path)
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>Evil Paper</title><meta name="citation_title" content="Evil Paper"></head><body><h1>Evil Paper</h1></body></html>`)
	}))
	t.Cleanup(srv.Close)
	return srv, hits
}

type countingHits struct {
	mu   sync.Mutex
	seen []string
}

func (c *countingHits) add(s string) {
	c.mu.Lock()
	c.seen = append(c.seen, s)
	c.mu.Unlock()
}

func (c *countingHits) list() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.seen...)
}

// routeTransport is the gate's network in these tests: requests to a
// loopback stand-in go to it; requests for a named host are sent to that
// host's stand-in; every request is recorded, and any other destination
// is refused without dialling.
type routeTransport struct {
	next  *http.Transport
	hosts map[string]string // request host → stand-in base URL ("" = itself, a loopback server)
	mu    sync.Mutex
	seen  []string
}

func newRouteTransport(t *testing.T) *routeTransport {
	rt := &routeTransport{next: &http.Transport{Proxy: nil}, hosts: map[string]string{}}
	t.Cleanup(rt.next.CloseIdleConnections)
	return rt
}

func (rt *routeTransport) loopback(base string) {
	u, _ := url.Parse(base)
	rt.hosts[u.Host] = ""
}

func (rt *routeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.seen = append(rt.seen, req.URL.String())
	rt.mu.Unlock()
	to, ok := rt.hosts[req.URL.Host]
	if !ok {
		return nil, errors.New("test transport: destination outside the test's loopback servers")
	}
	if to != "" {
		u, _ := url.Parse(to)
		req = req.Clone(req.Context())
		req.URL.Scheme, req.URL.Host = u.Scheme, u.Host
	}
	return rt.next.RoundTrip(req)
}

func (rt *routeTransport) requests() []string {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return append([]string(nil), rt.seen...)
}

// catchAll is a loopback server for every endpoint a test does not care
// about: it answers 404 and counts.
func catchAll(t *testing.T) (*httptest.Server, *countingHits) {
	t.Helper()
	hits := &countingHits{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.add(r.URL.String())
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, hits
}

// runTrustGate runs the gate under GitHub Actions on dir/file against
// HEAD, with every endpoint on loopback (GitHub on gh) and rt as the network.
func runTrustGate(t *testing.T, dir, file, gh string, rt *routeTransport, extra ...string) gateRun {
	t.Helper()
	other, _ := catchAll(t)
	rt.loopback(other.URL)
	rt.loopback(gh)
	env := map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_API_URL": gh,
		"HF_ENDPOINT": other.URL, "CLAIMCHECK_ARXIV_API_URL": other.URL, "CLAIMCHECK_ARXIV_URL": other.URL,
		"CLAIMCHECK_DOCS_URL": other.URL, "CLAIMCHECK_CROSSREF_URL": other.URL,
	}
	out := t.TempDir()
	reportFile := filepath.Join(out, "report.json")
	env["GITHUB_STEP_SUMMARY"] = filepath.Join(out, "summary.md")
	args := append([]string{"--base", "HEAD", "--catalog", filepath.Join(dir, file), "--no-state", "--now", gateNow,
		"--quiet", "--format", "text,json", "-o", "-," + reportFile,
		"--policy", "github.min_interval=0s", "--policy", "venue.min_interval=0s"}, extra...)
	var stdout, stderr bytes.Buffer
	cmd := gateCommand(func(k string) string { return env[k] }, rt)
	cmd.SetArgs(args)
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.ExecuteContext(context.Background())
	r := gateRun{code: exitCode(err, &stderr), stdout: stdout.String(), stderr: stderr.String()}
	if b, err := os.ReadFile(env["GITHUB_STEP_SUMMARY"]); err == nil {
		r.summary = string(b)
	}
	if b, err := os.ReadFile(reportFile); err == nil {
		r.report = &reports.Report{}
		if err := json.Unmarshal(b, r.report); err != nil {
			t.Fatalf("report.json: %v", err)
		}
	}
	return r
}

// lineOf is the 1-based line of src holding s, and the column where s starts.
func lineOf(t *testing.T, src, s string) (int, int) {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if c := strings.Index(l, s); c >= 0 {
			return i + 1, c + 1
		}
	}
	t.Fatalf("%q not found", s)
	return 0, 0
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func errorsOf(r gateRun) []string {
	var out []string
	for _, a := range r.annotations() {
		if strings.HasPrefix(a, "::error") {
			out = append(out, a)
		}
	}
	return out
}

func withOrg(src string) string {
	return strings.Replace(src, "  github: [deepseek-ai]\n", "  github: [deepseek-ai, evil-org]\n", 1)
}

func withGitHubHost(src string) string {
	return strings.Replace(src, "  - huggingface.co\n", "  - huggingface.co\n  - api.github.com\n", 1)
}

func withHost(src string) string {
	return strings.Replace(src, "  - huggingface.co\n", "  - huggingface.co\n  - papers.example.org\n", 1)
}

// A pull request adds its own organisation and an entry from a repository
// there with an invented value: the gate fails at the organisations line
// and never asks the new organisation's repository for anything. Once a
// maintainer has landed the organisation (the control), the same entry is
// fetched from the stand-in and verified: what the attack would have won.
func TestGateTrustNewOrganisation(t *testing.T) {
	t.Parallel()
	fixture := readGateFixture(t)
	t.Run("pull request adds the organisation", func(t *testing.T) {
		t.Parallel()
		dir := gateRepo(t, map[string]string{"guide.yaml": fixture})
		head := withOrg(fixture) + evilEntry
		writeFile(t, filepath.Join(dir, "guide.yaml"), head)
		gh, rt := newEvilGitHub(t), newRouteTransport(t)
		r := runTrustGate(t, dir, "guide.yaml", gh.srv.URL, rt)
		if r.code != ExitFindings {
			t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, ExitFindings, r.stdout, r.stderr)
		}
		if n := gh.count("/repos/evil-org/"); n != 0 {
			t.Errorf("%d requests to the new organisation's repository, want 0", n)
		}
		if got := rt.requests(); len(got) != 0 {
			t.Errorf("the gate sent requests, want none (nothing it may check was touched): %v", got)
		}
		line, col := lineOf(t, head, "evil-org]")
		want := fmt.Sprintf("::error file=guide.yaml,line=%d,col=%d,title=gate.settings::catalog-wide setting \"organisations\" changed: organisations.github[1] (\"evil-org\") is not in the catalog at HEAD", line, col)
		errs := errorsOf(r)
		if len(errs) == 0 || !strings.HasPrefix(errs[0], want) {
			t.Fatalf("first error annotation:\n%q\nwant prefix\n%q\nall: %q", errs, want, r.annotations())
		}
		for _, w := range []string{"A maintainer must land it on its own", "claimcheck audit --catalog guide.yaml", "pull request of its own"} {
			if !strings.Contains(errs[0], w) {
				t.Errorf("settings error lacks %q: %s", w, errs[0])
			}
		}
		if strings.Contains(r.stdout, "::warning file=guide.yaml,line=") && strings.Contains(r.stdout, "catalog-wide settings changed") {
			t.Errorf("the settings change is still (also) a warning:\n%s", r.stdout)
		}
		// The entry's claim fails, not checked, saying why.
		claim := fmt.Sprintf("::error file=guide.yaml,line=%d,", claimLine(t, head, "evil-model", "params"))
		found := false
		for _, e := range errs {
			if strings.HasPrefix(e, claim) && strings.Contains(e, "title=gate.base-settings::evil-model/params") &&
				strings.Contains(e, `organisation "evil-org" is not an official github organisation`) {
				found = true
			}
		}
		if !found {
			t.Errorf("no error at evil-model/params saying it was not checked under the base's organisations: %q", errs)
		}
		if sev := severities(r.report); sev["evil-model/params"] != "unverified/error" || sev["/setting:organisations"] != "unverified/error" {
			t.Errorf("report severities = %v", sev)
		}
		if !strings.Contains(r.stderr, "1 catalog-wide setting changed: a maintainer must land it on its own") {
			t.Errorf("stderr:\n%s", r.stderr)
		}
		if !strings.HasPrefix(r.summary, "**claimcheck gate: ❌ 1 catalog-wide setting changed: a maintainer must land it on its own") ||
			!strings.Contains(r.summary, "· 1 new or changed claim not verified") {
			t.Errorf("step summary:\n%.400s", r.summary)
		}
	})
	t.Run("the organisation landed, not the GitHub API host", func(t *testing.T) {
		t.Parallel()
		// hosts is exactly what is contacted: the entry's GitHub source
		// needs api.github.com, which the base does not list.
		dir := gateRepo(t, map[string]string{"guide.yaml": withOrg(fixture)})
		writeFile(t, filepath.Join(dir, "guide.yaml"), withOrg(fixture)+evilEntry)
		gh, rt := newEvilGitHub(t), newRouteTransport(t)
		r := runTrustGate(t, dir, "guide.yaml", gh.srv.URL, rt)
		if n := gh.count("/repos/evil-org/evil-model"); n != 0 {
			t.Errorf("the GitHub stand-in saw %d requests; want none (api.github.com is not in hosts)", n)
		}
		if !strings.Contains(r.stderr, `"host":"api.github.com"`) || !strings.Contains(r.stderr, "is not in its hosts") {
			t.Errorf("stderr does not warn of the missing host:\n%s", r.stderr)
		}
		if r.code == ExitOK {
			t.Errorf("exit 0: the refused claim passed the gate\nstdout:\n%s", r.stdout)
		}
	})
	t.Run("control: the organisation and its host landed first", func(t *testing.T) {
		t.Parallel()
		base := withGitHubHost(withOrg(fixture))
		dir := gateRepo(t, map[string]string{"guide.yaml": base})
		writeFile(t, filepath.Join(dir, "guide.yaml"), base+evilEntry)
		gh, rt := newEvilGitHub(t), newRouteTransport(t)
		r := runTrustGate(t, dir, "guide.yaml", gh.srv.URL, rt)
		if gh.count("/repos/evil-org/evil-model") == 0 {
			t.Fatalf("the stand-in saw no request: the test would not notice a fetch\nstderr:\n%s", r.stderr)
		}
		if r.code != ExitOK || severities(r.report)["evil-model/params"] != "verified/info" {
			t.Errorf("exit %d, severities %v; want the landed organisation's README to verify the claim\nstdout:\n%s", r.code, severities(r.report), r.stdout)
		}
	})
}

// A pull request allows a new host and cites a page there: the gate fails
// at the hosts line and sends nothing to that host.
func TestGateTrustNewHost(t *testing.T) {
	t.Parallel()
	fixture := readGateFixture(t)
	for _, tc := range []struct {
		name       string
		base, head string
		code       int
		fetched    bool
	}{
		{"pull request adds the host", fixture, withHost(fixture) + evilPaper, ExitFindings, false},
		{"control: the host landed first", withHost(fixture), withHost(fixture) + evilPaper, -1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := gateRepo(t, map[string]string{"guide.yaml": tc.base})
			writeFile(t, filepath.Join(dir, "guide.yaml"), tc.head)
			gh, rt := newEvilGitHub(t), newRouteTransport(t)
			venue, hits := venueStandIn(t)
			rt.hosts["papers.example.org"] = venue.URL
			r := runTrustGate(t, dir, "guide.yaml", gh.srv.URL, rt)
			var toHost []string
			for _, u := range rt.requests() {
				if strings.Contains(u, "papers.example.org") {
					toHost = append(toHost, u)
				}
			}
			if !tc.fetched {
				if len(toHost) != 0 || len(hits.list()) != 0 {
					t.Errorf("requests to the new host: %v (stand-in saw %v), want none", toHost, hits.list())
				}
				if r.code != tc.code {
					t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
				}
				line, col := lineOf(t, tc.head, "- papers.example.org")
				col += 2 // the item, after "- "
				want := fmt.Sprintf("::error file=guide.yaml,line=%d,col=%d,title=gate.settings::catalog-wide setting \"hosts\" changed: hosts[3] (\"papers.example.org\") is not in the catalog at HEAD", line, col)
				if errs := errorsOf(r); len(errs) == 0 || !strings.HasPrefix(errs[0], want) {
					t.Errorf("error annotations %q, want the first to start %q", errs, want)
				}
				return
			}
			if len(hits.list()) == 0 {
				t.Fatalf("the control fetched nothing from the host: the test would not notice a fetch\nstderr:\n%s", r.stderr)
			}
			if r.code == ExitUsage {
				t.Errorf("exit %d\n%s", r.code, r.stderr)
			}
		})
	}
}

// gitIn runs git in dir (test repositories only).
func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=gate test", "-c", "user.email=gate@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// A pull request that moves the catalog file and edits one claim is
// compared with the file's old path: exactly one error, at the edited line.
// Before, every entry counted as added (issue 12: 35 failures on claims
// nobody touched).
func TestGateRenamedCatalog(t *testing.T) {
	t.Parallel()
	fixture := readGateFixture(t)
	for _, tc := range []struct {
		name   string
		commit bool // the rename is committed (base HEAD~1) or only staged (base HEAD)
	}{
		{"staged rename", false},
		{"committed rename", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := gateRepo(t, map[string]string{"guide.yaml": fixture})
			if err := os.Mkdir(filepath.Join(dir, "moved"), 0o755); err != nil {
				t.Fatal(err)
			}
			gitIn(t, dir, "mv", "guide.yaml", "moved/guide.yaml")
			head, line := editLine(t, fixture, "deepseek-v3", `value: "2024"`, `value: 2025-01`)
			writeFile(t, filepath.Join(dir, "moved", "guide.yaml"), head)
			base := "HEAD"
			if tc.commit {
				gitIn(t, dir, "commit", "-q", "-a", "-m", "move and edit")
				base = "HEAD~1"
			}
			r := runGateIn(t, dir, "moved/guide.yaml", true, "--base", base)
			if r.code != ExitFindings {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, ExitFindings, r.stdout, r.stderr)
			}
			errs := errorsOf(r)
			want := "::error file=moved/guide.yaml,line=" + itoa(line) + ",col=16,title=claim.date::deepseek-v3/published: changed claim is contradicted"
			if len(errs) != 1 || !strings.HasPrefix(errs[0], want) {
				t.Errorf("error annotations = %q, want exactly one starting %q", errs, want)
			}
			if !strings.Contains(r.stdout, "::notice file=moved/guide.yaml,title=claimcheck gate::moved/guide.yaml was guide.yaml at "+base) {
				t.Errorf("no notice of the rename:\n%s", r.stdout)
			}
			if r.report == nil {
				t.Fatal("no JSON report")
			}
			if diff := cmp.Diff(&reports.GateInfo{Base: base, Added: []string{}, Changed: []string{"deepseek-v3/published"}, Removed: []string{}}, r.report.Gate); diff != "" {
				t.Errorf("gate section (-want +got):\n%s", diff)
			}
		})
	}
}

// With no trusted base (the catalog is new, or the base does not parse),
// no setting of the pull request is trusted: each is an error, entries
// sourced under the pull request's organisations are not fetched, and the
// gate fails. arXiv needs no catalog setting, so arXiv claims are still
// judged (and reported).
func TestGateTrustNoBase(t *testing.T) {
	t.Parallel()
	fixture := readGateFixture(t)
	for _, tc := range []struct {
		name string
		base map[string]string
		file string
		note string
	}{
		{"new catalog", map[string]string{"README.md": "x\n"}, "cat/guide.yaml", "cat/guide.yaml did not exist at HEAD"},
		{"base does not parse", map[string]string{"guide.yaml": "name: [broken\n"}, "guide.yaml", "the catalog at HEAD does not parse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := gateRepo(t, tc.base)
			writeFile(t, filepath.Join(dir, filepath.FromSlash(tc.file)), fixture)
			r := runGateIn(t, dir, tc.file, true)
			if r.code != ExitFindings {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, ExitFindings, r.stdout, r.stderr)
			}
			errs := errorsOf(r)
			for _, key := range []string{"organisations", "hosts"} {
				line, _ := lineOf(t, fixture, key+":")
				want := fmt.Sprintf("::error file=%s,line=%d,col=1,title=gate.settings::catalog-wide setting %q added", tc.file, line, key)
				if !slices.ContainsFunc(errs, func(e string) bool { return strings.HasPrefix(e, want) }) {
					t.Errorf("no error %q in %q", want, errs)
				}
			}
			if !strings.Contains(r.stdout, tc.note) || !strings.Contains(r.stdout, "no catalog-wide setting (organisations, hosts, sources…) is trusted") {
				t.Errorf("no note saying the base is missing and nothing is trusted:\n%s", r.stdout)
			}
			sev := severities(r.report)
			if sev["deepseek-math-7b/size"] != "unverified/error" {
				t.Errorf("deepseek-math-7b/size = %q, want unverified/error (not fetched: its organisation is only the pull request's)", sev["deepseek-math-7b/size"])
			}
			for _, f := range r.report.Findings {
				if f.Entry == "deepseek-math-7b" && f.Check != "gate.base-settings" {
					t.Errorf("deepseek-math-7b was judged (%s): it must not be checked under the pull request's settings", f.Check)
				}
			}
			if sev["deepseek-v3/year"] != "contradicted/error" {
				t.Errorf("deepseek-v3/year = %q, want contradicted/error (arXiv needs no setting)", sev["deepseek-v3/year"])
			}
		})
	}
}

// Settings compared by value: what is and is not a settings change, and
// what it does to the exit code.
func TestGateSettingsScenarios(t *testing.T) {
	t.Parallel()
	fixture := readGateFixture(t)
	wrong, _ := editLine(t, fixture, "deepseek-v3", `value: "2024"`, `value: 2025-01`)
	right, _ := editLine(t, fixture, "deepseek-v3", `value: "2024"`, `value: 2024-12`)
	reordered := func(s string) string {
		return strings.Replace(s, "hosts:\n  - export.arxiv.org\n  - arxiv.org\n  - huggingface.co\n",
			"# reordered, one line\nhosts: [huggingface.co, \"arxiv.org\", export.arxiv.org]\n", 1)
	}
	for _, tc := range []struct {
		name     string
		head     string
		extra    []string
		code     int
		settings int // gate.settings errors
		want     []string
	}{
		{name: "hosts reordered and restyled is no change", head: reordered(right), code: ExitOK},
		{name: "name and as_of are not settings", head: strings.Replace(strings.Replace(right, "name: Gate scenario guide", "name: Renamed guide", 1), "as_of: 2026-05-10", "as_of: 2026-11-01", 1), code: ExitOK},
		{name: "only a host removed", head: strings.Replace(fixture, "  - huggingface.co\n", "", 1), code: ExitFindings, settings: 1,
			want: []string{`catalog-wide setting "hosts" changed`, "1 catalog-wide setting changed"}},
		{name: "a new top-level setting", head: strings.Replace(right, "entries:\n", "checklist: [official-org]\nentries:\n", 1), code: ExitFindings, settings: 1},
		{name: "an unknown top-level key", head: strings.Replace(right, "entries:\n", "checklistt: [official-org]\nentries:\n", 1), code: ExitUsage,
			want: []string{`unknown field "checklistt"`}}, // the loader refuses unknown keys; see TestDiffSettings for the generic rule
		{name: "a setting and a wrong claim both count", head: withOrg(wrong), code: ExitFindings, settings: 1,
			want: []string{"1 catalog-wide setting changed: a maintainer must land it on its own (audit, then merge); 1 new or changed claim not verified"}},
		{name: "--fail-on none reports the error and exits 0", head: withOrg(right), extra: []string{"--fail-on", "none"}, code: ExitOK, settings: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := gateRepo(t, map[string]string{"guide.yaml": fixture})
			writeFile(t, filepath.Join(dir, "guide.yaml"), tc.head)
			r := runGateIn(t, dir, "guide.yaml", true, tc.extra...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
			}
			n := 0
			for _, e := range errorsOf(r) {
				if strings.Contains(e, "title=gate.settings::") {
					n++
				}
			}
			if n != tc.settings {
				t.Errorf("%d gate.settings errors, want %d\n%s", n, tc.settings, r.stdout)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout+r.stderr, w) {
					t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", w, r.stdout, r.stderr)
				}
			}
		})
	}
}
