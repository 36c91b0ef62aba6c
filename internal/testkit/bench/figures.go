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

func verdict(ok bool) string {
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
	res := &CatalogResult{}
	add := func(f Figure) { res.Figures = append(res.Figures, f) }

	// Cold.
	cold, err := faultkit.Audit(ctx, rt, faultkit.AuditOptions{Catalog: cat, Policies: pol, Store: st})
	if err != nil {
		return nil, err
	}
	coldStats := sim.Stats()
	coldReqs := rt.Requests()
	var bound time.Duration
	var boundSrc record.Source
	violations := 0
	for _, m := range cold.Metrics.Sources {
		p := pol.For(m.Source)
		b := time.Duration(m.Requests) * p.MinInterval
		sb := SourceBound{Source: m.Source, Requests: m.Requests, MinInterval: p.MinInterval, Bound: b}
		res.Sources = append(res.Sources, sb)
		if b > bound {
			bound, boundSrc = b, m.Source
		}
	}
	for src, s := range coldStats {
		violations += s.Violations
		for i := range res.Sources {
			if res.Sources[i].Source == src || (src == simulator.SourceArXivPages && res.Sources[i].Source == record.SourceArXiv) {
				res.Sources[i].Violations += s.Violations
			}
		}
	}
	ratio := float64(cold.Wall) / float64(bound)
	add(Figure{Name: "cold audit: wall ÷ politeness bound", Measured: fmt.Sprintf("%.3f (%s ÷ %s)", ratio, cold.Wall.Round(time.Millisecond), bound),
		Target: "≤ 1.15", Pass: verdict(ratio <= 1.15),
		Notes: []string{fmt.Sprintf("bound = max over sources of requests × MinInterval; the largest is %s (%d requests × %s)",
			boundSrc, cold.Metrics.Source(boundSrc).Requests, pol.For(boundSrc).MinInterval)}})
	add(Figure{Name: "cold audit: politeness violations (429s from the simulator)", Measured: fmt.Sprint(violations), Target: "0", Pass: verdict(violations == 0)})

	// Requests ÷ needed.
	needed := len(cold.Result.Resources) + len(HTMLHosts(cold.Result.Resources))
	sent := TotalRequests(cold.Metrics)
	rr := float64(sent) / float64(needed)
	add(Figure{Name: "requests sent ÷ distinct resources needed", Measured: fmt.Sprintf("%.2f (%d ÷ %d)", rr, sent, needed),
		Target: "1.00", Pass: verdict(sent == needed),
		Notes: []string{fmt.Sprintf("needed = %d planned resources + %d robots.txt (one per HTML host)", len(cold.Result.Resources), len(HTMLHosts(cold.Result.Resources)))}})
	papers, abs, full, searches := 0, 0, 0, 0
	for _, r := range cold.Result.Resources {
		switch r.Kind {
		case record.KindArXivQuery:
			papers += len(r.IDs)
		case record.KindArXivAbs:
			abs++
		case record.KindArXivHTML:
			full++
		case record.KindArXivSearch:
			searches++ // discovery: one API query per search term
		}
	}
	apiReqs, absReqs, fullReqs := 0, 0, 0
	for _, r := range coldReqs {
		u, _ := url.Parse(r.URL)
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
	add(Figure{Name: fmt.Sprintf("arXiv requests for %d papers", papers),
		Measured: fmt.Sprintf("%d (%d API + %d abs + %d full texts)", apiReqs+absReqs+fullReqs, apiReqs, absReqs, fullReqs),
		Target:   fmt.Sprintf("≤ ⌈%d/100⌉ + %d abs + %d full texts needed + %d search = %d", papers, abs, full, searches, limit), Pass: verdict(apiReqs+absReqs+fullReqs <= limit),
		Notes: []string{fmt.Sprintf("full texts: arXiv's HTML rendering of the %d papers with a phrase claim no abstract, card or README states (paced like every arXiv request: +%d × the arXiv interval on a cold run; --no-fulltext skips them); searches: one API query per discovery term", full, full)}})

	// Warm: same store, nothing changed.
	sim.ResetStats()
	rt.Reset()
	warm, err := faultkit.Audit(ctx, rt, faultkit.AuditOptions{Catalog: cat, Policies: pol, Store: st})
	if err != nil {
		return nil, err
	}
	ws, cs := faultkit.SimTotals(sim.Stats()), faultkit.SimTotals(coldStats)
	share := float64(ws.NotModified) / float64(ws.Requests)
	ok200, failed := 0, 0
	for _, r := range cold.Result.Records {
		switch {
		case r.Err == nil && r.Status == 200:
			ok200++
		case r.Err != nil:
			failed++
		}
	}
	robots := len(HTMLHosts(cold.Result.Resources))
	add(Figure{Name: "warm re-run: share of requests answered 304", Measured: fmt.Sprintf("%.3f (%d of %d)", share, ws.NotModified, ws.Requests),
		Target: "≥ 0.95", Pass: verdict(share >= 0.95),
		Notes: []string{fmt.Sprintf("the warm run sent %d requests: %d resources that answered 200 when cold, %d robots.txt (revalidated like a resource) "+
			"and %d resources that failed cold (4xx answers, never cached); %d were not answered 304",
			ws.Requests, ok200, robots, failed, ws.Requests-ws.NotModified)}})
	br := float64(ws.Bytes) / float64(cs.Bytes)
	add(Figure{Name: "warm re-run: body bytes ÷ cold bytes", Measured: fmt.Sprintf("%.4f (%d ÷ %d)", br, ws.Bytes, cs.Bytes),
		Target: "≤ 0.05", Pass: verdict(br <= 0.05)})
	add(Figure{Name: "warm re-run: wall time", Measured: warm.Wall.Round(time.Millisecond).String(), Target: "—", Pass: "info"})
	if ws.Violations != 0 {
		add(Figure{Name: "warm re-run: politeness violations", Measured: fmt.Sprint(ws.Violations), Target: "0", Pass: "FAIL"})
	}

	// CI gate: one entry edited, fresh store (a CI runner has none).
	head, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	e := head.Entry(o.GateEntry)
	if e == nil || len(e.Claims) == 0 {
		return nil, fmt.Errorf("gate entry %q not found", o.GateEntry)
	}
	e.Claims[0].Value += " (edited)"
	ch := catalog.Diff(cat, head)
	only := changedEntries(ch)
	sim.ResetStats()
	rt.Reset()
	gate, err := faultkit.Audit(ctx, rt, faultkit.AuditOptions{Catalog: head, Only: only, Policies: pol})
	if err != nil {
		return nil, err
	}
	own := map[string]bool{}
	for _, r := range crawler.Plan(head, crawler.PlanOptions{Only: only}) {
		own[r.URL] = true
	}
	entryOnly := crawler.Plan(&catalog.Catalog{Entries: []catalog.Entry{*e}, Hosts: head.Hosts}, crawler.PlanOptions{})
	entryURLs := map[string]bool{}
	for _, r := range entryOnly {
		entryURLs[r.URL] = true
	}
	extra := 0
	var wideURLs []string
	for _, r := range rt.Requests() {
		res.GateRequests = append(res.GateRequests, r.URL)
		u, _ := url.Parse(r.URL)
		switch {
		case entryURLs[r.URL]:
		case u.Path == "/robots.txt":
		case own[r.URL]:
			wideURLs = append(wideURLs, r.URL)
		default:
			extra++
		}
	}
	sort.Strings(res.GateRequests)
	add(Figure{Name: fmt.Sprintf("CI gate (%v edited): requests outside the entry's resources", only),
		Measured: fmt.Sprintf("%d of %d", extra, len(res.GateRequests)), Target: "0", Pass: verdict(extra == 0),
		Notes: []string{fmt.Sprintf("%d requests for the entry's own resources, %d catalog-wide docs pages every API/release claim is judged against (%s), robots.txt of its HTML hosts",
			len(res.GateRequests)-len(wideURLs)-extra, len(wideURLs), strings.Join(wideURLs, ", "))}})
	add(Figure{Name: "CI gate: wall time (fresh store)", Measured: gate.Wall.Round(time.Millisecond).String(), Target: "—", Pass: "info",
		Notes: []string{fmt.Sprintf("%d findings; paced by the slowest source of the entry", len(gate.Result.Findings))}})
	return res, nil
}

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
