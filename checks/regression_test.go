package checks

// Regression tests for wrong verdicts found by the end-to-end audit of the
// embedded catalog over the demo recording (internal/engine/e2e_test.go).

import (
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// One release announced twice — its news page (seen in the sidebar) and its
// change-log section, under different titles — is one finding per entry,
// quoting both places, not two.
func TestReleaseNoteAnnouncedTwiceIsOneFinding(t *testing.T) {
	e := catalog.Entry{ID: "v4", Kind: catalog.KindModel, Name: "V4",
		Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/V4-Flash"}}},
		Claims:  []catalog.Claim{claim("name", "name", catalog.FieldModelName, "V4-Flash")}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindDocsPage, record.SourceDocs, "updates")},
		Observations: []extract.Observation{
			withDate(t, ob("docs:news/news260731", "", catalog.FieldReleaseNote, "V4-Flash-0731 Release"), "2026-07-31"),
			withDate(t, ob("docs:updates", "", extract.FieldChangelogEntry, "V4-Flash-0731"), "2026-07-31"),
			withDate(t, ob("docs:updates", "", extract.FieldChangelogEntry, "Search API launch"), "2026-10-01"),
			withDate(t, ob("docs:news/news261001", "", catalog.FieldReleaseNote, "Search API Release"), "2026-10-01"),
		}}
	fs := judge(t, in)
	f := want(t, fs, "v4/release-note:2026-07-31 V4-Flash-0731 Release", Outdated)
	if len(f.Evidence) != 2 {
		t.Errorf("evidence: %d, want the news page and the change log", len(f.Evidence))
	}
	if !strings.Contains(f.Message, `"V4-Flash-0731"`) || !strings.Contains(f.Message, `"V4-Flash-0731 Release"`) {
		t.Errorf("message does not quote both titles: %s", f.Message)
	}
	want(t, fs, "/missing:release-note:2026-10-01 Search API Release", Missing)
	for k := range fs {
		if strings.Contains(k, "release-note:") && k != "v4/release-note:2026-07-31 V4-Flash-0731 Release" &&
			k != "/missing:release-note:2026-10-01 Search API Release" {
			t.Errorf("duplicate release-note finding %s", k)
		}
	}
}

// A date whose news page an entry references is covered, change-log section
// included.
func TestReleaseNoteDateReferencedByNewsPage(t *testing.T) {
	e := catalog.Entry{ID: "v4", Kind: catalog.KindModel, Name: "V4",
		Sources: catalog.Sources{Docs: []catalog.DocsRef{{Slug: "news/news260731"}}},
		Claims:  []catalog.Claim{claim("name", "name", catalog.FieldModelName, "V4-Flash")}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindDocsPage, record.SourceDocs, "news/news260731")},
		Observations: []extract.Observation{
			withDate(t, ob("docs:news/news260731", "", catalog.FieldReleaseNote, "V4-Flash-0731 Release"), "2026-07-31"),
			withDate(t, ob("docs:updates", "", extract.FieldChangelogEntry, "V4-Flash-0731"), "2026-07-31"),
		}}
	for k := range judge(t, in) {
		if strings.Contains(k, "release-note:") {
			t.Errorf("referenced release reported: %s", k)
		}
	}
}

// A model whose config.json answers 404 (a missing file in an existing
// repository) still exists under the official organisation.
func TestOfficialOrgIgnoresMissingFiles(t *testing.T) {
	e := catalog.Entry{ID: "jp", Kind: catalog.KindPaper, Name: "Janus-Pro",
		Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/Janus-Pro-7B"}}},
		Claims:  []catalog.Claim{claim("hf", "name", catalog.FieldHFID, "org/Janus-Pro-7B")}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{
			rec(record.KindHFModel, record.SourceHF, "org/Janus-Pro-7B"),
			rec(record.KindHFReadme, record.SourceHF, "org/Janus-Pro-7B"),
			failedRec(rec(record.KindHFConfig, record.SourceHF, "org/Janus-Pro-7B"), record.ErrClient, 404),
		},
		Observations: []extract.Observation{ob("hf:org/Janus-Pro-7B", "", extract.FieldExists, "true")}}
	fs := judge(t, in)
	want(t, fs, "jp/checklist.official-org", Verified)
	want(t, fs, "jp/hf", Verified)

	// The model itself missing still contradicts.
	in.Records[0] = failedRec(in.Records[0], record.ErrClient, 401)
	in.Observations = nil
	fs = judge(t, in)
	want(t, fs, "jp/checklist.official-org", Contradicted)
}

// A model released in 2023 whose paper appeared in January 2024: the paper's
// date does not contradict the release year; the repository's creation does
// confirm it.
func TestReleasedNotContradictedByPaperDate(t *testing.T) {
	e := catalog.Entry{ID: "llm", Kind: catalog.KindPaper, Name: "LLM",
		Sources: catalog.Sources{ArXiv: []catalog.ArXivRef{{ID: "2401.02954"}}, GitHub: []catalog.RepoRef{{Owner: "org", Repo: "LLM"}}},
		Claims:  []catalog.Claim{claim("released", "date", catalog.FieldReleased, "2023")}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindArXivQuery, record.SourceArXiv, "2401.02954"), rec(record.KindGitHubRepo, record.SourceGitHub, "org/LLM")},
		Observations: []extract.Observation{
			withDate(t, ob("arxiv:2401.02954", "", catalog.FieldPublished, "2024-01-05"), "2024-01-05"),
			withDate(t, ob("github:org/LLM", "", extract.FieldCreated, "2023-11-29"), "2023-11-29"),
		}}
	f := want(t, judge(t, in), "llm/released", Verified)
	if !f.Disagreement {
		t.Errorf("the paper's date differs: want the disagreement noted (%s)", f.Message)
	}
	// The paper's date alone neither verifies 2023 nor refutes it.
	in.Observations = in.Observations[:1]
	want(t, judge(t, in), "llm/released", Unverified)
}

// A preview that went GA, where the GA is announced only by a release-note
// title in the docs sidebar (its news page itself is not fetched): outdated,
// and the label repeated on every page is quoted once.
func TestPreviewGAFromSidebarTitle(t *testing.T) {
	e := catalog.Entry{ID: "v4", Kind: catalog.KindModel, Name: "V4",
		Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/V4-Pro"}}, Docs: []catalog.DocsRef{{Slug: "news/news260424"}}},
		Claims:  []catalog.Claim{claim("status", "status", catalog.FieldReleaseStatus, "preview")}}
	ga := func(page string) extract.Observation {
		o := withDate(t, ob("docs:news/news260813", "", catalog.FieldReleaseNote, "V4-Pro GA Release"), "2026-08-13")
		o.Evidence.URL = "https://docs.test/" + page
		o.Evidence.Locator = `nav.menu a[href="/news/news260813"]`
		return o
	}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindDocsPage, record.SourceDocs, "news/news260424"), rec(record.KindHFReadme, record.SourceHF, "org/V4-Pro")},
		Observations: []extract.Observation{
			ob("hf:org/V4-Pro", "", catalog.FieldReleaseStatus, "preview"),
			ga("news/news260424"), ga("updates"), ga("quick_start/pricing"),
		}}
	f := want(t, judge(t, in), "v4/status", Outdated)
	n := 0
	for _, ev := range f.Evidence {
		if strings.Contains(ev.Quote, "GA") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the sidebar label is quoted %d times, want once: %+v", n, f.Evidence)
	}
}

// The API docs' change log names the API model id "deepseek-coder" (upgraded
// to later models); that is no statement about when the open DeepSeek-Coder
// model was released. The open model's own name still counts.
func TestReleasedIgnoresAPIModelIDs(t *testing.T) {
	e := catalog.Entry{ID: "coder", Kind: catalog.KindPaper, Name: "DeepSeek-Coder",
		Sources: catalog.Sources{ArXiv: []catalog.ArXivRef{{ID: "2401.14196"}}, GitHub: []catalog.RepoRef{{Owner: "org", Repo: "DeepSeek-Coder"}}},
		Claims: []catalog.Claim{
			claim("name", "name", catalog.FieldModelName, "DeepSeek-Coder"),
			claim("released", "date", catalog.FieldReleased, "2023"),
		}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindArXivQuery, record.SourceArXiv, "2401.14196"), rec(record.KindDocsPage, record.SourceDocs, "updates")},
		Observations: []extract.Observation{
			ob("arxiv:2401.14196", "", catalog.FieldTitle, "DeepSeek-Coder"),
			withDate(t, ob("docs:updates", "", extract.FieldChangelogEntry, "deepseek-coder & deepseek-chat upgraded to DeepSeek V2.5"), "2024-09-05"),
			withDate(t, ob("docs:updates", "", extract.FieldChangelogEntry, "deepseek-coder"), "2024-07-24"),
		}}
	f := want(t, judge(t, in), "coder/released", Unverified)
	if strings.Contains(f.Message, "change log") {
		t.Errorf("message cites the API change log: %s", f.Message)
	}
	in.Observations = append(in.Observations, withDate(t, ob("docs:updates", "", extract.FieldChangelogEntry, "DeepSeek-Coder open-sourced"), "2023-11-02"))
	want(t, judge(t, in), "coder/released", Verified)
}

// Only a corroborating source states a (different) value and the source that
// could state the claim failed: unreachable, not unverified.
func TestCorroboratingOnlyWithFailedSourceIsUnreachable(t *testing.T) {
	e := catalog.Entry{ID: "llm", Kind: catalog.KindPaper, Name: "LLM",
		Sources: catalog.Sources{ArXiv: []catalog.ArXivRef{{ID: "2401.02954"}}, GitHub: []catalog.RepoRef{{Owner: "org", Repo: "LLM"}}},
		Claims:  []catalog.Claim{claim("released", "date", catalog.FieldReleased, "2023")}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{
			rec(record.KindArXivQuery, record.SourceArXiv, "2401.02954"),
			failedRec(rec(record.KindGitHubRepo, record.SourceGitHub, "org/LLM"), record.ErrTimeout, 0),
		},
		Observations: []extract.Observation{withDate(t, ob("arxiv:2401.02954", "", catalog.FieldPublished, "2024-01-05"), "2024-01-05")}}
	f := want(t, judge(t, in), "llm/released", Unreachable)
	if f.Reason != string(record.ErrTimeout) {
		t.Errorf("reason %q", f.Reason)
	}
}

// A claim without a subject on an entry with no Hugging Face or GitHub source
// (a release-note entry) is matched by a catalog-wide page whose value names
// exactly the entry's name or the claim's value — never by prefix or mention.
func TestExactNameIdentityWithoutHeadlines(t *testing.T) {
	note := catalog.Entry{ID: "note", Kind: catalog.KindReleaseNote, Name: "Foo-V3.2-Exp",
		Claims: []catalog.Claim{
			claim("title", "name", catalog.FieldReleaseNote, "Foo-V3.2-Exp"),
			claim("released", "date", catalog.FieldReleased, "2025-09-29"),
		}}
	prefix := catalog.Entry{ID: "prefix", Kind: catalog.KindReleaseNote, Name: "Foo-V3.2",
		Claims: []catalog.Claim{claim("title", "name", catalog.FieldReleaseNote, "Foo-V3.2")}}
	in := Input{Catalog: cat(t, note, prefix),
		Records: []record.Record{rec(record.KindDocsPage, record.SourceDocs, "updates")},
		Observations: []extract.Observation{
			withDate(t, ob("docs:updates", "", extract.FieldChangelogEntry, "Foo-V3.2-Exp"), "2025-09-29"),
			// Names Foo-V3.2 in its text, and Foo-V3.2-Exp-Base as a model: neither is exact.
			withDate(t, ob("docs:updates", "", extract.FieldChangelogEntry, "Foo-V3.2-Exp-Base; chat runs Foo-V3.2 now"), "2025-10-01"),
		}}
	fs := judge(t, in)
	want(t, fs, "note/title", Verified)
	f := want(t, fs, "note/released", Verified)
	if f.Disagreement {
		t.Errorf("the other section was counted: %s", f.Message)
	}
	want(t, fs, "prefix/title", Unverified)
}

// The arXiv abstract ranks below the README for counts: agreeing, it joins the
// evidence; differing, the README decides and the disagreement is reported.
// An abstract row for another model (Foo-V2-Lite) never speaks for Foo-V2.
func TestAbstractCountsRankSecond(t *testing.T) {
	e := catalog.Entry{ID: "v2", Kind: catalog.KindModel, Name: "Foo-V2",
		Sources: catalog.Sources{ArXiv: []catalog.ArXivRef{{ID: "2405.04434"}}, GitHub: []catalog.RepoRef{{Owner: "org", Repo: "Foo-V2"}}},
		Claims: []catalog.Claim{
			claim("total", "count", catalog.FieldParamsTotal, "236B"),
			claim("active", "count", catalog.FieldParamsActive, "21B"),
		}}
	paper := catalog.Entry{ID: "paper", Kind: catalog.KindPaper, Name: "Foo-V2",
		Sources: catalog.Sources{ArXiv: []catalog.ArXivRef{{ID: "2405.04434"}}},
		Claims:  []catalog.Claim{claim("total", "count", catalog.FieldParamsTotal, "236B")}}
	in := Input{Catalog: cat(t, e, paper),
		Records: []record.Record{rec(record.KindArXivQuery, record.SourceArXiv, "2405.04434"), rec(record.KindGitHubReadme, record.SourceGitHub, "org/Foo-V2")},
		Observations: []extract.Observation{
			ob("github:org/Foo-V2", "", catalog.FieldParamsTotal, "236B"),
			ob("github:org/Foo-V2", "", catalog.FieldParamsActive, "21B"),
			ob("arxiv:2405.04434", "Foo-V2", catalog.FieldParamsTotal, "236B"),
			ob("arxiv:2405.04434", "Foo-V2", catalog.FieldParamsActive, "22B"),
			ob("arxiv:2405.04434", "Foo-V2-Lite", catalog.FieldParamsTotal, "15.7B"),
		}}
	fs := judge(t, in)
	f := want(t, fs, "v2/total", Verified)
	if f.Disagreement || len(f.Evidence) != 2 {
		t.Errorf("v2/total: disagreement %v, %d evidence (want README and abstract): %s", f.Disagreement, len(f.Evidence), f.Message)
	}
	f = want(t, fs, "v2/active", Verified)
	if !f.Disagreement || !strings.Contains(f.Message, "the arXiv abstract") || !strings.Contains(f.Message, "ranks first") {
		t.Errorf("v2/active: want the abstract's differing value reported: %s", f.Message)
	}
	// The paper-only entry: the abstract's Foo-V2 row counts (the entry's
	// name), the Foo-V2-Lite row does not.
	f = want(t, fs, "paper/total", Verified)
	if f.Disagreement {
		t.Errorf("paper/total: the V2-Lite row was counted: %s", f.Message)
	}
}

// A change-log section headed by an API name relates to the model its text
// names (Model): the release note and the change log disagree on the date,
// both are quoted and the release note ranks first.
func TestChangelogModelDisagreement(t *testing.T) {
	e := catalog.Entry{ID: "v3", Kind: catalog.KindModel, Name: "Foo-V3-0324",
		Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/Foo-V3-0324"}}, Docs: []catalog.DocsRef{{Slug: "news/news250325"}}},
		Claims:  []catalog.Claim{claim("released", "date", catalog.FieldReleased, "2025-03-25")}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindDocsPage, record.SourceDocs, "updates"), rec(record.KindDocsPage, record.SourceDocs, "news/news250325")},
		Observations: []extract.Observation{
			withDate(t, ob("docs:news/news250325", "", catalog.FieldReleased, "2025-03-25"), "2025-03-25"),
			withDate(t, ob("docs:updates", "", extract.FieldChangelogEntry, "foo-chat"), "2025-03-24"),
			withDate(t, ob("docs:updates", "Foo-V3-0324", extract.FieldChangelogEntry, "foo-chat"), "2025-03-24"),
		}}
	f := want(t, judge(t, in), "v3/released", Verified)
	if !f.Disagreement || len(f.Evidence) != 2 || !strings.Contains(f.Message, `2025-03-24 (section "foo-chat") for Foo-V3-0324`) {
		t.Errorf("want the change log's 2025-03-24 quoted as a disagreement: %v %d %s", f.Disagreement, len(f.Evidence), f.Message)
	}
}

// Reverse coverage attributes a newer model, and a release note about it, to
// the entry that covers the model — not to an API entry whose api_model claim
// merely says which model an API name serves.
func TestCoverageSkipsAPINameSubjects(t *testing.T) {
	model := catalog.Entry{ID: "v4", Kind: catalog.KindModel, Name: "Foo-V4",
		Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/Foo-V4-Flash"}}},
		Claims:  []catalog.Claim{claim("name", "name", catalog.FieldModelName, "Foo-V4-Flash")}}
	api := catalog.Entry{ID: "api", Kind: catalog.KindAPI, Name: "Foo API",
		Sources: catalog.Sources{Docs: []catalog.DocsRef{{Slug: "quick_start/pricing"}}},
		Claims: []catalog.Claim{
			withSubject(claim("flash", "name", catalog.FieldAPIModel, "foo-v4-flash"), "org/Foo-V4-Flash"),
			withSubject(claim("retire", "deadline", catalog.FieldRetirement, "2026-07-24"), "org/Foo-V4-Flash"),
		}}
	orgModel := ob("hf-org:org", "org/Foo-V4-Flash-0731", extract.FieldOrgModel, "org/Foo-V4-Flash-0731")
	in := Input{Catalog: cat(t, model, api),
		Records: []record.Record{rec(record.KindDocsPage, record.SourceDocs, "updates"), rec(record.KindHFAuthorModels, record.SourceHF, "org")},
		Observations: []extract.Observation{
			withDate(t, orgModel, "2026-07-31"),
			withDate(t, ob("docs:news/news260731", "", catalog.FieldReleaseNote, "Foo-V4-Flash-0731 Release"), "2026-07-31"),
		}}
	fs := judge(t, in)
	want(t, fs, "v4/newer-model:org/Foo-V4-Flash-0731", Outdated)
	want(t, fs, "v4/release-note:2026-07-31 Foo-V4-Flash-0731 Release", Outdated)
	for k := range fs {
		if strings.HasPrefix(k, "api/newer-model:") || strings.HasPrefix(k, "api/release-note:") || strings.HasPrefix(k, "/missing:release-note:") {
			t.Errorf("unexpected coverage finding %s", k)
		}
	}
}

// A claim is contradicted only when every source ranked at or above the
// deciding one for its field was read (docs/judging.md §4): a failed fetch of
// such a source makes it unreachable, a page its extractor could not parse
// unverified. Found by the fault suite: the arXiv feed timing out (or
// malformed) let the docs release note contradict the year 2025 of a paper
// whose latest arXiv version dates from 2025.
func TestFailedSourceNeverLetsALowerOneContradict(t *testing.T) {
	const arxivID = "2412.19437"
	atom := rec(record.KindArXivQuery, record.SourceArXiv, arxivID)
	card := rec(record.KindHFReadme, record.SourceHF, "org/V3")
	readme := rec(record.KindGitHubReadme, record.SourceGitHub, "org/V3")
	repo := rec(record.KindGitHubRepo, record.SourceGitHub, "org/V3")
	note := rec(record.KindDocsPage, record.SourceDocs, "news/news1226")
	unparsed := func(subject string, r record.Record, field string) extract.Health {
		return extract.Health{Subject: subject, Field: field, URL: r.URL, Problem: "not an Atom feed: XML syntax error"}
	}
	yearEntry := catalog.Entry{ID: "v3", Kind: catalog.KindPaper, Name: "V3 Technical Report",
		Sources: catalog.Sources{ArXiv: []catalog.ArXivRef{{ID: arxivID}}, Docs: []catalog.DocsRef{{Slug: "news/news1226"}}},
		Claims:  []catalog.Claim{claim("year-later", "date", catalog.FieldYear, "2025")}}
	noteSays := withDate(t, ob("docs:news/news1226", "", catalog.FieldReleased, "2024-12-26"), "2024-12-26")
	countEntry := catalog.Entry{ID: "v3", Kind: catalog.KindModel, Name: "V3",
		Sources: catalog.Sources{ArXiv: []catalog.ArXivRef{{ID: arxivID}}, HuggingFace: []catalog.HFRef{{ID: "org/V3"}}, GitHub: []catalog.RepoRef{{Owner: "org", Repo: "V3"}}},
		Claims:  []catalog.Claim{claim("total", "count", catalog.FieldParamsTotal, "700B")}}
	releasedEntry := catalog.Entry{ID: "v3", Kind: catalog.KindModel, Name: "V3",
		Sources: catalog.Sources{GitHub: []catalog.RepoRef{{Owner: "org", Repo: "V3"}}, Docs: []catalog.DocsRef{{Slug: "news/news1226"}}},
		Claims:  []catalog.Claim{claim("released", "date", catalog.FieldReleased, "2025-01")}}

	tests := []struct {
		name    string
		entry   catalog.Entry
		claim   string
		records []record.Record
		obs     []extract.Observation
		health  []extract.Health
		want    Verdict
		reason  record.ErrorKind
		msg     []string // the message must contain each
	}{
		{name: "arXiv timed out: the same-tier release note does not contradict",
			entry: yearEntry, claim: "v3/year-later",
			records: []record.Record{failedRec(atom, record.ErrTimeout, 0), note},
			obs:     []extract.Observation{noteSays},
			want:    Unreachable, reason: record.ErrTimeout,
			msg: []string{atom.URL, "the API docs release note states \"2024-12-26\"", "no contradiction"}},
		{name: "arXiv feed unparsable: unverified, naming the extractor's report",
			entry: yearEntry, claim: "v3/year-later",
			records: []record.Record{atom, note},
			obs:     []extract.Observation{noteSays},
			health:  []extract.Health{unparsed("arxiv:"+arxivID, atom, "")},
			want:    Unverified,
			msg:     []string{"the extractor could not read " + atom.URL, "not an Atom feed", "2024-12-26"}},
		{name: "arXiv read and its latest version agrees: verified",
			entry: yearEntry, claim: "v3/year-later",
			records: []record.Record{atom, note},
			obs: []extract.Observation{noteSays,
				withDate(t, ob("arxiv:"+arxivID, "", catalog.FieldPublished, "2024-12-27"), "2024-12-27"),
				withDate(t, ob("arxiv:"+arxivID, "", extract.FieldUpdated, "2025-02-18"), "2025-02-18")},
			want: Verified},
		{name: "every source read and none agrees: contradicted",
			entry: yearEntry, claim: "v3/year-later",
			records: []record.Record{atom, note},
			obs: []extract.Observation{noteSays,
				withDate(t, ob("arxiv:"+arxivID, "", catalog.FieldPublished, "2024-12-27"), "2024-12-27")},
			want: Contradicted},
		{name: "a lower-ranked source failed: the README still contradicts",
			entry: countEntry, claim: "v3/total",
			records: []record.Record{failedRec(atom, record.ErrServer, 503), readme, card},
			obs:     []extract.Observation{ob("github:org/V3", "", catalog.FieldParamsTotal, "671B")},
			want:    Contradicted},
		{name: "a same-tier source failed: the card could state the claim",
			entry: countEntry, claim: "v3/total",
			records: []record.Record{atom, readme, failedRec(card, record.ErrServer, 502)},
			obs:     []extract.Observation{ob("github:org/V3", "", catalog.FieldParamsTotal, "671B")},
			want:    Unreachable, reason: record.ErrServer,
			msg: []string{card.URL, "ranks as high as the GitHub README for params_total"}},
		{name: "the higher-ranked sources failed: the abstract does not contradict",
			entry: countEntry, claim: "v3/total",
			records: []record.Record{atom, failedRec(readme, record.ErrRefused, 0), failedRec(card, record.ErrTimeout, 0)},
			obs:     []extract.Observation{ob("arxiv:"+arxivID, "", catalog.FieldParamsTotal, "671B")},
			want:    Unreachable, reason: record.ErrRefused,
			msg: []string{readme.URL, "and 1 other source(s)", "the arXiv abstract states \"671B\""}},
		{name: "a higher-ranked page read that states nothing does not rank",
			entry: countEntry, claim: "v3/total",
			records: []record.Record{atom, readme, card},
			obs:     []extract.Observation{ob("arxiv:"+arxivID, "", catalog.FieldParamsTotal, "671B")},
			health: []extract.Health{
				{Subject: "github:org/V3", Field: catalog.FieldParamsTotal, URL: readme.URL, Problem: "README states no params_total"},
				{Subject: "hf:org/V3", Field: catalog.FieldParamsTotal, URL: card.URL, Problem: "model card states no params_total"}},
			want: Contradicted},
		{name: "a report about part of the deciding page: it was read for the claim",
			entry: countEntry, claim: "v3/total",
			records: []record.Record{atom, readme, card},
			obs:     []extract.Observation{ob("hf:org/V3", "", catalog.FieldParamsTotal, "671B")},
			health:  []extract.Health{{Subject: "hf:org/V3", URL: "https://example.test/hf:org/V3", Problem: "model card has no YAML front matter"}},
			want:    Contradicted},
		{name: "a fallback or corroborating source failed: the release note still contradicts",
			entry: releasedEntry, claim: "v3/released",
			records: []record.Record{failedRec(repo, record.ErrTimeout, 0), note},
			obs:     []extract.Observation{noteSays},
			want:    Contradicted},
		{name: "a 404 is an answer, not a failure",
			entry: countEntry, claim: "v3/total",
			records: []record.Record{atom, readme, failedRec(card, record.ErrClient, 404)},
			obs:     []extract.Observation{ob("github:org/V3", "", catalog.FieldParamsTotal, "671B")},
			want:    Contradicted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{Catalog: cat(t, tc.entry), Records: tc.records, Observations: tc.obs, Health: tc.health}
			f := want(t, judge(t, in), tc.claim, tc.want)
			if string(tc.reason) != f.Reason {
				t.Errorf("reason %q, want %q", f.Reason, tc.reason)
			}
			for _, m := range tc.msg {
				if !strings.Contains(f.Message, m) {
					t.Errorf("message lacks %q: %s", m, f.Message)
				}
			}
			if f.Verdict != Verified && f.Verdict != Contradicted && len(tc.obs) > 0 && f.Observed == "" {
				t.Errorf("the value that was read is not reported: %+v", f)
			}
			if f.Verdict == Unreachable && len(f.Evidence) < 2 {
				t.Errorf("evidence: %d, want the failed record and the value read", len(f.Evidence))
			}
		})
	}
}

// An API name absent from the docs pages that were read is contradicted only
// when every docs page was read: any of them may list it.
func TestAPINameAbsentWhileADocsPageFailed(t *testing.T) {
	e := catalog.Entry{ID: "api", Kind: catalog.KindAPI, Name: "API",
		Sources: catalog.Sources{Docs: []catalog.DocsRef{{Slug: "news/news1226"}}},
		Claims:  []catalog.Claim{claim("foo", "name", catalog.FieldAPIModel, "foo-reasoner")}}
	pricing := rec(record.KindDocsPage, record.SourceDocs, "quick_start/pricing")
	news := rec(record.KindDocsPage, record.SourceDocs, "news/news1226")
	in := Input{Catalog: cat(t, e),
		Records:      []record.Record{pricing, news, rec(record.KindDocsPage, record.SourceDocs, "updates")},
		Observations: []extract.Observation{ob("docs:quick_start/pricing", "foo-chat", catalog.FieldAPIModel, "foo-chat")}}
	want(t, judge(t, in), "api/foo", Contradicted)

	in.Records[1] = failedRec(news, record.ErrTooLarge, 200)
	f := want(t, judge(t, in), "api/foo", Unreachable)
	if f.Reason != string(record.ErrTooLarge) || !strings.Contains(f.Message, news.URL) || f.Observed != "foo-chat" {
		t.Errorf("want the failed news page named and the list read reported: %+v", f)
	}

	in.Records[1] = news
	in.Health = []extract.Health{{Subject: "docs:news/news1226", URL: news.URL, Problem: "not HTML"}}
	f = want(t, judge(t, in), "api/foo", Unverified)
	if !strings.Contains(f.Message, "not HTML") {
		t.Errorf("want the extractor's report named: %s", f.Message)
	}
}

// A repository page covers a model family: when it could not be fetched, a
// claim about one member of the family ("LLM 7B" of repo org/LLM) cannot be
// called unverified — the page that would state it was never read. Found by
// the fault suite: a GitHub 429 deferring the README left size claims
// "unverified" instead of "unreachable".
func TestFailedFamilyRepoMakesMemberClaimUnreachable(t *testing.T) {
	q, err := catalog.ParseQuantity("7B", catalog.UnitParameters)
	if err != nil {
		t.Fatal(err)
	}
	size := withSubject(claim("size-7b", "count", catalog.FieldModelSizes, "7B"), "LLM 7B")
	size.Quantity = &q
	e := catalog.Entry{ID: "llm", Kind: catalog.KindPaper, Name: "LLM",
		Sources: catalog.Sources{GitHub: []catalog.RepoRef{{Owner: "org", Repo: "LLM"}},
			HuggingFace: []catalog.HFRef{{ID: "org/llm-67b-base"}}},
		Claims: []catalog.Claim{size}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{
			failedRec(rec(record.KindGitHubReadme, record.SourceGitHub, "org/LLM"), record.ErrRateLimited, 0),
			rec(record.KindHFModel, record.SourceHF, "org/llm-67b-base"),
		}}
	f := want(t, judge(t, in), "llm/size-7b", Unreachable)
	if f.Reason != string(record.ErrRateLimited) {
		t.Errorf("reason %q", f.Reason)
	}
	// Another family's repository never concerns the claim.
	e.Sources.GitHub = []catalog.RepoRef{{Owner: "org", Repo: "Coder"}}
	e.Sources.ArXiv = []catalog.ArXivRef{{ID: "2401.02954"}}
	in.Catalog = cat(t, e)
	in.Records[0] = failedRec(rec(record.KindGitHubReadme, record.SourceGitHub, "org/Coder"), record.ErrRateLimited, 0)
	paper := rec(record.KindArXivQuery, record.SourceArXiv, "2401.02954")
	paper.Resource.IDs = []string{"2401.02954"}
	in.Records = append(in.Records, paper)
	f = want(t, judge(t, in), "llm/size-7b", Unverified)
	// An unverified claim cites the pages that were read and said nothing
	// (the paper; not the 67B model's own page, which cannot speak for 7B).
	if len(f.Evidence) != 1 || f.Evidence[0].URL != paper.URL || f.Evidence[0].Quote != "" {
		t.Errorf("unverified evidence: %+v, want the arXiv page read, unquoted", f.Evidence)
	}
}

// A newer family member's status is not the model's own: V3.2-Exp in the
// organisation list is "experimental", which says nothing about V3.2 (review:
// a V3.2 "experimental" claim was verified by the V3.2-Exp ids). Family
// members still speak for "distilled" (R1-Distill-* of R1).
func TestStatusNotVerifiedByAFamilyMember(t *testing.T) {
	e := catalog.Entry{ID: "v32", Kind: catalog.KindModel, Name: "Foo-V3.2",
		Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/Foo-V3.2"}}},
		Claims:  []catalog.Claim{claim("status", "status", catalog.FieldReleaseStatus, "experimental")}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindHFModel, record.SourceHF, "org/Foo-V3.2"), rec(record.KindHFAuthorModels, record.SourceHF, "org")},
		Observations: []extract.Observation{
			ob("hf-org:org", "org/Foo-V3.2-Exp", extract.FieldOrgModel, "org/Foo-V3.2-Exp"),
		}}
	if f := want(t, judge(t, in), "v32/status", Unverified); len(f.Evidence) > 0 && strings.Contains(f.Evidence[0].Quote, "Exp") {
		t.Errorf("V3.2-Exp quoted as evidence for V3.2's status: %+v", f.Evidence)
	}
	r1 := catalog.Entry{ID: "r1", Kind: catalog.KindModel, Name: "Foo-R1",
		Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/Foo-R1"}}},
		Claims:  []catalog.Claim{claim("status", "status", catalog.FieldReleaseStatus, "distilled")}}
	in = Input{Catalog: cat(t, r1),
		Records: []record.Record{rec(record.KindHFModel, record.SourceHF, "org/Foo-R1"), rec(record.KindHFAuthorModels, record.SourceHF, "org")},
		Observations: []extract.Observation{
			ob("hf-org:org", "org/Foo-R1-Distill-Qwen-7B", extract.FieldOrgModel, "org/Foo-R1-Distill-Qwen-7B"),
		}}
	want(t, judge(t, in), "r1/status", Verified)
}

// A release happens once: when the release note and a later "Update" note
// both name the model, the earliest date is its release (review: a V3.1
// "released 2025-09" claim was verified by the 2025-09-22 update note while
// the 2025-08-21 release note said otherwise).
func TestReleasedIsTheEarliestTopDate(t *testing.T) {
	e := catalog.Entry{ID: "v31", Kind: catalog.KindReleaseNote, Name: "Foo-V3.1",
		Sources: catalog.Sources{Docs: []catalog.DocsRef{{Slug: "news/news250821"}, {Slug: "news/news250922"}}},
		Claims:  []catalog.Claim{claim("released", "date", catalog.FieldReleased, "2025-09")}}
	in := Input{Catalog: cat(t, e),
		Records: []record.Record{rec(record.KindDocsPage, record.SourceDocs, "news/news250821"), rec(record.KindDocsPage, record.SourceDocs, "news/news250922")},
		Observations: []extract.Observation{
			ob("docs:news/news250821", "", catalog.FieldReleaseNote, "Foo-V3.1 Release"),
			withDate(t, ob("docs:news/news250821", "", catalog.FieldReleased, "2025-08-21"), "2025-08-21"),
			ob("docs:news/news250922", "", catalog.FieldReleaseNote, "Foo-V3.1 Update"),
			withDate(t, ob("docs:news/news250922", "", catalog.FieldReleased, "2025-09-22"), "2025-09-22"),
		}}
	f := want(t, judge(t, in), "v31/released", Contradicted)
	if f.Observed != "2025-08-21" {
		t.Errorf("observed %q, want the release note's 2025-08-21", f.Observed)
	}
	in.Catalog.Entries[0].Claims[0] = claim("released", "date", catalog.FieldReleased, "2025-08")
	d := *date(t, "2025-08")
	in.Catalog.Entries[0].Claims[0].Date = &d
	want(t, judge(t, in), "v31/released", Verified)
}
