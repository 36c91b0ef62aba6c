package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/internal/engine"
)

// Runtime failures inside a run exit 3 with a message naming the failing
// step; invalid options stay usage errors (exit 2).
func TestEngineErrorsExitCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		err  error
		code int
		msg  string
	}{
		{"unknown --only entry", fmt.Errorf("engine: %w: --only %q: no such entry", engine.ErrOption, "x"), ExitUsage, "usage: engine: invalid run option"},
		{"spill file", fmt.Errorf("judge: spill findings: %w", io.ErrShortWrite), ExitIncomplete, "runtime failure: judge: spill findings: short write"},
		{"crawl", fmt.Errorf("crawl: %w", errors.New("boom")), ExitIncomplete, "runtime failure: crawl: boom"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stderr bytes.Buffer
			if code := exitCode(engineErr(tc.err), &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.msg) {
				t.Errorf("exit %d %q, want %d %q", code, stderr.String(), tc.code, tc.msg)
			}
		})
	}
}

// A state store that cannot be opened (its directory is a file) is a
// runtime failure: exit 3 naming the step, not 2.
func TestStateStoreFailureExits3(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(blocker, "state.db")
	for _, args := range [][]string{
		{"audit", "--catalog", validCatalog, "--now", "2026-11-28", "--replay", t.TempDir(), "--quiet", "--state", state},
		{"nightly", "--catalog", validCatalog, "--now", "2026-11-28", "--replay", t.TempDir(), "--quiet", "--state", state},
	} {
		code, stdout, stderr := run(t, args...)
		if code != ExitIncomplete || stdout != "" || !strings.Contains(stderr, "runtime failure: open state store") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", args[0], code, stdout, stderr)
		}
	}
	// --only with an unknown entry is still a usage error.
	code, _, stderr := run(t, "audit", "--catalog", validCatalog, "--now", "2026-11-28", "--replay", t.TempDir(), "--quiet", "--no-state", "--only", "nope")
	if code != ExitUsage || !strings.Contains(stderr, `--only "nope"`) {
		t.Errorf("--only nope: exit %d %q", code, stderr)
	}
}
