package extract

// Text normalisation shared by the arXiv, docs and venue extractors (and free
// for the judge to use). Observation values are whitespace-normalised with
// NormalizeSpace; NormalizeTitle is the comparison form of a title.

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/internal/parse"
)

// MaxQuote is the longest evidence quote, in bytes.
const MaxQuote = 300

// NormalizeSpace is parse.Space: zero-width characters (U+200B, U+200C,
// U+200D, U+2060, U+FEFF), soft hyphens and invalid bytes dropped, every
// Unicode space (NBSP and U+202F included) and line break turned into a plain
// space, runs collapsed into one and both ends trimmed. Atom titles ("…in the
// Large\n  Connectivity Limit") and Docusaurus headings ("Date:
// 2025-09-29\u200b") come out as one clean line.
func NormalizeSpace(s string) string { return parse.Space(s) }

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
// writes it (parse.ParseContext): "128K" → 131072, "1M" → 1048576, "384K" →
// 393216, "32k tokens", "4096", "one million tokens". K and M are binary here
// (K = 1024, M = 1024²) because that is how model context windows are
// specified; a plain integer is taken as written. It reports false when s
// holds no such length.
func ParseContextLength(s string) (int64, bool) {
	v, ok := parse.ParseContext(s)
	if !ok {
		return 0, false
	}
	return int64(v), true
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
	d := catalog.DateOf(parse.DayOf(t))
	return &d
}

// ParseDate parses a date as official sources write it (parse.ParseDate),
// keeping its precision: "2024-12-26", "2024/12/26", "2024.05.06",
// "2024-12-26T04:03:16Z" (any RFC 3339 time; the calendar day as written in its offset),
// "2024-12", "2024/12", "2024", "May 6, 2024", "6 May 2024", "Sept. 2024".
// It rejects impossible calendar dates and years outside 1900–2199.
func ParseDate(s string) (*catalog.Date, bool) {
	d, ok := parse.ParseDate(s)
	if !ok {
		return nil, false
	}
	cd := catalog.DateOf(d)
	return &cd, true
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
