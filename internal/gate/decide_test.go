package gate

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
)

func finding(entry, claim string, v checks.Verdict, sev checks.Severity) checks.Finding {
	return checks.Finding{Entry: entry, Claim: claim, Check: "claim.date", Verdict: v, Severity: sev,
		Location: catalog.Pos{File: "head.yaml", Line: 99, Column: 9}}
}

func TestDecide(t *testing.T) {
	t.Parallel()
	base := mustParse(t, "base.yaml", baseYAML)
	// v3/published changed, r1 gets a new claim; v3/title and r1/published are untouched.
	head := mustParse(t, "head.yaml", edit(t,
		"        value: 2025-01\n", "        value: 2025-01\n      - id: title\n        type: name\n        field: title\n        value: DeepSeek-R1\n",
		"value: 2024-12", "value: 2025-01"))
	sel := Select(base, head, "HEAD")
	changedPos := sel.Targets[0].Pos

	type result struct {
		Failed, Unreachable, Warnings []string
		Verified                      int
		Passed                        bool
	}
	ids := func(fs []checks.Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Entry+"/"+f.Claim+":"+string(f.Verdict)+":"+string(f.Severity))
		}
		return out
	}
	W, E, I := checks.SeverityWarning, checks.SeverityError, checks.SeverityInfo
	tests := []struct {
		name string
		in   []checks.Finding
		want result
	}{
		{name: "all verified", in: []checks.Finding{
			finding("v3", "title", checks.Verified, I), finding("v3", "published", checks.Verified, I),
			finding("r1", "published", checks.Verified, I), finding("r1", "title", checks.Verified, I),
		}, want: result{Verified: 2, Passed: true}},
		{name: "changed claim contradicted fails, untouched decay warns", in: []checks.Finding{
			finding("v3", "title", checks.Contradicted, E), finding("v3", "published", checks.Contradicted, E),
			finding("r1", "published", checks.Unverified, W), finding("r1", "title", checks.Verified, I),
		}, want: result{
			Failed:   []string{"v3/published:contradicted:error"},
			Warnings: []string{"v3/title:contradicted:warning", "r1/published:unverified:warning"},
			Verified: 1,
		}},
		{name: "every verdict but verified fails a changed claim", in: []checks.Finding{
			finding("v3", "published", checks.Outdated, W), finding("r1", "title", checks.Unverified, W),
		}, want: result{Failed: []string{"v3/published:outdated:error", "r1/title:unverified:error"}}},
		{name: "expired and missing fail too", in: []checks.Finding{
			finding("v3", "published", checks.Expired, E), finding("r1", "title", checks.Missing, W),
		}, want: result{Failed: []string{"v3/published:expired:error", "r1/title:missing:error"}}},
		{name: "unreachable changed claim is incomplete, not failed", in: []checks.Finding{
			finding("v3", "published", checks.Unreachable, W), finding("r1", "title", checks.Verified, I),
		}, want: result{Unreachable: []string{"v3/published:unreachable:error"}, Verified: 1}},
		{name: "untouched unreachable only warns", in: []checks.Finding{
			finding("v3", "published", checks.Verified, I), finding("r1", "title", checks.Verified, I),
			finding("r1", "published", checks.Unreachable, W), finding("r1", "checklist.paper-exists", checks.Unreachable, W),
		}, want: result{Warnings: []string{"r1/published:unreachable:warning", "r1/checklist.paper-exists:unreachable:warning"}, Verified: 2, Passed: true}},
		{name: "a changed claim without a finding fails", in: []checks.Finding{
			finding("v3", "published", checks.Verified, I),
		}, want: result{Failed: []string{"r1/title:unverified:error"}, Verified: 1}},
		{name: "a claim judged twice is verified only if every finding verifies it", in: []checks.Finding{
			finding("v3", "published", checks.Verified, I), finding("v3", "published", checks.Contradicted, E),
			finding("r1", "title", checks.Verified, I), finding("r1", "title", checks.Verified, I),
		}, want: result{Failed: []string{"v3/published:contradicted:error"}, Verified: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := Decide(sel, tc.in)
			got := result{Failed: ids(o.Failed), Unreachable: ids(o.Unreachable), Warnings: ids(o.Warnings), Verified: o.Verified, Passed: o.Passed()}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
			// Every input finding is in Findings (plus one per target without a finding).
			if len(o.Findings) < len(tc.in) {
				t.Errorf("%d findings in, %d out", len(tc.in), len(o.Findings))
			}
			for _, f := range append(o.Failed, o.Unreachable...) {
				if f.Entry == "v3" && f.Claim == "published" && f.Location != changedPos {
					t.Errorf("strict finding at %v, want the target's position %v", f.Location, changedPos)
				}
			}
			for _, f := range o.Warnings {
				if f.Location.Line != 99 {
					t.Errorf("warning moved to %v", f.Location)
				}
			}
		})
	}
	// The input is not modified.
	in := []checks.Finding{finding("v3", "published", checks.Contradicted, checks.SeverityWarning)}
	Decide(sel, in)
	if in[0].Severity != checks.SeverityWarning || in[0].Location.Line != 99 {
		t.Errorf("Decide modified its input: %+v", in[0])
	}
}
