package engine

import (
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks"
)

// TestWantRender pins what -update writes into a scenario's want section:
// the header, the lines the file already holds in their order (a changed
// verdict on its line), then new lines, claim findings first.
func TestWantRender(t *testing.T) {
	claims := map[string]bool{"e/a": true, "e/b": true, "e/c": true}
	f := func(id string, v checks.Verdict, dis bool) checks.Finding {
		entry, claim, _ := strings.Cut(id, "/")
		return checks.Finding{Entry: entry, Claim: claim, Verdict: v, Disagreement: dis}
	}
	cases := []struct {
		name, want string
		findings   []checks.Finding
		out        string
	}{
		{
			name:     "unchanged verdicts keep the file's order",
			want:     "# all\ne/c verified\ne/a unverified\ne/src:x verified\ne/b expired disagreement\n",
			findings: []checks.Finding{f("e/a", checks.Unverified, false), f("e/b", checks.Expired, true), f("e/c", checks.Verified, false), f("e/src:x", checks.Verified, false)},
			out:      "# all\ne/c verified\ne/a unverified\ne/src:x verified\ne/b expired disagreement\n",
		},
		{
			name:     "a changed verdict stays on its line",
			want:     "e/c verified\ne/a unverified\ne/b verified\n",
			findings: []checks.Finding{f("e/a", checks.Contradicted, false), f("e/b", checks.Verified, false), f("e/c", checks.Verified, false)},
			out:      "e/c verified\ne/a contradicted\ne/b verified\n",
		},
		{
			name:     "new lines follow, claims first; lines no finding gives go",
			want:     "e/c verified\ne/gone verified\n",
			findings: []checks.Finding{f("e/src:y", checks.Verified, false), f("e/b", checks.Unverified, false), f("e/c", checks.Verified, false), f("e/a", checks.Unverified, false)},
			out:      "e/c verified\ne/a unverified\ne/b unverified\n",
		},
		{
			name:     "with # all, new non-claim lines are written after the claims",
			want:     "# all\ne/c verified\n",
			findings: []checks.Finding{f("e/src:y", checks.Verified, false), f("e/c", checks.Verified, false), f("e/b", checks.Unverified, false), f("e/a", checks.Unverified, false)},
			out:      "# all\ne/c verified\ne/a unverified\ne/b unverified\ne/src:y verified\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := parseWant(t, []byte(c.want))
			if got := string(w.render(c.findings, claims)); got != c.out {
				t.Errorf("render =\n%s\nwant\n%s", got, c.out)
			}
			// What render writes reads back as a want file the findings pass.
			back := parseWant(t, w.render(c.findings, claims))
			if d := back.diff(c.findings, claims); len(d) > 0 {
				t.Errorf("the rewritten want file does not pass: %q", d)
			}
		})
	}
}
