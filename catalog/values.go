package catalog

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/claimcheck/claimcheck/internal/parse"
)

// Units a count claim may carry.
const (
	UnitParameters = "parameters"
	UnitTokens     = "tokens"
	UnitLanguages  = "languages"
)

// Units lists every unit a count may carry, in documentation order.
var Units = []string{UnitParameters, UnitTokens, UnitLanguages}

// Release statuses a status claim may state.
const (
	StatusPreview      = "preview"
	StatusExperimental = "experimental"
	StatusDistilled    = "distilled"
	StatusFull         = "full"
	StatusGA           = "ga"
	StatusBeta         = "beta"
)

// Statuses lists every release status, in documentation order.
var Statuses = []string{StatusPreview, StatusExperimental, StatusDistilled, StatusFull, StatusGA, StatusBeta}

// maxMagnitude bounds every parsed number: nothing a catalog counts comes close.
const maxMagnitude = 1e18

// decimal magnitude suffixes of counts.
var countSuffix = map[byte]int{'K': 3, 'M': 6, 'B': 9, 'T': 12}

// binary magnitude suffixes of context lengths.
var contextSuffix = map[byte]float64{'K': 1 << 10, 'M': 1 << 20}

// vague amounts: "hundreds" is at least 100 and fewer than 1000.
var vagueAmounts = map[string][2]float64{
	"hundreds":  {100, 999},
	"thousands": {1000, 9999},
}

// lower-bound prefixes: "more than 32T" is at least 32T.
var lowerBoundPrefixes = []string{"more than ", "over ", "at least "}

var numberRE = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)\s?([KkMmBbTt]?)$`)

// ParseQuantity parses the value of a count claim with its unit: a number with
// an optional decimal magnitude suffix ("671B" = 671e9, "14.8T", "338"), a
// range ("1.3B-33B", "1.3B–33B", "1-7B": Value is the low end, Max the high
// end), a vague amount ("hundreds": 100..999, Approx) or a lower bound ("more
// than 32T", "over 32T", "at least 32T": Value 32e12, Approx, no Max).
func ParseQuantity(s, unit string) (Quantity, error) {
	if !validUnit(unit) {
		if unit == "" {
			return Quantity{}, errors.New("missing unit")
		}
		return Quantity{}, fmt.Errorf("unknown unit %q (want one of %s)", unit, strings.Join(Units, ", "))
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return Quantity{}, errors.New("empty count")
	}
	lower := strings.ToLower(t)
	if r, ok := vagueAmounts[lower]; ok {
		return Quantity{Value: r[0], Max: r[1], Unit: unit, Approx: true}, nil
	}
	for _, p := range lowerBoundPrefixes {
		if rest, ok := strings.CutPrefix(lower, p); ok {
			v, _, err := parseCount(t[len(t)-len(rest):])
			if err != nil {
				return Quantity{}, fmt.Errorf("count %q: %w", s, err)
			}
			return Quantity{Value: v, Unit: unit, Approx: true}, nil
		}
	}
	if lo, hi, ok := splitRange(t); ok {
		hv, hsuf, err := parseCount(hi)
		if err != nil {
			return Quantity{}, fmt.Errorf("count range %q: %w", s, err)
		}
		lv, lsuf, err := parseCount(lo)
		if err != nil {
			return Quantity{}, fmt.Errorf("count range %q: %w", s, err)
		}
		if !lsuf && hsuf {
			// "1-7B": the low end takes the high end's magnitude.
			lv, _, err = parseCount(strings.TrimSpace(lo) + hi[len(hi)-1:])
			if err != nil {
				return Quantity{}, fmt.Errorf("count range %q: %w", s, err)
			}
		}
		if lv >= hv {
			return Quantity{}, fmt.Errorf("count range %q: low end must be below high end", s)
		}
		return Quantity{Value: lv, Max: hv, Unit: unit}, nil
	}
	v, _, err := parseCount(t)
	if err != nil {
		return Quantity{}, fmt.Errorf("count %q: %w", s, err)
	}
	return Quantity{Value: v, Unit: unit}, nil
}

func validUnit(u string) bool {
	for _, x := range Units {
		if u == x {
			return true
		}
	}
	return false
}

// splitRange splits "A-B", "A–B" (en dash) or "A to B".
func splitRange(s string) (lo, hi string, ok bool) {
	for _, sep := range []string{"–", "-", " to "} {
		if lo, hi, ok := strings.Cut(s, sep); ok {
			return strings.TrimSpace(lo), strings.TrimSpace(hi), true
		}
	}
	return "", "", false
}

// parseCount parses "671B", "14.8T", "338"; suffixed reports a magnitude
// suffix. The grammar is the catalog's (numberRE: digits, an optional
// decimal part, an optional K, M, B or T); the value is read by parse.
func parseCount(s string) (v float64, suffixed bool, err error) {
	t := strings.TrimSpace(s)
	if !numberRE.MatchString(t) {
		return 0, false, errors.New("want a number with an optional K, M, B or T suffix")
	}
	c, ok := parse.ParseCount(t)
	if !ok || c.Value > maxMagnitude {
		return 0, false, errors.New("number out of range")
	}
	if c.Value == 0 {
		return 0, false, errors.New("count must be positive")
	}
	return c.Value, c.Suffixed, nil
}

// ParseContext parses a context length: "128K" (= 131072), "1M" (= 1048576),
// "16K", "4096", optionally followed by " tokens". K and M are binary
// (1024, 1048576); the judge documents that it also accepts the decimal reading.
// The result has unit "tokens".
func ParseContext(s string) (Quantity, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimSuffix(t, " tokens"))
	m := numberRE.FindStringSubmatch(t)
	if m == nil {
		return Quantity{}, fmt.Errorf("context length %q: want a number with an optional K or M suffix (128K, 1M, 4096)", s)
	}
	if m[2] != "" {
		if _, ok := contextSuffix[strings.ToUpper(m[2])[0]]; !ok {
			return Quantity{}, fmt.Errorf("context length %q: suffix must be K or M", s)
		}
	}
	v, ok := parse.ParseContext(t)
	if !ok || v > maxMagnitude {
		if n, err := strconv.ParseFloat(m[1], 64); err == nil && n < 1 {
			return Quantity{}, fmt.Errorf("context length %q: not a whole positive number of tokens", s)
		}
		return Quantity{}, fmt.Errorf("context length %q: number out of range", s)
	}
	if v != math.Trunc(v) || v < 1 {
		return Quantity{}, fmt.Errorf("context length %q: not a whole positive number of tokens", s)
	}
	return Quantity{Value: v, Unit: UnitTokens}, nil
}

// ParseDate parses "2024" (year precision), "2024-12" (month) or
// "2026-07-24" (day) and checks that the date exists (parse.ParseISO, years
// 1900–2999).
func ParseDate(s string) (Date, error) {
	d, err := parse.ParseISO(s, 1900, 2999)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: %w", s, err)
	}
	return DateOf(d), nil
}

// ParseStatus normalises a release status to lower case and checks it is one
// of Statuses.
func ParseStatus(s string) (string, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, x := range Statuses {
		if t == x {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown status %q (want one of %s)", s, strings.Join(Statuses, ", "))
}

// parsed is d in the form of package parse (the inverse of DateOf); a
// precision other than year or month is a day's.
func (d Date) parsed() parse.Date {
	out := parse.Date{Year: d.Year, Month: d.Month, Day: d.Day, Precision: parse.Day}
	switch d.Precision {
	case PrecisionYear:
		out.Precision = parse.Year
	case PrecisionMonth:
		out.Precision = parse.Month
	}
	return out
}

// DateOf is the catalog form of a parsed date.
func DateOf(d parse.Date) Date {
	out := Date{Year: d.Year, Precision: PrecisionYear}
	switch d.Precision {
	case parse.Month:
		out.Month, out.Precision = d.Month, PrecisionMonth
	case parse.Day:
		out.Month, out.Day, out.Precision = d.Month, d.Day, PrecisionDay
	}
	return out
}
