package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/store"
	"github.com/claimcheck/claimcheck/internal/engine"
	"github.com/claimcheck/claimcheck/internal/testkit/faultkit"
	"github.com/claimcheck/claimcheck/internal/testkit/simulator"
	"github.com/claimcheck/claimcheck/reports"
)

// ScaleResult is one generated-catalog run, measured in a child process.
type ScaleResult struct {
	Entries  int                    `json:"entries"`
	Claims   int                    `json:"claims"`
	Requests int                    `json:"requests"`
	Wall     time.Duration          `json:"wall"`
	Verdicts map[checks.Verdict]int `json:"verdicts"`
	// PeakRSS is the child's peak resident set, bytes (VmHWM; rusage as a cross-check).
	PeakRSS   int64 `json:"peak_rss"`
	RusageRSS int64 `json:"rusage_rss"`
	// FetchedRSS is the peak once the crawl and the extraction are done;
	// JudgedRSS the peak before the report is rendered (crawl, extract, judge).
	FetchedRSS int64 `json:"fetched_rss"`
	JudgedRSS  int64 `json:"judged_rss"`
	// ReportBytes is the size of the rendered JSON report.
	ReportBytes int64 `json:"report_bytes"`
	// ReportSHA256 is the hash of the rendered JSON report: a memory change
	// must leave it identical.
	ReportSHA256 string `json:"report_sha256"`
	// Phases: time spent fetching and extracting (extraction runs as records
	// arrive), judging, rendering the report.
	Fetch, Judge, Render time.Duration
	// MemoryLimit is the Go soft memory limit the child ran with, bytes
	// (ScaleMemoryLimit, or GOMEMLIMIT when set); 0: none. It is GC tuning,
	// declared with the figures: the collector works harder near the limit.
	MemoryLimit int64 `json:"memory_limit"`
}

// ScaleMemoryLimit is the soft memory limit (runtime/debug.SetMemoryLimit)
// a scale child sets unless GOMEMLIMIT is set (GOMEMLIMIT=off: none). The
// child's live heap stays below about 140 MiB at 10,000 entries (findings
// and observations are never held together: engine.Options.Lean), so the
// limit only trims the collector's default headroom (GOGC=100: twice the
// live heap) to what fits in the 200 MiB target.
const ScaleMemoryLimit = 170 << 20

// scaleMemoryLimit applies ScaleMemoryLimit unless GOMEMLIMIT says
// otherwise, and returns the limit in force (0: none).
func scaleMemoryLimit() int64 {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(ScaleMemoryLimit)
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		return l
	}
	return 0
}

// ScaleEnv is the environment variable that turns a bench binary into a
// scale child: its value is the number of entries.
const ScaleEnv = "CLAIMCHECK_BENCH_SCALE_CHILD"

// RunScaleChild is the child side: it regenerates the catalog of n entries,
// audits it against the endpoints in the environment (the parent's
// simulator) with relaxed politeness (Policies.Scale(0)), a state store in
// dir and the JSON report rendered, and writes a ScaleResult as JSON to w.
func RunScaleChild(ctx context.Context, n int, dir string, w io.Writer) error {
	cat, err := GenerateCatalog(n)
	if err != nil {
		return err
	}
	ep, err := crawler.EndpointsFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	st, err := store.Open(filepath.Join(dir, fmt.Sprintf("scale-%d.db", n)))
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := crawler.New(crawler.Config{Endpoints: ep, AllowHosts: cat.Hosts, Policies: crawler.DefaultPolicies().Scale(0), Store: st,
		// A fixed fetch time makes the report reproducible byte for byte
		// (ReportSHA256), so that a memory change can be shown to leave it identical.
		Now: func() time.Time { return faultkit.WorldNow }})
	if err != nil {
		return err
	}
	defer c.Close()
	limit := scaleMemoryLimit()
	start := time.Now()
	var fetched time.Time
	var fetchedRSS int64
	// The product path: engine.Run fetches, extracts each record as it
	// arrives (dropping its body) and judges, keeping the findings in a
	// file while it judges (Lean, as the CLI audit does).
	out, err := engine.Run(ctx, c, engine.Options{Catalog: cat, Now: faultkit.WorldNow, Lean: true, SpillDir: dir, Fetched: func() { fetched = time.Now(); fetchedRSS, _ = PeakRSS(); debugMem("fetched") }})
	if err != nil {
		return err
	}
	judged := time.Now()
	judgedRSS, _ := PeakRSS()
	debugMem("judged")
	if p := os.Getenv("CLAIMCHECK_BENCH_HEAPPROFILE"); p != "" {
		if err := writeHeapProfile(p); err != nil {
			return err
		}
	}
	findings := out.Findings
	rep := engine.BuildReport(engine.ReportInput{Catalog: cat, Result: out, Metrics: c.Metrics(), Now: faultkit.WorldNow, Version: "bench"})
	// The report needs only the findings and health (Lean: Run returned
	// no records or observations).
	jr, err := reports.ByName("json")
	if err != nil {
		return err
	}
	var cw countWriter
	if err := jr.Write(&cw, rep); err != nil {
		return err
	}
	end := time.Now()
	rss, _ := PeakRSS()
	res := ScaleResult{Entries: n, Claims: cat.ClaimCount(), Requests: TotalRequests(c.Metrics()), Wall: end.Sub(start),
		Verdicts: engine.Summary(findings), PeakRSS: rss, FetchedRSS: fetchedRSS, JudgedRSS: judgedRSS, ReportBytes: cw.n, ReportSHA256: cw.sum(), Fetch: fetched.Sub(start), Judge: judged.Sub(fetched), Render: end.Sub(judged), MemoryLimit: limit}
	return json.NewEncoder(w).Encode(res)
}

// RunScale serves a generated world of n entries from a simulator without
// rate limits and runs exe (this binary) as a scale child against it.
func RunScale(ctx context.Context, exe string, n int, dir string) (*ScaleResult, error) {
	sim, err := simulator.New(simulator.Options{Exchanges: GenerateWorld(n), NoLimits: true})
	if err != nil {
		return nil, err
	}
	defer sim.Close()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), ScaleEnv+"="+strconv.Itoa(n), "CLAIMCHECK_BENCH_DIR="+dir)
	cmd.Env = append(cmd.Env, sim.Env()...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("scale child %d: %w\n%s", n, err, stderr.String())
	}
	var res ScaleResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("scale child %d: %w: %q", n, err, stdout.String())
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.RusageRSS = ru.Maxrss << 10 // kilobytes on Linux
	}
	if st := faultkit.SimTotals(sim.Stats()); st.Requests != res.Requests {
		return &res, fmt.Errorf("scale child %d: the simulator saw %d requests, the crawler counted %d", n, st.Requests, res.Requests)
	}
	return &res, nil
}

// debugMem appends the Go memory statistics at a phase to the file named by
// CLAIMCHECK_BENCH_MEMDEBUG (when set); at "fetched" it also forces a GC and
// reports the live heap, which perturbs the measurement: diagnosis only.
func debugMem(at string) {
	path := os.Getenv("CLAIMCHECK_BENCH_MEMDEBUG")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	cur, _ := os.ReadFile("/proc/self/status")
	var rss string
	for _, l := range bytes.Split(cur, []byte("\n")) {
		if bytes.HasPrefix(l, []byte("VmRSS")) || bytes.HasPrefix(l, []byte("VmHWM")) {
			rss += string(l) + " "
		}
	}
	fmt.Fprintf(f, "%s: heapAlloc %d MiB heapInuse %d heapSys %d sys %d released %d numGC %d %s\n", at, m.HeapAlloc>>20, m.HeapInuse>>20, m.HeapSys>>20, m.Sys>>20, m.HeapReleased>>20, m.NumGC, rss)
	if at == "fetched" {
		runtime.GC()
		runtime.ReadMemStats(&m)
		fmt.Fprintf(f, "%s after GC: heapAlloc %d MiB\n", at, m.HeapAlloc>>20)
	}
}

// countWriter counts and hashes what it is given, and discards it.
type countWriter struct {
	n int64
	h hash.Hash
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.h == nil {
		c.h = sha256.New()
	}
	c.h.Write(p)
	c.n += int64(len(p))
	return len(p), nil
}

// sum is the hex SHA-256 of everything written.
func (c *countWriter) sum() string {
	if c.h == nil {
		c.h = sha256.New()
	}
	return hex.EncodeToString(c.h.Sum(nil))
}

// writeHeapProfile writes the live heap (after a GC) to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// MemoryLimitText declares the soft memory limit a scale child ran with.
func (r *ScaleResult) MemoryLimitText() string {
	if r.MemoryLimit <= 0 {
		return "no Go memory limit"
	}
	return fmt.Sprintf("Go soft memory limit %d MiB", r.MemoryLimit>>20)
}
