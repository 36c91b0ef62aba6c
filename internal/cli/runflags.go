package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/store"
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
	recordDir   string
	replayDir   string
	configFile  string
	userAgent   string
	ignoreRobot bool
	trustHosts  []string
	policies    []string
	endpoints   crawler.Endpoints
}

func (f *runFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.catalogFile, "catalog", "", "catalog file (default: the embedded DeepSeek research guide)")
	fs.StringVar(&f.now, "now", "", "judge time-bound claims at this time (RFC 3339 or YYYY-MM-DD; default: the current time)")
	fs.StringVar(&f.failOn, "fail-on", "error", "exit 1 on findings at or above this severity: info, warning, error or none")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress display on stderr")
	fs.StringVar(&f.logLevel, "log-level", "warn", "log level: debug, info, warn or error (logs go to stderr)")
	fs.StringVar(&f.statePath, "state", "", "state store (cache, run history) path (default: under the user's cache directory)")
	fs.BoolVar(&f.noState, "no-state", false, "use no state store: no conditional requests, no history")
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

// loadCatalogFlag loads --catalog or the embedded catalog.
func (f *runFlags) loadCatalog(stderr io.Writer) (*catalog.Catalog, error) {
	if f.catalogFile == "" {
		return loadCatalog(nil, stderr)
	}
	return loadCatalog([]string{f.catalogFile}, stderr)
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
	if !f.noState {
		path := f.statePath
		if path == "" {
			if path, err = store.DefaultPath(); err != nil {
				return nil, fmt.Errorf("state store: %w", err)
			}
		}
		if s.store, err = store.Open(path); err != nil {
			return nil, fmt.Errorf("state store: %w", err)
		}
	}
	ua := f.userAgent
	if ua == "" {
		ua = crawler.UserAgent(Version)
	}
	c, err := crawler.New(crawler.Config{
		Endpoints: ep, Policies: pol, AllowHosts: cat.Hosts, UserAgent: ua,
		GitHubToken: ghTok, HFToken: hfTok, Store: s.store,
		RecordDir: f.recordDir, ReplayDir: f.replayDir, IgnoreRobots: f.ignoreRobot, TrustedHosts: f.trustHosts,
		Logger: logger,
	})
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	s.crawler = c
	return s, nil
}
