package faults

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/cli"
	"github.com/claimcheck/claimcheck/internal/testkit/faultkit"
	"github.com/claimcheck/claimcheck/internal/testkit/simulator"
	"github.com/claimcheck/claimcheck/reports"
)

// Bounded runs (issue 9): a run deadline, Ctrl-C, a per-source circuit
// breaker and the gate's up-front budget check, against the simulator.

// dripAll makes every path of every simulated source drip its body.
func dripAll(t *testing.T, s *simulator.Sim, every time.Duration) {
	t.Helper()
	for _, src := range simulator.Sources {
		if err := s.SetFault(src, "*", simulator.Drip(every)); err != nil {
			t.Fatal(err)
		}
	}
}

// checkInterrupted checks an interrupted run's report: written, every
// unreachable claim is "interrupted" (naming why) or a timeout of a resource
// that gave up before the end, and none is judged on data it never read.
func checkInterrupted(t *testing.T, rep *reports.Report, why string) {
	t.Helper()
	interrupted := 0
	for _, f := range rep.Findings {
		switch f.Verdict {
		case checks.Verified, checks.Contradicted, checks.Outdated:
			t.Errorf("%s/%s %s with nothing fetched: %s", f.Entry, f.Claim, f.Verdict, f.Message)
		case checks.Unreachable:
			switch f.Reason {
			case string(record.ErrInterrupted):
				interrupted++
				if !strings.Contains(f.Message, why) {
					t.Errorf("%s/%s: interrupted without saying why (%q): %s", f.Entry, f.Claim, why, f.Message)
				}
			case string(record.ErrTimeout):
			default:
				t.Errorf("%s/%s: unreachable, reason %q: %s", f.Entry, f.Claim, f.Reason, f.Message)
			}
		}
	}
	if interrupted == 0 {
		t.Errorf("no claim is unreachable \"interrupted\"; summary %v", rep.Summary)
	}
	t.Logf("%d findings, %d unreachable \"interrupted\"; summary %v", len(rep.Findings), interrupted, rep.Summary)
}

// TestDeadlineWithEverySourceDripping: every source answers at once and
// then sends its body a byte at a time. The audit stops fetching at its
// --deadline, judges, writes its reports (JSON on stdout, HTML to a file),
// marks the claims it could not read unreachable "interrupted", exits 3 —
// and ends by the deadline.
func TestDeadlineWithEverySourceDripping(t *testing.T) {
	const deadline = 4 * time.Second
	dir := t.TempDir()
	f := writeInputs(t, dir)
	s := newSim(t)
	dripAll(t, s, 100*time.Millisecond)
	html := filepath.Join(dir, "report.html")
	r := runCLI(t, envOf(s, nil), runLimit, "audit", "--catalog", f.catalog, "--config", f.config, "--now", now,
		"--quiet", "--fail-on", "none", "--no-state", "--deadline", deadline.String(), "--format", "json,html", "-o", "-,"+html)
	t.Logf("audit with every source dripping, --deadline %s: exit %d in %s", deadline, r.code, r.wall.Round(time.Millisecond))
	if r.code != cli.ExitIncomplete {
		t.Errorf("exit %d, want 3\n%s", r.code, r.stderr)
	}
	// Fetching stops a tenth early; judging and writing take well under a
	// second on an idle machine. Without the deadline the dripping sources
	// hold the run for minutes (3 min 2 s measured), so a generous slack
	// still tells the two apart on a loaded machine under -race.
	if r.wall > deadline+40*time.Second {
		t.Errorf("the audit took %s, past its %s deadline", r.wall, deadline)
	}
	if !strings.Contains(r.stderr, "run interrupted") || !strings.Contains(r.stderr, "--deadline 4s reached") {
		t.Errorf("stderr does not say the run was interrupted by its deadline:\n%s", r.stderr)
	}
	checkInterrupted(t, parseReport(t, r.stdout), "--deadline 4s reached")
	if b, err := os.ReadFile(html); err != nil || !strings.Contains(string(b), "interrupted") {
		t.Errorf("HTML report: %v (%d bytes), want one naming the interrupted claims", err, len(b))
	}
}

// TestCtrlCWritesTheReport: an interrupt (the cause signal.NotifyContext
// gives) ends the crawl, and the run still writes its report.
func TestCtrlCWritesTheReport(t *testing.T) {
	f := writeInputs(t, t.TempDir())
	s := newSim(t)
	dripAll(t, s, 100*time.Millisecond)
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	timer := time.AfterFunc(1500*time.Millisecond, func() { cancel(errors.New("interrupt signal received")) })
	defer timer.Stop()
	var stdout, stderr lockedBuffer
	start := time.Now()
	code := cli.RunEnv(ctx, auditArgs(f, "--no-state"), envOf(s, nil), &stdout, &stderr)
	wall := time.Since(start)
	t.Logf("audit interrupted after 1.5s: exit %d in %s", code, wall.Round(time.Millisecond))
	if code != cli.ExitIncomplete {
		t.Errorf("exit %d, want 3\n%s", code, stderr.String())
	}
	if wall > 45*time.Second { // uninterrupted, the dripping sources take minutes; the slack is for a loaded machine
		t.Errorf("took %s after an interrupt at 1.5s", wall)
	}
	checkInterrupted(t, parseReport(t, stdout.String()), "interrupt signal received")
}

// TestInterruptedNightlyIsKeptAsFailed: an interrupted nightly writes its
// report, exits 3 and is kept as failed, so the next run compares with the
// last finished one and no streak counts the interruption.
func TestInterruptedNightlyIsKeptAsFailed(t *testing.T) {
	dir := t.TempDir()
	f := writeInputs(t, dir)
	state := filepath.Join(dir, "state.db")
	s := newSim(t)
	args := func(extra ...string) []string {
		return append([]string{"nightly", "--catalog", f.catalog, "--config", f.config, "--now", now, "--state", state,
			"--format", "json", "--quiet", "--fail-on", "none"}, extra...)
	}
	first := runCLI(t, envOf(s, nil), runLimit, args()...)
	if first.code == cli.ExitIncomplete {
		t.Fatalf("the first nightly is incomplete:\n%s", first.stderr)
	}
	dripAll(t, s, 100*time.Millisecond)
	r := runCLI(t, envOf(s, nil), runLimit, args("--deadline", "3s")...)
	if r.code != cli.ExitIncomplete || !strings.Contains(r.stderr, "run interrupted") {
		t.Errorf("interrupted nightly: exit %d, want 3\n%s", r.code, r.stderr)
	}
	rep := parseReport(t, r.stdout)
	checkInterrupted(t, rep, "--deadline 3s reached")
	if rep.Changes != nil {
		t.Errorf("an interrupted nightly compared itself with the last run: %+v", rep.Changes)
	}
	s.ClearFaults("")
	next := runCLI(t, envOf(s, nil), runLimit, args()...)
	nrep := parseReport(t, next.stdout)
	if nrep.Changes == nil || nrep.Changes.PreviousRun != "run 1" || len(nrep.Changes.New) != 0 {
		t.Errorf("the run after the interrupted one: changes %+v, want a comparison with run 1 and nothing new", nrep.Changes)
	}
	h := runCLI(t, envOf(s, nil), runLimit, "history", "--state", state)
	if !strings.Contains(h.stdout, "failed") {
		t.Errorf("history does not show the interrupted run as failed:\n%s", h.stdout)
	}
}

// TestBreakerOpensInAnAudit: every GitHub request fails; with breaker_after
// 3 (one request in flight, no retries) GitHub is asked exactly 3 times,
// and every other GitHub resource is unreachable "circuit-open" at once.
func TestBreakerOpensInAnAudit(t *testing.T) {
	dir := t.TempDir()
	f := writeInputs(t, dir)
	s := newSim(t)
	if err := s.SetFault(record.SourceGitHub, "*", simulator.Burst5xx(100000)); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, envOf(s, nil), runLimit, auditArgs(f, "--no-state",
		"--policy", "github.breaker_after=3", "--policy", "github.parallelism=1", "--policy", "github.max_retries=0")...)
	if r.code != cli.ExitIncomplete {
		t.Errorf("exit %d, want 3\n%s", r.code, r.stderr)
	}
	if n := s.Stats()[record.SourceGitHub].Requests; n != 3 {
		t.Errorf("GitHub was asked %d times, want exactly 3", n)
	}
	rep := parseReport(t, r.stdout)
	open := 0
	for _, f := range rep.Findings {
		if f.Verdict == checks.Unreachable && f.Reason == string(record.ErrCircuitOpen) {
			open++
			if !strings.Contains(f.Message, "circuit open after 3 consecutive failures: 5xx: status 503") {
				t.Errorf("%s/%s: %s", f.Entry, f.Claim, f.Message)
			}
		}
	}
	if open == 0 {
		t.Errorf("no claim is unreachable \"circuit-open\"; summary %v", rep.Summary)
	}
	t.Logf("GitHub asked %d times; %d claims unreachable circuit-open; summary %v", s.Stats()[record.SourceGitHub].Requests, open, rep.Summary)
}

// gitRepo commits files (name → content) to a new repository.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-q", "-m", "base"}} {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

// TestGateOverBudgetFailsUpFront: a pull request adding the whole catalog
// needs more GitHub requests than 10 an hour allow within the deadline: the
// gate says so before any request (zero requests to every source), names
// the source, the requests needed and the budget, annotates it under GitHub
// Actions, and exits 3. With a budget that fits, the same gate crawls.
func TestGateOverBudgetFailsUpFront(t *testing.T) {
	in := writeInputs(t, t.TempDir())
	cat, err := os.ReadFile(in.catalog)
	if err != nil {
		t.Fatal(err)
	}
	pol, err := os.ReadFile(in.config)
	if err != nil {
		t.Fatal(err)
	}
	// The base holds the catalog's settings and no entry (the gate trusts
	// the base's settings); the pull request adds every entry.
	repo := gitRepo(t, map[string]string{"README.md": "base\n", "policies.yaml": string(pol), "catalog.yaml": withoutEntries(string(cat))})
	file := filepath.Join(repo, "catalog.yaml")
	if err := os.WriteFile(file, cat, 0o644); err != nil { // entries added by the pull request
		t.Fatal(err)
	}
	s := newSim(t)
	args := func(perHour string) []string {
		return []string{"gate", "--base", "HEAD", "--catalog", file, "--config", filepath.Join(repo, "policies.yaml"),
			"--now", now, "--no-state", "--quiet", "--format", "json", "--deadline", "20m",
			"--policy", "github.requests_per_hour=" + perHour}
	}
	r := runCLI(t, envOf(s, map[string]string{"GITHUB_ACTIONS": "true"}), runLimit, args("10")...)
	t.Logf("gate over budget: exit %d in %s: %s", r.code, r.wall.Round(time.Millisecond), strings.TrimSpace(r.stderr))
	if r.code != cli.ExitIncomplete {
		t.Errorf("exit %d, want 3\n%s", r.code, r.stderr)
	}
	if tot := faultkit.SimTotals(s.Stats()); tot.Requests != 0 {
		t.Errorf("%d requests before the verdict, want none", tot.Requests)
	}
	for _, want := range []string{"github: at least", "requests needed", "10 requests an hour", "nothing was fetched", "GITHUB_TOKEN"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if !strings.Contains(r.stdout, "::error file=catalog.yaml") || !strings.Contains(r.stdout, "github: at least") {
		t.Errorf("no ::error annotation naming the budget:\n%s", r.stdout)
	}
	// A budget that fits: the gate crawls.
	ok := runCLI(t, envOf(s, nil), runLimit, args("100000")...)
	if tot := faultkit.SimTotals(s.Stats()); tot.Requests == 0 || strings.Contains(ok.stderr, "requests needed") {
		t.Errorf("within budget: exit %d, %d requests\n%s", ok.code, tot.Requests, ok.stderr)
	}
}

// withoutEntries is a catalog's text with its entries list emptied, every
// other top-level key kept.
func withoutEntries(src string) string {
	var out []string
	skipping := false
	for _, l := range strings.Split(src, "\n") {
		top := l != "" && l[0] != ' ' && l[0] != '#' && l[0] != '-'
		switch {
		case strings.HasPrefix(l, "entries:"):
			out = append(out, "entries: []")
			skipping = true
		case skipping && !top:
		default:
			skipping = false
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
