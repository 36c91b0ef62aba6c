package checks

import (
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
)

// findingKey identifies a finding within one run.
func findingKey(f Finding) string { return f.Entry + "/" + f.Claim + "#" + f.Check + "@" + f.Field }

// withCheck is List with the check of id replaced by c (or c appended when
// id is "").
func withCheck(id string, c Check) []Check {
	out := make([]Check, 0, len(List)+1)
	for _, x := range List {
		if x.ID == id {
			x = c
		}
		out = append(out, x)
	}
	if id == "" {
		out = append(out, c)
	}
	return out
}

// A deliberately panicking check (test-only, injected through Input.Checks)
// is recovered: the claims it was judging are unverified with a message
// saying so, OnFault hears of it with a stack, and every other verdict is
// the same as in a run without it.
func TestPanickingCheckLeavesOtherVerdictsUnchanged(t *testing.T) {
	base := demoInput(t)
	baseline := map[string]Finding{}
	for _, f := range Judge(base) {
		baseline[findingKey(f)] = f
	}
	victim := base.Catalog.Entries[3] // an entry in the middle
	var titled *catalog.Claim
	for _, e := range base.Catalog.Entries {
		for j := range e.Claims {
			if e.Claims[j].Field == catalog.FieldTitle && titled == nil {
				titled = &e.Claims[j]
				victim = e
			}
		}
	}
	if titled == nil {
		t.Fatal("the demo catalog has no title claim")
	}
	titleCheck := func(panicOn func(e *catalog.Entry, c *catalog.Claim) bool) Check {
		return claimCheck("claim.title", "test", func(ctx *Context, e *catalog.Entry, c *catalog.Claim) Finding {
			if panicOn(e, c) {
				var m map[string]int
				m["boom"]++ // a real runtime panic: assignment to entry in nil map
			}
			return ctx.judgeValue(e, c, titleSpec)
		}, catalog.FieldTitle)
	}
	for _, tc := range []struct {
		name   string
		checks []Check
		// concerned are the findings (by key) that become unverified.
		concerned  func(f Finding) bool
		faultEntry string
		faultClaim string
	}{
		{
			name: "claim check panics on one claim",
			checks: withCheck("claim.title", titleCheck(func(e *catalog.Entry, c *catalog.Claim) bool {
				return e.ID == victim.ID && c.ID == titled.ID
			})),
			concerned:  func(f Finding) bool { return f.Entry == victim.ID && f.Claim == titled.ID },
			faultEntry: victim.ID, faultClaim: titled.ID,
		},
		{
			name: "claim check panics before judging an entry",
			checks: withCheck("claim.title", Check{ID: "claim.title", Doc: "test", Fields: []string{catalog.FieldTitle},
				Run: func(ctx *Context) []Finding {
					if ctx.entries()[0].ID == victim.ID {
						panic("boom before the claims")
					}
					return valueCheck(titleSpec, "test", catalog.FieldTitle).Run(ctx)
				}}),
			concerned: func(f Finding) bool {
				return f.Entry == victim.ID && f.Field == catalog.FieldTitle && f.Check == "claim.title"
			},
			faultEntry: victim.ID,
		},
		{
			name: "an extra entry check panics on one entry",
			checks: withCheck("", Check{ID: "checklist.test-panic", Doc: "test", Run: func(ctx *Context) []Finding {
				if ctx.entries()[0].ID == victim.ID {
					panic(struct{ why string }{"custom value"})
				}
				return nil
			}}),
			concerned:  func(Finding) bool { return false },
			faultEntry: victim.ID,
		},
		{
			name: "a catalog-wide check panics",
			checks: withCheck("", Check{ID: "coverage.test-panic", Doc: "test", Wide: true, Run: func(ctx *Context) []Finding {
				var s []int
				_ = s[len(ctx.Catalog().Entries)] // index out of range
				return nil
			}}),
			concerned: func(Finding) bool { return false },
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := base
			in.Checks = tc.checks
			var faults []Fault
			in.OnFault = func(f Fault) { faults = append(faults, f) }
			got := Judge(in)
			if len(faults) != 1 {
				t.Fatalf("%d faults reported, want 1: %+v", len(faults), faults)
			}
			fl := faults[0]
			if fl.Entry != tc.faultEntry || fl.Claim != tc.faultClaim || len(fl.Stack) == 0 ||
				!strings.Contains(string(fl.Stack), "panic_test.go") || fl.Problem() == "" {
				t.Errorf("fault = %+v (stack %d bytes)", fl, len(fl.Stack))
			}
			seen := map[string]bool{}
			nConcerned := 0
			for _, f := range got {
				k := findingKey(f)
				seen[k] = true
				if tc.concerned(f) {
					nConcerned++
					if f.Verdict != Unverified || !strings.Contains(f.Message, "not judged: check") {
						t.Errorf("%s: %s %q, want unverified saying the check failed", k, f.Verdict, f.Message)
					}
					continue
				}
				w, ok := baseline[k]
				if !ok {
					t.Errorf("%s: a finding the run without the panic did not have", k)
					continue
				}
				if f.Verdict != w.Verdict || f.Message != w.Message || f.Observed != w.Observed {
					t.Errorf("%s: %s %q, was %s %q without the panic", k, f.Verdict, f.Message, w.Verdict, w.Message)
				}
			}
			for k := range baseline {
				if !seen[k] {
					t.Errorf("%s: lost", k)
				}
			}
			if tc.faultEntry != "" && tc.concerned(Finding{Entry: victim.ID, Claim: titled.ID, Field: catalog.FieldTitle, Check: "claim.title"}) && nConcerned == 0 {
				t.Error("no finding marked as concerned")
			}
		})
	}
}
