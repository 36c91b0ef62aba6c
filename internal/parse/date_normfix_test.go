package parse

import (
	"strings"
	"testing"
)

// A timestamp with an explicit offset dates the calendar day as written in
// that offset; only Z/UTC stamps are UTC days.
func TestParseDateOffsetKeepsLocalDay(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"2024-09-19T00:00:00+08:00", "2024-09-19"},
		{"2025-03-25T00:00:00+08:00", "2025-03-25"},
		{"2024-05-14T21:00:00-07:00", "2024-05-14"},
		{"2024-05-14T23:59:59-12:00", "2024-05-14"},
		{"2024-05-14T23:30:00Z", "2024-05-14"},
		{"2024-05-14T00:30:00+00:00", "2024-05-14"},
		{"2024-12-31T23:00:00.123+08:00", "2024-12-31"},
	} {
		d, ok := ParseDate(tc.in)
		if !ok || d.String() != tc.want {
			t.Errorf("ParseDate(%q) = %v %v, want %s", tc.in, d, ok, tc.want)
		}
	}
	var got []string
	for _, f := range FindDates(`<meta property="article:published_time" content="2025-03-25T00:00:00+08:00">`, 0) {
		got = append(got, f.String())
	}
	if strings.Join(got, ",") != "2025-03-25" {
		t.Errorf("FindDates offset stamp = %v, want [2025-03-25]", got)
	}
}

// A number glued to a model name or counting after "top" is not a day: the
// month is read at month precision instead.
func TestFindDatesDayNotGluedToName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Phi-3 June 2024 Update", []string{"2024-06"}},
		{"top 10 March 2025", []string{"2025-03"}},
		{"Top 5 May 2024 releases", []string{"2024-05"}},
		{"Llama-3.1 8 July 2024", []string{"2024-07"}},
		{"GPT-4 3 May 2024", []string{"2024-05"}},
		{"v1.3 May 2024", []string{"2024-05"}},
		{"version 2 May 2024", []string{"2024-05"}},
		// Real days still read as days.
		{"Published 8 Aug 2025 in cs.CL", []string{"2025-08-08"}},
		{"Released: 6 May 2024", []string{"2024-05-06"}},
		{"On 6 May 2024 we released it", []string{"2024-05-06"}},
		{"(6 May 2024)", []string{"2024-05-06"}},
		{"Tue, 16 Apr 2024 12:52:47 UTC", []string{"2024-04-16"}},
		{"the 6th of May, 2024", []string{"2024-05-06"}},
		{"6 May 2024", []string{"2024-05-06"}},
	} {
		var got []string
		for _, f := range FindDates(tc.in, 0) {
			got = append(got, f.String())
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("FindDates(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
