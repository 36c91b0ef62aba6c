package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/internal/history"
)

// TestWebhookLabelsCatalogWide: a new catalog-level finding is announced as
// "catalog-wide: …", never as "/missing:…".
func TestWebhookLabelsCatalogWide(t *testing.T) {
	t.Parallel()
	out := &history.Outcome{}
	out.Changes.New = []checks.Finding{
		{Entry: "", Claim: "missing:api-model:x", Check: "coverage.api-models", Verdict: checks.Missing, Message: "m"},
		{Entry: "e", Claim: "c", Check: "claim.count", Verdict: checks.Contradicted, Message: "n"},
	}
	p := webhookMessage(out, &catalog.Catalog{Name: "guide"}, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
	if !strings.Contains(p.Text, "missing catalog-wide: missing:api-model:x: m") || !strings.Contains(p.Text, "contradicted e/c: n") {
		t.Errorf("webhook text:\n%s", p.Text)
	}
	if strings.Contains(p.Text, " /missing") {
		t.Errorf("catalog-level finding printed as /missing:\n%s", p.Text)
	}
}
