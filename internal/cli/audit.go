package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/internal/engine"
	"github.com/claimcheck/claimcheck/reports"
)

// outputFlags pick report formats and destinations.
type outputFlags struct {
	formats []string
	outputs []string
	verbose bool
}

func (o *outputFlags) register(cmd *cobra.Command, def string) {
	cmd.Flags().StringSliceVar(&o.formats, "format", []string{def},
		"report format: "+strings.Join(reports.Names(), ", ")+" (repeat or comma-separate for several)")
	cmd.Flags().StringArrayVarP(&o.outputs, "output", "o", nil,
		"write the report to FILE instead of stdout; with several --format, repeat -o once per format in the same order, or give one comma-separated -o (- is stdout)")
	cmd.Flags().BoolVar(&o.verbose, "verbose", false, "list verified claims too (text and markdown)")
}

// write renders r in every requested format.
// dests are the destinations, one per format, or none for stdout. The short
// form "--format text,html -o -,report.html" gives one -o holding a
// comma-separated list; with one -o per format, paths may hold commas.
func (o *outputFlags) dests() []string {
	if len(o.outputs) == 1 && len(o.formats) > 1 {
		return strings.Split(o.outputs[0], ",")
	}
	return o.outputs
}

func (o *outputFlags) write(r *reports.Report, stdout io.Writer) error {
	outputs := o.dests()
	if len(outputs) > 0 && len(outputs) != len(o.formats) {
		return fmt.Errorf("%w: %d --format values but %d -o values: give one -o per format", ErrUsage, len(o.formats), len(outputs))
	}
	if len(outputs) == 0 && len(o.formats) > 1 {
		return fmt.Errorf("%w: several formats need one -o FILE each", ErrUsage)
	}
	// Validate every format before writing anything.
	reps := make([]reports.Reporter, len(o.formats))
	for i, name := range o.formats {
		rep, err := reports.ByName(name, reports.WithVerbose(o.verbose))
		if err != nil {
			return fmt.Errorf("%w: %w", ErrUsage, err)
		}
		reps[i] = rep
	}
	for i, rep := range reps {
		dst := "-"
		if len(outputs) > 0 {
			dst = outputs[i]
		}
		if err := writeReport(rep, r, dst, stdout); err != nil {
			return err
		}
	}
	return nil
}

// writeReport writes atomically to a file (temp + rename) so a failed run never
// leaves half a report behind, or to stdout for "-".
func writeReport(rep reports.Reporter, r *reports.Report, dst string, stdout io.Writer) error {
	if dst == "-" {
		return rep.Write(stdout, r)
	}
	if fi, err := os.Stat(dst); err == nil && !fi.Mode().IsRegular() {
		// A device or a pipe (/dev/null, /dev/stdout, a FIFO): write to it;
		// renaming over it would replace it with a file.
		f, err := os.OpenFile(dst, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("write %s report: %w", rep.Format(), err)
		}
		if err := rep.Write(f, r); err != nil {
			f.Close()
			return fmt.Errorf("write %s report: %w", rep.Format(), err)
		}
		return f.Close()
	}
	dir := filepath.Dir(dst)
	tmp, err := os.CreateTemp(dir, ".claimcheck-report-*")
	if err != nil {
		return fmt.Errorf("write %s report: %w", rep.Format(), err)
	}
	defer os.Remove(tmp.Name())
	if err := rep.Write(tmp, r); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s report: %w", rep.Format(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s report: %w", rep.Format(), err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s report: %w", rep.Format(), err)
	}
	return os.Rename(tmp.Name(), dst)
}

func newAuditCmd(getenv func(string) string) *cobra.Command { return auditCommand(getenv, nil) }

// auditCommand is the audit command; transport, when not nil, replaces the
// network transport (tests use it to stand for a machine without network).
func auditCommand(getenv func(string) string, transport http.RoundTripper) *cobra.Command {
	var (
		rf   = runFlags{transport: transport}
		of   outputFlags
		only []string
	)
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check every claim of the catalog against the official sources",
		Long: `audit checks the whole catalog (the embedded default catalog unless
--catalog names another) against the official sources and reports a verdict
for every claim with its evidence.

The run is bounded by --deadline (default 30m): when it passes, or on
Ctrl-C (SIGINT, SIGTERM), fetching stops, what was fetched is judged and the
reports are written; the claims whose sources were not fetched are
unreachable with the reason "interrupted", and the exit code is 3. Fetching
stops a tenth of the deadline (at most 30s) early, to leave time for that.

Exit codes: 0 clean; 1 findings at or above --fail-on; 2 usage or invalid
input; 3 verification incomplete (a source was unreachable, or the run was
interrupted).`,
		Example: `  claimcheck audit
  claimcheck audit --replay testdata/recording --now 2026-11-28 --format html -o report.html
  claimcheck audit --format json,sarif -o report.json,report.sarif --fail-on warning`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runAudit(cmd.Context(), &rf, &of, only, getenv, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	registerRunCommand(cmd, &rf, &of, DefaultAuditDeadline)
	cmd.Flags().StringSliceVar(&only, "only", nil, "check only these entry ids (repeat or comma-separate)")
	return cmd
}

func runAudit(ctx context.Context, rf *runFlags, of *outputFlags, only []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fctx, cancel, rs, err := rf.start(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	cat, setup, err := rf.catalogAndCrawler(stderr, getenv)
	if err != nil {
		return err
	}
	defer setup.Close()
	// Lean: rendering needs only the findings and health, so the run keeps
	// no records or observations and never holds them with the findings.
	res, err := rf.crawlAndJudge(fctx, setup, engine.Options{Catalog: cat, Only: only, Now: rs.now, Lean: true, NoFullText: rf.noFullText}, stderr)
	if err != nil {
		return runError(fctx, err)
	}
	rep := engine.BuildReport(engine.ReportInput{Catalog: cat, Result: res, Metrics: setup.crawler.Metrics(), Now: rs.now, Version: Version})
	if err := of.write(rep, stdout); err != nil {
		return err
	}
	if res.Interrupted != nil {
		return interruptedError(res.Interrupted, res.NotFetched, res.Planned)
	}
	return outcome(res.Findings, rs.threshold, rs.failing)
}

// outcome maps findings to the exit status. An unreachable source makes the
// run incomplete (exit 3), which takes precedence over findings (exit 1):
// the verdicts of an incomplete run are not the whole answer.
func outcome(fs []checks.Finding, threshold checks.Severity, failing bool) error {
	unreachable, bad := countOutcome(fs, threshold, failing)
	return outcomeError(unreachable, bad,
		func(n int) string {
			return fmt.Sprintf("%d %s unreachable", n, plural(n, "claim's source was", "claims' sources were"))
		},
		func(n int) string { return fmt.Sprintf("%d %s", n, plural(n, "finding", "findings")) })
}

// outcomeError is the exit error of unreachable and bad counts, worded by
// the two functions: unreachable ones make the run incomplete (exit 3),
// which takes precedence over findings (exit 1); none is success.
func outcomeError(unreachable, bad int, unreachableMsg, badMsg func(int) string) error {
	switch {
	case unreachable > 0:
		return fmt.Errorf("%w: %s", ErrIncomplete, unreachableMsg(unreachable))
	case bad > 0:
		return fmt.Errorf("%w: %s", ErrFindings, badMsg(bad))
	}
	return nil
}

// countOutcome counts the unreachable findings and the others at or above
// the threshold (none when failing is off).
func countOutcome(fs []checks.Finding, threshold checks.Severity, failing bool) (unreachable, bad int) {
	for _, f := range fs {
		if f.Verdict == checks.Unreachable {
			unreachable++
			continue
		}
		if failing && f.Verdict != checks.Verified && f.Severity.Rank() >= threshold.Rank() {
			bad++
		}
	}
	return unreachable, bad
}
