package crawler

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// needsCatalog uses every kind of source once; hosts is inserted as given
// ("" = no hosts key).
func needsCatalog(t *testing.T, hosts string) *catalog.Catalog {
	t.Helper()
	in := `name: acme
as_of: 2026-05-10
organisations:
  github: [acme]
  huggingface: [acme]
` + hosts + `
docs_sites:
  - base: https://docs.acme.example
discovery:
  arxiv: ["au:Acme"]
entries:
  - id: paper
    kind: paper
    name: P
    sources:
      arxiv: [2501.00001]
      doi: [10.1000/xyz]
    claims:
      - {id: moe, type: phrase, field: phrase, value: mixture of experts}
  - id: model
    kind: model
    name: M
    sources:
      github: [acme/m]
      huggingface: [acme/m]
      docs: [news/m]
  - id: venue
    kind: paper
    name: V
    sources:
      urls: [https://papers.example.org/v.html]
`
	cat, err := catalog.Parse("acme.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

const needsHosts = `hosts: [export.arxiv.org, arxiv.org, api.github.com, huggingface.co, api.crossref.org, docs.acme.example, papers.example.org]`

func TestHostNeedsComeFromThePlan(t *testing.T) {
	t.Parallel()
	var got []string
	for _, n := range HostNeeds(needsCatalog(t, needsHosts)) {
		got = append(got, fmt.Sprintf("%s %s %s", n.Host, n.Source, n.By))
	}
	want := []string{
		"export.arxiv.org arxiv entry paper",
		"api.crossref.org crossref entry paper",
		"arxiv.org arxiv entry paper", // the full text a later round may read
		"api.github.com github entry model",
		"huggingface.co huggingface entry model",
		"docs.acme.example docs entry model",
		"papers.example.org venue entry venue",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("needs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Every host of every planned resource is a need: the two cannot drift.
	cat := needsCatalog(t, needsHosts)
	needed := map[string]bool{}
	for _, n := range HostNeeds(cat) {
		needed[n.Host] = true
	}
	for _, r := range append(Plan(cat, PlanOptions{}), PlanFullText(cat.Entries[0].Sources.ArXiv)...) {
		if h := resourceHost(r); h != "" && !needed[h] {
			t.Errorf("planned %s on %s, which HostNeeds leaves out", r.URL, h)
		}
	}
}

// Full texts are read only for entries with a phrase claim: without one,
// arXiv's pages are not a need.
func TestHostNeedsFullTextOnlyForPhraseClaims(t *testing.T) {
	t.Parallel()
	cat, err := catalog.Parse("p.yaml", []byte("name: p\nas_of: 2026-05-10\nsources: {arxiv: [2501.00002]}\nentries:\n"+
		"  - {id: p, kind: paper, name: P, sources: {arxiv: [2501.00001]}, claims: [{id: y, type: date, field: year, value: \"2025\"}]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range HostNeeds(cat) {
		if n.Host == "arxiv.org" {
			t.Errorf("arxiv.org is a need (%s) without a phrase claim", n)
		}
	}
}

func TestHostNeedsOfCatalogWideParts(t *testing.T) {
	t.Parallel()
	cat, err := catalog.Parse("w.yaml", []byte(`name: w
as_of: 2026-05-10
organisations:
  github: [acme]
  huggingface: [acme]
discovery:
  arxiv: ["au:Acme"]
  github: [acme]
entries: []
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range HostNeeds(cat) {
		got = append(got, n.Host+" "+n.By)
	}
	want := "export.arxiv.org discovery\napi.github.com discovery\nhuggingface.co organisations"
	if strings.Join(got, "\n") != want {
		t.Errorf("needs:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

func TestMissingHosts(t *testing.T) {
	t.Parallel()
	// Endpoints only: a docs site or a URL needs its host listed (lint).
	endpointsOnly := func(hosts string) *catalog.Catalog {
		cat, err := catalog.Parse("e.yaml", []byte("name: e\nas_of: 2026-05-10\n"+hosts+
			"\nentries:\n  - {id: p, kind: paper, name: P, sources: {arxiv: [2501.00001], doi: [10.1000/xyz]}}\n"))
		if err != nil {
			t.Fatal(err)
		}
		return cat
	}
	for _, tc := range []struct {
		name    string
		cat     *catalog.Catalog
		want    string
		contact []string
	}{
		{"all listed", needsCatalog(t, needsHosts), "", nil},
		{"endpoints left out", needsCatalog(t, `hosts: [arxiv.org, docs.acme.example, papers.example.org]`),
			"export.arxiv.org api.crossref.org api.github.com huggingface.co", []string{"arxiv.org", "docs.acme.example", "papers.example.org"}},
		{"no hosts key: contacts what the sources need", endpointsOnly(""), "", nil},
		{"empty list: nothing is contacted", endpointsOnly("hosts: []"), "export.arxiv.org api.crossref.org", []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, n := range MissingHosts(tc.cat) {
				got = append(got, n.Host)
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("missing %q, want %q", strings.Join(got, " "), tc.want)
			}
			if c := ContactHosts(tc.cat); tc.contact != nil && strings.Join(c, " ") != strings.Join(tc.contact, " ") || (c == nil) != (tc.contact == nil) && tc.want != "" {
				t.Errorf("ContactHosts = %#v, want %#v", c, tc.contact)
			}
		})
	}
	if c := ContactHosts(endpointsOnly("")); c != nil {
		t.Errorf("ContactHosts of a catalog without hosts = %#v, want nil (no limit beyond the plan)", c)
	}
	if c := ContactHosts(endpointsOnly("hosts: []")); c == nil || len(c) != 0 {
		t.Errorf("ContactHosts of hosts: [] = %#v, want an empty, non-nil list (nothing is contacted)", c)
	}
}

// A resource on a host the catalog does not list is refused before any
// request, even when its endpoint is overridden to a server that would
// answer; listing the host (or no limit at all) lets it through.
func TestContactHostsRefusesAnUnlistedEndpoint(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"full_name":"acme/m"}`)
	}))
	t.Cleanup(srv.Close)
	var repo record.Resource
	for _, r := range Plan(needsCatalog(t, needsHosts), PlanOptions{}) {
		if r.Source == record.SourceGitHub && r.Kind == record.KindGitHubRepo {
			repo = r
		}
	}
	if repo.URL == "" {
		t.Fatal("no GitHub repo resource planned")
	}
	for _, tc := range []struct {
		name    string
		contact []string
		trusted []string
		refused bool
	}{
		{"not listed", []string{"export.arxiv.org", "huggingface.co"}, nil, true},
		{"empty list", []string{}, nil, true},
		{"listed", []string{"export.arxiv.org", "api.github.com"}, nil, false},
		{"no limit", nil, nil, false},
		{"trusted by whoever runs it", []string{"export.arxiv.org"}, []string{"api.github.com"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := hits.Load()
			c := newTestCrawler(t, Config{Endpoints: Endpoints{GitHub: srv.URL}, IgnoreRobots: true,
				ContactHosts: tc.contact, TrustedHosts: tc.trusted})
			rec := mustFetch(t, c, []record.Resource{repo})[0]
			sent := hits.Load() - before
			var fe *record.FetchError
			if tc.refused {
				if !errors.As(rec.Err, &fe) || fe.Kind != record.ErrBlocked || !strings.Contains(fe.Message, "api.github.com is not in the catalog's hosts") {
					t.Errorf("err %v, want blocked naming api.github.com", rec.Err)
				}
				if sent != 0 {
					t.Errorf("%d requests reached the endpoint; want none", sent)
				}
				return
			}
			if rec.Err != nil || sent == 0 {
				t.Errorf("err %v, %d requests; want the repo fetched", rec.Err, sent)
			}
		})
	}
}
