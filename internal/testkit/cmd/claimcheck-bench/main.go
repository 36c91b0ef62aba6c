// Command claimcheck-bench measures claimcheck against the loopback
// official-sources simulator and prints a table of figures with their
// targets (see docs/benchmarks.md):
//
//	go run ./internal/testkit/cmd/claimcheck-bench                 # everything (real politeness: about a minute)
//	go run ./internal/testkit/cmd/claimcheck-bench -scale-sizes ""  # skip the generated-catalog runs
//
// The exit status is 0 when every figure meets its target, 1 otherwise, 2 on
// a usage or setup error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/claimcheck/claimcheck/internal/testkit/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if v := os.Getenv(bench.ScaleEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err == nil {
			err = bench.RunScaleChild(ctx, n, os.Getenv("CLAIMCHECK_BENCH_DIR"), os.Stdout)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "claimcheck-bench child:", err)
			os.Exit(2)
		}
		return
	}
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run measures and prints the figures; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, code, ok := parseArgs(args, stderr)
	if !ok {
		return code
	}
	tmp, err := os.MkdirTemp("", "claimcheck-bench-")
	if err != nil {
		fmt.Fprintln(stderr, "claimcheck-bench:", err)
		return 2
	}
	defer os.RemoveAll(tmp)

	fmt.Fprintln(stdout, "# claimcheck bench")
	for _, l := range machine() {
		fmt.Fprintln(stdout, "# "+l)
	}
	var figs []bench.Figure
	if !cfg.skipCatalog {
		cf, err := catalogFigures(ctx, cfg, tmp, stdout)
		if err != nil {
			fmt.Fprintln(stderr, "claimcheck-bench:", err)
			return 2
		}
		figs = append(figs, cf...)
	}
	if strings.TrimSpace(cfg.sizes) != "" {
		sf, err := scaleFigures(ctx, cfg.sizes, tmp, stdout, stderr)
		if err != nil {
			fmt.Fprintln(stderr, "claimcheck-bench:", err)
			return 2
		}
		figs = append(figs, sf...)
	}
	if failed := printFigures(stdout, figs); failed > 0 {
		fmt.Fprintf(stdout, "%d figure(s) miss their target\n", failed)
		return 1
	}
	return 0
}

// config holds the command-line flags.
type config struct {
	world       string
	latency     time.Duration
	scale       float64
	gateEntry   string
	sizes       string
	skipCatalog bool
}

// parseArgs reads the command line; ok is false when run must stop with code.
func parseArgs(args []string, stderr io.Writer) (cfg config, code int, ok bool) {
	fs := flag.NewFlagSet("claimcheck-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.world, "world", "testdata/world", "world directory the simulator serves")
	fs.DurationVar(&cfg.latency, "latency", 0, "latency the simulator adds to every answer (default: the simulator's default, none)")
	fs.Float64Var(&cfg.scale, "politeness-scale", 1, "multiply the simulator's limits and the crawler's intervals (1 = real politeness)")
	fs.StringVar(&cfg.gateEntry, "gate-entry", "deepseek-v3", "entry edited for the CI-gate figure")
	fs.StringVar(&cfg.sizes, "scale-sizes", "1000,5000,10000", "generated catalog sizes, comma-separated (empty: skip)")
	fs.BoolVar(&cfg.skipCatalog, "skip-catalog", false, "skip the embedded-catalog figures")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, 0, false
		}
		return cfg, 2, false
	}
	return cfg, 0, true
}

// catalogFigures measures the embedded catalog on the simulator (cold,
// warm, gate) and prints the per-source bounds and the gate's requests.
func catalogFigures(ctx context.Context, cfg config, tmp string, stdout io.Writer) ([]bench.Figure, error) {
	fmt.Fprintf(stdout, "# embedded catalog on the simulator (world %s, latency %s, politeness scale %g: real limits and default policies when 1)\n", cfg.world, cfg.latency, cfg.scale)
	res, err := bench.RunCatalog(ctx, bench.CatalogOptions{World: cfg.world, Latency: cfg.latency, Scale: cfg.scale, GateEntry: cfg.gateEntry, TempDir: tmp})
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(stdout, "# per source (cold): requests × policy MinInterval = bound; simulator violations")
	for _, s := range res.Sources {
		fmt.Fprintf(stdout, "#   %-12s %4d × %-6s = %-8s violations %d\n", s.Source, s.Requests, s.MinInterval, s.Bound, s.Violations)
	}
	fmt.Fprintln(stdout, "# CI gate requests:")
	for _, u := range res.GateRequests {
		fmt.Fprintln(stdout, "#   GET "+u)
	}
	return res.Figures, nil
}

// scaleFigures runs each generated-catalog size in a child process and
// prints one line per size; a size that fails is a FAIL figure, a bad size
// list an error.
func scaleFigures(ctx context.Context, sizes, tmp string, stdout, stderr io.Writer) ([]bench.Figure, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(stdout, "# scale: generated catalogs; politeness RELAXED for these runs: simulator NoLimits, crawler Policies.Scale(0) (no pacing, default parallelism); each size in a child process, which sets a Go soft memory limit (GC tuning, see each line) unless GOMEMLIMIT is set")
	var figs []bench.Figure
	var results []*bench.ScaleResult
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("bad -scale-sizes %q", sizes)
		}
		r, err := bench.RunScale(ctx, exe, n, tmp)
		if err != nil {
			fmt.Fprintln(stderr, "claimcheck-bench:", err)
			figs = append(figs, bench.Figure{Name: fmt.Sprintf("scale %d entries: completes", n), Measured: "error", Target: "completes", Pass: "FAIL"})
			continue
		}
		results = append(results, r)
		fmt.Fprintf(stdout, "#   %6d entries %6d claims %6d requests: wall %-10s (fetch+extract %s, judge %s, report %s) peak RSS %d MiB (rusage %d MiB; %d MiB after the crawl + extraction, %d MiB before rendering the %d MiB JSON report, sha256 %.12s; %s) verdicts %v\n",
			r.Entries, r.Claims, r.Requests, r.Wall.Round(time.Millisecond), r.Fetch.Round(time.Millisecond), r.Judge.Round(time.Millisecond),
			r.Render.Round(time.Millisecond), r.PeakRSS>>20, r.RusageRSS>>20, r.FetchedRSS>>20, r.JudgedRSS>>20, r.ReportBytes>>20, r.ReportSHA256, r.MemoryLimitText(), r.Verdicts)
		figs = append(figs, bench.Figure{Name: fmt.Sprintf("scale %d entries: peak RSS", n), Measured: fmt.Sprintf("%d MiB", r.PeakRSS>>20),
			Target: "≤ 200 MiB", Pass: bench.Verdict(r.PeakRSS <= 200<<20)})
	}
	return append(figs, linearity(results)...), nil
}

// printFigures prints the table of figures and their notes; it returns how
// many figures miss their target.
func printFigures(stdout io.Writer, figs []bench.Figure) (failed int) {
	fmt.Fprintln(stdout)
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tmeasured\ttarget\tresult")
	for _, f := range figs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", f.Name, f.Measured, f.Target, f.Pass)
		if f.Pass == "FAIL" {
			failed++
		}
	}
	tw.Flush()
	for _, f := range figs {
		for _, n := range f.Notes {
			fmt.Fprintf(stdout, "  note (%s): %s\n", f.Name, n)
		}
	}
	fmt.Fprintln(stdout, "\nextractor cost per page: see the go test -bench output (make bench runs it).")
	return failed
}

// linearity compares time per entry across sizes: growth is linear when the
// per-entry time of the largest run is within 1.5× that of the smallest.
func linearity(rs []*bench.ScaleResult) []bench.Figure {
	if len(rs) < 2 {
		return nil
	}
	first, last := rs[0], rs[len(rs)-1]
	per := func(r *bench.ScaleResult) float64 { return float64(r.Wall) / float64(r.Entries) }
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("%dk: %s", r.Entries/1000, r.Wall.Round(time.Millisecond)))
	}
	ratio := per(last) / per(first)
	return []bench.Figure{
		{Name: "scale: completes at every size", Measured: strings.Join(parts, ", "), Target: "completes", Pass: "pass"},
		{Name: fmt.Sprintf("scale: time per entry %d vs %d entries", last.Entries, first.Entries),
			Measured: fmt.Sprintf("%.2f× (%.0f µs vs %.0f µs per entry; wall ratio %.2f for %.0f× the entries)", ratio, per(last)/1e3, per(first)/1e3,
				float64(last.Wall)/float64(first.Wall), float64(last.Entries)/float64(first.Entries)),
			Target: "linear (≤ 1.5×)", Pass: bench.Verdict(ratio <= 1.5)},
	}
}

// machine describes the machine the figures ran on.
func machine() []string {
	out := []string{fmt.Sprintf("go %s %s/%s, GOMAXPROCS %d, nproc %d", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU())}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				out = append(out, "cpu: "+strings.TrimSpace(v))
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		l, _, _ := strings.Cut(string(data), "\n")
		out = append(out, "memory: "+strings.Join(strings.Fields(l)[1:], " "))
	}
	if wd, err := os.Getwd(); err == nil {
		out = append(out, "dir: "+filepath.Base(wd))
	}
	out = append(out, "date: "+time.Now().UTC().Format(time.RFC3339))
	return out
}
