package arxiv

import (
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/extracttest"
)

const searchFeed = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/x</id>
  <title>arXiv Query: search_query=au:Org-AI&amp;id_list=&amp;start=0&amp;max_results=50</title>
  <opensearch:totalResults>2</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/2512.02556v2</id>
    <updated>2026-01-10T00:00:00Z</updated>
    <published>2025-12-02T18:25:07Z</published>
    <title>Foo-V3.2: Pushing
      the Frontier</title>
    <summary>We introduce Foo-V3.2 with 671B parameters.</summary>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2412.19437v1</id>
    <updated>2024-12-27T04:03:16Z</updated>
    <published>2024-12-27T04:03:16Z</published>
    <title></title>
    <summary>No title.</summary>
  </entry>
</feed>`

func TestSearchResults(t *testing.T) {
	rec := mkRecord(record.KindArXivSearch, "au:Org-AI", nil, "https://export.arxiv.org/api/query?search_query=au:Org-AI", []byte(searchFeed))
	res := Extract(rec)
	subj := extract.PrefixArXivSearch + "au:Org-AI"
	for _, o := range res.Observations {
		if o.Subject != subj {
			t.Errorf("observation off the listing subject: %+v", o)
		}
		if o.Field == extract.FieldText || o.Field == catalog.FieldParamsTotal {
			t.Errorf("a listing carries no text or facts: %+v", o)
		}
	}
	r := one(t, res, subj, extract.FieldSearchResult, "2512.02556")
	if r.Value != "Foo-V3.2: Pushing the Frontier" || r.Date == nil || r.Date.String() != "2025-12-02" || r.Evidence.Locator != "entry[1]/title" {
		t.Errorf("search result: %+v", r)
	}
	if v := one(t, res, subj, extract.FieldLatestVersion, "2512.02556"); v.Value != "v2" {
		t.Errorf("latest version %q", v.Value)
	}
	if got := find(res, subj, extract.FieldSearchResult, "2412.19437"); len(got) != 0 {
		t.Errorf("a result without a title is not a result: %+v", got)
	}
	healthy := false
	for _, h := range res.Health {
		if h.Subject == subj && h.Field == extract.FieldSearchResult {
			healthy = true
		}
		if h.Subject != subj {
			t.Errorf("health off the listing subject: %+v", h)
		}
	}
	if !healthy {
		t.Errorf("no health for the untitled result: %+v", res.Health)
	}
}

func TestSearchNotAtom(t *testing.T) {
	res := Extract(mkRecord(record.KindArXivSearch, "au:X", nil, "u", []byte("<html>")))
	if len(res.Observations) != 0 || len(res.Health) != 1 || res.Health[0].Subject != extract.PrefixArXivSearch+"au:X" {
		t.Fatalf("got %+v", res)
	}
}

func FuzzExtractSearch(f *testing.F) {
	f.Add([]byte(searchFeed))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/1v</id></entry></feed>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		res := extracttest.ExtractWithin(t, 2*time.Second, Extract, mkRecord(record.KindArXivSearch, "au:X", nil, "u", body))
		for _, o := range res.Observations {
			if o.Subject != extract.PrefixArXivSearch+"au:X" || o.Model == "" || len(o.Evidence.Quote) > extract.MaxQuote {
				t.Fatalf("bad observation %+v", o)
			}
		}
	})
}
