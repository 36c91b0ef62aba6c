package checks

import (
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
)

// Every claim check of List gives each claim in scope whose field it
// declares exactly one finding, and none to any other claim: the Fields
// declaration is what the judge reads to know a claim is judged.
func TestClaimChecksJudgeExactlyTheirFields(t *testing.T) {
	in := demoInput(t)
	ctx := NewContext(in)
	for _, c := range List {
		if len(c.Fields) == 0 {
			continue
		}
		if c.Wide {
			t.Errorf("check %s judges claim fields but is wide (its findings would not be per entry)", c.ID)
		}
		got := map[string]int{}
		for _, f := range c.Run(ctx) {
			got[f.Entry+"/"+f.Claim]++
			if f.Check != c.ID {
				t.Errorf("check %s: a finding names check %s", c.ID, f.Check)
			}
		}
		want := 0
		for _, e := range in.Catalog.Entries {
			for _, cl := range e.Claims {
				k := e.ID + "/" + cl.ID
				if containsString(c.Fields, cl.Field) {
					want++
					if got[k] != 1 {
						t.Errorf("check %s: %d findings for %s (field %s), want 1", c.ID, got[k], k, cl.Field)
					}
				} else if got[k] != 0 {
					t.Errorf("check %s: %d findings for %s (field %s), which it does not judge", c.ID, got[k], k, cl.Field)
				}
			}
		}
		if want == 0 {
			t.Logf("check %s: the demo catalog has no claim of %v", c.ID, c.Fields)
		}
	}
}

// A run without the check that judges a field leaves that field's claims to
// the judge: each gets one unverified "no check judges" finding, and the
// claims of the other fields keep their verdicts.
func TestClaimOfAFieldNoCheckJudgesIsUnverified(t *testing.T) {
	base := demoInput(t)
	baseline := map[string]Finding{}
	for _, f := range Judge(base) {
		baseline[findingKey(f)] = f
	}
	in := base
	for _, c := range List {
		if c.ID != "claim.title" {
			in.Checks = append(in.Checks, c)
		}
	}
	n := 0
	for _, f := range Judge(in) {
		if f.Field == catalog.FieldTitle && f.Claim != "" && f.Check == "judge" {
			n++
			if f.Verdict != Unverified || !strings.Contains(f.Message, `no check judges the field "title"`) {
				t.Errorf("%s: %s %q", findingKey(f), f.Verdict, f.Message)
			}
			continue
		}
		if f.Check == "claim.title" {
			t.Errorf("%s: a finding of a check the run left out", findingKey(f))
			continue
		}
		if w, ok := baseline[findingKey(f)]; !ok || w.Verdict != f.Verdict || w.Message != f.Message {
			t.Errorf("%s: %s %q, was %s %q", findingKey(f), f.Verdict, f.Message, w.Verdict, w.Message)
		}
	}
	if n == 0 {
		t.Fatal("no title claim was left to the judge")
	}
}

// Whether a check runs per entry or once over the catalog is its Wide
// field, not its id: a wide check with any id runs once and sees every
// entry; a check that is not wide runs once per entry with one in scope.
func TestWideDecidesHowACheckRuns(t *testing.T) {
	in := demoInput(t)
	nEntries := len(in.Catalog.Entries)
	for _, tc := range []struct {
		id      string
		wide    bool
		runs    int
		inScope int
	}{
		{id: "checklist.test-wide", wide: true, runs: 1, inScope: nEntries},
		{id: "coverage.test-per-entry", wide: false, runs: nEntries, inScope: 1},
	} {
		t.Run(tc.id, func(t *testing.T) {
			runs := 0
			in := in
			in.Checks = []Check{{ID: tc.id, Doc: "test", Wide: tc.wide, Run: func(ctx *Context) []Finding {
				runs++
				if got := len(ctx.entries()); got != tc.inScope {
					t.Errorf("%d entries in scope, want %d", got, tc.inScope)
				}
				return nil
			}}}
			Judge(in)
			if runs != tc.runs {
				t.Errorf("ran %d times, want %d", runs, tc.runs)
			}
		})
	}
}
