package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// runDemoWith audits the embedded catalog over the demo recording with opts
// (Catalog and Now filled in) and a debug-level observed logger.
func runDemoWith(t *testing.T, opts Options) (*Result, *observer.ObservedLogs) {
	t.Helper()
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	c, err := crawler.New(crawler.Config{ReplayDir: demoRecording, AllowHosts: cat.Hosts,
		Policies: crawler.DefaultPolicies().Scale(0),
		Now:      func() time.Time { return time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	core, logs := observer.New(zapcore.DebugLevel)
	opts.Catalog, opts.Now, opts.Logger = cat, demoNow, zap.New(core)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := Run(ctx, c, opts)
	if err != nil {
		t.Fatalf("Run with a panicking component failed: %v", err)
	}
	return res, logs
}

func byKey(fs []checks.Finding) map[string]checks.Finding {
	m := make(map[string]checks.Finding, len(fs))
	for _, f := range fs {
		m[f.Entry+"/"+f.Claim+"#"+f.Check+"@"+f.Field] = f
	}
	return m
}

// stackLogged reports a debug entry carrying a stack through this file.
func stackLogged(logs *observer.ObservedLogs, msg string) bool {
	for _, e := range logs.FilterMessage(msg).All() {
		if e.Level != zapcore.DebugLevel {
			continue
		}
		if s, _ := e.ContextMap()["stack"].(string); strings.Contains(s, "panic_test.go") {
			return true
		}
	}
	return false
}

// A panic in an extractor is recovered: the record counts as unread (an
// extractor-health item per subject, with the panic), the claims it
// concerned become unverified (never contradicted), the stack is in the
// debug log, and every other verdict is the same as in a run without it.
func TestPanickingExtractorIsIsolated(t *testing.T) {
	t.Parallel()
	_, baseRes := runDemo(t)
	base := byKey(baseRes.Findings)
	boom := func(record.Record) extract.Result { panic("extractor exploded") }
	res, logs := runDemoWith(t, Options{Extractors: map[record.Kind]Extractor{record.KindHFReadme: boom}})

	var items []extract.Health
	for _, h := range res.Health {
		if strings.Contains(h.Problem, "extractor exploded") {
			items = append(items, h)
		}
	}
	if len(items) == 0 {
		t.Fatal("no extractor-health item for the panic")
	}
	subjects := map[string]bool{}
	for _, h := range items {
		if !strings.HasPrefix(h.Subject, "hf:") || h.Field != "" || h.URL == "" ||
			!strings.Contains(h.Problem, "extractor for "+string(record.KindHFReadme)+" failed") {
			t.Errorf("health item %+v", h)
		}
		subjects[h.Subject] = true
	}
	if !stackLogged(logs, "extractor panic stack") {
		t.Error("no stack in the debug log")
	}
	got := byKey(res.Findings)
	if len(got) != len(base) {
		t.Errorf("%d findings, %d without the panic", len(got), len(base))
	}
	changed := 0
	for k, w := range base {
		g, ok := got[k]
		if !ok {
			t.Errorf("%s: lost", k)
			continue
		}
		if g.Verdict == w.Verdict {
			continue
		}
		changed++
		// Only claims that needed the unread model cards change, and only
		// to unverified (or verified by another source: never worse).
		// A phrase the unread card stated sends the run to the paper's
		// full text, which the demo recording holds only for the papers the
		// full run needs: unreachable (replay-missing) is the honest answer.
		fullText := g.Verdict == checks.Unreachable && g.Reason == string(record.ErrReplay) && strings.Contains(g.Message, "/html/")
		if g.Verdict != checks.Unverified && !fullText {
			t.Errorf("%s: %s → %s (%s)", k, w.Verdict, g.Verdict, g.Message)
		}
	}
	for k, g := range got {
		if g.Verdict == checks.Contradicted && base[k].Verdict != checks.Contradicted {
			t.Errorf("%s: contradicted only with the panic", k)
		}
	}
	t.Logf("%d health items, %d findings changed to unverified", len(items), changed)
}

// A panicking check (test-only, injected through Options.Checks) leaves
// every other verdict unchanged; it is an extractor-health item naming the
// check, with its stack in the debug log.
func TestPanickingCheckIsIsolated(t *testing.T) {
	t.Parallel()
	_, baseRes := runDemo(t)
	base := byKey(baseRes.Findings)
	list := append([]checks.Check(nil), checks.List...)
	list = append(list, checks.Check{ID: "checklist.test-panic", Doc: "panics on every entry", Run: func(*checks.Context) []checks.Finding {
		panic("check exploded")
	}})
	res, logs := runDemoWith(t, Options{Checks: list, Lean: true, SpillDir: t.TempDir()})
	got := byKey(res.Findings)
	if len(got) != len(base) {
		t.Errorf("%d findings, %d without the panicking check", len(got), len(base))
	}
	for k, w := range base {
		if g, ok := got[k]; !ok || g.Verdict != w.Verdict || g.Message != w.Message {
			t.Errorf("%s: %s %q, was %s %q", k, g.Verdict, g.Message, w.Verdict, w.Message)
		}
	}
	n := 0
	for _, h := range res.Health {
		if strings.Contains(h.Problem, "check checklist.test-panic failed on") && strings.Contains(h.Problem, "check exploded") {
			n++
		}
	}
	cat, _ := catalog.Default()
	if n != len(cat.Entries) {
		t.Errorf("%d health items for the panicking check, want one per entry (%d)", n, len(cat.Entries))
	}
	if !stackLogged(logs, "check panic stack") {
		t.Error("no stack in the debug log")
	}
}

// failingFetcher fails the crawl itself.
type failingFetcher struct{}

func (failingFetcher) Fetch(context.Context, []record.Resource) ([]record.Record, error) {
	return nil, errors.New("fetch machinery broke")
}

// Run's errors name the failing step, and only option errors wrap ErrOption
// (the CLI maps those to exit 2, the rest to exit 3).
func TestRunErrorsNameTheStep(t *testing.T) {
	t.Parallel()
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), failingFetcher{}, Options{Catalog: cat, Now: demoNow})
	if err == nil || !strings.HasPrefix(err.Error(), "crawl: ") || errors.Is(err, ErrOption) {
		t.Errorf("crawl failure: %v", err)
	}
	_, err = Run(context.Background(), failingFetcher{}, Options{Catalog: cat, Now: demoNow, Only: []string{"nope"}})
	if !errors.Is(err, ErrOption) {
		t.Errorf("unknown --only: %v", err)
	}
	// A spill file that cannot be written back is an error naming the spill.
	sp, err := newSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sp.add(checks.Finding{Entry: "e", Claim: "c", Message: strings.Repeat("x", 300<<10)})
	sp.f.Close()
	if _, err := sp.findings(); err == nil || !strings.Contains(err.Error(), "spill findings") {
		t.Errorf("spill on a closed file: %v", err)
	}
	sp.close()
}
