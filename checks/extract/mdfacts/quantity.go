package mdfacts

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
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
var (
	reCount   = regexp.MustCompile(`(?i)^(\d{1,9}(?:\.\d{1,6})?|\d{1,3}(?:,\d{3}){1,4})\s*(k|m|b|t|thousand|million|billion|trillion)?$`)
	reContext = regexp.MustCompile(`(?i)^(\d{1,3}(?:,\d{3}){1,3}|\d{1,12}(?:\.\d{1,4})?)\s*(k|m|thousand|million)?(?:\s*tokens?)?$`)
)

var decimalExp = map[string]string{"": "", "k": "e3", "thousand": "e3", "m": "e6", "million": "e6", "b": "e9", "billion": "e9", "t": "e12", "trillion": "e12"}

// ParseCount parses a decimal count such as "671B", "16.4B", "2T",
// "14.8 trillion", "236 billion" or, in digit groups, "671,000,000,000"
// into a Quantity with the given unit.
func ParseCount(s, unit string) (catalog.Quantity, bool) {
	m := reCount.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return catalog.Quantity{}, false
	}
	if strings.Contains(m[1], ",") && m[2] != "" {
		return catalog.Quantity{}, false // "1,000B" is no way to write a count
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", "")+decimalExp[strings.ToLower(m[2])], 64)
	if err != nil || v <= 0 {
		return catalog.Quantity{}, false
	}
	return catalog.Quantity{Value: v, Unit: unit}, true
}

// ParseContext parses a context length: "128K"/"128k" → 131072, "1M" →
// 1048576, "4096" or "163,840" → as written, "one million" → 1048576.
func ParseContext(s string) (catalog.Quantity, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, " tokens"), " token")
	switch t {
	case "one million", "a million", "1 million":
		return catalog.Quantity{Value: 1 << 20, Unit: UnitTokens}, true
	}
	m := reContext.FindStringSubmatch(t)
	if m == nil {
		return catalog.Quantity{}, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
	if err != nil || v <= 0 {
		return catalog.Quantity{}, false
	}
	switch m[2] {
	case "k", "thousand":
		v *= 1024
	case "m", "million":
		v *= 1024 * 1024
	}
	return catalog.Quantity{Value: v, Unit: UnitTokens}, true
}

var reDate = regexp.MustCompile(`^(\d{4})[./-](\d{1,2})[./-](\d{1,2})`)

// ParseDate parses "2024.05.06", "2024-03-11", "2025/10/20" and RFC 3339
// timestamps ("2024-12-26T03:28:28Z", "2026-04-22T06:04:45.000Z") into a
// day-precision date. It rejects impossible dates.
func ParseDate(s string) (catalog.Date, bool) {
	m := reDate.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return catalog.Date{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return catalog.Date{}, false
	}
	return catalog.Date{Year: y, Month: mo, Day: d, Precision: catalog.PrecisionDay}, true
}

// DateOf is ParseDate as a pointer: nil when s holds no date.
func DateOf(s string) *catalog.Date {
	if d, ok := ParseDate(s); ok {
		return &d
	}
	return nil
}
