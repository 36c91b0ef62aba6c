package cli

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestDeadlineFlag: audit, gate and nightly take --deadline, each with its
// documented default shown in --help; a negative deadline is a usage error.
func TestDeadlineFlag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cmd  string
		def  time.Duration
		args []string
	}{
		{"audit", DefaultAuditDeadline, []string{"audit", "--replay", world, "--no-state"}},
		{"gate", DefaultGateDeadline, []string{"gate", "--base", "HEAD", "--no-state"}},
		{"nightly", DefaultNightlyDeadline, []string{"nightly", "--replay", world, "--state", "x.db"}},
	} {
		code, out, _ := runCLI(t, tc.cmd, "--help")
		if code != ExitOK || !strings.Contains(out, "--deadline duration") || !strings.Contains(out, "(default "+tc.def.String()+")") {
			t.Errorf("%s --help: exit %d, no --deadline with default %s:\n%s", tc.cmd, code, tc.def, out)
		}
		code, _, stderr := runCLI(t, append(tc.args, "--deadline", "-1s")...)
		if code != ExitUsage || !strings.Contains(stderr, "--deadline -1s") {
			t.Errorf("%s --deadline -1s: exit %d, %s", tc.cmd, code, stderr)
		}
	}
	if DefaultAuditDeadline != 30*time.Minute || DefaultGateDeadline != 20*time.Minute || DefaultNightlyDeadline != 45*time.Minute {
		t.Error("the documented defaults (README, docs/configuration.md) changed: update the docs")
	}
}

// TestFetchContext: the crawl's context ends fetchReserve before the
// deadline, with a cause naming it; 0 means no deadline.
func TestFetchContext(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		deadline, reserve time.Duration
	}{
		{30 * time.Minute, 30 * time.Second},
		{20 * time.Minute, 30 * time.Second},
		{4 * time.Second, 400 * time.Millisecond},
	} {
		rf := runFlags{deadline: tc.deadline}
		start := time.Now()
		ctx, cancel, err := rf.fetchContext(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		dl, ok := ctx.Deadline()
		cancel()
		if got := dl.Sub(start); !ok || got > tc.deadline-tc.reserve+time.Second || got < tc.deadline-tc.reserve {
			t.Errorf("--deadline %s: fetching ends after %s, want %s", tc.deadline, got, tc.deadline-tc.reserve)
		}
	}
	rf := runFlags{deadline: 50 * time.Millisecond}
	ctx, cancel, err := rf.fetchContext(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	<-ctx.Done()
	if c := context.Cause(ctx); c == nil || !strings.Contains(c.Error(), "--deadline 50ms reached") {
		t.Errorf("cause %v", c)
	}
	none := runFlags{}
	ctx, cancel, err = none.fetchContext(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	if _, ok := ctx.Deadline(); ok {
		t.Error("--deadline 0 set a deadline")
	}
}

// TestInterruptedError: exit 3, naming the cause and the count.
func TestInterruptedError(t *testing.T) {
	t.Parallel()
	err := interruptedError(errors.New("interrupt signal received"), 12, 82)
	if !errors.Is(err, ErrIncomplete) {
		t.Errorf("%v is not ErrIncomplete", err)
	}
	for _, want := range []string{"run interrupted (interrupt signal received)", "12 of 82 resources not fetched", `"interrupted"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	var b strings.Builder
	if code := exitCode(err, &b); code != ExitIncomplete {
		t.Errorf("exit %d, want 3", code)
	}
}
