package bench

import (
	"testing"

	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/engine"
)

// BenchmarkExtractWorld measures the extractor cost per page for every
// format, on the world's own pages (one sub-benchmark per resource kind):
// the cost of engine.Extract on one record.
func BenchmarkExtractWorld(b *testing.B) {
	pages := []struct {
		name, url string
		kind      record.Kind
		key       string
	}{
		{"arxiv-atom", "https://export.arxiv.org/api/query?id_list=2412.19437&max_results=1", record.KindArXivQuery, "2412.19437"},
		{"arxiv-abs", "https://arxiv.org/abs/2412.19437", record.KindArXivAbs, "2412.19437"},
		{"docs-news-html", "https://api-docs.deepseek.com/news/news1226", record.KindDocsPage, "news/news1226"},
		{"docs-pricing-html", "https://api-docs.deepseek.com/quick_start/pricing", record.KindDocsPage, "quick_start/pricing"},
		{"docs-changelog-html", "https://api-docs.deepseek.com/updates", record.KindDocsPage, "updates"},
		{"github-repo-json", "https://api.github.com/repos/deepseek-ai/DeepSeek-V3", record.KindGitHubRepo, "deepseek-ai/DeepSeek-V3"},
		{"github-readme-md", "https://api.github.com/repos/deepseek-ai/DeepSeek-V3/readme", record.KindGitHubReadme, "deepseek-ai/DeepSeek-V3"},
		{"hf-model-json", "https://huggingface.co/api/models/deepseek-ai/DeepSeek-V3", record.KindHFModel, "deepseek-ai/DeepSeek-V3"},
		{"hf-card-md", "https://huggingface.co/deepseek-ai/DeepSeek-V3/raw/main/README.md", record.KindHFReadme, "deepseek-ai/DeepSeek-V3"},
		{"hf-config-json", "https://huggingface.co/deepseek-ai/DeepSeek-V3/resolve/main/config.json", record.KindHFConfig, "deepseek-ai/DeepSeek-V3"},
		{"hf-org-list-json", "https://huggingface.co/api/models?author=deepseek-ai&limit=1000", record.KindHFAuthorModels, "deepseek-ai"},
		{"crossref-json", "https://api.crossref.org/works/10.1038/s41586-025-09422-z", record.KindCrossrefWork, "10.1038/s41586-025-09422-z"},
		{"venue-html", "https://www.nature.com/articles/s41586-025-09422-z", record.KindVenuePage, "https://www.nature.com/articles/s41586-025-09422-z"},
	}
	p, err := cassette.NewPlayer("../../../testdata/world")
	if err != nil {
		b.Fatal(err)
	}
	for _, pg := range pages {
		b.Run(pg.name, func(b *testing.B) {
			e, ok := p.Lookup("GET", pg.url)
			if !ok {
				b.Skipf("%s is not in the world", pg.url)
			}
			rec := record.Record{Resource: record.Resource{Source: sourceOf(pg.kind), Kind: pg.kind, Key: pg.key, URL: pg.url},
				URL: pg.url, FinalURL: pg.url, Status: e.Status, ContentType: e.Header.Get("Content-Type"), Body: e.Body}
			if pg.kind == record.KindArXivQuery {
				rec.Resource.IDs = []string{pg.key}
			}
			obs, _ := engine.Extract([]record.Record{rec})
			if len(obs) == 0 {
				b.Fatalf("%s: no observations", pg.name)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(e.Body)))
			for b.Loop() {
				engine.Extract([]record.Record{rec})
			}
		})
	}
}

func sourceOf(k record.Kind) record.Source {
	switch k {
	case record.KindArXivQuery, record.KindArXivAbs:
		return record.SourceArXiv
	case record.KindDocsPage:
		return record.SourceDocs
	case record.KindGitHubRepo, record.KindGitHubReadme, record.KindGitHubReleases:
		return record.SourceGitHub
	case record.KindHFModel, record.KindHFReadme, record.KindHFConfig, record.KindHFAuthorModels:
		return record.SourceHF
	case record.KindCrossrefWork:
		return record.SourceCrossref
	}
	return record.SourceVenue
}
