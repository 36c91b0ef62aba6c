package reports

import (
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks"
)

// A cited paper's latest version is drawn at the version's date, with no
// catalog band (a version is no date); one without a date is not drawn.
func TestTimelineDrawsPaperVersions(t *testing.T) {
	t.Parallel()
	r := sampleReport()
	base := len(buildTimeline(Normalize(sampleReport())).Rows)
	r.Findings = append(r.Findings,
		checks.Finding{Entry: "deepseek-r1", Claim: "arxiv:2501.12948", Check: "sources.arxiv-version", Field: versionField,
			Verdict: checks.Outdated, Severity: checks.SeverityWarning, Observed: "v2 of 2026-01-04"},
		checks.Finding{Entry: "deepseek-r1", Claim: "arxiv:2501.12949", Check: "sources.arxiv-version", Field: versionField,
			Verdict: checks.Unverified, Severity: checks.SeverityWarning, Observed: "v3"},
	)
	tl := buildTimeline(Normalize(r))
	if len(tl.Rows) != base+1 {
		t.Fatalf("%d rows, want %d (the dated version only)", len(tl.Rows), base+1)
	}
	var row *timelineRow
	for i := range tl.Rows {
		if strings.Contains(tl.Rows[i].Label, "arXiv 2501.12948 v2") {
			row = &tl.Rows[i]
		}
	}
	if row == nil {
		t.Fatalf("no row for the version finding: %+v", tl.Rows)
	}
	if row.HasCat || !row.HasOff {
		t.Errorf("row %+v: want an official point and no catalog band", row)
	}
}
