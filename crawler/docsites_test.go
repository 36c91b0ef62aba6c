package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// acmeCatalog declares a docs site that is nobody's default, with a path
// prefix and page roles.
func acmeCatalog(t *testing.T, sites string) *catalog.Catalog {
	t.Helper()
	in := `name: acme
as_of: 2026-05-10
hosts: [docs.acme.example, blog.acme.example]
docs_sites:
` + sites + `
sources:
  docs: [changelog]
entries:
  - id: m
    kind: model
    name: M
    sources:
      docs: [news/launch, models/overview]
`
	cat, err := catalog.Parse("acme.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

const acmeOneSite = `  - base: https://docs.acme.example/v2
    release_notes: ["news/*"]
    models: [models/overview]
    changelog: [changelog]`

func TestPlanResolvesDocsAgainstTheCatalogsSite(t *testing.T) {
	t.Parallel()
	var got []string
	for _, r := range Plan(acmeCatalog(t, acmeOneSite), PlanOptions{}) {
		got = append(got, fmt.Sprintf("%s %s %s role=%s", r.Kind, r.Key, r.URL, r.Role))
	}
	want := []string{
		"docs-page changelog https://docs.acme.example/v2/changelog role=changelog",
		"docs-page models/overview https://docs.acme.example/v2/models/overview role=models",
		"docs-page news/launch https://docs.acme.example/v2/news/launch role=release_notes",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("plan:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, r := range Plan(acmeCatalog(t, acmeOneSite), PlanOptions{}) {
		if strings.Contains(r.URL, "deepseek") {
			t.Errorf("a vendor default leaked into the plan: %s", r.URL)
		}
	}
}

func TestPlanSiteQualifiedSlugs(t *testing.T) {
	t.Parallel()
	cat := acmeCatalog(t, "  - {name: api, base: https://docs.acme.example}\n  - {name: blog, base: https://blog.acme.example, release_notes: ['**']}")
	cat.Entries[0].Sources.Docs = append(cat.Entries[0].Sources.Docs, catalog.DocsRef{Site: "blog", Slug: "2025/launch"})
	var got []string
	for _, r := range Plan(cat, PlanOptions{}) {
		got = append(got, r.Key+" "+r.URL)
	}
	want := "blog:2025/launch https://blog.acme.example/2025/launch"
	found := false
	for _, g := range got {
		found = found || g == want
	}
	if !found {
		t.Fatalf("plan %q lacks %q", got, want)
	}
}

// TestDocsOverrideOneSite: --docs-url replaces the base of the catalog's
// only docs site on the wire; records keep the canonical URL.
func TestDocsOverrideOneSite(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<html><body><h1>%s</h1></body></html>", r.URL.Path)
	})
	cat := acmeCatalog(t, acmeOneSite)
	ep := Endpoints{Docs: srv.URL + "/mirror", DocsSites: DocsBases(cat)}
	if err := ep.Normalize(); err != nil {
		t.Fatal(err)
	}
	c := newTestCrawler(t, Config{Endpoints: ep, AllowHosts: cat.Hosts, IgnoreRobots: true})
	recs := mustFetch(t, c, Plan(cat, PlanOptions{}))
	allOK(t, recs)
	for _, r := range recs {
		if !strings.HasPrefix(r.URL, "https://docs.acme.example/v2/") || !strings.HasPrefix(r.FinalURL, "https://docs.acme.example/v2/") {
			t.Errorf("record cites %s (final %s), want the catalog's base", r.URL, r.FinalURL)
		}
	}
	var paths []string
	for _, h := range srv.requests() {
		paths = append(paths, h.url)
	}
	for _, want := range []string{"/mirror/changelog", "/mirror/news/launch", "/mirror/models/overview"} {
		if srv.count(want) != 1 {
			t.Errorf("override: %s asked %d times (requests %v)", want, srv.count(want), paths)
		}
	}
}

// TestDocsOverrideSeveralSitesIsAmbiguous: with two docs sites the override
// would have to guess; it is refused as a usage error.
func TestDocsOverrideSeveralSitesIsAmbiguous(t *testing.T) {
	t.Parallel()
	cat := acmeCatalog(t, "  - {name: api, base: https://docs.acme.example}\n  - {name: blog, base: https://blog.acme.example}")
	ep := Endpoints{Docs: "http://127.0.0.1:1", DocsSites: DocsBases(cat)}
	if err := ep.Normalize(); !errors.Is(err, ErrAmbiguousDocsOverride) {
		t.Fatalf("Normalize: %v, want ErrAmbiguousDocsOverride", err)
	}
	if _, err := New(Config{Endpoints: ep, AllowHosts: cat.Hosts}); !errors.Is(err, ErrAmbiguousDocsOverride) {
		t.Fatalf("New: %v, want ErrAmbiguousDocsOverride", err)
	}
	// Without the override, several sites are fine and map to themselves.
	ep.Docs = ""
	if err := ep.Normalize(); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"https://docs.acme.example/x", "https://blog.acme.example/y"} {
		if got := ep.ActualURL(record.SourceDocs, u); got != u {
			t.Errorf("ActualURL(%s) = %s", u, got)
		}
	}
}

// TestDocsSiteIsNotATrustedEndpoint: a catalog's docs site is catalog data;
// unlike an endpoint chosen by whoever runs claimcheck, it is allowed only
// through the catalog's hosts.
func TestDocsSiteIsNotATrustedEndpoint(t *testing.T) {
	t.Parallel()
	ep := Endpoints{DocsSites: []string{"https://docs.acme.example"}}
	for _, e := range reflectEndpoints(ep) {
		if strings.Contains(e, "acme") {
			t.Fatalf("docs site %s among the trusted endpoints", e)
		}
	}
	c := newTestCrawler(t, Config{Endpoints: ep, AllowHosts: []string{"github.com"}, Transport: refuseAll{}})
	recs, err := c.Fetch(context.Background(), []record.Resource{{Source: record.SourceDocs, Kind: record.KindDocsPage, Key: "x", URL: "https://docs.acme.example/x"}})
	if err != nil {
		t.Fatal(err)
	}
	if recs[0].Err == nil || recs[0].Err.Kind != record.ErrBlocked {
		t.Fatalf("docs host outside hosts: %+v, want blocked-by-policy", recs[0].Err)
	}
}

// refuseAll is a transport that must never be reached.
type refuseAll struct{}

func (refuseAll) RoundTrip(r *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("unexpected request to %s", r.URL)
}
