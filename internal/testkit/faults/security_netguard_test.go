package faults

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Issue 9, item 2 and the redirect part of item 6: nothing a catalog gives
// leaves its endpoint, and the dialler reaches only globally reachable
// addresses. Every test here sends traffic to loopback httptest servers
// only; address checks are pure-function checks.

// ngIDCatalog is a one-entry catalog citing one id of kind; the id is on line 12.
const ngIDCatalog = `name: hostile
as_of: 2026-05-10
organisations:
  github: [deepseek-ai]
  huggingface: [deepseek-ai]
hosts: [www.nature.com]
entries:
  - id: e1
    kind: paper
    name: Example
    sources:
      %s: [%s]
    claims:
      - id: year
        type: date
        field: year
        value: "2024"
`

// ngTraversals are, per source kind, an id that would climb out of its
// endpoint's path if pasted into the URL.
var ngTraversals = map[string]string{
	"doi":         "10.1038/../../../admin/secret",
	"docs":        "news/../../admin/secret",
	"github":      "deepseek-ai/..",
	"huggingface": "deepseek-ai/../../admin",
	"arxiv":       "2412.19437/../../admin",
}

// TestNetguardTraversalIDsRefusedAtLint: `claimcheck catalog lint` refuses
// a traversal id of every kind, exit 2, at the id's line and field.
func TestNetguardTraversalIDsRefusedAtLint(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	n := 0
	for kind, id := range ngTraversals {
		for _, spelled := range []string{id, strings.ReplaceAll(id, "..", "%2e%2e"), strings.ReplaceAll(id, "/", `\`)} {
			n++
			path := filepath.Join(dir, kind+strconv.Itoa(n)+".yaml")
			if err := os.WriteFile(path, []byte(fmt.Sprintf(ngIDCatalog, kind, strconv.Quote(spelled))), 0o644); err != nil {
				t.Fatal(err)
			}
			r := runCLI(t, func(string) string { return "" }, runLimit, "catalog", "lint", path)
			want := fmt.Sprintf("%s:12:", path)
			field := fmt.Sprintf("entries[0].sources.%s[0]:", kind)
			if r.code != 2 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, field) {
				t.Errorf("%s %q: exit %d, stderr %q; want exit 2 with %s … %s", kind, spelled, r.code, r.stderr, want, field)
			}
		}
	}
}

// TestNetguardHTTPCatalogURLRefusedAtLint: a catalog URL over plain http is
// a lint error at its line.
func TestNetguardHTTPCatalogURLRefusedAtLint(t *testing.T) {
	t.Parallel()
	_, err := catalog.Parse("hostile.yaml", []byte(fmt.Sprintf(miniCatalog, "www.nature.com", "http://www.nature.com/articles/x")))
	if err == nil || !strings.Contains(err.Error(), "hostile.yaml:11:") || !strings.Contains(err.Error(), "must use https") {
		t.Fatalf("http catalog URL: %v", err)
	}
}

// ngMirror is a loopback server standing in for every endpoint, each
// under its own path prefix; it records every path asked for.
type ngMirror struct {
	srv   *httptest.Server
	mu    sync.Mutex
	paths []string
}

func newNGMirror(t *testing.T) *ngMirror {
	m := &ngMirror{}
	m.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.paths = append(m.paths, r.URL.EscapedPath())
		m.mu.Unlock()
		fmt.Fprint(w, "{}")
	}))
	t.Cleanup(m.srv.Close)
	return m
}

func (m *ngMirror) seen() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.paths...)
}

// TestNetguardURLBuilderRefusesTraversal: a catalog built in code (the
// loader's checks bypassed) citing a traversal id of every kind gets each
// refused by the URL builder; the mirror behind the endpoints (Crossref at
// /prefix/crossref, …) sees no request outside its prefixes and none for
// the hostile ids at all.
func TestNetguardURLBuilderRefusesTraversal(t *testing.T) {
	t.Parallel()
	m := newNGMirror(t)
	mu, _ := url.Parse(m.srv.URL)
	e := catalog.Entry{ID: "e1", Kind: catalog.KindPaper, Name: "x", Sources: catalog.Sources{
		DOI:         []catalog.DOIRef{{DOI: ngTraversals["doi"]}, {DOI: "10.1038/%2e%2e/%2e%2e/admin"}},
		Docs:        []catalog.DocsRef{{Slug: ngTraversals["docs"]}},
		GitHub:      []catalog.RepoRef{{Owner: "deepseek-ai", Repo: ".."}},
		HuggingFace: []catalog.HFRef{{ID: ngTraversals["huggingface"]}},
		ArXiv:       []catalog.ArXivRef{{ID: ngTraversals["arxiv"], Version: 1}},
	}, Claims: []catalog.Claim{{ID: "year", Type: catalog.TypeDate, Field: catalog.FieldYear, Value: "2024"}}}
	cat := &catalog.Catalog{Name: "crafted", Path: "crafted", Entries: []catalog.Entry{e},
		DocsSites: []catalog.DocsSite{{Base: "https://docs.acme.example"}}}
	ep := crawler.Endpoints{
		ArXivAPI: m.srv.URL + "/prefix/arxiv-api", ArXiv: m.srv.URL + "/prefix/arxiv",
		GitHub: m.srv.URL + "/prefix/github", HF: m.srv.URL + "/prefix/hf",
		Docs: m.srv.URL + "/prefix/docs", Crossref: m.srv.URL + "/prefix/crossref",
	}
	c, err := crawler.New(crawler.Config{Endpoints: ep, Transport: newSpy(mu.Host), IgnoreRobots: true,
		Policies: crawler.DefaultPolicies().Scale(0.01)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	plan := crawler.Plan(cat, crawler.PlanOptions{})
	kinds := map[record.Kind]bool{}
	for _, r := range plan {
		kinds[r.Kind] = true
		if _, err := crawler.BuildURL(r); err == nil {
			t.Errorf("%s %q: the URL builder accepted it", r.Kind, r.Key)
		}
	}
	for _, k := range []record.Kind{record.KindCrossrefWork, record.KindDocsPage, record.KindGitHubRepo, record.KindHFModel, record.KindArXivAbs} {
		if !kinds[k] {
			t.Errorf("no %s planned: the test does not cover it", k)
		}
	}
	recs, err := c.Fetch(context.Background(), plan)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Err == nil || r.Err.Kind != record.ErrBlocked || !strings.Contains(r.Err.Message, "refusing to build a URL") {
			t.Errorf("%s %q: %v, want refused by the URL builder", r.Resource.Kind, r.Resource.Key, r.Err)
		}
	}
	if got := m.seen(); len(got) != 0 {
		t.Errorf("the mirror was asked for %v", got)
	}
}

// TestNetguardRedirectAcrossEndpointsRefused: two loopback servers are the
// GitHub and Crossref endpoints. A GitHub repository answering with a
// redirect to the Crossref endpoint (or out of GitHub's path prefix) is
// refused, so that page is never counted as GitHub's; the Crossref server
// sees nothing.
func TestNetguardRedirectAcrossEndpointsRefused(t *testing.T) {
	t.Parallel()
	crossref, hits := countingServer(t)
	gh := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gh/repos/deepseek-ai/a":
			http.Redirect(w, r, crossref.URL+"/works/10.1038/x", http.StatusFound)
		case "/gh/repos/deepseek-ai/b":
			http.Redirect(w, r, "/elsewhere/repos/deepseek-ai/b", http.StatusFound)
		default:
			fmt.Fprint(w, `{"full_name":"deepseek-ai/ok"}`)
		}
	}))
	defer gh.Close()
	gu, _ := url.Parse(gh.URL)
	cu, _ := url.Parse(crossref.URL)
	spy := newSpy(gu.Host, cu.Host)
	ep := crawler.DefaultEndpoints()
	ep.GitHub, ep.Crossref = gh.URL+"/gh", crossref.URL
	c, err := crawler.New(crawler.Config{Endpoints: ep, Transport: spy, Policies: crawler.DefaultPolicies().Scale(0.01)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var res []record.Resource
	for _, name := range []string{"a", "b", "ok"} {
		r := record.Resource{Source: record.SourceGitHub, Kind: record.KindGitHubRepo, Key: "deepseek-ai/" + name}
		if r.URL, err = crawler.BuildURL(r); err != nil {
			t.Fatal(err)
		}
		res = append(res, r)
	}
	recs, err := c.Fetch(context.Background(), res)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[:2] {
		if r.Err == nil || r.Err.Kind != record.ErrBlocked || !strings.Contains(r.Err.Message, "leaves the github endpoint") {
			t.Errorf("%s: %v, want the redirect refused", r.URL, r.Err)
		}
	}
	if recs[2].Err != nil {
		t.Errorf("the control repository failed: %v", recs[2].Err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the Crossref endpoint saw %d requests", n)
	}
	for _, u := range spy.requests() {
		if !strings.HasPrefix(u, gh.URL+"/gh/") {
			t.Errorf("request outside the GitHub endpoint: %s", u)
		}
	}
}

// TestNetguardDialGuardRanges: the connect-time check refuses one address
// of every special-purpose range that is not globally reachable (pure
// function: nothing is dialled) and accepts global addresses.
func TestNetguardDialGuardRanges(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"0.0.0.0", "0.1.2.3", "10.0.0.1", "100.64.0.1", "100.100.100.200", "127.0.0.1", "169.254.169.254",
		"172.16.0.1", "192.0.0.1", "192.0.0.8", "192.0.0.170", "192.0.2.1", "192.88.99.1", "192.168.0.1",
		"198.18.0.1", "198.51.100.1", "203.0.113.1", "240.0.0.1", "255.255.255.255", "224.0.0.1",
		"::", "::1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:1", "100::1",
		"2001::1", "2001:2::1", "2001:10::1", "2001:db8::1", "2002:a9fe:a9fe::1", "3fff::1", "5f00::1",
		"fc00::1", "fd00::1", "fe80::1", "fec0::1", "ff02::1",
	} {
		if v := crawler.JudgeAddr(netip.MustParseAddr(s)); !v.Blocked {
			t.Errorf("%s: accepted by the dial guard", s)
		}
	}
	for _, s := range []string{"140.82.112.3", "8.8.8.8", "2606:4700::1", "64:ff9b::808:808", "::ffff:8.8.8.8"} {
		if v := crawler.JudgeAddr(netip.MustParseAddr(s)); v.Blocked {
			t.Errorf("%s: refused (%s)", s, v.Reason)
		}
	}
}
