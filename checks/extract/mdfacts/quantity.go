package mdfacts

import (
	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/internal/parse"
)

// Units of the quantities this package emits.
const (
	UnitParams    = "parameters"
	UnitTokens    = "tokens"
	UnitLanguages = "languages"
)

// Magnitude rules (the same as catalog.Quantity):
//   - counts (parameters, training tokens) are decimal: K=1e3, M=1e6, B=1e9,
//     T=1e12, and the words thousand/million/billion/trillion likewise;
//   - context lengths use K=1024 and M=1024*1024, because a "128K" context is
//     2^17 = 131,072 positions in every config that states one (the world
//     convention of model cards); a bare integer ("4096", "163840") is taken
//     as written, and a spelt-out "one million tokens" is read as "1M" =
//     1,048,576 so that a card's words and a catalog's "1M" compare equal.
//
// All of them are read by internal/parse, the one parser of numbers and dates.

// ParseCount parses a decimal count such as "671B", "16.4B", "2T",
// "14.8 trillion", "236 billion", "one million" or, in digit groups,
// "671,000,000,000" into a Quantity with the given unit (parse.ParseCount,
// without a qualifier: "over 2T" is the caller's to read).
func ParseCount(s, unit string) (catalog.Quantity, bool) {
	c, ok := parse.ParseCount(s)
	if !ok || c.Bound != parse.Exact || c.Value <= 0 {
		return catalog.Quantity{}, false
	}
	return catalog.Quantity{Value: c.Value, Unit: unit}, true
}

// ParseContext parses a context length (parse.ParseContext): "128K"/"128k"
// → 131072, "1M" → 1048576, "4096" or "163,840" → as written, "one million"
// → 1048576.
func ParseContext(s string) (catalog.Quantity, bool) {
	v, ok := parse.ParseContext(s)
	if !ok {
		return catalog.Quantity{}, false
	}
	return catalog.Quantity{Value: v, Unit: UnitTokens}, true
}

// ParseDate parses a day-precision date (parse.ParseDate): "2024.05.06",
// "2024-03-11", "2025/10/20", "May 6, 2024" and RFC 3339 timestamps
// ("2024-12-26T03:28:28Z", "2026-04-22T06:04:45.000Z", read as their UTC
// day). It rejects impossible dates and dates stated less precisely.
func ParseDate(s string) (catalog.Date, bool) {
	d, ok := parse.ParseDate(s)
	if !ok || d.Precision != parse.Day {
		return catalog.Date{}, false
	}
	return catalog.DateOf(d), true
}

// DateOf is ParseDate as a pointer: nil when s holds no date.
func DateOf(s string) *catalog.Date {
	if d, ok := ParseDate(s); ok {
		return &d
	}
	return nil
}
