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
	fs := flag.NewFlagSet("claimcheck-sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	world := fs.String("world", "testdata/world", "world directory (cassette format)")
	port := fs.Int("port", 0, "first port of consecutive fixed loopback ports, one per source in the order "+sourceNames()+" (0: random ports)")
	latency := fs.Duration("latency", 0, "latency added to every answer")
	scale := fs.Float64("scale", 1, "multiply every rate-limit interval and window (e.g. 0.01 for fast runs)")
	noLimits := fs.Bool("no-limits", false, "disable rate limits (relaxed politeness)")
	export := fs.Bool("export", false, `prefix each variable with "export " for a shell`)
	var latencyFor, faults listFlag
	fs.Var(&latencyFor, "latency-for", "SOURCE=DURATION latency of one source (repeatable)")
	fs.Var(&faults, "fault", "SOURCE[:PATH-PATTERN]=KIND[:ARG] fault to inject (repeatable); kinds: "+faultNames())
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "claimcheck-sim: unexpected arguments %q\n", fs.Args())
		return 2
	}
	log := newLogger(stderr)
	defer log.Sync()

	opts := simulator.Options{World: *world, Scale: *scale, NoLimits: *noLimits, Latency: map[record.Source]time.Duration{}}
	if *scale <= 0 {
		fmt.Fprintln(stderr, "claimcheck-sim: -scale must be positive")
		return 2
	}
	for _, src := range simulator.Sources {
		opts.Latency[src] = *latency
	}
	for _, spec := range latencyFor {
		name, d, ok := strings.Cut(spec, "=")
		dur, err := time.ParseDuration(d)
		if !ok || err != nil || dur < 0 || !known(record.Source(name)) {
			fmt.Fprintf(stderr, "claimcheck-sim: bad -latency-for %q: want SOURCE=DURATION with SOURCE one of %s\n", spec, sourceNames())
			return 2
		}
		opts.Latency[record.Source(name)] = dur
	}
	if *port != 0 {
		if *port < 1024 || *port+len(simulator.Sources) > 65535 {
			fmt.Fprintf(stderr, "claimcheck-sim: -port %d out of range\n", *port)
			return 2
		}
		opts.Addrs = map[record.Source]string{}
		for i, src := range simulator.Sources {
			opts.Addrs[src] = fmt.Sprintf("127.0.0.1:%d", *port+i)
		}
	}
	type fault struct {
		src     record.Source
		pattern string
		f       simulator.Fault
	}
	var fl []fault
	for _, spec := range faults {
		src, pattern, f, err := simulator.ParseFault(spec)
		if err != nil {
			fmt.Fprintf(stderr, "claimcheck-sim: %v\n", err)
			return 2
		}
		fl = append(fl, fault{src, pattern, f})
	}

	sim, err := simulator.New(opts)
	if err != nil {
		fmt.Fprintf(stderr, "claimcheck-sim: %v\n", err)
		return 2
	}
	defer sim.Close()
	for _, f := range fl {
		if err := sim.SetFault(f.src, f.pattern, f.f); err != nil {
			fmt.Fprintf(stderr, "claimcheck-sim: %v\n", err)
			return 2
		}
	}
	prefix := ""
	if *export {
		prefix = "export "
	}
	for _, kv := range sim.Env() {
		fmt.Fprintln(stdout, prefix+kv)
	}
	fmt.Fprintf(stdout, "# venue pages (%s): %s\n", strings.Join(sim.Hosts(record.SourceVenue), ", "), sim.URL(record.SourceVenue))
	log.Info("simulator ready", zap.String("world", *world), zap.Float64("scale", *scale),
		zap.Bool("limits", !*noLimits), zap.Int("faults", len(fl)))

	<-ctx.Done()
	stats := sim.Stats()
	for _, src := range simulator.Sources {
		st := stats[src]
		log.Info("source stats", zap.String("source", string(src)), zap.Int("requests", st.Requests),
			zap.Int("not_modified", st.NotModified), zap.Int64("bytes", st.Bytes), zap.Int("violations", st.Violations),
			zap.Int("faults", st.Faults), zap.Int("max_in_flight", st.MaxInFlight), zap.Duration("min_gap", st.MinGap))
	}
	return 0
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
