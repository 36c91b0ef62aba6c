package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/internal/engine"
	"github.com/claimcheck/claimcheck/internal/history"
	"github.com/claimcheck/claimcheck/internal/textsafe"
	"github.com/claimcheck/claimcheck/reports"
)

// nightlyFlags are nightly's own flags (besides runFlags and outputFlags).
type nightlyFlags struct {
	unreachableAfter int
	baseline         string
	webhook          string
	keep             int
}

// webhookTimeout bounds the notification POST.
const webhookTimeout = 10 * time.Second

func newNightlyCmd(getenv func(string) string) *cobra.Command {
	var (
		rf runFlags
		of outputFlags
		nf nightlyFlags
	)
	cmd := &cobra.Command{
		Use:   "nightly",
		Short: "Audit with memory: report what is new and what was resolved since the last run",
		Long: `nightly is audit plus memory. Every run and its verdicts are kept in the state
store (the same one as the crawler's cache), and the report leads with what is
new and what was resolved since the last finished run.

An unreachable claim is only reported after --unreachable-after consecutive
runs in which it was unreachable; before that it is counted as silenced and
shown as "pending (k/N)". A --baseline file silences accepted findings until
their expiry date; an expired entry is reported as a warning.

The run is bounded by --deadline (default 45m). When it passes, or on
Ctrl-C (SIGINT, SIGTERM), fetching stops, what was fetched is judged and the
reports are written, with the claims whose sources were not fetched
unreachable ("interrupted"), exit 3. Such a run is kept in the history as
failed: it is not compared with the last run, counts toward no
--unreachable-after streak, sends no webhook, and the next run compares
with the last finished one.

Exit codes: 0 nothing new at or above --fail-on; 1 new findings at or above
--fail-on (old, unchanged findings never fail a nightly run); 2 usage or
invalid input; 3 a newly reported unreachable claim, the run was
interrupted, or a runtime failure (state store, run history). A damaged state
store or history database is moved aside (kept, named in the log) and rebuilt,
and the run goes on.`,
		Example: `  claimcheck nightly --state /var/lib/claimcheck/state.db --format json -o nightly.json
  claimcheck nightly --baseline baseline.yaml --webhook "$SLACK_WEBHOOK_URL"
  claimcheck history`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runNightly(cmd.Context(), &rf, &of, &nf, getenv, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	registerRunCommand(cmd, &rf, &of, DefaultNightlyDeadline)
	cmd.Flags().IntVar(&nf.unreachableAfter, "unreachable-after", history.DefaultUnreachableAfter,
		"report an unreachable claim only after this many consecutive runs in which it was unreachable")
	cmd.Flags().StringVar(&nf.baseline, "baseline", "", "YAML file of accepted findings ({claim, reason, expires}), silenced until they expire")
	cmd.Flags().StringVar(&nf.webhook, "webhook", "", "POST a Slack-compatible JSON message to this URL when something new appears")
	cmd.Flags().IntVar(&nf.keep, "keep", 90, "keep the last N runs in the history (0: keep all)")
	return cmd
}

func runNightly(ctx context.Context, rf *runFlags, of *outputFlags, nf *nightlyFlags, getenv func(string) string, stdout, stderr io.Writer) error {
	if err := nf.validate(rf); err != nil {
		return err
	}
	fctx, cancel, rs, err := rf.start(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	base, err := nf.loadBaseline()
	if err != nil {
		return err
	}
	cat, setup, err := rf.catalogAndCrawler(stderr, getenv)
	if err != nil {
		return err
	}
	defer setup.Close()
	sum, err := catalogSHA256(rf.catalogFile)
	if err != nil {
		return err
	}
	log := setup.logger.Named("nightly")
	statePath, err := rf.resolveStatePath()
	if err != nil {
		return err
	}
	hist, histStore, err := openRunHistory(ctx, statePath, setup.store, log)
	if err != nil {
		return err
	}
	defer histStore.Close()
	run, err := hist.Begin(ctx, nightlyRunMeta(cat, sum, rs.now))
	if err != nil {
		return fmt.Errorf("%w: run history: %w", ErrRuntime, err)
	}
	res, err := rf.crawlAndJudge(fctx, setup, engine.Options{Catalog: cat, Now: rs.now, NoFullText: rf.noFullText}, stderr)
	if err != nil {
		recordFailure(ctx, run, err, "could not record the failed run", log)
		return runError(fctx, err)
	}
	in := engine.ReportInput{Catalog: cat, Result: res, Metrics: setup.crawler.Metrics(), Now: rs.now, Version: Version}
	if res.Interrupted != nil {
		return nightlyInterrupted(ctx, run, res, in, of, stdout, log)
	}
	out, err := completeRun(ctx, run, res.Findings, history.Options{UnreachableAfter: nf.unreachableAfter, Baseline: base, Now: rs.now}, log)
	if err != nil {
		return err
	}
	warnExpired(stderr, out.Expired)
	if err := of.write(nightlyReport(in, out), stdout); err != nil {
		return err
	}
	nf.notify(ctx, out, cat, rs.now, log)
	pruneHistory(ctx, hist, nf.keep, log)
	return nightlyOutcome(out.Changes.New, rs.threshold, rs.failing)
}

// validate checks nightly's own flags and the run flags nightly needs.
func (nf *nightlyFlags) validate(rf *runFlags) error {
	if rf.noState {
		return fmt.Errorf("%w: nightly keeps its run history in the state store: drop --no-state", ErrUsage)
	}
	if nf.unreachableAfter < 1 {
		return fmt.Errorf("%w: --unreachable-after %d: want 1 or more", ErrUsage, nf.unreachableAfter)
	}
	if nf.keep < 0 {
		return fmt.Errorf("%w: --keep %d: want 0 (keep all) or more", ErrUsage, nf.keep)
	}
	if nf.webhook != "" {
		return validWebhook(nf.webhook)
	}
	return nil
}

// loadBaseline reads --baseline (nil without it); a bad file is invalid input.
func (nf *nightlyFlags) loadBaseline() (*history.Baseline, error) {
	if nf.baseline == "" {
		return nil, nil
	}
	base, err := history.LoadBaseline(nf.baseline)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return base, nil
}

// nightlyRunMeta describes the run the history begins: when it judges,
// which catalog (and its hash), and this tool's version.
func nightlyRunMeta(cat *catalog.Catalog, sum string, now time.Time) history.RunMeta {
	return history.RunMeta{Now: now, CatalogPath: cat.Path, CatalogSHA256: sum, ToolVersion: Version,
		Catalog: reports.CatalogInfo{Path: cat.Path, Name: cat.Name, AsOf: cat.AsOf.String(), Entries: len(cat.Entries), Claims: cat.ClaimCount()}}
}

// recordFailure keeps run in the history as failed with cause; when even
// that fails, it logs warning.
func recordFailure(ctx context.Context, run *history.Run, cause error, warning string, log *zap.Logger) {
	if ferr := run.Fail(ctx, cause); ferr != nil {
		log.Warn(warning, zap.Error(ferr))
	}
}

// completeRun compares the run's findings with the last finished run and
// saves them. When saving fails the run is recorded as failed (Fail
// retries on a fresh context), so history shows a failed run rather than
// one left running.
func completeRun(ctx context.Context, run *history.Run, findings []checks.Finding, opts history.Options, log *zap.Logger) (*history.Outcome, error) {
	out, err := run.Complete(ctx, findings, opts)
	if err == nil {
		return out, nil
	}
	recordFailure(ctx, run, err, "could not record the failed run", log)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("%w: interrupted while saving the run: %w", ErrIncomplete, ctx.Err())
	}
	return nil, fmt.Errorf("%w: run history: %w", ErrRuntime, err)
}

// warnExpired warns on stderr of every baseline entry that has expired.
func warnExpired(stderr io.Writer, expired []history.BaselineEntry) {
	for _, e := range expired {
		fmt.Fprintf(stderr, "claimcheck: warning: %s:%d: baseline entry %s expired on %s (reason: %s)\n",
			oneLine(e.Pos.File), e.Pos.Line, oneLine(e.Claim), oneLine(e.ExpiresDate()), oneLine(e.Reason))
	}
}

// nightlyReport is the run's report with the history's view: the findings
// left after silencing, and what is new and resolved since the last run.
func nightlyReport(in engine.ReportInput, out *history.Outcome) *reports.Report {
	rep := engine.BuildReport(in)
	rep.Findings = out.Findings()
	rep.Summary = engine.Summary(rep.Findings)
	changes := out.Changes
	rep.Changes = &changes
	return rep
}

// notify posts the webhook message when --webhook is set and something is
// new; a failed delivery is logged, never fatal.
func (nf *nightlyFlags) notify(ctx context.Context, out *history.Outcome, cat *catalog.Catalog, now time.Time, log *zap.Logger) {
	if nf.webhook == "" || len(out.Changes.New) == 0 {
		return
	}
	if err := postWebhook(ctx, nf.webhook, webhookMessage(out, cat, now)); err != nil {
		log.Warn("webhook not delivered", zap.String("host", webhookHost(nf.webhook)), zap.Error(err))
	} else {
		log.Info("webhook delivered", zap.String("host", webhookHost(nf.webhook)), zap.Int("new", len(out.Changes.New)))
	}
}

// pruneHistory keeps the last keep runs (0: all); a failure is logged.
func pruneHistory(ctx context.Context, hist *history.History, keep int, log *zap.Logger) {
	if n, err := hist.Prune(ctx, keep); err != nil {
		log.Warn("could not prune the run history", zap.Error(err))
	} else if n > 0 {
		log.Info("pruned old runs", zap.Int("deleted", n), zap.Int("keep", keep))
	}
}

// nightlyInterrupted ends a nightly run whose crawl was cut short: the
// report holds this run's verdicts (no comparison: half a run would show
// every claim not fetched as changed), and the history keeps the run as
// failed, so it counts toward no --unreachable-after streak and the next
// run compares with the last finished one. No webhook is sent.
func nightlyInterrupted(ctx context.Context, run *history.Run, res *engine.Result, in engine.ReportInput,
	of *outputFlags, stdout io.Writer, log *zap.Logger) error {
	ierr := interruptedError(res.Interrupted, res.NotFetched, res.Planned)
	recordFailure(ctx, run, ierr, "could not record the interrupted run", log)
	if err := of.write(engine.BuildReport(in), stdout); err != nil {
		return err
	}
	return ierr
}

// nightlyOutcome maps the NEW findings to the exit status: old, unchanged
// findings never fail a nightly run. A newly reported unreachable claim
// makes the run incomplete (exit 3), which takes precedence, as in audit.
func nightlyOutcome(fresh []checks.Finding, threshold checks.Severity, failing bool) error {
	unreachable, bad := countOutcome(fresh, threshold, failing)
	return outcomeError(unreachable, bad,
		func(n int) string { return fmt.Sprintf("%d new unreachable %s", n, plural(n, "claim", "claims")) },
		func(n int) string { return fmt.Sprintf("%d new %s", n, plural(n, "finding", "findings")) })
}

// catalogSHA256 hashes the catalog's source (the embedded one by default).
func catalogSHA256(path string) (string, error) {
	var data []byte
	if path == "" {
		data = catalog.DefaultYAML()
	} else {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return "", fmt.Errorf("%w: %w", ErrInvalid, err)
		}
	}
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:]), nil
}

func validWebhook(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%w: --webhook: want an http(s) URL", ErrUsage)
	}
	return nil
}

// webhookHost is what may be logged of a webhook URL: its path is often a
// secret (Slack's are).
func webhookHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "?"
	}
	return u.Scheme + "://" + u.Host
}

// webhookPayload is a Slack-compatible message ({"text": …}) with the new
// findings attached for other consumers. The text is escaped by slackText;
// parse, link_names and the unfurl options ask Slack not to turn names into
// mentions, links into previews or text into links, but the escaping does not
// rely on them (other Slack-compatible receivers ignore them).
type webhookPayload struct {
	Text        string          `json:"text"`
	Parse       string          `json:"parse"`
	LinkNames   bool            `json:"link_names"`
	UnfurlLinks bool            `json:"unfurl_links"`
	UnfurlMedia bool            `json:"unfurl_media"`
	Claimcheck  webhookFindings `json:"claimcheck"`
}

type webhookFindings struct {
	Run         int64            `json:"run"`
	PreviousRun int64            `json:"previous_run,omitempty"`
	Catalog     string           `json:"catalog"`
	Now         time.Time        `json:"now"`
	New         []checks.Finding `json:"new"`
	Resolved    []checks.Finding `json:"resolved"`
	Silenced    int              `json:"silenced"`
}

// webhookMaxLines bounds the findings listed in the message text.
const webhookMaxLines = 20

func webhookMessage(out *history.Outcome, cat *catalog.Catalog, now time.Time) webhookPayload {
	var b strings.Builder
	name := cat.Name
	if name == "" {
		name = cat.Path
	}
	fmt.Fprintf(&b, "claimcheck nightly (%s): %d new, %d resolved", slackText(clipText(name, 100)), len(out.Changes.New), len(out.Changes.Resolved))
	if out.PreviousRun != 0 {
		fmt.Fprintf(&b, " since run %d", out.PreviousRun)
	}
	for i, f := range out.Changes.New {
		if i == webhookMaxLines {
			fmt.Fprintf(&b, "\n… and %d more", len(out.Changes.New)-i)
			break
		}
		fmt.Fprintf(&b, "\n• %s %s: %s", slackText(string(f.Verdict)), slackText(f.Ref()), slackText(clipText(f.Message, 200)))
	}
	return webhookPayload{Text: b.String(), Parse: "none", Claimcheck: webhookFindings{
		Run: out.RunID, PreviousRun: out.PreviousRun, Catalog: cat.Path, Now: now.UTC(),
		New: out.Changes.New, Resolved: out.Changes.Resolved, Silenced: out.Changes.Silenced,
	}}
}

// clipText puts s on one line (control characters shown visibly) and
// shortens it to n runes.
func clipText(s string, n int) string {
	s = textsafe.Line(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// slackEscaper escapes the three characters Slack's message format gives a
// meaning (https://api.slack.com/reference/surfaces/formatting#escaping):
// with no raw "<" no <!channel>, <!here>, <!everyone>, <@U…>, <#C…>,
// <!subteam^…> or <url|label> can form.
var slackEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// wordJoiner (U+2060) is invisible and keeps "@" from touching the name
// after it.
const wordJoiner = "\u2060"

// slackText makes catalog or fetched text inert in a Slack-compatible
// message: one line, control characters visible, & < > escaped, and a WORD
// JOINER after every "@" before a word character, so "@channel", "@here",
// "@everyone" or "@user" is no mention even for a receiver that parses bare
// names (Slack with link_names, Mattermost, Rocket.Chat).
func slackText(s string) string {
	s = slackEscaper.Replace(textsafe.Line(s))
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		b.WriteRune(r)
		if r == '@' && i+1 < len(s) {
			if c := s[i+1]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80 {
				b.WriteString(wordJoiner)
			}
		}
	}
	return b.String()
}

// postWebhook POSTs the payload; any non-2xx answer is an error.
func postWebhook(ctx context.Context, rawURL string, p webhookPayload) error {
	body, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode webhook message: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, webhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "claimcheck/"+Version)
	client := &http.Client{Timeout: webhookTimeout}
	resp, err := client.Do(req)
	if err != nil {
		// The error text holds the URL, whose path may be a secret.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("post to %s: %w", webhookHost(rawURL), err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("post to %s: status %s", webhookHost(rawURL), resp.Status)
	}
	return nil
}
