package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/claimcheck/claimcheck/crawler"
)

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// newLogger builds the logger: human-readable on a terminal, JSON otherwise
// (cron, CI), always on stderr, with every credential scrubbed.
func newLogger(stderr io.Writer, level string, secrets ...crawler.Secret) (*zap.Logger, error) {
	lvl, err := zapcore.ParseLevel(level)
	if err != nil {
		return nil, fmt.Errorf("%w: --log-level %q: %w", ErrUsage, level, err)
	}
	var enc zapcore.Encoder
	if isTerminal(stderr) {
		cfg := zap.NewDevelopmentEncoderConfig()
		cfg.EncodeLevel = zapcore.CapitalColorLevelEncoder
		enc = zapcore.NewConsoleEncoder(cfg)
	} else {
		enc = zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	}
	// Locked: crawler goroutines log concurrently and stderr may be any writer.
	core := zapcore.NewCore(enc, zapcore.Lock(zapcore.AddSync(stderr)), lvl)
	return zap.New(crawler.RedactCore(core, secrets...)), nil
}
