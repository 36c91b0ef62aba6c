package gate

import (
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks"
)

// TestFindingMessageCatalogWide: a finding without an entry (a gate setting,
// a coverage item) is named "catalog-wide: …" in annotations, never "/…".
func TestFindingMessageCatalogWide(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		f    checks.Finding
		want string
	}{
		{checks.Finding{Claim: "setting:organisations", Verdict: checks.Unverified}, "catalog-wide: setting:organisations: "},
		{checks.Finding{Entry: "e", Claim: "c", Verdict: checks.Contradicted}, "e/c: "},
		{checks.Finding{Entry: "e", Verdict: checks.Contradicted}, "e: "},
	} {
		for _, strict := range []bool{false, true} {
			if got := FindingMessage(c.f, strict); !strings.HasPrefix(got, c.want) {
				t.Errorf("FindingMessage(%+v, %v) = %q, want prefix %q", c.f, strict, got, c.want)
			}
		}
	}
}
