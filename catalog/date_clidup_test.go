package catalog

import "testing"

// TestDateString pins the catalog's date form, now written by package
// parse: each precision, zero-padded, and any precision other than year or
// month written as a day.
func TestDateString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		d    Date
		want string
	}{
		{Date{Year: 2024, Precision: PrecisionYear}, "2024"},
		{Date{Year: 2024, Month: 12, Precision: PrecisionYear}, "2024"},
		{Date{Year: 2024, Month: 3, Precision: PrecisionMonth}, "2024-03"},
		{Date{Year: 2026, Month: 7, Day: 4, Precision: PrecisionDay}, "2026-07-04"},
		{Date{Year: 987, Month: 1, Day: 2, Precision: PrecisionDay}, "0987-01-02"},
		{Date{Year: 2026, Month: 7, Day: 4}, "2026-07-04"},
	} {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// FuzzDateString checks that a date the catalog accepts is written back in
// the form it parses to the same date.
func FuzzDateString(f *testing.F) {
	for _, s := range []string{"2024", "2024-12", "2026-07-24", "1900-01-01", "2999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		back, err := ParseDate(d.String())
		if err != nil {
			t.Fatalf("ParseDate(%q) = %+v, whose String %q does not parse: %v", s, d, d.String(), err)
		}
		if back != d {
			t.Fatalf("ParseDate(%q) = %+v; its String %q parses to %+v", s, d, d.String(), back)
		}
	})
}
