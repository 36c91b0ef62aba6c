package checks

import (
	"strings"
	"testing"
)

func TestTokenIndex(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text, name string
		want       int
	}{
		{"Quill Mamba quill-mamba-v1 v0.1", "quill-mamba-v1", 12},
		{"QUILL-MAMBA-V1 retired", "quill-mamba-v1", 0},
		{"quill-mamba-v1.5 is new", "quill-mamba-v1", -1}, // a longer identifier
		{"old-quill-mamba-v1 gone", "quill-mamba-v1", -1}, // inside another name
		{"quill-mamba-v10 and quill-mamba-v1.", "quill-mamba-v1", -1},
		{"quill-mamba-v10 and quill-mamba-v1 ok", "quill-mamba-v1", 20},
		{"(quill-mamba-v1)", "quill-mamba-v1", 1},
		{"", "x", -1},
		{"x", "", -1},
		{"İstanbul quill", "quill", -1}, // lower-casing changes byte offsets: no quote
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
		if q := around(text, i, i+len(name), 60); !strings.Contains(strings.ToLower(q), strings.ToLower(strings.TrimSpace(name))) && strings.TrimSpace(name) != "" {
			t.Fatalf("around(%q) = %q lacks the name %q", text, q, name)
		}
	})
}
