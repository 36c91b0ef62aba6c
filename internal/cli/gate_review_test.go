package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
)

// Without --catalog the gate reads the repository's own catalog at the
// default path — the pull request's edit — never the copy built into the
// binary; a repository without it is a usage error.
func TestGateWithoutCatalogReadsTheRepository(t *testing.T) {
	rec, err := filepath.Abs(demoRecording)
	if err != nil {
		t.Fatal(err)
	}
	src := string(catalog.DefaultYAML())
	dir := gateRepo(t, map[string]string{catalog.DefaultPath: src})
	edited := strings.Replace(src, "        value: 671B\n        unit: parameters\n        subject: deepseek-ai/DeepSeek-V3\n",
		"        value: 999B\n        unit: parameters\n        subject: deepseek-ai/DeepSeek-V3\n", 1)
	if edited == src {
		t.Fatal("fixture: nothing edited")
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(catalog.DefaultPath)), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	code, out, errs := runCLI(t, "gate", "--base", "HEAD", "--replay", rec, "--no-state", "--now", "2026-11-28", "--quiet", "--log-level", "error")
	if code != ExitFindings || !strings.Contains(out, "1 changed") {
		t.Errorf("exit %d, want %d with the edited claim changed\nstdout:\n%s\nstderr:\n%s", code, ExitFindings, out, errs)
	}

	empty := gateRepo(t, map[string]string{"README.md": "x\n"})
	t.Chdir(empty)
	code, _, errs = runCLI(t, "gate", "--base", "HEAD", "--replay", rec, "--no-state", "--now", "2026-11-28", "--quiet")
	if code != ExitUsage || !strings.Contains(errs, "--catalog") {
		t.Errorf("exit %d (%s), want %d naming --catalog", code, errs, ExitUsage)
	}
}

// A catalog path that is a symbolic link is refused: the base's settings are
// compared at the link's own path, never at the file it points to.
func TestGateRefusesASymlinkedCatalog(t *testing.T) {
	t.Parallel()
	fixture := readGateFixture(t)
	dir := gateRepo(t, map[string]string{"guide.yaml": fixture, "other.yaml": fixture})
	link := filepath.Join(dir, "guide.yaml")
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("other.yaml", link); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	code, _, errs := runCLI(t, "gate", "--base", "HEAD", "--catalog", link, "--no-state", "--now", gateNow, "--quiet")
	if code != ExitUsage || !strings.Contains(errs, "symbolic link") {
		t.Errorf("exit %d (%s), want %d refusing the link", code, errs, ExitUsage)
	}
}
