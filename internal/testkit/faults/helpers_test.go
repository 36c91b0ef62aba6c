package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/cli"
	"github.com/claimcheck/claimcheck/internal/testkit/simulator"
	"github.com/claimcheck/claimcheck/reports"
)

const worldDir = "../../../testdata/world"

// now is the date the world describes.
const now = "2026-11-28"

// tinyPolicies is a --config file: the default policies scaled by 0.01 (the
// simulator runs with Scale 0.01 too, so they still keep every limit), a
// one-second attempt timeout, and two retries. arXiv's interval keeps a 50 %
// margin over the simulator's scaled 30 ms: the simulator times arrivals, and
// on a loaded machine (-race, 2 cores) two requests paced exactly 30 ms apart
// at the client can arrive a little closer.
const tinyPolicies = `policies:
  arxiv:       {min_interval: 45ms, parallelism: 1, max_retries: 2, base_backoff: 20ms, max_wait: 1200ms, timeout: 1s}
  github:      {min_interval: 10ms, parallelism: 2, max_retries: 2, base_backoff: 20ms, max_wait: 1200ms, timeout: 1s}
  huggingface: {min_interval: 10ms, parallelism: 2, max_retries: 2, base_backoff: 20ms, max_wait: 1200ms, timeout: 1s}
  docs:        {min_interval: 10ms, parallelism: 2, max_retries: 2, base_backoff: 20ms, max_wait: 1200ms, timeout: 1s}
  crossref:    {min_interval: 10ms, parallelism: 2, max_retries: 2, base_backoff: 20ms, max_wait: 1200ms, timeout: 1s}
  venue:       {min_interval: 20ms, parallelism: 1, max_retries: 2, base_backoff: 20ms, max_wait: 1200ms, timeout: 1s}
`

// urlsLine matches a catalog entry's venue-page list.
var urlsLine = regexp.MustCompile(`(?m)^\s+urls: \[.*\]\n`)

// emptySources matches an entry whose only sources are venue pages.
var emptySources = regexp.MustCompile(`(?m)^(\s+)sources:\n\s+urls: \[.*\]\n`)

// files are the inputs every CLI run shares.
type files struct {
	catalog, config string
}

// writeInputs writes the embedded catalog without its venue-page URLs (venue
// hosts have no endpoint override, so a CLI run would fetch them from the
// real network) and the tiny policy file.
func writeInputs(t testing.TB, dir string) files {
	t.Helper()
	yaml := emptySources.ReplaceAll(catalog.DefaultYAML(), []byte("${1}sources: {}\n"))
	yaml = urlsLine.ReplaceAll(yaml, nil)
	if bytes.Contains(yaml, []byte("urls:")) {
		t.Fatal("a urls: list was not stripped")
	}
	f := files{catalog: filepath.Join(dir, "catalog.yaml"), config: filepath.Join(dir, "policies.yaml")}
	if err := os.WriteFile(f.catalog, yaml, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.config, []byte(tinyPolicies), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := catalog.Load(f.catalog); err != nil {
		t.Fatalf("stripped catalog does not load: %v", err)
	}
	return f
}

// newSim starts a simulator over the world with the limits scaled by 0.01.
func newSim(t testing.TB) *simulator.Sim {
	t.Helper()
	// Intervals scale to 30 ms (arXiv) and below: within the scheduling
	// jitter of a loaded 2-core machine under -race (a request paced 30 ms
	// after another can reach the server a few ms after it when the first
	// waited for a new connection, and a 429 then changes what a fault mode
	// tests). They are not enforced here; concurrency and the GitHub and
	// Hugging Face quotas (counts, not clocks) are. Pacing itself is measured
	// by the crawler tests and by make bench at the real intervals (0
	// violations).
	limits := simulator.DefaultLimits()
	for _, src := range []record.Source{record.SourceArXiv, record.SourceDocs, record.SourceCrossref} {
		l := limits[src]
		l.Interval = 0
		limits[src] = l
	}
	s, err := simulator.New(simulator.Options{World: worldDir, Scale: 0.01, Limits: limits, MaxHang: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// envOf is a getenv over the simulator's endpoint variables plus extra.
func envOf(s *simulator.Sim, extra map[string]string) func(string) string {
	m := map[string]string{}
	for _, kv := range s.Env() {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	for k, v := range extra {
		m[k] = v
	}
	return func(k string) string { return m[k] }
}

// run is one CLI invocation's outcome.
type run struct {
	code           int
	stdout, stderr string
	wall           time.Duration
}

// runCLI runs claimcheck with args, bounded by limit.
func runCLI(t testing.TB, getenv func(string) string, limit time.Duration, args ...string) run {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	// The CLI's logger writes stderr from the crawler's goroutines without
	// a lock (internal/cli/logging.go; reported): serialize the writes here.
	var stdout, stderr lockedBuffer
	start := time.Now()
	code := cli.RunEnv(ctx, args, getenv, &stdout, &stderr)
	r := run{code: code, stdout: stdout.String(), stderr: stderr.String(), wall: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("claimcheck %s did not finish within %s (exit %d)\nstderr:\n%s", strings.Join(args, " "), limit, code, r.stderr)
	}
	return r
}

// auditArgs are the arguments of a quiet JSON audit of f.
func auditArgs(f files, extra ...string) []string {
	return append([]string{"audit", "--catalog", f.catalog, "--config", f.config, "--now", now,
		"--format", "json", "--quiet", "--fail-on", "none"}, extra...)
}

// parseReport reads a JSON report.
func parseReport(t testing.TB, s string) *reports.Report {
	t.Helper()
	var r reports.Report
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("report is not JSON: %v\n%.500s", err, s)
	}
	return &r
}

// key identifies a finding across runs.
func key(f checks.Finding) string { return f.Entry + "/" + f.Claim + "/" + f.Check }

func verdicts(r *reports.Report) map[string]checks.Finding {
	m := make(map[string]checks.Finding, len(r.Findings))
	for _, f := range r.Findings {
		m[key(f)] = f
	}
	return m
}

// checkNoLeak fails if goroutines started since before do not end.
func checkNoLeak(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= before {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("goroutine leak: %d goroutines before, %d after\n%s", before, n, buf)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// lockedBuffer is a bytes.Buffer safe for concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
