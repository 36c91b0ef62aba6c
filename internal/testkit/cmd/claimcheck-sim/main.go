// Command claimcheck-sim runs the official-sources simulator on loopback
// ports, prints the endpoint variables that point claimcheck at it, and serves
// until interrupted.
//
//	claimcheck-sim -world testdata/world -latency 20ms -scale 0.01 -fault github:/repos/*/*/readme=5xx:3
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/simulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// run serves until ctx ends; it returns the exit code (0, or 2 for bad usage
// or a simulator that cannot start).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, code, ok := parseArgs(args, stderr)
	if !ok {
		return code
	}
	log := newLogger(stderr)
	defer log.Sync()
	opts, err := cfg.simOptions()
	if err != nil {
		fmt.Fprintf(stderr, "claimcheck-sim: %v\n", err)
		return 2
	}
	faults, err := parseFaults(cfg.faults)
	if err != nil {
		fmt.Fprintf(stderr, "claimcheck-sim: %v\n", err)
		return 2
	}
	sim, err := startSimulator(opts, faults)
	if err != nil {
		fmt.Fprintf(stderr, "claimcheck-sim: %v\n", err)
		return 2
	}
	defer sim.Close()
	printEnv(stdout, sim, cfg.export)
	log.Info("simulator ready", zap.String("world", cfg.world), zap.Float64("scale", cfg.scale),
		zap.Bool("limits", !cfg.noLimits), zap.Int("faults", len(faults)))

	<-ctx.Done()
	logStats(log, sim)
	return 0
}

// config holds the command-line flags.
type config struct {
	world              string
	port               int
	latency            time.Duration
	scale              float64
	noLimits, export   bool
	latencyFor, faults listFlag
}

// parseArgs reads the command line; ok is false when run must stop with code.
func parseArgs(args []string, stderr io.Writer) (cfg config, code int, ok bool) {
	fs := flag.NewFlagSet("claimcheck-sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.world, "world", "testdata/world", "world directory (cassette format)")
	fs.IntVar(&cfg.port, "port", 0, "first port of consecutive fixed loopback ports, one per source in the order "+sourceNames()+" (0: random ports)")
	fs.DurationVar(&cfg.latency, "latency", 0, "latency added to every answer")
	fs.Float64Var(&cfg.scale, "scale", 1, "multiply every rate-limit interval and window (e.g. 0.01 for fast runs)")
	fs.BoolVar(&cfg.noLimits, "no-limits", false, "disable rate limits (relaxed politeness)")
	fs.BoolVar(&cfg.export, "export", false, `prefix each variable with "export " for a shell`)
	fs.Var(&cfg.latencyFor, "latency-for", "SOURCE=DURATION latency of one source (repeatable)")
	fs.Var(&cfg.faults, "fault", "SOURCE[:PATH-PATTERN]=KIND[:ARG] fault to inject (repeatable); kinds: "+faultNames())
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, 0, false
		}
		return cfg, 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "claimcheck-sim: unexpected arguments %q\n", fs.Args())
		return cfg, 2, false
	}
	return cfg, 0, true
}

// simOptions turns the scale, latency and port flags into simulator options.
func (cfg *config) simOptions() (simulator.Options, error) {
	opts := simulator.Options{World: cfg.world, Scale: cfg.scale, NoLimits: cfg.noLimits, Latency: map[record.Source]time.Duration{}}
	if cfg.scale <= 0 {
		return opts, errors.New("-scale must be positive")
	}
	for _, src := range simulator.Sources {
		opts.Latency[src] = cfg.latency
	}
	for _, spec := range cfg.latencyFor {
		name, d, ok := strings.Cut(spec, "=")
		dur, err := time.ParseDuration(d)
		if !ok || err != nil || dur < 0 || !known(record.Source(name)) {
			return opts, fmt.Errorf("bad -latency-for %q: want SOURCE=DURATION with SOURCE one of %s", spec, sourceNames())
		}
		opts.Latency[record.Source(name)] = dur
	}
	if cfg.port != 0 {
		if cfg.port < 1024 || cfg.port+len(simulator.Sources) > 65535 {
			return opts, fmt.Errorf("-port %d out of range", cfg.port)
		}
		opts.Addrs = map[record.Source]string{}
		for i, src := range simulator.Sources {
			opts.Addrs[src] = fmt.Sprintf("127.0.0.1:%d", cfg.port+i)
		}
	}
	return opts, nil
}

// fault is one parsed -fault flag.
type fault struct {
	src     record.Source
	pattern string
	f       simulator.Fault
}

// parseFaults parses the -fault flags.
func parseFaults(specs []string) ([]fault, error) {
	var fl []fault
	for _, spec := range specs {
		src, pattern, f, err := simulator.ParseFault(spec)
		if err != nil {
			return nil, err
		}
		fl = append(fl, fault{src, pattern, f})
	}
	return fl, nil
}

// startSimulator starts the simulator and injects the faults.
func startSimulator(opts simulator.Options, faults []fault) (*simulator.Sim, error) {
	sim, err := simulator.New(opts)
	if err != nil {
		return nil, err
	}
	for _, f := range faults {
		if err := sim.SetFault(f.src, f.pattern, f.f); err != nil {
			sim.Close()
			return nil, err
		}
	}
	return sim, nil
}

// printEnv writes the endpoint variables claimcheck reads, one a line, and
// the venue server's hosts and URL as a comment.
func printEnv(stdout io.Writer, sim *simulator.Sim, export bool) {
	prefix := ""
	if export {
		prefix = "export "
	}
	for _, kv := range sim.Env() {
		fmt.Fprintln(stdout, prefix+kv)
	}
	fmt.Fprintf(stdout, "# venue pages (%s): %s\n", strings.Join(sim.Hosts(record.SourceVenue), ", "), sim.URL(record.SourceVenue))
}

// logStats logs every source's counters.
func logStats(log *zap.Logger, sim *simulator.Sim) {
	stats := sim.Stats()
	for _, src := range simulator.Sources {
		st := stats[src]
		log.Info("source stats", zap.String("source", string(src)), zap.Int("requests", st.Requests),
			zap.Int("not_modified", st.NotModified), zap.Int64("bytes", st.Bytes), zap.Int("violations", st.Violations),
			zap.Int("faults", st.Faults), zap.Int("max_in_flight", st.MaxInFlight), zap.Duration("min_gap", st.MinGap))
	}
}

func known(s record.Source) bool {
	for _, k := range simulator.Sources {
		if k == s {
			return true
		}
	}
	return false
}

func sourceNames() string {
	var n []string
	for _, s := range simulator.Sources {
		n = append(n, string(s))
	}
	return strings.Join(n, ",")
}

func faultNames() string {
	var n []string
	for _, k := range simulator.FaultKinds {
		n = append(n, string(k))
	}
	sort.Strings(n)
	return strings.Join(n, ",")
}

func newLogger(w io.Writer) *zap.Logger {
	enc := zapcore.NewConsoleEncoder(zap.NewDevelopmentEncoderConfig())
	return zap.New(zapcore.NewCore(enc, zapcore.AddSync(w), zapcore.InfoLevel))
}
