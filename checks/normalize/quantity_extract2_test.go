package normalize

import (
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
)

// TestMatchCountShapesExtract2 covers every claimed shape against every
// official shape, the table MatchCount's doc comment states (the extract2
// refactor split it by claimed shape).
func TestMatchCountShapesExtract2(t *testing.T) {
	t.Parallel()
	single := func(v float64) catalog.Quantity { return catalog.Quantity{Value: v} }
	rng := func(lo, hi float64) catalog.Quantity { return catalog.Quantity{Value: lo, Max: hi} }
	vague := func(lo, hi float64) catalog.Quantity { return catalog.Quantity{Value: lo, Max: hi, Approx: true} }
	lower := func(v float64) catalog.Quantity { return catalog.Quantity{Value: v, Approx: true} }
	const B, T = 1e9, 1e12
	for _, tc := range []struct {
		name   string
		q      catalog.Quantity
		text   string
		o      catalog.Quantity
		otext  string
		want   Result
		lo, hi bool
		note   string
	}{
		// a claimed single value
		{"single=single", single(671 * B), "671B", single(671026419200), "671,026,419,200", Agree, true, true, ""},
		{"single=range end", single(72 * B), "72B", rng(1.5*B, 72*B), "1.5B to 72B", Agree, true, true, ""},
		{"single inside range", single(7 * B), "7B", rng(1.5*B, 72*B), "1.5B to 72B", Inconclusive, false, false, "inside the stated range"},
		{"single outside range", single(100 * B), "100B", rng(1.5*B, 72*B), "1.5B to 72B", Differ, false, false, ""},
		{"single inside vague", single(500), "500", vague(100, 999), "hundreds", Inconclusive, false, false, "the source states only an approximate amount"},
		{"single outside vague", single(5000), "5000", vague(100, 999), "hundreds", Differ, false, false, ""},
		{"single above bound", single(40 * T), "40T", lower(32 * T), "more than 32T", Inconclusive, false, false, "the source states only a lower bound"},
		{"single below bound", single(20 * T), "20T", lower(32 * T), "more than 32T", Differ, false, false, ""},
		// a claimed range
		{"range low end", rng(1.3*B, 33*B), "1.3B-33B", single(1.3 * B), "1.3B", Agree, true, false, ""},
		{"range high end", rng(1.3*B, 33*B), "1.3B-33B", single(33 * B), "33B", Agree, false, true, ""},
		{"range inside", rng(1.3*B, 33*B), "1.3B-33B", single(7 * B), "7B", Inconclusive, false, false, "inside the claimed range"},
		{"range outside", rng(1.3*B, 33*B), "1.3B-33B", single(67 * B), "67B", Differ, false, false, "outside the claimed range"},
		{"range=range", rng(1.3*B, 33*B), "1.3B-33B", rng(1.3*B, 33*B), "1.3B to 33B", Agree, true, true, ""},
		{"range!=range", rng(1.3*B, 33*B), "1.3B-33B", rng(1.3*B, 67*B), "1.3B to 67B", Differ, false, false, ""},
		{"range vs bound", rng(1.3*B, 33*B), "1.3B-33B", lower(1 * B), "more than 1B", Inconclusive, false, false, "the source states only an approximate amount"},
		// a claimed vague amount
		{"vague holds single", vague(100, 999), "hundreds", single(236), "236", Agree, true, true, "236 lies in 100..999"},
		{"vague misses single", vague(100, 999), "hundreds", single(1500), "1500", Differ, false, false, ""},
		{"vague holds range", vague(100, 999), "hundreds", rng(200, 300), "200 to 300", Agree, true, true, ""},
		{"vague overlaps range", vague(100, 999), "hundreds", rng(50, 150), "50 to 150", Inconclusive, false, false, ""},
		{"vague misses range", vague(100, 999), "hundreds", rng(1000, 2000), "1000 to 2000", Differ, false, false, ""},
		{"vague=vague", vague(100, 999), "hundreds", vague(100, 999), "hundreds", Agree, true, true, ""},
		{"vague overlaps vague", vague(100, 999), "hundreds", vague(500, 5000), "some", Inconclusive, false, false, ""},
		{"vague misses vague", vague(100, 999), "hundreds", vague(1000, 9999), "thousands", Differ, false, false, ""},
		{"vague under bound", vague(100, 999), "hundreds", lower(500), "more than 500", Inconclusive, false, false, ""},
		{"vague below bound", vague(100, 999), "hundreds", lower(2000), "more than 2000", Differ, false, false, ""},
		// a claimed lower bound
		{"bound=higher bound", lower(32 * T), "more than 32T", lower(40 * T), "more than 40T", Agree, true, true, ""},
		{"bound vs lower bound", lower(32 * T), "more than 32T", lower(20 * T), "more than 20T", Inconclusive, false, false, ""},
		{"bound holds single", lower(32 * T), "more than 32T", single(33 * T), "33T", Agree, true, true, ""},
		{"bound misses single", lower(32 * T), "more than 32T", single(20 * T), "20T", Differ, false, false, ""},
		{"bound holds range", lower(32 * T), "more than 32T", rng(35*T, 40*T), "35T to 40T", Agree, true, true, ""},
		{"bound straddles range", lower(32 * T), "more than 32T", rng(30*T, 40*T), "30T to 40T", Inconclusive, false, false, ""},
		{"bound misses range", lower(32 * T), "more than 32T", rng(10*T, 20*T), "10T to 20T", Differ, false, false, ""},
	} {
		m := MatchCount(tc.q, tc.text, tc.o, tc.otext)
		if m.Result != tc.want || m.Lo != tc.lo || m.Hi != tc.hi || m.Note != tc.note {
			t.Errorf("%s: MatchCount = %+v, want %v lo=%v hi=%v note=%q", tc.name, m, tc.want, tc.lo, tc.hi, tc.note)
		}
	}
}
