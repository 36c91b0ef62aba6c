package extract

// Text normalisation shared by the arXiv, docs and venue extractors (and free
// for the judge to use). Observation values are whitespace-normalised with
// NormalizeSpace; NormalizeTitle is the comparison form of a title.

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/claimcheck/claimcheck/catalog"
)

// MaxQuote is the longest evidence quote, in bytes.
const MaxQuote = 300

// NormalizeSpace strips zero-width characters (U+200B, U+200C, U+200D,
// U+2060, U+FEFF), turns every Unicode space (NBSP and U+202F included) and
// line break into a plain space, collapses runs of spaces into one and trims
// both ends. Atom titles ("…in the Large\n  Connectivity Limit") and
// Docusaurus headings ("Date: 2025-09-29\u200b") come out as one clean line.
func NormalizeSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			// Invalid bytes carry no meaning; treat them as nothing.
			continue
		case isZeroWidth(r):
			continue
		case unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func isZeroWidth(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return false
}

// NormalizeTitle is the comparison form of a title: NormalizeSpace, then
// typographic variants unified — en and em dashes and the TeX "--" become " - ",
// curly quotes become straight ones, spaces around ":" are made uniform — and
// trailing full stops removed. Case is kept; compare with strings.EqualFold.
//
//	"DeepSeek-Coder: When … Programming -- The Rise of Code Intelligence"
//	"DeepSeek-Coder: When … Programming — The Rise of Code Intelligence"
//
// normalise to the same string.
func NormalizeTitle(s string) string {
	s = NormalizeSpace(s)
	r := strings.NewReplacer(
		"---", " - ", "--", " - ", "\u2013", " - ", "\u2014", " - ", "\u2212", "-", "\u2010", "-", "\u2011", "-",
		"\u2018", "'", "\u2019", "'", "\u201c", `"`, "\u201d", `"`,
		"\uff1a", ":", " :", ":",
	)
	s = r.Replace(s)
	s = strings.TrimRight(s, ". ")
	return NormalizeSpace(s)
}

// TruncateQuote shortens an evidence quote to at most MaxQuote bytes on a
// rune boundary, marking the cut with "…".
func TruncateQuote(s string) string {
	s = NormalizeSpace(s)
	if len(s) <= MaxQuote {
		return s
	}
	cut := MaxQuote - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// ParseContextLength parses a context or output length as documentation
// writes it: "128K" → 131072, "1M" → 1048576, "384K" → 393216, "32k tokens",
// "4096". K and M are binary here (K = 1024, M = 1024²) because that is how
// model context windows are specified (max_position_embeddings 131072 is
// advertised as "128K"); a plain integer is taken as written. It reports
// false when s holds no such length.
func ParseContextLength(s string) (int64, bool) {
	s = strings.TrimSpace(NormalizeSpace(s))
	s = strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(s), " tokens"), "tokens")
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		return 0, false
	}
	mult := float64(1)
	switch s[len(s)-1] {
	case 'k':
		mult = 1024
		s = s[:len(s)-1]
	case 'm':
		mult = 1024 * 1024
		s = s[:len(s)-1]
	}
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 12 {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || v > 1e12 {
		return 0, false
	}
	return int64(v * mult), true
}

// ContextQuantity is the catalog form of a context length ("128K" → 131072 tokens).
func ContextQuantity(s string) (*catalog.Quantity, bool) {
	v, ok := ParseContextLength(s)
	if !ok {
		return nil, false
	}
	return &catalog.Quantity{Value: float64(v), Unit: "tokens"}, true
}

// DayDate is the day-precision catalog date of t in UTC.
func DayDate(t time.Time) *catalog.Date {
	t = t.UTC()
	return &catalog.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: catalog.PrecisionDay}
}

// ParseDate parses the date forms official sources use, keeping their
// precision: "2024-12-26", "2024/12/26", "2024-12-26T04:03:16Z" (any RFC 3339
// time; the UTC calendar day is kept), "2024-12", "2024/12", "2024". It
// rejects impossible calendar dates.
func ParseDate(s string) (*catalog.Date, bool) {
	s = strings.TrimSpace(NormalizeSpace(s))
	if len(s) > 10 && strings.ContainsAny(s[10:], "T:") {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return DayDate(t), true
		}
		if len(s) >= 10 && (s[10] == 'T' || s[10] == ' ') {
			s = s[:10]
		} else {
			return nil, false
		}
	}
	s = strings.ReplaceAll(s, "/", "-")
	switch len(s) {
	case 10:
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return nil, false
		}
		return DayDate(t), true
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return nil, false
		}
		return &catalog.Date{Year: t.Year(), Month: int(t.Month()), Precision: catalog.PrecisionMonth}, true
	case 4:
		y, err := strconv.Atoi(s)
		if err != nil || y < 1000 {
			return nil, false
		}
		return &catalog.Date{Year: y, Precision: catalog.PrecisionYear}, true
	}
	return nil, false
}

// DateParts builds a date from Crossref-style date-parts ([2025, 9, 17],
// [2024, 8] or [2024]), with the precision the parts give.
func DateParts(parts []int) (*catalog.Date, bool) {
	if len(parts) == 0 || parts[0] < 1000 || parts[0] > 9999 {
		return nil, false
	}
	d := &catalog.Date{Year: parts[0], Precision: catalog.PrecisionYear}
	if len(parts) >= 2 {
		if parts[1] < 1 || parts[1] > 12 {
			return d, true
		}
		d.Month, d.Precision = parts[1], catalog.PrecisionMonth
	}
	if len(parts) >= 3 {
		t := time.Date(parts[0], time.Month(parts[1]), parts[2], 0, 0, 0, 0, time.UTC)
		if parts[2] >= 1 && t.Day() == parts[2] {
			d.Day, d.Precision = parts[2], catalog.PrecisionDay
		}
	}
	return d, true
}
