package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
)

// TestExampleCatalogs audits each example catalog of another organisation on
// its own recording: every planted error (a claim whose catalog line is
// marked "# PLANTED") must be contradicted, and no other claim may be.
func TestExampleCatalogs(t *testing.T) {
	t.Parallel()
	for _, ex := range []struct{ dir, now string }{
		{"olmo", "2025-01-10"},
	} {
		t.Run(ex.dir, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join("..", "..", "examples", ex.dir)
			cat := filepath.Join(dir, "catalog.yaml")
			if code, _, errs := runCLI(t, "catalog", "lint", cat); code != ExitOK {
				t.Fatalf("lint: exit %d: %s", code, errs)
			}
			planted := plantedClaims(t, cat)
			out := filepath.Join(t.TempDir(), "r.json")
			code, _, errs := runCLI(t, "audit", "--catalog", cat, "--replay", filepath.Join(dir, "recording"), "--no-state",
				"--now", ex.now, "--quiet", "--log-level", "error", "--format", "json", "-o", out)
			if code == ExitUsage || code == ExitIncomplete {
				t.Fatalf("audit: exit %d: %s", code, errs)
			}
			r := readReport(t, out)
			noReplayMissing(t, r)
			counts := map[checks.Verdict]int{}
			for _, f := range r.Findings {
				id := f.Entry + "/" + f.Claim
				if _, ok := planted[id]; ok {
					planted[id] = true
					if f.Verdict != checks.Contradicted {
						t.Errorf("planted error %s: %s (%s), want contradicted", id, f.Verdict, f.Message)
					}
					continue
				}
				if f.Verdict == checks.Contradicted {
					t.Errorf("true claim %s contradicted: %s", id, f.Message)
				}
				if !strings.Contains(f.Check, ".") || strings.HasPrefix(f.Check, "claim.") {
					counts[f.Verdict]++
				}
			}
			for id, seen := range planted {
				if !seen {
					t.Errorf("planted error %s has no finding", id)
				}
			}
			t.Logf("true claims: %d verified, %d unverified, %d contradicted", counts[checks.Verified], counts[checks.Unverified], counts[checks.Contradicted])
		})
	}
}

// plantedClaims lists "entry/claim" for every claim of the catalog whose
// lines carry a "# PLANTED" comment, from the loaded catalog's positions.
func plantedClaims(t *testing.T, path string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	out := map[string]bool{}
	for _, e := range c.Entries {
		for i, cl := range e.Claims {
			end := len(lines)
			if i+1 < len(e.Claims) {
				end = e.Claims[i+1].Pos.Line - 1
			}
			for l := cl.Pos.Line; l <= end && l <= len(lines); l++ {
				if strings.Contains(lines[l-1], "# PLANTED") {
					out[e.ID+"/"+cl.ID] = false
					break
				}
				if l > cl.Pos.Line && strings.HasPrefix(strings.TrimSpace(lines[l-1]), "- id:") {
					break
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s: no planted errors marked", path)
	}
	return out
}
