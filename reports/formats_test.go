package reports

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/claimcheck/claimcheck/crawler/record"
)

func TestTextListsOnlyProblemsUnlessVerbose(t *testing.T) {
	t.Parallel()
	plain := string(render(t, "text", sampleReport()))
	verbose := string(render(t, "text", sampleReport(), WithVerbose(true)))
	verifiedLine := regexp.MustCompile(`(?m)^  VERIFIED `)
	if verifiedLine.MatchString(plain) {
		t.Error("verified findings listed without verbose")
	}
	if !strings.Contains(plain, "3 verified findings not listed") {
		t.Error("verified findings not counted")
	}
	if got := len(verifiedLine.FindAllString(verbose, -1)); got != 3 {
		t.Errorf("verbose lists %d verified findings, want 3", got)
	}
	for _, want := range []string{
		"contradicted          2", "CONTRADICTED context [context_length]  catalog/deepseek.yaml:47:14",
		"catalog: 64K   official: 128K", "evidence: https://huggingface.co/deepseek-ai/DeepSeek-V3/raw/main/README.md",
		"reason: 5xx: 503 after 3 retries", "official sources disagree (2 quoted)",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("text report lacks %q", want)
		}
	}
}

func TestTextStripsControlCharacters(t *testing.T) {
	t.Parallel()
	r := sampleReport()
	r.Findings[2].Message = "bad \x1b[2J\x1b]0;title\x07 news\r\nmore\u202eevil"
	out := string(render(t, "text", r, WithVerbose(true)))
	for _, c := range out {
		if c != '\n' && (unicode.IsControl(c) || c == '\u202e') {
			t.Fatalf("control character %U in text output", c)
		}
	}
	// Shown visibly (textsafe.Line), so a reader sees that something is there.
	if !strings.Contains(out, `bad \x1b[2J\x1b]0;title\x07 news more\u202eevil`) {
		t.Errorf("message not reduced to one line with visible escapes:\n%s", out)
	}
}

func TestMarkdownEscapesFetchedText(t *testing.T) {
	t.Parallel()
	r := sampleReport()
	r.Findings[2].Observed = "128K | <img src=x onerror=alert(1)> [link](javascript:alert(1)) **b**"
	out := string(render(t, "markdown", r))
	row := ""
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "deepseek-v3/context") && strings.HasPrefix(l, "|") {
			row = l
		}
	}
	if row == "" {
		t.Fatal("no row for deepseek-v3/context")
	}
	// A row keeps its 7 unescaped pipes (6 cells) whatever the text holds.
	if n := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(row, -1)); n != 7 {
		t.Errorf("row has %d cell separators, want 7: %s", n, row)
	}
	for _, bad := range []string{"<img", "](javascript:", "**b**"} {
		if strings.Contains(row, bad) {
			t.Errorf("row contains active markdown %q: %s", bad, row)
		}
	}
	// The javascript: evidence URL is text, never a link.
	if strings.Contains(out, "](javascript:") {
		t.Error("javascript: URL became a link")
	}
	if !strings.Contains(out, "[arxiv](https://export.arxiv.org/api/query?id_list=2501.12948)") {
		t.Error("http evidence is not a link")
	}
}

func TestMarkdownRespectsMaxBytes(t *testing.T) {
	t.Parallel()
	r := sampleReport()
	base := r.Findings[2]
	for i := 0; i < 2000; i++ {
		f := base
		f.Claim = fmt.Sprintf("claim-%04d", i)
		f.Message = strings.Repeat("a long explanation ", 12)
		f.Evidence = []record.Evidence{base.Evidence[0], base.Evidence[0], base.Evidence[0], base.Evidence[0]}
		r.Findings = append(r.Findings, f)
	}
	for _, limit := range []int{MarkdownCommentLimit, 20000} {
		out := render(t, "markdown", r, WithMaxBytes(limit))
		if len(out) > limit {
			t.Errorf("limit %d: output is %d bytes", limit, len(out))
		}
		if len(out) < limit/2 {
			t.Errorf("limit %d: output is only %d bytes", limit, len(out))
		}
		m := regexp.MustCompile(`_(\d+) more findings not shown`).FindSubmatch(out)
		if m == nil {
			t.Fatalf("limit %d: no note on omitted findings", limit)
		}
		var omitted int
		if _, err := fmt.Sscan(string(m[1]), &omitted); err != nil {
			t.Fatal(err)
		}
		// Every non-verified finding is either a table row or counted as omitted.
		rows := strings.Count(string(out), "\n| deepseek") + strings.Count(string(out), "\n| api-models") +
			strings.Count(string(out), "\n| organisation")
		if rows+omitted != 2007 {
			t.Errorf("limit %d: %d rows + %d omitted, want 2007", limit, rows, omitted)
		}
	}
	if out := render(t, "markdown", sampleReport()); strings.Contains(string(out), "not shown") {
		t.Error("the small sample was truncated")
	}
}

func TestHTMLSafety(t *testing.T) {
	t.Parallel()
	out := string(render(t, "html", sampleReport()))
	if strings.Contains(out, "<script>document") || strings.Contains(out, "<img src=x") {
		t.Error("hostile markup copied unescaped")
	}
	if strings.Contains(out, `href="javascript:`) || strings.Contains(out, "#ZgotmplZ") {
		t.Error("unsafe URL rendered as a link")
	}
	if strings.Count(out, "<script>") != 1 {
		t.Errorf("%d script elements, want exactly the page's own", strings.Count(out, "<script>"))
	}
	for _, ext := range []string{`src="http`, `href="//`, `@import`, `url(http`} {
		if strings.Contains(out, ext) {
			t.Errorf("external asset reference %q", ext)
		}
	}
	// The CSP hash is the hash of the one inline script.
	m := regexp.MustCompile(`(?s)<script>(.*)</script>`).FindStringSubmatch(out)
	sum := sha256.Sum256([]byte(m[1]))
	want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	csp := regexp.MustCompile(`http-equiv="Content-Security-Policy" content="([^"]*)"`).FindStringSubmatch(out)
	if csp == nil {
		t.Fatal("no Content-Security-Policy")
	}
	policy := html.UnescapeString(csp[1])
	if !strings.Contains(policy, "script-src "+want) || !strings.Contains(policy, "default-src 'none'") {
		t.Errorf("CSP %q does not allow exactly the inline script %s", policy, want)
	}
	for _, section := range []string{`id="gate"`, `id="changes"`, `id="timeline"`, `id="sources"`, `id="health"`} {
		if !strings.Contains(out, section) {
			t.Errorf("section %s missing", section)
		}
	}
	// Without changes and gate those sections are left out.
	r := sampleReport()
	r.Changes, r.Gate = nil, nil
	out = string(render(t, "html", r))
	if strings.Contains(out, `id="gate"`) || strings.Contains(out, `id="changes"`) {
		t.Error("gate/changes sections rendered without data")
	}
}

func TestTimeline(t *testing.T) {
	t.Parallel()
	tl := buildTimeline(Normalize(sampleReport()))
	if tl == nil {
		t.Fatal("no timeline for a report with date findings")
	}
	// year, published ×2, retirement: 4 rows; context_length is not a date field.
	if len(tl.Rows) != 4 {
		t.Errorf("%d rows, want 4", len(tl.Rows))
	}
	if !tl.ShowNow {
		t.Error("now not drawn")
	}
	if len(tl.Legend) != 3 {
		t.Errorf("legend %+v, want verified, contradicted, expired", tl.Legend)
	}
	r := sampleReport()
	r.Findings = r.Findings[2:4] // context and venue: no dates
	if buildTimeline(Normalize(r)) != nil {
		t.Error("timeline drawn without date findings")
	}
}

func TestParseLooseDate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"2024", "2024", true}, {"2024-12", "2024-12", true}, {"2024-12-27", "2024-12-27", true},
		{"2024-12-27T18:46:44Z", "2024-12-27", true}, {" 2025-01-22 (v1)", "2025-01-22", true},
		{"2024-13", "", false}, {"2024-02-40", "", false}, {"Nature 645", "", false}, {"", "", false},
	} {
		d, ok := parseLooseDate(tc.in)
		if ok != tc.ok || (ok && d.String() != tc.want) {
			t.Errorf("parseLooseDate(%q) = %v, %v; want %q, %v", tc.in, d, ok, tc.want, tc.ok)
		}
	}
}

func TestSafeHref(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://arxiv.org/abs/2412.19437": "https://arxiv.org/abs/2412.19437",
		"HTTP://example.org/x":             "HTTP://example.org/x",
		"javascript:alert(1)":              "",
		"JaVaScRiPt:alert(1)":              "",
		"data:text/html,<script>":          "",
		"//evil.example/x":                 "",
		"/relative":                        "",
		" https://api-docs.deepseek.com/ ": "https://api-docs.deepseek.com/",
	} {
		if got := safeHref(in); !strings.EqualFold(got, want) {
			t.Errorf("safeHref(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseLooseDate(f *testing.F) {
	for _, s := range []string{"2024", "2024-12", "2024-12-27T18:46:44Z", "0000-00-00", "9999-99", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseLooseDate(s)
		if !ok {
			return
		}
		if d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Day > 31 {
			t.Fatalf("parseLooseDate(%q) = %+v", s, d)
		}
		if !strings.HasPrefix(strings.TrimSpace(s), fmt.Sprintf("%04d", d.Year)) {
			t.Fatalf("year %d not at the start of %q", d.Year, s)
		}
	})
}

// FuzzMarkdownCell checks that no text can break out of a table cell or
// become a link, image or HTML.
func FuzzMarkdownCell(f *testing.F) {
	for _, s := range []string{"a | b", "<script>x</script>", "[x](javascript:y)", "![i](http://x)", "\\|", "`a|b`", "\n|\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := md(s)
		if strings.ContainsAny(out, "\n\r<>") {
			t.Fatalf("md(%q) = %q holds a line break or angle bracket", s, out)
		}
		// Every pipe, bracket and backtick is preceded by an odd number of backslashes.
		for i := 0; i < len(out); i++ {
			switch out[i] {
			case '|', '[', ']', '`', '*', '_':
				n := 0
				for j := i - 1; j >= 0 && out[j] == '\\'; j-- {
					n++
				}
				if n%2 == 0 {
					t.Fatalf("md(%q) = %q: unescaped %q at %d", s, out, out[i], i)
				}
			}
		}
	})
}

func FuzzOneLine(f *testing.F) {
	for _, s := range []string{"a\x1b[31mb", "x\r\ny", "\u202eabc", " lead  trail "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := oneLine(s)
		for _, r := range out {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) && r != '\u200d' {
				t.Fatalf("oneLine(%q) = %q keeps %U", s, out, r)
			}
		}
		if strings.HasPrefix(out, " ") || strings.HasSuffix(out, " ") || strings.Contains(out, "  ") {
			t.Fatalf("oneLine(%q) = %q: spaces not collapsed", s, out)
		}
	})
}
