// Command mkrecording regenerates the committed demo recording
// (testdata/recording) from the hand-written world (testdata/world): it starts
// the official-sources simulator on loopback, crawls the embedded catalog's
// full plan through it with the canonical endpoints (a transport routes every
// canonical host to the simulator server of its source), records every
// exchange under its canonical URL, and replaces the output directory
// atomically.
//
//	go run ./internal/testkit/mkrecording [-world testdata/world] [-out testdata/recording]
//
// The output is deterministic: file names come from the canonical URLs,
// validators from the bodies and the world's dates, and recorded-at is fixed
// (-recorded-at).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stderr))
}

func run(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("mkrecording", flag.ContinueOnError)
	fs.SetOutput(stderr)
	world := fs.String("world", "testdata/world", "world directory the simulator serves")
	out := fs.String("out", "testdata/recording", "recording directory to (re)create")
	at := fs.String("recorded-at", DefaultRecordedAt.Format(time.RFC3339), "recorded-at stamp written to every exchange (RFC 3339)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mkrecording: unexpected arguments %q\n", fs.Args())
		return 2
	}
	stamp, err := time.Parse(time.RFC3339, *at)
	if err != nil {
		fmt.Fprintf(stderr, "mkrecording: -recorded-at: %v\n", err)
		return 2
	}
	enc := zap.NewDevelopmentEncoderConfig()
	enc.TimeKey = ""
	log := zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.AddSync(stderr), zap.InfoLevel))
	defer log.Sync()
	sum, err := Make(ctx, Options{World: *world, Out: *out, RecordedAt: stamp, Logger: log})
	for _, u := range sum.Absent {
		log.Info("official answer: not found", zap.String("url", u))
	}
	if err != nil {
		log.Error("recording failed", zap.Error(err))
		return 1
	}
	log.Info("recording written", zap.String("dir", *out), zap.Int("resources", sum.Resources),
		zap.Int("files", sum.Files), zap.Int("ok", sum.OK), zap.Int("not_found", sum.NotFound))
	return 0
}
