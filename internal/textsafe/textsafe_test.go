package textsafe

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestVisible(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"plain text, 2 lines\n\tindented", "plain text, 2 lines\n\tindented"},
		{"red \x1b[31mX\x1b[0m", `red \x1b[31mX\x1b[0m`},
		{"osc8 \x1b]8;;https://evil.example\x07link\x1b]8;;\x07", `osc8 \x1b]8;;https://evil.example\x07link\x1b]8;;\x07`},
		{"osc52 \x1b]52;c;ZXZpbA==\x1b\\", `osc52 \x1b]52;c;ZXZpbA==\x1b\`},
		{"back\bspace", `back\x08space`},
		{"crlf\r\nline", "crlf\nline"},
		{"over\rwrite", `over\x0dwrite`},
		{"del\x7f c1 \u009b31m \u0085", `del\x7f c1 \x9b31m \x85`},
		{"bidi \u202eevil\u202c \u2066iso\u2069 \u200e\u200f\u061c", `bidi \u202eevil\u202c \u2066iso\u2069 \u200e\u200f\u061c`},
		{"lre \u202a rle \u202b pdf \u202c lro \u202d fsi \u2068 rli \u2067", `lre \u202a rle \u202b pdf \u202c lro \u202d fsi \u2068 rli \u2067`},
		{"zwsp\u200b bom\ufeff tag\U000e0041", `zwsp\u200b bom\ufeff tag\U000e0041`},
		{"sep\u2028para\u2029", `sep\u2028para\u2029`},
		{"bad utf8 \xff\xfe", `bad utf8 \xff\xfe`},
		{"emoji 👩\u200d💻 é 中文 nbsp\u00a0", "emoji 👩\u200d💻 é 中文 nbsp\u00a0"},
		{"nul\x00", `nul\x00`},
	} {
		if got := Visible(tc.in); got != tc.want {
			t.Errorf("Visible(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"a b", "a b"},
		{"  lead  and\ttrail \n", "lead and trail"},
		{"two\r\nlines\u2028sep", "two lines sep"},
		{"x\x1b[2Ky", `x\x1b[2Ky`},
		{"\u202eabc", `\u202eabc`},
		{"a\u0085b", "a b"}, // NEL is white space
		{"\xc0 z", `\xc0 z`},
	} {
		if got := Line(tc.in); got != tc.want {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	in := map[string]string{"v": "a\x1b[31m \u009b \x7f \u202e \U000e0041 \u2028 ok é"}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.ContainsRune(string(raw), '\u202e') || !strings.ContainsRune(string(raw), '\u009b') {
		t.Fatalf("encoding/json now escapes bidi and C1 itself: %s (JSON may be unnecessary)", raw)
	}
	out := JSON(raw)
	for _, r := range string(out) {
		if r != '\n' && r != '\t' && Unsafe(r) {
			t.Fatalf("JSON(%s) = %s keeps %U", raw, out, r)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("JSON output is not JSON: %v: %s", err, out)
	}
	if back["v"] != in["v"] {
		t.Fatalf("JSON changed the value: %q, want %q", back["v"], in["v"])
	}
	if want := `\u202e`; !strings.Contains(string(out), want) {
		t.Errorf("JSON(%s) = %s: no %s", raw, out, want)
	}
}

// checkVisible asserts the invariants of Visible's and Line's output.
func checkVisible(t *testing.T, in, out string, oneLine bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%q → %q: not valid UTF-8", in, out)
	}
	for _, r := range out {
		if Unsafe(r) {
			t.Fatalf("%q → %q keeps %U", in, out, r)
		}
		if oneLine && (r == '\n' || r == '\t') {
			t.Fatalf("%q → %q keeps a line break or tab", in, out)
		}
	}
	if oneLine && (strings.HasPrefix(out, " ") || strings.HasSuffix(out, " ") || strings.Contains(out, "  ")) {
		t.Fatalf("%q → %q: white space not collapsed", in, out)
	}
	// Nothing dangerous disappears without a trace: every dangerous rune
	// of the input is in the output as its escape.
	for _, r := range in {
		if r != '\r' && r != utf8.RuneError && Unsafe(r) && !(oneLine && unicode.IsSpace(r)) && !strings.Contains(out, Escape(r)) {
			t.Fatalf("%q → %q: %U left no visible trace", in, out, r)
		}
	}
}

func FuzzVisible(f *testing.F) {
	for _, s := range []string{"a\x1b[31mb", "x\r\ny", "\u202eabc", " lead  trail ", "\xff\u2066", "\x1b]52;c;Zm9v\x07", "\U000e0001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := Visible(s)
		checkVisible(t, s, v, false)
		if Visible(v) != v {
			t.Fatalf("Visible is not idempotent on %q: %q → %q", s, v, Visible(v))
		}
		l := Line(s)
		checkVisible(t, s, l, true)
		if Line(l) != l {
			t.Fatalf("Line is not idempotent on %q: %q → %q", s, l, Line(l))
		}
		if clean(s, true) && v != s {
			t.Fatalf("Visible changed clean %q to %q", s, v)
		}
		raw, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		j := JSON(raw)
		var back string
		if err := json.Unmarshal(j, &back); err != nil {
			t.Fatalf("JSON(%s) = %s: %v", raw, j, err)
		}
		var want string
		_ = json.Unmarshal(raw, &want)
		if back != want {
			t.Fatalf("JSON(%s) decodes to %q, want %q", raw, back, want)
		}
		for _, r := range string(j) {
			if Unsafe(r) {
				t.Fatalf("JSON(%s) = %s keeps %U", raw, j, r)
			}
		}
	})
}

var sink string

func BenchmarkLine(b *testing.B) {
	clean := strings.Repeat("DeepSeek-V3 Technical Report, 671B parameters, 128K context. ", 16)
	dirty := strings.Repeat("DeepSeek-V3 \x1b[31mTechnical\x1b[0m Report\u202e, 671B  parameters\r\n", 16)
	for _, c := range []struct{ name, s string }{{"clean", clean}, {"dirty", dirty}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.s)))
			b.ReportAllocs()
			for b.Loop() {
				sink = Line(c.s)
			}
		})
	}
}

func BenchmarkVisible(b *testing.B) {
	doc := strings.Repeat("<p class=\"msg\">arXiv v1 is dated 2025-01-22; a venue page states another date</p>\n", 4096)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		sink = Visible(doc)
	}
}
