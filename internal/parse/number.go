package parse

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Bound says how a stated count relates to the true value.
type Bound int

const (
	// Exact: "671B", "14.8 trillion".
	Exact Bound = iota
	// Lower: "over 5.5 trillion", "more than 32T", "at least 2T".
	Lower
	// Upper: "up to 128K", "less than 13 billion".
	Upper
	// About: "approximately 2T", "about", "around", "roughly", "nearly", "~".
	About
)

func (b Bound) String() string {
	switch b {
	case Lower:
		return "lower"
	case Upper:
		return "upper"
	case About:
		return "about"
	}
	return "exact"
}

// qualifiers maps the words before a number to the bound they state.
var qualifiers = map[string]Bound{
	"over": Lower, "more than": Lower, "at least": Lower, "in excess of": Lower, "above": Lower,
	"up to": Upper, "less than": Upper, "fewer than": Upper, "under": Upper, "at most": Upper,
	"approximately": About, "about": About, "around": About, "roughly": About, "nearly": About,
	"almost": About, "close to": About, "approx.": About, "approx": About, "~": About, "circa": About,
}

// pQualifier is the alternation of the qualifiers, longest first.
const pQualifier = `in excess of|more than|at least|up to|less than|fewer than|at most|approximately|close to|approx\.?|about|around|roughly|nearly|almost|circa|over|above|under|~`

// Magnitude words and suffixes (decimal).
var magnitudes = map[string]int{
	"k": 3, "thousand": 3, "m": 6, "million": 6, "mn": 6, "b": 9, "bn": 9, "billion": 9, "t": 12, "trillion": 12,
	"万": 4, "亿": 8, // Chinese units: 3550 亿 = 355 billion
}

// Number words (spelt-out cardinals up to 99; "a" only before a magnitude).
var smallWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var tensWords = map[string]int{
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// Pattern pieces, exported to the extractors that build sentence patterns on
// them (RE2).
const (
	// PDigits is a number in digits: digit groups ("671,000,000,000") or plain
	// digits, with an optional decimal part.
	PDigits = `\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`
	// PWords is a spelt-out cardinal below 100 ("one", "twenty-six").
	PWords = `(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen`
	// PMagnitude is a magnitude word or suffix.
	PMagnitude = `thousand|million|billion|trillion|bn|mn|[KkMmBbTt]|亿|万`
)

var reCount = regexp.MustCompile(`(?i)^(?:(` + pQualifier + `)\s*)?(` + PDigits + `|` + PWords + `|a)\s?(` + PMagnitude + `)?$`)

// Count is a number as a text states it.
type Count struct {
	// Value is the stated number (magnitude applied).
	Value float64
	// Half is half the unit of the last stated digit: "671B" → 0.5e9,
	// "1.6T" → 0.05e12, "671,026,419,200" → 0.5; 0 for spelt-out words.
	Half float64
	// Magnitude is the power of ten the text's magnitude stands for (9 for
	// "B" and "billion"); 0 without one.
	Magnitude int
	// Suffixed: the text carries a magnitude suffix or word.
	Suffixed bool
	// Grouped: the digits are written in comma groups.
	Grouped bool
	// Bound is what the qualifier before the number says.
	Bound Bound
}

// maxValue bounds every parsed number; nothing a catalog counts comes close.
const maxValue = 1e18

// ParseCount parses a whole string as a decimal count: an optional qualifier
// ("over", "approximately", "up to", …), a number in digits (digit groups
// allowed, "671,000,000,000"), or spelt out ("one", "twenty-six", "a" before a
// magnitude), and an optional magnitude suffix or word (K/M/B/T = 1e3/1e6/
// 1e9/1e12; thousand, million, billion, trillion; the Chinese 万 = 1e4 and
// 亿 = 1e8). "1 million", "5.5
// trillion", "over 14.8T", "one million", "128K" (= 128,000 as a count).
// Digit groups never take a magnitude ("1,000B" is rejected). White space
// is normalised first (Space).
func ParseCount(s string) (Count, bool) {
	m := reCount.FindStringSubmatch(Space(s))
	if m == nil {
		return Count{}, false
	}
	var c Count
	if m[1] != "" {
		c.Bound = qualifiers[strings.ToLower(m[1])]
	}
	num, mag := strings.ToLower(m[2]), strings.ToLower(m[3])
	if mag != "" {
		if _, ok := magnitudes[mag]; !ok {
			return Count{}, false
		}
		c.Suffixed = true
		c.Magnitude = magnitudes[mag]
	}
	switch {
	case num == "a":
		if mag == "" || len(mag) == 1 || mag == "万" || mag == "亿" {
			return Count{}, false // "a" counts only before a magnitude word
		}
		c.Value = math.Pow10(c.Magnitude)
	case num[0] >= '0' && num[0] <= '9':
		c.Grouped = strings.Contains(num, ",")
		if c.Grouped && mag != "" {
			return Count{}, false
		}
		digits := strings.ReplaceAll(num, ",", "")
		if len(digits) > 24 {
			return Count{}, false
		}
		dec := 0
		if i := strings.IndexByte(digits, '.'); i >= 0 {
			dec = len(digits) - i - 1
		}
		// Mantissa and exponent together, so that 14.8T is exactly 1.48e13.
		v, err := strconv.ParseFloat(digits+"e"+strconv.Itoa(c.Magnitude), 64)
		if err != nil {
			return Count{}, false
		}
		c.Value = v
		c.Half = 0.5 * math.Pow10(c.Magnitude-dec)
	default:
		n, ok := Cardinal(num)
		if !ok {
			return Count{}, false
		}
		c.Value = float64(n) * math.Pow10(c.Magnitude)
	}
	if math.IsInf(c.Value, 0) || math.IsNaN(c.Value) || c.Value > maxValue {
		return Count{}, false
	}
	return c, true
}

// Cardinal reads a spelt-out cardinal below 100 ("eight", "twenty-six",
// "twenty six"); case is ignored.
func Cardinal(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if n, ok := smallWords[s]; ok {
		return n, true
	}
	tens, unit, _ := strings.Cut(strings.ReplaceAll(s, " ", "-"), "-")
	t, ok := tensWords[tens]
	if !ok {
		return 0, false
	}
	if unit == "" {
		return t, true
	}
	u, ok := smallWords[unit]
	if !ok || u == 0 || u > 9 {
		return 0, false
	}
	return t + u, true
}

// Integer parses a whole string as a non-negative integer written in digits,
// with or without comma digit groups, or spelt out below 100 ("eight").
func Integer(s string) (int64, bool) {
	c, ok := ParseCount(s)
	if !ok || c.Suffixed || c.Bound != Exact || c.Value != math.Trunc(c.Value) || c.Value > 1<<53 {
		return 0, false
	}
	return int64(c.Value), true
}

var reContext = regexp.MustCompile(`(?i)^(` + PDigits + `|one|a)\s?(k|m|thousand|million)?(?:[\s-]?tokens?)?$`)

// ParseContext parses a context (or output) length as documentation writes
// it: "128K"/"128k" → 131072, "1M" → 1048576, "1.5K" → 1536, "32K tokens",
// "4096", "163,840", "1 million tokens" and "one million" → 1048576. K and M
// (and the words thousand and million) are binary here, because that is how
// model context windows are specified (max_position_embeddings 131072 is
// advertised as "128K"); the judge also accepts the decimal reading. A plain
// integer is taken as written. The result may carry a fraction ("1.3K" =
// 1331.2); callers that need whole tokens check. It reports false for
// anything else, for values below one token and above 1e12.
func ParseContext(s string) (float64, bool) {
	m := reContext.FindStringSubmatch(Space(s))
	if m == nil {
		return 0, false
	}
	num, mag := strings.ToLower(m[1]), strings.ToLower(m[2])
	var n float64
	switch num {
	case "one", "a":
		if mag != "million" && mag != "thousand" {
			return 0, false
		}
		n = 1
	default:
		if strings.Contains(num, ",") && mag != "" {
			return 0, false
		}
		digits := strings.ReplaceAll(num, ",", "")
		if len(digits) > 16 {
			return 0, false
		}
		v, err := strconv.ParseFloat(digits, 64)
		if err != nil {
			return 0, false
		}
		n = v
	}
	switch mag {
	case "k", "thousand":
		n *= 1 << 10
	case "m", "million":
		n *= 1 << 20
	}
	if n < 1 || n > 1e12 {
		return 0, false
	}
	return n, true
}
