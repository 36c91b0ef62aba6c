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
	if opts.Catalog == nil {
		return nil, fmt.Errorf("engine: %w: no catalog", ErrOption)
	}
	for _, id := range opts.Only {
		if opts.Catalog.Entry(id) == nil {
			return nil, fmt.Errorf("engine: %w: --only %q: no such entry in %s", ErrOption, id, opts.Catalog.Path)
		}
	}
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	log = log.Named("engine")
	res := crawler.Plan(opts.Catalog, crawler.PlanOptions{Only: opts.Only})
	recs, store, health, err := fetchExtract(ctx, f, res, opts.Extractors, log)
	var interrupted error
	if err != nil {
		if !stoppedEarly(ctx, err) || len(recs) != len(res) {
			return nil, fmt.Errorf("crawl: %w", err)
		}
		// The run ended early (deadline, signal, no network): judge what
		// was fetched.
		interrupted = earlyCause(ctx, err)
	}
	notFetched, planned := 0, len(res)
	for _, r := range recs {
		if r.Err != nil && r.Err.Kind == record.ErrInterrupted {
			notFetched++
		}
	}
	var keep map[string]bool
	if len(opts.Only) > 0 {
		keep = make(map[string]bool, len(opts.Only))
		for _, id := range opts.Only {
			keep[id] = true
		}
	}
	var index checks.ObservationIndex = store
	var full *ObservationStore
	// The full-text round runs after an interruption too: its resources
	// then come back "interrupted" at once, and the phrases that needed them
	// are unreachable rather than unverified.
	if !opts.NoFullText {
		refs := checks.FullTextWanted(checks.Input{
			Catalog: opts.Catalog, Records: recs, Index: store, Health: health, Now: opts.Now, Checks: opts.Checks,
		}, keep)
		if len(refs) > 0 {
			more := crawler.PlanFullText(refs)
			recs2, store2, health2, err := fetchExtract(ctx, f, more, opts.Extractors, log)
			if err != nil {
				if !stoppedEarly(ctx, err) || len(recs2) != len(more) {
					return nil, fmt.Errorf("crawl full texts: %w", err)
				}
				interrupted = earlyCause(ctx, err)
			}
			for _, r := range recs2 {
				if r.Err != nil && r.Err.Kind == record.ErrInterrupted {
					notFetched++
				}
			}
			planned += len(more)
			res = append(res, more...)
			recs = append(recs, recs2...)
			health = append(health, health2...)
			full, index = store2, mergedIndex{store, store2}
		}
	}
	if opts.Fetched != nil {
		opts.Fetched()
	}
	var sp *spill
	if opts.Lean {
		if sp, err = newSpill(opts.SpillDir); err == nil {
			defer sp.close()
		} else {
			sp = nil
		}
	}
	var findings []checks.Finding
	var faults []extract.Health
	checks.JudgeEach(checks.Input{
		Catalog: opts.Catalog, Records: recs, Index: index, Health: health, Now: opts.Now,
		Checks: opts.Checks,
		OnFault: func(fl checks.Fault) {
			log.Warn("check failed: recovered, its claims are unverified", zap.String("check", fl.Check),
				zap.String("entry", fl.Entry), zap.String("claim", fl.Claim), zap.Any("panic", fl.Value))
			log.Debug("check panic stack", zap.String("check", fl.Check), zap.ByteString("stack", fl.Stack))
			subject := fl.Entry
			if fl.Claim != "" {
				subject += "/" + fl.Claim
			}
			faults = append(faults, extract.Health{Subject: subject, Problem: fl.Problem()})
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
	omitted := checks.OmittedByChoice(checks.Input{Catalog: opts.Catalog, Records: recs, Index: index, Health: health, Now: opts.Now})
	if opts.Lean {
		res, recs, store, full, index = nil, nil, nil, nil, nil // released before the findings come back
	}
	if len(faults) > 0 {
		health = append(health, faults...)
	}
	if sp != nil {
		if findings, err = sp.findings(); err != nil {
			return nil, fmt.Errorf("judge: %w", err)
		}
		if len(findings) == 0 {
			findings = nil
		}
	}
	if keep != nil && findings == nil {
		findings = []checks.Finding{} // as filtering a slice gives
	}
	return &Result{Resources: res, Records: recs, Index: store, FullText: full, Health: health, Findings: findings, Omitted: omitted,
		Interrupted: interrupted, NotFetched: notFetched, Planned: planned}, nil
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
		if err != nil && (!stoppedEarly(ctx, err) || len(recs) != len(res)) {
			return nil, nil, nil, err
		}
		store, health := x.Store()
		return recs, store, health, err
	}
	recs, err := f.Fetch(ctx, res)
	if err != nil && (!stoppedEarly(ctx, err) || len(recs) != len(res)) {
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
