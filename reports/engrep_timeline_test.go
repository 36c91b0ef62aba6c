package reports

import (
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
)

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
