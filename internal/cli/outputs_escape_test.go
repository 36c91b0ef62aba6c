package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/internal/history"
	"github.com/claimcheck/claimcheck/internal/textsafe"
)

// TestWebhookPayloadExact: the whole JSON body of a webhook whose catalog
// name and finding carry a channel ping, a disguised link, Slack's other
// control sequences, bare mentions and a terminal escape.
func TestWebhookPayloadExact(t *testing.T) {
	t.Parallel()
	out := &history.Outcome{RunID: 3, PreviousRun: 2}
	out.Changes.New = []checks.Finding{{
		Entry: "v4<@U024BE7LH>", Claim: "release-note:2026-08-21 <!channel> <https://evil.example|Click>",
		Check: "coverage.release-notes", Verdict: checks.Outdated, Severity: checks.SeverityWarning,
		Message: "a & b <!here> <!everyone> <#C024BE7LR> <!subteam^SAZ94GDB8> @channel @here @everyone @U024 user@host \x1b]8;;x\x07\u202e",
	}}
	p := webhookMessage(out, &catalog.Catalog{Name: "Guide <!channel>", Path: "g.yaml"}, time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC))
	body, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	delete(got, "claimcheck") // the structured copy for other consumers, checked below
	wantText := "claimcheck nightly (Guide &lt;!channel&gt;): 1 new, 0 resolved since run 2\n" +
		"• outdated v4&lt;@\u2060U024BE7LH&gt;/release-note:2026-08-21 &lt;!channel&gt; &lt;https://evil.example|Click&gt;: " +
		"a &amp; b &lt;!here&gt; &lt;!everyone&gt; &lt;#C024BE7LR&gt; &lt;!subteam^SAZ94GDB8&gt; " +
		"@\u2060channel @\u2060here @\u2060everyone @\u2060U024 user@\u2060host \\x1b]8;;x\\x07\\u202e"
	want := map[string]any{"text": wantText, "parse": "none", "link_names": false, "unfurl_links": false, "unfurl_media": false}
	if len(got) != len(want) {
		t.Errorf("payload keys %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("payload %s:\n got %q\nwant %q", k, got[k], v)
		}
	}
	if p.Claimcheck.New[0].Message != out.Changes.New[0].Message {
		t.Error("the structured findings must stay the findings themselves (JSON-escaped, not Slack-escaped)")
	}
}

// FuzzSlackText: whatever the text, no Slack control sequence, mention or raw
// control character survives.
func FuzzSlackText(f *testing.F) {
	for _, s := range []string{"<!channel>", "<https://x|y>", "@here", "a&b", "\x1b[2J", "@\u2060x", "<@U1>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := slackText(s)
		if strings.ContainsAny(out, "<>\n") {
			t.Fatalf("slackText(%q) = %q keeps < > or a line break", s, out)
		}
		for i := 0; i < len(out); i++ {
			switch {
			case out[i] == '&' && !strings.HasPrefix(out[i:], "&amp;") && !strings.HasPrefix(out[i:], "&lt;") && !strings.HasPrefix(out[i:], "&gt;"):
				t.Fatalf("slackText(%q) = %q: bare & at %d", s, out, i)
			case out[i] == '@' && i+1 < len(out):
				if r, _ := utf8.DecodeRuneInString(out[i+1:]); unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
					t.Fatalf("slackText(%q) = %q: live mention at %d", s, out, i)
				}
			}
		}
		for _, r := range out {
			if r != '\u2060' && textsafe.Unsafe(r) {
				t.Fatalf("slackText(%q) = %q keeps %U", s, out, r)
			}
		}
	})
}

// TestLogShowsControls: the log, on a terminal or not, shows control and
// bidi characters in the message and in string, error and Stringer fields
// as visible escapes; a multi-line field keeps its lines (JSON-escaped).
func TestLogShowsControls(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log, err := newLogger(&buf, "debug")
	if err != nil {
		t.Fatal(err)
	}
	const evil = "a\x1b]52;c;ZXZpbA==\x07b\u202ec\u009b2J"
	log.Info("fetched "+evil, zap.String("title", evil), zap.Error(errors.New("bad "+evil)),
		zap.Stringer("url", stringer(evil)), zap.ByteString("body", []byte(evil)))
	log.With(zap.String("with", evil)).Warn("x", zap.String("stack", "goroutine 1:\n\tmain.go:1"))
	out := buf.String()
	for _, c := range out {
		if c != '\n' && c != '\t' && (unicode.IsControl(c) || textsafe.Unsafe(c)) {
			t.Fatalf("raw %U in the log:\n%q", c, out)
		}
	}
	// The JSON encoder escapes the backslash of a visible escape once more.
	if n := strings.Count(out, `a\\x1b]52;c;ZXZpbA==\\x07b\\u202ec\\x9b2J`); n != 6 {
		t.Errorf("visible escapes in %d places, want 6 (message, title, error, url, body, with):\n%s", n, out)
	}
	if !strings.Contains(out, `"stack":"goroutine 1:\n\tmain.go:1"`) {
		t.Errorf("a multi-line field lost its lines:\n%s", out)
	}
}

type stringer string

func (s stringer) String() string { return string(s) }
