package parse

import "testing"

// A day written straight after a label's colon is a day.
func TestFindDatesAfterColon(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"Released:3 May 2024", "Release date:3 May 2024", "Released: 3 May 2024"} {
		ds := FindDates(s, 2)
		if len(ds) == 0 || ds[0].Date.String() != "2024-05-03" {
			t.Errorf("FindDates(%q) = %+v, want 2024-05-03", s, ds)
		}
	}
}
