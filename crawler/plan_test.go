package crawler

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// catalogWithArXiv is a catalog of n paper entries citing arXiv ids
// 2401.00001… (one of them twice, once versioned).
func catalogWithArXiv(n int) *catalog.Catalog {
	cat := &catalog.Catalog{Name: "test"}
	for i := range n {
		cat.Entries = append(cat.Entries, catalog.Entry{ID: fmt.Sprint("p", i), Kind: catalog.KindPaper,
			Sources: catalog.Sources{ArXiv: []catalog.ArXivRef{{ID: fmt.Sprintf("2401.%05d", n-i)}}}})
	}
	return cat
}

func TestPlanArXivBatching(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n       int
		batches []int
	}{{1, []int{1}}, {100, []int{100}}, {101, []int{100, 1}}, {250, []int{100, 100, 50}}} {
		cat := catalogWithArXiv(tc.n)
		// A duplicate, written with a version: deduplicated in the query.
		cat.Entries[0].Sources.ArXiv = append(cat.Entries[0].Sources.ArXiv, catalog.ArXivRef{ID: "2401.00001v2"})
		plan := Plan(cat, PlanOptions{})
		var sizes []int
		prev := ""
		for _, r := range plan {
			if r.Kind != record.KindArXivQuery {
				continue
			}
			sizes = append(sizes, len(r.IDs))
			if r.Key != strings.Join(r.IDs, ",") {
				t.Errorf("key %q != ids", r.Key)
			}
			want := "https://export.arxiv.org/api/query?id_list=" + r.Key + fmt.Sprintf("&max_results=%d", len(r.IDs))
			if r.URL != want {
				t.Errorf("URL %s, want %s", r.URL, want)
			}
			for _, id := range r.IDs {
				if id <= prev {
					t.Errorf("ids not sorted/unique: %s after %s", id, prev)
				}
				prev = id
			}
		}
		if !cmp.Equal(sizes, tc.batches) {
			t.Errorf("n=%d: batches %v, want %v", tc.n, sizes, tc.batches)
		}
	}
}

func testCatalog() *catalog.Catalog {
	return &catalog.Catalog{
		Name:      "t",
		Hosts:     []string{"arxiv.org"},
		DocsSites: []catalog.DocsSite{{Base: testDocsBase}},
		Organisations: []catalog.Organisation{
			{Platform: catalog.PlatformHuggingFace, Name: "deepseek-ai"},
			{Platform: catalog.PlatformGitHub, Name: "deepseek-ai"},
		},
		Sources: catalog.Sources{
			Docs: []catalog.DocsRef{{Slug: "quick_start/pricing"}, {Slug: "/updates"}},
			URLs: []catalog.URLRef{{URL: "https://www.nature.com/articles/x"}},
		},
		Entries: []catalog.Entry{
			{ID: "v3", Kind: catalog.KindModel, Sources: catalog.Sources{
				ArXiv:       []catalog.ArXivRef{{ID: "2412.19437", Version: 2}},
				GitHub:      []catalog.RepoRef{{Owner: "deepseek-ai", Repo: "DeepSeek-V3"}},
				HuggingFace: []catalog.HFRef{{ID: "deepseek-ai/DeepSeek-V3"}},
			}, Claims: []catalog.Claim{{ID: "r", Field: catalog.FieldReleased}}},
			{ID: "coder", Kind: catalog.KindModel, Sources: catalog.Sources{
				GitHub: []catalog.RepoRef{{Owner: "DeepSeek-AI", Repo: "deepseek-v3"}, {Owner: "deepseek-ai", Repo: "DeepSeek-Coder"}},
				DOI:    []catalog.DOIRef{{DOI: "10.1038/s41586-025-09422-z"}},
				URLs:   []catalog.URLRef{{URL: "https://openaccess.thecvf.com/x.html"}},
			}, Claims: []catalog.Claim{{ID: "r", Field: catalog.FieldReleased}}},
			{ID: "news", Kind: catalog.KindReleaseNote, Sources: catalog.Sources{
				ArXiv: []catalog.ArXivRef{{ID: "2412.19437"}},
				Docs:  []catalog.DocsRef{{Slug: "news/news1226"}, {Slug: "updates"}},
			}},
		},
	}
}

func TestPlanResources(t *testing.T) {
	t.Parallel()
	got := urls(Plan(testCatalog(), PlanOptions{}))
	want := []string{
		"arxiv-abs https://arxiv.org/abs/2412.19437",
		"arxiv-query https://export.arxiv.org/api/query?id_list=2412.19437&max_results=1",
		"github-readme https://api.github.com/repos/deepseek-ai/DeepSeek-Coder/readme",
		"github-readme https://api.github.com/repos/deepseek-ai/DeepSeek-V3/readme",
		"github-releases https://api.github.com/repos/deepseek-ai/DeepSeek-Coder/releases?per_page=100",
		// The "coder" entry cites the V3 repo (other spelling) with a release
		// date and no HF reference: releases, under the first spelling.
		"github-releases https://api.github.com/repos/deepseek-ai/DeepSeek-V3/releases?per_page=100",
		"github-repo https://api.github.com/repos/deepseek-ai/DeepSeek-Coder",
		"github-repo https://api.github.com/repos/deepseek-ai/DeepSeek-V3",
		"hf-author https://huggingface.co/api/models?author=deepseek-ai&limit=1000",
		"hf-config https://huggingface.co/deepseek-ai/DeepSeek-V3/resolve/main/config.json",
		"hf-model https://huggingface.co/api/models/deepseek-ai/DeepSeek-V3",
		"hf-readme https://huggingface.co/deepseek-ai/DeepSeek-V3/raw/main/README.md",
		"docs-page https://api-docs.deepseek.com/news/news1226",
		"docs-page https://api-docs.deepseek.com/quick_start/pricing",
		"docs-page https://api-docs.deepseek.com/updates",
		"crossref-work https://api.crossref.org/works/10.1038/s41586-025-09422-z",
		"venue-page https://openaccess.thecvf.com/x.html",
		"venue-page https://www.nature.com/articles/x",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("plan (-want +got):\n%s", diff)
	}
}

func TestPlanOnly(t *testing.T) {
	t.Parallel()
	got := urls(Plan(testCatalog(), PlanOptions{Only: []string{"news"}}))
	want := []string{
		"arxiv-query https://export.arxiv.org/api/query?id_list=2412.19437&max_results=1",
		"docs-page https://api-docs.deepseek.com/news/news1226",
		"docs-page https://api-docs.deepseek.com/quick_start/pricing",
		"docs-page https://api-docs.deepseek.com/updates",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("limited plan (-want +got):\n%s", diff)
	}
	if p := Plan(testCatalog(), PlanOptions{Only: []string{"nope"}}); len(p) != 2 {
		t.Fatalf("unknown entry: %v (want only the catalog-wide docs pages)", urls(p))
	}
}

func TestUnversioned(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"2412.19437": "2412.19437", "2412.19437v12": "2412.19437", "hep-ex/0406020v1": "hep-ex/0406020",
		"hep-ex/0406020": "hep-ex/0406020", "v2": "v2", "abcv": "abcv", "solv-int/9901001": "solv-int/9901001",
	} {
		if got := unversioned(in); got != want {
			t.Errorf("unversioned(%q) = %q, want %q", in, got, want)
		}
	}
}

func urls(rs []record.Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, string(r.Kind)+" "+r.URL)
	}
	return out
}
