package engine

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/reports"
)

// judgeScenario plans, "fetches" and judges a scenario archive as the
// harness does, and returns its input for further checks.
func judgeScenario(t *testing.T, name string) (checks.Input, []checks.Finding) {
	t.Helper()
	data, err := os.ReadFile("testdata/scenarios/" + name + ".txtar")
	if err != nil {
		t.Fatal(err)
	}
	sc := parseScenario(t, data)
	recs, _ := sc.records(t, crawler.Plan(sc.cat, crawler.PlanOptions{}))
	obs, health := Extract(recs)
	in := checks.Input{Catalog: sc.cat, Records: recs, Observations: obs, Health: health, Now: sc.now}
	return in, checks.Judge(in)
}

// An omitted family is one finding of severity info, quoting every item's
// evidence; the same family under omit: is no finding, is listed as omitted
// by choice with the reason, and appears in the text report outside the
// counts.
func TestDiscoveryOmittedFamilies(t *testing.T) {
	in, fs := judgeScenario(t, "discovery_omitted_family_before_as_of")
	var fam []checks.Finding
	for _, f := range fs {
		if f.Check == "coverage.omitted-families" {
			fam = append(fam, f)
		}
	}
	if len(fam) != 1 {
		t.Fatalf("want one family finding, got %d: %s", len(fam), describe(fam))
	}
	// Evidence cites each page once (the organisation listing holds the
	// five checkpoints): the listing, the paper and the repository.
	if f := fam[0]; f.Severity != checks.SeverityInfo || f.Verdict != checks.Missing || len(f.Evidence) != 3 || f.Observed != "DeepSeek-LLM" {
		t.Errorf("family finding: severity %s, verdict %s, %d evidence, observed %q; want info, missing, 3, DeepSeek-LLM", f.Severity, f.Verdict, len(f.Evidence), f.Observed)
	}
	if om := checks.OmittedByChoice(in); len(om) != 0 {
		t.Errorf("nothing is under omit, got %+v", om)
	}

	in, fs = judgeScenario(t, "discovery_omitted_family_by_choice")
	for _, f := range fs {
		if strings.HasPrefix(f.Check, "coverage.") {
			t.Errorf("unexpected coverage finding under omit: %s", describe([]checks.Finding{f}))
		}
	}
	om := checks.OmittedByChoice(in)
	if len(om) != 1 || om[0].Family != "DeepSeek-LLM" || len(om[0].Items) != 6 || !strings.Contains(om[0].Reason, "superseded") || om[0].Location.Line == 0 {
		t.Fatalf("omitted by choice: %+v", om)
	}
	r := &reports.Report{Findings: fs, Omitted: om}
	var buf bytes.Buffer
	if err := (&reports.Text{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "omitted by choice") || !strings.Contains(buf.String(), "DeepSeek-LLM — superseded by DeepSeek-V3") {
		t.Errorf("text report lacks the omitted family:\n%s", buf.String())
	}
	buf.Reset()
	if err := (&reports.Markdown{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Omitted by choice") || !strings.Contains(buf.String(), "DeepSeek") {
		t.Errorf("markdown report lacks the omitted family:\n%s", buf.String())
	}
	if n := reports.Summarize(fs)[checks.Missing]; n != 0 {
		t.Errorf("omitted family counted: %d missing", n)
	}
}

// A catalog without discovery plans no listing and reports no family.
func TestDiscoveryOffWithoutKey(t *testing.T) {
	in, fs := judgeScenario(t, "missing_org_model")
	for _, f := range fs {
		if f.Check == "coverage.omitted-families" || f.Check == "coverage.discovery" {
			t.Errorf("finding without discovery: %s", describe([]checks.Finding{f}))
		}
	}
	for _, r := range crawler.Plan(in.Catalog, crawler.PlanOptions{}) {
		if strings.Contains(r.URL, "search_query") || strings.Contains(r.URL, "/orgs/") {
			t.Errorf("planned %s without discovery", r.URL)
		}
	}
}
