package reports

import (
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// hostileQuote is text a hostile page could serve; if it ever ran in the HTML
// report it would change the title and add an element with id "pwned".
const hostileQuote = `Released 2025-02-01 <script>document.title='pwned';` +
	`document.body.insertAdjacentHTML('beforeend','<div id="pwned">pwned</div>')</script>` +
	`<img src=x onerror="document.title='pwned'"> | **bold** [x](javascript:alert(1))` + "\x1b[31mred\x1b[0m"

var (
	sampleNow     = time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC)
	sampleFetched = time.Date(2026, 11, 20, 5, 58, 30, 0, time.UTC)
)

func pos(line, col int) catalog.Pos {
	return catalog.Pos{File: "catalog/deepseek.yaml", Line: line, Column: col}
}

func ev(src record.Source, url, locator, quote string) record.Evidence {
	return record.Evidence{
		Source: src, URL: url, FinalURL: url, FetchedAt: sampleFetched, Status: 200,
		SHA256: "9f2c4e0b7d1a3c5e8f60718293a4b5c6d7e8f90112233445566778899aabbccd", Locator: locator, Quote: quote,
	}
}

// sampleReport is a fixed report with every verdict, a disagreement between
// official sources, a hostile quote and link, nightly changes and gate info.
func sampleReport() *Report {
	fs := []checks.Finding{
		{
			Entry: "deepseek-v3", Claim: "params-total", Check: "count", Field: catalog.FieldParamsTotal,
			Verdict: checks.Verified, Severity: checks.SeverityInfo, Expected: "671B", Observed: "671B",
			Message: "the paper states 671B total parameters", Location: pos(41, 14),
			Evidence: []record.Evidence{ev(record.SourceArXiv, "https://arxiv.org/abs/2412.19437", "feed/entry/summary",
				"an MoE language model: 671B parameters in total, 37B active for each token")},
		},
		{
			Entry: "deepseek-v3", Claim: "published", Check: "date", Field: catalog.FieldPublished,
			Verdict: checks.Verified, Severity: checks.SeverityInfo, Expected: "2024-12", Observed: "2024-12-27",
			Message: "arXiv v1 is dated inside the stated month", Location: pos(44, 16),
			Evidence: []record.Evidence{ev(record.SourceArXiv, "https://export.arxiv.org/api/query?id_list=2412.19437", "feed/entry/published", "2024-12-27T18:46:44Z")},
		},
		{
			Entry: "deepseek-v3", Claim: "context", Check: "context", Field: catalog.FieldContextLength,
			Verdict: checks.Contradicted, Severity: checks.SeverityError, Expected: "64K", Observed: "128K",
			Message: "the model card states a 128K context window", Location: pos(47, 14),
			Evidence: []record.Evidence{ev(record.SourceHF, "https://huggingface.co/deepseek-ai/DeepSeek-V3/raw/main/README.md", "line 48",
				"context window lengths up to 128K")},
		},
		{
			Entry: "deepseek-r1", Claim: "venue", Check: "venue", Field: catalog.FieldVenue,
			Verdict: checks.Outdated, Severity: checks.SeverityWarning, Expected: "arXiv preprint", Observed: "Nature 645",
			Message: "the paper has since been published in Nature", Location: pos(63, 12),
			Evidence: []record.Evidence{ev(record.SourceCrossref, "https://api.crossref.org/works/10.1038/s41586-025-09422-z", "message.container-title", "Nature")},
		},
		{
			Entry: "deepseek-r1", Claim: "published", Check: "date", Field: catalog.FieldPublished,
			Verdict: checks.Contradicted, Severity: checks.SeverityError, Expected: "2025-02", Observed: "2025-01-22",
			Message: "arXiv v1 is dated 2025-01-22; a venue page states another date", Location: pos(66, 16),
			Disagreement: true,
			Evidence: []record.Evidence{
				ev(record.SourceArXiv, "https://export.arxiv.org/api/query?id_list=2501.12948", "feed/entry/published", "2025-01-22T15:19:35Z"),
				ev(record.SourceVenue, "javascript:alert(document.domain)", "div.meta", hostileQuote),
			},
		},
		{
			Entry: "api-models", Claim: "deepseek-chat-until", Check: "deadline", Field: catalog.FieldRetirement,
			Verdict: checks.Expired, Severity: checks.SeverityError, Expected: "2026-07-24", Observed: "2026-07-24",
			Message: "the name was scheduled for deprecation on 2026-07-24, which has passed", Location: pos(112, 18),
			Evidence: []record.Evidence{ev(record.SourceDocs, "https://api-docs.deepseek.com/", "main p",
				"legacy names deepseek-chat / deepseek-reasoner: deprecation 2026/07/24 15:59 UTC")},
		},
		{
			Entry: "organisation", Claim: "missing-deepseek-v4-flash", Check: "coverage", Field: extract.FieldOrgModel,
			Verdict: checks.Missing, Severity: checks.SeverityWarning, Expected: "", Observed: "deepseek-ai/DeepSeek-V4-Flash",
			Message:  "the organisation lists a model the catalog does not mention",
			Evidence: []record.Evidence{ev(record.SourceHF, "https://huggingface.co/api/models?author=deepseek-ai", "$[3].id", "deepseek-ai/DeepSeek-V4-Flash")},
		},
		{
			Entry: "deepseek-math", Claim: "grpo-phrase", Check: "phrase", Field: catalog.FieldPhrase,
			Verdict: checks.Unverified, Severity: checks.SeverityInfo, Expected: "introduces GRPO | a PPO variant", Observed: "",
			Message: "sources were read; none states the phrase", Location: pos(88, 13),
			Evidence: []record.Evidence{},
		},
		{
			Entry: "deepseek-v2", Claim: "license", Check: "license", Field: catalog.FieldLicense,
			Verdict: checks.Unreachable, Severity: checks.SeverityWarning, Expected: "MIT", Observed: "",
			Message: "the repository could not be fetched", Location: pos(75, 14), Reason: "5xx: 503 after 3 retries",
			Evidence: []record.Evidence{{Source: record.SourceGitHub, URL: "https://api.github.com/repos/deepseek-ai/DeepSeek-V2", FetchedAt: sampleFetched, Status: 503}},
		},
		{
			Entry: "deepseek-llm", Claim: "year", Check: "date", Field: catalog.FieldYear,
			Verdict: checks.Verified, Severity: checks.SeverityInfo, Expected: "2024", Observed: "2024-01-05",
			Message: "arXiv v1 is dated inside the stated year", Location: pos(21, 11),
			Evidence: []record.Evidence{ev(record.SourceArXiv, "https://export.arxiv.org/api/query?id_list=2401.02954", "feed/entry/published", "2024-01-05T18:59:13Z")},
		},
	}
	return &Report{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "claimcheck", Version: "v0.3.0"},
		Catalog: CatalogInfo{Path: "catalog/deepseek.yaml", Name: "DeepSeek research guide", AsOf: "2026-05-10",
			Entries: 7, Claims: 10},
		Now:      sampleNow,
		Findings: fs,
		Sources: []SourceStats{
			{Source: "huggingface", Requests: 4, NotModified: 3, FromCache: 3, Bytes: 48213, Retries: 0},
			{Source: "arxiv", Requests: 2, NotModified: 1, FromCache: 1, Bytes: 20480, Waits: 1, WaitSeconds: 3},
			{Source: "github", Requests: 4, Bytes: 0, Retries: 3, Errors: 1},
			{Source: "docs", Requests: 1, Bytes: 9000},
			{Source: "crossref", Requests: 1, Bytes: 5120},
			{Source: "venue", Requests: 1, Bytes: 2048},
		},
		Health: []extract.Health{{Subject: "docs:quick_start/pricing", Field: extract.FieldMaxOutput,
			URL: "https://api-docs.deepseek.com/quick_start/pricing", Problem: "pricing table has no max output row"}},
		Entries: []EntryInfo{
			{ID: "deepseek-llm", Name: "DeepSeek LLM", Kind: "paper", Year: "2024"},
			{ID: "deepseek-v2", Name: "DeepSeek-V2", Kind: "paper", Year: "2024"},
			{ID: "deepseek-v3", Name: "DeepSeek-V3 Technical Report", Kind: "paper", Year: "2024"},
			{ID: "deepseek-r1", Name: "DeepSeek-R1", Kind: "paper", Year: "2025"},
			{ID: "deepseek-math", Name: "DeepSeekMath", Kind: "paper", Year: "2024"},
			{ID: "api-models", Name: "API model names", Kind: "api"},
		},
		Changes: &Changes{
			PreviousRun: "2026-11-19T06:00:00Z",
			New:         []checks.Finding{fs[2], fs[5]},
			Resolved: []checks.Finding{{Entry: "deepseek-v3", Claim: "tokens", Check: "count", Field: catalog.FieldTrainingTokens,
				Verdict: checks.Unreachable, Severity: checks.SeverityWarning, Expected: "14.8T", Message: "the source is reachable again",
				Location: pos(50, 16), Evidence: []record.Evidence{}}},
			Silenced: 2,
		},
		Gate: &GateInfo{Base: "origin/main", Added: []string{"deepseek-v3/context"}, Changed: []string{"deepseek-r1/published"},
			Removed: []string{"deepseek-coder"}},
		Checks: []CheckInfo{
			{ID: "count", Doc: "Counts (parameters, tokens) match the official figure."},
			{ID: "date", Doc: "Dates fall within the catalog's stated precision."},
			{ID: "context", Doc: "Context lengths match the model card."},
			{ID: "venue", Doc: "The publication venue is the latest official one."},
			{ID: "deadline", Doc: "Time-bound claims have not passed their date."},
			{ID: "coverage", Doc: "Official listings have no item the catalog lacks."},
			{ID: "phrase", Doc: "An official source states the phrase."},
			{ID: "license", Doc: "The licence matches the repository."},
		},
	}
}
