package gate

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/textsafe"
)

func TestEscape(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, data, prop string }{
		{"plain text", "plain text", "plain text"},
		{"100%", "100%25", "100%25"},
		{"a\nb", "a%0Ab", "a%0Ab"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"k: v, w", "k: v, w", "k%3A v%2C w"},
		{"%0A literal", "%250A literal", "%250A literal"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
		{"", "", ""},
	}
	for _, tc := range tests {
		if got := EscapeData(tc.in); got != tc.data {
			t.Errorf("EscapeData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := EscapeProperty(tc.in); got != tc.prop {
			t.Errorf("EscapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

func TestAnnotationString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a    Annotation
		want string
	}{
		{"full", Annotation{Level: LevelError, File: "catalog/default/deepseek.yaml", Line: 42, Col: 16, Title: "claim.date", Message: "v3/published: contradicted"},
			"::error file=catalog/default/deepseek.yaml,line=42,col=16,title=claim.date::v3/published: contradicted"},
		{"no position", Annotation{Level: LevelWarning, File: "guide.yaml", Title: "claimcheck gate", Message: "base invalid"},
			"::warning file=guide.yaml,title=claimcheck gate::base invalid"},
		{"no properties", Annotation{Level: LevelNotice, Message: "hello"}, "::notice::hello"},
		{"hostile file and message", Annotation{Level: LevelError, File: "a,line=1:b.yaml", Line: 3, Message: "x\n::set-output name=y::z%"},
			"::error file=a%2Cline=1%3Ab.yaml,line=3::x%0A::set-output name=y::z%25"},
	}
	for _, tc := range tests {
		if got := tc.a.String(); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
	long := Annotation{Level: LevelError, Message: strings.Repeat("é", 3*MaxMessage)}
	if n := utf8.RuneCountInString(strings.TrimPrefix(long.String(), "::error::")); n != MaxMessage {
		t.Errorf("long message kept %d runes, want %d", n, MaxMessage)
	}
}

var unescapeProperty = strings.NewReplacer("%25", "%", "%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",")

// FuzzAnnotation: whatever the text, the command is one line, its properties
// split cleanly and decode back to the input with its control characters
// shown visibly (textsafe.Visible).
func FuzzAnnotation(f *testing.F) {
	f.Add("catalog/x.yaml", "claim.date", "v3/published: contradicted")
	f.Add("a,b:c", "t\r\n", "%0A\n::error::x")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, file, title, msg string) {
		if !utf8.ValidString(msg) {
			return
		}
		a := Annotation{Level: LevelWarning, File: file, Line: 7, Col: 3, Title: title, Message: msg}
		s := a.String()
		if strings.ContainsAny(s, "\r\n") {
			t.Fatalf("annotation spans lines: %q", s)
		}
		rest, ok := strings.CutPrefix(s, "::warning ")
		if !ok {
			t.Fatalf("bad prefix: %q", s)
		}
		props, data, ok := strings.Cut(rest, "::")
		if !ok {
			t.Fatalf("no message separator: %q", s)
		}
		got := map[string]string{}
		for _, p := range strings.Split(props, ",") {
			k, v, ok := strings.Cut(p, "=")
			if !ok {
				t.Fatalf("property %q has no '=' in %q", p, s)
			}
			got[k] = unescapeProperty.Replace(v)
		}
		want := map[string]string{"line": "7", "col": "3"}
		if file != "" {
			want["file"] = textsafe.Visible(file)
		}
		if title != "" {
			want["title"] = textsafe.Visible(title)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("properties (-want +got):\n%s\nin %q", diff, s)
		}
		if back := unescapeProperty.Replace(data); back != textsafe.Visible(textsafe.Clip(msg, MaxMessage)) {
			t.Fatalf("message %q decodes to %q", msg, back)
		}
	})
}

func TestFindingAnnotations(t *testing.T) {
	t.Parallel()
	pos := func(line int) catalog.Pos { return catalog.Pos{File: "guide.yaml", Line: line, Column: 16} }
	o := Outcome{
		Failed: []checks.Finding{{Entry: "v3", Claim: "published", Check: "claim.date", Verdict: checks.Contradicted,
			Expected: "2025-01", Observed: "2024-12-27T04:03:16Z", Message: "arXiv states 2024-12-27", Location: pos(25),
			Evidence: []record.Evidence{{URL: "https://export.arxiv.org/api/query?id_list=2412.19437&max_results=1"}}}},
		Unreachable: []checks.Finding{{Entry: "math", Claim: "published", Check: "claim.date", Verdict: checks.Unreachable,
			Expected: "2024-02", Reason: "timeout", Location: pos(60)}},
		Warnings: []checks.Finding{{Entry: "v3", Claim: "year", Check: "claim.date", Verdict: checks.Contradicted,
			Expected: "2023", Observed: "2024", Location: pos(30)}},
	}
	as := FindingAnnotations(o)
	var buf bytes.Buffer
	if err := WriteAnnotations(&buf, as); err != nil {
		t.Fatal(err)
	}
	want := "::error file=guide.yaml,line=25,col=16,title=claim.date::v3/published: changed claim is contradicted; a new or changed claim must be verified by an official source. Catalog: \"2025-01\"; official: \"2024-12-27T04:03:16Z\". arXiv states 2024-12-27. Evidence: https://export.arxiv.org/api/query?id_list=2412.19437&max_results=1\n" +
		"::error file=guide.yaml,line=60,col=16,title=claim.date::math/published: changed claim could not be verified: its official source was unreachable. Catalog: \"2024-02\"; official: \"none found\" (timeout)\n" +
		"::warning file=guide.yaml,line=30,col=16,title=claim.date::v3/year: contradicted (not touched by this change; does not fail the gate). Catalog: \"2023\"; official: \"2024\"\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("annotations (-want +got):\n%s", diff)
	}
}

func TestLintAnnotations(t *testing.T) {
	t.Parallel()
	_, err := catalog.Parse("guide.yaml", []byte("name: T\nas_of: 2026-05-10\nentries:\n  - {id: x, kind: paper}\n  - {id: y, kind: nonsense, name: Y}\n"))
	var errs catalog.Errors
	if !errors.As(err, &errs) || len(errs) < 2 {
		t.Fatalf("want several catalog errors, got %v", err)
	}
	as := LintAnnotations(errs, func(f string) string { return "sub/" + f })
	if len(as) != len(errs) {
		t.Fatalf("%d annotations for %d errors", len(as), len(errs))
	}
	for i, a := range as {
		e := errs[i]
		if a.Level != LevelError || a.File != "sub/guide.yaml" || a.Line != e.Pos.Line || a.Col != e.Pos.Column || !strings.Contains(a.Message, e.Msg) {
			t.Errorf("annotation %d = %+v for error %v", i, a, e)
		}
	}
}

func TestStopCommands(t *testing.T) {
	t.Parallel()
	tok, err := NewStopToken()
	if err != nil {
		t.Fatal(err)
	}
	if tok2, _ := NewStopToken(); tok2 == tok || len(tok) != 32 {
		t.Fatalf("tokens %q, %q: want distinct 32-hex-digit tokens", tok, tok2)
	}
	for _, body := range []string{"report\n::error::injected\n", "no trailing newline", ""} {
		var buf bytes.Buffer
		err := StopCommands(&buf, tok, func(w io.Writer) error {
			_, err := io.WriteString(w, body)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		if lines[0] != "::stop-commands::"+tok || lines[len(lines)-1] != "::"+tok+"::" {
			t.Errorf("body %q fenced as %q", body, buf.String())
		}
		if !strings.Contains(buf.String(), body) {
			t.Errorf("body %q lost: %q", body, buf.String())
		}
	}
	boom := errors.New("boom")
	var buf bytes.Buffer
	if err := StopCommands(&buf, tok, func(io.Writer) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("error = %v, want boom", err)
	}
	if !strings.HasSuffix(buf.String(), "::"+tok+"::\n") {
		t.Errorf("commands not resumed after an error: %q", buf.String())
	}
}

func TestCap(t *testing.T) {
	t.Parallel()
	var as []Annotation
	for i := 1; i <= 13; i++ {
		as = append(as, Annotation{Level: LevelError, Line: i, Message: "e"})
	}
	for i := 1; i <= 3; i++ {
		as = append(as, Annotation{Level: LevelWarning, Line: 100 + i, Message: "w"})
	}
	got := Cap(as, 10)
	if len(got) != 10+3+1 {
		t.Fatalf("%d annotations, want 14: %v", len(got), got)
	}
	for i := 0; i < 10; i++ {
		if got[i].Level != LevelError || got[i].Line != i+1 {
			t.Errorf("annotation %d = %+v, want error at line %d", i, got[i], i+1)
		}
	}
	last := got[len(got)-1]
	if last.Level != LevelNotice || !strings.HasPrefix(last.Message, "3 more error annotations not shown") {
		t.Errorf("overflow notice = %+v", last)
	}
	if len(Cap(as, 0)) != len(as) || len(Cap(as[:5], 10)) != 5 {
		t.Error("Cap dropped annotations it should keep")
	}
}
