package parse

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSpace(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Large\n  Connectivity Limit", "Large Connectivity Limit"},
		{"Date: 2025-09-29\u200b", "Date: 2025-09-29"},
		{"Journal\u00a0reference:", "Journal reference:"},
		{"  \t a \u202f b\r\n", "a b"},
		{"zero\u200bwidth\ufeff\u2060", "zerowidth"},
		{"Deep\u00adSeek", "DeepSeek"}, // soft hyphen
		{"", ""},
		{"\u200b \u00a0", ""},
		{"bad\xffbyte", "badbyte"},
		{"keep\ufffdnot", "keepnot"},
	} {
		if got := Space(tc.in); got != tc.want {
			t.Errorf("Space(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Cut("深度求索", 4); got != "深" {
		t.Errorf("Cut on a rune boundary: %q", got)
	}
}

func TestParseCount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in    string
		value float64
		half  float64
		bound Bound
		ok    bool
	}{
		{"671B", 671e9, 0.5e9, Exact, true},
		{"16.4B", 16.4e9, 0.05e9, Exact, true},
		{"14.8T", 14.8e12, 0.05e12, Exact, true},
		{"2.4b", 2.4e9, 0.05e9, Exact, true},
		{"1 million", 1e6, 0.5e6, Exact, true},
		{"5.5 trillion", 5.5e12, 0.05e12, Exact, true},
		{"one million", 1e6, 0, Exact, true},
		{"a million", 1e6, 0, Exact, true},
		{"twenty-six", 26, 0, Exact, true},
		{"eight", 8, 0, Exact, true},
		{"128K", 128e3, 0.5e3, Exact, true},
		{"671,000,000,000", 671e9, 0.5, Exact, true},
		{"500", 500, 0.5, Exact, true},
		{"over 5.5 trillion", 5.5e12, 0.05e12, Lower, true},
		{"more than 32T", 32e12, 0.5e12, Lower, true},
		{"approximately 2T", 2e12, 0.5e12, About, true},
		{"nearly 1 billion", 1e9, 0.5e9, About, true},
		{"up to 6T", 6e12, 0.5e12, Upper, true},
		{"~3B", 3e9, 0.5e9, About, true},
		{"236 billion", 236e9, 0.5e9, Exact, true},
		{"355\u00a0billion", 355e9, 0.5e9, Exact, true},
		{"3550 亿", 355e9, 0.5e8, Exact, true},
		{"320亿", 32e9, 0.5e8, Exact, true},
		{"1,000B", 0, 0, 0, false},
		{"1,00", 0, 0, 0, false},
		{"a", 0, 0, 0, false},
		{"a B", 0, 0, 0, false},
		{"-", 0, 0, 0, false},
		{"", 0, 0, 0, false},
		{"B", 0, 0, 0, false},
		{"1.2.3B", 0, 0, 0, false},
		{"1e99", 0, 0, 0, false},
		{"twenty-zero", 0, 0, 0, false},
		{"9999999999 trillion", 0, 0, 0, false},
	} {
		c, ok := ParseCount(tc.in)
		if ok != tc.ok || ok && (c.Value != tc.value || c.Half != tc.half || c.Bound != tc.bound) {
			t.Errorf("ParseCount(%q) = %+v, %v; want %g ±%g %v, %v", tc.in, c, ok, tc.value, tc.half, tc.bound, tc.ok)
		}
	}
}

func TestInteger(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"26": 26, "eight": 8, "1,048,576": 1048576, "Twenty one": 21} {
		if got, ok := Integer(in); !ok || got != want {
			t.Errorf("Integer(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"8B", "over 8", "1.5", "", "lots"} {
		if _, ok := Integer(bad); ok {
			t.Errorf("Integer(%q) accepted", bad)
		}
	}
}

func TestParseContext(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"128K", 131072, true}, {"128k", 131072, true}, {"1M", 1 << 20, true}, {"384K", 393216, true},
		{"32K tokens", 32768, true}, {"32k-token", 32768, true}, {"4096", 4096, true}, {"16,384", 16384, true},
		{"163,840", 163840, true}, {"1.5K", 1536, true}, {"1.3K", 1331.2, true},
		{"one million", 1 << 20, true}, {"one million tokens", 1 << 20, true}, {"1 million tokens", 1 << 20, true},
		{"a million tokens", 1 << 20, true}, {"16K\u00a0tokens", 16384, true},
		{"MAXIMUM: 8K", 0, false}, {"", 0, false}, {"K", 0, false}, {"-1K", 0, false}, {"1e99", 0, false},
		{"one", 0, false}, {"1,024K", 0, false}, {"0", 0, false}, {"lots", 0, false}, {"128B", 0, false},
	} {
		got, ok := ParseContext(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseContext(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
	}{
		{"2024-12-26", "2024-12-26"},
		{"2025/09/29", "2025-09-29"},
		{"2024.05.06", "2024-05-06"},
		{"2025-2-6", "2025-02-06"},
		{"2024-05-07T15:56:43Z", "2024-05-07"},
		{"2016-10-09T00:00:00-04:00", "2016-10-09"},
		{"2025-01-01T02:00:00+05:00", "2025-01-01"}, // the day as written in its offset
		{"2025-06-30T00:00:00.000000Z", "2025-06-30"},
		{"2026-04-22T06:04:45.000Z", "2026-04-22"},
		{"2024-12-26 04:03:16", "2024-12-26"},
		{"2024-12", "2024-12"},
		{"2025/09", "2025-09"},
		{"2024", "2024"},
		{"May 6, 2024", "2024-05-06"},
		{"May 6 2024", "2024-05-06"},
		{"Sept 3, 2024", "2024-09-03"},
		{"Sept. 3rd, 2024", "2024-09-03"},
		{"September 30, 2026", "2026-09-30"},
		{"6 May 2024", "2024-05-06"},
		{"31 Dec 2024", "2024-12-31"},
		{"the 1st of June, 2025", "2025-06-01"},
		{"Tue, 16 Apr 2024 12:52:47 UTC", "2024-04-16"},
		{"December 2023", "2023-12"},
		{"Dec. 2023", "2023-12"},
		{"2024年5月6日", "2024-05-06"},
		{"26/12/2024", "2024-12-26"},
		{"12/26/2024", "2024-12-26"},
		{"2024-12-26.", "2024-12-26"},
	} {
		d, ok := ParseDate(tc.in)
		if !ok || d.String() != tc.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", tc.in, d, ok, tc.want)
		}
	}
	for _, bad := range []string{
		"2025-02-30", "2025-13", "2024-13-01", "2525/06/06", "1/3/2025", "may 2024", "Sep", "", "2024-05/06",
		"June/July 2024", "2024.05", "v2.2024", "Mayday 2024", "Feb 30, 2024", "12345",
	} {
		if d, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) = %v, want rejected", bad, d)
		}
	}
}

func TestFindDates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Release Date: June 17, 2025; retired on September 30, 2026.", []string{"2025-06-17", "2026-09-30"}},
		{"[Submitted on 13 Mar 2024 (v1), last revised 16 Apr 2024 (this version, v4)]", []string{"2024-03-13", "2024-04-16"}},
		{"- 2024.05.16: We released Foo-Lite.", []string{"2024-05-16"}},
		{"Date cutoff: Dec. 2023.", []string{"2023-12"}},
		{"We may 2024 see", nil},
		{"version 1.2024.05.06 and 2024.05.06.1", nil},
		{"AIME 2025 and HMMT 2025", nil},
		{"Published 8 Aug 2025 in cs.CL", []string{"2025-08-08"}},
		{"Typo 2525/06/06 here", nil},
		{"<time datetime=\"2025-03-04T10:00:00+00:00\">", []string{"2025-03-04"}},
	} {
		var got []string
		for _, f := range FindDates(tc.in, 0) {
			got = append(got, f.String())
			if tc.in[f.Start:f.End] != f.Text {
				t.Errorf("span of %q", f.Text)
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("FindDates(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if n := len(FindDates(strings.Repeat("May 1, 2024 ", 50), 3)); n != 3 {
		t.Errorf("max: %d", n)
	}
}

func TestParseISO(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want string
		err  error
	}{
		{"2024", "2024", nil}, {"2024-12", "2024-12", nil}, {"2026-07-24", "2026-07-24", nil},
		{"2024-2-1", "", ErrISOForm}, {"May 2024", "", ErrISOForm}, {"1899", "", ErrISOYear},
		{"2024-13", "", ErrISOMonth}, {"2023-02-29", "", ErrISODay}, {"2024-02-29", "2024-02-29", nil},
	} {
		d, err := ParseISO(tc.in, 1900, 2999)
		if !errors.Is(err, tc.err) || err == nil && d.String() != tc.want {
			t.Errorf("ParseISO(%q) = %v, %v; want %q, %v", tc.in, d, err, tc.want, tc.err)
		}
	}
}

func TestMonthNumber(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{"Sept": 9, "sep.": 9, "September": 9, "May": 5, "dec": 12, "June": 6} {
		if got, ok := MonthNumber(in); !ok || got != want {
			t.Errorf("MonthNumber(%q) = %d, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"Ma", "Mayo", "", "Septembre"} {
		if _, ok := MonthNumber(bad); ok {
			t.Errorf("MonthNumber(%q) accepted", bad)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"128K", "over 5.5 trillion", "one million tokens", "2024.05.06", "May 6, 2024",
		"Tue, 16 Apr 2024 12:52:47 UTC", "2024年5月6日", "12/26/2024", "671,000,000,000", "\xff\u00ad"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp := Space(s)
		if !utf8.ValidString(sp) || Space(sp) != sp || strings.TrimSpace(sp) != sp {
			t.Fatalf("Space(%q) = %q is not a fixed point", s, sp)
		}
		if c, ok := ParseCount(s); ok && (c.Value < 0 || c.Value > maxValue) {
			t.Fatalf("ParseCount(%q) = %+v", s, c)
		}
		if v, ok := ParseContext(s); ok && (v < 1 || v > 1e12) {
			t.Fatalf("ParseContext(%q) = %v", s, v)
		}
		if d, ok := ParseDate(s); ok {
			if d.Year < MinYear || d.Year > MaxYear {
				t.Fatalf("ParseDate(%q) = %v out of range", s, d)
			}
			if back, ok := ParseDate(d.String()); !ok || back != d {
				t.Fatalf("ParseDate(%q) = %v does not round-trip: %v %v", s, d, back, ok)
			}
		}
		for _, fd := range FindDates(s, 8) {
			if fd.Start < 0 || fd.End > len(s) || s[fd.Start:fd.End] != fd.Text {
				t.Fatalf("FindDates(%q): bad span %+v", s, fd)
			}
		}
		if d, err := ParseISO(s, 1000, 9999); err == nil && d.String() != strings.TrimSpace(s) {
			t.Fatalf("ParseISO(%q) = %v", s, d)
		}
	})
}
