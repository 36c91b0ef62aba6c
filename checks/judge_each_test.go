package checks

import (
	"cmp"
	"context"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/extract/arxiv"
	"github.com/claimcheck/claimcheck/checks/extract/docs"
	"github.com/claimcheck/claimcheck/checks/extract/github"
	"github.com/claimcheck/claimcheck/checks/extract/hf"
	"github.com/claimcheck/claimcheck/checks/extract/venue"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// judgeWhole is the reference definition of Judge: every check of List run
// once over the whole catalog, the unhandled claims, then one stable sort of
// everything (entry order, claim order, List order, claim id).
func judgeWhole(in Input) []Finding {
	if in.Catalog == nil {
		return nil
	}
	ctx := NewContext(in)
	var out []Finding
	for _, c := range List {
		out = append(out, c.Run(ctx)...)
	}
	out = append(out, ctx.unhandled(out)...)
	for i := range out {
		out[i] = TidyEvidence(out[i]) // as JudgeEach's emit does
	}
	c := in.Catalog
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
	slices.SortStableFunc(out, func(a, b Finding) int {
		ae, ac := key(a)
		be, bc := key(b)
		return cmp.Or(cmp.Compare(ae, be), cmp.Compare(ac, bc), strings.Compare(a.Claim, b.Claim))
	})
	return out
}

// demoInput is the embedded catalog judged on the demo recording (the
// input of the end-to-end golden), extracted with the real extractors.
func demoInput(t *testing.T) Input {
	t.Helper()
	const dir = "../testdata/recording"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("demo recording absent: %v", err)
	}
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	c, err := crawler.New(crawler.Config{ReplayDir: dir, AllowHosts: cat.Hosts, Policies: crawler.DefaultPolicies().Scale(0),
		Now: func() time.Time { return time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	recs, err := c.Fetch(context.Background(), crawler.Plan(cat, crawler.PlanOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	fns := map[record.Source]func(record.Record) extract.Result{
		record.SourceArXiv: arxiv.Extract, record.SourceDocs: docs.Extract, record.SourceGitHub: github.Extract,
		record.SourceHF: hf.Extract, record.SourceCrossref: venue.Extract, record.SourceVenue: venue.Extract,
	}
	in := Input{Catalog: cat, Records: recs, Now: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}
	for _, r := range recs {
		if fn := fns[r.Resource.Source]; fn != nil && r.OK() {
			res := fn(r)
			in.Observations = append(in.Observations, res.Observations...)
			in.Health = append(in.Health, res.Health...)
		}
	}
	if len(in.Observations) < 100 {
		t.Fatalf("only %d observations from the demo recording", len(in.Observations))
	}
	return in
}

// lazyIndex builds each subject's observations on every call (as a compact
// store does) and counts the calls.
type lazyIndex struct {
	obs   []extract.Observation
	calls map[string]int
}

func (x *lazyIndex) Keys() []string {
	var out []string
	for _, o := range x.obs {
		out = appendUnique(out, SubjectKey(o.Subject))
	}
	slices.Reverse(out) // any order
	return out
}

func (x *lazyIndex) Observations(key string) []extract.Observation {
	x.calls[key]++
	var out []extract.Observation
	for _, o := range x.obs {
		if SubjectKey(o.Subject) == key {
			out = append(out, o)
		}
	}
	return out
}

// TestJudgeEachEqualsWholeCatalogJudge: judging entry by entry (JudgeEach,
// and Judge which collects it) gives exactly the findings, in exactly the
// order, of running every check over the whole catalog and sorting; and so
// does reading the observations through an index.
func TestJudgeEachEqualsWholeCatalogJudge(t *testing.T) {
	inputs := map[string]Input{"v2": v2World(t), "api": apiWorld(t), "demo": demoInput(t)}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			want := judgeWhole(in)
			if len(want) == 0 {
				t.Fatal("no findings")
			}
			if got := Judge(in); !reflect.DeepEqual(got, want) {
				t.Errorf("Judge differs from the whole-catalog judge (%d vs %d findings)", len(got), len(want))
				for i := range min(len(got), len(want)) {
					if !reflect.DeepEqual(got[i], want[i]) {
						t.Fatalf("first difference at %d:\n got %+v\nwant %+v", i, got[i], want[i])
					}
				}
			}
			var streamed []Finding
			JudgeEach(in, func(f Finding) { streamed = append(streamed, f) })
			if !reflect.DeepEqual(streamed, want) {
				t.Error("JudgeEach differs from the whole-catalog judge")
			}
			idx := &lazyIndex{obs: in.Observations, calls: map[string]int{}}
			viaIndex := in
			viaIndex.Observations, viaIndex.Index = nil, idx
			if got := Judge(viaIndex); !reflect.DeepEqual(got, want) {
				t.Error("judging through an index differs from judging the slice")
			}
			// Each subject is built at most once for the owner pass, once
			// for the coverage checks and once per entry.
			for k, n := range idx.calls {
				if limit := 2 + len(in.Catalog.Entries); n > limit {
					t.Errorf("%s: built %d times (limit %d)", k, n, limit)
				}
			}
		})
	}
}

// TestContextObservationsIsAView: Observations does not copy.
func TestContextObservationsIsAView(t *testing.T) {
	in := v2World(t)
	ctx := NewContext(in)
	k := SubjectKey(in.Observations[0].Subject)
	a, b := ctx.Observations(k), ctx.Observations(k)
	if len(a) == 0 || &a[0] != &b[0] {
		t.Error("two calls returned different copies")
	}
	if cap(a) != len(a) {
		t.Errorf("cap %d > len %d: an append by a caller would write into the next subject", cap(a), len(a))
	}
}
