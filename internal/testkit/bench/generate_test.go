package bench

import (
	"context"
	"testing"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/internal/testkit/faultkit"
	"github.com/claimcheck/claimcheck/internal/testkit/simulator"
)

// TestGeneratedWorldAnswersGeneratedCatalog: a small generated catalog,
// audited against its generated world, fetches every resource and verifies
// most claims (the generator speaks the sources' real formats).
func TestGeneratedWorldAnswersGeneratedCatalog(t *testing.T) {
	const n = 30
	cat, err := GenerateCatalog(n)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Entries) != n {
		t.Fatalf("%d entries, want %d", len(cat.Entries), n)
	}
	sim, err := simulator.New(simulator.Options{Exchanges: GenerateWorld(n), NoLimits: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	rt := faultkit.NewRouter(sim)
	defer rt.Close()
	out, err := faultkit.Audit(context.Background(), rt, faultkit.AuditOptions{Catalog: cat, Policies: crawler.DefaultPolicies().Scale(0)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range out.Result.Records {
		if r.Err != nil {
			t.Errorf("%s: %v", r.URL, r.Err)
		}
	}
	sum := map[checks.Verdict]int{}
	for _, f := range out.Result.Findings {
		sum[f.Verdict]++
		if f.Verdict != checks.Verified && f.Entry == "gen-00001" {
			t.Logf("%s/%s %s: %s", f.Entry, f.Claim, f.Verdict, f.Message)
		}
	}
	t.Logf("verdicts: %v", sum)
	if sum[checks.Verified] < 4*n {
		t.Errorf("only %d of %d claims verified", sum[checks.Verified], 5*n)
	}
	if sum[checks.Contradicted]+sum[checks.Unreachable] != 0 {
		t.Errorf("generated world contradicts or fails: %v", sum)
	}
}

func TestGenerateCatalogChunks(t *testing.T) {
	cat, err := GenerateCatalog(2500)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Entries) != 2500 || cat.Entries[2499].ID != "gen-02500" {
		t.Fatalf("got %d entries, last %q", len(cat.Entries), cat.Entries[len(cat.Entries)-1].ID)
	}
	seen := map[string]bool{}
	for i := range 2500 {
		id := genArXiv(i)
		if seen[id] {
			t.Fatalf("duplicate arXiv id %s", id)
		}
		seen[id] = true
	}
}
