// Package engine runs claimcheck's one-way pipeline: catalog → plan → crawl →
// extract → judge, and turns the outcome into a report model. It holds no
// policy of its own: the crawler fetches, extractors read, checks judge.
package engine

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/reports"
)

// Fetcher fetches planned resources; *crawler.Crawler is one.
type Fetcher interface {
	Fetch(ctx context.Context, res []record.Resource) ([]record.Record, error)
}

// EachFetcher is a Fetcher that hands over each record as soon as it is
// fetched and keeps the record the callback returns (*crawler.Crawler is
// one). Run uses it, when the Fetcher has it, to extract each record while
// the crawl goes on and drop its body at once.
type EachFetcher interface {
	Fetcher
	FetchEach(ctx context.Context, res []record.Resource, each func(i int, rec record.Record) record.Record) ([]record.Record, error)
}

// Options select what a run checks.
type Options struct {
	Catalog *catalog.Catalog
	// Only limits the run to these entry ids (empty: the whole catalog).
	Only []string
	// Now is the time claims are judged at (deadlines, "until").
	Now time.Time
	// Fetched, when set, is called once the crawl and the extraction are
	// done, before judging (benchmarks time the phases with it).
	Fetched func()
	// Lean says the caller needs only the findings and the health reports
	// (an audit that renders a report): Run returns no Resources, Records or
	// observations, and while it judges it keeps the findings in a temporary
	// file in SpillDir (default os.TempDir()), reading them back once the
	// observations and records are released — so that findings and
	// observations are never in memory together. When the file cannot be
	// created, the findings stay in memory.
	Lean     bool
	SpillDir string
	// NoFullText turns off reading papers' full text (--no-fulltext). By
	// default, a phrase claim that the abstract, card, README and docs do
	// not state sends the crawler to arXiv's HTML rendering of the entry's
	// papers — one request per paper, paced like every arXiv request — and
	// the claim is judged with the paper's body too.
	NoFullText bool
	// Logger receives the stack of every check or extractor that panicked
	// (debug level; nil: no log). The panic itself becomes an
	// extractor-health item and the run goes on.
	Logger *zap.Logger
	// Checks replace checks.List and Extractors replace the extractor of
	// their kinds (nil: the built-in ones). Tests inject faults with them.
	Checks     []checks.Check
	Extractors map[record.Kind]Extractor
}

// ErrOption is wrapped by the errors of Run that come from its options (an
// --only entry that does not exist): usage errors, not runtime failures.
var ErrOption = errors.New("invalid run option")

// Result is everything a run produced, in pipeline order. Records carry no
// Body: each body is dropped once extracted (SHA256 still identifies it).
// Run keeps the observations compactly in Index and leaves Observations nil
// (Extract gives them as a flat slice).
type Result struct {
	Resources    []record.Resource
	Records      []record.Record
	Observations []extract.Observation
	Index        *ObservationStore
	// FullText holds the observations read from papers' full text (nil when
	// none was read); the judge reads them together with Index.
	FullText *ObservationStore
	Health   []extract.Health
	Findings []checks.Finding
	// Interrupted is why the crawl ended early (the run's deadline passed,
	// a signal arrived: context.Cause of the run's context); nil when it
	// ran to its end. The run is judged all the same: the resources not
	// fetched are records of kind "interrupted", so their claims are
	// unreachable. NotFetched counts them, of Planned resources.
	Interrupted error
	NotFetched  int
	Planned     int
	// Omitted: the official families the catalog's omit list leaves out
	// on purpose (only when the catalog declares discovery); never findings.
	Omitted []checks.Omitted
}

// Run plans, fetches, extracts and judges.
func Run(ctx context.Context, f Fetcher, opts Options) (*Result, error) {
	if err := checkOptions(opts); err != nil {
		return nil, err
	}
	log := runLogger(opts)
	c, err := crawlPlanned(ctx, f, opts, log)
	if err != nil {
		return nil, err
	}
	keep := onlySet(opts.Only)
	// The full-text round runs after an interruption too: its resources
	// then come back "interrupted" at once, and the phrases that needed them
	// are unreachable rather than unverified.
	if !opts.NoFullText {
		if err := c.crawlFullText(ctx, f, opts, keep, log); err != nil {
			return nil, err
		}
	}
	if opts.Fetched != nil {
		opts.Fetched()
	}
	sp := openSpill(opts)
	if sp != nil {
		defer sp.close()
	}
	findings, faults := c.judge(opts, keep, sp, log)
	omitted := checks.OmittedByChoice(checks.Input{Catalog: opts.Catalog, Records: c.recs, Index: c.index, Health: c.health, Now: opts.Now})
	if opts.Lean {
		c.release() // before the findings come back
	}
	if len(faults) > 0 {
		c.health = append(c.health, faults...)
	}
	if findings, err = readBack(sp, findings, keep); err != nil {
		return nil, err
	}
	return &Result{Resources: c.res, Records: c.recs, Index: c.store, FullText: c.full, Health: c.health, Findings: findings, Omitted: omitted,
		Interrupted: c.interrupted, NotFetched: c.notFetched, Planned: c.planned}, nil
}

// checkOptions refuses a run without a catalog or with an --only entry the
// catalog does not have (ErrOption).
func checkOptions(opts Options) error {
	if opts.Catalog == nil {
		return fmt.Errorf("engine: %w: no catalog", ErrOption)
	}
	for _, id := range opts.Only {
		if opts.Catalog.Entry(id) == nil {
			return fmt.Errorf("engine: %w: --only %q: no such entry in %s", ErrOption, id, opts.Catalog.Path)
		}
	}
	return nil
}

// runLogger is the run's logger: opts.Logger (a no-op one when nil) named "engine".
func runLogger(opts Options) *zap.Logger {
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	return log.Named("engine")
}

// crawled is what the crawl rounds produced, carried from one step of Run
// to the next.
type crawled struct {
	res    []record.Resource
	recs   []record.Record
	store  *ObservationStore
	full   *ObservationStore       // the full-text round's observations; nil without one
	index  checks.ObservationIndex // what the judge reads: store, merged with full when set
	health []extract.Health
	// interrupted is why a round ended early; notFetched counts the records
	// it left "interrupted", of planned resources.
	interrupted         error
	notFetched, planned int
}

// crawlPlanned plans the catalog's resources, fetches and extracts them; a
// crawl that ended early (deadline, signal, no network) is kept, to judge
// what was fetched.
func crawlPlanned(ctx context.Context, f Fetcher, opts Options, log *zap.Logger) (*crawled, error) {
	res := crawler.Plan(opts.Catalog, crawler.PlanOptions{Only: opts.Only})
	recs, store, health, err := fetchExtract(ctx, f, res, opts.Extractors, log)
	if crawlFailed(ctx, err, len(recs), len(res)) {
		return nil, fmt.Errorf("crawl: %w", err)
	}
	c := &crawled{res: res, recs: recs, store: store, index: store, health: health,
		notFetched: countInterrupted(recs), planned: len(res)}
	if err != nil {
		c.interrupted = earlyCause(ctx, err)
	}
	return c, nil
}

// crawlFullText fetches the full text of the papers whose body a phrase
// claim needs (the claims of keep's entries, every entry when keep is nil)
// and adds the records and observations to c.
func (c *crawled) crawlFullText(ctx context.Context, f Fetcher, opts Options, keep map[string]bool, log *zap.Logger) error {
	refs := checks.FullTextWanted(checks.Input{
		Catalog: opts.Catalog, Records: c.recs, Index: c.store, Health: c.health, Now: opts.Now, Checks: opts.Checks,
	}, keep)
	if len(refs) == 0 {
		return nil
	}
	more := crawler.PlanFullText(refs)
	recs, store, health, err := fetchExtract(ctx, f, more, opts.Extractors, log)
	if crawlFailed(ctx, err, len(recs), len(more)) {
		return fmt.Errorf("crawl full texts: %w", err)
	}
	if err != nil {
		c.interrupted = earlyCause(ctx, err)
	}
	c.notFetched += countInterrupted(recs)
	c.planned += len(more)
	c.res = append(c.res, more...)
	c.recs = append(c.recs, recs...)
	c.health = append(c.health, health...)
	c.full, c.index = store, mergedIndex{c.store, store}
	return nil
}

// release drops the resources, records and observations (a lean run).
func (c *crawled) release() {
	c.res, c.recs, c.store, c.full, c.index = nil, nil, nil, nil, nil
}

// countInterrupted counts the records of kind "interrupted" (not fetched).
func countInterrupted(recs []record.Record) int {
	n := 0
	for _, r := range recs {
		if r.Err != nil && r.Err.Kind == record.ErrInterrupted {
			n++
		}
	}
	return n
}

// onlySet is the set of --only entry ids; nil when the run covers every entry.
func onlySet(only []string) map[string]bool {
	if len(only) == 0 {
		return nil
	}
	keep := make(map[string]bool, len(only))
	for _, id := range only {
		keep[id] = true
	}
	return keep
}

// openSpill opens the file a lean run keeps its findings in; nil when the
// run is not lean or the file cannot be created (the findings then stay in
// memory).
func openSpill(opts Options) *spill {
	if !opts.Lean {
		return nil
	}
	sp, err := newSpill(opts.SpillDir)
	if err != nil {
		return nil
	}
	return sp
}

// judge runs every check over what was crawled and keeps the findings of
// keep's entries (every entry when keep is nil): in sp when set, else in
// the returned slice. A check that panicked becomes a health item (faults).
func (c *crawled) judge(opts Options, keep map[string]bool, sp *spill, log *zap.Logger) (findings []checks.Finding, faults []extract.Health) {
	checks.JudgeEach(checks.Input{
		Catalog: opts.Catalog, Records: c.recs, Index: c.index, Health: c.health, Now: opts.Now,
		Checks: opts.Checks,
		OnFault: func(fl checks.Fault) {
			faults = append(faults, faultHealth(log, fl))
		},
	}, func(f checks.Finding) {
		switch {
		case keep != nil && !keep[f.Entry]:
		case sp != nil:
			sp.add(f)
		default:
			findings = append(findings, f)
		}
	})
	return findings, faults
}

// faultHealth logs a check that panicked and turns the panic into an
// extractor-health item for its entry or claim.
func faultHealth(log *zap.Logger, fl checks.Fault) extract.Health {
	log.Warn("check failed: recovered, its claims are unverified", zap.String("check", fl.Check),
		zap.String("entry", fl.Entry), zap.String("claim", fl.Claim), zap.Any("panic", fl.Value))
	log.Debug("check panic stack", zap.String("check", fl.Check), zap.ByteString("stack", fl.Stack))
	subject := fl.Entry
	if fl.Claim != "" {
		subject += "/" + fl.Claim
	}
	return extract.Health{Subject: subject, Problem: fl.Problem()}
}

// readBack returns the run's findings: those kept in sp when set (nil when
// there are none), else findings; an --only run (keep set) gives an empty
// slice rather than nil, as filtering a slice does.
func readBack(sp *spill, findings []checks.Finding, keep map[string]bool) ([]checks.Finding, error) {
	if sp != nil {
		var err error
		if findings, err = sp.findings(); err != nil {
			return nil, fmt.Errorf("judge: %w", err)
		}
		if len(findings) == 0 {
			findings = nil
		}
	}
	if keep != nil && findings == nil {
		findings = []checks.Finding{}
	}
	return findings, nil
}

// mergedIndex reads the observations of two stores as one: a subject's
// observations from the first, then from the second.
type mergedIndex struct{ a, b checks.ObservationIndex }

func (m mergedIndex) Keys() []string {
	keys := m.a.Keys()
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		seen[k] = true
	}
	for _, k := range m.b.Keys() {
		if !seen[k] {
			keys = append(keys, k)
		}
	}
	return keys
}

func (m mergedIndex) Observations(key string) []extract.Observation {
	a, b := m.a.Observations(key), m.b.Observations(key)
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	return append(append(make([]extract.Observation, 0, len(a)+len(b)), a...), b...)
}

// fetchExtract fetches res and extracts every record, dropping each body
// once it is read: while the crawl goes on when f is an EachFetcher, after
// it otherwise. When ctx ends the crawl early, it returns every record (the
// unfetched ones typed "interrupted") together with the crawl's error.
func fetchExtract(ctx context.Context, f Fetcher, res []record.Resource, override map[record.Kind]Extractor, log *zap.Logger) ([]record.Record, *ObservationStore, []extract.Health, error) {
	if ef, ok := f.(EachFetcher); ok {
		x := NewExtraction(len(res))
		x.override, x.log = override, log
		recs, err := ef.FetchEach(ctx, res, x.Add)
		if crawlFailed(ctx, err, len(recs), len(res)) {
			return nil, nil, nil, err
		}
		store, health := x.Store()
		return recs, store, health, err
	}
	recs, err := f.Fetch(ctx, res)
	if crawlFailed(ctx, err, len(recs), len(res)) {
		return nil, nil, nil, err
	}
	x := NewExtraction(len(recs))
	x.override, x.log = override, log
	for i := range recs {
		recs[i] = x.Add(i, recs[i])
	}
	store, health := x.Store()
	return recs, store, health, err
}

// ReportInput is what BuildReport needs besides the run result.
type ReportInput struct {
	Catalog *catalog.Catalog
	Result  *Result
	Metrics crawler.Metrics
	Now     time.Time
	Version string
}

// BuildReport turns a run into the report model every format renders.
func BuildReport(in ReportInput) *reports.Report {
	cat := in.Catalog
	r := &reports.Report{
		SchemaVersion: reports.SchemaVersion,
		Tool:          reports.Tool{Name: "claimcheck", Version: in.Version},
		Catalog: reports.CatalogInfo{
			Path: cat.Path, Name: cat.Name, AsOf: cat.AsOf.String(),
			Entries: len(cat.Entries), Claims: cat.ClaimCount(),
		},
		Now:      in.Now.UTC(),
		Summary:  Summary(in.Result.Findings),
		Findings: in.Result.Findings,
		Health:   in.Result.Health,
		Omitted:  in.Result.Omitted,
	}
	for _, e := range cat.Entries {
		r.Entries = append(r.Entries, reports.EntryInfo{ID: e.ID, Name: e.Name, Kind: string(e.Kind), Year: e.Year})
	}
	r.Sources = SourceStats(in.Metrics)
	return r
}

// Summary counts findings per verdict; every verdict has a key.
func Summary(fs []checks.Finding) map[checks.Verdict]int { return reports.Summarize(fs) }

// SourceStats converts crawler metrics to the report's per-source table.
func SourceStats(m crawler.Metrics) []reports.SourceStats {
	var out []reports.SourceStats
	for _, s := range m.Sources {
		out = append(out, reports.SourceStats{
			Source: string(s.Source), Requests: s.Requests, NotModified: s.NotModified, FromCache: s.FromCache,
			Bytes: s.Bytes, Retries: s.Retries, Waits: s.Waits, WaitSeconds: s.WaitSeconds(), Errors: s.Errors,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out
}

// stoppedEarly reports a crawl that ended before its end but returned every
// record: the run's context ended (deadline, signal), or the crawler found
// the network down.
func stoppedEarly(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, crawler.ErrNoNetwork)
}

// crawlFailed reports a crawl error that is not an early stop with every
// record returned (got of want): the run cannot go on.
func crawlFailed(ctx context.Context, err error, got, want int) bool {
	return err != nil && (!stoppedEarly(ctx, err) || got != want)
}

// earlyCause is why the crawl ended early.
func earlyCause(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil {
		return cause
	}
	if inner := errors.Unwrap(err); inner != nil && errors.Is(inner, crawler.ErrNoNetwork) {
		return inner // "no network? every source failed: …", without "fetch: "
	}
	return err
}
