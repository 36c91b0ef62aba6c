package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/internal/textsafe"
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
	return zap.New(visibleCore(crawler.RedactCore(core, secrets...))), nil
}

// visibleCore wraps core so that the log holds no raw control, bidi or
// invisible format character: the message goes through textsafe.Line (the
// console encoder writes it raw, so it must stay on one line), every string,
// error and Stringer field through textsafe.Visible (the encoders escape
// line breaks in fields themselves, so a multi-line value such as a stack
// keeps its lines). Log lines quote URLs, catalog
// values and error texts from servers; on a terminal (the console encoder
// writes the message raw, and neither encoder escapes C1 controls or bidi
// overrides) they could otherwise move the cursor, rewrite the title,
// set the clipboard (OSC 52) or forge a log line.
func visibleCore(core zapcore.Core) zapcore.Core { return &safeCore{Core: core} }

type safeCore struct{ zapcore.Core }

func (c *safeCore) With(fields []zapcore.Field) zapcore.Core {
	return &safeCore{Core: c.Core.With(visibleFields(fields))}
}

func (c *safeCore) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if c.Enabled(e.Level) {
		return ce.AddCore(e, c)
	}
	return ce
}

func (c *safeCore) Write(e zapcore.Entry, fields []zapcore.Field) error {
	e.Message = textsafe.Line(e.Message)
	return c.Core.Write(e, visibleFields(fields))
}

func visibleFields(fields []zapcore.Field) []zapcore.Field {
	out := make([]zapcore.Field, len(fields))
	for i, f := range fields {
		out[i] = f
		switch f.Type {
		case zapcore.StringType:
			out[i].String = textsafe.Visible(f.String)
		case zapcore.ByteStringType:
			if b, ok := f.Interface.([]byte); ok {
				out[i] = zap.String(f.Key, textsafe.Visible(string(b)))
			}
		case zapcore.ErrorType:
			if err, ok := f.Interface.(error); ok && err != nil {
				if s, ok := safeString(err.Error); ok {
					out[i] = zap.String(f.Key, textsafe.Visible(s))
				}
			}
		case zapcore.StringerType:
			if st, ok := f.Interface.(fmt.Stringer); ok && st != nil {
				if s, ok := safeString(st.String); ok {
					out[i] = zap.String(f.Key, textsafe.Visible(s))
				}
			}
		}
	}
	return out
}

// safeString calls fn, reporting false if it panics (a nil pointer behind an
// interface): zap itself would then log the panic, so the field is left as is.
func safeString(fn func() string) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return fn(), true
}
