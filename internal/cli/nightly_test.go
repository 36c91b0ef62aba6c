package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/store"
	"github.com/claimcheck/claimcheck/internal/history"
	"github.com/claimcheck/claimcheck/reports"
)

const nightlyDir = "testdata/nightly"

// arxivServer is a loopback arXiv API serving a recording directory, with
// the recording's ETag/Last-Modified revalidation (304), or 503 when down.
type arxivServer struct {
	*httptest.Server
	player   atomic.Pointer[cassette.Player]
	requests atomic.Int64
	// alternate, when set, serves its two recordings turn about.
	alternate atomic.Pointer[[2]*cassette.Player]
}

func newArxivServer(t *testing.T, dir string) *arxivServer {
	t.Helper()
	s := &arxivServer{}
	s.serve(t, dir)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.requests.Add(1)
		p := s.player.Load()
		if alt := s.alternate.Load(); alt != nil {
			p = alt[n%2]
		}
		if p == nil {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		req := r.Clone(r.Context())
		req.URL.Scheme, req.URL.Host, req.Host = "https", "export.arxiv.org", "export.arxiv.org"
		req.RequestURI = ""
		resp, err := p.RoundTrip(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		defer resp.Body.Close()
		for k, vs := range resp.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}))
	t.Cleanup(s.Close)
	return s
}

// serve switches to the recording in dir ("" takes the server down).
func (s *arxivServer) serve(t *testing.T, dir string) {
	t.Helper()
	if dir == "" {
		s.player.Store(nil)
		return
	}
	p, err := cassette.NewPlayer(filepath.Join(nightlyDir, dir))
	if err != nil {
		t.Fatal(err)
	}
	s.player.Store(p)
}

// nightlyEnv runs claimcheck against the loopback server with one state store.
type nightlyEnv struct {
	t     *testing.T
	srv   *arxivServer
	state string
}

func newNightlyEnv(t *testing.T, dir string) *nightlyEnv {
	return &nightlyEnv{t: t, srv: newArxivServer(t, dir), state: filepath.Join(t.TempDir(), "state.db")}
}

func (e *nightlyEnv) cli(args ...string) (int, string, string) {
	e.t.Helper()
	var out, errb bytes.Buffer
	noEnv := func(string) string { return "" }
	code := RunEnv(context.Background(), args, noEnv, &out, &errb)
	return code, out.String(), errb.String()
}

// nightly runs one nightly with JSON output and decodes the report.
func (e *nightlyEnv) nightly(wantCode int, extra ...string) (*reports.Report, string) {
	e.t.Helper()
	args := []string{"nightly", "--catalog", filepath.Join(nightlyDir, "catalog.yaml"), "--state", e.state,
		"--now", "2026-11-28", "--arxiv-api-url", e.srv.URL, "--config", filepath.Join(nightlyDir, "policies.yaml"),
		"--quiet", "--format", "json"}
	code, stdout, stderr := e.cli(append(args, extra...)...)
	if code != wantCode {
		e.t.Fatalf("nightly %v: exit %d, want %d\nstderr: %s", extra, code, wantCode, stderr)
	}
	validReportJSON(e.t, stdout)
	var r reports.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		e.t.Fatalf("nightly report: %v\n%s", err, stdout)
	}
	if r.Changes == nil {
		e.t.Fatal("nightly report without changes")
	}
	return &r, stderr
}

var (
	reportSchemaOnce sync.Once
	reportSchema     *jsonschema.Schema
	reportSchemaErr  error
)

// validReportJSON validates a JSON report against the documented schema.
func validReportJSON(t *testing.T, data string) {
	t.Helper()
	reportSchemaOnce.Do(func() {
		raw, err := reports.Schemas.ReadFile("schema/report.schema.json")
		if err != nil {
			reportSchemaErr = err
			return
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			reportSchemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if reportSchemaErr = c.AddResource("report.schema.json", doc); reportSchemaErr != nil {
			return
		}
		reportSchema, reportSchemaErr = c.Compile("report.schema.json")
	})
	if reportSchemaErr != nil {
		t.Fatalf("report schema: %v", reportSchemaErr)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(data))
	if err != nil {
		t.Fatalf("report is not JSON: %v", err)
	}
	if err := reportSchema.Validate(inst); err != nil {
		t.Errorf("report does not validate against the schema: %v", err)
	}
}

func findingIDs(fs []checks.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Entry+"/"+f.Claim+":"+string(f.Verdict))
	}
	return out
}

func notModified(r *reports.Report) (req, nm int) {
	for _, s := range r.Sources {
		if s.Source == "arxiv" {
			return s.Requests, s.NotModified
		}
	}
	return 0, 0
}

func TestNightlyReportsOnlyWhatChanged(t *testing.T) {
	e := newNightlyEnv(t, "v1")

	r1, _ := e.nightly(ExitOK)
	if len(r1.Changes.New) != 0 || r1.Changes.PreviousRun != "" || r1.Summary[checks.Verified] == 0 {
		t.Fatalf("run 1: new %v prev %q summary %v", findingIDs(r1.Changes.New), r1.Changes.PreviousRun, r1.Summary)
	}
	if req, nm := notModified(r1); req != 1 || nm != 0 {
		t.Errorf("run 1: %d requests, %d not modified; want a full fetch", req, nm)
	}

	// Same recording: nothing new, and the crawler revalidates (304).
	r2, _ := e.nightly(ExitOK)
	if len(r2.Changes.New) != 0 || len(r2.Changes.Resolved) != 0 || r2.Changes.PreviousRun != "run 1" {
		t.Fatalf("run 2: new %v resolved %v prev %q", findingIDs(r2.Changes.New), findingIDs(r2.Changes.Resolved), r2.Changes.PreviousRun)
	}
	if req, nm := notModified(r2); req != 1 || nm != 1 {
		t.Errorf("run 2: %d requests, %d not modified; want one 304", req, nm)
	}

	// The official source changes: exactly the new finding, and it fails.
	e.srv.serve(t, "v2")
	r3, _ := e.nightly(ExitFindings)
	if got := findingIDs(r3.Changes.New); !slices.Equal(got, []string{"v3-report/published:contradicted"}) {
		t.Fatalf("run 3: new = %v, want exactly the published contradiction", got)
	}
	if len(r3.Changes.Resolved) != 0 {
		t.Errorf("run 3: resolved %v", findingIDs(r3.Changes.Resolved))
	}

	// Unchanged contradiction: old findings do not fail a nightly.
	r4, _ := e.nightly(ExitOK)
	if len(r4.Changes.New) != 0 || r4.Summary[checks.Contradicted] != 1 {
		t.Errorf("run 4: new %v summary %v", findingIDs(r4.Changes.New), r4.Summary)
	}
	if _, nm := notModified(r4); nm != 1 {
		t.Errorf("run 4: not revalidated")
	}

	// Fixed upstream: resolved.
	e.srv.serve(t, "v1")
	r5, _ := e.nightly(ExitOK)
	if got := findingIDs(r5.Changes.Resolved); !slices.Equal(got, []string{"v3-report/published:contradicted"}) {
		t.Errorf("run 5: resolved = %v", got)
	}

	// The history lists the five runs, newest first.
	code, out, stderr := e.cli("history", "--state", e.state, "--format", "json")
	if code != ExitOK {
		t.Fatalf("history: exit %d: %s", code, stderr)
	}
	var list historyList
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	var news, resolved []int
	for _, r := range list.Runs {
		if r.Status != history.StatusComplete {
			t.Errorf("run %d: status %s", r.ID, r.Status)
		}
		news, resolved = append(news, r.Summary.New), append(resolved, r.Summary.Resolved)
	}
	if !slices.Equal(news, []int{0, 0, 1, 0, 0}) || !slices.Equal(resolved, []int{1, 0, 0, 0, 0}) {
		t.Errorf("history new %v resolved %v", news, resolved)
	}
	if list.Runs[0].Catalog.Name != "Nightly test catalog" || list.Runs[0].CatalogSHA256 == "" {
		t.Errorf("run catalog = %+v", list.Runs[0])
	}

	code, out, stderr = e.cli("history", "--state", e.state)
	if code != ExitOK || !strings.Contains(out, "STATUS") || strings.Count(out, "complete") != 5 {
		t.Errorf("history text: exit %d\n%s%s", code, out, stderr)
	}

	// A past run's findings, as a report.
	code, out, stderr = e.cli("history", "show", "3", "--state", e.state, "--format", "json")
	if code != ExitOK {
		t.Fatalf("history show: exit %d: %s", code, stderr)
	}
	validReportJSON(t, out)
	var shown reports.Report
	if err := json.Unmarshal([]byte(out), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.Summary[checks.Contradicted] != 1 || len(shown.Changes.New) != 1 || shown.Catalog.Claims != 2 {
		t.Errorf("history show 3: summary %v changes %+v catalog %+v", shown.Summary, shown.Changes, shown.Catalog)
	}
	if code, _, stderr := e.cli("history", "show", "99", "--state", e.state); code != ExitUsage || !strings.Contains(stderr, "no run 99") {
		t.Errorf("show unknown run: exit %d: %s", code, stderr)
	}
}

func TestNightlyUnreachableAfterN(t *testing.T) {
	e := newNightlyEnv(t, "v1")
	e.nightly(ExitOK) // a good night first
	e.srv.serve(t, "")

	// N−1 unreachable nights stay quiet: silenced, shown as pending.
	for k := 1; k <= 2; k++ {
		r, _ := e.nightly(ExitOK)
		if len(r.Changes.New) != 0 || r.Changes.Silenced == 0 || r.Summary[checks.Unreachable] == 0 {
			t.Fatalf("night %d: new %v silenced %d", k, findingIDs(r.Changes.New), r.Changes.Silenced)
		}
		if len(r.Changes.Resolved) != 0 {
			t.Errorf("night %d: a pending outage resolved %v", k, findingIDs(r.Changes.Resolved))
		}
	}
	// The text report says how far along the streak is.
	_, out, _ := e.cli("history", "show", "3", "--state", e.state)
	if !strings.Contains(out, "pending (2/3)") {
		t.Errorf("history show 3 lacks pending (2/3):\n%s", out)
	}
	// The Nth night reports it, once.
	r, _ := e.nightly(ExitIncomplete)
	if len(r.Changes.New) == 0 || r.Changes.Silenced != 0 {
		t.Fatalf("night 3: new %v silenced %d", findingIDs(r.Changes.New), r.Changes.Silenced)
	}
	for _, f := range r.Changes.New {
		if f.Verdict != checks.Unreachable {
			t.Errorf("night 3: new %s/%s is %s", f.Entry, f.Claim, f.Verdict)
		}
	}
	if r, _ := e.nightly(ExitOK); len(r.Changes.New) != 0 {
		t.Errorf("night 4: the outage is reported again: %v", findingIDs(r.Changes.New))
	}

	// --unreachable-after 1 reports at once.
	e2 := newNightlyEnv(t, "")
	e2.nightly(ExitIncomplete, "--unreachable-after", "1")
}

func TestNightlyTextShowsPending(t *testing.T) {
	e := newNightlyEnv(t, "")
	code, out, stderr := e.cli("nightly", "--catalog", filepath.Join(nightlyDir, "catalog.yaml"), "--state", e.state,
		"--now", "2026-11-28", "--arxiv-api-url", e.srv.URL, "--config", filepath.Join(nightlyDir, "policies.yaml"), "--quiet")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "pending (1/3)") || !strings.Contains(out, "since the last run: 0 new, 0 resolved") {
		t.Errorf("text report:\n%s", out)
	}
}

func TestNightlyBaseline(t *testing.T) {
	e := newNightlyEnv(t, "v2")
	dir := t.TempDir()
	base := filepath.Join(dir, "baseline.yaml")
	if err := os.WriteFile(base, []byte(`# accepted findings
- claim: v3-report/published
  reason: the catalog gives the month of the first public version
  expires: 2027-01-01
`), 0o644); err != nil {
		t.Fatal(err)
	}
	r, stderr := e.nightly(ExitOK, "--baseline", base)
	if len(r.Changes.New) != 0 || r.Changes.Silenced != 1 || strings.Contains(stderr, "expired") {
		t.Fatalf("active baseline: new %v silenced %d\n%s", findingIDs(r.Changes.New), r.Changes.Silenced, stderr)
	}
	// --fail-on info still does not fail: a baselined finding never does.
	e.nightly(ExitOK, "--baseline", base, "--fail-on", "info")

	// Past its date the entry is reported, and the finding returns.
	r, stderr = e.nightly(ExitFindings, "--baseline", base, "--now", "2027-01-02")
	if !strings.Contains(stderr, base+":2: baseline entry v3-report/published expired on 2027-01-01") {
		t.Errorf("no expiry warning on stderr:\n%s", stderr)
	}
	got := findingIDs(r.Changes.New)
	slices.Sort(got)
	if !slices.Equal(got, []string{"v3-report/published:contradicted", "v3-report/published:expired"}) {
		t.Errorf("after expiry: new %v", got)
	}
	var warned bool
	for _, f := range r.Findings {
		if f.Check == history.BaselineCheck && f.Location.File == base && f.Location.Line == 2 && f.Severity == checks.SeverityWarning {
			warned = true
		}
	}
	if !warned {
		t.Error("the expired baseline entry is not in the report")
	}

	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("- claim: v3-report/published\n  reason: r\n  expires: soon\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := e.cli("nightly", "--catalog", filepath.Join(nightlyDir, "catalog.yaml"), "--state", e.state, "--baseline", bad)
	if code != ExitUsage || !strings.Contains(stderr, bad+":3: [0].expires: want a date") {
		t.Errorf("bad baseline: exit %d\n%s", code, stderr)
	}
}

// webhookSink records the POSTs it receives.
type webhookSink struct {
	mu     sync.Mutex
	bodies [][]byte
	status int
}

func (s *webhookSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Method == http.MethodPost && r.Header.Get("Content-Type") == "application/json" {
		s.bodies = append(s.bodies, b)
	}
	if s.status != 0 {
		w.WriteHeader(s.status)
	}
}

func (s *webhookSink) posts() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.bodies)
}

func TestNightlyWebhook(t *testing.T) {
	e := newNightlyEnv(t, "v1")
	sink := &webhookSink{}
	hook := httptest.NewServer(sink)
	t.Cleanup(hook.Close)
	url := hook.URL + "/services/T000/B000/secret-path"

	e.nightly(ExitOK, "--webhook", url)
	if n := len(sink.posts()); n != 0 {
		t.Fatalf("nothing new, but %d posts", n)
	}
	e.srv.serve(t, "v2")
	e.nightly(ExitFindings, "--webhook", url)
	posts := sink.posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	var p struct {
		Text       string `json:"text"`
		Claimcheck struct {
			Run int64            `json:"run"`
			New []checks.Finding `json:"new"`
		} `json:"claimcheck"`
	}
	if err := json.Unmarshal(posts[0], &p); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Text, "1 new") || !strings.Contains(p.Text, "v3-report/published") || p.Claimcheck.Run != 2 ||
		len(p.Claimcheck.New) != 1 {
		t.Errorf("payload = %s", posts[0])
	}
	e.nightly(ExitOK, "--webhook", url)
	if n := len(sink.posts()); n != 1 {
		t.Errorf("nothing new, but posted again (%d)", n)
	}

	// A failing webhook is logged, without its secret path, and changes nothing.
	sink.mu.Lock()
	sink.status = http.StatusInternalServerError
	sink.mu.Unlock()
	e.srv.serve(t, "v1")
	e.nightly(ExitOK) // resolved: nothing new
	e.srv.serve(t, "v2")
	_, stderr := e.nightly(ExitFindings, "--webhook", url)
	if !strings.Contains(stderr, "webhook not delivered") || strings.Contains(stderr, "secret-path") {
		t.Errorf("failed webhook log:\n%s", stderr)
	}
}

func TestNightlyUsage(t *testing.T) {
	e := newNightlyEnv(t, "v1")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--no-state"}, "drop --no-state"},
		{[]string{"--unreachable-after", "0"}, "--unreachable-after 0"},
		{[]string{"--keep", "-1"}, "--keep -1"},
		{[]string{"--webhook", "ftp://x/y"}, "--webhook"},
		{[]string{"--baseline", "/nonexistent/b.yaml"}, "baseline"},
	} {
		args := append([]string{"nightly", "--catalog", filepath.Join(nightlyDir, "catalog.yaml"), "--state", e.state}, tt.args...)
		code, _, stderr := e.cli(args...)
		if code != ExitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d: %s", tt.args, code, stderr)
		}
	}
}

func TestHistoryShowsInterruptedRuns(t *testing.T) {
	e := newNightlyEnv(t, "v1")
	e.nightly(ExitOK)
	// A run that never finished (its process was killed).
	st, err := store.Open(store.HistoryPath(e.state))
	if err != nil {
		t.Fatal(err)
	}
	h, err := history.Open(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Begin(context.Background(), history.RunMeta{CatalogPath: "x"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	r, _ := e.nightly(ExitOK)
	if r.Changes.PreviousRun != "run 1" || len(r.Changes.New) != 0 {
		t.Errorf("after an interrupted run: prev %q new %v", r.Changes.PreviousRun, findingIDs(r.Changes.New))
	}
	_, out, _ := e.cli("history", "--state", e.state)
	if !strings.Contains(out, "interrupted") {
		t.Errorf("history:\n%s", out)
	}
	code, _, stderr := e.cli("history", "show", "2", "--state", e.state)
	if code != ExitOK || !strings.Contains(stderr, "interrupted") {
		t.Errorf("show interrupted: exit %d %s", code, stderr)
	}
}

func TestHistoryWithoutStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	var out, errb bytes.Buffer
	code := RunEnv(context.Background(), []string{"history", "--state", path}, func(string) string { return "" }, &out, &errb)
	if code != ExitOK || !strings.Contains(out.String(), "no runs recorded") {
		t.Errorf("exit %d: %s%s", code, out.String(), errb.String())
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("history created a state store")
	}
	code = RunEnv(context.Background(), []string{"history", "--state", path, "--format", "yaml"}, func(string) string { return "" }, &out, &errb)
	if code != ExitUsage {
		t.Errorf("--format yaml: exit %d", code)
	}
}

// TestNightlyExamplesUseRealFlags keeps examples/nightly in step with the
// commands: every --flag they pass must exist on nightly or history.
func TestNightlyExamplesUseRealFlags(t *testing.T) {
	files, err := filepath.Glob("../../examples/nightly/*")
	if err != nil || len(files) < 5 {
		t.Fatalf("examples: %v %v", files, err)
	}
	nightly, hist := newNightlyCmd(func(string) string { return "" }), newHistoryCmd(nil)
	notOurs := map[string]bool{"rm": true, "from": true, "chown": true} // docker run --rm, COPY --from --chown
	flagRE := regexp.MustCompile(`(?:^|[\s"'(])--([a-z][a-z-]*[a-z])`)
	seen := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range flagRE.FindAllStringSubmatch(string(data), -1) {
			name := m[1]
			if notOurs[name] {
				continue
			}
			seen++
			if nightly.Flags().Lookup(name) == nil && hist.PersistentFlags().Lookup(name) == nil && hist.Flags().Lookup(name) == nil {
				t.Errorf("%s: --%s is not a flag of claimcheck nightly or history", filepath.Base(f), name)
			}
		}
	}
	if seen < 10 {
		t.Errorf("only %d flags found in the examples: the pattern is broken", seen)
	}
}

func TestNightlyOutcome(t *testing.T) {
	f := func(v checks.Verdict, s checks.Severity) checks.Finding {
		return checks.Finding{Verdict: v, Severity: s}
	}
	tests := []struct {
		name    string
		fresh   []checks.Finding
		failOn  checks.Severity
		failing bool
		want    error
	}{
		{"nothing new", nil, checks.SeverityError, true, nil},
		{"new error", []checks.Finding{f(checks.Contradicted, checks.SeverityError)}, checks.SeverityError, true, ErrFindings},
		{"new warning below threshold", []checks.Finding{f(checks.Unverified, checks.SeverityWarning)}, checks.SeverityError, true, nil},
		{"new warning at threshold", []checks.Finding{f(checks.Unverified, checks.SeverityWarning)}, checks.SeverityWarning, true, ErrFindings},
		{"fail-on none", []checks.Finding{f(checks.Contradicted, checks.SeverityError)}, "", false, nil},
		{"new unreachable wins", []checks.Finding{f(checks.Contradicted, checks.SeverityError), f(checks.Unreachable, checks.SeverityWarning)},
			checks.SeverityError, true, ErrIncomplete},
		{"new unreachable with fail-on none", []checks.Finding{f(checks.Unreachable, checks.SeverityWarning)}, "", false, ErrIncomplete},
	}
	for _, tt := range tests {
		err := nightlyOutcome(tt.fresh, tt.failOn, tt.failing)
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestWebhookMessage(t *testing.T) {
	out := &history.Outcome{RunID: 9, PreviousRun: 8}
	for i := range 25 {
		out.Changes.New = append(out.Changes.New, checks.Finding{Entry: "e", Claim: strconv.Itoa(i), Verdict: checks.Contradicted,
			Message: strings.Repeat("long\n", 100)})
	}
	p := webhookMessage(out, &catalog.Catalog{Name: "Guide", Path: "g.yaml"}, time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC))
	lines := strings.Split(p.Text, "\n")
	if lines[0] != "claimcheck nightly (Guide): 25 new, 0 resolved since run 8" || len(lines) != 1+webhookMaxLines+1 ||
		lines[len(lines)-1] != "… and 5 more" || len(p.Claimcheck.New) != 25 || p.Claimcheck.Run != 9 {
		t.Errorf("text:\n%s", p.Text)
	}
	if webhookHost("https://hooks.example.com/services/SECRET") != "https://hooks.example.com" {
		t.Error("webhookHost keeps the path")
	}
}
