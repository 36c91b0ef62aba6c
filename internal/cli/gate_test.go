package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/internal/testkit/golden"
	"github.com/claimcheck/claimcheck/reports"
)

// The gate scenario: testdata/gate/guide.yaml is committed to a fresh git
// repository as the base; the test edits the work tree and runs the gate
// against HEAD, serving the official sources from testdata/gate/recording
// (arXiv answers for deepseek-v3 and deepseek-r1; nothing from Hugging Face,
// so deepseek-math-7b's source is unreachable).

const gateNow = "2026-11-28"

// gateRepo commits files (name → content) to a new repository and returns its directory.
func gateRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-q", "-m", "base catalog"}} {
		cmd := exec.Command("git", append([]string{"-c", "user.name=gate test", "-c", "user.email=gate@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

func readGateFixture(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "gate", "guide.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// editLine replaces the one line of src equal (after indentation) to old,
// inside the entry id, and returns the result and the edited line's number.
func editLine(t *testing.T, src, entry, old, new string) (string, int) {
	t.Helper()
	lines := strings.Split(src, "\n")
	in := false
	for i, l := range lines {
		if strings.HasPrefix(l, "  - id: ") {
			in = l == "  - id: "+entry
		}
		if in && strings.TrimSpace(l) == old {
			lines[i] = strings.Replace(l, old, new, 1)
			return strings.Join(lines, "\n"), i + 1
		}
	}
	t.Fatalf("line %q not found in entry %s", old, entry)
	return "", 0
}

// claimLine is the line of "- id: claim" inside entry.
func claimLine(t *testing.T, src, entry, claim string) int {
	t.Helper()
	in := false
	for i, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(l, "  - id: ") {
			in = l == "  - id: "+entry
		}
		if in && strings.TrimSpace(l) == "- id: "+claim {
			return i + 1
		}
	}
	t.Fatalf("claim %s/%s not found", entry, claim)
	return 0
}

type gateRun struct {
	code           int
	stdout, stderr string
	summary        string
	report         *reports.Report
}

// annotations are the workflow commands of stdout that annotate (errors, warnings).
func (r gateRun) annotations() []string {
	var out []string
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "::error") || strings.HasPrefix(l, "::warning") {
			out = append(out, l)
		}
	}
	return out
}

// runGateIn runs the gate on dir/file with the scenario recording; env adds
// to a GitHub Actions environment (actions=false leaves GITHUB_ACTIONS unset).
func runGateIn(t *testing.T, dir, file string, actions bool, extra ...string) gateRun {
	t.Helper()
	rec, err := filepath.Abs(filepath.Join("testdata", "gate", "recording"))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	summary := filepath.Join(out, "summary.md")
	reportFile := filepath.Join(out, "report.json")
	env := map[string]string{}
	if actions {
		env["GITHUB_ACTIONS"] = "true"
		env["GITHUB_STEP_SUMMARY"] = summary
	}
	args := []string{"gate", "--base", "HEAD", "--catalog", filepath.Join(dir, file),
		"--replay", rec, "--no-state", "--now", gateNow, "--quiet",
		"--format", "text,json", "-o", "-," + reportFile}
	args = append(args, extra...)
	var stdout, stderr bytes.Buffer
	code := RunEnv(context.Background(), args, func(k string) string { return env[k] }, &stdout, &stderr)
	r := gateRun{code: code, stdout: stdout.String(), stderr: stderr.String()}
	if b, err := os.ReadFile(summary); err == nil {
		r.summary = string(b)
	}
	if b, err := os.ReadFile(reportFile); err == nil {
		r.report = &reports.Report{}
		if err := json.Unmarshal(b, r.report); err != nil {
			t.Fatalf("report.json: %v", err)
		}
	}
	return r
}

func severities(r *reports.Report) map[string]string {
	m := map[string]string{}
	for _, f := range r.Findings {
		m[f.Entry+"/"+f.Claim] = string(f.Verdict) + "/" + string(f.Severity)
	}
	return m
}

// The scenario: one claim edited to a wrong value fails with an
// annotation at exactly that line; the stale claim elsewhere only warns.
func TestGateWrongEdit(t *testing.T) {
	t.Parallel()
	base := readGateFixture(t)
	dir := gateRepo(t, map[string]string{"guide.yaml": base})
	head, line := editLine(t, base, "deepseek-v3", `value: "2024"`, `value: 2025-01`)
	if err := os.WriteFile(filepath.Join(dir, "guide.yaml"), []byte(head), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runGateIn(t, dir, "guide.yaml", true)
	if r.code != ExitFindings {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, ExitFindings, r.stdout, r.stderr)
	}
	as := r.annotations()
	var errs, warns []string
	for _, a := range as {
		if strings.HasPrefix(a, "::error") {
			errs = append(errs, a)
		} else {
			warns = append(warns, a)
		}
	}
	wantErr := "::error file=guide.yaml,line=" + itoa(line) + ",col=16,title=claim.date::deepseek-v3/published: changed claim is contradicted"
	if len(errs) != 1 || !strings.HasPrefix(errs[0], wantErr) {
		t.Errorf("error annotations = %q, want exactly one starting %q", errs, wantErr)
	}
	wantWarn := "::warning file=guide.yaml,line=" + itoa(claimLine(t, head, "deepseek-v3", "year")) + ",col=9,title=claim.date::deepseek-v3/year: contradicted"
	if len(warns) != 1 || !strings.HasPrefix(warns[0], wantWarn) {
		t.Errorf("warning annotations = %q, want exactly one starting %q", warns, wantWarn)
	}
	golden.Check(t, filepath.Join("testdata", "gate", "wrong-edit.annotations.golden"), []byte(strings.Join(as, "\n")+"\n"))

	// Only the touched entry was fetched and judged.
	for _, other := range []string{"deepseek-r1", "deepseek-math-7b", "2501.12948", "huggingface"} {
		if strings.Contains(r.stdout, other) {
			t.Errorf("stdout mentions %s, which the change did not touch", other)
		}
	}
	// The report after the annotations is fenced against workflow commands.
	if !regexp.MustCompile(`(?m)^::stop-commands::[0-9a-f]{32}$`).MatchString(r.stdout) {
		t.Errorf("the report on stdout is not fenced with ::stop-commands::\n%s", r.stdout)
	}
	if r.report == nil {
		t.Fatal("no JSON report")
	}
	if diff := cmp.Diff(&reports.GateInfo{Base: "HEAD", Added: []string{}, Changed: []string{"deepseek-v3/published"}, Removed: []string{}}, r.report.Gate); diff != "" {
		t.Errorf("report gate section (-want +got):\n%s", diff)
	}
	sev := severities(r.report)
	if sev["deepseek-v3/published"] != "contradicted/error" || sev["deepseek-v3/year"] != "contradicted/warning" || sev["deepseek-v3/title"] != "verified/info" {
		t.Errorf("report severities = %v", sev)
	}
	if r.report.Catalog.Path != "guide.yaml" {
		t.Errorf("report catalog path %q, want the repository-relative guide.yaml", r.report.Catalog.Path)
	}
	if !strings.Contains(r.summary, "❌ 1 new or changed claim not verified") || !strings.Contains(r.summary, "### Gate against `HEAD`") {
		t.Errorf("step summary:\n%s", r.summary)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// The same edit with the right value passes; the stale claim still warns.
func TestGateRightEdit(t *testing.T) {
	t.Parallel()
	base := readGateFixture(t)
	dir := gateRepo(t, map[string]string{"guide.yaml": base})
	head, _ := editLine(t, base, "deepseek-v3", `value: "2024"`, `value: 2024-12`)
	if err := os.WriteFile(filepath.Join(dir, "guide.yaml"), []byte(head), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runGateIn(t, dir, "guide.yaml", true)
	if r.code != ExitOK {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	as := r.annotations()
	if len(as) != 1 || !strings.HasPrefix(as[0], "::warning file=guide.yaml,line="+itoa(claimLine(t, head, "deepseek-v3", "year"))+",") {
		t.Errorf("annotations = %q, want only the stale year's warning", as)
	}
	if sev := severities(r.report); sev["deepseek-v3/published"] != "verified/info" {
		t.Errorf("deepseek-v3/published = %s, want verified", sev["deepseek-v3/published"])
	}
	if !strings.Contains(r.summary, "✅ passed — 1 new or changed claim verified") {
		t.Errorf("step summary:\n%s", r.summary)
	}
}

func TestGateScenarios(t *testing.T) {
	t.Parallel()
	fixture := readGateFixture(t)
	tests := []struct {
		name string
		// base files committed; head files written after the commit.
		base, head map[string]string
		file       string
		actions    bool
		extra      []string
		code       int
		// want: substrings of stdout+stderr; not: substrings that must not appear.
		want, not []string
		gate      *reports.GateInfo
	}{
		{
			name: "changed claim with an unreachable source is incomplete",
			base: map[string]string{"guide.yaml": fixture},
			head: map[string]string{"guide.yaml": strings.Replace(fixture, "value: 7B\n", "value: 7.0B\n", 1)},
			file: "guide.yaml", actions: true, code: ExitIncomplete,
			want: []string{"::error file=guide.yaml,line=", "deepseek-math-7b/size: changed claim could not be verified: its official source was unreachable", "verification incomplete"},
		},
		{
			name: "a failing changed claim beats an unreachable one",
			base: map[string]string{"guide.yaml": fixture},
			head: map[string]string{"guide.yaml": strings.Replace(strings.Replace(fixture, "value: 7B\n", "value: 7.0B\n", 1), "value: 2025-01\n", "value: 2025-03\n", 1)},
			file: "guide.yaml", code: ExitFindings,
			want: []string{"1 new or changed claim not verified"},
		},
		{
			name: "catalog new since the base counts as added",
			base: map[string]string{"README.md": "x\n"},
			head: map[string]string{"cat/guide.yaml": fixture},
			file: "cat/guide.yaml", actions: true, code: ExitFindings,
			want: []string{"cat/guide.yaml did not exist at HEAD: every entry counts as added", "::error file=cat/guide.yaml,", "deepseek-v3/year: changed claim is contradicted"},
			gate: &reports.GateInfo{Base: "HEAD", Added: []string{"deepseek-math-7b", "deepseek-r1", "deepseek-v3"}, Changed: []string{}, Removed: []string{}},
		},
		{
			name: "base catalog that does not parse counts as added",
			base: map[string]string{"guide.yaml": "name: [broken\n"},
			head: map[string]string{"guide.yaml": fixture},
			file: "guide.yaml", code: ExitFindings,
			want: []string{"the catalog at HEAD does not parse", "every entry counts as added"},
		},
		{
			name: "nothing changed so nothing is fetched",
			base: map[string]string{"guide.yaml": fixture},
			head: map[string]string{"guide.yaml": strings.Replace(fixture, "# The catalog of", "# (comment edited) The catalog of", 1)},
			file: "guide.yaml", actions: true, extra: []string{"--replay", "/nonexistent/recording"}, code: ExitOK,
			want: []string{"0 added, 0 changed, 0 removed"}, not: []string{"::error", "::warning"},
			gate: &reports.GateInfo{Base: "HEAD", Added: []string{}, Changed: []string{}, Removed: []string{}},
		},
		{
			name: "removed entry and claim are listed and not checked",
			base: map[string]string{"guide.yaml": fixture},
			head: map[string]string{"guide.yaml": strings.Replace(fixture[:strings.Index(fixture, "  - id: deepseek-math-7b")],
				"      - id: phrase-mla\n        type: phrase\n        field: phrase\n        value: Multi-head Latent Attention\n", "", 1)},
			file: "guide.yaml", extra: []string{"--replay", "/nonexistent/recording"}, code: ExitOK,
			gate: &reports.GateInfo{Base: "HEAD", Added: []string{}, Changed: []string{}, Removed: []string{"deepseek-math-7b", "deepseek-v3/phrase-mla"}},
		},
		{
			name: "no workflow commands outside GitHub Actions",
			base: map[string]string{"guide.yaml": fixture},
			head: map[string]string{"guide.yaml": strings.Replace(fixture, `value: "2024"`, "value: 2025-01", 1)},
			file: "guide.yaml", code: ExitFindings,
			not: []string{"::error", "::warning", "::stop-commands::"},
		},
		{
			name: "with --fail-on warning the decay fails too",
			base: map[string]string{"guide.yaml": fixture},
			head: map[string]string{"guide.yaml": strings.Replace(fixture, `value: "2024"`, "value: 2024-12", 1)},
			file: "guide.yaml", extra: []string{"--fail-on", "warning"}, code: ExitFindings,
			want: []string{"1 warning at or above warning"},
		},
		{
			name: "with --fail-on none the gate only reports",
			base: map[string]string{"guide.yaml": fixture},
			head: map[string]string{"guide.yaml": strings.Replace(fixture, `value: "2024"`, "value: 2025-01", 1)},
			file: "guide.yaml", extra: []string{"--fail-on", "none"}, code: ExitOK,
		},
		{
			name: "invalid head catalog reports and annotates every problem",
			base: map[string]string{"guide.yaml": fixture},
			head: map[string]string{"guide.yaml": strings.Replace(strings.Replace(fixture, "type: name\n", "type: nonsense\n", 1), "value: 2025-01\n", "value: someday\n", 1)},
			file: "guide.yaml", actions: true, code: ExitUsage,
			want: []string{"::error file=guide.yaml,line=", "title=catalog::entries[0].claims[0].type: unknown claim type", "entries[1].claims[1].value", "2 problems"},
		},
		{
			name: "unknown base revision",
			base: map[string]string{"guide.yaml": fixture},
			file: "guide.yaml", extra: []string{"--base", "no-such-branch"}, code: ExitUsage,
			want: []string{"unknown revision", "fetch-depth: 0"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := gateRepo(t, tc.base)
			for name, body := range tc.head {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r := runGateIn(t, dir, tc.file, tc.actions, tc.extra...)
			all := r.stdout + r.stderr
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", w, r.stdout, r.stderr)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(all, n) {
					t.Errorf("output has %q\nstdout:\n%s", n, r.stdout)
				}
			}
			if tc.gate != nil {
				if r.report == nil {
					t.Fatal("no JSON report")
				}
				g := *r.report.Gate
				for _, l := range []*[]string{&g.Added, &g.Changed, &g.Removed} {
					if *l == nil {
						*l = []string{}
					}
				}
				if diff := cmp.Diff(tc.gate, &g); diff != "" {
					t.Errorf("gate section (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestGateUsage(t *testing.T) {
	t.Parallel()
	code, _, stderr := run(t, "gate")
	if code != ExitUsage || !strings.Contains(stderr, "gate needs --base REV") {
		t.Errorf("gate without --base: exit %d, %q", code, stderr)
	}
	code, _, stderr = run(t, "gate", "--base", "HEAD", "--catalog", filepath.Join(t.TempDir(), "none.yaml"))
	if code != ExitUsage || !strings.Contains(stderr, "open catalog") {
		t.Errorf("gate with a missing catalog: exit %d, %q", code, stderr)
	}
}

// The embedded default catalog is read at catalog/default/deepseek.yaml of
// the repository the gate runs in.
func TestGateEmbeddedCatalog(t *testing.T) { // not parallel: changes the working directory
	dir := gateRepo(t, map[string]string{catalog.DefaultPath: string(catalog.DefaultYAML())})
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	env := map[string]string{"GITHUB_ACTIONS": "true"}
	code := RunEnv(context.Background(), []string{"gate", "--base", "HEAD", "--no-state", "--replay", "/nonexistent", "--format", "json"},
		func(k string) string { return env[k] }, &stdout, &stderr)
	if code != ExitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	body := stdout.String()
	body = body[strings.Index(body, "\n")+1 : strings.LastIndex(strings.TrimSuffix(body, "\n"), "\n")]
	var rep reports.Report
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, stdout.String())
	}
	if rep.Catalog.Path != catalog.DefaultPath || rep.Gate == nil || len(rep.Findings) != 0 {
		t.Errorf("report: path %q, gate %+v, %d findings", rep.Catalog.Path, rep.Gate, len(rep.Findings))
	}
	if rep.Summary[checks.Verified] != 0 {
		t.Errorf("summary %v", rep.Summary)
	}
}
