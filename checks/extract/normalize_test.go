package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeSpace(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large\n  Connectivity Limit", "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"},
		{"Date: 2025-09-29\u200b", "Date: 2025-09-29"},
		{"Journal\u00a0reference:", "Journal reference:"},
		{"  \t a \u202f b\r\n", "a b"},
		{"zero\u200bwidth\ufeff", "zerowidth"},
		{"", ""},
		{"\u200b \u00a0", ""},
		{"bad\xffbyte", "badbyte"},
	} {
		if got := NormalizeSpace(tc.in); got != tc.want {
			t.Errorf("NormalizeSpace(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeTitle(t *testing.T) {
	same := [][]string{
		{"DeepSeek-Coder: When the Large Language Model Meets Programming -- The Rise of Code Intelligence",
			"DeepSeek-Coder: When the Large Language Model Meets Programming — The Rise of Code Intelligence",
			"DeepSeek-Coder: When the Large Language Model Meets Programming\u2013The Rise of Code Intelligence."},
		{"DeepSeek-V3 Technical Report", "DeepSeek-V3  Technical\nReport"},
		{"“Quoted” title", "\"Quoted\" title"},
		{"Title : sub", "Title: sub"},
	}
	for _, group := range same {
		want := NormalizeTitle(group[0])
		for _, s := range group[1:] {
			if got := NormalizeTitle(s); got != want {
				t.Errorf("NormalizeTitle(%q) = %q, want %q", s, got, want)
			}
		}
	}
	if NormalizeTitle("DeepSeek-V2-Lite") == NormalizeTitle("DeepSeek-V2") {
		t.Error("hyphens inside names must stay")
	}
}

func TestParseContextLength(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"128K", 131072, true}, {"128k", 131072, true}, {"1M", 1048576, true}, {"384K", 393216, true},
		{"32K tokens", 32768, true}, {"4096", 4096, true}, {"16,384", 16384, true}, {"1.5K", 1536, true},
		{"MAXIMUM: 8K", 0, false}, {"", 0, false}, {"K", 0, false}, {"-1K", 0, false}, {"1e99", 0, false},
	} {
		got, ok := ParseContextLength(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseContextLength(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"2024-12-26", "2024-12-26", true},
		{"2025/09/29", "2025-09-29", true},
		{"2024-05-07T15:56:43Z", "2024-05-07", true},
		{"2016-10-09T00:00:00-04:00", "2016-10-09", true},
		{"2025-01-01T02:00:00+05:00", "2025-01-01", true}, // the day as written in its offset
		{"2024-12", "2024-12", true},
		{"2025/09", "2025-09", true},
		{"2024", "2024", true},
		{"2025-02-30", "", false},
		{"2025-13", "", false},
		{"Sep 2025", "2025-09", true}, // prose months: one parser (internal/parse)
		{"2525/06/06", "", false},
		{"", "", false},
	} {
		d, ok := ParseDate(tc.in)
		if ok != tc.ok || (ok && d.String() != tc.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %q, %v", tc.in, d, ok, tc.want, tc.ok)
		}
	}
}

func TestDateParts(t *testing.T) {
	for _, tc := range []struct {
		in   []int
		want string
		ok   bool
	}{
		{[]int{2025, 9, 17}, "2025-09-17", true},
		{[]int{2024, 8}, "2024-08", true},
		{[]int{2024}, "2024", true},
		{[]int{2025, 2, 30}, "2025-02", true},
		{[]int{2025, 13}, "2025", true},
		{nil, "", false},
		{[]int{99}, "", false},
	} {
		d, ok := DateParts(tc.in)
		if ok != tc.ok || (ok && d.String() != tc.want) {
			t.Errorf("DateParts(%v) = %v, %v; want %q", tc.in, d, ok, tc.want)
		}
	}
}

func TestTruncateQuote(t *testing.T) {
	long := strings.Repeat("深度求索 ", 200)
	q := TruncateQuote(long)
	if len(q) > MaxQuote || !utf8.ValidString(q) || !strings.HasSuffix(q, "…") {
		t.Errorf("TruncateQuote: len %d valid %v", len(q), utf8.ValidString(q))
	}
	if TruncateQuote("short  text") != "short text" {
		t.Error("short quotes are only normalised")
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Date: 2025-09-29\u200b", "128K", "2024-05-07T15:56:43Z", "a\n  b", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeSpace(s)
		if NormalizeSpace(n) != n {
			t.Fatalf("NormalizeSpace not idempotent on %q", s)
		}
		if strings.Contains(n, "  ") || strings.ContainsRune(n, '\u200b') {
			t.Fatalf("NormalizeSpace(%q) = %q", s, n)
		}
		if q := TruncateQuote(s); len(q) > MaxQuote || !utf8.ValidString(q) {
			t.Fatalf("TruncateQuote(%q) = %q", s, q)
		}
		_, _ = ParseContextLength(s)
		_, _ = ParseDate(s)
		_ = NormalizeTitle(s)
	})
}
