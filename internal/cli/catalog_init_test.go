package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
)

func TestCatalogInit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "acme.yaml")
	code, _, errs := runCLI(t, "catalog", "init", "--name", "Acme models", "--github", "acme", "--huggingface", "acme-ai",
		"--docs", "https://docs.acme.example", "--arxiv-search", "au:Acme_AI", "--now", "2026-12-01", "-o", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	c, err := catalog.Load(out)
	if err != nil {
		t.Fatalf("the starter catalog does not lint: %v", err)
	}
	if c.AsOf.String() != "2026-12-01" || len(c.Organisations) != 2 || len(c.DocsSites) != 1 || c.Discovery == nil ||
		!c.Checklist.Set || len(c.Checklist.Items) != 0 || len(c.Entries) != 0 {
		t.Errorf("catalog %+v", c)
	}
	for _, h := range []string{"export.arxiv.org", "api.github.com", "huggingface.co", "docs.acme.example"} {
		if !strings.Contains(strings.Join(c.Hosts, " "), h) {
			t.Errorf("hosts %v lack %s", c.Hosts, h)
		}
	}
	if code, _, errs := runCLI(t, "catalog", "lint", "--now", "2026-12-02", out); code != ExitOK {
		t.Errorf("lint: exit %d: %s", code, errs)
	}
	// Never overwrites; bad input names the flag.
	before, _ := os.ReadFile(out)
	if code, _, errs := runCLI(t, "catalog", "init", "--name", "X", "-o", out); code != ExitUsage || !strings.Contains(errs, "never overwrites") {
		t.Errorf("overwrite: exit %d: %s", code, errs)
	}
	if after, _ := os.ReadFile(out); string(after) != string(before) {
		t.Error("the existing file changed")
	}
	for _, args := range [][]string{
		{"catalog", "init"},
		{"catalog", "init", "--name", "X", "--docs", "http://docs.acme.example"},
		{"catalog", "init", "--name", "X", "--github", "bad org!"},
	} {
		if code, _, _ := runCLI(t, args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}
