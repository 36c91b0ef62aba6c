package checks

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Input is everything the judge reads. It never touches the network or the
// clock: Now is the instant deadlines are judged against (--now).
type Input struct {
	Catalog *catalog.Catalog
	// Records are every fetch record, with or without Err: failed records make
	// claims unreachable, 404/410 answers are official "does not exist" answers.
	Records      []record.Record
	Observations []extract.Observation
	Health       []extract.Health
	Now          time.Time
}

// Judge runs every check of List over the input and returns the findings in a
// deterministic order: by catalog order of entries, within an entry by claim
// order, then the entry's source and checklist findings in List order; the
// catalog-level findings (missing items) come last, in List order.
func Judge(in Input) []Finding {
	if in.Catalog == nil {
		return nil
	}
	ctx := NewContext(in)
	var out []Finding
	for _, c := range List {
		out = append(out, c.Run(ctx)...)
	}
	out = append(out, ctx.unhandled()...)
	sortFindings(in.Catalog, out)
	return out
}

// sortFindings orders findings as Judge documents.
func sortFindings(c *catalog.Catalog, fs []Finding) {
	entryIdx := map[string]int{}
	claimIdx := map[string]int{}
	for i, e := range c.Entries {
		entryIdx[e.ID] = i
		for j, cl := range e.Claims {
			claimIdx[e.ID+"/"+cl.ID] = j
		}
	}
	checkIdx := map[string]int{}
	for i, ch := range List {
		checkIdx[ch.ID] = i
	}
	key := func(f Finding) (int, int) {
		ei, ok := entryIdx[f.Entry]
		if !ok || f.Entry == "" {
			ei = len(c.Entries)
		}
		if ci, ok := claimIdx[f.Entry+"/"+f.Claim]; ok && f.Entry != "" {
			return ei, ci
		}
		return ei, 1<<20 + checkIdx[f.Check]
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		ae, ac := key(a)
		be, bc := key(b)
		return cmp.Or(cmp.Compare(ae, be), cmp.Compare(ac, bc), strings.Compare(a.Claim, b.Claim))
	})
}
