package normalize

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/internal/parse"
)

// Result is the outcome of comparing a catalog value with an official one.
type Result int

const (
	// Inconclusive: the official value neither confirms nor denies the claim
	// (it is less precise, or a size inside a claimed range).
	Inconclusive Result = iota
	// Agree: the official value states the claim.
	Agree
	// Differ: the official value states something else.
	Differ
)

func (r Result) String() string {
	switch r {
	case Agree:
		return "agree"
	case Differ:
		return "differ"
	default:
		return "inconclusive"
	}
}

// Match is a comparison outcome with a note on the rule that decided it.
type Match struct {
	Result Result
	// Note explains a non-obvious match ("decimal reading: 128K = 128000").
	Note string
	// Lo and Hi say which end of a claimed range an agreeing value states.
	Lo, Hi bool
}

// numberToken finds a number with an optional magnitude (suffix or word), in
// the grammar of internal/parse.
var numberToken = regexp.MustCompile(`(?i)(?:` + parse.PDigits + `)(?:\s?(?:` + parse.PMagnitude + `))?(?:\b|$)`)

// Stated is a number as a text states it: its value and half the unit of its
// last stated digit ("671B" → 671e9 ± 0.5e9; "1.6T" → 1.6e12 ± 0.05e12;
// "671,026,419,200" → exact ± 0.5).
type Stated struct {
	Value, Half float64
}

// Lo and Hi bound the interval [Lo, Hi) the stated number stands for.
func (s Stated) Lo() float64 { return s.Value - s.Half }
func (s Stated) Hi() float64 { return s.Value + s.Half }

// Numbers lists the numbers text states, with their precision. Counts are
// decimal (K = 1e3 … T = 1e12).
func Numbers(text string) []Stated {
	var out []Stated
	for _, m := range numberToken.FindAllString(Text(text), 32) {
		c, ok := parse.ParseCount(m)
		if !ok {
			continue
		}
		out = append(out, Stated{Value: c.Value, Half: c.Half})
	}
	return out
}

// StatedAs returns how text states the value v: the number of text whose value
// is v, or v read with a magnitude it lacks ("1" of "1-7B" as 1e9); an exact
// value (Half 0) when text does not state it.
func StatedAs(text string, v float64) Stated {
	for _, s := range Numbers(text) {
		if close(s.Value, v) {
			return s
		}
		if s.Half == 0.5 { // no magnitude: try the magnitudes a range end may borrow
			for _, e := range []int{3, 6, 9, 12} {
				if close(s.Value*math.Pow10(e), v) {
					return Stated{Value: v, Half: s.Half * math.Pow10(e)}
				}
			}
		}
	}
	return Stated{Value: v}
}

func close(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// within reports lo ≤ x < hi with a relative tolerance for float noise.
func within(x, lo, hi float64) bool {
	eps := 1e-12 * math.Max(math.Abs(lo), math.Abs(hi))
	return x >= lo-eps && x < hi-eps
}

// SameNumber compares two stated numbers: the more precisely stated value must
// lie within the stated precision of the less precise one. A claim "671B"
// ([670.5B, 671.5B)) agrees with 671,026,419,200 and not with 685B; "1.6T"
// ([1.55T, 1.65T)) does not agree with 1,650,497,936,906; an official "1B"
// ([0.5B, 1.5B)) agrees with a claimed "1.3B", noted as less precise.
func SameNumber(claim, obs Stated) Match {
	if claim.Half == 0 && obs.Half == 0 {
		if close(claim.Value, obs.Value) {
			return Match{Result: Agree, Lo: true, Hi: true}
		}
		return Match{Result: Differ}
	}
	if claim.Half >= obs.Half {
		if within(obs.Value, claim.Lo(), claim.Hi()) {
			return Match{Result: Agree, Lo: true, Hi: true}
		}
		return Match{Result: Differ}
	}
	if within(claim.Value, obs.Lo(), obs.Hi()) {
		return Match{Result: Agree, Lo: true, Hi: true, Note: "the source states it less precisely"}
	}
	return Match{Result: Differ}
}

// countShape is the shape of a quantity.
type countShape int

const (
	shapeSingle countShape = iota // 671B
	shapeRange                    // 1.3B–33B
	shapeVague                    // hundreds: 100..999
	shapeLower                    // more than 32T
)

func shape(q catalog.Quantity) countShape {
	switch {
	case q.Max > 0 && q.Approx:
		return shapeVague
	case q.Max > 0:
		return shapeRange
	case q.Approx:
		return shapeLower
	}
	return shapeSingle
}

// MatchCount compares a catalog count (parsed q, as written text) with an
// official one (parsed o, as stated otext):
//   - single vs single: SameNumber;
//   - a claimed range vs an official single: agrees with the end it states (Lo
//     or Hi), inconclusive inside the range, differs outside it; a range vs a
//     range: both ends must agree;
//   - a vague amount ("hundreds" = 100..999) agrees with any value inside it;
//   - a lower bound ("more than 32T") agrees with any value at or above it;
//   - a claimed single vs an official range or bound: inconclusive inside,
//     differs outside; it agrees with an end of an official range.
func MatchCount(q catalog.Quantity, text string, o catalog.Quantity, otext string) Match {
	c := countPair{q: q, text: text, o: o, otext: otext, cl: StatedAs(text, q.Value), ol: StatedAs(otext, o.Value)}
	switch shape(q) {
	case shapeSingle:
		return c.claimedSingle()
	case shapeRange:
		return c.claimedRange()
	case shapeVague:
		return c.claimedVague()
	default:
		return c.claimedLowerBound()
	}
}

// countPair is a claimed count q (as written text) and an official one o (as
// stated otext), with the stated forms of their (lower) values.
type countPair struct {
	q, o        catalog.Quantity
	text, otext string
	cl, ol      Stated
}

// claimedSingle compares a claimed single value with any official count.
func (c countPair) claimedSingle() Match {
	cl, ol, o := c.cl, c.ol, c.o
	switch shape(o) {
	case shapeSingle:
		return SameNumber(cl, ol)
	case shapeRange:
		oh := StatedAs(c.otext, o.Max)
		if m := SameNumber(cl, ol); m.Result == Agree {
			return m
		}
		if m := SameNumber(cl, oh); m.Result == Agree {
			return m
		}
		if within(cl.Value, ol.Lo(), oh.Hi()) {
			return Match{Result: Inconclusive, Note: "inside the stated range"}
		}
		return Match{Result: Differ}
	case shapeVague:
		if cl.Value >= o.Value && cl.Value <= o.Max {
			return Match{Result: Inconclusive, Note: "the source states only an approximate amount"}
		}
		return Match{Result: Differ}
	default:
		if cl.Hi() > o.Value {
			return Match{Result: Inconclusive, Note: "the source states only a lower bound"}
		}
		return Match{Result: Differ}
	}
}

// claimedRange compares a claimed range with any official count.
func (c countPair) claimedRange() Match {
	cl, ol := c.cl, c.ol
	ch := StatedAs(c.text, c.q.Max)
	switch shape(c.o) {
	case shapeSingle:
		lo, hi := SameNumber(cl, ol), SameNumber(ch, ol)
		if lo.Result == Agree || hi.Result == Agree {
			note := lo.Note
			if note == "" {
				note = hi.Note
			}
			return Match{Result: Agree, Lo: lo.Result == Agree, Hi: hi.Result == Agree, Note: note}
		}
		if within(ol.Value, cl.Lo(), ch.Hi()) {
			return Match{Result: Inconclusive, Note: "inside the claimed range"}
		}
		return Match{Result: Differ, Note: "outside the claimed range"}
	case shapeRange:
		oh := StatedAs(c.otext, c.o.Max)
		lo, hi := SameNumber(cl, ol), SameNumber(ch, oh)
		if lo.Result == Agree && hi.Result == Agree {
			return Match{Result: Agree, Lo: true, Hi: true, Note: strings.TrimSpace(lo.Note + " " + hi.Note)}
		}
		return Match{Result: Differ}
	default:
		return Match{Result: Inconclusive, Note: "the source states only an approximate amount"}
	}
}

// claimedVague compares a claimed vague amount ("hundreds") with any official
// count.
func (c countPair) claimedVague() Match {
	q, o := c.q, c.o
	switch shape(o) {
	case shapeSingle:
		if o.Value >= q.Value && o.Value <= q.Max {
			return Match{Result: Agree, Lo: true, Hi: true, Note: fmt.Sprintf("%s lies in %s", trimNum(o.Value), vagueSpan(q))}
		}
		return Match{Result: Differ}
	case shapeRange:
		switch {
		case o.Value >= q.Value && o.Max <= q.Max:
			return Match{Result: Agree, Lo: true, Hi: true}
		case o.Max < q.Value || o.Value > q.Max:
			return Match{Result: Differ}
		}
		return Match{Result: Inconclusive}
	case shapeVague:
		if o.Value == q.Value && o.Max == q.Max {
			return Match{Result: Agree, Lo: true, Hi: true}
		}
		if o.Max < q.Value || o.Value > q.Max {
			return Match{Result: Differ}
		}
		return Match{Result: Inconclusive}
	default:
		if o.Value > q.Max {
			return Match{Result: Differ}
		}
		return Match{Result: Inconclusive}
	}
}

// claimedLowerBound compares a claimed lower bound ("more than 32T") with any
// official count.
func (c countPair) claimedLowerBound() Match {
	cl, ol, o := c.cl, c.ol, c.o
	switch shape(o) {
	case shapeLower:
		if o.Value >= cl.Lo() {
			return Match{Result: Agree, Lo: true, Hi: true}
		}
		return Match{Result: Inconclusive}
	case shapeSingle:
		if ol.Hi() > cl.Lo() && o.Value >= cl.Lo() {
			return Match{Result: Agree, Lo: true, Hi: true}
		}
		return Match{Result: Differ}
	case shapeRange, shapeVague:
		if o.Value >= cl.Lo() {
			return Match{Result: Agree, Lo: true, Hi: true}
		}
		if o.Max < cl.Lo() {
			return Match{Result: Differ}
		}
		return Match{Result: Inconclusive}
	}
	return Match{}
}

func vagueSpan(q catalog.Quantity) string {
	return trimNum(q.Value) + ".." + trimNum(q.Max)
}

func trimNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// SameCount reports whether two official counts state the same value (used to
// tell whether sources disagree with each other): either agrees with the other
// by MatchCount.
func SameCount(a catalog.Quantity, atext string, b catalog.Quantity, btext string) bool {
	return MatchCount(a, atext, b, btext).Result == Agree || MatchCount(b, btext, a, atext).Result == Agree
}

// contextToken finds a context length: a number with an optional K or M.
var contextToken = regexp.MustCompile(`(?i)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*([KM])?(?:\b|$)`)

// Reading is one reading of a context length.
type Reading struct {
	Tokens float64
	// Rule names the reading: "binary" (K = 1024), "decimal" (K = 1000) or "exact".
	Rule string
}

// ContextReadings lists the token counts a stated context length may mean.
// K and M are read both ways in official sources: "128K" is 131072 (binary) or
// 128000 (decimal), "1M" is 1048576 or 1000000; a plain number is exact. v is
// the parsed value, always included as exact when the text does not state it.
func ContextReadings(text string, v float64) []Reading {
	var out []Reading
	for _, m := range contextToken.FindAllStringSubmatch(Text(text), 16) {
		n, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", "")+"."+m[2]+"0", 64)
		if err != nil {
			continue
		}
		switch strings.ToUpper(m[3]) {
		case "K":
			out = append(out, Reading{n * 1024, "binary"}, Reading{n * 1000, "decimal"})
		case "M":
			out = append(out, Reading{n * 1048576, "binary"}, Reading{n * 1e6, "decimal"})
		default:
			out = append(out, Reading{n, "exact"})
		}
	}
	if v > 0 {
		for _, r := range out {
			if close(r.Tokens, v) {
				return readingsOf(out, v)
			}
		}
		return []Reading{{v, "exact"}}
	}
	return out
}

// readingsOf keeps the readings of the token of out that has value v.
func readingsOf(out []Reading, v float64) []Reading {
	for i, r := range out {
		if !close(r.Tokens, v) {
			continue
		}
		switch r.Rule {
		case "binary":
			return out[i : i+2]
		case "decimal":
			return out[i-1 : i+1]
		default:
			return out[i : i+1]
		}
	}
	return nil
}

// MatchContext compares a catalog context length with an official one: they
// agree when some reading of each is the same number of tokens; the note says
// which reading matched ("binary reading: 128K = 131072").
func MatchContext(q catalog.Quantity, text string, o catalog.Quantity, otext string) Match {
	cr := ContextReadings(text, q.Value)
	or := ContextReadings(otext, o.Value)
	if len(cr) == 0 || len(or) == 0 {
		return Match{}
	}
	for _, a := range cr {
		for _, b := range or {
			if close(a.Tokens, b.Tokens) {
				rule, stated := a.Rule, text
				if rule == "exact" {
					rule, stated = b.Rule, otext
				}
				note := ""
				if rule != "exact" {
					note = fmt.Sprintf("%s reading: %s = %s tokens", rule, Text(stated), trimNum(a.Tokens))
				}
				return Match{Result: Agree, Lo: true, Hi: true, Note: note}
			}
		}
	}
	return Match{Result: Differ}
}
