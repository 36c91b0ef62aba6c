package reports

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/internal/textsafe"
)

func TestMarkdownDefusesMentionsAndLinks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"ping @octocat and @org/team", "ping @&#8203;octocat and @&#8203;org/team"},
		{"mail a@b.example", "mail a@&#8203;b.example"},
		{"fixes #123, owner/repo#45 and GH-6", `fixes \#&#8203;123, owner/repo\#&#8203;45 and GH-&#8203;6`},
		{"see https://evil.example/x or HTTP://Evil.example", "see https:&#8203;//evil.example/x or HTTP:&#8203;//Evil.example"},
		{"www.evil.example and WWW.EVIL.EXAMPLE", "www&#8203;.evil.example and WWW&#8203;.EVIL.EXAMPLE"},
		{"@ alone, #a, gh-x, ratio 1:2, www-x", `@ alone, \#a, gh-x, ratio 1:2, www-x`},
		{"<!channel> <https://evil.example|Click>", "&lt;\\!channel&gt; &lt;https:&#8203;//evil.example\\|Click&gt;"},
	} {
		if got := md(tc.in); got != tc.want {
			t.Errorf("md(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// TestMarkdownReportKeepsOwnLinks: fetched text in every column is inert,
// while the evidence URLs of the findings stay links.
func TestMarkdownReportKeepsOwnLinks(t *testing.T) {
	t.Parallel()
	r := sampleReport()
	f := &r.Findings[2]
	f.Observed = "128K, says @octocat at https://evil.example (#7)"
	f.Message = "www.evil.example @here"
	f.Reason = "mail root@evil.example"
	out := string(render(t, "markdown", r))
	if !strings.Contains(out, "](https://huggingface.co/deepseek-ai/DeepSeek-V3/raw/main/README.md)") {
		t.Error("an evidence URL is no longer a link")
	}
	assertMarkdownInert(t, out)
	for _, want := range []string{"@&#8203;octocat", "https:&#8203;//evil.example", `\#&#8203;7`, "www&#8203;.evil.example", "@&#8203;here", "root@&#8203;evil.example"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown report lacks %q", want)
		}
	}
}

var (
	mdMention = regexp.MustCompile(`@[A-Za-z0-9_\-\x{80}-\x{10ffff}]`)
	mdRef     = regexp.MustCompile(`(^|[^&])#[0-9]|(?i)gh-[0-9]`)
	mdBareURL = regexp.MustCompile(`(?i)[a-z]://|www\.`)
)

// assertMarkdownInert fails if out holds a live @mention, issue reference,
// bare URL outside our own link destinations, or a raw control character.
func assertMarkdownInert(t *testing.T, out string) {
	t.Helper()
	text := regexp.MustCompile(`\]\(https://[^)\s]*\)`).ReplaceAllString(out, "](LINK)")
	for _, re := range []*regexp.Regexp{mdMention, mdRef, mdBareURL} {
		if m := re.FindString(text); m != "" {
			t.Errorf("live %q (%s) in markdown:\n%s", m, re, out)
		}
	}
	for _, c := range out {
		if c != '\n' && textsafe.Unsafe(c) {
			t.Errorf("raw %U in markdown", c)
			return
		}
	}
}

// FuzzMarkdownInert: whatever the text, one cell of Markdown holds no live
// mention, reference or bare URL and no raw control character.
func FuzzMarkdownInert(f *testing.F) {
	for _, s := range []string{"@octocat", "#1 gh-2 GH-3", "https://x.example www.y.example", "a@b.c", "&#8203;", "@\u200b@x", "x\x1b[1m#9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := md(s)
		for _, re := range []*regexp.Regexp{mdMention, mdRef, mdBareURL} {
			if m := re.FindString(out); m != "" {
				t.Fatalf("md(%q) = %q keeps %q (%s)", s, out, m, re)
			}
		}
		for _, c := range out {
			if textsafe.Unsafe(c) || c == '\n' || c == '\t' {
				t.Fatalf("md(%q) = %q keeps %U", s, out, c)
			}
		}
	})
}

// allControls is every C0 and C1 control, DEL, and the bidi controls.
func allControls() string {
	var b strings.Builder
	for r := rune(0); r < 0xa0; r++ {
		if r < 0x20 || r >= 0x7f {
			b.WriteRune(r)
		}
	}
	b.WriteString("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\ufeff")
	return b.String()
}

// hostileReport puts allControls into every text the reports show.
func hostileReport() *Report {
	c := allControls()
	r := sampleReport()
	r.Catalog.Name += c
	r.Catalog.Path += c
	r.Catalog.AsOf += c
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Message += c
		f.Expected += c
		f.Observed += c
		f.Reason += c
		f.Entry += c
		f.Claim += c
		for j := range f.Evidence {
			f.Evidence[j].Quote += c
			f.Evidence[j].Locator += c
		}
	}
	for i := range r.Entries {
		r.Entries[i].Name += c
		r.Entries[i].ID += c
	}
	r.Gate = &GateInfo{Base: "origin/main" + c, Added: []string{"e1" + c}, Changed: []string{}, Removed: []string{}}
	r.Changes = &Changes{PreviousRun: "41" + c, New: r.Findings[:2], Resolved: r.Findings[2:3]}
	return r
}

// TestHTMLHasNoRawControls: html/template escapes markup but not control
// characters; the HTML report shows each as a visible escape.
func TestHTMLHasNoRawControls(t *testing.T) {
	t.Parallel()
	out := string(render(t, "html", hostileReport()))
	for i, c := range out {
		if c != '\n' && c != '\t' && (unicode.IsControl(c) || textsafe.Unsafe(c)) {
			t.Fatalf("raw %U at byte %d of the HTML report: %q", c, i, out[max(0, i-80):min(len(out), i+40)])
		}
	}
	for _, want := range []string{`\x1b\x1c`, `\x7f\x80`, `\x9b`, `\u202e`, `\u2066`} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML report does not show %s", want)
		}
	}
}

// TestTerminalFormatsHaveNoRawControls: the text, Markdown, JUnit, SARIF
// and JSON reports of the same findings hold no raw control, bidi or
// invisible format character (JSON and SARIF as \u escapes that decode to
// the same text).
func TestTerminalFormatsHaveNoRawControls(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"text", "markdown", "junit", "sarif", "json"} {
		out := string(render(t, name, hostileReport(), WithVerbose(true)))
		for i, c := range out {
			if c != '\n' && c != '\t' && (unicode.IsControl(c) || textsafe.Unsafe(c)) {
				t.Errorf("%s: raw %U at byte %d", name, c, i)
				break
			}
		}
	}
	var back Report
	if err := json.Unmarshal(render(t, "json", hostileReport()), &back); err != nil {
		t.Fatal(err)
	}
	c := allControls()
	found := false
	for _, f := range back.Findings {
		if f.Verdict == checks.Contradicted && strings.HasSuffix(f.Message, c) {
			found = true
		}
	}
	if !found {
		t.Error("the JSON report does not decode to the findings' text")
	}
}
