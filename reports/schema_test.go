package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/claimcheck/claimcheck/checks"
)

func compileSchema(t *testing.T, file string) *jsonschema.Schema {
	t.Helper()
	data, err := Schemas.ReadFile("schema/" + file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(file, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(file)
	if err != nil {
		t.Fatalf("compile %s: %v", file, err)
	}
	return s
}

func validate(s *jsonschema.Schema, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

func TestJSONValidatesAgainstSchema(t *testing.T) {
	t.Parallel()
	s := compileSchema(t, "report.schema.json")
	for name, r := range map[string]*Report{"sample": sampleReport(), "empty": {}, "nil": nil} {
		if err := validate(s, render(t, "json", r)); err != nil {
			t.Errorf("%s report does not validate: %v", name, err)
		}
	}
	// The schema rejects what the format forbids.
	mutate := func(f func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(render(t, "json", sampleReport()), &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, _ := json.Marshal(m)
		return b
	}
	bad := map[string][]byte{
		"summary without a verdict": mutate(func(m map[string]any) { delete(m["summary"].(map[string]any), "missing") }),
		"unknown verdict": mutate(func(m map[string]any) {
			m["findings"].([]any)[0].(map[string]any)["verdict"] = "probably"
		}),
		"finding without location": mutate(func(m map[string]any) { delete(m["findings"].([]any)[0].(map[string]any), "location") }),
		"bad time":                 mutate(func(m map[string]any) { m["now"] = "yesterday" }),
		"unknown top-level field":  mutate(func(m map[string]any) { m["extra"] = 1 }),
		"schema version 2":         mutate(func(m map[string]any) { m["schema_version"] = "2.0" }),
	}
	for name, data := range bad {
		if err := validate(s, data); err == nil {
			t.Errorf("%s: validated, want an error", name)
		}
	}
}

func TestJSONContent(t *testing.T) {
	t.Parallel()
	var got Report
	if err := json.Unmarshal(render(t, "json", sampleReport()), &got); err != nil {
		t.Fatal(err)
	}
	if got.SchemaVersion != SchemaVersion || got.Tool.Name != "claimcheck" || !got.Now.Equal(sampleNow) {
		t.Errorf("header = %q %+v %v", got.SchemaVersion, got.Tool, got.Now)
	}
	if len(got.Summary) != len(checks.Verdicts) || len(got.Findings) != 10 {
		t.Errorf("summary %v, %d findings", got.Summary, len(got.Findings))
	}
	// JSON carries the quote verbatim: escaping is each renderer's job.
	verbatim := false
	for _, f := range got.Findings {
		for _, e := range f.Evidence {
			verbatim = verbatim || e.Quote == hostileQuote
		}
	}
	if !verbatim {
		t.Error("hostile quote not carried verbatim in JSON")
	}
	for i := 1; i < len(got.Sources); i++ {
		if got.Sources[i-1].Source > got.Sources[i].Source {
			t.Errorf("sources not sorted: %v", got.Sources)
		}
	}
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	t.Parallel()
	s := compileSchema(t, "sarif-2.1.0.json")
	for name, r := range map[string]*Report{"sample": sampleReport(), "empty": {}} {
		if err := validate(s, render(t, "sarif", r)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Negative: the schema is not vacuous.
	if err := validate(s, []byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"level":"fatal","message":{"text":"m"}}]}]}`)); err == nil {
		t.Error("a result with level fatal validated")
	}
	if err := validate(s, []byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a"},"region":{"startLine":0}}}]}]}]}`)); err == nil {
		t.Error("startLine 0 validated")
	}
}

func TestSARIFContent(t *testing.T) {
	t.Parallel()
	var log sarifLog
	if err := json.Unmarshal(render(t, "sarif", sampleReport(), WithBaseDir("/repo")), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	rules := map[string]int{}
	for i, r := range run.Tool.Driver.Rules {
		rules[r.ID] = i
	}
	if run.Tool.Driver.Name != "claimcheck" || run.Tool.Driver.Version != "v0.3.0" || len(rules) != 8 {
		t.Errorf("driver = %+v", run.Tool.Driver)
	}
	if len(run.Results) != 7 {
		t.Fatalf("%d results, want 7 (every non-verified finding)", len(run.Results))
	}
	wantLevel := map[checks.Verdict]string{
		checks.Contradicted: "error", checks.Expired: "error", checks.Outdated: "warning",
		checks.Missing: "warning", checks.Unverified: "note", checks.Unreachable: "warning",
	}
	for _, res := range run.Results {
		p := res.Properties
		if res.Level != wantLevel[p.Verdict] {
			t.Errorf("%s/%s: level %s, want %s", p.Entry, p.Claim, res.Level, wantLevel[p.Verdict])
		}
		if i, ok := rules[res.RuleID]; !ok || i != res.RuleIndex {
			t.Errorf("%s: ruleId %s index %d not in rules", p.Claim, res.RuleID, res.RuleIndex)
		}
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI != "catalog/deepseek.yaml" {
			t.Errorf("%s: locations %+v", p.Claim, res.Locations)
		}
	}
	// The contradicted context claim points at its line and column.
	for _, res := range run.Results {
		if res.Properties.Claim == "context" {
			reg := res.Locations[0].PhysicalLocation.Region
			if reg == nil || reg.StartLine != 47 || reg.StartColumn != 14 {
				t.Errorf("context region = %+v, want 47:14", reg)
			}
		}
		if res.Properties.Claim == "missing-deepseek-v4-flash" && res.Locations[0].PhysicalLocation.Region != nil {
			t.Error("a finding without a line got a region")
		}
	}
}

func TestSARIFArtifactURI(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ base, file, want string }{
		{"", "catalog/deepseek.yaml", "catalog/deepseek.yaml"},
		{"", "<embedded>/catalog/deepseek.yaml", "catalog/deepseek.yaml"},
		{"/repo", "/repo/catalog/my catalog.yaml", "catalog/my%20catalog.yaml"},
		{"/repo", "/elsewhere/c.yaml", "file:///elsewhere/c.yaml"},
		{"", "", ""},
	} {
		s := &SARIF{BaseDir: tc.base}
		if got := s.artifactURI(tc.file); got != tc.want {
			t.Errorf("artifactURI(%q, base %q) = %q, want %q", tc.file, tc.base, got, tc.want)
		}
	}
}

func TestJUnitValidatesAgainstXSD(t *testing.T) {
	t.Parallel()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil && os.Getenv("CLAIMCHECK_REQUIRE_XMLLINT") != "" {
		t.Fatal("CLAIMCHECK_REQUIRE_XMLLINT is set but xmllint is not installed")
	}
	if err != nil {
		t.Skip("xmllint not installed (apt-get install -y libxml2-utils); skipping XSD validation")
	}
	dir := t.TempDir()
	xsd := filepath.Join(dir, "junit.xsd")
	data, _ := Schemas.ReadFile("schema/junit.xsd")
	if err := os.WriteFile(xsd, data, 0o644); err != nil {
		t.Fatal(err)
	}
	check := func(name string, doc []byte) error {
		f := filepath.Join(dir, name+".xml")
		if err := os.WriteFile(f, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, xmllint, "--noout", "--schema", xsd, f).CombinedOutput()
		if err != nil {
			return &xmlErr{string(out)}
		}
		return nil
	}
	for name, r := range map[string]*Report{"sample": sampleReport(), "empty": {}} {
		if err := check(name, render(t, "junit", r)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := check("bad", []byte(`<testsuites><testsuite name="x"><testcase name="y"/></testsuite></testsuites>`)); err == nil {
		t.Error("a testsuite without tests/failures/errors validated")
	}
}

type xmlErr struct{ out string }

func (e *xmlErr) Error() string { return "xmllint: " + e.out }

func TestJUnitContent(t *testing.T) {
	t.Parallel()
	var doc junitSuites
	if err := xml.Unmarshal(render(t, "junit", sampleReport()), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Tests != 10 || doc.Failures != 3 {
		t.Errorf("testsuites tests=%d failures=%d, want 10 and 3", doc.Tests, doc.Failures)
	}
	tests := 0
	for _, s := range doc.Suites {
		var fail, skip int
		for _, c := range s.Cases {
			if c.Classname != s.Name {
				t.Errorf("case %s: classname %s in suite %s", c.Name, c.Classname, s.Name)
			}
			if c.Failure != nil {
				fail++
				if c.Failure.Type != string(checks.Contradicted) && c.Failure.Type != string(checks.Expired) {
					t.Errorf("failure of type %s", c.Failure.Type)
				}
			}
			if c.Skipped != nil {
				skip++
				if c.Skipped.Message != "5xx: 503 after 3 retries" {
					t.Errorf("skipped message %q, want the reason", c.Skipped.Message)
				}
			}
			if !strings.HasPrefix(c.SystemOut, "verdict: ") {
				t.Errorf("case %s: system-out %q", c.Name, c.SystemOut)
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != fail || s.Skipped != skip {
			t.Errorf("suite %s: tests=%d failures=%d skipped=%d, counted %d/%d/%d",
				s.Name, s.Tests, s.Failures, s.Skipped, len(s.Cases), fail, skip)
		}
		tests += s.Tests
	}
	if tests != doc.Tests {
		t.Errorf("suites hold %d tests, root says %d", tests, doc.Tests)
	}
	// The hostile quote travels as escaped character data, not markup.
	raw := string(render(t, "junit", sampleReport()))
	if strings.Contains(raw, "<script>") || strings.Contains(raw, "\x1b") {
		t.Error("unescaped markup or control character in JUnit XML")
	}
}

// TestDocExampleValidates keeps the example in docs/report-format.md valid.
func TestDocExampleValidates(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join("..", "docs", "report-format.md"))
	if err != nil {
		t.Skipf("docs not found: %v", err)
	}
	start := strings.Index(string(doc), "```json\n")
	if start < 0 {
		t.Fatal("no json example in docs/report-format.md")
	}
	rest := string(doc[start+len("```json\n"):])
	example := rest[:strings.Index(rest, "```")]
	if err := validate(compileSchema(t, "report.schema.json"), []byte(example)); err != nil {
		t.Errorf("the documented example does not validate: %v", err)
	}
}
