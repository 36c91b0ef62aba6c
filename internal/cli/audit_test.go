package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// world is the hand-written recording of the official sources that the
// simulator serves; replaying it needs no network.
const world = "../../testdata/world"

func noEnv(string) string { return "" }

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = RunEnv(context.Background(), args, noEnv, &out, &errb)
	return code, out.String(), errb.String()
}

func TestAuditExitCodesAndFormats(t *testing.T) {
	t.Parallel()
	base := []string{"audit", "--replay", world, "--no-state", "--only", "deepseek-api", "--log-level", "error"}
	empty := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // substring of stdout
		wantErr  string // substring of stderr
	}{
		{"expired claims fail at the default threshold", append(base, "--now", "2026-11-28"), ExitFindings, "EXPIRED", "findings at or above"},
		{"fail-on none never fails on findings", append(base, "--now", "2026-11-28", "--fail-on", "none"), ExitOK, "EXPIRED", ""},
		{"before the deadline nothing has expired", append(base, "--now", "2026-06-01T00:00:00Z"), ExitOK, "expired               0", ""},
		{"warnings fail with fail-on warning", append(base, "--now", "2026-06-01", "--fail-on", "warning"), ExitFindings, "OUTDATED", ""},
		{"nothing recorded: incomplete", []string{"audit", "--replay", empty, "--no-state", "--only", "deepseek-api", "--now", "2026-11-28", "--log-level", "error"}, ExitIncomplete, "UNREACHABLE", "verification incomplete"},
		{"bad --now", append(base, "--now", "yesterday"), ExitUsage, "", "--now"},
		{"bad --fail-on", append(base, "--fail-on", "sometimes"), ExitUsage, "", "--fail-on"},
		{"unknown format", append(base, "--format", "pdf"), ExitUsage, "", "pdf"},
		{"record and replay together", append(base, "--record", t.TempDir()), ExitUsage, "", "exclude"},
		{"several formats need one -o each", append(base, "--format", "json,html"), ExitUsage, "", "-o"},
		{"unknown entry", []string{"audit", "--replay", world, "--no-state", "--only", "no-such-entry"}, ExitUsage, "", "no-such-entry"},
		{"bad catalog file", []string{"audit", "--replay", world, "--no-state", "--catalog", "testdata/does-not-exist.yaml"}, ExitUsage, "", "does-not-exist"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := runCLI(t, tc.args...)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.wantCode, out, errs)
			}
			if !strings.Contains(out, tc.wantOut) {
				t.Errorf("stdout lacks %q:\n%s", tc.wantOut, out)
			}
			if !strings.Contains(errs, tc.wantErr) {
				t.Errorf("stderr lacks %q:\n%s", tc.wantErr, errs)
			}
		})
	}
}

func outputArgs(paths []string) []string {
	var args []string
	for _, p := range paths {
		args = append(args, "-o", p)
	}
	return args
}

func TestAuditWritesEveryRequestedFormat(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{}
	var formats, outs []string
	for _, f := range []string{"json", "html", "markdown", "junit", "sarif", "text"} {
		p := filepath.Join(dir, "report."+f)
		files[f] = p
		formats = append(formats, f)
		outs = append(outs, p)
	}
	args := []string{"audit", "--replay", world, "--no-state", "--only", "deepseek-api",
		"--now", "2026-11-28", "--fail-on", "none", "--log-level", "error",
		"--format", strings.Join(formats, ",")}
	code, out, errs := runCLI(t, append(args, outputArgs(outs)...)...)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if out != "" {
		t.Errorf("stdout should be empty when every report goes to a file, got %q", out)
	}
	for f, p := range files {
		data, err := os.ReadFile(p)
		if err != nil || len(data) == 0 {
			t.Fatalf("%s report: %v (%d bytes)", f, err, len(data))
		}
	}
	var rep struct {
		SchemaVersion string         `json:"schema_version"`
		Summary       map[string]int `json:"summary"`
		Findings      []struct {
			Entry, Claim, Verdict string
			Location              struct {
				File string
				Line int
			}
			Evidence []struct {
				URL string `json:"url"`
			}
		} `json:"findings"`
	}
	data, _ := os.ReadFile(files["json"])
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary["expired"] == 0 || rep.SchemaVersion == "" {
		t.Fatalf("summary %v, schema %q", rep.Summary, rep.SchemaVersion)
	}
	for _, f := range rep.Findings {
		if f.Entry != "deepseek-api" {
			t.Errorf("--only deepseek-api reported a finding about %q", f.Entry)
		}
		if f.Location.File == "" || f.Location.Line == 0 {
			t.Errorf("%s/%s has no location", f.Entry, f.Claim)
		}
		if len(f.Evidence) == 0 {
			t.Errorf("%s/%s (%s) has no evidence", f.Entry, f.Claim, f.Verdict)
		}
	}
}

// A report sent to a device is written to it, never renamed over it (that
// would replace /dev/null with a regular file).
func TestAuditReportToDeviceKeepsTheDevice(t *testing.T) {
	fi, err := os.Stat(os.DevNull)
	if err != nil || fi.Mode().IsRegular() {
		t.Skipf("%s is not a device here", os.DevNull)
	}
	code, out, errs := runCLI(t, "audit", "--replay", world, "--no-state", "--only", "deepseek-api",
		"--now", "2026-11-28", "--fail-on", "none", "--log-level", "error", "--format", "json", "-o", os.DevNull)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode().IsRegular() {
		t.Fatalf("%s was replaced: %v %v", os.DevNull, fi.Mode(), err)
	}
}
