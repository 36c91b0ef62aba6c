package engine

// End-to-end: the full audit of the embedded catalog over the committed demo
// recording (testdata/recording, generated from testdata/world by
// `make recording`), replayed through the real crawler with no network. The
// golden file testdata/e2e_verdicts.golden lists one "entry/claim verdict"
// line per finding; refresh it with -update and review the diff: every change
// there is a change in what the demo reports.

import (
	"context"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/golden"
)

// demoNow is the instant `make demo` judges at.
var demoNow = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

const (
	demoRecording = "../../testdata/recording"
	e2eGolden     = "testdata/e2e_verdicts.golden"
)

// runDemo audits the embedded catalog over the demo recording.
func runDemo(t *testing.T) (*catalog.Catalog, *Result) {
	t.Helper()
	if _, err := os.Stat(demoRecording); err != nil {
		t.Fatalf("demo recording missing (run `make recording`): %v", err)
	}
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	c, err := crawler.New(crawler.Config{
		ReplayDir:  demoRecording,
		AllowHosts: cat.Hosts,
		// Replay has no server to be polite to: no pacing keeps the test fast.
		Policies: crawler.DefaultPolicies().Scale(0),
		Now:      func() time.Time { return time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := Run(ctx, c, Options{Catalog: cat, Now: demoNow})
	if err != nil {
		t.Fatal(err)
	}
	return cat, res
}

func TestEndToEndDemo(t *testing.T) {
	cat, res := runDemo(t)

	// Every planned resource was answered by the recording (a 404 is an
	// answer; a missing recording or a transport error is not).
	for _, r := range res.Records {
		if r.Err != nil && r.Err.Kind != record.ErrClient {
			t.Errorf("%s: %s: %s", r.URL, r.Err.Kind, r.Err.Message)
		}
	}

	// Exactly one finding per catalog claim.
	claims := claimIDs(cat)
	count := map[string]int{}
	for _, f := range res.Findings {
		id := findingID(f)
		count[id]++
		checkInvariants(t, f)
		if f.Verdict == checks.Unreachable {
			t.Errorf("%s unreachable: %s", id, f.Message)
		}
	}
	for id := range claims {
		if count[id] != 1 {
			t.Errorf("%s: %d findings, want exactly 1", id, count[id])
		}
	}
	for id, n := range count {
		if claims[id] {
			continue
		}
		e, c, _ := strings.Cut(id, "/")
		switch {
		case strings.HasPrefix(c, "checklist."):
			if cat.Entry(e) == nil {
				t.Errorf("%s: checklist finding for an unknown entry", id)
			}
			if n != 1 {
				t.Errorf("%s: %d findings, want 1", id, n)
			}
		case strings.HasPrefix(c, "venue:arxiv:"):
			if got := f0(res.Findings, id); got.Check != "sources.arxiv-venue" || got.Verdict != checks.Missing {
				t.Errorf("%s: %s %s, want missing by sources.arxiv-venue", id, got.Check, got.Verdict)
			}
		case strings.HasPrefix(c, "arxiv:"):
			// a cited paper's latest version (sources.arxiv-version)
			if got := f0(res.Findings, id); cat.Entry(e) == nil || got.Check != "sources.arxiv-version" || n != 1 {
				t.Errorf("%s: %d findings by %s, want 1 by sources.arxiv-version on a known entry", id, n, got.Check)
			}
		case e == "" && (f0(res.Findings, id).Verdict == checks.Missing):
		case f0(res.Findings, id).Verdict == checks.Outdated:
			// coverage on an entry: a newer release note or model
		default:
			t.Errorf("%s: finding that is neither a claim, a checklist item nor coverage (%s)", id, f0(res.Findings, id).Verdict)
		}
	}

	// The world pages are written in the formats the extractors read:
	// nothing may be reported unreadable. Health that says "the source does
	// not state X" is about the data, not the extractor, and is allowed.
	for _, h := range res.Health {
		p := strings.ToLower(h.Problem)
		for _, bad := range []string{"not html", "not json", "not xml", "not docusaurus", "no extractor", "malformed", "cannot parse", "parse"} {
			if strings.Contains(p, bad) {
				t.Errorf("extractor health on %s: %s", h.URL, h.Problem)
				break
			}
		}
	}

	// Golden verdict list.
	var lines []string
	for _, f := range res.Findings {
		lines = append(lines, findingLine(f))
	}
	sort.Strings(lines)
	got := strings.Join(lines, "\n") + "\n"
	golden.CheckWith(t, e2eGolden, []byte(got), func(want, got []byte) string { return lineDiff(string(want), string(got)) })
}

// TestEndToEndExpectedFindings pins the findings the demo exists to show:
// true facts of late 2026 that the May 2026 guide could not know.
func TestEndToEndExpectedFindings(t *testing.T) {
	_, res := runDemo(t)
	got := map[string]checks.Verdict{}
	for _, f := range res.Findings {
		got[findingID(f)] = f.Verdict
	}
	want := map[string]checks.Verdict{
		"deepseek-api/api-model-deepseek-chat":                                     checks.Expired,
		"deepseek-api/api-model-deepseek-reasoner":                                 checks.Expired,
		"deepseek-api/retirement-deepseek-chat":                                    checks.Expired,
		"deepseek-api/retirement-deepseek-reasoner":                                checks.Expired,
		"deepseek-api/api-model-v4-flash":                                          checks.Outdated,
		"/missing:api-model:deepseek-flash":                                        checks.Missing,
		"/missing:release-note:2026-09-10 DeepSeek-V4.1-Flash":                     checks.Missing,
		"deepseek-v4/status":                                                       checks.Outdated,
		"deepseek-v4/newer-model:deepseek-ai/DeepSeek-V4-Flash-0731":               checks.Outdated,
		"deepseek-v4/newer-model:deepseek-ai/DeepSeek-V4-Pro-0813":                 checks.Outdated,
		"deepseek-v4/release-note:2026-07-31 DeepSeek-V4-Flash-0731 Release":       checks.Outdated,
		"deepseek-v4/release-note:2026-08-13 DeepSeek-V4-Pro GA Release":           checks.Outdated,
		"deepseek-v4/release-note:2026-08-21 DeepSeek-V4-Flash-Vision-Exp Release": checks.Outdated,
		// Wrong verdicts fixed after the first end-to-end run.
		"deepseek-llm/released":            checks.Verified,   // repo 2023-11-29; the paper's 2024 date does not refute it
		"deepseek-prover-v1.5/year-later":  checks.Verified,   // ICLR 2025
		"janus-pro/checklist.official-org": checks.Verified,   // a 404 config.json is a missing file, not a missing repo
		"deepseek-coder/released":          checks.Unverified, // "deepseek-coder" in the change log is the API id
		"deepseek-ai-org/collection-v4":    checks.Verified,
		"deepseek-ai-org/founded":          checks.Verified,
	}
	for id, v := range want {
		if got[id] != v {
			t.Errorf("%s: got %q, want %q", id, got[id], v)
		}
	}
}

func f0(fs []checks.Finding, id string) checks.Finding {
	for _, f := range fs {
		if findingID(f) == id {
			return f
		}
	}
	return checks.Finding{}
}

// lineDiff lists the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	w := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(want), "\n") {
		w[l]++
	}
	g := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(got), "\n") {
		g[l]++
	}
	var out []string
	for l, n := range w {
		if g[l] < n {
			out = append(out, "- "+l)
		}
	}
	for l, n := range g {
		if w[l] < n {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
