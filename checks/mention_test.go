package checks

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claimcheck/claimcheck/checks/normalize"
)

func TestTokenIndex(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text, name string
		want       int
	}{
		{"Quill Mamba quill-mamba-v1 v0.1", "quill-mamba-v1", 12},
		{"QUILL-MAMBA-V1 retired", "quill-mamba-v1", 0},
		{"quill-mamba-v1.5 is new", "quill-mamba-v1", -1},             // a longer identifier
		{"old-quill-mamba-v1 gone", "quill-mamba-v1", -1},             // inside another name
		{"quill-mamba-v10 and quill-mamba-v1.", "quill-mamba-v1", 20}, // a full stop ends the sentence
		{"quill-mamba-v10 and quill-mamba-v1 ok", "quill-mamba-v1", 20},
		{"(quill-mamba-v1)", "quill-mamba-v1", 1},
		{"", "x", -1},
		{"x", "", -1},
		{"İstanbul quill", "quill", 10}, // non-ASCII text keeps its byte offsets
		{"use open-codestral-mamba.", "open-codestral-mamba", 4}, // a sentence's full stop
		{"open-codestral-mamba.5 is new", "open-codestral-mamba", -1},
	} {
		if got := tokenIndex(tc.text, tc.name); got != tc.want {
			t.Errorf("tokenIndex(%q, %q) = %d, want %d", tc.text, tc.name, got, tc.want)
		}
	}
}

func FuzzTokenIndex(f *testing.F) {
	f.Add("Quill Mamba quill-mamba-v1 v0.1", "quill-mamba-v1")
	f.Add("a-b a", "a")
	f.Fuzz(func(t *testing.T, text, name string) {
		i := tokenIndex(text, name)
		if i < 0 {
			return
		}
		if i+len(name) > len(text) || !strings.EqualFold(text[i:i+len(name)], name) {
			t.Fatalf("tokenIndex(%q, %q) = %d: not the name", text, name, i)
		}
		if !utf8.ValidString(text) || !utf8.ValidString(name) {
			return // the quote drops invalid bytes
		}
		if q := normalize.SnippetAround(text, i, i+len(name), 60); !strings.Contains(strings.ToLower(q), strings.ToLower(strings.TrimSpace(name))) && strings.TrimSpace(name) != "" {
			t.Fatalf("SnippetAround(%q) = %q lacks the name %q", text, q, name)
		}
	})
}
