package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/internal/testkit/bench"
)

func TestPrintFiguresCountsMisses(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	failed := printFigures(&out, []bench.Figure{
		{Name: "a", Measured: "1", Target: "1", Pass: bench.Verdict(true), Notes: []string{"why a"}},
		{Name: "b", Measured: "2", Target: "1", Pass: bench.Verdict(false)},
		{Name: "c", Measured: "3", Target: "—", Pass: "info"},
	})
	if failed != 1 {
		t.Errorf("failed = %d, want 1", failed)
	}
	for _, want := range []string{"figure  measured  target  result\n", "a       1         1       pass\n", "b       2         1       FAIL\n", "  note (a): why a\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"-bogus"}, 2, "", "flag provided but not defined"},
		{[]string{"-help"}, 0, "", "-scale-sizes"},
		{[]string{"-skip-catalog", "-scale-sizes", "x"}, 2, "# scale: generated catalogs", `claimcheck-bench: bad -scale-sizes "x"`},
		{[]string{"-skip-catalog", "-scale-sizes", ""}, 0, "extractor cost per page", ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tt.args, &stdout, &stderr)
		if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
			t.Errorf("%q: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", tt.args, code, tt.code, stdout.String(), stderr.String())
		}
	}
}
