package reports

import (
	"fmt"
	"strings"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// SummarizeByKind counts findings per kind (checks.Kind: claim, checklist,
// source, coverage, gate) and, within a kind, per verdict. Every kind of
// checks.Kinds and every verdict is present, with 0 when none. Summed over
// the kinds, the counts are Summarize's.
func SummarizeByKind(findings []checks.Finding) map[checks.Kind]map[checks.Verdict]int {
	m := emptyByKind()
	for _, f := range findings {
		verdictsOf(m, f.Kind())[f.Verdict]++
	}
	return m
}

// completeByKind copies s with every kind and verdict present.
func completeByKind(s map[checks.Kind]map[checks.Verdict]int) map[checks.Kind]map[checks.Verdict]int {
	out := emptyByKind()
	for k, vs := range s {
		dst := verdictsOf(out, k)
		for v, n := range vs {
			dst[v] = n
		}
	}
	return out
}

// emptyByKind has every kind of checks.Kinds, each with every verdict at 0.
func emptyByKind() map[checks.Kind]map[checks.Verdict]int {
	m := make(map[checks.Kind]map[checks.Verdict]int, len(checks.Kinds))
	for _, k := range checks.Kinds {
		m[k] = Summarize(nil)
	}
	return m
}

// verdictsOf is m's counts for kind k, added with every verdict at 0 when
// k is not there yet (a kind outside checks.Kinds).
func verdictsOf(m map[checks.Kind]map[checks.Verdict]int, k checks.Kind) map[checks.Verdict]int {
	if m[k] == nil {
		m[k] = Summarize(nil)
	}
	return m[k]
}

// kindTotal is the number of findings of kind k in r (r normalised).
func kindTotal(r *Report, k checks.Kind) int {
	n := 0
	for _, c := range r.SummaryByKind[k] {
		n += c
	}
	return n
}

// shownKinds are the kinds a report lists in its totals: claims, checklist
// items, source items and coverage findings always, gate findings when
// there are any.
func shownKinds(r *Report) []checks.Kind {
	var out []checks.Kind
	for _, k := range checks.Kinds {
		if k == checks.KindGate && kindTotal(r, k) == 0 {
			continue
		}
		out = append(out, k)
	}
	return out
}

// kindTotals states how the findings add up, e.g. "219 claims + 120
// checklist items + 18 source items + 11 coverage findings = 368 findings".
func kindTotals(r *Report) string {
	var parts []string
	total := 0
	for _, k := range shownKinds(r) {
		n := kindTotal(r, k)
		total += n
		parts = append(parts, fmt.Sprintf("%d %s", n, k.Noun(n)))
	}
	noun := "findings"
	if total == 1 {
		noun = "finding"
	}
	return fmt.Sprintf("%s = %d %s", strings.Join(parts, " + "), total, noun)
}

// kindColumn is a kind's column heading in the verdict tables.
func kindColumn(k checks.Kind) string {
	switch k {
	case checks.KindClaim:
		return "claims"
	case checks.KindChecklist:
		return "checklist"
	case checks.KindSource:
		return "sources"
	case checks.KindCoverage:
		return "coverage"
	case checks.KindGate:
		return "gate"
	}
	return string(k)
}

// entryLabel is the heading of an entry's findings: the entry id, or
// "catalog-wide" for the findings that belong to no entry.
func entryLabel(id string) string {
	if id == "" {
		return checks.CatalogWide
	}
	return id
}

// evidenceWhen says when a piece of evidence was read: "fetched T" for a
// fresh response, "revalidated T (304, cached body)" when the server
// answered 304 and the stored body was used, "cached, checked T" when the
// body came from the store without asking the server.
func evidenceWhen(e record.Evidence) string {
	if e.FetchedAt.IsZero() {
		switch {
		case e.NotModified:
			return "revalidated (304, cached body)"
		case e.FromCache:
			return "cached"
		}
		return ""
	}
	t := e.FetchedAt.UTC().Format("2006-01-02 15:04 MST")
	switch {
	case e.NotModified:
		return "revalidated " + t + " (304, cached body)"
	case e.FromCache:
		return "cached, checked " + t
	}
	return "fetched " + t
}

// quoteCount is how many statements a finding's evidence quotes: the judge
// cites each page once and joins the quotes of one page with
// checks.QuoteSep; a piece without a quote counts once.
func quoteCount(f checks.Finding) int {
	n := 0
	for _, e := range f.Evidence {
		n += max(1, len(strings.Split(e.Quote, checks.QuoteSep)))
	}
	return n
}
