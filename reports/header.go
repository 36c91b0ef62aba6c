package reports

import (
	"fmt"

	"github.com/claimcheck/claimcheck/checks"
)

// catalogMeta is the metadata line's parts the text and Markdown reports
// share: the catalog's path (shown by path), its as-of date (shown by text),
// its size and when it was checked.
func catalogMeta(r *Report, path, text func(string) string) []string {
	var meta []string
	if r.Catalog.Path != "" {
		meta = append(meta, path(r.Catalog.Path))
	}
	if r.Catalog.AsOf != "" {
		meta = append(meta, "as of "+text(r.Catalog.AsOf))
	}
	meta = append(meta, fmt.Sprintf("%d entries, %d claims", r.Catalog.Entries, r.Catalog.Claims))
	if !r.Now.IsZero() {
		meta = append(meta, "checked "+r.Now.UTC().Format("2006-01-02 15:04 MST"))
	}
	return meta
}

// idList is one labelled list of a gate's ids.
type idList struct {
	Label string // "added", "changed" or "removed"
	IDs   []string
}

// gateLists are a gate's added, changed and removed ids, in that order.
func gateLists(g *GateInfo) []idList {
	return []idList{{"added", g.Added}, {"changed", g.Changed}, {"removed", g.Removed}}
}

// verdictTable is the verdict-by-kind table the text and Markdown reports
// open with: one row per verdict (checks.Verdicts order), one column per
// shown kind, each row's total, and the columns' totals.
type verdictTable struct {
	Kinds    []checks.Kind
	Rows     []verdictRow
	ColTotal []int // per kind, over every verdict
	Total    int   // every finding
}

// verdictRow is one verdict's counts per kind and in all.
type verdictRow struct {
	Verdict checks.Verdict
	Counts  []int // one per verdictTable.Kinds
	Total   int   // r.Summary[Verdict]
}

// newVerdictTable counts r's findings (r normalised) by verdict and kind.
func newVerdictTable(r *Report) verdictTable {
	t := verdictTable{Kinds: shownKinds(r)}
	t.ColTotal = make([]int, len(t.Kinds))
	for _, v := range checks.Verdicts {
		row := verdictRow{Verdict: v, Counts: make([]int, len(t.Kinds)), Total: r.Summary[v]}
		for i, k := range t.Kinds {
			n := r.SummaryByKind[k][v]
			row.Counts[i] = n
			t.ColTotal[i] += n
		}
		t.Total += row.Total
		t.Rows = append(t.Rows, row)
	}
	return t
}
