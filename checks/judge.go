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
	// Index, when set, is where the judge reads observations instead of
	// Observations (which it then ignores): the same observations, grouped
	// by subject key, held in whatever form suits the caller.
	Index  ObservationIndex
	Health []extract.Health
	Now    time.Time
	// Checks are the checks to run, in report order (nil: List). A test
	// may add one; production runs List.
	Checks []Check
	// OnFault, when set, hears of every check that panicked (the judge
	// recovers and goes on; see Fault).
	OnFault func(Fault)
}

// Judge runs every check of List over the input and returns the findings in a
// deterministic order: by catalog order of entries, within an entry by claim
// order, then the entry's source and checklist findings in List order; the
// catalog-level findings (missing items) come last, in List order.
func Judge(in Input) []Finding {
	var out []Finding
	JudgeEach(in, func(f Finding) { out = append(out, f) })
	return out
}

// JudgeEach judges like Judge and hands each finding to emit, in Judge's
// order, as soon as its entry is judged: entries are judged one at a time,
// so what judging one entry needs (the observations of its subjects) is
// released before the next. The reverse-coverage checks, which read the
// whole catalog, run first; their findings are emitted with their entry (or
// last, for catalog-level ones).
func JudgeEach(in Input, emit func(Finding)) {
	if in.Catalog == nil {
		return
	}
	ctx := NewContext(in)
	j := judging{ctx: ctx, emit: emit, global: ctx.inScope(0, len(in.Catalog.Entries)).runWide()}
	for i := range in.Catalog.Entries {
		j.judgeEntry(i)
	}
	j.judgeCatalog()
}

// judging is one JudgeEach run: the context, the findings of the wide checks
// waiting for their entry, and where findings go.
type judging struct {
	ctx *Context
	// global holds the wide checks' findings by entry index (index
	// len(entries): catalog-level findings) and by check index.
	global map[int][][]Finding
	emit   func(Finding)
	group  []Finding // the findings of the group being emitted (reused)
}

// runWide runs the checks that read the whole catalog and buckets their
// findings by entry index (len(entries) for catalog-level findings) and by
// check index.
func (ctx *Context) runWide() map[int][][]Finding {
	entries := ctx.in.Catalog.Entries
	entryIdx := make(map[string]int, len(entries))
	for i, e := range entries {
		entryIdx[e.ID] = i
	}
	global := map[int][][]Finding{}
	for ci, c := range ctx.checks {
		if !c.Wide {
			continue
		}
		for _, f := range ctx.runGuarded(c) {
			ei, ok := entryIdx[f.Entry]
			if !ok || f.Entry == "" {
				ei = len(entries)
			}
			if global[ei] == nil {
				global[ei] = make([][]Finding, len(ctx.checks))
			}
			global[ei][ci] = append(global[ei][ci], f)
		}
	}
	return global
}

// judgeEntry runs the per-entry checks over entry i alone (a scope of its
// own, whose cache is dropped afterwards), merges in the wide checks'
// findings for it and the unhandled claims, and emits the group in order.
func (j *judging) judgeEntry(i int) {
	ectx := j.ctx.inScope(i, i+1)
	j.group = j.group[:0]
	for ci, c := range j.ctx.checks {
		if !c.Wide {
			j.group = append(j.group, ectx.runGuarded(c)...)
		} else if g := j.global[i]; g != nil {
			j.group = append(j.group, g[ci]...)
		}
	}
	j.group = append(j.group, ectx.unhandled(j.group)...)
	j.flush(&j.ctx.in.Catalog.Entries[i])
	delete(j.global, i)
}

// judgeCatalog emits the catalog-level findings (those of no entry), last.
func (j *judging) judgeCatalog() {
	j.group = j.group[:0]
	if g := j.global[len(j.ctx.in.Catalog.Entries)]; g != nil {
		for ci := range j.ctx.checks {
			j.group = append(j.group, g[ci]...)
		}
	}
	j.flush(nil)
}

// flush sorts the group of entry e (nil: the catalog-level group) and emits
// each finding, its evidence tidied: the deciding page first, a few
// supporting pages, none twice (TidyEvidence).
func (j *judging) flush(e *catalog.Entry) {
	sortGroup(e, j.group)
	for _, f := range j.group {
		j.emit(TidyEvidence(f))
	}
	clear(j.group)
}

// checksOf are the checks a run of in runs, in report order: in.Checks (nil:
// List) without the checklist checks the catalog leaves out.
func checksOf(in Input) []Check {
	list := in.Checks
	if list == nil {
		list = List
	}
	return applicable(list, in.Catalog)
}

// checkIndex is each check's position in List.
var checkIndex = func() map[string]int {
	m := make(map[string]int, len(List))
	for i, ch := range List {
		m[ch.ID] = i
	}
	return m
}()

// sortGroup orders the findings of one entry (e nil: the catalog-level
// findings) as Judge documents: claim findings by claim order, then the
// others by List order, ties by claim id, otherwise stable.
func sortGroup(e *catalog.Entry, fs []Finding) {
	key := func(f Finding) int {
		if e != nil && f.Entry != "" && f.Entry == e.ID {
			ci := -1
			for j := range e.Claims {
				if e.Claims[j].ID == f.Claim {
					ci = j // the last claim with that id, as a map keyed by id would give
				}
			}
			if ci >= 0 {
				return ci
			}
		}
		return 1<<20 + checkIndex[f.Check]
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(key(a), key(b)), strings.Compare(a.Claim, b.Claim))
	})
}

// applicable drops the checklist checks the catalog's checklist key leaves
// out (catalog.Checklist).
func applicable(list []Check, c *catalog.Catalog) []Check {
	if c == nil || !c.Checklist.Set {
		return list
	}
	out := make([]Check, 0, len(list))
	for _, ch := range list {
		if id, ok := strings.CutPrefix(ch.ID, "checklist."); ok && !c.Checklist.Applies(id) {
			continue
		}
		out = append(out, ch)
	}
	return out
}
