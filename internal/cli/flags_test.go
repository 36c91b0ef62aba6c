package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// Flags that contradict each other are a usage error, never silently
// resolved one way.
func TestContradictoryRunFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no-state with state", []string{"audit", "--replay", world, "--no-state", "--state", filepath.Join(dir, "s.db")}, "--no-state and --state exclude each other"},
		{"record with replay", []string{"audit", "--replay", world, "--record", dir, "--no-state"}, "--record and --replay exclude each other"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, _, errs := runCLI(t, append(tc.args, "--only", "deepseek-api", "--log-level", "error")...)
			if code != ExitUsage || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errs, ExitUsage, tc.want)
			}
		})
	}
}
