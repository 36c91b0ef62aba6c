package crawler

import (
	"encoding/json"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Redacted is what a Secret prints as.
const Redacted = "[REDACTED]"

// Secret is a credential (GITHUB_TOKEN, HF_TOKEN). Every way of printing or
// marshalling it yields "[REDACTED]"; only Reveal returns the value.
type Secret string

func (s Secret) String() string               { return s.mask() }
func (s Secret) GoString() string             { return s.mask() }
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.mask()), nil }
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.mask() + `"`), nil }

// Reveal returns the credential itself, for the Authorization header only.
func (s Secret) Reveal() string { return string(s) }

func (s Secret) mask() string {
	if s == "" {
		return ""
	}
	return Redacted
}

// TokensFromEnv reads GITHUB_TOKEN and HF_TOKEN through getenv.
func TokensFromEnv(getenv func(string) string) (github, hf Secret) {
	return Secret(strings.TrimSpace(getenv("GITHUB_TOKEN"))), Secret(strings.TrimSpace(getenv("HF_TOKEN")))
}

// sensitiveKey reports whether a log field name suggests a credential.
func sensitiveKey(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"authorization", "token", "cookie", "secret", "password", "api_key", "apikey"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// RedactCore wraps core so that no credential reaches the log: fields whose
// key names a credential (authorization, token, cookie, secret…) are replaced
// by "[REDACTED]", and every occurrence of a known secret value in the
// message or in a string field is masked.
func RedactCore(core zapcore.Core, secrets ...Secret) zapcore.Core {
	var vals []string
	for _, s := range secrets {
		if len(s) >= 4 { // masking tiny strings would garble ordinary text
			vals = append(vals, string(s))
		}
	}
	return &redactCore{Core: core, secrets: vals}
}

// RedactLogger applies RedactCore to logger's core.
func RedactLogger(logger *zap.Logger, secrets ...Secret) *zap.Logger {
	return logger.WithOptions(zap.WrapCore(func(c zapcore.Core) zapcore.Core { return RedactCore(c, secrets...) }))
}

type redactCore struct {
	zapcore.Core
	secrets []string
}

func (c *redactCore) With(fields []zapcore.Field) zapcore.Core {
	return &redactCore{Core: c.Core.With(c.scrub(fields)), secrets: c.secrets}
}

func (c *redactCore) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if c.Enabled(e.Level) {
		return ce.AddCore(e, c)
	}
	return ce
}

func (c *redactCore) Write(e zapcore.Entry, fields []zapcore.Field) error {
	e.Message = c.mask(e.Message)
	return c.Core.Write(e, c.scrub(fields))
}

func (c *redactCore) mask(s string) string {
	for _, v := range c.secrets {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, Redacted)
		}
	}
	return s
}

func (c *redactCore) scrub(fields []zapcore.Field) []zapcore.Field {
	out := make([]zapcore.Field, len(fields))
	for i, f := range fields {
		switch {
		case sensitiveKey(f.Key):
			out[i] = zap.String(f.Key, Redacted)
		case f.Type == zapcore.StringType:
			f.String = c.mask(f.String)
			out[i] = f
		case f.Type == zapcore.ErrorType:
			if err, ok := f.Interface.(error); ok && err != nil {
				if m := c.mask(err.Error()); m != err.Error() {
					out[i] = zap.String(f.Key, m)
					continue
				}
			}
			out[i] = f
		case f.Type == zapcore.StringerType, f.Type == zapcore.ReflectType:
			// Render now and mask: a Stringer or a reflected value may embed a token.
			var s string
			if st, ok := f.Interface.(interface{ String() string }); ok && f.Type == zapcore.StringerType {
				s = st.String()
			} else {
				enc := zapcore.NewMapObjectEncoder()
				f.AddTo(enc)
				if v, ok := enc.Fields[f.Key]; ok {
					s = toString(v)
				}
			}
			if m := c.mask(s); m != s {
				out[i] = zap.String(f.Key, m)
			} else {
				out[i] = f
			}
		default:
			out[i] = f
		}
	}
	return out
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
