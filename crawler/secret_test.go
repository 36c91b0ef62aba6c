package crawler

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

type stringerFunc func() string

func (f stringerFunc) String() string { return f() }

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	const tok = "ghp_SECRETVALUE123"
	s := Secret(tok)
	j, _ := json.Marshal(struct{ T Secret }{s})
	txt, _ := s.MarshalText()
	for _, out := range []string{s.String(), fmt.Sprintf("%v %s %+v %#v %q", s, s, s, s, s), string(j), string(txt),
		fmt.Sprintf("%+v", Config{GitHubToken: s}), fmt.Sprintf("%#v", Config{HFToken: s})} {
		if strings.Contains(out, tok) {
			t.Errorf("token printed: %s", out)
		}
	}
	if s.Reveal() != tok {
		t.Error("Reveal lost the value")
	}
	if Secret("").String() != "" {
		t.Error("empty secret should print empty")
	}
}

func TestRedactCore(t *testing.T) {
	t.Parallel()
	const tok = "hf_SECRETVALUE456"
	core, logs := observer.New(zapcore.DebugLevel)
	log := RedactLogger(zap.New(core), Secret(tok)).With(zap.String("api_token", "raw-value"), zap.String("ctx", "x"+tok))
	log.Info("calling with "+tok,
		zap.String("authorization", "Bearer whatever"),
		zap.String("url", "https://h/?t="+tok),
		zap.Error(errors.New("bad credentials "+tok)),
		zap.Stringer("s", stringerFunc(func() string { return tok })),
		zap.Any("m", map[string]string{"k": tok}),
		zap.Int("n", 3))
	if logs.Len() != 1 {
		t.Fatalf("%d entries", logs.Len())
	}
	e := logs.All()[0]
	all := e.Message + fmt.Sprint(e.ContextMap())
	if strings.Contains(all, tok) || strings.Contains(all, "raw-value") || strings.Contains(all, "Bearer") {
		t.Fatalf("secret leaked: %s", all)
	}
	if e.ContextMap()["n"] != int64(3) || !strings.Contains(all, Redacted) {
		t.Fatalf("fields mangled: %v", e.ContextMap())
	}
}
