package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/reports"
)

// demoRecording is the recording `make demo` replays: one arXiv batch query
// for the whole catalog, and every other page the full audit fetches.
const demoRecording = "../../testdata/recording"

func readReport(t *testing.T, path string) *reports.Report {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r reports.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// noReplayMissing fails on any finding the recording could not serve.
func noReplayMissing(t *testing.T, r *reports.Report) {
	t.Helper()
	for _, f := range r.Findings {
		if f.Verdict == checks.Unreachable {
			t.Errorf("%s/%s unreachable (%s): %s", f.Entry, f.Claim, f.Reason, f.Message)
		}
	}
}

// The bundled recording serves a subset audit: --only asks arXiv for one id,
// answered from the recorded batch.
func TestOnlyRunsOnTheBundledRecording(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "r.json")
	code, _, errs := runCLI(t, "audit", "--replay", demoRecording, "--no-state", "--now", "2026-11-28",
		"--only", "deepseek-v3", "--quiet", "--log-level", "error", "--format", "json", "-o", out)
	if code == ExitIncomplete || code == ExitUsage {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r := readReport(t, out)
	noReplayMissing(t, r)
	verified := 0
	for _, f := range r.Findings {
		if f.Entry != "deepseek-v3" && f.Entry != "" {
			t.Errorf("finding on %s outside --only", f.Entry)
		}
		if f.Verdict == checks.Verified {
			verified++
		}
	}
	if verified < 10 {
		t.Errorf("%d verified findings, want the entry's claims verified from the recording", verified)
	}
}

// The gate on an edited copy of the embedded catalog runs on the bundled
// recording: it asks arXiv for the touched entries' papers only.
func TestGateRunsOnTheBundledRecording(t *testing.T) {
	t.Parallel()
	src := string(catalog.DefaultYAML())
	dir := gateRepo(t, map[string]string{"guide.yaml": src})
	// Change deepseek-v3's total parameters from 671B to the same count
	// written in full: a changed claim, still true.
	edited := strings.Replace(src, "        value: 671B\n        unit: parameters\n        subject: deepseek-ai/DeepSeek-V3\n",
		"        value: 671000000000\n        unit: parameters\n        subject: deepseek-ai/DeepSeek-V3\n", 1)
	if edited == src {
		t.Fatal("fixture: the quote to edit is not in the embedded catalog")
	}
	if err := os.WriteFile(filepath.Join(dir, "guide.yaml"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	rec, err := filepath.Abs(demoRecording)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "r.json")
	code, _, errs := runCLI(t, "gate", "--base", "HEAD", "--catalog", filepath.Join(dir, "guide.yaml"),
		"--replay", rec, "--no-state", "--now", "2026-11-28", "--quiet", "--log-level", "error", "--format", "json", "-o", out)
	if code != ExitOK {
		t.Fatalf("exit %d, want %d: %s", code, ExitOK, errs)
	}
	r := readReport(t, out)
	noReplayMissing(t, r)
	if r.Gate == nil || len(r.Gate.Changed)+len(r.Gate.Added) == 0 {
		t.Fatalf("gate info %+v: want the edited claim", r.Gate)
	}
}
