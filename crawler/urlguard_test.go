package crawler

import (
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// traversalResources are ids of every kind that would leave the endpoint's path.
var traversalResources = []record.Resource{
	{Source: record.SourceCrossref, Kind: record.KindCrossrefWork, Key: "10.1038/../../../admin/secret"},
	{Source: record.SourceCrossref, Kind: record.KindCrossrefWork, Key: "10.1038/%2e%2e/%2e%2e/admin"},
	{Source: record.SourceCrossref, Kind: record.KindCrossrefWork, Key: `10.1038/..\..\admin`},
	{Source: record.SourceCrossref, Kind: record.KindCrossrefWork, Key: "10.1038/x?rows=1000"},
	{Source: record.SourceDocs, Kind: record.KindDocsPage, Key: "news/../../admin"},
	{Source: record.SourceDocs, Kind: record.KindDocsPage, Key: "%2e%2e/admin"},
	{Source: record.SourceGitHub, Kind: record.KindGitHubRepo, Key: "deepseek-ai/.."},
	{Source: record.SourceGitHub, Kind: record.KindGitHubReadme, Key: "../../admin"},
	{Source: record.SourceGitHub, Kind: record.KindGitHubReleases, Key: "deepseek-ai/x/../../../admin"},
	{Source: record.SourceHF, Kind: record.KindHFModel, Key: "deepseek-ai/../../admin"},
	{Source: record.SourceHF, Kind: record.KindHFReadme, Key: "../x"},
	{Source: record.SourceHF, Kind: record.KindHFConfig, Key: "deepseek-ai/x%2f.."},
	{Source: record.SourceHF, Kind: record.KindHFAuthorModels, Key: "deepseek-ai&limit=1"},
	{Source: record.SourceArXiv, Kind: record.KindArXivAbs, Key: "2412.19437/../../admin"},
	{Source: record.SourceArXiv, Kind: record.KindArXivQuery, Key: "x", IDs: []string{"2412.19437&start=9"}},
}

func TestBuildURLRefusesTraversalOfEveryKind(t *testing.T) {
	t.Parallel()
	kinds := map[record.Kind]bool{}
	for _, r := range traversalResources {
		kinds[r.Kind] = true
		u, err := BuildURL(r)
		if err == nil {
			t.Errorf("%s %q: built %s", r.Kind, r.Key, u)
			continue
		}
		if !strings.Contains(err.Error(), "refusing to build a URL") {
			t.Errorf("%s %q: unclear error %v", r.Kind, r.Key, err)
		}
	}
	if len(kinds) < 11 {
		t.Errorf("only %d kinds covered", len(kinds))
	}
}

func TestBuildURLEscapesBySegment(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		r    record.Resource
		want string
	}{
		{record.Resource{Source: record.SourceCrossref, Kind: record.KindCrossrefWork, Key: "10.1002/(SICI)1097-4636(199605)30:1<47::AID-JBM6>3.0.CO;2-J"},
			"https://api.crossref.org/works/10.1002/%28SICI%291097-4636%28199605%2930:1%3C47::AID-JBM6%3E3.0.CO%3B2-J"},
		{record.Resource{Source: record.SourceCrossref, Kind: record.KindCrossrefWork, Key: "10.1038/s41586-025-09422-z"},
			"https://api.crossref.org/works/10.1038/s41586-025-09422-z"},
		{record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivAbs, Key: "hep-ex/0406020"}, "https://arxiv.org/abs/hep-ex/0406020"},
		{record.Resource{Source: record.SourceGitHub, Kind: record.KindGitHubReleases, Key: "deepseek-ai/DeepSeek-V3"},
			"https://api.github.com/repos/deepseek-ai/DeepSeek-V3/releases?per_page=100"},
		{record.Resource{Source: record.SourceHF, Kind: record.KindHFConfig, Key: "deepseek-ai/DeepSeek-V3"},
			"https://huggingface.co/deepseek-ai/DeepSeek-V3/resolve/main/config.json"},
		{record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivQuery, Key: "2412.19437", IDs: []string{"2412.19437"}},
			"https://export.arxiv.org/api/query?id_list=2412.19437&max_results=1"},
	} {
		got, err := BuildURL(c.r)
		if err != nil || got != c.want {
			t.Errorf("%s %q: %s, %v; want %s", c.r.Kind, c.r.Key, got, err, c.want)
		}
	}
}

// TestPlanLeavesHostileIDsUnbuilt: a catalog built in code (the loader
// bypassed) plans hostile ids with no URL, and the crawler refuses each with
// the builder's reason; a Crossref mirror under /prefix/crossref sees only
// the valid DOI, under its prefix.
func TestPlanLeavesHostileIDsUnbuilt(t *testing.T) {
	t.Parallel()
	mirror := newServer(t, okHandler(`{"message":{}}`))
	cat := &catalog.Catalog{Name: "crafted", DocsSites: []catalog.DocsSite{{Base: "https://docs.acme.example"}}, Entries: []catalog.Entry{{ID: "e", Kind: catalog.KindPaper, Sources: catalog.Sources{
		DOI:         []catalog.DOIRef{{DOI: "10.1038/../../../admin/secret"}, {DOI: "10.1038/ok"}},
		Docs:        []catalog.DocsRef{{Slug: "news/../../admin"}},
		GitHub:      []catalog.RepoRef{{Owner: "deepseek-ai", Repo: ".."}},
		HuggingFace: []catalog.HFRef{{ID: "deepseek-ai/../../admin"}},
		ArXiv:       []catalog.ArXivRef{{ID: "2412.19437/../../admin", Version: 1}, {ID: "2412.19437"}},
	}}}}
	plan := Plan(cat, PlanOptions{})
	unbuilt := 0
	for _, r := range plan {
		if r.URL == "" {
			unbuilt++
		} else if strings.Contains(r.URL, "..") {
			t.Errorf("planned a traversal URL: %s", r.URL)
		}
	}
	// DOI, docs, repo + readme, 3 HF kinds, arXiv abs + query of the bad id.
	if unbuilt != 9 {
		t.Errorf("%d resources unbuilt, want 9: %+v", unbuilt, plan)
	}
	ep := DefaultEndpoints()
	ep.Crossref = mirror.URL + "/prefix/crossref"
	c := newTestCrawler(t, Config{Endpoints: ep, IgnoreRobots: true})
	var crossref []record.Resource
	for _, r := range plan {
		if r.Source == record.SourceCrossref {
			crossref = append(crossref, r)
		}
	}
	recs := mustFetch(t, c, crossref)
	for _, r := range recs {
		switch r.Resource.Key {
		case "10.1038/ok":
			if r.Err != nil {
				t.Errorf("valid DOI: %v", r.Err)
			}
		default:
			if errKind(r) != record.ErrBlocked || !strings.Contains(r.Err.Message, "path traversal") {
				t.Errorf("%s: %v, want blocked-by-policy naming the traversal", r.Resource.Key, r.Err)
			}
		}
	}
	for _, h := range mirror.requests() {
		if h.url != "/prefix/crossref/works/10.1038/ok" {
			t.Errorf("the mirror got %s", h.url)
		}
	}
	if mirror.count("") != 1 {
		t.Errorf("the mirror saw %d requests, want 1", mirror.count(""))
	}
}

// TestRequestsStayUnderTheirEndpoint: a resource whose URL was crafted
// (bypassing BuildURL) is refused before sending when its actual URL would
// leave the endpoint's path prefix.
func TestRequestsStayUnderTheirEndpoint(t *testing.T) {
	t.Parallel()
	mirror := newServer(t, okHandler("secret"))
	ep := DefaultEndpoints()
	ep.Crossref = mirror.URL + "/prefix/crossref"
	// The network stand-in forwards to the mirror only: a regression sends
	// nothing off loopback, not even a DNS query.
	c := newTestCrawler(t, Config{Endpoints: ep, IgnoreRobots: true, AllowHosts: []string{"evil.example"},
		Transport: scopeTestTransport{mirror.hostPort(): true}})
	work := func(u string) record.Resource {
		return res(record.SourceCrossref, record.KindCrossrefWork, "k"+u, u)
	}
	in := []record.Resource{
		work("https://api.crossref.org/works/10.1038/../../../admin/secret"),
		work("https://api.crossref.org/works/10.1038/%2e%2e/%2e%2e/%2e%2e/admin/secret"),
		work("https://api.crossref.org/works/10.1038/%252e%252e/x"),
		work("https://api.crossref.org/works/10.1038/..%2f..%2fadmin"),
		work("https://api.crossref.org/works/10.1038/..%5c..%5cadmin"),
		work("https://api.crossref.org-admin/works/x"),
		work("https://evil.example/works/x"), // allow-listed, but not the Crossref endpoint
	}
	recs := mustFetch(t, c, in)
	for _, r := range recs {
		if errKind(r) != record.ErrBlocked {
			t.Errorf("%s: %v, want blocked-by-policy", r.URL, r.Err)
		}
	}
	if n := mirror.count(""); n != 0 {
		t.Errorf("the mirror saw %d requests: %v", n, mirror.requests())
	}
}

// scopeTestTransport forwards requests to the listed host:ports and refuses the rest.
type scopeTestTransport map[string]bool

func (l scopeTestTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !l[req.URL.Host] {
		return nil, fmt.Errorf("test transport: %s is not a test server", req.URL.Host)
	}
	return http.DefaultTransport.RoundTrip(req)
}

func TestCheckScope(t *testing.T) {
	t.Parallel()
	ep := DefaultEndpoints()
	ep.Crossref = "http://127.0.0.1:8080/prefix/crossref"
	ep.GitHub = "http://127.0.0.1:9090"
	for _, c := range []struct {
		src record.Source
		u   string
		ok  bool
	}{
		{record.SourceCrossref, "http://127.0.0.1:8080/prefix/crossref/works/10.1038/x", true},
		{record.SourceCrossref, "http://127.0.0.1:8080/prefix/crossref", true},
		{record.SourceCrossref, "http://127.0.0.1:8080/prefix/crossref-admin/x", false},
		{record.SourceCrossref, "http://127.0.0.1:8080/prefix/admin/secret", false},
		{record.SourceCrossref, "http://127.0.0.1:8080/prefix/crossref/works/../../admin", false},
		{record.SourceCrossref, "http://127.0.0.1:8080/prefix/crossref/works/%2E%2E/x", false},
		{record.SourceCrossref, "https://127.0.0.1:8080/prefix/crossref/works/x", false}, // scheme
		{record.SourceCrossref, "http://127.0.0.1:8081/prefix/crossref/works/x", false},  // port
		{record.SourceCrossref, "http://127.0.0.2:8080/prefix/crossref/works/x", false},  // host
		{record.SourceCrossref, "http://127.0.0.1:9090/works/x", false},                  // GitHub's endpoint
		{record.SourceGitHub, "http://127.0.0.1:9090/repos/a/b?x=1", true},
		{record.SourceGitHub, "http://127.0.0.1:8080/prefix/crossref/works/x", false},
		{record.SourceArXiv, "https://arxiv.org/abs/2412.19437", true},
		{record.SourceArXiv, "https://export.arxiv.org/api/query?id_list=1", true},
		{record.SourceArXiv, "https://arxiv.org.evil/abs/1", false},
		{record.SourceVenue, "https://www.nature.com/../x", true}, // venues have no endpoint
	} {
		u, err := url.Parse(c.u)
		if err != nil {
			t.Fatal(err)
		}
		err = ep.CheckScope(c.src, u)
		if (err == nil) != c.ok {
			t.Errorf("%s %s: %v, want ok=%v", c.src, c.u, err, c.ok)
		}
	}
}

// TestRedirectAcrossEndpointsRefused: two loopback servers are the GitHub
// and Hugging Face endpoints. A GitHub answer redirecting into the Hugging
// Face endpoint, or out of GitHub's path prefix, is refused (its page is
// never counted as GitHub's); a redirect inside the prefix is followed. A
// venue page may not be redirected into an endpoint either.
func TestRedirectAcrossEndpointsRefused(t *testing.T) {
	t.Parallel()
	hf := newServer(t, okHandler(`{"id":"deepseek-ai/x"}`))
	var ghURL string
	gh := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gh/repos/a/to-hf":
			http.Redirect(w, r, hf.URL+"/api/models/deepseek-ai/x", http.StatusFound)
		case "/gh/repos/a/out-of-prefix":
			http.Redirect(w, r, "/admin/secret", http.StatusFound)
		case "/gh/repos/a/dotdot":
			http.Redirect(w, r, ghURL+"/gh/repos/a/%2e%2e/%2e%2e/%2e%2e/admin", http.StatusFound)
		case "/gh/repos/a/moved":
			http.Redirect(w, r, "/gh/repositories/42", http.StatusMovedPermanently)
		case "/admin/secret":
			fmt.Fprint(w, "secret")
		default:
			fmt.Fprint(w, `{"full_name":"a/b"}`)
		}
	})
	ghURL = gh.URL
	venue := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-hf":
			http.Redirect(w, r, hf.URL+"/api/models/deepseek-ai/x", http.StatusFound)
		case "/moved":
			http.Redirect(w, r, "/landing", http.StatusFound)
		default:
			fmt.Fprint(w, "<html>venue</html>")
		}
	})
	ep := DefaultEndpoints()
	ep.GitHub, ep.HF = gh.URL+"/gh", hf.URL
	c := newTestCrawler(t, Config{Endpoints: ep, TrustedHosts: []string{venue.hostPort()}, IgnoreRobots: true})
	in := []record.Resource{
		repo("a/to-hf"), repo("a/out-of-prefix"), repo("a/dotdot"), repo("a/moved"),
		venuePage(venue.URL + "/to-hf"), venuePage(venue.URL + "/moved"),
	}
	recs := mustFetch(t, c, in)
	for _, r := range recs[:3] {
		if errKind(r) != record.ErrBlocked || !strings.Contains(r.Err.Message, "redirect refused") {
			t.Errorf("%s: %v, want a refused redirect", r.URL, r.Err)
		}
	}
	if recs[3].Err != nil || recs[3].FinalURL != "https://api.github.com/repositories/42" {
		t.Errorf("redirect inside the endpoint: %v, final %s", recs[3].Err, recs[3].FinalURL)
	}
	if errKind(recs[4]) != record.ErrBlocked || !strings.Contains(recs[4].Err.Message, "huggingface endpoint") {
		t.Errorf("venue into the HF endpoint: %v", recs[4].Err)
	}
	if recs[5].Err != nil {
		t.Errorf("venue redirect on its own host: %v", recs[5].Err)
	}
	if n := hf.count(""); n != 0 {
		t.Errorf("the Hugging Face endpoint saw %d requests", n)
	}
	if n := gh.count("/admin/secret"); n != 0 {
		t.Errorf("out-of-prefix path fetched %d times", n)
	}
	for _, h := range gh.requests() {
		if strings.Contains(h.url, "admin") {
			t.Errorf("GitHub endpoint got %s", h.url)
		}
	}
}

// FuzzCheckScope: whatever path CheckScope lets through for an endpoint
// with a path prefix stays under that prefix once decoded and cleaned the
// way a server would (percent-decoding, backslashes as slashes, dot
// segments resolved).
func FuzzCheckScope(f *testing.F) {
	for _, s := range []string{"works/10.1038/x", "works/../../admin", "%2e%2e/x", "works/%252e%252e/x", `..\..\x`, "works/..%2f..%2fx", "", "/"} {
		f.Add(s)
	}
	ep := DefaultEndpoints()
	ep.Crossref = "http://127.0.0.1:8080/prefix/crossref"
	f.Fuzz(func(t *testing.T, rest string) {
		u, err := url.Parse(ep.Crossref + "/" + rest)
		if err != nil || ep.CheckScope(record.SourceCrossref, u) != nil {
			return
		}
		p := u.EscapedPath()
		for range 4 {
			d, err := url.PathUnescape(p)
			if err != nil {
				break
			}
			p = d
		}
		p = path.Clean("/" + strings.ReplaceAll(p, `\`, "/"))
		if p != "/prefix/crossref" && !strings.HasPrefix(p, "/prefix/crossref/") {
			t.Fatalf("%q passed the scope check but reaches %s", u.String(), p)
		}
	})
}

// TestEndpointPrefixMustBeClean: an endpoint's path prefix is the scope of
// every request to it, so it may not hold a dot segment itself.
func TestEndpointPrefixMustBeClean(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"https://mirror.test/a/../b", "https://mirror.test/%2e%2e/b", "https://mirror.test/a/./b"} {
		e := Endpoints{Crossref: bad}
		if err := e.Normalize(); err == nil || !strings.Contains(err.Error(), "dot segment") {
			t.Errorf("%s: %v, want refused", bad, err)
		}
	}
	e := Endpoints{Crossref: "https://mirror.test/prefix/crossref/"}
	if err := e.Normalize(); err != nil || e.Crossref != "https://mirror.test/prefix/crossref" {
		t.Errorf("clean prefix: %v, %s", err, e.Crossref)
	}
}

// TestBuildURLHasNoDocsEndpoint: a docs page resolves against the catalog's
// own docs site (the planner builds it); the builder refuses to invent one.
func TestBuildURLHasNoDocsEndpoint(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"news/news1226", "api:quick_start/pricing"} {
		if u, err := BuildURL(record.Resource{Source: record.SourceDocs, Kind: record.KindDocsPage, Key: key}); err == nil || u != "" {
			t.Errorf("%q: %q, %v; want an error and no URL", key, u, err)
		}
	}
	cat := &catalog.Catalog{Name: "c", DocsSites: []catalog.DocsSite{{Base: "https://docs.acme.example/v2"}},
		Entries: []catalog.Entry{{ID: "e", Kind: catalog.KindAPI, Sources: catalog.Sources{Docs: []catalog.DocsRef{{Slug: "models/list"}}}}}}
	for _, r := range Plan(cat, PlanOptions{}) {
		if r.Kind == record.KindDocsPage && r.URL != "https://docs.acme.example/v2/models/list" {
			t.Errorf("docs page planned at %q, want it under the catalog's site", r.URL)
		}
	}
}
