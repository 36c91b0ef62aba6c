package crawler

import (
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

func TestPlanDiscovery(t *testing.T) {
	cat, err := catalog.Parse("t.yaml", []byte(`name: T
as_of: 2025-06-01
organisations:
  github: [deepseek-ai]
hosts: [export.arxiv.org, api.github.com]
discovery:
  arxiv: ["au:DeepSeek-AI", "ti:Deep Seek", "au:DeepSeek-AI OR au:x"]
  github: [deepseek-ai]
entries:
  - id: e1
    kind: model
    name: E
    sources:
      github: [deepseek-ai/E]
`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]record.Kind{
		"https://export.arxiv.org/api/query?search_query=au:DeepSeek-AI&sortBy=submittedDate&sortOrder=descending&max_results=50":         record.KindArXivSearch,
		"https://export.arxiv.org/api/query?search_query=ti:Deep+Seek&sortBy=submittedDate&sortOrder=descending&max_results=50":           record.KindArXivSearch,
		"https://export.arxiv.org/api/query?search_query=au:DeepSeek-AI+OR+au:x&sortBy=submittedDate&sortOrder=descending&max_results=50": record.KindArXivSearch,
		"https://api.github.com/orgs/deepseek-ai/repos?per_page=100&sort=created&direction=desc":                                          record.KindGitHubOrgRepos,
	}
	got := map[string]record.Kind{}
	for _, r := range Plan(cat, PlanOptions{}) {
		if r.Kind == record.KindArXivSearch || r.Kind == record.KindGitHubOrgRepos {
			got[r.URL] = r.Kind
			if (r.Kind == record.KindArXivSearch) != (r.Source == record.SourceArXiv) {
				t.Errorf("%s: source %s", r.URL, r.Source)
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("planned %v, want %v", got, want)
	}
	for u, k := range want {
		if got[u] != k {
			t.Errorf("missing %s (%s); planned %v", u, k, got)
		}
	}
	// A run limited to some entries does not discover.
	for _, r := range Plan(cat, PlanOptions{Only: []string{"e1"}}) {
		if r.Kind == record.KindArXivSearch || r.Kind == record.KindGitHubOrgRepos {
			t.Errorf("limited plan discovers: %s", r.URL)
		}
	}
	if a := accept(record.KindArXivSearch); a != "application/atom+xml" {
		t.Errorf("accept %q", a)
	}
	if a := accept(record.KindGitHubOrgRepos); a != "application/vnd.github+json" {
		t.Errorf("accept %q", a)
	}
}
