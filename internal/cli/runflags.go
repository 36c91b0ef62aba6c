package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/store"
	"github.com/claimcheck/claimcheck/internal/engine"
)

// runFlags are the flags shared by the commands that crawl (audit, gate, nightly).
type runFlags struct {
	catalogFile string
	now         string
	failOn      string
	quiet       bool
	logLevel    string
	statePath   string
	noState     bool
	noFullText  bool
	recordDir   string
	replayDir   string
	configFile  string
	userAgent   string
	ignoreRobot bool
	trustHosts  []string
	policies    []string
	endpoints   crawler.Endpoints
	// transport replaces the network transport (crawler.Config.Transport).
	// No flag sets it: tests in this package do, to count requests.
	transport http.RoundTripper
	deadline  time.Duration
}

// Default run deadlines (--deadline), documented in the README, each
// command's help and docs/configuration.md: an audit of the default catalog
// takes about 5 minutes at the default politeness, a gate on a usual pull
// request a minute; both leave room for slow sources while staying inside a
// CI job's limit; the nightly job has no one waiting for it.
const (
	DefaultAuditDeadline   = 30 * time.Minute
	DefaultGateDeadline    = 20 * time.Minute
	DefaultNightlyDeadline = 45 * time.Minute
)

// registerDeadline adds --deadline with the command's default.
func (f *runFlags) registerDeadline(fs *pflag.FlagSet, def time.Duration) {
	fs.DurationVar(&f.deadline, "deadline", def,
		"stop fetching when the run has taken this long, judge what was fetched and write the reports (the rest is unreachable, \"interrupted\"; exit 3); 0: no deadline")
}

// registerRunCommand adds the flags of a crawling command (audit, gate,
// nightly): the run flags, --deadline with the command's default, and the
// output flags (text by default).
func registerRunCommand(cmd *cobra.Command, rf *runFlags, of *outputFlags, deadline time.Duration) {
	rf.register(cmd.Flags())
	rf.registerDeadline(cmd.Flags(), deadline)
	of.register(cmd, "text")
}

// fetchReserve is the part of --deadline kept for judging and writing the
// reports after fetching stops: a tenth, at most 30 s.
func fetchReserve(d time.Duration) time.Duration { return min(d/10, 30*time.Second) }

// fetchContext bounds the crawl by --deadline, counted from now: fetching
// stops fetchReserve before it. Its cause names the deadline, so every
// record cut off by it says why. A negative deadline is a usage error.
func (f *runFlags) fetchContext(ctx context.Context) (context.Context, context.CancelFunc, error) {
	switch {
	case f.deadline < 0:
		return nil, nil, fmt.Errorf("%w: --deadline %s: want a duration ≥ 0 (0: none)", ErrUsage, f.deadline)
	case f.deadline == 0:
		ctx, cancel := context.WithCancel(ctx)
		return ctx, cancel, nil
	}
	reserve := fetchReserve(f.deadline)
	ctx, cancel := context.WithDeadlineCause(ctx, time.Now().Add(f.deadline-reserve),
		fmt.Errorf("--deadline %s reached (fetching stops %s before it, to judge and write the reports)", f.deadline, reserve))
	return ctx, cancel, nil
}

// runStart is what a crawling command reads from its flags before it
// starts, besides the crawl's context: --now and --fail-on.
type runStart struct {
	now       time.Time       // --now
	threshold checks.Severity // --fail-on's severity
	failing   bool            // false for --fail-on none
}

// start checks --deadline, --now and --fail-on, in that order, and returns
// the crawl's context, bounded by --deadline. The caller must call cancel
// when the run ends (start calls it itself when it fails).
func (f *runFlags) start(ctx context.Context) (fctx context.Context, cancel context.CancelFunc, rs runStart, err error) {
	if fctx, cancel, err = f.fetchContext(ctx); err != nil {
		return nil, nil, runStart{}, err
	}
	if rs.now, err = f.nowTime(); err != nil {
		cancel()
		return nil, nil, runStart{}, err
	}
	if rs.threshold, rs.failing, err = f.failLevel(); err != nil {
		cancel()
		return nil, nil, runStart{}, err
	}
	return fctx, cancel, rs, nil
}

// catalogAndCrawler loads --catalog (or the embedded catalog) and builds
// the crawler for it; the caller closes the setup.
func (f *runFlags) catalogAndCrawler(stderr io.Writer, getenv func(string) string) (*catalog.Catalog, *crawlSetup, error) {
	cat, err := f.loadCatalog(stderr)
	if err != nil {
		return nil, nil, err
	}
	setup, err := f.setupCrawler(cat, stderr, getenv)
	if err != nil {
		return nil, nil, err
	}
	return cat, setup, nil
}

// crawlAndJudge runs the engine on the crawler of setup, with its logger,
// showing progress on stderr (unless --quiet) while it runs.
func (f *runFlags) crawlAndJudge(fctx context.Context, setup *crawlSetup, opts engine.Options, stderr io.Writer) (*engine.Result, error) {
	opts.Logger = setup.logger
	stopProgress := startProgress(fctx, setup.crawler, stderr, f.quiet)
	defer stopProgress()
	return engine.Run(fctx, setup.crawler, opts)
}

// runError maps a failed engine run to its exit error: interrupted when
// the crawl's context ended (the deadline or a signal), else engineErr.
func runError(fctx context.Context, err error) error {
	if fctx.Err() != nil {
		return fmt.Errorf("%w: interrupted: %w", ErrIncomplete, context.Cause(fctx))
	}
	return engineErr(err)
}

// interruptedError is the exit error of a run whose crawl ended early: the
// reports are written, the resources not fetched are unreachable.
func interruptedError(cause error, notFetched, planned int) error {
	if errors.Is(cause, crawler.ErrNoNetwork) {
		return fmt.Errorf("%w: %v; %d of %d %s not fetched, reported unreachable", ErrIncomplete, cause, notFetched, planned, plural(planned, "resource", "resources"))
	}
	return fmt.Errorf("%w: run interrupted (%v): %d of %d %s not fetched; %s claims are unreachable (\"interrupted\"), the report holds everything else",
		ErrIncomplete, cause, notFetched, planned, plural(planned, "resource", "resources"), plural(notFetched, "its", "their"))
}

func (f *runFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.catalogFile, "catalog", "", "catalog file (default: the embedded default catalog, catalog/default)")
	fs.StringVar(&f.now, "now", "", "judge time-bound claims at this time (RFC 3339 or YYYY-MM-DD; default: the current time)")
	fs.StringVar(&f.failOn, "fail-on", "error", "exit 1 on findings at or above this severity: info, warning, error or none")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress display on stderr")
	fs.StringVar(&f.logLevel, "log-level", "warn", "log level: debug, info, warn or error (logs go to stderr)")
	fs.StringVar(&f.statePath, "state", "", "state store (cache, run history) path (default: under the user's cache directory)")
	fs.BoolVar(&f.noState, "no-state", false, "use no state store: no conditional requests, no history")
	fs.BoolVar(&f.noFullText, "no-fulltext", false, "never read papers' full text (arXiv's HTML rendering), which is otherwise read for phrase claims no abstract, card or README states")
	fs.StringVar(&f.recordDir, "record", "", "record every HTTP exchange to this directory")
	fs.StringVar(&f.replayDir, "replay", "", "serve every HTTP exchange from the recordings in this directory, with no network")
	fs.StringVar(&f.configFile, "config", "", "YAML file with per-source politeness policies (see docs/configuration.md)")
	fs.StringArrayVar(&f.policies, "policy", nil, "set one policy field, SOURCE.FIELD=VALUE (e.g. arxiv.min_interval=5s; beats --config; repeatable)")
	fs.StringVar(&f.userAgent, "user-agent", "", "User-Agent header (default: claimcheck/VERSION with a contact URL)")
	fs.BoolVar(&f.ignoreRobot, "ignore-robots", false, "do not honour robots.txt (only for your own mirrors)")
	fs.StringArrayVar(&f.trustHosts, "trust-host", nil, "also allow HOST or HOST:PORT, even on an internal address (a local mirror of venue pages; repeatable)")
	fs.StringVar(&f.endpoints.ArXivAPI, "arxiv-api-url", "", "arXiv API base URL (env CLAIMCHECK_ARXIV_API_URL)")
	fs.StringVar(&f.endpoints.ArXiv, "arxiv-url", "", "arXiv pages base URL (env CLAIMCHECK_ARXIV_URL)")
	fs.StringVar(&f.endpoints.GitHub, "github-api-url", "", "GitHub API base URL (env GITHUB_API_URL)")
	fs.StringVar(&f.endpoints.HF, "hf-endpoint", "", "Hugging Face base URL (env HF_ENDPOINT)")
	fs.StringVar(&f.endpoints.Docs, "docs-url", "", "send the requests for the catalog's docs site here instead of its base (one docs site only; env CLAIMCHECK_DOCS_URL)")
	fs.StringVar(&f.endpoints.Crossref, "crossref-url", "", "Crossref API base URL (env CLAIMCHECK_CROSSREF_URL)")
}

// loadCatalog loads --catalog or the embedded catalog; an as_of later than
// --now is invalid input.
func (f *runFlags) loadCatalog(stderr io.Writer) (*catalog.Catalog, error) {
	now, err := f.nowTime()
	if err != nil {
		return nil, err
	}
	if f.catalogFile == "" {
		return loadCatalogAt(nil, now, stderr)
	}
	return loadCatalogAt([]string{f.catalogFile}, now, stderr)
}

// nowTime parses --now.
func (f *runFlags) nowTime() (time.Time, error) {
	if f.now == "" {
		return time.Now().UTC(), nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, f.now); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: --now %q: want RFC 3339 (2026-11-28T00:00:00Z) or YYYY-MM-DD", ErrUsage, f.now)
}

// failLevel parses --fail-on; ok is false for "none".
func (f *runFlags) failLevel() (sev checks.Severity, ok bool, err error) {
	switch strings.ToLower(f.failOn) {
	case "none":
		return "", false, nil
	case "info", "warning", "error":
		return checks.Severity(strings.ToLower(f.failOn)), true, nil
	}
	return "", false, fmt.Errorf("%w: --fail-on %q: want info, warning, error or none", ErrUsage, f.failOn)
}

// resolveStatePath is --state or the default state store path.
func (f *runFlags) resolveStatePath() (string, error) {
	if f.statePath != "" {
		return f.statePath, nil
	}
	path, err := store.DefaultPath()
	if err != nil {
		return "", fmt.Errorf("%w: state store: %w", ErrRuntime, err)
	}
	return path, nil
}

// openHealing opens the store at path; a damaged one is moved aside and
// rebuilt, with a warning naming both files, and the run goes on.
func openHealing(path string, logger *zap.Logger) (*store.Store, error) {
	st, healed, err := store.OpenHealing(path)
	if err != nil {
		return nil, fmt.Errorf("%w: open state store: %w", ErrRuntime, err)
	}
	if healed != nil {
		logger.Warn("state store damaged: moved aside and rebuilt, the run goes on",
			zap.String("store", healed.Path), zap.String("moved_to", healed.MovedTo), zap.Error(healed.Cause))
	}
	return st, nil
}

// crawlSetup is a configured crawler and what must be closed after it.
type crawlSetup struct {
	crawler *crawler.Crawler
	store   *store.Store
	logger  *zap.Logger
}

func (s *crawlSetup) Close() {
	if s.crawler != nil {
		_ = s.crawler.Close()
	}
	if s.store != nil {
		_ = s.store.Close()
	}
	if s.logger != nil {
		_ = s.logger.Sync()
	}
}

// setupCrawler builds the crawler from flags and environment (flags beat the environment).
func (f *runFlags) setupCrawler(cat *catalog.Catalog, stderr io.Writer, getenv func(string) string) (*crawlSetup, error) {
	ghTok, hfTok := crawler.TokensFromEnv(getenv)
	logger, err := newLogger(stderr, f.logLevel, ghTok, hfTok)
	if err != nil {
		return nil, err
	}
	s := &crawlSetup{logger: logger}
	ep, err := crawler.EndpointsFromEnv(getenv)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	for _, o := range []struct {
		dst  *string
		flag string
	}{
		{&ep.ArXivAPI, f.endpoints.ArXivAPI}, {&ep.ArXiv, f.endpoints.ArXiv}, {&ep.GitHub, f.endpoints.GitHub},
		{&ep.HF, f.endpoints.HF}, {&ep.Docs, f.endpoints.Docs}, {&ep.Crossref, f.endpoints.Crossref},
	} {
		if o.flag != "" {
			*o.dst = o.flag
		}
	}
	ep.DocsSites = crawler.DocsBases(cat)
	if err := ep.Normalize(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	pol, err := loadPolicies(f.configFile)
	if err != nil {
		return nil, err
	}
	if err := applyPolicyFlags(pol, f.policies); err != nil {
		return nil, err
	}
	if f.recordDir != "" && f.replayDir != "" {
		return nil, fmt.Errorf("%w: --record and --replay exclude each other", ErrUsage)
	}
	if f.noState && f.statePath != "" {
		return nil, fmt.Errorf("%w: --no-state and --state exclude each other", ErrUsage)
	}
	if !f.noState {
		path, err := f.resolveStatePath()
		if err != nil {
			return nil, err
		}
		if s.store, err = openHealing(path, logger); err != nil {
			return nil, err
		}
	}
	for _, n := range crawler.MissingHosts(cat) {
		logger.Warn("a host the catalog's sources need is not in its hosts: those requests are refused",
			zap.String("host", n.Host), zap.String("source", string(n.Source)), zap.String("needed_by", n.By),
			zap.String("hosts_at", cat.HostsPos.String()))
	}
	ua := f.userAgent
	if ua == "" {
		ua = crawler.UserAgent(Version)
	}
	c, err := crawler.New(crawler.Config{
		Endpoints: ep, Policies: pol, AllowHosts: cat.Hosts, ContactHosts: crawler.ContactHosts(cat), UserAgent: ua,
		GitHubToken: ghTok, HFToken: hfTok, Store: s.store,
		RecordDir: f.recordDir, ReplayDir: f.replayDir, IgnoreRobots: f.ignoreRobot, TrustedHosts: f.trustHosts,
		Logger: logger, Transport: f.transport,
	})
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	s.crawler = c
	return s, nil
}
