package textsafe

import (
	"testing"
	"unicode/utf8"
)

func TestClip(t *testing.T) {
	t.Parallel()
	type in struct {
		s string
		n int
	}
	want := map[in]string{
		{"", 5}:            "",
		{"short", 5}:       "short",
		{"longer", 5}:      "long…",
		{"héllo wörld", 6}: "héllo…",
		{"日本語のテキスト", 4}:    "日本語…",
	}
	for in, out := range want {
		if got := Clip(in.s, in.n); got != out {
			t.Errorf("Clip(%q, %d) = %q, want %q", in.s, in.n, got, out)
		}
	}
}

func FuzzClip(f *testing.F) {
	f.Add("a long value", 4)
	f.Add("日本語", 1)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 1 || n > 1000 {
			t.Skip()
		}
		got := Clip(s, n)
		if utf8.RuneCountInString(s) <= n {
			if got != s {
				t.Fatalf("Clip(%q, %d) = %q: a short string must stay as it is", s, n, got)
			}
			return
		}
		if c := utf8.RuneCountInString(got); c != n {
			t.Fatalf("Clip(%q, %d) = %q: %d runes, want %d", s, n, got, c, n)
		}
	})
}
