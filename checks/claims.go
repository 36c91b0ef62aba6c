package checks

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/normalize"
)

// claimQuantity is a count or context claim's parsed value (parsed from Value
// when the catalog left it unset).
func claimQuantity(c *catalog.Claim) (catalog.Quantity, bool) {
	if c.Quantity != nil {
		return *c.Quantity, true
	}
	var q catalog.Quantity
	var err error
	if c.Type == catalog.TypeContext || c.Field == catalog.FieldContextLength {
		q, err = catalog.ParseContext(c.Value)
	} else {
		unit := catalog.UnitParameters
		if spec, ok := catalog.LookupField(c.Field); ok && spec.Unit != "" {
			unit = spec.Unit
		}
		q, err = catalog.ParseQuantity(c.Value, unit)
	}
	return q, err == nil
}

// obsQuantity is an observation's parsed count, from Quantity or its Value.
func obsQuantity(o extract.Observation, context bool) (catalog.Quantity, bool) {
	if o.Quantity != nil {
		return *o.Quantity, true
	}
	v := strings.ReplaceAll(normalize.Text(o.Value), ",", "")
	var q catalog.Quantity
	var err error
	if context {
		q, err = catalog.ParseContext(v)
	} else {
		q, err = catalog.ParseQuantity(v, catalog.UnitParameters)
	}
	if err == nil {
		return q, true
	}
	if ns := normalize.Numbers(o.Value); len(ns) > 0 {
		return catalog.Quantity{Value: ns[0].Value}, true
	}
	return catalog.Quantity{}, false
}

func claimDate(c *catalog.Claim) (catalog.Date, bool) {
	if c.Date != nil {
		return *c.Date, true
	}
	d, err := catalog.ParseDate(c.Value)
	return d, err == nil
}

var isoDateRE = regexp.MustCompile(`(19|20)\d{2}(-\d{2}(-\d{2})?)?`)

func obsDate(o extract.Observation) (catalog.Date, bool) {
	if o.Date != nil {
		return *o.Date, true
	}
	if d, err := catalog.ParseDate(o.Value); err == nil {
		return d, true
	}
	if m := isoDateRE.FindString(o.Value); m != "" {
		if d, err := catalog.ParseDate(m); err == nil {
			return d, true
		}
	}
	return catalog.Date{}, false
}

func compareCount(c *catalog.Claim, o extract.Observation) normalize.Match {
	q, ok := claimQuantity(c)
	oq, ok2 := obsQuantity(o, false)
	if !ok || !ok2 {
		return normalize.Match{}
	}
	m := normalize.MatchCount(q, c.Value, oq, o.Value)
	// A model-sizes claim of one size is not contradicted by the family's
	// other sizes.
	if c.Field == catalog.FieldModelSizes && q.Max == 0 && oq.Max == 0 && m.Result == normalize.Differ {
		return normalize.Match{Note: "another size of the family"}
	}
	return m
}

func sameCount(a, b extract.Observation) bool {
	qa, ok := obsQuantity(a, false)
	qb, ok2 := obsQuantity(b, false)
	return ok && ok2 && normalize.SameCount(qa, a.Value, qb, b.Value)
}

func compareContext(c *catalog.Claim, o extract.Observation) normalize.Match {
	q, ok := claimQuantity(c)
	oq, ok2 := obsQuantity(o, true)
	if !ok || !ok2 {
		return normalize.Match{}
	}
	return normalize.MatchContext(q, c.Value, oq, o.Value)
}

func sameContext(a, b extract.Observation) bool {
	qa, ok := obsQuantity(a, true)
	qb, ok2 := obsQuantity(b, true)
	return ok && ok2 && normalize.MatchContext(qa, a.Value, qb, b.Value).Result == normalize.Agree
}

var foundedRE = regexp.MustCompile(`(?i)founded (?:in )?((?:19|20)\d{2})`)

func compareDate(c *catalog.Claim, o extract.Observation) normalize.Match {
	d, ok := claimDate(c)
	if !ok {
		return normalize.Match{}
	}
	if o.Field == extract.FieldText {
		m := foundedRE.FindStringSubmatch(o.Value)
		if m == nil {
			return normalize.Match{}
		}
		y, _ := strconv.Atoi(m[1])
		return normalize.MatchDate(d, catalog.Date{Year: y, Precision: catalog.PrecisionYear})
	}
	od, ok := obsDate(o)
	if !ok {
		return normalize.Match{}
	}
	return normalize.MatchDate(d, od)
}

func sameDate(a, b extract.Observation) bool {
	da, ok := obsDate(a)
	db, ok2 := obsDate(b)
	return ok && ok2 && normalize.SameDate(da, db)
}

func compareVenue(c *catalog.Claim, o extract.Observation) normalize.Match {
	if o.Field == extract.FieldComment {
		if normalize.MentionsVenue(o.Value, c.Value) {
			return normalize.Match{Result: normalize.Agree, Lo: true, Hi: true}
		}
		return normalize.Match{}
	}
	year := 0
	if d, ok := obsDate(o); ok && o.Date != nil {
		year = d.Year
	}
	return normalize.MatchVenue(c.Value, o.Value, year)
}

func sameVenue(a, b extract.Observation) bool {
	va, vb := normalize.Venue(a.Value), normalize.Venue(b.Value)
	return va.Name == vb.Name && (va.Year == 0 || vb.Year == 0 || va.Year == vb.Year)
}

func compareLicense(c *catalog.Claim, o extract.Observation) normalize.Match {
	return normalize.MatchLicense(c.Value, o.Value)
}

func sameLicense(a, b extract.Observation) bool {
	ka, kb := normalize.License(a.Value), normalize.License(b.Value)
	return ka == "" || kb == "" || ka == kb
}

// compareTitle: equal in TextKey form, or the claim is the title's short
// form before a colon ("DeepSeek-Coder" of "DeepSeek-Coder: When the …").
func compareTitle(c *catalog.Claim, o extract.Observation) normalize.Match {
	ck, ok := normalize.TextKey(c.Value), normalize.TextKey(o.Value)
	if ck == "" || ok == "" {
		return normalize.Match{}
	}
	if ck == ok {
		return normalize.Match{Result: normalize.Agree, Lo: true, Hi: true}
	}
	if short, _, found := strings.Cut(o.Value, ":"); found && normalize.TextKey(short) == ck {
		return normalize.Match{Result: normalize.Agree, Lo: true, Hi: true, Note: "the short title before the colon"}
	}
	if o.Field == extract.FieldChangelogEntry {
		if normalize.ContainsPhrase(o.Value, c.Value) {
			return normalize.Match{Result: normalize.Agree, Lo: true, Hi: true}
		}
		return normalize.Match{}
	}
	return normalize.Match{Result: normalize.Differ}
}

func sameTitle(a, b extract.Observation) bool {
	return normalize.TextKey(a.Value) == normalize.TextKey(b.Value)
}

// compareName: the same name, or one is a trailing short form of the other
// ("V3.1-Terminus" of "deepseek-ai/DeepSeek-V3.1-Terminus").
func compareName(c *catalog.Claim, o extract.Observation) normalize.Match {
	v := normalize.Text(o.Value)
	if v == "" {
		return normalize.Match{}
	}
	if normalize.SameName(c.Value, v) {
		return normalize.Match{Result: normalize.Agree, Lo: true, Hi: true}
	}
	if normalize.ShortName(c.Value, v) || normalize.ShortName(v, c.Value) {
		return normalize.Match{Result: normalize.Agree, Lo: true, Hi: true, Note: "a short form of the name"}
	}
	return normalize.Match{Result: normalize.Differ}
}

// compareBase compares a claimed base model with a stated one as names; a
// stated base that derives from the claimed one (the claimed name plus
// suffixes: claim "OLMo-2-1124-13B", card "OLMo-2-1124-13B-Instruct-RLVR2")
// is the direct parent of a model whose ancestor the claim names, so it
// decides nothing.
func compareBase(c *catalog.Claim, o extract.Observation) normalize.Match {
	m := compareName(c, o)
	if m.Result == normalize.Differ && derivesFrom(o.Value, c.Value) {
		return normalize.Match{Result: normalize.Inconclusive, Note: "the source names a model derived from the claimed base (the claim may name an ancestor)"}
	}
	return m
}

// derivesFrom reports whether model name d is model name a plus suffixes
// ("X-13B-Instruct" from "X-13B"), ignoring owners and case.
func derivesFrom(d, a string) bool {
	key := func(s string) string {
		s = strings.ToLower(normalize.Text(s))
		if i := strings.LastIndexByte(s, '/'); i >= 0 {
			s = s[i+1:]
		}
		return strings.TrimSpace(s)
	}
	dk, ak := key(d), key(a)
	if ak == "" || len(dk) <= len(ak)+1 || !strings.HasPrefix(dk, ak) || !strings.ContainsRune("-_. ", rune(dk[len(ak)])) {
		return false
	}
	// "Llama-3.1" is a later version of "Llama-3", not a derivative.
	return !(dk[len(ak)] == '.' && dk[len(ak)+1] >= '0' && dk[len(ak)+1] <= '9')
}

func sameName(a, b extract.Observation) bool {
	return normalize.SameName(a.Value, b.Value) || normalize.ShortName(a.Value, b.Value) || normalize.ShortName(b.Value, a.Value)
}

// valueChecks are the claim checks that share judgeValue.
var (
	countSpec   = valueSpec{check: "claim.count", compare: compareCount, same: sameCount, bothEnds: true}
	contextSpec = valueSpec{check: "claim.context", compare: compareContext, same: sameContext}
	dateSpec    = valueSpec{check: "claim.date", compare: compareDate, same: sameDate}
	venueSpec   = valueSpec{check: "claim.venue", compare: compareVenue, same: sameVenue}
	licenseSpec = valueSpec{check: "claim.license", compare: compareLicense, same: sameLicense}
	titleSpec   = valueSpec{check: "claim.title", compare: compareTitle, same: sameTitle}
	baseSpec    = valueSpec{check: "claim.base-model", compare: compareBase, same: sameName}
)

// forField is spec adjusted for one claim field: every family member counts
// for model sizes, any official date holds a year, and a release date reads
// the catalog-wide sources.
func (spec valueSpec) forField(field string) valueSpec {
	switch field {
	case catalog.FieldModelSizes:
		spec.members = true
	case catalog.FieldYear:
		spec.anyOf = true
	case catalog.FieldReleased:
		spec.wide = true
	}
	return spec
}

// eachClaimWhere calls visit for every claim in scope that keep accepts, in
// catalog order.
func (ctx *Context) eachClaimWhere(keep func(*catalog.Claim) bool, visit func(*catalog.Entry, *catalog.Claim)) {
	es := ctx.entries()
	for i := range es {
		e := &es[i]
		for j := range e.Claims {
			if c := &e.Claims[j]; keep(c) {
				visit(e, c)
			}
		}
	}
}

// eachClaim judges every claim in scope whose field is in fields with the
// check's judge, in catalog order; a panic in judge becomes that claim's
// unverified finding (guardClaim).
func (ctx *Context) eachClaim(check string, fields []string, judge claimJudge) []Finding {
	var out []Finding
	ctx.eachClaimWhere(func(c *catalog.Claim) bool { return containsString(fields, c.Field) }, func(e *catalog.Entry, c *catalog.Claim) {
		out = append(out, ctx.guardClaim(check, e, c, judge))
	})
	return out
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
