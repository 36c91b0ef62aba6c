package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/store"
	"github.com/claimcheck/claimcheck/internal/engine"
	"github.com/claimcheck/claimcheck/internal/simulator"
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
	// JudgedRSS is the peak before the report is rendered (crawl, extract, judge).
	JudgedRSS int64 `json:"judged_rss"`
	// ReportBytes is the size of the rendered JSON report.
	ReportBytes int64 `json:"report_bytes"`
	// Phases: time spent fetching, extracting+judging, rendering the report.
	Fetch, Judge, Render time.Duration
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
	c, err := crawler.New(crawler.Config{Endpoints: ep, AllowHosts: cat.Hosts, Policies: crawler.DefaultPolicies().Scale(0), Store: st})
	if err != nil {
		return err
	}
	defer c.Close()
	start := time.Now()
	plan := crawler.Plan(cat, crawler.PlanOptions{})
	recs, err := c.Fetch(ctx, plan)
	if err != nil {
		return err
	}
	fetched := time.Now()
	obs, health := engine.Extract(recs)
	findings := checks.Judge(checks.Input{Catalog: cat, Records: recs, Observations: obs, Health: health, Now: WorldNow})
	judged := time.Now()
	judgedRSS, _ := PeakRSS()
	if p := os.Getenv("CLAIMCHECK_BENCH_HEAPPROFILE"); p != "" {
		if err := writeHeapProfile(p); err != nil {
			return err
		}
	}
	runtime.KeepAlive(recs)
	rep := engine.BuildReport(engine.ReportInput{Catalog: cat, Result: &engine.Result{Resources: plan, Records: recs,
		Observations: obs, Health: health, Findings: findings}, Metrics: c.Metrics(), Now: WorldNow, Version: "bench"})
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
		Verdicts: engine.Summary(findings), PeakRSS: rss, JudgedRSS: judgedRSS, ReportBytes: cw.n, Fetch: fetched.Sub(start), Judge: judged.Sub(fetched), Render: end.Sub(judged)}
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
	if st := SimTotals(sim.Stats()); st.Requests != res.Requests {
		return &res, fmt.Errorf("scale child %d: the simulator saw %d requests, the crawler counted %d", n, st.Requests, res.Requests)
	}
	return &res, nil
}

// countWriter counts and discards.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

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
