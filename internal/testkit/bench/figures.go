package bench

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/crawler/store"
	"github.com/claimcheck/claimcheck/internal/testkit/faultkit"
	"github.com/claimcheck/claimcheck/internal/testkit/simulator"
)

// Figure is one measured figure with its target.
type Figure struct {
	Name     string
	Measured string
	Target   string
	// Pass is "pass", "FAIL" or "info" (no target).
	Pass string
	// Notes explain the figure (where time goes, what was counted).
	Notes []string
}

// Verdict is a figure's Pass for a target met (ok) or missed.
func Verdict(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}

// CatalogResult holds the cold, warm and gate figures of the embedded catalog.
type CatalogResult struct {
	Figures []Figure
	// GateRequests are the requests the gate run sent, canonical URLs.
	GateRequests []string
	// Sources lists per source: requests, min interval, bound.
	Sources []SourceBound
}

// SourceBound is one source's share of the politeness lower bound.
type SourceBound struct {
	Source      record.Source
	Requests    int
	MinInterval time.Duration
	Bound       time.Duration
	Violations  int
}

// CatalogOptions configure RunCatalog.
type CatalogOptions struct {
	World string
	// Latency added by the simulator to every answer (0: its default, none).
	Latency time.Duration
	// Scale relaxes both the simulator's limits and the crawler's policies
	// (1 = real politeness; the figures' ratios do not depend on it).
	Scale float64
	// GateEntry is the entry edited for the CI-gate figure.
	GateEntry string
	TempDir   string
}

// RunCatalog measures the cold audit, the warm re-run and the CI gate on the
// embedded catalog against the simulator.
func RunCatalog(ctx context.Context, o CatalogOptions) (*CatalogResult, error) {
	if o.Scale <= 0 {
		o.Scale = 1
	}
	lat := map[record.Source]time.Duration{}
	for _, s := range simulator.Sources {
		lat[s] = o.Latency
	}
	sim, err := simulator.New(simulator.Options{World: o.World, Scale: o.Scale, Latency: lat})
	if err != nil {
		return nil, err
	}
	defer sim.Close()
	rt := faultkit.NewRouter(sim)
	defer rt.Close()
	cat, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	pol := crawler.DefaultPolicies()
	if o.Scale != 1 {
		pol = pol.Scale(o.Scale)
	}
	st, err := store.Open(filepath.Join(o.TempDir, "bench-state.db"))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	r := &catalogRun{sim: sim, rt: rt, cat: cat, pol: pol, st: st, res: &CatalogResult{}}
	cold, err := r.coldAudit(ctx)
	if err != nil {
		return nil, err
	}
	if err := r.warmAudit(ctx, cold); err != nil {
		return nil, err
	}
	if err := r.gateAudit(ctx, o.GateEntry); err != nil {
		return nil, err
	}
	return r.res, nil
}

// catalogRun is what the steps of RunCatalog share: the simulator, the
// router in front of it, the embedded catalog, the policies, the store the
// cold and warm runs share, and the figures measured so far.
type catalogRun struct {
	sim *simulator.Sim
	rt  *faultkit.Router
	cat *catalog.Catalog
	pol crawler.Policies
	st  *store.Store
	res *CatalogResult
}

// coldRun is the cold audit with what the simulator and the router saw of it.
type coldRun struct {
	*faultkit.Outcome
	stats map[record.Source]simulator.Stats
	reqs  []faultkit.Request
}

// add appends a figure to the result.
func (r *catalogRun) add(f Figure) { r.res.Figures = append(r.res.Figures, f) }

// coldAudit runs the audit with an empty store and adds the politeness,
// request-count and arXiv figures.
func (r *catalogRun) coldAudit(ctx context.Context) (*coldRun, error) {
	out, err := faultkit.Audit(ctx, r.rt, faultkit.AuditOptions{Catalog: r.cat, Policies: r.pol, Store: r.st})
	if err != nil {
		return nil, err
	}
	cold := &coldRun{Outcome: out, stats: r.sim.Stats(), reqs: r.rt.Requests()}
	r.politenessFigures(cold)
	r.requestsFigure(cold)
	r.arxivFigure(cold)
	return cold, nil
}

// politenessFigures adds the cold run's wall time against the politeness
// lower bound (the slowest source's requests × its interval) and the
// simulator's count of politeness violations, and fills res.Sources.
func (r *catalogRun) politenessFigures(cold *coldRun) {
	var bound time.Duration
	var boundSrc record.Source
	violations := 0
	for _, m := range cold.Metrics.Sources {
		p := r.pol.For(m.Source)
		b := time.Duration(m.Requests) * p.MinInterval
		sb := SourceBound{Source: m.Source, Requests: m.Requests, MinInterval: p.MinInterval, Bound: b}
		r.res.Sources = append(r.res.Sources, sb)
		if b > bound {
			bound, boundSrc = b, m.Source
		}
	}
	for src, s := range cold.stats {
		violations += s.Violations
		for i := range r.res.Sources {
			if r.res.Sources[i].Source == src || (src == simulator.SourceArXivPages && r.res.Sources[i].Source == record.SourceArXiv) {
				r.res.Sources[i].Violations += s.Violations
			}
		}
	}
	ratio := float64(cold.Wall) / float64(bound)
	r.add(Figure{Name: "cold audit: wall ÷ politeness bound", Measured: fmt.Sprintf("%.3f (%s ÷ %s)", ratio, cold.Wall.Round(time.Millisecond), bound),
		Target: "≤ 1.15", Pass: Verdict(ratio <= 1.15),
		Notes: []string{fmt.Sprintf("bound = max over sources of requests × MinInterval; the largest is %s (%d requests × %s)",
			boundSrc, cold.Metrics.Source(boundSrc).Requests, r.pol.For(boundSrc).MinInterval)}})
	r.add(Figure{Name: "cold audit: politeness violations (429s from the simulator)", Measured: fmt.Sprint(violations), Target: "0", Pass: Verdict(violations == 0)})
}

// requestsFigure adds the requests the cold run sent against the distinct
// resources it needed (planned resources plus one robots.txt per HTML host).
func (r *catalogRun) requestsFigure(cold *coldRun) {
	needed := len(cold.Result.Resources) + len(HTMLHosts(cold.Result.Resources))
	sent := TotalRequests(cold.Metrics)
	rr := float64(sent) / float64(needed)
	r.add(Figure{Name: "requests sent ÷ distinct resources needed", Measured: fmt.Sprintf("%.2f (%d ÷ %d)", rr, sent, needed),
		Target: "1.00", Pass: Verdict(sent == needed),
		Notes: []string{fmt.Sprintf("needed = %d planned resources + %d robots.txt (one per HTML host)", len(cold.Result.Resources), len(HTMLHosts(cold.Result.Resources)))}})
}

// arxivFigure adds the cold run's arXiv requests (API, abs pages, full
// texts) against what its papers, abs pages, full texts and searches need.
func (r *catalogRun) arxivFigure(cold *coldRun) {
	papers, abs, full, searches := 0, 0, 0, 0
	for _, res := range cold.Result.Resources {
		switch res.Kind {
		case record.KindArXivQuery:
			papers += len(res.IDs)
		case record.KindArXivAbs:
			abs++
		case record.KindArXivHTML:
			full++
		case record.KindArXivSearch:
			searches++ // discovery: one API query per search term
		}
	}
	apiReqs, absReqs, fullReqs := 0, 0, 0
	for _, req := range cold.reqs {
		u, _ := url.Parse(req.URL)
		switch {
		case u.Host == "export.arxiv.org":
			apiReqs++
		case u.Host == "arxiv.org" && strings.HasPrefix(u.Path, "/abs/"):
			absReqs++
		case u.Host == "arxiv.org" && strings.HasPrefix(u.Path, "/html/"):
			fullReqs++
		}
	}
	limit := int(math.Ceil(float64(papers)/100)) + abs + full + searches
	r.add(Figure{Name: fmt.Sprintf("arXiv requests for %d papers", papers),
		Measured: fmt.Sprintf("%d (%d API + %d abs + %d full texts)", apiReqs+absReqs+fullReqs, apiReqs, absReqs, fullReqs),
		Target:   fmt.Sprintf("≤ ⌈%d/100⌉ + %d abs + %d full texts needed + %d search = %d", papers, abs, full, searches, limit), Pass: Verdict(apiReqs+absReqs+fullReqs <= limit),
		Notes: []string{fmt.Sprintf("full texts: arXiv's HTML rendering of the %d papers with a phrase claim no abstract, card or README states (paced like every arXiv request: +%d × the arXiv interval on a cold run; --no-fulltext skips them); searches: one API query per discovery term", full, full)}})
}

// warmAudit re-runs the audit with the cold run's store, nothing changed,
// and adds the 304 share, the bytes ratio and the wall time.
func (r *catalogRun) warmAudit(ctx context.Context, cold *coldRun) error {
	r.sim.ResetStats()
	r.rt.Reset()
	warm, err := faultkit.Audit(ctx, r.rt, faultkit.AuditOptions{Catalog: r.cat, Policies: r.pol, Store: r.st})
	if err != nil {
		return err
	}
	ws, cs := faultkit.SimTotals(r.sim.Stats()), faultkit.SimTotals(cold.stats)
	share := float64(ws.NotModified) / float64(ws.Requests)
	ok200, failed := 0, 0
	for _, rec := range cold.Result.Records {
		switch {
		case rec.Err == nil && rec.Status == 200:
			ok200++
		case rec.Err != nil:
			failed++
		}
	}
	robots := len(HTMLHosts(cold.Result.Resources))
	r.add(Figure{Name: "warm re-run: share of requests answered 304", Measured: fmt.Sprintf("%.3f (%d of %d)", share, ws.NotModified, ws.Requests),
		Target: "≥ 0.95", Pass: Verdict(share >= 0.95),
		Notes: []string{fmt.Sprintf("the warm run sent %d requests: %d resources that answered 200 when cold, %d robots.txt (revalidated like a resource) "+
			"and %d resources that failed cold (4xx answers, never cached); %d were not answered 304",
			ws.Requests, ok200, robots, failed, ws.Requests-ws.NotModified)}})
	br := float64(ws.Bytes) / float64(cs.Bytes)
	r.add(Figure{Name: "warm re-run: body bytes ÷ cold bytes", Measured: fmt.Sprintf("%.4f (%d ÷ %d)", br, ws.Bytes, cs.Bytes),
		Target: "≤ 0.05", Pass: Verdict(br <= 0.05)})
	r.add(Figure{Name: "warm re-run: wall time", Measured: warm.Wall.Round(time.Millisecond).String(), Target: "—", Pass: "info"})
	if ws.Violations != 0 {
		r.add(Figure{Name: "warm re-run: politeness violations", Measured: fmt.Sprint(ws.Violations), Target: "0", Pass: "FAIL"})
	}
	return nil
}

// gateAudit runs the CI gate with one claim of gateEntry edited and a fresh
// store (a CI runner has none), and adds the requests it sent outside the
// entry's own resources and its wall time.
func (r *catalogRun) gateAudit(ctx context.Context, gateEntry string) error {
	head, err := catalog.Default()
	if err != nil {
		return err
	}
	e := head.Entry(gateEntry)
	if e == nil || len(e.Claims) == 0 {
		return fmt.Errorf("gate entry %q not found", gateEntry)
	}
	e.Claims[0].Value += " (edited)"
	ch := catalog.Diff(r.cat, head)
	only := changedEntries(ch)
	r.sim.ResetStats()
	r.rt.Reset()
	gate, err := faultkit.Audit(ctx, r.rt, faultkit.AuditOptions{Catalog: head, Only: only, Policies: r.pol})
	if err != nil {
		return err
	}
	extra, wideURLs := r.gateRequests(head, only, e)
	total := len(r.res.GateRequests)
	r.add(Figure{Name: fmt.Sprintf("CI gate (%v edited): requests outside the entry's resources", only),
		Measured: fmt.Sprintf("%d of %d", extra, total), Target: "0", Pass: Verdict(extra == 0),
		Notes: []string{fmt.Sprintf("%d requests for the entry's own resources, %d catalog-wide docs pages every API/release claim is judged against (%s), robots.txt of its HTML hosts",
			total-len(wideURLs)-extra, len(wideURLs), strings.Join(wideURLs, ", "))}})
	r.add(Figure{Name: "CI gate: wall time (fresh store)", Measured: gate.Wall.Round(time.Millisecond).String(), Target: "—", Pass: "info",
		Notes: []string{fmt.Sprintf("%d findings; paced by the slowest source of the entry", len(gate.Result.Findings))}})
	return nil
}

// gateRequests lists the gate run's requests in res.GateRequests (sorted)
// and tells them apart: those for the edited entry's own resources and robots.txt,
// the catalog-wide pages the --only plan also fetches (wideURLs), and the
// rest (extra), which a gate must not send.
func (r *catalogRun) gateRequests(head *catalog.Catalog, only []string, e *catalog.Entry) (extra int, wideURLs []string) {
	own := map[string]bool{}
	for _, res := range crawler.Plan(head, crawler.PlanOptions{Only: only}) {
		own[res.URL] = true
	}
	entryOnly := crawler.Plan(&catalog.Catalog{Entries: []catalog.Entry{*e}, Hosts: head.Hosts}, crawler.PlanOptions{})
	entryURLs := map[string]bool{}
	for _, res := range entryOnly {
		entryURLs[res.URL] = true
	}
	for _, req := range r.rt.Requests() {
		r.res.GateRequests = append(r.res.GateRequests, req.URL)
		u, _ := url.Parse(req.URL)
		switch {
		case entryURLs[req.URL]:
		case u.Path == "/robots.txt":
		case own[req.URL]:
			wideURLs = append(wideURLs, req.URL)
		default:
			extra++
		}
	}
	sort.Strings(r.res.GateRequests)
	return extra, wideURLs
}

// changedEntries are the ids of the entries a catalog diff adds or edits
// (an entry or one of its claims), sorted.
func changedEntries(ch catalog.Changes) []string {
	seen := map[string]bool{}
	var out []string
	var ids []string
	for _, e := range append(append([]catalog.EntryChange(nil), ch.EntriesAdded...), ch.EntriesChanged...) {
		ids = append(ids, e.EntryID)
	}
	for _, c := range append(append([]catalog.ClaimChange(nil), ch.ClaimsAdded...), ch.ClaimsChanged...) {
		ids = append(ids, c.EntryID)
	}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// PeakRSS reads the process's peak resident set (VmHWM) from /proc/self/status.
func PeakRSS() (int64, error) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb); err != nil {
				return 0, err
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}
