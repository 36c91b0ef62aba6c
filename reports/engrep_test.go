package reports

import (
	"crypto/sha256"
	"encoding/base64"
	"reflect"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks"
)

// TestVerdictTableAddsUp checks the table the text and Markdown reports
// share: a row per verdict in checks.Verdicts order, a column per shown
// kind, and every total the sum of its cells.
func TestVerdictTableAddsUp(t *testing.T) {
	reports := map[string]*Report{
		"every kind": kindsReport(),
		"no gate findings": {Findings: []checks.Finding{
			{Entry: "m", Claim: "a", Check: "claim.license", Verdict: checks.Verified},
			{Entry: "m", Claim: "b", Check: "claim.license", Verdict: checks.Contradicted},
			{Entry: "m", Claim: "c", Check: "checklist.x", Verdict: checks.Contradicted},
		}},
		"empty": {},
	}
	for name, in := range reports {
		t.Run(name, func(t *testing.T) {
			r := Normalize(in)
			tab := newVerdictTable(r)
			hasGate := kindTotal(r, checks.KindGate) > 0
			if wantKinds := len(checks.Kinds) - 1; hasGate && len(tab.Kinds) != wantKinds+1 || !hasGate && len(tab.Kinds) != wantKinds {
				t.Fatalf("kinds = %v with gate findings %v", tab.Kinds, hasGate)
			}
			if tab.Total != len(in.Findings) {
				t.Errorf("total = %d, want %d", tab.Total, len(in.Findings))
			}
			checkTableSums(t, r, tab)
		})
	}
}

// checkTableSums fails t unless every row's total is its cells' sum and
// the summary's count, every column's total its cells' sum and the kind's
// total, and the grand total the rows' sum.
func checkTableSums(t *testing.T, r *Report, tab verdictTable) {
	t.Helper()
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
	got := []string{mdCode("guide.yaml"), mdCode("a`b"), mdCode("two\nlines"), mdCode("")}
	want := []string{"`guide.yaml`", "`a'b`", "`two lines`", "``"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("mdCode = %q, want %q", got, want)
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
