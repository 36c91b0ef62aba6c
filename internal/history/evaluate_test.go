package history

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/checks"
)

func fnd(entry, claim string, v checks.Verdict) checks.Finding {
	sev := checks.SeverityError
	switch v {
	case checks.Verified:
		sev = checks.SeverityInfo
	case checks.Unreachable, checks.Unverified:
		sev = checks.SeverityWarning
	}
	return checks.Finding{Entry: entry, Claim: claim, Check: "value", Field: "params_total", Verdict: v, Severity: sev,
		Expected: "671B", Message: string(v) + " " + entry + "/" + claim}
}

// runSeq evaluates a sequence of runs as Complete does, feeding each run's
// decisions to the next as its prior.
func runSeq(t *testing.T, opts Options, runs ...[]checks.Finding) []*Evaluation {
	t.Helper()
	var prior []Prior
	var out []*Evaluation
	for _, cur := range runs {
		ev := Evaluate(prior, cur, opts)
		out = append(out, ev)
		prior = prior[:0:0]
		for _, d := range ev.Decisions {
			prior = append(prior, Prior{Finding: d.Finding, Basis: d.Basis, Streak: d.Streak})
		}
	}
	return out
}

func ids(fs []checks.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Entry+"/"+f.Claim+":"+string(f.Verdict))
	}
	return out
}

func TestEvaluateNewResolved(t *testing.T) {
	V, C, O := checks.Verified, checks.Contradicted, checks.Outdated
	tests := []struct {
		name         string
		prev, cur    []checks.Finding
		new, resolve []string
	}{
		{"first run: every non-verified is new",
			nil, []checks.Finding{fnd("a", "x", V), fnd("a", "y", C)},
			[]string{"a/y:contradicted"}, []string{}},
		{"unchanged: nothing new",
			[]checks.Finding{fnd("a", "x", V), fnd("a", "y", C)}, []checks.Finding{fnd("a", "x", V), fnd("a", "y", C)},
			[]string{}, []string{}},
		{"verified turns contradicted",
			[]checks.Finding{fnd("a", "x", V)}, []checks.Finding{fnd("a", "x", C)},
			[]string{"a/x:contradicted"}, []string{}},
		{"contradicted turns verified: resolved",
			[]checks.Finding{fnd("a", "x", C)}, []checks.Finding{fnd("a", "x", V)},
			[]string{}, []string{"a/x:contradicted"}},
		{"contradicted claim removed from the catalog: resolved",
			[]checks.Finding{fnd("a", "x", C), fnd("a", "y", V)}, []checks.Finding{fnd("a", "y", V)},
			[]string{}, []string{"a/x:contradicted"}},
		{"verified claim removed: nothing",
			[]checks.Finding{fnd("a", "x", V)}, nil,
			[]string{}, []string{}},
		{"verdict changes between two bad verdicts: new, not resolved",
			[]checks.Finding{fnd("a", "x", C)}, []checks.Finding{fnd("a", "x", O)},
			[]string{"a/x:outdated"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs := [][]checks.Finding{tt.cur}
			if tt.prev != nil {
				runs = [][]checks.Finding{tt.prev, tt.cur}
			}
			evs := runSeq(t, Options{}, runs...)
			last := evs[len(evs)-1]
			if got := ids(last.Changes.New); !slices.Equal(got, tt.new) {
				t.Errorf("new = %v, want %v", got, tt.new)
			}
			if got := ids(last.Changes.Resolved); !slices.Equal(got, tt.resolve) {
				t.Errorf("resolved = %v, want %v", got, tt.resolve)
			}
		})
	}
}

func TestIdentityIncludesCheckAndField(t *testing.T) {
	a := fnd("a", "x", checks.Contradicted)
	b := a
	b.Check = "other"
	evs := runSeq(t, Options{}, []checks.Finding{a}, []checks.Finding{b})
	if got := ids(evs[1].Changes.New); !slices.Equal(got, []string{"a/x:contradicted"}) {
		t.Errorf("same claim, other check: new = %v", got)
	}
	if got := ids(evs[1].Changes.Resolved); !slices.Equal(got, []string{"a/x:contradicted"}) {
		t.Errorf("same claim, other check: resolved = %v", got)
	}
}

func TestUnreachableStreak(t *testing.T) {
	U, V, C := checks.Unreachable, checks.Verified, checks.Contradicted
	for _, n := range []int{1, 2, 3, 5} {
		t.Run("N="+string(rune('0'+n)), func(t *testing.T) {
			var runs [][]checks.Finding
			runs = append(runs, []checks.Finding{fnd("a", "x", V)})
			for i := 0; i < n+1; i++ {
				runs = append(runs, []checks.Finding{fnd("a", "x", U)})
			}
			evs := runSeq(t, Options{UnreachableAfter: n}, runs...)
			for i := 1; i <= n+1; i++ {
				ev := evs[i]
				k := i // streak in this run
				d := ev.Decisions[0]
				if d.Streak != k {
					t.Fatalf("run %d: streak %d, want %d", i, d.Streak, k)
				}
				switch {
				case k < n:
					if len(ev.Changes.New) != 0 || ev.Changes.Silenced != 1 || d.Silenced != SilencedPending {
						t.Errorf("run %d (k=%d<N): new %v silenced %d", i, k, ids(ev.Changes.New), ev.Changes.Silenced)
					}
					want := "pending (" + string(rune('0'+k)) + "/" + string(rune('0'+n)) + "): "
					if !strings.HasPrefix(d.Finding.Message, want) {
						t.Errorf("run %d: message %q, want prefix %q", i, d.Finding.Message, want)
					}
					if len(ev.Changes.Resolved) != 0 {
						t.Errorf("run %d: a pending unreachable resolved %v", i, ids(ev.Changes.Resolved))
					}
				case k == n:
					if got := ids(ev.Changes.New); !slices.Equal(got, []string{"a/x:unreachable"}) || ev.Changes.Silenced != 0 {
						t.Errorf("run %d (k=N): new %v silenced %d", i, got, ev.Changes.Silenced)
					}
				default:
					if len(ev.Changes.New) != 0 || ev.Changes.Silenced != 0 {
						t.Errorf("run %d (k>N): new %v silenced %d; an old unreachable is neither", i, ids(ev.Changes.New), ev.Changes.Silenced)
					}
				}
			}
		})
	}

	t.Run("a flaky night does not re-announce a contradiction", func(t *testing.T) {
		evs := runSeq(t, Options{UnreachableAfter: 3},
			[]checks.Finding{fnd("a", "x", C)}, []checks.Finding{fnd("a", "x", U)}, []checks.Finding{fnd("a", "x", C)})
		if len(evs[1].Changes.Resolved) != 0 || len(evs[1].Changes.New) != 0 {
			t.Errorf("pending night: new %v resolved %v", ids(evs[1].Changes.New), ids(evs[1].Changes.Resolved))
		}
		if len(evs[2].Changes.New) != 0 {
			t.Errorf("after the flaky night: new %v, want none", ids(evs[2].Changes.New))
		}
	})

	t.Run("a reachable run resets the streak", func(t *testing.T) {
		evs := runSeq(t, Options{UnreachableAfter: 2},
			[]checks.Finding{fnd("a", "x", U)}, []checks.Finding{fnd("a", "x", V)}, []checks.Finding{fnd("a", "x", U)})
		if d := evs[2].Decisions[0]; d.Streak != 1 || d.Silenced != SilencedPending {
			t.Errorf("after reset: streak %d silenced %q", d.Streak, d.Silenced)
		}
	})

	t.Run("a reported unreachable that becomes verified is resolved", func(t *testing.T) {
		evs := runSeq(t, Options{UnreachableAfter: 1}, []checks.Finding{fnd("a", "x", U)}, []checks.Finding{fnd("a", "x", V)})
		if got := ids(evs[1].Changes.Resolved); !slices.Equal(got, []string{"a/x:unreachable"}) {
			t.Errorf("resolved %v", got)
		}
	})
}

func TestEvaluateBaseline(t *testing.T) {
	b, err := ParseBaseline("b.yaml", []byte(`
- claim: a/x
  reason: accepted until the paper's v2
  expires: 2026-12-01
- claim: a/y#value
  reason: known flaky mirror
  expires: 2026-11-01
`))
	if err != nil {
		t.Fatal(err)
	}
	C := checks.Contradicted
	cur := []checks.Finding{fnd("a", "x", C), fnd("a", "y", C)}

	before := Evaluate(nil, cur, Options{Baseline: b, Now: time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)})
	if len(before.Changes.New) != 0 || before.Changes.Silenced != 2 || len(before.Expired) != 0 {
		t.Fatalf("both active: new %v silenced %d expired %d", ids(before.Changes.New), before.Changes.Silenced, len(before.Expired))
	}
	if m := before.Decisions[0].Finding.Message; !strings.HasPrefix(m, "baselined until 2026-12-01 (accepted until the paper's v2): ") {
		t.Errorf("baselined message %q", m)
	}

	// On 2026-11-01 the second entry has expired: its finding is reported
	// (as new: it was never reported), and the expiry itself is a warning.
	prior := []Prior{}
	for _, d := range before.Decisions {
		prior = append(prior, Prior{Finding: d.Finding, Basis: d.Basis, Streak: d.Streak})
	}
	after := Evaluate(prior, cur, Options{Baseline: b, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	if len(after.Expired) != 1 || after.Expired[0].Claim != "a/y#value" {
		t.Fatalf("expired = %+v", after.Expired)
	}
	if got := ids(after.Changes.New); !slices.Equal(got, []string{"a/y:contradicted", "a/y:expired"}) {
		t.Errorf("new after expiry = %v", got)
	}
	last := after.Decisions[len(after.Decisions)-1].Finding
	if last.Check != BaselineCheck || last.Severity != checks.SeverityWarning || last.Location.File != "b.yaml" || last.Location.Line != 5 {
		t.Errorf("expiry finding = %+v", last)
	}
	if after.Changes.Silenced != 1 {
		t.Errorf("silenced = %d, want 1", after.Changes.Silenced)
	}
}

func TestBaselineMatchPrefersCheck(t *testing.T) {
	b, err := ParseBaseline("b.yaml", []byte("- {claim: a/x, reason: r1, expires: 2030-01-01}\n- {claim: a/x#value, reason: r2, expires: 2030-01-01}\n"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if e := b.Match(fnd("a", "x", checks.Contradicted), now); e == nil || e.Reason != "r2" {
		t.Errorf("match = %+v, want the check-specific entry", e)
	}
	other := fnd("a", "x", checks.Contradicted)
	other.Check = "coverage"
	if e := b.Match(other, now); e == nil || e.Reason != "r1" {
		t.Errorf("match other check = %+v, want the claim-wide entry", e)
	}
	if e := b.Match(fnd("a", "z", checks.Contradicted), now); e != nil {
		t.Errorf("unrelated claim matched %+v", e)
	}
	var nb *Baseline
	if nb.Match(other, now) != nil || nb.Expired(now) != nil {
		t.Error("nil baseline matched")
	}
}
