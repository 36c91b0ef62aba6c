package checks

import (
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
)

// Every claim gets a verdict, whatever the checks return: a check that
// declares the title field but returns nothing leaves each title claim an
// unverified finding from the judge naming the gap, not no finding at all.
func TestEveryClaimGetsAVerdictFromTheFindingsReturned(t *testing.T) {
	t.Parallel()
	in := demoInput(t)
	var l []Check
	for _, c := range List {
		if c.ID == "claim.title" {
			c.Run = func(*Context) []Finding { return nil } // declares title, judges nothing
		}
		l = append(l, c)
	}
	in.Checks = l
	claims := map[string]bool{}
	for _, e := range in.Catalog.Entries {
		for _, c := range e.Claims {
			if c.Field == catalog.FieldTitle {
				claims[e.ID+"/"+c.ID] = true
			}
		}
	}
	if len(claims) == 0 {
		t.Fatal("the demo input has no title claim: the test would prove nothing")
	}
	for _, f := range Judge(in) {
		k := f.Entry + "/" + f.Claim
		if !claims[k] {
			continue
		}
		if f.Check != "judge" || f.Verdict != Unverified || f.Message != `the check of the field "title" gave no finding for this claim` {
			t.Errorf("%s: %s %s %q", k, f.Check, f.Verdict, f.Message)
		}
		delete(claims, k)
	}
	for k := range claims {
		t.Errorf("%s got no finding", k)
	}
}
