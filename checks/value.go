package checks

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/normalize"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// severityOf maps verdicts to severities (documented in docs/judging.md).
func severityOf(v Verdict) Severity {
	switch v {
	case Contradicted, Expired:
		return SeverityError
	case Verified:
		return SeverityInfo
	}
	return SeverityWarning
}

// finding builds a finding for a claim with its severity.
func claimFinding(e *catalog.Entry, c *catalog.Claim, check string, v Verdict) Finding {
	return Finding{
		Entry: e.ID, Claim: c.ID, Check: check, Field: c.Field, Verdict: v, Severity: severityOf(v),
		Expected: c.Value, Location: c.Pos, Evidence: []record.Evidence{},
	}
}

func (f Finding) with(v Verdict, msg string) Finding {
	f.Verdict, f.Severity, f.Message = v, severityOf(v), msg
	return f
}

// comparator compares a claim with one observation.
type comparator func(c *catalog.Claim, o extract.Observation) normalize.Match

// sameFunc tells whether two observations state the same value.
type sameFunc func(a, b extract.Observation) bool

// identity is who a claim is about.
type identity struct {
	names []string // the claim's subject, or the entry's headline names
	// entryLevel: observations about the page's own subject (a paper, a docs
	// page; Model "") count.
	entryLevel bool
	// members: later family members and all variants count (model sizes).
	members bool
	// exact names, used only when names is empty (a claim without a subject
	// on an entry with no Hugging Face or GitHub source: a paper, a release
	// note, an API fact sheet): the entry's name and, for a name claim, its
	// value. An observation whose model is one of them, or a catalog-wide
	// observation whose value (or one of its "; "-joined parts) is one of
	// them, counts — by normalised-name equality, never by prefix or mention.
	exact []string
	// canon drops an owner that is one of the catalog's organisations
	// (Context.unowned); nil leaves names as they are.
	canon func(string) string
	// weak: the sources may be about another model than the entry names
	// (wordsBeyond): their own values verify, never contradict.
	weak bool
	// family: the sources a variant entry cites for its whole family
	// ("Foo-K2-Instruct" citing acme/Foo-K2): their own values, and
	// values named for the family model, are variant rows — they verify when
	// they all agree and never contradict.
	family []string
}

func (id identity) c(n string) string {
	if id.canon == nil {
		return n
	}
	return id.canon(n)
}

// namesExactly reports whether value, or one of its "; "-joined parts (a
// change-log section's headings), is one of names (normalize.SameName).
func namesExactly(value string, names []string) bool {
	for _, part := range append(strings.Split(value, ";"), value) {
		part = normalize.Text(part)
		if part == "" {
			continue
		}
		for _, n := range names {
			if normalize.SameName(part, n) {
				return true
			}
		}
	}
	return false
}

func (ctx *Context) identityOf(e *catalog.Entry, c *catalog.Claim) identity {
	if c.Subject != "" {
		id := identity{names: []string{c.Subject}, canon: ctx.unowned}
		for _, h := range headlines(e) {
			if normalize.SameName(h, c.Subject) {
				id.entryLevel = true
			}
		}
		return id
	}
	heads := headlines(e)
	if e.Kind == catalog.KindModel && len(heads) > 0 {
		own, uncertain := ctx.ownSources(e)
		if variantOfAll(e.Name, heads) {
			own = nil // a Base/Chat/Instruct of the family the sources are about
		}
		if len(own) == 0 {
			// The entry names a model none of its sources is about (a
			// repository of the Foo-4.5 family for Foo-4.5-Air or
			// Foo-4.7-Flash, a sibling's card): their pages' own values are
			// another model's; only the values named for the entry's model
			// are its own. Pages about no model in particular (a docs page,
			// a paper) the entry cites stay the entry's (entryLevel).
			id := identity{names: []string{e.Name}, entryLevel: true, canon: ctx.unowned}
			if variantOfAll(e.Name, heads) {
				id.family = heads
			}
			return id
		}
		id := identity{names: own, entryLevel: true, canon: ctx.unowned, weak: uncertain}
		return id
	}
	id := identity{names: heads, entryLevel: true, canon: ctx.unowned}
	if len(id.names) == 0 {
		if e.Name != "" {
			id.exact = append(id.exact, e.Name)
		}
		if c.Type == catalog.TypeName && c.Value != "" {
			id.exact = append(id.exact, c.Value)
		}
	}
	return id
}

// ownSources are the headline sources of a model entry that are about the
// model it names (see otherModel); an entry without a name owns them all.
func (ctx *Context) ownSources(e *catalog.Entry) (own []string, uncertain bool) {
	heads, subjects := headlineSources(e)
	for i, h := range heads {
		if otherModel(e.Name, h, func(name string) bool { return ctx.pageNames(subjects[i], name) }) {
			continue
		}
		own = append(own, h)
		if wordsBeyond(e.Name, h) {
			uncertain = true
		}
	}
	return own, uncertain
}

// wordsBeyond reports an entry name with a word its source's name lacks
// ("Foo-4-mini" of acme/foo-4, "Foo-V4 Technical Materials" of
// Foo-V4-Pro): the source may be about another model or about the
// entry, so its values may verify the entry's claims but never contradict
// them.
func wordsBeyond(name, head string) bool {
	name = reParens.ReplaceAllString(name, " ")
	_, hn := normalize.SplitOwner(head)
	hk := looseKey(hn)
	if strings.Contains(hk, looseKey(name)) {
		return false
	}
	for _, t := range normalize.Tokens(name) {
		if k := looseKey(t); k != "" && !strings.Contains(hk, k) && !reSizeToken.MatchString(t) {
			return true
		}
	}
	return false
}

// reSizeToken is a size in a name: "48B", "A3B", "1.5b", "8x7B".
var reSizeToken = regexp.MustCompile(`(?i)^(?:\d+x)?a?\d+(?:\.\d+)?[bmkt]$`)

// sizeTokens are the size tokens of a name.
func sizeTokens(name string) []string {
	var out []string
	for _, t := range normalize.Tokens(name) {
		if reSizeToken.MatchString(t) {
			out = append(out, t)
		}
	}
	return out
}

// otherModel reports a source (an HF id or a repository) about another model
// than the one an entry names. It is the entry's own when the names agree,
// or when every token of the entry's name stands in the source's name, in
// order, case aside (the source is named at least as narrowly: "Foo 7B"
// of acme/Foo-7B-v0.1, "Foo 2 13B" of acme/Foo-2-1124-13B).
// It is another model's when a token the source lacks carries a digit (a
// size or version: "Foo-4.7-Flash" of acme/Foo-4.5, "Foo 2 27B" of
// acme/foo-2-2b), or when the page itself names the entry's model
// apart from its own (pageNames: "Foo-4.5-Air" rows on acme/Foo-4.5).
// Other words ("Foo-V4 Technical Materials") leave the source the
// entry's.
func otherModel(name, head string, pageNames func(string) bool) bool {
	name = reParens.ReplaceAllString(name, " ") // "Foo-R1 (671B)": a note, not the name
	_, hn := normalize.SplitOwner(head)
	nt, ht := normalize.Tokens(name), normalize.Tokens(hn)
	ek, hk := looseKey(name), looseKey(hn)
	if ek == "" || normalize.SameName(name, hn) || strings.Contains(hk, ek) || tokensWithin(nt, ht) {
		return false // spelled apart ("Foo3 8B" of Acme-Foo-3-8B) or named more narrowly
	}
	headSized := len(sizeTokens(hn)) > 0
	headKeys := map[string]bool{}
	for _, t := range ht {
		headKeys[looseKey(t)] = true
	}
	for _, t := range nt {
		if !strings.ContainsAny(t, "0123456789") || headKeys[looseKey(t)] {
			continue // "4" of Foo-4-Air is no token of Foo-4.5-Air
		}
		if reSizeToken.MatchString(t) && !headSized {
			continue // a size the source's name does not state (Foo-Linear-48B-A3B of Foo-Linear)
		}
		return true
	}
	return pageNames(name)
}

// reParens is a parenthesised note in a name.
var reParens = regexp.MustCompile(`\([^)]*\)`)

// looseKey is a name's letters and digits in lower case: "Foo V2.5",
// "Foo-V2_5" and "foo-v25" share "foov25".
func looseKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// pageNames reports whether subject k states a value for a model named
// name (an observation whose Model is that name).
func (ctx *Context) pageNames(k, name string) bool {
	for _, o := range ctx.obsOf(SubjectKey(k)) {
		if o.Model != "" && normalize.SameName(o.Model, name) {
			return true
		}
	}
	return false
}

// tokensWithin reports whether every token of a stands in b, in order,
// case and punctuation aside.
func tokensWithin(a, b []string) bool {
	j := 0
	for _, t := range a {
		for j < len(b) && looseKey(t) != looseKey(b[j]) {
			j++
		}
		if j == len(b) {
			return false
		}
		j++
	}
	return true
}

// variantOfAll reports an entry name that is a Base/Chat/Instruct variant
// (normalize.Variants) of every headline source's model.
func variantOfAll(name string, heads []string) bool {
	for _, h := range heads {
		_, hn := normalize.SplitOwner(h)
		if v, ok := normalize.Variant(name, hn); !ok || v == "" {
			return false
		}
	}
	return len(heads) > 0
}

// scopeKind is how an observation relates to a claim's identity.
type scopeKind int

const (
	outOfScope   scopeKind = iota
	exactScope             // the model itself, or the page's own subject
	variantScope           // a Base/Chat/Instruct row of the family: verifies when all rows agree, never contradicts
)

func (id identity) scope(o extract.Observation) scopeKind {
	m := modelOf(o)
	if m == "" {
		if id.entryLevel || mentionsAny(o.Value, id.names) {
			return exactScope
		}
		if len(id.family) > 0 {
			return variantScope // the family page's own value
		}
		return outOfScope
	}
	m = id.c(m)
	for _, n := range append(id.names, id.exact...) {
		if normalize.SameName(m, id.c(n)) {
			return exactScope
		}
	}
	for _, h := range id.family {
		if normalize.SameName(m, id.c(h)) {
			return variantScope // named for the family model
		}
	}
	for _, n := range id.names {
		n = id.c(n)
		if _, ok := normalize.Variant(m, n); ok {
			if id.members {
				return exactScope
			}
			return variantScope
		}
		if id.members && normalize.FamilyMember(m, n) {
			return exactScope
		}
	}
	return outOfScope
}

// claimSubjects lists the subjects a claim may be judged by: the entry's own
// sources; for a claim with a subject also hf:<subject> and the catalog-wide
// sources (whose observations then must name the subject); and the
// catalog-wide sources for the fields that read them (wide).
func (ctx *Context) claimSubjects(e *catalog.Entry, c *catalog.Claim, wide bool) []string {
	out := EntrySubjects(e)
	if c.Subject != "" {
		if owner, _ := normalize.SplitOwner(c.Subject); owner != "" {
			out = appendUnique(out, SubjectKey(extract.PrefixHF+c.Subject))
		}
		wide = true
	}
	if wide {
		for _, w := range ctx.wide {
			out = appendUnique(out, w)
		}
	}
	return out
}

func (ctx *Context) isEntrySubject(e *catalog.Entry, k string) bool {
	return slices.Contains(EntrySubjects(e), k)
}

// candidate is one observation judged against a claim.
type candidate struct {
	o     extract.Observation
	rule  RankRule
	m     normalize.Match
	scope scopeKind
	order int
	// weak: the value is not bound to the claim's subject (unknown, or a
	// series for a range claim): it verifies when nothing bound that ranks
	// as high states a value, and never contradicts.
	weak bool
}

// valueSpec says how a value check compares.
type valueSpec struct {
	check   string
	compare comparator
	same    sameFunc
	// wide: read the catalog-wide sources even for claims without a subject.
	wide bool
	// bothEnds: a range claim is verified only when both ends are stated.
	bothEnds bool
	// members: model sizes — every member of the family counts.
	members bool
	// allDocs: also read every docs page the fetched pages index (the
	// sidebar's release-note titles), where a page names the claim's model.
	allDocs bool
	// anyOf: the claim holds if any official value agrees; other values do not
	// make the sources disagree (the Year column: any date of the work).
	anyOf bool
}

// gather collects the candidates of a claim: the official observations in
// its scope, from the subjects it may be judged by, best tier first.
func (ctx *Context) gather(e *catalog.Entry, c *catalog.Claim, spec valueSpec) (cands []candidate, notes []string) {
	id := ctx.identityOf(e, c)
	id.members = spec.members
	unofficial := map[string]string{}
	n := 0
	for _, k := range ctx.valueSubjects(e, c, spec) {
		wideOnly := !ctx.isEntrySubject(e, k)
		for _, o := range ctx.obsOf(k) {
			rule, ok := rankOf(c.Field, o)
			if !ok {
				continue
			}
			if ok, why := ctx.Official(o.Subject); !ok {
				unofficial[o.Subject] = why
				continue
			}
			cd, ok := candidateOf(c, o, id, spec, wideOnly)
			if !ok {
				continue
			}
			n++
			cd.rule, cd.order = rule, n
			cands = append(cands, cd)
		}
	}
	for _, s := range sortedKeys(unofficial) {
		notes = append(notes, fmt.Sprintf("%s was not counted: %s", s, unofficial[s]))
	}
	cands, notes = dropDisagreeingVariants(cands, notes)
	weakenDifferingVariants(cands)
	cands = dropFallbacks(cands)
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if a.rule.Tier != b.rule.Tier {
			return a.rule.Tier - b.rule.Tier
		}
		return a.order - b.order
	})
	return cands, notes
}

// valueSubjects are the subjects a value claim is judged by: claimSubjects,
// and every docs page when spec reads them all.
func (ctx *Context) valueSubjects(e *catalog.Entry, c *catalog.Claim, spec valueSpec) []string {
	subjects := ctx.claimSubjects(e, c, spec.wide)
	if spec.allDocs {
		for _, k := range ctx.allDocsSubjects() {
			subjects = appendUnique(subjects, k)
		}
	}
	return subjects
}

// candidateOf compares an official observation with the claim when it is in
// the claim's scope and bound to it (ok false otherwise); wideOnly: the
// observation comes from a catalog-wide subject, not the entry's own.
func candidateOf(c *catalog.Claim, o extract.Observation, id identity, spec valueSpec, wideOnly bool) (candidate, bool) {
	sc := id.scope(o)
	if (wideOnly || o.Field == extract.FieldChangelogEntry) && modelOf(o) == "" {
		// A catalog-wide page speaks for the claim only where it names
		// it — as a model, not as an API model id (see mentionsModel). So
		// does a change-log section, even on a page the entry cites: a
		// change log holds many sections, each about its own subject.
		sc = outOfScope
		if mentionsModel(o.Value, id.names) || namesExactly(o.Value, id.exact) {
			sc = exactScope
		}
	}
	if sc == outOfScope {
		return candidate{}, false
	}
	power := bindingPower(c, o, id)
	if id.weak && power == bindFull && modelOf(o) != "" {
		power = bindVerifyOnly // a source that may be another model's
	}
	if power == bindNone {
		return candidate{}, false
	}
	m := spec.compare(c, o)
	if power == bindVerifyOnly && m.Result == normalize.Differ {
		// Not bound to the claim's own subject: a value that agrees
		// verifies, one that differs counts for nothing.
		m = normalize.Match{Note: "not bound to this model: " + bindingWhy(o)}
	}
	return candidate{o: o, m: m, scope: sc, weak: power == bindVerifyOnly}, true
}

// dropDisagreeingVariants leaves out the variant rows (Base/Chat/Instruct)
// when they do not all agree: they count only when they do.
func dropDisagreeingVariants(cands []candidate, notes []string) ([]candidate, []string) {
	var agree, differ int
	for _, cd := range cands {
		if cd.scope == variantScope {
			switch cd.m.Result {
			case normalize.Agree:
				agree++
			case normalize.Differ:
				differ++
			}
		}
	}
	if agree == 0 || differ == 0 {
		return cands, notes
	}
	var rows []string
	kept := cands[:0]
	for _, cd := range cands {
		if cd.scope == variantScope {
			rows = append(rows, fmt.Sprintf("%s: %s", modelOf(cd.o), cd.o.Value))
			continue
		}
		kept = append(kept, cd)
	}
	return kept, append(notes, "the family's rows state different values ("+strings.Join(rows, "; ")+"), so none of them speaks for the unqualified claim")
}

// weakenDifferingVariants makes a variant's differing value count for
// nothing: a variant's value verifies (when all variants agree) but never
// contradicts: Base is not Chat, and a -Chat row's value that differs says
// nothing about the model itself.
func weakenDifferingVariants(cands []candidate) {
	for i := range cands {
		if cd := &cands[i]; cd.scope == variantScope && cd.m.Result == normalize.Differ {
			cd.m = normalize.Match{Note: "a value of the variant " + modelOf(cd.o) + ", which never contradicts the model itself"}
			cd.weak = true
		}
	}
}

// dropFallbacks leaves out the fallback sources when a main source states a
// value: fallbacks count only when nothing else does.
func dropFallbacks(cands []candidate) []candidate {
	hasMain := false
	for _, cd := range cands {
		if cd.m.Result != normalize.Inconclusive && !cd.rule.Fallback {
			hasMain = true
		}
	}
	if !hasMain {
		return cands
	}
	kept := cands[:0]
	for _, cd := range cands {
		if !cd.rule.Fallback {
			kept = append(kept, cd)
		}
	}
	return kept
}

// bindPower is what an observation's binding lets it do for a claim.
type bindPower int

const (
	bindNone       bindPower = iota // it does not speak for the claim
	bindVerifyOnly                  // it verifies when it agrees, else counts for nothing
	bindFull                        // it verifies or contradicts
)

// bindingPower applies an observation's binding (whose value it is,
// extract.Binding) to a claim it is in scope of (docs/judging.md §1, "Whose
// value"): a value bound to the page or to a named model — the claim's own
// subject, as the identity guards have already decided — has full power; a
// quantised variant's never speaks for the main model; a series' value is
// the claim's own for a family's sizes (model_sizes), verifies another range
// claim and is nothing for a single value; an unknown one only verifies.
func bindingPower(c *catalog.Claim, o extract.Observation, id identity) bindPower {
	switch o.Binding {
	case extract.BoundPage, extract.BoundNamed:
		return bindFull
	case extract.BoundVariant:
		for _, n := range append(slices.Clone(id.names), id.exact...) {
			if normalize.Quantised(n) && normalize.SameName(modelOf(o), n) {
				return bindFull // a claim about the quantised artefact itself
			}
		}
		return bindNone
	case extract.BoundSeries:
		// A size list that names no model ("you can choose between the 1B,
		// 4B, 12B and 27B variants") may be any generation's the page
		// covers: it verifies a family's sizes or a range, never
		// contradicts them.
		if c.Field == catalog.FieldModelSizes || isRange(c) {
			return bindVerifyOnly
		}
		return bindNone
	}
	return bindVerifyOnly
}

// dropOutranked leaves out the weak candidates (values not bound to the
// claim's subject) ranked at or below a bound value that states something:
// the model's own statement decides, and an unbound value that happens to
// agree does not outvote it.
func dropOutranked(inf []candidate, notes []string) ([]candidate, []string) {
	top := 0
	for _, cd := range inf {
		if !cd.weak && !cd.rule.Corroborating && (top == 0 || cd.rule.Tier < top) {
			top = cd.rule.Tier
		}
	}
	if top == 0 {
		return inf, notes
	}
	kept := inf[:0:0]
	for _, cd := range inf {
		if cd.weak && cd.rule.Tier >= top {
			notes = append(notes, fmt.Sprintf("%s also states %q, but does not say it is this model's", cd.rule.Label, cd.o.Value))
			continue
		}
		kept = append(kept, cd)
	}
	return kept, notes
}

// isRange reports a claim whose value is a range of counts ("0.5B–72B").
func isRange(c *catalog.Claim) bool {
	q, ok := claimQuantity(c)
	return ok && q.Max > 0
}

// bindingWhy says why an observation is not bound to the claim's subject.
func bindingWhy(o extract.Observation) string {
	switch o.Binding {
	case extract.BoundSeries:
		return "it is a range over the series"
	case extract.BoundVariant:
		return "it is a quantised variant's"
	}
	return "the statement does not say which model it is about"
}

// mentionsModel is mentionsAny for the API docs' own text, where a model's
// name spelled all in lower case ("foo-coder" for Foo-Coder) is an
// API model id: a change-log section about the API name "foo-coder"
// (upgraded to Foo-Coder-V2, then to V2.5) says nothing about when the
// open Foo-Coder model came out. A name that is itself lower case (an
// API id claim's subject) matches as usual.
func mentionsModel(text string, names []string) bool {
	for _, n := range names {
		if !normalize.MentionsName(text, n) {
			continue
		}
		short := n
		if i := strings.LastIndexByte(short, '/'); i >= 0 {
			short = short[i+1:]
		}
		lower := strings.ToLower(short)
		if lower == short || !strings.Contains(text, lower) {
			return true
		}
		if normalize.MentionsName(strings.ReplaceAll(text, lower, " "), n) {
			return true // also named as a model elsewhere in the text
		}
	}
	return false
}

func mentionsAny(text string, names []string) bool {
	for _, n := range names {
		if normalize.MentionsName(text, n) {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// expired reports whether a claim's validity has ended at now: its Until, or
// for a deadline its date. A date is passed once the whole day (month, year)
// is over: the claim is never called expired while its own date runs.
func (ctx *Context) expired(c *catalog.Claim) (catalog.Date, bool) {
	now := ctx.in.Now
	if now.IsZero() {
		return catalog.Date{}, false
	}
	if c.Until != nil && !now.Before(c.Until.End()) {
		return *c.Until, true
	}
	if c.Type == catalog.TypeDeadline {
		if d, ok := claimDate(c); ok && !now.Before(d.End()) {
			return d, true
		}
	}
	return catalog.Date{}, false
}

// expiredFinding is the expired verdict for a claim.
func (ctx *Context) expiredFinding(f Finding, d catalog.Date, ev []record.Evidence) Finding {
	f = f.with(Expired, fmt.Sprintf("the claim was only valid until %s, which has passed (now %s)", d, ctx.in.Now.UTC().Format("2006-01-02")))
	f.Evidence = append(f.Evidence, ev...)
	return f
}

// judgeValue is the common verdict logic for value claims (see docs/judging.md).
func (ctx *Context) judgeValue(e *catalog.Entry, c *catalog.Claim, spec valueSpec) Finding {
	f := claimFinding(e, c, spec.check, Unverified)
	cands, notes := ctx.gather(e, c, spec)
	if d, ok := ctx.expired(c); ok {
		return ctx.expiredValue(f, d, cands)
	}
	inf, notes := dropOutranked(informative(cands), notes)
	if len(inf) == 0 {
		return ctx.noEvidence(f, e, c, spec.wide, append(notes, candidateNotes(cands)...))
	}
	t := tallyValues(c, spec, inf)
	f.Disagreement = t.disagree
	switch {
	case len(t.agree) > 0 && t.covered && (t.top == 0 || len(t.topAgree) > 0 || spec.anyOf):
		f = t.verified(f, c)
	case len(t.topDiffer) > 0 && t.top != 0 && !(spec.anyOf && len(t.agree) > 0):
		f = ctx.contradictedValue(f, e, c, spec, t)
	case len(t.agree) > 0 && !t.covered:
		f = t.partialRange(f, c)
	default:
		// Only corroborating sources state a value, and it differs: nothing
		// states the claim, so a source that failed makes it unreachable.
		first := inf[0]
		if u := ctx.noEvidence(f, e, c, spec.wide, nil); u.Verdict == Unreachable {
			u.Message += fmt.Sprintf("; only %s states a value (%q), which cannot contradict the claim on its own", first.rule.Label, first.o.Value)
			return u
		}
		f = f.with(Unverified, fmt.Sprintf("only %s states a value (%q), which measures differently and cannot contradict the claim on its own", first.rule.Label, first.o.Value))
		f.Observed = observedValue(first.o, c)
		f.Evidence = evidenceOf(inf)
	}
	if len(notes) > 0 && f.Verdict != Verified {
		f.Message += "; " + strings.Join(notes, "; ")
	}
	return f
}

// expiredValue is the expired verdict of a value claim, quoting the
// candidates that agree and observing the first one's value (its date, for
// a dated statement): what the source states now, in words.
func (ctx *Context) expiredValue(f Finding, d catalog.Date, cands []candidate) Finding {
	var ev []record.Evidence
	observed := ""
	for _, cd := range cands {
		if cd.m.Result == normalize.Agree {
			ev = append(ev, cd.o.Evidence)
			if observed == "" {
				observed = cd.o.Value
				if od, ok := obsDate(cd.o); ok {
					observed = od.String()
				}
			}
		}
	}
	f = ctx.expiredFinding(f, d, ev)
	f.Observed = observed
	return f
}

// informative are the candidates that state something about the claim
// (agree or differ).
func informative(cands []candidate) []candidate {
	var inf []candidate
	for _, cd := range cands {
		if cd.m.Result != normalize.Inconclusive {
			inf = append(inf, cd)
		}
	}
	return inf
}

// candidateNotes say what each candidate stated that was not conclusive.
func candidateNotes(cands []candidate) []string {
	var notes []string
	for _, cd := range cands {
		if cd.m.Note != "" {
			notes = append(notes, fmt.Sprintf("%s states %q (%s)", cd.rule.Label, cd.o.Value, cd.m.Note))
		}
	}
	return notes
}

// valueTally is what the informative candidates of a value claim say.
type valueTally struct {
	inf           []candidate // the informative candidates, best tier first
	agree, differ []candidate
	lo, hi        bool // an agreeing candidate states the low (high) end of a range
	covered       bool // every end the claim needs is stated
	disagree      bool // the sources state values that differ from each other
	// top is the best tier of a non-corroborating candidate (0: none);
	// topAgree and topDiffer are that tier's candidates.
	top                 int
	topAgree, topDiffer []candidate
}

// tallyValues sorts the informative candidates into agreeing and differing,
// overall and at the top tier.
func tallyValues(c *catalog.Claim, spec valueSpec, inf []candidate) valueTally {
	t := valueTally{inf: inf}
	for _, cd := range inf {
		if cd.m.Result == normalize.Agree {
			t.agree = append(t.agree, cd)
			t.lo, t.hi = t.lo || cd.m.Lo, t.hi || cd.m.Hi
		} else {
			t.differ = append(t.differ, cd)
		}
	}
	t.covered = !spec.bothEnds || (t.lo && t.hi)
	same := spec.same
	if spec.members {
		same = nil // a family's sizes differ by nature
	}
	t.disagree = !spec.anyOf && sourcesDisagree(inf, same)
	for _, cd := range inf {
		if !cd.rule.Corroborating && (t.top == 0 || cd.rule.Tier < t.top) {
			t.top = cd.rule.Tier
		}
	}
	for _, cd := range inf {
		if cd.rule.Corroborating || cd.rule.Tier != t.top {
			continue
		}
		if cd.m.Result == normalize.Agree {
			t.topAgree = append(t.topAgree, cd)
		} else {
			t.topDiffer = append(t.topDiffer, cd)
		}
	}
	if c.Field == catalog.FieldReleased && len(t.topAgree) > 0 && len(t.topDiffer) > 0 {
		t.topAgree, t.topDiffer = earliestRelease(t.topAgree, t.topDiffer)
	}
	return t
}

// earliestRelease keeps, of the best sources that date a release
// differently, only the earliest date: a release happens once (the release
// note, then an "Update" note about a later revision).
func earliestRelease(topAgree, topDiffer []candidate) ([]candidate, []candidate) {
	topAgree, topDiffer = earliestOnly(topAgree), earliestOnly(topDiffer)
	if ta, td := earliestDay(topAgree), earliestDay(topDiffer); !ta.IsZero() && !td.IsZero() {
		if td.Before(ta) {
			topAgree = nil
		} else if ta.Before(td) {
			topDiffer = nil
		}
	}
	return topAgree, topDiffer
}

// verified is the verified verdict: the top tier's first agreeing candidate
// (else the first agreeing one) decides; the differing ones are quoted too
// when the sources disagree.
func (t valueTally) verified(f Finding, c *catalog.Claim) Finding {
	first := t.agree[0]
	if len(t.topAgree) > 0 {
		first = t.topAgree[0]
	}
	f = f.with(Verified, verifiedMessage(first, t.agree, t.differ, t.disagree, t.top == 0))
	f.Observed = observedValue(first.o, c)
	f.Evidence = evidenceOf(t.agree)
	if t.disagree {
		f.Evidence = append(f.Evidence, evidenceOf(t.differ)...)
	}
	return f
}

// contradictedValue is the contradicted verdict of the top tier's first
// differing candidate, unless a source that ranks as high could not be read
// (guardContradiction): the value that was read does not contradict the
// claim on its own.
func (ctx *Context) contradictedValue(f Finding, e *catalog.Entry, c *catalog.Claim, spec valueSpec, t valueTally) Finding {
	first := t.topDiffer[0]
	if g, guarded := ctx.guardContradiction(f, e, c, spec, first, t.inf); guarded {
		return g
	}
	f = f.with(Contradicted, contradictedMessage(first, t.agree, t.disagree))
	f.Observed = observedValue(first.o, c)
	f.Evidence = evidenceOf(t.topDiffer)
	for _, cd := range t.inf {
		if !slices.ContainsFunc(t.topDiffer, func(x candidate) bool { return x.order == cd.order }) {
			f.Evidence = append(f.Evidence, cd.o.Evidence)
		}
	}
	return f
}

// partialRange is the unverified verdict of a range claim whose sources
// agree on one end only.
func (t valueTally) partialRange(f Finding, c *catalog.Claim) Finding {
	which := "the low end"
	if t.hi {
		which = "the high end"
	}
	f = f.with(Unverified, fmt.Sprintf("official sources state only %s of the range %s (%s states %q)", which, c.Value, t.agree[0].rule.Label, t.agree[0].o.Value))
	f.Observed = observedValue(t.agree[0].o, c)
	f.Evidence = evidenceOf(t.inf)
	if len(t.differ) > 0 {
		f.Disagreement = true
	}
	return f
}

// evidenceOf quotes the candidates. The same statement about the same subject
// shown on several pages (a docs sidebar label about one news page repeats on
// every page) is quoted once, from the first page it was read on.
func evidenceOf(cs []candidate) []record.Evidence {
	out := make([]record.Evidence, 0, len(cs))
	seen := map[string]bool{}
	for _, cd := range cs {
		ev := cd.o.Evidence
		if ev.Locator != "" && ev.Quote != "" {
			k := cd.o.Subject + "\x00" + cd.o.Model + "\x00" + ev.Locator + "\x00" + ev.Quote
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, ev)
	}
	return out
}

// sourcesDisagree reports whether the informative candidates state values that
// differ from each other (not merely from the claim).
func sourcesDisagree(inf []candidate, same sameFunc) bool {
	for i := range inf {
		for j := i + 1; j < len(inf); j++ {
			a, b := inf[i], inf[j]
			if a.m.Result != b.m.Result {
				return true
			}
			if same != nil && !same(a.o, b.o) {
				return true
			}
		}
	}
	return false
}

func describe(cd candidate) string {
	v := fmt.Sprintf("%q", cd.o.Value)
	if cd.o.Field == extract.FieldChangelogEntry && cd.o.Date != nil {
		// A change-log section's Value is its headings: show its date too.
		v = fmt.Sprintf("%s (section %q)", cd.o.Date, cd.o.Value)
	}
	s := fmt.Sprintf("%s states %s", cd.rule.Label, v)
	if m := modelOf(cd.o); m != "" && cd.o.Model != "" {
		s = fmt.Sprintf("%s states %s for %s", cd.rule.Label, v, m)
	}
	return s
}

// describeNoted is describe with the comparison's note.
func describeNoted(cd candidate) string {
	msg := describe(cd)
	if cd.m.Note != "" {
		msg += " (" + cd.m.Note + ")"
	}
	return msg
}

// describeAll describes each candidate, comma-separated.
func describeAll(cs []candidate) string {
	ds := make([]string, 0, len(cs))
	for _, cd := range cs {
		ds = append(ds, describe(cd))
	}
	return strings.Join(ds, ", ")
}

// verifiedMessage says which source verifies the claim, how many others
// agree, and which disagree.
func verifiedMessage(first candidate, agree, differ []candidate, disagree, onlyCorroborating bool) string {
	msg := describeNoted(first)
	if len(agree) > 1 {
		msg += fmt.Sprintf(", as do %d other official statements", len(agree)-1)
	}
	if onlyCorroborating {
		msg += "; no higher-ranked source states it"
	}
	if disagree && len(differ) > 0 {
		msg += "; sources disagree: " + describeAll(differ) + fmt.Sprintf(" — %s ranks first", first.rule.Label)
	}
	return msg
}

// contradictedMessage says which source contradicts the claim and which
// agree with it although it ranks first.
func contradictedMessage(first candidate, agree []candidate, disagree bool) string {
	msg := describeNoted(first)
	if disagree && len(agree) > 0 {
		msg += "; sources disagree: " + describeAll(agree) + fmt.Sprintf(", but %s ranks first", first.rule.Label)
	}
	return msg
}

// noEvidence decides a claim no source stated: unreachable if a source it
// needs failed, unverified otherwise (with what was read, 404 answers, notes
// and the extractors' health reports).
func (ctx *Context) noEvidence(f Finding, e *catalog.Entry, c *catalog.Claim, wide bool, notes []string) Finding {
	subjects := ctx.claimSubjects(e, c, wide)
	var bad, missing, readRecs []record.Record
	read := 0
	for _, k := range subjects {
		if c.Subject != "" && !subjectConcerns(k, c.Subject) {
			continue // another model's page: it cannot state this model's value
		}
		for _, i := range ctx.recs[k] {
			r := ctx.in.Records[i]
			switch {
			case ctx.restricted(r):
				read++ // reported by its health report (gated)
			case gone(r):
				missing = append(missing, r)
			case r.Err != nil:
				bad = append(bad, r)
			default:
				read++
				readRecs = append(readRecs, r)
			}
		}
	}
	if len(bad) > 0 {
		return f.unreachableFrom(bad)
	}
	var msg string
	switch {
	case read == 0 && len(missing) == 0:
		msg = "no source for this claim was fetched"
	default:
		msg = fmt.Sprintf("%d official source(s) read, none states %s %q", read+len(missing), c.Field, c.Value)
	}
	for _, r := range missing {
		msg += fmt.Sprintf("; %s answered %d (does not exist)", r.URL, r.Status)
		f.Evidence = append(f.Evidence, r.Evidence("", ""))
	}
	// The pages that were read and say nothing about the claim are its
	// evidence too (what was looked at, and when), without a quote.
	seen := map[string]bool{}
	for _, r := range readRecs {
		if len(seen) == maxSilentEvidence {
			break
		}
		if !seen[r.URL] {
			seen[r.URL] = true
			f.Evidence = append(f.Evidence, r.Evidence("", ""))
		}
	}
	for _, k := range subjects {
		for _, h := range ctx.health[k] {
			if h.Field == "" || h.Field == c.Field {
				msg += fmt.Sprintf("; extractor health: %s (%s)", h.Problem, h.URL)
			}
		}
	}
	if len(notes) > 0 {
		msg += "; " + strings.Join(notes, "; ")
	}
	return f.with(Unverified, msg)
}

// subjectConcerns reports whether a subject's page may speak for a claim
// subject: pages that are not per-model always may; a Hugging Face model page
// only for the model itself or its variants; a GitHub repository, which
// documents a family ("Foo-LLM" lists its 7B and 67B models), also for
// the family's members.
func subjectConcerns(k, subject string) bool {
	if !strings.HasPrefix(k, extract.PrefixHF) && !strings.HasPrefix(k, extract.PrefixGitHub) {
		return true
	}
	id := k[strings.IndexByte(k, ':')+1:]
	if normalize.SameName(id, subject) {
		return true
	}
	if _, ok := normalize.Variant(subject, id); ok {
		return true
	}
	return strings.HasPrefix(k, extract.PrefixGitHub) && normalize.FamilyMember(subject, id)
}

// earliestDay is the earliest date the candidates state (zero if none).
func earliestDay(cs []candidate) time.Time {
	var t time.Time
	for _, cd := range cs {
		if cd.o.Date != nil && (t.IsZero() || cd.o.Date.Start().Before(t)) {
			t = cd.o.Date.Start()
		}
	}
	return t
}

// earliestOnly keeps the candidates stating the earliest date.
func earliestOnly(cs []candidate) []candidate {
	t := earliestDay(cs)
	if t.IsZero() {
		return cs
	}
	var out []candidate
	for _, cd := range cs {
		if cd.o.Date != nil && cd.o.Date.Start().Equal(t) {
			out = append(out, cd)
		}
	}
	return out
}

// observedValue is the official value a finding reports: the date an
// observation carries for a date claim (a change-log section's headings or a
// release note's title are where the date was found, not the value), the
// words around the claim's value in a page's text, else the stated value.
func observedValue(o extract.Observation, c *catalog.Claim) string {
	switch {
	case c.Date != nil && o.Date != nil:
		return o.Date.String()
	case o.Field == extract.FieldText:
		if sn := normalize.Snippet(o.Value, c.Value, 60); sn != "" {
			return sn
		}
		return truncate(o.Value, 120)
	}
	return o.Value
}

// maxSilentEvidence caps the pages cited for an unverified claim.
const maxSilentEvidence = 5

// unreachableFrom marks f unreachable because the records bad (at least one)
// could not be fetched: the first failure is the reason, every failed URL is
// cited.
func (f Finding) unreachableFrom(bad []record.Record) Finding {
	f = f.with(Unreachable, unreachableMessage(bad))
	f.Reason = string(bad[0].Err.Kind)
	for _, r := range bad {
		f.Evidence = append(f.Evidence, r.Evidence("", ""))
	}
	return f
}

func unreachableMessage(bad []record.Record) string {
	r := bad[0]
	msg := fmt.Sprintf("could not fetch %s (%s)", r.URL, r.Err.Error())
	if len(bad) > 1 {
		msg += fmt.Sprintf(" and %d other source(s)", len(bad)-1)
	}
	return msg + ", and no source that was read states the claim"
}
