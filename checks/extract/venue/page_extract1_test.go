package venue

import (
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// pageHTML is a minimal page: head and body markup as given.
func pageHTML(head, body string) []byte {
	return []byte("<!doctype html><html><head>" + head + "</head><body>" + body + "</body></html>")
}

// observed is the first observation of field, or nil.
func observed(res extract.Result, field string) *extract.Observation {
	for i := range res.Observations {
		if res.Observations[i].Field == field {
			return &res.Observations[i]
		}
	}
	return nil
}

// TestPageVenueSources: each step of the venue lookup, in order; an earlier
// source wins, and an empty BibTeX booktitle names nothing (the next source
// is read).
func TestPageVenueSources(t *testing.T) {
	t.Parallel()
	const title = `<meta name="citation_title" content="A Paper">`
	for _, tc := range []struct {
		name       string
		url        string
		head, body string
		venue, loc string
		published  string // the published value, "" for none
	}{
		{"journal meta beats conference meta", "https://example.org/a",
			title + `<meta name="citation_journal_title" content="Nature"><meta name="citation_conference_title" content="Neural Information Processing Systems">`, "",
			"Nature", `meta[name="citation_journal_title"]`, ""},
		{"conference meta as an acronym with the year", "https://example.org/a",
			title + `<meta name="citation_conference_title" content="Neural Information Processing Systems"><meta name="citation_publication_date" content="2024/12/10">`, "",
			"NeurIPS 2024", `meta[name="citation_conference_title"]`, "2024/12/10"},
		{"BibTeX booktitle and year", "https://example.org/a",
			"", `<div id="papertitle">A Paper</div><div class="bibref">@InProceedings{x, booktitle = {Proceedings of the Conference on Computer Vision and Pattern Recognition (CVPR)}, year = {2025}}</div>`,
			"CVPR 2025", ".bibref", "2025"},
		{"empty booktitle falls through to the CVF header", "https://example.org/a",
			"", `<div id="papertitle">A Paper</div><div id="header_title">CVPR 2024 open access</div><div class="bibref">@InProceedings{x, booktitle = {}}</div>`,
			"CVPR 2024", "#header_title", "2024"},
		{"virtual site title with the year from the path", "https://example.org/virtual/2025/poster/123",
			"<title>ICLR Poster A Paper</title>", "",
			"ICLR 2025", "title", "2025"},
	} {
		res := extractPage(mkRecord(record.KindVenuePage, "", tc.url, pageHTML(tc.head, tc.body)))
		v := observed(res, catalog.FieldVenue)
		if v == nil {
			t.Errorf("%s: no venue; health %v", tc.name, res.Health)
			continue
		}
		if v.Value != tc.venue || v.Evidence.Locator != tc.loc {
			t.Errorf("%s: venue %q at %q, want %q at %q", tc.name, v.Value, v.Evidence.Locator, tc.venue, tc.loc)
		}
		p := observed(res, catalog.FieldPublished)
		switch {
		case tc.published == "" && p != nil:
			t.Errorf("%s: published %q, want none", tc.name, p.Value)
		case tc.published != "" && (p == nil || p.Value != tc.published):
			t.Errorf("%s: published %v, want %q", tc.name, p, tc.published)
		}
	}
}

// TestPageEmptyBooktitleAloneNamesNoVenue: a paper page whose only venue
// source is an empty booktitle gets the venue health item, not a venue "".
func TestPageEmptyBooktitleAloneNamesNoVenue(t *testing.T) {
	t.Parallel()
	res := extractPage(mkRecord(record.KindVenuePage, "", "https://example.org/b",
		pageHTML("", `<div id="papertitle">A Paper</div><div class="bibref">@InProceedings{x, booktitle = { }}</div>`)))
	if v := observed(res, catalog.FieldVenue); v != nil {
		t.Fatalf("venue %q from an empty booktitle", v.Value)
	}
	found := false
	for _, h := range res.Health {
		found = found || (h.Field == catalog.FieldVenue && strings.Contains(h.Problem, "no journal or conference"))
	}
	if !found {
		t.Fatalf("no venue health item: %v", res.Health)
	}
}

// TestPageJournalRef: the journal reference needs a volume; issue, pages and
// the year are added when stated.
func TestPageJournalRef(t *testing.T) {
	t.Parallel()
	const head = `<meta name="citation_title" content="A Paper"><meta name="citation_journal_title" content="Nature"><meta name="citation_publication_date" content="2025/09/17">`
	for _, tc := range []struct{ extra, want string }{
		{"", ""},
		{`<meta name="citation_volume" content="645">`, "Nature 645 (2025)"},
		{`<meta name="citation_volume" content="645"><meta name="citation_issue" content="8081"><meta name="citation_firstpage" content="633"><meta name="citation_lastpage" content="638">`, "Nature 645 (8081), 633-638 (2025)"},
	} {
		res := extractPage(mkRecord(record.KindVenuePage, "", "https://example.org/c", pageHTML(head+tc.extra, "")))
		got := ""
		if o := observed(res, extract.FieldJournalRef); o != nil {
			got = o.Value
		}
		if got != tc.want {
			t.Errorf("journal_ref %q, want %q (meta %s)", got, tc.want, tc.extra)
		}
	}
}
