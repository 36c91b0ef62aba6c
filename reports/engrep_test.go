package reports

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
)

// TestVerdictTableAddsUp checks the table the text and Markdown reports
// share: a row per verdict in checks.Verdicts order, a column per shown
// kind, and every total the sum of its cells.
func TestVerdictTableAddsUp(t *testing.T) {
	for _, tc := range []struct {
		name      string
		r         *Report
		wantKinds int
		wantTotal int
	}{
		{"every kind", kindsReport(), len(checks.Kinds), len(kindsReport().Findings)},
		{"no gate findings", &Report{Findings: []checks.Finding{
			{Entry: "m", Claim: "a", Check: "claim.license", Verdict: checks.Verified},
			{Entry: "m", Claim: "b", Check: "claim.license", Verdict: checks.Contradicted},
			{Entry: "m", Claim: "c", Check: "checklist.x", Verdict: checks.Contradicted},
		}}, len(checks.Kinds) - 1, 3},
		{"empty", &Report{}, len(checks.Kinds) - 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Normalize(tc.r)
			tab := newVerdictTable(r)
			if len(tab.Kinds) != tc.wantKinds {
				t.Fatalf("kinds = %v, want %d of them", tab.Kinds, tc.wantKinds)
			}
			if tab.Total != tc.wantTotal {
				t.Errorf("total = %d, want %d", tab.Total, tc.wantTotal)
			}
			if len(tab.Rows) != len(checks.Verdicts) {
				t.Fatalf("%d rows, want one per verdict (%d)", len(tab.Rows), len(checks.Verdicts))
			}
			colSum := make([]int, len(tab.Kinds))
			grand := 0
			for i, row := range tab.Rows {
				if row.Verdict != checks.Verdicts[i] {
					t.Errorf("row %d is %s, want %s", i, row.Verdict, checks.Verdicts[i])
				}
				sum := 0
				for j, n := range row.Counts {
					sum += n
					colSum[j] += n
				}
				if sum != row.Total || row.Total != r.Summary[row.Verdict] {
					t.Errorf("%s: cells add up to %d, row total %d, summary %d", row.Verdict, sum, row.Total, r.Summary[row.Verdict])
				}
				grand += row.Total
			}
			for j, n := range colSum {
				if tab.ColTotal[j] != n || n != kindTotal(r, tab.Kinds[j]) {
					t.Errorf("column %s: total %d, cells %d, kind total %d", tab.Kinds[j], tab.ColTotal[j], n, kindTotal(r, tab.Kinds[j]))
				}
			}
			if grand != tab.Total {
				t.Errorf("rows add up to %d, total %d", grand, tab.Total)
			}
		})
	}
}

// TestSummarizeByKindUnknownKind: completing a summary keeps a kind outside
// checks.Kinds, with every verdict present, and adds every known kind; a
// computed summary counts per kind and verdict.
func TestSummarizeByKindUnknownKind(t *testing.T) {
	const odd = checks.Kind("odd")
	m := completeByKind(map[checks.Kind]map[checks.Verdict]int{odd: {checks.Missing: 2}})
	if len(m[odd]) != len(checks.Verdicts) || m[odd][checks.Missing] != 2 {
		t.Errorf("completed odd kind = %v, want every verdict with missing 2", m[odd])
	}
	for _, k := range checks.Kinds {
		if len(m[k]) != len(checks.Verdicts) {
			t.Errorf("completed kind %s = %v, want every verdict", k, m[k])
		}
	}
	m = SummarizeByKind([]checks.Finding{{Check: "claim.x", Verdict: checks.Expired}, {Check: "claim.y", Verdict: checks.Expired}})
	if got := m[checks.KindClaim][checks.Expired]; got != 2 {
		t.Errorf("claims expired = %d, want 2", got)
	}
	if len(m) != len(checks.Kinds) {
		t.Errorf("computed summary has %d kinds, want %d", len(m), len(checks.Kinds))
	}
}

func TestMdCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"guide.yaml", "`guide.yaml`"},
		{"a`b", "`a'b`"},
		{"two\nlines", "`two lines`"},
		{"", "``"},
	} {
		if got := mdCode(tc.in); got != tc.want {
			t.Errorf("mdCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestHTMLAssetsLoaded: the package-level assets are read once, and the
// page's policy allows exactly the embedded script (by its hash).
func TestHTMLAssetsLoaded(t *testing.T) {
	if htmlTmpl == nil || htmlCSS == "" || htmlScript == "" {
		t.Fatal("html assets not loaded")
	}
	sum := sha256.Sum256([]byte(htmlScript))
	if want := "script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(htmlCSP, want) {
		t.Errorf("CSP %q lacks %q", htmlCSP, want)
	}
}

// TestTimelineSpan: whole years around every date, at least two, and now
// only when it is less than two years after the last date.
func TestTimelineSpan(t *testing.T) {
	date := func(y, m, d int) catalog.Date {
		return catalog.Date{Year: y, Month: m, Day: d, Precision: catalog.PrecisionDay}
	}
	year := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name   string
		items  []timelineItem
		now    time.Time
		lo, hi time.Time
	}{
		{"one official date", []timelineItem{{off: date(2024, 5, 1), hasOf: true}}, time.Time{}, year(2024), year(2026)},
		{"catalog year and official date", []timelineItem{{cat: catalog.Date{Year: 2021, Precision: catalog.PrecisionYear}, hasCat: true, off: date(2023, 6, 30), hasOf: true}},
			time.Time{}, year(2021), year(2024)},
		{"an official date's day ends in the next year", []timelineItem{{off: date(2023, 12, 31), hasOf: true}}, time.Time{}, year(2023), year(2025)},
		{"now close after", []timelineItem{{off: date(2024, 5, 1), hasOf: true}}, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), year(2024), year(2026)},
		{"now long after", []timelineItem{{off: date(2020, 5, 1), hasOf: true}}, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), year(2020), year(2022)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi := timelineSpan(tc.items, tc.now)
			if !lo.Equal(tc.lo) || !hi.Equal(tc.hi) {
				t.Errorf("span = %s … %s, want %s … %s", lo.Format("2006-01-02"), hi.Format("2006-01-02"), tc.lo.Format("2006-01-02"), tc.hi.Format("2006-01-02"))
			}
		})
	}
}

// TestTimelineLegendVerdictOrder: the legend lists the verdicts present,
// in checks.Verdicts order, each placed after the one before.
func TestTimelineLegendVerdictOrder(t *testing.T) {
	items := []timelineItem{
		{f: checks.Finding{Verdict: checks.Outdated}},
		{f: checks.Finding{Verdict: checks.Verified}},
		{f: checks.Finding{Verdict: checks.Outdated}},
	}
	got := timelineLegend(items)
	if len(got) != 2 || got[0].Verdict != checks.Verified || got[1].Verdict != checks.Outdated {
		t.Fatalf("legend = %+v, want verified then outdated", got)
	}
	if got[0].X != 430 || got[1].X <= got[0].X || got[1].TextX != got[1].X+17 {
		t.Errorf("legend positions = %+v", got)
	}
	if timelineLegend(nil) != nil {
		t.Error("legend of no items is not nil")
	}
}
