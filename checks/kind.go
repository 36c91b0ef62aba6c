package checks

import "strings"

// Kind says what a finding is about, so reports can count claims apart from
// the other things an audit judges. The words are part of the report format
// (docs/report-format.md, summary_by_kind).
type Kind string

const (
	// KindClaim: a claim the catalog makes (check ids claim.*).
	KindClaim Kind = "claim"
	// KindChecklist: a checklist item judged for an entry (checklist.*).
	KindChecklist Kind = "checklist"
	// KindSource: a cited source judged on its own, e.g. a paper's latest
	// version or venue (sources.*).
	KindSource Kind = "source"
	// KindCoverage: reverse coverage, something official sources list that
	// the catalog does not reference (coverage.*), often catalog-wide.
	KindCoverage Kind = "coverage"
	// KindGate: a finding of the CI gate itself (gate.*), e.g. a setting.
	KindGate Kind = "gate"
)

// Kinds lists every kind in report order.
var Kinds = []Kind{KindClaim, KindChecklist, KindSource, KindCoverage, KindGate}

// KindOf classifies a check id by its prefix; an id without a known prefix
// is a claim check.
func KindOf(checkID string) Kind {
	prefix, _, _ := strings.Cut(checkID, ".")
	switch prefix {
	case "checklist":
		return KindChecklist
	case "sources":
		return KindSource
	case "coverage":
		return KindCoverage
	case "gate":
		return KindGate
	}
	return KindClaim
}

// Kind is the kind of the finding, from the check that produced it.
func (f Finding) Kind() Kind { return KindOf(f.Check) }

// Noun is how a report counts findings of kind k: "1 claim", "2 checklist items".
func (k Kind) Noun(n int) string {
	var one, many string
	switch k {
	case KindChecklist:
		one, many = "checklist item", "checklist items"
	case KindSource:
		one, many = "source item", "source items"
	case KindCoverage:
		one, many = "coverage finding", "coverage findings"
	case KindGate:
		one, many = "gate finding", "gate findings"
	default:
		one, many = "claim", "claims"
	}
	if n == 1 {
		return one
	}
	return many
}

// CatalogWide is how reports name the entry of a finding that belongs to no
// entry (Entry ""): a reverse-coverage item about the whole catalog.
const CatalogWide = "catalog-wide"

// Ref names the finding for a reader: "entry/claim", or "catalog-wide:
// claim" for a finding that belongs to no entry (never "/claim").
func (f Finding) Ref() string {
	if f.Entry == "" {
		return CatalogWide + ": " + f.Claim
	}
	return f.Entry + "/" + f.Claim
}
