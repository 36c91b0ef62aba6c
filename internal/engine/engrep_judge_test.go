package engine

import (
	"testing"

	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
)

func TestCountInterrupted(t *testing.T) {
	recs := []record.Record{
		{},
		{Err: &record.FetchError{Kind: record.ErrInterrupted}},
		{Err: &record.FetchError{Kind: "timeout"}},
		{Err: &record.FetchError{Kind: record.ErrInterrupted}},
	}
	if got := countInterrupted(recs); got != 2 {
		t.Errorf("countInterrupted = %d, want 2", got)
	}
}

// TestReadBack: findings come from the spill when there is one (nil when it
// holds none), and an --only run never gives nil.
func TestReadBack(t *testing.T) {
	mem := []checks.Finding{{Entry: "a", Claim: "c"}}
	for _, tc := range []struct {
		name    string
		spilled []checks.Finding // nil: no spill
		mem     []checks.Finding
		keep    map[string]bool
		want    []checks.Finding
	}{
		{"in memory", nil, mem, nil, mem},
		{"in memory, none", nil, nil, nil, nil},
		{"in memory, none, --only", nil, nil, map[string]bool{"a": true}, []checks.Finding{}},
		{"spilled", mem, nil, nil, mem},
		{"spilled, none", []checks.Finding{}, nil, nil, nil},
		{"spilled, none, --only", []checks.Finding{}, nil, map[string]bool{"a": true}, []checks.Finding{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sp *spill
			if tc.spilled != nil {
				var err error
				if sp, err = newSpill(t.TempDir()); err != nil {
					t.Fatal(err)
				}
				defer sp.close()
				for _, f := range tc.spilled {
					sp.add(f)
				}
			}
			got, err := readBack(sp, tc.mem, tc.keep)
			if err != nil {
				t.Fatal(err)
			}
			if (got == nil) != (tc.want == nil) || len(got) != len(tc.want) {
				t.Fatalf("readBack = %#v, want %#v", got, tc.want)
			}
			for i := range got {
				if got[i].Entry != tc.want[i].Entry || got[i].Claim != tc.want[i].Claim {
					t.Errorf("finding %d = %s/%s, want %s/%s", i, got[i].Entry, got[i].Claim, tc.want[i].Entry, tc.want[i].Claim)
				}
			}
		})
	}
}

// TestFaultHealth: a check's panic becomes a health item on its claim (or
// its entry when it failed outside a claim).
func TestFaultHealth(t *testing.T) {
	for _, tc := range []struct {
		fl      checks.Fault
		subject string
	}{
		{checks.Fault{Check: "claim.x", Entry: "e", Claim: "c", Value: "boom"}, "e/c"},
		{checks.Fault{Check: "claim.x", Entry: "e", Value: "boom"}, "e"},
	} {
		h := faultHealth(zap.NewNop(), tc.fl)
		if h.Subject != tc.subject || h.Problem != tc.fl.Problem() {
			t.Errorf("faultHealth(%+v) = %+v, want subject %q and the fault's problem", tc.fl, h, tc.subject)
		}
	}
}
