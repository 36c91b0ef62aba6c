package engine

import (
	"context"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// TestSpillRoundTrip: every field of a finding comes back as it went in —
// nil and empty evidence told apart, times in their own location — and
// repeated strings share one copy.
func TestSpillRoundTrip(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	ev := record.Evidence{Source: record.SourceHF, URL: "https://huggingface.co/api/models/o/m", FinalURL: "https://huggingface.co/api/models/o/m",
		FetchedAt: time.Date(2026, 11, 20, 3, 0, 0, 5, cet), Status: 200, SHA256: "ab12", Locator: "$.cardData.license", Quote: "mit"}
	in := []checks.Finding{
		{Entry: "e1", Claim: "c1", Check: "claim.license", Field: "license", Verdict: checks.Verified, Severity: checks.SeverityInfo,
			Expected: "MIT", Observed: "mit", Message: "the card states \"mit\"", Location: catalog.Pos{File: "c.yaml", Line: 12, Column: -3},
			Evidence: []record.Evidence{ev, {URL: "u", FetchedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotModified: true, FromCache: true}}, Disagreement: true, EvidenceOmitted: 2},
		{Entry: "e1", Claim: "c2", Check: "claim.title", Verdict: checks.Unreachable, Reason: "timeout", Evidence: []record.Evidence{}},
		{Entry: "", Claim: "missing:x", Evidence: nil, Message: "ü — non-ASCII"},
		{Entry: "e2", Claim: "c1", Check: "claim.license", Evidence: []record.Evidence{ev}},
	}
	s, err := newSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	for _, f := range in {
		s.add(f)
	}
	got, err := s.findings()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, in) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, in)
	}
	if got[1].Evidence == nil || got[2].Evidence != nil {
		t.Error("nil and empty evidence not told apart")
	}
	if got[0].Evidence[0].FetchedAt.Location() != cet {
		t.Error("time location lost")
	}
	if unsafe.StringData(got[0].Evidence[0].URL) != unsafe.StringData(got[3].Evidence[0].URL) ||
		unsafe.StringData(got[0].Check) != unsafe.StringData(got[3].Check) {
		t.Error("repeated strings are not shared")
	}
}

// TestLeanRunEqualsRun: a lean run (findings spilled while judging) gives the
// same findings and health as a plain run, and no records or observations.
func TestLeanRunEqualsRun(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	run := func(opts Options) *Result {
		c, err := crawler.New(crawler.Config{ReplayDir: demoRecording, AllowHosts: cat.Hosts, Policies: crawler.DefaultPolicies().Scale(0),
			Now: func() time.Time { return demoNow }})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		opts.Catalog, opts.Now = cat, demoNow
		res, err := Run(context.Background(), c, opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	plain := run(Options{})
	lean := run(Options{Lean: true, SpillDir: t.TempDir()})
	if len(plain.Findings) == 0 || !reflect.DeepEqual(lean.Findings, plain.Findings) {
		t.Errorf("lean findings differ (%d vs %d)", len(lean.Findings), len(plain.Findings))
	}
	if !reflect.DeepEqual(lean.Health, plain.Health) {
		t.Error("lean health differs")
	}
	if lean.Records != nil || lean.Index != nil || lean.Resources != nil {
		t.Error("a lean run kept records, observations or resources")
	}
	if plain.Records == nil || plain.Index.Len() == 0 {
		t.Error("a plain run lost its records or observations")
	}
	// --only: the same filter either way.
	only := run(Options{Only: []string{"deepseek-v3"}, Lean: true, SpillDir: t.TempDir()})
	for _, f := range only.Findings {
		if f.Entry != "deepseek-v3" {
			t.Fatalf("--only kept a finding of %q", f.Entry)
		}
	}
	if len(only.Findings) == 0 {
		t.Error("--only deepseek-v3: no findings")
	}
}
