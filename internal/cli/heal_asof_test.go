package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// futureCatalog is the valid test catalog with as_of moved to asOf.
func futureCatalog(t *testing.T, asOf string) string {
	t.Helper()
	data, err := os.ReadFile(validCatalog)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "as_of: 2026-05-10", "as_of: "+asOf, 1)
	if s == string(data) {
		t.Fatal("valid.yaml has no as_of: 2026-05-10 line")
	}
	p := filepath.Join(t.TempDir(), "future.yaml")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// An as_of later than --now (or the current time) is a lint error at the
// as_of line; as_of on the day of --now or before is fine.
func TestLintRejectsFutureAsOf(t *testing.T) {
	t.Parallel()
	far := futureCatalog(t, "2999-12-31")
	next := futureCatalog(t, "2026-11-29")
	for _, tc := range []struct {
		name string
		args []string
		code int
		err  string // regexp on stderr
	}{
		{"far future, current time", []string{"catalog", "lint", far}, ExitUsage,
			`(?m)^.*future\.yaml:2:8: as_of: is 2999-12-31, later than now \(\d{4}-\d\d-\d\d\)`},
		{"next day, --now", []string{"catalog", "lint", "--now", "2026-11-28T23:59:59Z", next}, ExitUsage,
			`(?m)^.*future\.yaml:2:8: as_of: is 2026-11-29, later than now \(2026-11-28\)`},
		{"same day", []string{"catalog", "lint", "--now", "2026-11-29T00:00:00Z", next}, ExitOK, `^$`},
		{"bad --now", []string{"catalog", "lint", "--now", "tomorrow", next}, ExitUsage, `--now "tomorrow"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, _, stderr := run(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			if !regexp.MustCompile(tc.err).MatchString(stderr) {
				t.Errorf("stderr %q does not match %s", stderr, tc.err)
			}
		})
	}
}

// audit refuses such a catalog too, before any request (it would silence
// every finding about what appeared after as_of).
func TestAuditRejectsFutureAsOf(t *testing.T) {
	t.Parallel()
	far := futureCatalog(t, "2999-12-31")
	code, stdout, stderr := run(t, "audit", "--catalog", far, "--now", "2026-11-28", "--no-state", "--replay", t.TempDir(), "--quiet")
	if code != ExitUsage || stdout != "" || !strings.Contains(stderr, "as_of: is 2999-12-31, later than now (2026-11-28)") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
