package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// kindsReport has findings of every kind: claims, a checklist item, a
// source item, a catalog-wide coverage finding, an entry's coverage finding
// and a gate finding; one piece of evidence was revalidated (304), one
// came from the cache, and one finding had supporting pages left out.
func kindsReport() *Report {
	cached := ev(record.SourceHF, "https://huggingface.co/api/models/o/m", "$.cardData.license", "mit")
	cached.NotModified, cached.FromCache = true, true
	stored := ev(record.SourceDocs, "https://docs.example/news/x", "h1", "X Release")
	stored.FromCache = true
	fs := []checks.Finding{
		{Entry: "m", Claim: "license", Check: "claim.license", Field: "license", Verdict: checks.Verified, Severity: checks.SeverityInfo,
			Evidence: []record.Evidence{cached}, Location: pos(10, 3)},
		{Entry: "m", Claim: "context", Check: "claim.context", Field: "context_length", Verdict: checks.Contradicted, Severity: checks.SeverityError,
			Expected: "64K", Observed: "128K", Location: pos(11, 3),
			Evidence:        []record.Evidence{ev(record.SourceHF, "https://huggingface.co/o/m/raw/main/README.md", "line 4", "128K")},
			EvidenceOmitted: 5},
		{Entry: "m", Claim: "checklist.card-context", Check: "checklist.card-context", Field: "card-context", Verdict: checks.Verified, Severity: checks.SeverityInfo},
		{Entry: "m", Claim: "arxiv:2501.12948", Check: "sources.arxiv-version", Field: "latest_version", Verdict: checks.Outdated, Severity: checks.SeverityWarning},
		{Entry: "", Claim: "missing:release-note:2026-09-10 X", Check: "coverage.release-notes", Field: "release_note", Verdict: checks.Missing,
			Severity: checks.SeverityWarning, Evidence: []record.Evidence{stored}},
		{Entry: "m", Claim: "release-note:2026-07-31 Y", Check: "coverage.release-notes", Field: "release_note", Verdict: checks.Outdated, Severity: checks.SeverityWarning},
		{Entry: "", Claim: "setting:fail_on", Check: "gate.settings", Field: "fail_on", Verdict: checks.Unverified, Severity: checks.SeverityWarning},
	}
	return &Report{Tool: Tool{Name: "claimcheck", Version: "test"}, Now: sampleNow,
		Catalog:  CatalogInfo{Name: "kinds", Entries: 1, Claims: 2},
		Entries:  []EntryInfo{{ID: "m", Name: "M"}},
		Findings: fs}
}

const kindsSentence = "2 claims + 1 checklist item + 1 source item + 2 coverage findings + 1 gate finding = 7 findings"

func renderKinds(t *testing.T, format string, r *Report, opts ...Option) string {
	t.Helper()
	rep, err := ByName(format, opts...)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := rep.Write(&b, r); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return b.String()
}

func TestSummarizeByKindAddsUp(t *testing.T) {
	t.Parallel()
	r := kindsReport()
	byKind := SummarizeByKind(r.Findings)
	want := map[checks.Kind]int{checks.KindClaim: 2, checks.KindChecklist: 1, checks.KindSource: 1, checks.KindCoverage: 2, checks.KindGate: 1}
	sum := Summarize(nil)
	for _, k := range checks.Kinds {
		n := 0
		for v, c := range byKind[k] {
			n += c
			sum[v] += c
		}
		if n != want[k] {
			t.Errorf("%s: %d findings, want %d", k, n, want[k])
		}
		if len(byKind[k]) != len(checks.Verdicts) {
			t.Errorf("%s: %d verdict keys, want every verdict", k, len(byKind[k]))
		}
	}
	if got := Summarize(r.Findings); !mapsEqual(got, sum) {
		t.Errorf("kinds sum to %v, summary is %v", sum, got)
	}
}

func mapsEqual(a, b map[checks.Verdict]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestKindTotalsInEveryFormat: every format states the findings per kind and
// the per-kind numbers add up to the total.
func TestKindTotalsInEveryFormat(t *testing.T) {
	t.Parallel()
	r := kindsReport()
	for _, format := range Names() {
		out := renderKinds(t, format, r)
		switch format {
		case "text", "markdown", "html":
			if format == "html" {
				out = html.UnescapeString(out) // "+" is written &#43;
			}
			if !strings.Contains(out, kindsSentence) {
				t.Errorf("%s: lacks %q", format, kindsSentence)
			}
		case "json", "sarif":
			var doc struct {
				Summary       map[string]int            `json:"summary"`
				SummaryByKind map[string]map[string]int `json:"summary_by_kind"`
				Runs          []struct {
					Properties struct {
						Summary       map[string]int            `json:"summary"`
						SummaryByKind map[string]map[string]int `json:"summary_by_kind"`
					} `json:"properties"`
				} `json:"runs"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			sum, byKind := doc.Summary, doc.SummaryByKind
			if format == "sarif" {
				sum, byKind = doc.Runs[0].Properties.Summary, doc.Runs[0].Properties.SummaryByKind
			}
			want := map[string]int{"claim": 2, "checklist": 1, "source": 1, "coverage": 2, "gate": 1}
			total := map[string]int{}
			for k, vs := range byKind {
				n := 0
				for v, c := range vs {
					n += c
					total[v] += c
				}
				if n != want[k] {
					t.Errorf("%s: summary_by_kind[%s] = %d, want %d", format, k, n, want[k])
				}
			}
			if len(byKind) != len(want) {
				t.Errorf("%s: summary_by_kind has %d kinds, want %d", format, len(byKind), len(want))
			}
			for v, n := range sum {
				if total[v] != n {
					t.Errorf("%s: %s: kinds add up to %d, summary says %d", format, v, total[v], n)
				}
			}
		case "junit":
			var doc struct {
				Tests  int `xml:"tests,attr"`
				Suites []struct {
					Name  string `xml:"name,attr"`
					Tests int    `xml:"tests,attr"`
					Props []struct {
						Name  string `xml:"name,attr"`
						Value string `xml:"value,attr"`
					} `xml:"properties>property"`
				} `xml:"testsuite"`
			}
			if err := xml.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, s := range doc.Suites {
				n := 0
				for _, p := range s.Props {
					if strings.HasPrefix(p.Name, "kind.") {
						c, _ := strconv.Atoi(p.Value)
						n += c
					}
				}
				if n != s.Tests {
					t.Errorf("junit suite %q: kind.* properties add up to %d, tests = %d", s.Name, n, s.Tests)
				}
				total += n
			}
			if total != doc.Tests || total != 7 {
				t.Errorf("junit: kinds add up to %d, tests = %d, want 7", total, doc.Tests)
			}
		default:
			t.Errorf("format %s: no totals assertion; add one", format)
		}
	}
}

// TestTextTableAddsUp: in the text report's verdict table each row's kind
// columns add up to its total column, and the total row to the findings.
func TestTextTableAddsUp(t *testing.T) {
	t.Parallel()
	out := renderKinds(t, "text", kindsReport(), WithVerbose(true))
	row := regexp.MustCompile(`(?m)^  (\w+) +((?:\d+ +)+)(\d+)$`)
	rows := row.FindAllStringSubmatch(out, -1)
	if len(rows) != len(checks.Verdicts)+1 {
		t.Fatalf("%d table rows, want %d:\n%s", len(rows), len(checks.Verdicts)+1, out)
	}
	for _, m := range rows {
		n := 0
		for _, f := range strings.Fields(m[2]) {
			c, _ := strconv.Atoi(f)
			n += c
		}
		if tot, _ := strconv.Atoi(m[3]); n != tot {
			t.Errorf("row %s: columns add up to %d, total %d", m[1], n, tot)
		}
		if m[1] == "total" && m[3] != "7" {
			t.Errorf("total row = %s, want 7", m[3])
		}
	}
}

// TestCatalogWideLabel: a finding without an entry is labelled catalog-wide,
// never printed as "/claim".
func TestCatalogWideLabel(t *testing.T) {
	t.Parallel()
	r := kindsReport()
	r.Changes = &Changes{New: []checks.Finding{r.Findings[4]}}
	wants := map[string][]string{
		"text":     {"\ncatalog-wide\n", "+ missing      catalog-wide: missing:release-note:2026-09-10 X"},
		"markdown": {"catalog-wide: missing:release-note:2026-09-10 X"},
		"html":     {`<h3>catalog-wide</h3>`},
		"junit":    {`<testsuite name="catalog-wide"`, `classname="catalog-wide"`},
		"sarif":    {"catalog-wide: missing:release-note:2026-09-10 X (release_note) is missing"},
	}
	for format, ws := range wants {
		out := renderKinds(t, format, r, WithVerbose(true))
		for _, w := range ws {
			if !strings.Contains(out, w) {
				t.Errorf("%s: lacks %q", format, w)
			}
		}
		// (SARIF's partial fingerprint keeps its "entry/claim#check#field"
		// form: code scanning tracks results by it.)
		if strings.Contains(out, " /missing:") || strings.Contains(out, "| /missing") || strings.Contains(out, "\"text\": \"/missing:") ||
			(format != "sarif" && strings.Contains(out, "\"/missing:")) {
			t.Errorf("%s: prints a catalog-wide finding as /missing:…", format)
		}
	}
}

// TestCachedEvidenceLabel: evidence served by a 304 says "revalidated",
// evidence from the store says "cached", never plain "fetched".
func TestCachedEvidenceLabel(t *testing.T) {
	t.Parallel()
	r := kindsReport()
	for format, ws := range map[string][]string{
		"text":  {"(revalidated 2026-11-20 05:58 UTC (304, cached body))", "(cached, checked 2026-11-20 05:58 UTC)"},
		"html":  {"revalidated 2026-11-20 05:58 UTC (304, cached body)", "cached, checked 2026-11-20 05:58 UTC"},
		"junit": {"revalidated 2026-11-20T05:58:30Z (304, cached body)", "cached, checked 2026-11-20T05:58:30Z"},
		"json":  {`"not_modified": true`, `"from_cache": true`},
	} {
		out := renderKinds(t, format, r, WithVerbose(true))
		for _, w := range ws {
			if !strings.Contains(out, w) {
				t.Errorf("%s: lacks %q", format, w)
			}
		}
	}
	// A fresh response still says fetched.
	if out := renderKinds(t, "text", kindsReport(), WithVerbose(true)); !strings.Contains(out, "README.md (fetched 2026-11-20 05:58 UTC)") {
		t.Errorf("fresh evidence not labelled fetched:\n%s", out)
	}
}

func TestEvidenceWhen(t *testing.T) {
	t.Parallel()
	at := sampleFetched
	for _, c := range []struct {
		e    record.Evidence
		want string
	}{
		{record.Evidence{FetchedAt: at}, "fetched 2026-11-20 05:58 UTC"},
		{record.Evidence{FetchedAt: at, NotModified: true, FromCache: true}, "revalidated 2026-11-20 05:58 UTC (304, cached body)"},
		{record.Evidence{FetchedAt: at, FromCache: true}, "cached, checked 2026-11-20 05:58 UTC"},
		{record.Evidence{}, ""},
		{record.Evidence{NotModified: true}, "revalidated (304, cached body)"},
		{record.Evidence{FromCache: true}, "cached"},
	} {
		if got := evidenceWhen(c.e); got != c.want {
			t.Errorf("evidenceWhen(%+v) = %q, want %q", c.e, got, c.want)
		}
	}
}

// TestOmittedEvidenceShown: pages the judge left out are counted, not lost.
func TestOmittedEvidenceShown(t *testing.T) {
	t.Parallel()
	r := kindsReport()
	for format, w := range map[string]string{
		"text":     "README.md (fetched 2026-11-20 05:58 UTC) +5 more",
		"markdown": "+5 more",
		"html":     "5 more supporting pages not listed",
		"junit":    "evidence: 5 more supporting pages not listed",
		"json":     `"evidence_omitted": 5`,
	} {
		if out := renderKinds(t, format, r, WithVerbose(true)); !strings.Contains(out, w) {
			t.Errorf("%s: lacks %q", format, w)
		}
	}
}

func TestQuoteCount(t *testing.T) {
	t.Parallel()
	f := checks.Finding{Evidence: []record.Evidence{{Quote: "236B" + checks.QuoteSep + "16B"}, {Quote: "x"}, {}}}
	if n := quoteCount(f); n != 4 {
		t.Errorf("quoteCount = %d, want 4", n)
	}
}
