package reports

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/internal/testkit/golden"
)

var goldenExt = map[string]string{
	"text": "txt", "json": "json", "markdown": "md", "html": "html", "junit": "xml", "sarif": "sarif.json",
}

func render(t *testing.T, name string, r *Report, opts ...Option) []byte {
	t.Helper()
	rep, err := ByName(name, opts...)
	if err != nil {
		t.Fatalf("ByName(%q): %v", name, err)
	}
	var buf bytes.Buffer
	if err := rep.Write(&buf, r); err != nil {
		t.Fatalf("%s: Write: %v", name, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			ext, ok := goldenExt[name]
			if !ok {
				t.Fatalf("format %q has no golden file extension", name)
			}
			got := render(t, name, sampleReport())
			golden.Check(t, filepath.Join("testdata", "sample."+ext+".golden"), got)
		})
	}
}

// TestEveryFormat renders every registered format on the sample, on an empty
// report and on a nil report, and checks the output does not depend on the
// order of the input.
func TestEveryFormat(t *testing.T) {
	if len(Formats) != 6 {
		t.Errorf("got %d formats, want 6: %v", len(Formats), Names())
	}
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rep := Formats[name]()
			if rep.Format() != name {
				t.Errorf("Formats[%q]().Format() = %q", name, rep.Format())
			}
			a := render(t, name, sampleReport())
			if len(a) == 0 {
				t.Fatal("empty output")
			}
			// Reversed findings, sources and gate lists: same bytes.
			r := sampleReport()
			reverse(r.Findings)
			reverse(r.Sources)
			reverse(r.Gate.Added)
			reverse(r.Checks)
			if b := render(t, name, r); !bytes.Equal(a, b) {
				t.Error("output depends on the order of findings/sources")
			}
			// The input is not modified.
			r = sampleReport()
			render(t, name, r)
			if r.Summary != nil || r.Findings[0].Entry != "deepseek-v3" {
				t.Error("Write modified its input report")
			}
			for _, empty := range []*Report{{}, nil} {
				if out := render(t, name, empty); len(out) == 0 {
					t.Error("empty output for an empty report")
				}
			}
		})
	}
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

func TestByName(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"json", " HTML ", "Sarif"} {
		if _, err := ByName(name); err != nil {
			t.Errorf("ByName(%q): %v", name, err)
		}
	}
	_, err := ByName("yaml")
	if err == nil {
		t.Fatal("ByName(yaml) succeeded")
	}
	for _, n := range Names() {
		if !strings.Contains(err.Error(), n) {
			t.Errorf("error %q does not list %q", err, n)
		}
	}
	r, _ := ByName("text", WithVerbose(true))
	if !r.(*Text).Verbose {
		t.Error("WithVerbose not applied")
	}
	r, _ = ByName("markdown", WithMaxBytes(MarkdownCommentLimit))
	if r.(*Markdown).MaxBytes != MarkdownCommentLimit {
		t.Error("WithMaxBytes not applied")
	}
	r, _ = ByName("sarif", WithBaseDir("/repo"))
	if r.(*SARIF).BaseDir != "/repo" {
		t.Error("WithBaseDir not applied")
	}
}

func TestNormalizeSummary(t *testing.T) {
	t.Parallel()
	n := Normalize(sampleReport())
	want := map[checks.Verdict]int{
		checks.Verified: 3, checks.Contradicted: 2, checks.Outdated: 1, checks.Expired: 1,
		checks.Missing: 1, checks.Unverified: 1, checks.Unreachable: 1,
	}
	for _, v := range checks.Verdicts {
		if n.Summary[v] != want[v] {
			t.Errorf("summary[%s] = %d, want %d", v, n.Summary[v], want[v])
		}
	}
	// A given summary is kept and completed with the missing verdicts.
	r := sampleReport()
	r.Summary = map[checks.Verdict]int{checks.Contradicted: 9}
	n = Normalize(r)
	if n.Summary[checks.Contradicted] != 9 || len(n.Summary) != len(checks.Verdicts) {
		t.Errorf("summary = %v", n.Summary)
	}
	if len(r.Summary) != 1 {
		t.Error("Normalize modified the input summary")
	}
	// Findings without a file sort last.
	last := n.Findings[len(n.Findings)-1]
	if last.Location.File != "" {
		t.Errorf("last finding %s/%s has a file", last.Entry, last.Claim)
	}
}
