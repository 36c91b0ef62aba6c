package checks

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

func TestListValid(t *testing.T) {
	ids := map[string]bool{}
	byField := map[string][]string{}
	for _, c := range List {
		if c.ID == "" || ids[c.ID] {
			t.Errorf("check id %q empty or duplicated", c.ID)
		}
		ids[c.ID] = true
		if strings.TrimSpace(c.Doc) == "" || !strings.HasSuffix(c.Doc, ".") {
			t.Errorf("check %s: doc must be a sentence", c.ID)
		}
		if c.Run == nil {
			t.Errorf("check %s has no Run", c.ID)
		}
		for _, f := range c.Fields {
			byField[f] = append(byField[f], c.ID)
		}
	}
	for _, spec := range catalog.Vocabulary() {
		for range spec.Types {
			if got := byField[spec.Field]; len(got) != 1 {
				t.Errorf("field %s (%v) is judged by %v, want exactly one check", spec.Field, spec.Types, got)
			}
		}
		delete(byField, spec.Field)
	}
	for f, cs := range byField {
		t.Errorf("checks %v judge %q, which is not in the vocabulary", cs, f)
	}
	for _, name := range []string{"official-org", "paper-exists", "release-note", "license-stated", "release-status", "card-context", "card-chat-template", "card-deployment"} {
		if !ids["checklist."+name] {
			t.Errorf("checklist item %s has no check", name)
		}
	}
}

// v2Entry: the V2 README's table lists V2, V2-Chat, V2-Lite and V2-Lite-Chat.
func v2World(t *testing.T) Input {
	e := catalog.Entry{ID: "v2", Kind: catalog.KindPaper, Name: "DeepSeek-V2",
		Sources: catalog.Sources{GitHub: []catalog.RepoRef{{Owner: "org", Repo: "DeepSeek-V2"}}, HuggingFace: []catalog.HFRef{{ID: "org/DeepSeek-V2"}}},
		Claims: []catalog.Claim{
			withSubject(claim("params", "count", catalog.FieldParamsTotal, "236B"), "org/DeepSeek-V2"),
			withSubject(claim("context", "context", catalog.FieldContextLength, "128K"), "org/DeepSeek-V2"),
			withSubject(claim("lite-params", "count", catalog.FieldParamsTotal, "236B"), "org/DeepSeek-V2-Lite"),
			withSubject(claim("lite-context", "context", catalog.FieldContextLength, "32K"), "org/DeepSeek-V2-Lite"),
			claim("tokens", "count", catalog.FieldTrainingTokens, "8.1T"),
			claim("context-unqualified", "context", catalog.FieldContextLength, "128K"),
		}}
	gh := "github:org/DeepSeek-V2"
	obs := []extract.Observation{
		ob(gh, "DeepSeek-V2", catalog.FieldParamsTotal, "236B"),
		ob(gh, "DeepSeek-V2", catalog.FieldContextLength, "128k"),
		ob(gh, "DeepSeek-V2-Chat", catalog.FieldParamsTotal, "236B"),
		ob(gh, "DeepSeek-V2-Chat", catalog.FieldContextLength, "128k"),
		ob(gh, "DeepSeek-V2-Lite", catalog.FieldParamsTotal, "16B"),
		ob(gh, "DeepSeek-V2-Lite", catalog.FieldContextLength, "32k"),
		ob(gh, "DeepSeek-V2-Lite-Chat", catalog.FieldParamsTotal, "16B"),
		ob(gh, "DeepSeek-V2-Lite-Chat", catalog.FieldContextLength, "32k"),
		ob(gh, "", catalog.FieldTrainingTokens, "8.1 trillion tokens"),
		ob("hf:org/DeepSeek-V2", "", extract.FieldMaxPositions, "163840"),
	}
	return Input{
		Catalog:      cat(t, e),
		Records:      []record.Record{rec(record.KindGitHubReadme, record.SourceGitHub, "org/DeepSeek-V2"), rec(record.KindHFConfig, record.SourceHF, "org/DeepSeek-V2")},
		Observations: obs,
	}
}

func TestIdentityGuardsV2VersusLite(t *testing.T) {
	fs := judge(t, v2World(t))
	f := want(t, fs, "v2/params", Verified)
	for _, ev := range f.Evidence {
		if strings.Contains(ev.Quote, "16B") {
			t.Errorf("V2 claim cites a Lite row: %+v", ev)
		}
	}
	// The fixture's V2 and V2-Chat rows quote "236B" at the same locator of
	// one page: one citation once TidyEvidence drops the repeat.
	if n := citations(f); n != 1 {
		t.Errorf("V2 params evidence = %d citations, want the V2/V2-Chat rows once: %+v", n, f.Evidence)
	}
	c := want(t, fs, "v2/context", Verified)
	if !c.Disagreement || !strings.Contains(c.Message, "max_position_embeddings") || !strings.Contains(c.Message, "binary reading") {
		t.Errorf("README 128K vs config 163840 must be reported as a disagreement: %+v", c)
	}
	if n := citations(c); n != 2 {
		t.Errorf("context evidence should quote the README rows (one citation) and the config: %d: %+v", n, c.Evidence)
	}
	l := want(t, fs, "v2/lite-params", Contradicted)
	if l.Observed != "16B" {
		t.Errorf("Lite params observed %q, want 16B", l.Observed)
	}
	want(t, fs, "v2/lite-context", Verified)
	want(t, fs, "v2/tokens", Verified)
	want(t, fs, "v2/context-unqualified", Verified)
}

func TestIdentityGuardsBaseVersusChat(t *testing.T) {
	e := catalog.Entry{ID: "m", Kind: catalog.KindModel, Name: "M",
		Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/M"}}},
		Claims: []catalog.Claim{
			claim("ctx", "context", catalog.FieldContextLength, "4K"),
			withSubject(claim("ctx-base", "context", catalog.FieldContextLength, "4K"), "M-Base"),
			withSubject(claim("ctx-chat", "context", catalog.FieldContextLength, "4K"), "M-Chat"),
			withSubject(claim("ctx-instruct", "context", catalog.FieldContextLength, "4K"), "M-Instruct"),
		}}
	in := Input{
		Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindHFReadme, record.SourceHF, "org/M")},
		Observations: []extract.Observation{
			ob("hf:org/M", "M-Base", catalog.FieldContextLength, "4096"),
			ob("hf:org/M", "M-Chat", catalog.FieldContextLength, "8192"),
		},
	}
	fs := judge(t, in)
	u := want(t, fs, "m/ctx", Unverified)
	if !strings.Contains(u.Message, "different values") {
		t.Errorf("split family rows should be explained: %q", u.Message)
	}
	want(t, fs, "m/ctx-base", Verified)
	want(t, fs, "m/ctx-chat", Contradicted)
	want(t, fs, "m/ctx-instruct", Unverified)

	// When the rows agree, they speak for the family.
	in.Observations[1] = ob("hf:org/M", "M-Chat", catalog.FieldContextLength, "4096")
	fs = judge(t, in)
	want(t, fs, "m/ctx", Verified)
}

func TestUnofficialOwner(t *testing.T) {
	e := catalog.Entry{ID: "m", Kind: catalog.KindModel, Name: "M",
		Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/M"}}},
		Claims: []catalog.Claim{
			withSubject(claim("params", "count", catalog.FieldParamsTotal, "7B"), "mirror/M"),
			claim("hf", "name", catalog.FieldHFID, "mirror/M"),
			claim("hf-moved", "name", catalog.FieldHFID, "org/M"),
		}}
	in := Input{
		Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindHFModel, record.SourceHF, "mirror/M"), rec(record.KindHFModel, record.SourceHF, "org/M")},
		Observations: []extract.Observation{
			ob("hf:mirror/M", "", catalog.FieldParamsTotal, "7B"),
			ob("hf:org/M", "", extract.FieldOwner, "someone-else"),
			ob("hf:org/M", "", catalog.FieldParamsTotal, "7B"),
		},
	}
	fs := judge(t, in)
	u := want(t, fs, "m/params", Unverified)
	if !strings.Contains(u.Message, "not an official") {
		t.Errorf("message should say why the mirror was not counted: %q", u.Message)
	}
	want(t, fs, "m/hf", Contradicted)
	want(t, fs, "m/hf-moved", Contradicted)
	want(t, fs, "m/checklist.official-org", Contradicted)
}

func TestCountPrecisionAndCorroboratingSources(t *testing.T) {
	e := catalog.Entry{ID: "v4", Kind: catalog.KindModel, Name: "V4",
		Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/V4-Pro"}, {ID: "org/V3"}}},
		Claims: []catalog.Claim{
			withSubject(claim("pro", "count", catalog.FieldParamsTotal, "1.6T"), "org/V4-Pro"),
			withSubject(claim("v3", "count", catalog.FieldParamsTotal, "671B"), "org/V3"),
			withSubject(claim("v3-wrong", "count", catalog.FieldParamsTotal, "600B"), "org/V3"),
		}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindHFModel, record.SourceHF, "org/V4-Pro"), rec(record.KindHFModel, record.SourceHF, "org/V3")},
		Observations: []extract.Observation{
			ob("hf:org/V4-Pro", "", catalog.FieldParamsTotal, "1.6T"),
			ob("hf:org/V4-Pro", "", extract.FieldSafetensors, "1650497936906"),
			ob("hf:org/V3", "", extract.FieldSafetensors, "685B"),
		}}
	fs := judge(t, in)
	p := want(t, fs, "v4/pro", Verified)
	if !p.Disagreement || citations(p) != 2 || !strings.Contains(p.Message, "model card ranks first") {
		t.Errorf("card 1.6T vs safetensors 1.65T must be a reported disagreement: %+v", p)
	}
	u := want(t, fs, "v4/v3", Unverified) // safetensors alone never contradicts
	if u.Observed != "685B" {
		t.Errorf("observed = %q", u.Observed)
	}
	want(t, fs, "v4/v3-wrong", Unverified)
}

func TestModelSizesRange(t *testing.T) {
	e := catalog.Entry{ID: "coder", Kind: catalog.KindPaper, Name: "Coder",
		Sources: catalog.Sources{GitHub: []catalog.RepoRef{{Owner: "org", Repo: "Coder"}}},
		Claims: []catalog.Claim{
			claim("sizes", "count", catalog.FieldModelSizes, "1.3B–33B"),
			claim("sizes-wrong", "count", catalog.FieldModelSizes, "1.3B–67B"),
			claim("size", "count", catalog.FieldModelSizes, "6.7B"),
			claim("langs", "count", catalog.FieldLanguages, "hundreds"),
		}}
	gh := "github:org/Coder"
	in := Input{Catalog: cat(t, e), Records: []record.Record{rec(record.KindGitHubReadme, record.SourceGitHub, "org/Coder")},
		Observations: []extract.Observation{
			ob(gh, "coder-1.3b-base", catalog.FieldParamsTotal, "1.3B"),
			ob(gh, "coder-6.7b-base", catalog.FieldParamsTotal, "6.7B"),
			ob(gh, "coder-33b-base", catalog.FieldParamsTotal, "33B"),
			ob(gh, "", catalog.FieldLanguages, "338"),
		}}
	fs := judge(t, in)
	s := want(t, fs, "coder/sizes", Verified)
	if s.Disagreement {
		t.Error("a family's sizes are not a disagreement")
	}
	u := want(t, fs, "coder/sizes-wrong", Unverified)
	if !strings.Contains(u.Message, "low end") {
		t.Errorf("message = %q", u.Message)
	}
	want(t, fs, "coder/size", Verified)
	want(t, fs, "coder/langs", Verified)
}

func TestDatesDisagreeAndPrecision(t *testing.T) {
	e := catalog.Entry{ID: "v3-0324", Kind: catalog.KindModel, Name: "V3-0324",
		Sources: catalog.Sources{Docs: []catalog.DocsRef{{Slug: "news/news250325"}}, HuggingFace: []catalog.HFRef{{ID: "org/DeepSeek-V3-0324"}}},
		Claims: []catalog.Claim{
			claim("released", "date", catalog.FieldReleased, "2025-03-25"),
			claim("released-month", "date", catalog.FieldReleased, "2025-03"),
			claim("released-wrong", "date", catalog.FieldReleased, "2025-04"),
			claim("year", "date", catalog.FieldYear, "2025"),
		}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindDocsPage, record.SourceDocs, "news/news250325"), rec(record.KindDocsPage, record.SourceDocs, "updates")},
		Observations: []extract.Observation{
			withDate(t, ob("docs:news/news250325", "", catalog.FieldReleased, "2025/03/25"), "2025-03-25"),
			withDate(t, ob("docs:updates", "DeepSeek-V3-0324", extract.FieldChangelogEntry, "DeepSeek-V3-0324"), "2025-03-24"),
			withDate(t, ob("docs:updates", "DeepSeek-V3", extract.FieldChangelogEntry, "DeepSeek-V3"), "2024-12-26"),
		}}
	fs := judge(t, in)
	f := want(t, fs, "v3-0324/released", Verified)
	if !f.Disagreement || len(f.Evidence) != 2 || !strings.Contains(f.Message, "release note ranks first") {
		t.Errorf("news 03-25 vs change log 03-24 must be reported: %+v", f)
	}
	for _, ev := range f.Evidence {
		if strings.Contains(ev.Quote, "2024") || ev.Quote == "DeepSeek-V3" {
			t.Errorf("the V3 change-log entry must not count for V3-0324: %+v", ev)
		}
	}
	m := want(t, fs, "v3-0324/released-month", Verified)
	if !m.Disagreement {
		t.Error("sources that disagree are reported even when both agree with the claim")
	}
	want(t, fs, "v3-0324/released-wrong", Contradicted)
	want(t, fs, "v3-0324/year", Verified)
}

func apiWorld(t *testing.T) Input {
	e := catalog.Entry{ID: "api", Kind: catalog.KindAPI, Name: "API",
		Sources: catalog.Sources{Docs: []catalog.DocsRef{{Slug: "quick_start/pricing"}}},
		Claims: []catalog.Claim{
			claim("pro", "name", catalog.FieldAPIModel, "deepseek-v4-pro"),
			claim("flash", "name", catalog.FieldAPIModel, "deepseek-v4-flash"),
			claim("chat", "name", catalog.FieldAPIModel, "deepseek-chat"),
			claim("foo", "name", catalog.FieldAPIModel, "deepseek-foo"),
			withSubject(claim("retire", "deadline", catalog.FieldRetirement, "2026-07-24"), "deepseek-chat"),
			withSubject(claim("retire-wrong", "deadline", catalog.FieldRetirement, "2026-08-01"), "deepseek-chat"),
		}}
	e.Claims[2].Until = date(t, "2026-07-24")
	p := "docs:quick_start/pricing"
	return Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindDocsPage, record.SourceDocs, "quick_start/pricing"), rec(record.KindDocsPage, record.SourceDocs, "updates")},
		Observations: []extract.Observation{
			ob(p, "deepseek-v4-pro", catalog.FieldAPIModel, "deepseek-v4-pro"),
			ob(p, "deepseek-flash", catalog.FieldAPIModel, "deepseek-flash"),
			ob(p, "", extract.FieldAPIModelRetired, "deepseek-v4-flash"),
			withDate(t, ob(p, "", extract.FieldAPIModelLegacy, "deepseek-chat"), "2026-07-24"),
		}}
}

func TestAPIModelsAndDeadlines(t *testing.T) {
	in := apiWorld(t)
	in.Now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	fs := judge(t, in)
	want(t, fs, "api/pro", Verified)
	want(t, fs, "api/flash", Outdated)
	want(t, fs, "api/chat", Outdated)
	c := want(t, fs, "api/foo", Contradicted)
	if !strings.Contains(c.Message, "deepseek-v4-pro") {
		t.Errorf("message should list what the docs list: %q", c.Message)
	}
	want(t, fs, "api/retire", Verified)
	want(t, fs, "api/retire-wrong", Contradicted)
	m := want(t, fs, "/missing:api-model:deepseek-flash", Missing)
	if m.Location != in.Catalog.Pos || m.Severity != SeverityWarning {
		t.Errorf("missing finding: %+v", m)
	}

	// On the deadline day the claim still holds; the day after, it is expired.
	in.Now = time.Date(2026, 7, 24, 20, 0, 0, 0, time.UTC)
	fs = judge(t, in)
	want(t, fs, "api/retire", Verified)
	in.Now = time.Date(2026, 7, 25, 0, 0, 0, 0, time.UTC)
	fs = judge(t, in)
	x := want(t, fs, "api/retire", Expired)
	if x.Severity != SeverityError || !strings.Contains(x.Message, "2026-07-24") {
		t.Errorf("expired finding: %+v", x)
	}
	want(t, fs, "api/chat", Expired) // until
	want(t, fs, "api/pro", Verified)
}

func TestUnreachableVersusNotFound(t *testing.T) {
	e := catalog.Entry{ID: "m", Kind: catalog.KindModel, Name: "M",
		Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/Gone"}, {ID: "org/Hidden"}, {ID: "org/Slow"}}, ArXiv: []catalog.ArXivRef{{ID: "2401.00001"}}},
		Claims: []catalog.Claim{
			claim("gone", "name", catalog.FieldHFID, "org/Gone"),
			claim("hidden", "name", catalog.FieldHFID, "org/Hidden"),
			claim("slow", "name", catalog.FieldHFID, "org/Slow"),
			withSubject(claim("gone-params", "count", catalog.FieldParamsTotal, "7B"), "org/Gone"),
			withSubject(claim("slow-params", "count", catalog.FieldParamsTotal, "7B"), "org/Slow"),
		}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{
			failedRec(rec(record.KindHFModel, record.SourceHF, "org/Gone"), record.ErrClient, 404),
			failedRec(rec(record.KindHFModel, record.SourceHF, "org/Hidden"), record.ErrClient, 401),
			failedRec(rec(record.KindHFModel, record.SourceHF, "org/Slow"), record.ErrTimeout, 0),
			rec(record.KindArXivQuery, record.SourceArXiv, "2401.00001"),
		}}
	fs := judge(t, in)
	g := want(t, fs, "m/gone", Contradicted)
	if g.Reason != "" || len(g.Evidence) != 1 || g.Evidence[0].Status != 404 {
		t.Errorf("404 finding: %+v", g)
	}
	want(t, fs, "m/hidden", Contradicted)
	s := want(t, fs, "m/slow", Unreachable)
	if s.Reason != string(record.ErrTimeout) || s.Severity != SeverityWarning {
		t.Errorf("unreachable finding: %+v", s)
	}
	gp := want(t, fs, "m/gone-params", Unverified)
	if !strings.Contains(gp.Message, "404") {
		t.Errorf("a 404 must be named in the message: %q", gp.Message)
	}
	want(t, fs, "m/slow-params", Unreachable)

	// A source that was read and states the value wins over one that failed.
	in.Observations = append(in.Observations, ob("arxiv:2401.00001", "", catalog.FieldParamsTotal, "7B"))
	in.Catalog.Entries[0].Claims[4].Subject = ""
	in.Catalog.Entries[0].Sources.HuggingFace = []catalog.HFRef{{ID: "org/Slow"}}
	fs = judge(t, in)
	want(t, fs, "m/slow-params", Verified)
}

func TestOutdated(t *testing.T) {
	e := catalog.Entry{ID: "v4", Kind: catalog.KindModel, Name: "V4",
		Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/V4-Pro"}}, ArXiv: []catalog.ArXivRef{{ID: "2412.19437", Version: 1}},
			Docs: []catalog.DocsRef{{Slug: "news/news260424"}}},
		Claims: []catalog.Claim{
			claim("status", "status", catalog.FieldReleaseStatus, "preview"),
			claim("arxiv", "name", catalog.FieldArXivID, "2412.19437v1"),
			claim("note", "name", catalog.FieldReleaseNote, "V4 Preview Release"),
		}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindDocsPage, record.SourceDocs, "news/news260424"), rec(record.KindArXivQuery, record.SourceArXiv, "2412.19437")},
		Observations: []extract.Observation{
			ob("docs:news/news260424", "", catalog.FieldReleaseNote, "V4 Preview Release"),
			withDate(t, ob("docs:updates", "", extract.FieldChangelogEntry, "V4-Pro GA"), "2026-08-13"),
			ob("arxiv:2412.19437", "", catalog.FieldTitle, "Some Report"),
			ob("arxiv:2412.19437", "", extract.FieldLatestVersion, "v2"),
			withDate(t, ob("hf-org:org", "", extract.FieldOrgModel, "org/V4-Pro-0813"), "2026-08-13"),
			withDate(t, ob("hf-org:org", "", extract.FieldOrgModel, "org/Other-1"), "2026-09-01"),
			withDate(t, ob("hf-org:org", "", extract.FieldOrgModel, "org/Old-1"), "2025-01-01"),
			withDate(t, ob("docs:updates", "", extract.FieldChangelogEntry, "Search API launch"), "2026-10-01"),
		}}
	in.Catalog.Organisations = append(in.Catalog.Organisations, catalog.Organisation{Platform: "huggingface", Name: "org"})
	fs := judge(t, in)
	st := want(t, fs, "v4/status", Outdated)
	if !strings.Contains(st.Message, "GA") {
		t.Errorf("status message: %q", st.Message)
	}
	want(t, fs, "v4/arxiv", Outdated)
	want(t, fs, "v4/arxiv:2412.19437v1", Outdated)
	want(t, fs, "v4/note", Verified)
	want(t, fs, "v4/newer-model:org/V4-Pro-0813", Outdated)
	want(t, fs, "v4/release-note:2026-08-13 V4-Pro GA", Outdated)
	want(t, fs, "/missing:org-model:org/Other-1", Missing)
	want(t, fs, "/missing:release-note:2026-10-01 Search API launch", Missing)
	if _, ok := fs["/missing:org-model:org/Old-1"]; ok {
		t.Error("a model created before as_of is not missing: the catalog is a selection")
	}
}

func TestVenueLicensePhraseTitle(t *testing.T) {
	e := catalog.Entry{ID: "r1", Kind: catalog.KindPaper, Name: "R1",
		Sources: catalog.Sources{ArXiv: []catalog.ArXivRef{{ID: "2501.12948"}}, DOI: []catalog.DOIRef{{DOI: "10.1038/x"}},
			URLs:        []catalog.URLRef{{URL: "https://iclr.cc/virtual/2025/poster/1"}},
			HuggingFace: []catalog.HFRef{{ID: "org/R1"}}, GitHub: []catalog.RepoRef{{Owner: "org", Repo: "R1"}}},
		Claims: []catalog.Claim{
			claim("nature", "venue", catalog.FieldVenue, "Nature"),
			claim("iclr", "venue", catalog.FieldVenue, "ICLR 2025"),
			claim("license", "license", catalog.FieldLicense, "DeepSeek Model License"),
			claim("phrase", "phrase", catalog.FieldPhrase, "Multi-head Latent Attention"),
			claim("phrase-absent", "phrase", catalog.FieldPhrase, "quantum annealing"),
			claim("title", "name", catalog.FieldTitle, "R1: Reasoning via RL"),
			claim("title-short", "name", catalog.FieldTitle, "R1"),
			claim("title-wrong", "name", catalog.FieldTitle, "Something Else"),
		}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindArXivQuery, record.SourceArXiv, "2501.12948"), rec(record.KindCrossrefWork, record.SourceCrossref, "10.1038/x")},
		Observations: []extract.Observation{
			withDate(t, ob("doi:10.1038/x", "", catalog.FieldVenue, "Nature"), "2025-09-17"),
			ob("url:https://iclr.cc/virtual/2025/poster/1", "", catalog.FieldVenue, "The Thirteenth International Conference on Learning Representations"),
			ob("hf:org/R1", "", catalog.FieldLicense, "other: deepseek"),
			ob("github:org/R1", "", catalog.FieldLicense, "MIT"),
			ob("arxiv:2501.12948", "", extract.FieldText, "We use Multi\u2010head \u201cLatent\u201d\u00a0Attention (MLA) to cut the KV cache."),
			ob("arxiv:2501.12948", "", catalog.FieldTitle, "R1:\n  Reasoning via   RL"),
		}}
	fs := judge(t, in)
	// Crossref ranks above the venue page; the two name different venues.
	n := want(t, fs, "r1/nature", Verified)
	if !n.Disagreement {
		t.Error("Crossref vs venue page should be flagged as a disagreement")
	}
	want(t, fs, "r1/iclr", Contradicted)
	l := want(t, fs, "r1/license", Verified)
	if !l.Disagreement || l.Observed != "other: deepseek" {
		t.Errorf("licence: %+v", l)
	}
	p := want(t, fs, "r1/phrase", Verified)
	if len(p.Evidence) != 1 || !strings.Contains(p.Evidence[0].Quote, "multi head latent attention") {
		t.Errorf("phrase evidence should quote the matching words: %+v", p.Evidence)
	}
	want(t, fs, "r1/phrase-absent", Unverified)
	want(t, fs, "r1/title", Verified)
	want(t, fs, "r1/title-short", Verified)
	want(t, fs, "r1/title-wrong", Contradicted)
}

func TestChecklist(t *testing.T) {
	e := catalog.Entry{ID: "m", Kind: catalog.KindModel, Name: "M",
		Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/M"}}}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindHFModel, record.SourceHF, "org/M"), rec(record.KindHFReadme, record.SourceHF, "org/M")},
		Observations: []extract.Observation{
			ob("hf:org/M", "", extract.FieldChatTemplate, "true"),
			ob("hf:org/M", "", catalog.FieldLicense, "mit"),
			ob("hf:org/M", "", extract.FieldMaxPositions, "163840"),
			ob("hf:org/M", "", extract.FieldArXivLink, "2412.19437"),
			ob("arxiv:2412.19437", "", catalog.FieldTitle, "M Technical Report"), // the linked paper names the model
		}}
	fs := judge(t, in)
	want(t, fs, "m/checklist.official-org", Verified)
	want(t, fs, "m/checklist.paper-exists", Verified)
	want(t, fs, "m/checklist.license-stated", Verified)
	want(t, fs, "m/checklist.card-chat-template", Verified)
	d := want(t, fs, "m/checklist.card-deployment", Unverified)
	if d.Location != in.Catalog.Entries[0].Pos || d.Severity != SeverityWarning {
		t.Errorf("checklist finding: %+v", d)
	}
	c := want(t, fs, "m/checklist.card-context", Unverified)
	if !strings.Contains(c.Message, "config.json") {
		t.Errorf("message = %q", c.Message)
	}
	want(t, fs, "m/checklist.release-note", Unverified)
	want(t, fs, "m/checklist.release-status", Unverified)
}

func TestDeterministicOrder(t *testing.T) {
	in := apiWorld(t)
	v2 := v2World(t)
	in.Catalog.Entries = append(v2.Catalog.Entries, in.Catalog.Entries...)
	in.Records = append(in.Records, v2.Records...)
	in.Observations = append(v2.Observations, in.Observations...)
	in.Now = testNow
	a := Judge(in)
	slices.Reverse(in.Observations)
	slices.Reverse(in.Records)
	b := Judge(in)
	if len(a) != len(b) {
		t.Fatalf("%d vs %d findings", len(a), len(b))
	}
	for i := range a {
		if a[i].Entry != b[i].Entry || a[i].Claim != b[i].Claim || a[i].Verdict != b[i].Verdict {
			t.Errorf("finding %d differs: %s/%s %s vs %s/%s %s", i, a[i].Entry, a[i].Claim, a[i].Verdict, b[i].Entry, b[i].Claim, b[i].Verdict)
		}
	}
	// Entries in catalog order, claims in claim order, missing items last.
	if a[0].Entry != "v2" || a[0].Claim != "params" || a[len(a)-1].Verdict != Missing {
		t.Errorf("order: first %s/%s, last %s", a[0].Entry, a[0].Claim, a[len(a)-1].Verdict)
	}
	seenAPI := false
	for _, f := range a {
		if f.Entry == "api" {
			seenAPI = true
		}
		if f.Entry == "v2" && seenAPI {
			t.Fatal("entries out of catalog order")
		}
	}
	// Every claim has exactly one finding.
	got := map[string]int{}
	for _, f := range a {
		got[f.Entry+"/"+f.Claim]++
	}
	for _, e := range in.Catalog.Entries {
		for _, c := range e.Claims {
			if got[c.FullID(e.ID)] != 1 {
				t.Errorf("claim %s has %d findings", c.FullID(e.ID), got[c.FullID(e.ID)])
			}
		}
	}
}

func TestSeverities(t *testing.T) {
	want := map[Verdict]Severity{Verified: SeverityInfo, Contradicted: SeverityError, Expired: SeverityError,
		Outdated: SeverityWarning, Missing: SeverityWarning, Unverified: SeverityWarning, Unreachable: SeverityWarning}
	for _, v := range Verdicts {
		if severityOf(v) != want[v] {
			t.Errorf("severity of %s = %s, want %s", v, severityOf(v), want[v])
		}
	}
}
