package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/internal/engine"
	"github.com/claimcheck/claimcheck/internal/gate"
	"github.com/claimcheck/claimcheck/reports"
)

// gateFlags are the gate's own flags.
type gateFlags struct {
	base       string
	gitTimeout time.Duration
}

func newGateCmd(getenv func(string) string) *cobra.Command { return gateCommand(getenv, nil) }

// gateCommand is the gate command; transport, when not nil, replaces the
// network transport (tests count requests with it).
func gateCommand(getenv func(string) string, transport http.RoundTripper) *cobra.Command {
	var (
		rf = runFlags{transport: transport}
		of outputFlags
		gf gateFlags
	)
	cmd := &cobra.Command{
		Use:   "gate --base REV",
		Short: "CI gate on a catalog edit: verify strictly what changed since REV",
		Long: `gate is for CI on a pull request that edits the catalog. It lints the whole
catalog (every problem is reported; an invalid catalog exits 2), reads the
catalog as it was at the git revision --base, and diffs the two: entries and
claims added, changed and removed. It then verifies only the entries the
change touched, strictly: a new or changed claim fails unless an official
source verifies it. The other claims of those entries are checked too, and
their decay (stale, contradicted, unreachable…) is reported as warnings that
do not fail the gate. Removed claims are listed, not checked.

Catalog-wide settings (every top-level key but entries, name and as_of:
organisations, hosts, sources…) come from the catalog at REV: the touched
entries are crawled and judged under the base's settings, so an organisation
or host the change adds is never contacted nor official, and a change that
adds, removes or changes a setting fails the gate (exit 1, an error at the
changed line): a maintainer must land it on its own (audit it, then merge it
in a pull request of its own).

A catalog file moved or renamed since REV is compared with its old path (git
rename detection). A catalog file that did not exist at REV, or one that does
not parse there, leaves no trusted base: every entry counts as added, every
setting is an error, and entries are read with no settings at all.

Under GitHub Actions (GITHUB_ACTIONS=true) gate writes "::error" annotations
at the exact line of each failing changed claim (the edited value) and
"::warning" annotations for the decay to stdout, then the report (the report
on stdout is fenced with ::stop-commands:: so quoted text cannot act as a
workflow command), and appends the Markdown report to $GITHUB_STEP_SUMMARY.
See docs/ci-gate.md.

The run is bounded by --deadline (default 20m, under common CI job limits).
Before any request, the gate estimates the requests the touched entries need
per source and fails at once (exit 3, nothing fetched) when a source's budget
cannot serve them within the deadline — GitHub's 60 requests an hour without
a token (1,000 with GITHUB_TOKEN), arXiv's one request every 3s — naming the
source, the requests needed and the budget. When the deadline passes anyway,
or on Ctrl-C, fetching stops, what was fetched is judged and the reports are
written; the rest is unreachable ("interrupted"), exit 3.

Exit codes: 0 every new or changed claim is verified (warnings allowed);
1 one is not, or a catalog-wide setting changed (or, with --fail-on warning,
a warning was found); 2 usage error,
invalid catalog, or a git problem (unknown revision, not a repository);
3 nothing failed but a changed claim's source was unreachable, so it could
not be verified — re-run the gate; or the change needs more requests than
the source budgets allow within --deadline; or the run was interrupted.`,
		Example: `  claimcheck gate --base origin/main
  claimcheck gate --base origin/main --catalog guide.yaml --format sarif -o gate.sarif
  GITHUB_ACTIONS=true claimcheck gate --base "origin/$GITHUB_BASE_REF" --state .claimcheck/state.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runGate(cmd.Context(), &rf, &of, &gf, getenv, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	registerRunCommand(cmd, &rf, &of, DefaultGateDeadline)
	cmd.Flags().StringVar(&gf.base, "base", "", "git revision to compare the catalog with, e.g. origin/main (required)")
	cmd.Flags().DurationVar(&gf.gitTimeout, "git-timeout", gate.DefaultGitTimeout, "time limit of each git command")
	return cmd
}

// headCatalog is the catalog under review, as read from the work tree.
type headCatalog struct {
	root    string // repository root ("" when not found)
	rootErr error
	path    string // repository-relative path (git and annotation form)
	data    []byte
	cat     *catalog.Catalog
}

// readHead finds the repository and the catalog's path in it, reads the
// catalog and lints it. Positions use the repository-relative path, so
// annotations and SARIF locations land on the right file.
func readHead(ctx context.Context, rf *runFlags, g gate.Git) (*headCatalog, error) {
	h := &headCatalog{path: catalog.DefaultPath}
	if rf.catalogFile == "" {
		// The gate judges the pull request's catalog, never the copy built
		// into this binary: without --catalog it reads the default path of
		// the repository it runs in.
		root, err := g.Root(ctx)
		if err != nil {
			return nil, fmt.Errorf("%w: gate: %w", ErrUsage, err)
		}
		p := filepath.Join(root, filepath.FromSlash(catalog.DefaultPath))
		if _, err := os.Lstat(p); err != nil {
			return nil, fmt.Errorf("%w: gate needs --catalog FILE, the catalog the pull request edits (%s is not in this repository)", ErrUsage, catalog.DefaultPath)
		}
		rf.catalogFile = p
	}
	if st, err := os.Lstat(rf.catalogFile); err == nil && st.Mode()&os.ModeSymlink != 0 {
		return nil, fmt.Errorf("%w: %s is a symbolic link: the gate reads a catalog at its own path only (a link could borrow another file's base settings)", ErrInvalid, rf.catalogFile)
	}
	if rf.catalogFile != "" {
		g.Dir = filepath.Dir(rf.catalogFile)
		h.path = rf.catalogFile
	}
	h.root, h.rootErr = g.Root(ctx)
	if h.rootErr == nil && rf.catalogFile != "" {
		h.path, h.rootErr = gate.RepoPath(h.root, rf.catalogFile)
		if h.rootErr != nil {
			h.path = rf.catalogFile
		}
	}
	{
		f, err := os.Open(rf.catalogFile)
		if err != nil {
			return nil, fmt.Errorf("%w: open catalog: %w", ErrInvalid, err)
		}
		defer f.Close()
		if h.data, err = io.ReadAll(io.LimitReader(f, catalog.MaxFileSize+1)); err != nil {
			return nil, fmt.Errorf("%w: read catalog: %w", ErrInvalid, err)
		}
	}
	var err error
	h.cat, err = catalog.Parse(h.path, h.data)
	return h, err
}

func runGate(ctx context.Context, rf *runFlags, of *outputFlags, gf *gateFlags, getenv func(string) string, stdout, stderr io.Writer) error {
	if gf.base == "" {
		return fmt.Errorf("%w: gate needs --base REV (the revision to compare with, e.g. origin/main)", ErrUsage)
	}
	fctx, cancel, rs, err := rf.start(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	actions := getenv("GITHUB_ACTIONS") == "true"
	g := gate.Git{Timeout: gf.gitTimeout}

	// 1. Lint the whole head catalog.
	head, err := lintHead(ctx, rf, g, rs.now, actions, stdout, stderr)
	if err != nil {
		return err
	}

	// 2. The catalog at the base revision (at its old path if the change
	// moved or renamed the file).
	g.Dir = head.root
	notes := &gateNotes{file: head.path, stderr: stderr}
	baseCat, baseDoc, err := readBase(ctx, g, gf.base, head.path, notes.note)
	if err != nil {
		return err
	}

	// 3. What changed, and where each changed claim was edited. Catalog-wide
	// settings come from the base: a change to them fails the gate.
	ch, err := selectChanges(head, baseCat, baseDoc, gf.base)
	if err != nil {
		return err
	}

	// 4. Verify only the touched entries, under the base's settings.
	res, metrics, err := verifyTouched(fctx, rs.now, rf, ch, head.path, actions, getenv, stdout, stderr)
	if err != nil {
		return err
	}
	out := gate.Decide(ch.sel, res.Findings).WithSettings(ch.settings)
	rep := gateReport(head.cat, res, metrics, rs.now, ch.sel, out)

	// 5. Annotations, the report, the step summary.
	if err := writeGateOutput(of, rep, out, notes.list, actions, getenv, stdout, stderr); err != nil {
		return err
	}
	if res.Interrupted != nil {
		return interruptedError(res.Interrupted, res.NotFetched, res.Planned)
	}
	return gateOutcome(out, rs.threshold, rs.failing)
}

// lintHead reads and lints the head catalog (an as_of later than now is a
// problem too: it would silence every decay finding). Every problem goes
// to stderr, and under GitHub Actions as an annotation; an invalid catalog
// is ErrInvalid, a catalog outside a git repository ErrUsage.
func lintHead(ctx context.Context, rf *runFlags, g gate.Git, now time.Time, actions bool, stdout, stderr io.Writer) (*headCatalog, error) {
	head, err := readHead(ctx, rf, g)
	if err == nil {
		err = catalog.CheckAsOf(head.cat, now)
	}
	if err != nil {
		return nil, reportLint(head, err, actions, stdout, stderr)
	}
	if head.rootErr != nil {
		return nil, fmt.Errorf("%w: gate: %w", ErrUsage, head.rootErr)
	}
	return head, nil
}

// reportLint writes the head catalog's problems (stderr, and annotations
// under GitHub Actions) and returns the invalid-input error that ends the
// gate; an error that is no list of problems is returned as invalid input.
func reportLint(head *headCatalog, err error, actions bool, stdout, stderr io.Writer) error {
	var errs catalog.Errors
	if !errors.As(err, &errs) {
		if errors.Is(err, ErrInvalid) {
			return err
		}
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	for _, e := range errs {
		if _, werr := fmt.Fprintln(stderr, oneLine(e.Error())); werr != nil {
			return werr
		}
	}
	if actions {
		if werr := gate.WriteAnnotations(stdout, gate.LintAnnotations(errs, nil)); werr != nil {
			return werr
		}
	}
	return fmt.Errorf("%w: %s: %d %s", ErrInvalid, head.path, len(errs), plural(len(errs), "problem", "problems"))
}

// gateNotes collects what the gate says about the catalog file as a whole
// (a rename followed, no usable base): each note goes to stderr at once and
// becomes an annotation on file.
type gateNotes struct {
	file   string
	stderr io.Writer
	list   []gate.Annotation
}

// note writes msg to stderr and keeps it as an annotation of level.
func (n *gateNotes) note(level gate.Level, msg string) {
	fmt.Fprintln(n.stderr, "claimcheck: gate:", oneLine(msg))
	n.list = append(n.list, gate.Annotation{Level: level, File: n.file, Title: "claimcheck gate", Message: msg})
}

// gateChanges is what the change touched and under which settings the
// touched entries are judged.
type gateChanges struct {
	sel      *gate.Selection  // the entries and claims to verify
	settings []checks.Finding // the catalog-wide settings the change edits
	trusted  gate.Trusted     // head's entries under the base's settings
}

// selectChanges diffs the base and head catalogs: the touched entries, the
// lines their changed claims were edited at, the changed settings, and the
// head read under the base's settings. An entry that cannot be read under
// them is blocked (it fails, unfetched).
func selectChanges(head *headCatalog, baseCat *catalog.Catalog, baseDoc *yaml.Node, rev string) (gateChanges, error) {
	sel := gate.Select(baseCat, head.cat, rev)
	if positions, err := gate.FieldPositions(head.path, head.data); err == nil {
		sel.Pinpoint(positions)
	}
	headDoc, err := gate.Document(head.data)
	if err != nil {
		return gateChanges{}, fmt.Errorf("%w: %s: %w", ErrInvalid, head.path, err)
	}
	ch := gateChanges{
		sel:      sel,
		settings: gate.SettingsFindings(gate.DiffSettings(head.path, baseDoc, headDoc), rev, head.path),
		trusted:  gate.TrustBase(head.path, baseDoc, headDoc),
	}
	for _, id := range sel.Entries {
		switch {
		case ch.trusted.Catalog == nil:
			sel.Block(id, fmt.Sprintf("the catalog cannot be read under the catalog-wide settings at %s (%v)", rev, ch.trusted.Err))
		case ch.trusted.Excluded[id] != "":
			sel.Block(id, fmt.Sprintf("under the catalog-wide settings at %s, %s", rev, ch.trusted.Excluded[id]))
		}
	}
	return ch, nil
}

// verifyTouched crawls and judges the entries to run under the base's
// settings, after checking the sources' request budgets can serve them
// within the deadline. With nothing to run it returns an empty result.
func verifyTouched(fctx context.Context, now time.Time, rf *runFlags, ch gateChanges, file string, actions bool,
	getenv func(string) string, stdout, stderr io.Writer) (*engine.Result, crawler.Metrics, error) {
	only := ch.sel.Run()
	if len(only) == 0 || ch.trusted.Catalog == nil {
		return &engine.Result{}, crawler.Metrics{}, nil
	}
	setup, err := rf.setupCrawler(ch.trusted.Catalog, stderr, getenv)
	if err != nil {
		return nil, crawler.Metrics{}, err
	}
	defer setup.Close()
	if err := checkGateBudget(fctx, setup.crawler, ch.trusted.Catalog, only, file, actions, stdout); err != nil {
		return nil, crawler.Metrics{}, err
	}
	res, err := rf.crawlAndJudge(fctx, setup, engine.Options{Catalog: ch.trusted.Catalog, Only: only, Now: now, NoFullText: rf.noFullText}, stderr)
	if err != nil {
		return nil, crawler.Metrics{}, runError(fctx, err)
	}
	return res, setup.crawler.Metrics(), nil
}

// gateReport is the report of the head catalog holding the gate's
// decided findings and what the change touched.
func gateReport(cat *catalog.Catalog, res *engine.Result, metrics crawler.Metrics, now time.Time, sel *gate.Selection, out gate.Outcome) *reports.Report {
	rep := engine.BuildReport(engine.ReportInput{Catalog: cat, Result: res, Metrics: metrics, Now: now, Version: Version})
	rep.Findings = out.Findings
	rep.Summary = engine.Summary(out.Findings)
	info := sel.Info
	rep.Gate = &info
	return rep
}

// writeGateOutput writes the report; under GitHub Actions, first the notes
// and the findings as annotations, then the report (fenced with
// ::stop-commands:: when it goes to stdout), and the step summary.
func writeGateOutput(of *outputFlags, rep *reports.Report, out gate.Outcome, notes []gate.Annotation, actions bool,
	getenv func(string) string, stdout, stderr io.Writer) error {
	if !actions {
		return of.write(rep, stdout)
	}
	if err := gate.WriteAnnotations(stdout, gate.Cap(append(notes, gate.FindingAnnotations(out)...), gate.AnnotationsPerLevel)); err != nil {
		return err
	}
	if err := writeStepSummary(getenv("GITHUB_STEP_SUMMARY"), rep, out, stderr); err != nil {
		return err
	}
	if !of.toStdout() {
		return of.write(rep, stdout)
	}
	token, err := gate.NewStopToken()
	if err != nil {
		return err
	}
	return gate.StopCommands(stdout, token, func(w io.Writer) error { return of.write(rep, w) })
}

// readBase reads the catalog at rev: at path, or, when path did not exist
// at rev, at the path git's rename detection says it had there. It returns
// the parsed catalog and its YAML document, both nil when there is no
// usable base (no such file, or one that does not parse): then every entry
// counts as added and no catalog-wide setting is trusted. note reports
// what happened. Errors are git failures (exit 2) or an interruption.
func readBase(ctx context.Context, g gate.Git, rev, path string, note func(gate.Level, string)) (*catalog.Catalog, *yaml.Node, error) {
	gitErr := func(err error) error {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: interrupted: %w", ErrIncomplete, ctx.Err())
		}
		return fmt.Errorf("%w: gate --base: %w", ErrUsage, err)
	}
	basePath := path
	data, found, err := g.Show(ctx, rev, path)
	if err != nil {
		return nil, nil, gitErr(err)
	}
	if !found {
		old, err := g.RenamedFrom(ctx, rev, path)
		if err != nil {
			return nil, nil, gitErr(err)
		}
		if old != "" {
			if data, found, err = g.Show(ctx, rev, old); err != nil {
				return nil, nil, gitErr(err)
			}
			if found {
				basePath = old
				note(gate.LevelNotice, fmt.Sprintf("%s was %s at %s (git rename detection): compared with that", path, old, rev))
			}
		}
	}
	const untrusted = "every entry counts as added, and no catalog-wide setting (organisations, hosts, sources…) is trusted"
	if !found {
		note(gate.LevelWarning, fmt.Sprintf("%s did not exist at %s: %s", path, rev, untrusted))
		return nil, nil, nil
	}
	cat, err := catalog.Parse(basePath, data)
	if err != nil {
		var errs catalog.Errors
		problem := err.Error()
		if errors.As(err, &errs) {
			problem = fmt.Sprintf("%d %s, the first: %s", len(errs), plural(len(errs), "problem", "problems"), errs[0].Error())
		}
		note(gate.LevelWarning, fmt.Sprintf("the catalog at %s does not parse (%s): %s", rev, problem, untrusted))
		return nil, nil, nil
	}
	doc, err := gate.Document(data)
	if err != nil { // cannot happen: it parsed
		note(gate.LevelWarning, fmt.Sprintf("the catalog at %s does not parse (%v): %s", rev, err, untrusted))
		return nil, nil, nil
	}
	return cat, doc, nil
}

// toStdout reports whether a report goes to stdout.
func (o *outputFlags) toStdout() bool {
	outputs := o.dests()
	if len(outputs) == 0 {
		return true
	}
	for _, d := range outputs {
		if d == "-" {
			return true
		}
	}
	return false
}

// gateOutcome maps the gate's decision to the exit status: a changed claim
// that is not verified fails (exit 1); otherwise a changed claim whose source
// was unreachable makes the gate incomplete (exit 3). Warnings fail only
// with --fail-on warning (or info); --fail-on none never fails.
func gateOutcome(o gate.Outcome, threshold checks.Severity, failing bool) error {
	if failing {
		if n := len(o.Settings); n > 0 {
			msg := fmt.Sprintf("%d catalog-wide %s changed: a maintainer must land %s on %s own (audit, then merge)",
				n, plural(n, "setting", "settings"), plural(n, "it", "them"), plural(n, "its", "their"))
			if f := len(o.Failed); f > 0 {
				msg += fmt.Sprintf("; %d new or changed %s not verified by an official source", f, plural(f, "claim", "claims"))
			}
			return fmt.Errorf("%w: %s", ErrFindings, msg)
		}
		if n := len(o.Failed); n > 0 {
			return fmt.Errorf("%w: %d new or changed %s not verified by an official source", ErrFindings, n, plural(n, "claim", "claims"))
		}
		bad := 0
		for _, f := range o.Warnings {
			if f.Severity.Rank() >= threshold.Rank() {
				bad++
			}
		}
		if bad > 0 {
			return fmt.Errorf("%w: %d %s at or above %s", ErrFindings, bad, plural(bad, "warning", "warnings"), threshold)
		}
	}
	if n := len(o.Unreachable); n > 0 {
		return fmt.Errorf("%w: %d new or changed %s could not be verified: source unreachable", ErrIncomplete, n, plural(n, "claim", "claims"))
	}
	return nil
}

// writeStepSummary appends the Markdown report to $GITHUB_STEP_SUMMARY,
// within what is left of GitHub's 1 MiB per step.
func writeStepSummary(path string, rep *reports.Report, out gate.Outcome, stderr io.Writer) error {
	if path == "" {
		return nil
	}
	used := int64(0)
	if st, err := os.Stat(path); err == nil {
		used = st.Size()
	}
	var head string
	switch {
	case len(out.Settings) > 0:
		head = fmt.Sprintf("**claimcheck gate: ❌ %d catalog-wide %s changed: a maintainer must land %s on %s own (run claimcheck audit, then merge it in a pull request of its own)**",
			len(out.Settings), plural(len(out.Settings), "setting", "settings"), plural(len(out.Settings), "it", "them"), plural(len(out.Settings), "its", "their"))
		if n := len(out.Failed); n > 0 {
			head += fmt.Sprintf(" · %d new or changed %s not verified", n, plural(n, "claim", "claims"))
		}
	case len(out.Failed) > 0:
		head = fmt.Sprintf("**claimcheck gate: ❌ %d new or changed %s not verified**", len(out.Failed), plural(len(out.Failed), "claim", "claims"))
	case len(out.Unreachable) > 0:
		head = fmt.Sprintf("**claimcheck gate: ⚠️ incomplete — %d changed %s could not be verified (source unreachable)**", len(out.Unreachable), plural(len(out.Unreachable), "claim", "claims"))
	default:
		head = fmt.Sprintf("**claimcheck gate: ✅ passed — %d new or changed %s verified**", out.Verified, plural(out.Verified, "claim", "claims"))
	}
	head += fmt.Sprintf(" · %d %s elsewhere (not failing)\n\n", len(out.Warnings), plural(len(out.Warnings), "warning", "warnings"))
	room := int64(reports.MarkdownSummaryLimit) - used - int64(len(head))
	if room < 4096 {
		fmt.Fprintln(stderr, "claimcheck: gate: $GITHUB_STEP_SUMMARY is full; the summary is not written")
		return nil
	}
	md, err := reports.ByName("markdown", reports.WithMaxBytes(int(room)))
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("step summary: %w", err)
	}
	if _, err := io.WriteString(f, head); err != nil {
		f.Close()
		return fmt.Errorf("step summary: %w", err)
	}
	if err := md.Write(f, rep); err != nil {
		f.Close()
		return fmt.Errorf("step summary: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("step summary: %w", err)
	}
	return nil
}
