package docs

import (
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Tests pinning the branches that the extract2 refactor moved into named
// steps (anaphora, labelled rows, dated sections, dayShape), on pages written
// here in plain HTML.

// htmlRecord is a plain-HTML docs page at slug with the given role.
func htmlRecord(slug, role, body string) record.Record {
	rec := mkRecord(slug, []byte("<html><body><main><article>"+body+"</article></main></body></html>"))
	rec.Resource.Role = role
	return rec
}

func TestLegacyAnaphoraExtract2(t *testing.T) {
	t.Parallel()
	page := `<p>Use <code>acme-chat-2</code> for chat.</p>
<p>We released Acme Chat 1 (acme-chat-1). This model will be retired on 2031-05-06.</p>
<p>We released Acme Chat 2 (acme-chat-2). The model is fast.</p>
<p>We released Acme Chat 0 (acme-chat-0). This model is still accepted and will be retired on 2031-01-01.</p>`
	res := Extract(htmlRecord("notes", "", page))
	o := one(t, res, "", extract.FieldAPIModelLegacy, "acme-chat-1")
	if o.Date == nil || o.Date.String() != "2031-05-06" {
		t.Errorf("acme-chat-1 date = %v", o.Date)
	}
	if want := "This model will be retired on 2031-05-06."; o.Value != want {
		t.Errorf("value = %q, want %q", o.Value, want)
	}
	if !strings.HasPrefix(o.Evidence.Quote, "We released Acme Chat 1 (acme-chat-1).") {
		t.Errorf("quote %q does not start with the sentence naming the model", o.Evidence.Quote)
	}
	for _, m := range []string{"acme-chat-2", "acme-chat-0"} {
		if got := find(res, "", extract.FieldAPIModelLegacy, m); len(got) != 0 {
			t.Errorf("%s reported legacy: %+v", m, got)
		}
	}
}

func TestLegacyRetiredServedByNextSentenceExtract2(t *testing.T) {
	t.Parallel()
	page := `<p>Current ids: <code>acme-v3</code>.</p>
<p>The names acme-old-chat and acme-old-coder are still accepted, but the models have been retired. They are served by acme-v3.</p>`
	res := Extract(htmlRecord("notes", "", page))
	for _, m := range []string{"acme-old-chat", "acme-old-coder"} {
		if o := one(t, res, "", extract.FieldAPIModelRetired, m); o.Value != "served by acme-v3" {
			t.Errorf("%s value = %q", m, o.Value)
		}
	}
}

func TestPricingLabelledRowsExtract2(t *testing.T) {
	t.Parallel()
	page := `<table>
<tr><th>MODEL</th><th>acme-chat</th><th>acme-think(1)</th><th>acme-chat</th></tr>
<tr><td>MODEL VERSION</td><td>Acme-V3</td><td>Acme-V3-Think</td></tr>
<tr><td>CONTEXT LENGTH</td><td>64K</td><td>lots</td></tr>
<tr><td>MAX OUTPUT</td><td>DEFAULT: 4K MAXIMUM: 8K</td><td>32K</td></tr>
<tr><td>PRICE</td><td>1</td><td>2</td></tr>
</table>`
	res := Extract(htmlRecord("pricing", catalog.DocsRoleModels, page))
	if got := find(res, "", catalog.FieldAPIModel, ""); len(got) != 2 {
		t.Fatalf("api models = %d, want 2 (a repeated id once, footnote dropped): %+v", len(got), got)
	}
	for _, tc := range []struct {
		field, model, value string
		tokens              float64
	}{
		{catalog.FieldModelName, "acme-think", "Acme-V3-Think", 0},
		{catalog.FieldContextLength, "acme-chat", "64K", 65536},
		{extract.FieldMaxOutput, "acme-chat", "DEFAULT: 4K MAXIMUM: 8K", 8192},
		{extract.FieldMaxOutput, "acme-think", "32K", 32768},
	} {
		o := one(t, res, "", tc.field, tc.model)
		if o.Value != tc.value {
			t.Errorf("%s %s value = %q, want %q", tc.field, tc.model, o.Value, tc.value)
		}
		if tc.tokens > 0 && (o.Quantity == nil || o.Quantity.Value != tc.tokens) {
			t.Errorf("%s %s quantity = %+v, want %g", tc.field, tc.model, o.Quantity, tc.tokens)
		}
		if !strings.HasSuffix(o.Evidence.Locator, "tr:nth-child(2)") && !strings.HasSuffix(o.Evidence.Locator, "tr:nth-child(3)") && !strings.HasSuffix(o.Evidence.Locator, "tr:nth-child(4)") {
			t.Errorf("%s %s locator = %q", tc.field, tc.model, o.Evidence.Locator)
		}
	}
	if got := find(res, "", catalog.FieldContextLength, "acme-think"); len(got) != 0 {
		t.Errorf("a context cell that is no length was read: %+v", got)
	}
	var problems []string
	for _, h := range res.Health {
		problems = append(problems, h.Problem)
	}
	joined := strings.Join(problems, "\n")
	if !strings.Contains(joined, `context length "lots" for acme-think is not a length`) {
		t.Errorf("health %q lacks the bad context cell", joined)
	}
	if strings.Contains(joined, "model table has no") {
		t.Errorf("health %q reports a row the table has", joined)
	}
}

func TestDatedHeadingSectionsExtract2(t *testing.T) {
	t.Parallel()
	page := `<h1>Changes</h1>
<h2 id="v2">[2.0.0] - 2031-03-04</h2><h3>Added</h3><p>Support for Acme-V5 in the client.</p>
<h2>March 9, 2031</h2><p>Acme-V6 is now available.</p>
<h2>2525/06/06</h2><p>A typo.</p>
<h2>Older</h2><p>Acme-V1 was released.</p>`
	res := Extract(htmlRecord("changes", catalog.DocsRoleChangelog, page))
	var entries []string
	for _, o := range find(res, "", extract.FieldChangelogEntry, "") {
		entries = append(entries, o.Model+"|"+o.Value+"|"+o.Date.String()+"|"+o.Evidence.Locator)
	}
	want := []string{
		"|[2.0.0]: Added|2031-03-04|h2#v2", // a version section: no per-model entry for Acme-V5
		"|2031-03-09|2031-03-09|main article h2:nth-of-type(2)",
		"Acme-V6|2031-03-09|2031-03-09|main article h2:nth-of-type(2)",
	}
	if strings.Join(entries, "\n") != strings.Join(want, "\n") {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(entries, "\n"), strings.Join(want, "\n"))
	}
	found := false
	for _, h := range res.Health {
		found = found || strings.Contains(h.Problem, `implausible date "2525/06/06"`)
	}
	if !found {
		t.Errorf("no health for the implausible year: %+v", res.Health)
	}
}

func TestDayShapeExtract2(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in       string
		findDate string // "" when none
		dateIn   string // "" when none
		span     string
	}{
		{in: "on 2031-02-03 or March 1, 2031", findDate: "2031-02-03", dateIn: "2031-02-03", span: "2031-02-03"},
		{in: "on March 1, 2031 or 2031-02-03", findDate: "2031-03-01", dateIn: "2031-03-01", span: "March 1, 2031"},
		{in: "2031年2月3日发布", findDate: "2031-02-03", dateIn: "2031-02-03", span: "2031年2月3日"},
		{in: "3 Feb 2031", findDate: "2031-02-03", dateIn: "2031-02-03", span: "3 Feb 2031"},
		{in: "2031-02-30"},
		{in: "2031-13-01"},
		{in: "1200-01-02", findDate: "1200-01-02"}, // findDate takes any year from 1000; dateIn only plausible ones
		{in: "0999-01-02"},
		{in: "March 2031", dateIn: "2031-03", span: "March 2031"}, // month precision: dateIn only
		{in: "no date"},
	} {
		d, ok := findDate(tc.in)
		if got := ""; ok {
			got = d.String()
			if got != tc.findDate {
				t.Errorf("findDate(%q) = %s, want %q", tc.in, got, tc.findDate)
			}
		} else if tc.findDate != "" {
			t.Errorf("findDate(%q) = none, want %s", tc.in, tc.findDate)
		}
		d, start, end, ok := dateIn(tc.in)
		switch {
		case ok != (tc.dateIn != ""):
			t.Errorf("dateIn(%q) ok = %v, want %q", tc.in, ok, tc.dateIn)
		case ok && (d.String() != tc.dateIn || tc.in[start:end] != tc.span):
			t.Errorf("dateIn(%q) = %s %q, want %s %q", tc.in, d.String(), tc.in[start:end], tc.dateIn, tc.span)
		}
	}
}
