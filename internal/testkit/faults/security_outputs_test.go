package faults

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/internal/testkit/simulator"
	"github.com/claimcheck/claimcheck/internal/textsafe"
)

// releaseTitle is the title of a release note in the world dated after the
// embedded catalog's as_of: the coverage.release-notes finding quotes it in
// its message, which every report and the webhook show.
const releaseTitle = "DeepSeek-V4-Flash-Vision-Exp Release"

// hostileTitle is what a hostile docs site puts after releaseTitle (HTML
// escaped in the page, so it reaches the extractor as text): a Slack channel
// ping and disguised link, bare mentions, an issue reference, a bare URL, and
// terminal escapes (OSC 52 clipboard write, CSI, a bidi override, a
// backspace, a carriage return).
const hostileTitle = "&lt;!channel&gt; &lt;https://evil.example|Click&gt; &lt;@U024BE7LH&gt; &lt;!subteam^SAZ94GDB8&gt; " +
	"@here @everyone @octocat #123 https://evil.example/x www.evil.example " +
	"\x1b]52;c;ZXZpbA==\x07\x1b[2J\u202egnp.exe\b\rX"

// hostileDocsWorld is the world with hostileTitle appended to releaseTitle
// wherever a docs page shows it (its own page and every sidebar).
func hostileDocsWorld(t *testing.T) []*cassette.Exchange {
	t.Helper()
	ex, err := cassette.LoadDir(worldDir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ex {
		if strings.Contains(e.URL, "api-docs.deepseek.com") && bytes.Contains(e.Body, []byte(releaseTitle)) {
			e.Body = bytes.ReplaceAll(e.Body, []byte(releaseTitle), []byte(releaseTitle+" "+hostileTitle))
			// A changed page: a revalidation from a warm cache gets it.
			e.Header = e.Header.Clone()
			e.Header.Set("ETag", `"hostile"`)
			e.Header.Del("Last-Modified")
			n++
		}
	}
	if n == 0 {
		t.Fatalf("no docs page of the world shows %q", releaseTitle)
	}
	return ex
}

// hookSink records the webhook POSTs it receives.
type hookSink struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (s *hookSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.bodies = append(s.bodies, b)
	s.mu.Unlock()
}

// liveMention finds what Slack (or a receiver that parses bare names, like
// Mattermost) would turn into a ping or a link: a control sequence in angle
// brackets, or "@" directly followed by a name.
var liveMention = regexp.MustCompile(`<[!@#]|<https?:|@[A-Za-z0-9_]`)

// TestWebhookTextIsInert: a nightly run in which a release note's title turns
// hostile (a new finding, as the title is part of its identity) carries a
// channel ping, a disguised link, mentions and terminal escapes posts a
// webhook message in which none of them is live: & < > are escaped as Slack
// requires, "@" is kept from every name by a WORD JOINER, control characters
// are shown as visible escapes, and the payload asks Slack not to parse or
// unfurl. The finding's line is compared byte for byte.
func TestWebhookTextIsInert(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := writeInputs(t, dir)
	state := filepath.Join(dir, "state.db")
	plain, err := cassette.LoadDir(worldDir)
	if err != nil {
		t.Fatal(err)
	}
	s0, err := simulator.New(simulator.Options{Exchanges: plain, Scale: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	defer s0.Close()
	if r := runCLI(t, envOf(s0, nil), runLimit, "nightly", "--catalog", f.catalog, "--config", f.config, "--now", now,
		"--quiet", "--state", state, "--fail-on", "none", "-o", filepath.Join(dir, "first.txt")); r.code != 0 && r.code != 3 {
		t.Fatalf("first nightly: exit %d\n%s", r.code, r.stderr)
	}
	s, err := simulator.New(simulator.Options{Exchanges: hostileDocsWorld(t), Scale: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sink := &hookSink{}
	hook := httptest.NewServer(sink)
	defer hook.Close()
	md := filepath.Join(dir, "nightly.md")
	r := runCLI(t, envOf(s, nil), runLimit, "nightly", "--catalog", f.catalog, "--config", f.config, "--now", now,
		"--quiet", "--state", state, "--fail-on", "none",
		"--webhook", hook.URL+"/services/T0/B0/secret", "--format", "markdown", "-o", md)
	if r.code != 0 && r.code != 3 {
		t.Fatalf("nightly: exit %d\n%s", r.code, r.stderr)
	}
	sink.mu.Lock()
	bodies := sink.bodies
	sink.mu.Unlock()
	if len(bodies) != 1 {
		t.Fatalf("%d webhook posts, want 1\n%s", len(bodies), r.stderr)
	}
	var p struct {
		Text        string `json:"text"`
		Parse       string `json:"parse"`
		LinkNames   *bool  `json:"link_names"`
		UnfurlLinks *bool  `json:"unfurl_links"`
		UnfurlMedia *bool  `json:"unfurl_media"`
	}
	if err := json.Unmarshal(bodies[0], &p); err != nil {
		t.Fatal(err)
	}
	if p.Parse != "none" || p.LinkNames == nil || *p.LinkNames || p.UnfurlLinks == nil || *p.UnfurlLinks ||
		p.UnfurlMedia == nil || *p.UnfurlMedia {
		t.Errorf("payload options: parse %q, link_names %v, unfurl_links %v, unfurl_media %v; want none, false, false, false",
			p.Parse, p.LinkNames, p.UnfurlLinks, p.UnfurlMedia)
	}
	var line string
	for _, l := range strings.Split(p.Text, "\n") {
		if strings.Contains(l, releaseTitle) {
			line = l
		}
	}
	if line == "" {
		t.Fatalf("no webhook line quotes the release note (the test would prove nothing):\n%s", p.Text)
	}
	const wj = "\u2060"
	want := "• outdated deepseek-v4/release-note:2026-08-21 " + releaseTitle + " &lt;!channel&gt; &lt;https://evil.example|Click&gt; " +
		"&lt;" + "@" + wj + "U024BE7LH&gt; &lt;!subteam^SAZ94GDB8&gt; @" + wj + "here @" + wj + "everyone @" + wj + "octocat #123 " +
		`https://evil.example/x www.evil.example \x1b]52;c;ZXZpbA==\x07\x1b[2J\u202egnp.exe\x08 X`
	if !strings.HasPrefix(line, strings.SplitN(want, ":", 2)[0]) || !strings.Contains(line, want[strings.Index(want, releaseTitle):]) {
		t.Errorf("webhook line\n got %q\nwant %q (after the finding's prefix)", line, want)
	}
	if m := liveMention.FindAllString(p.Text, -1); m != nil {
		t.Errorf("live mentions or links in the webhook text: %q\n%s", m, p.Text)
	}
	for _, c := range p.Text {
		if c != '\n' && c != '\u2060' && textsafe.Unsafe(c) { // the WORD JOINERs are ours
			t.Fatalf("raw %U in the webhook text: %q", c, p.Text)
		}
	}
	if strings.Contains(r.stderr, "secret") {
		t.Error("the webhook's secret path reached the log")
	}

	// The same run's Markdown report: nothing of the title is a mention, a
	// reference or a link, and no raw control character is left.
	raw, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	if !strings.Contains(doc, releaseTitle) {
		t.Fatal("the Markdown report does not quote the release note")
	}
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`@[A-Za-z0-9]`),                // @mention
		regexp.MustCompile(`(^|[^&])#[0-9]`),              // #123 (the &#8203; entity itself excepted)
		regexp.MustCompile(`(?i)https?://evil|www\.evil`), // bare-URL autolink
		regexp.MustCompile(`<[A-Za-z!/]`),                 // raw HTML
		regexp.MustCompile(`\]\(https?://evil`),           // a Markdown link to the hostile host
	} {
		if m := bad.FindString(strings.ReplaceAll(doc, "<br>", " ")); m != "" { // <br> joins our evidence links
			t.Errorf("Markdown report keeps %q (%s)", m, bad)
		}
	}
	for _, c := range doc {
		if c != '\n' && textsafe.Unsafe(c) {
			t.Errorf("raw %U in the Markdown report", c)
			break
		}
	}
	if !strings.Contains(doc, `@&#8203;here`) || !strings.Contains(doc, `https:&#8203;//evil.example/x`) {
		t.Errorf("Markdown report does not show the defused mention and URL as text:\n%s", doc)
	}
}

// TestTerminalOutputsShowControls: the text report of the same hostile world
// and the debug log on stderr hold no raw control, bidi or invisible format
// character; the OSC 52 clipboard write and the bidi override are shown as
// visible escapes.
func TestTerminalOutputsShowControls(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := writeInputs(t, dir)
	s, err := simulator.New(simulator.Options{Exchanges: hostileDocsWorld(t), Scale: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := runCLI(t, envOf(s, nil), runLimit, "audit", "--catalog", f.catalog, "--config", f.config, "--now", now,
		"--no-state", "--fail-on", "none", "--verbose", "--log-level", "debug")
	if r.code != 0 && r.code != 3 {
		t.Fatalf("audit: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, releaseTitle) {
		t.Fatal("the text report does not quote the release note (the test would prove nothing)")
	}
	for name, out := range map[string]string{"text report": r.stdout, "stderr": r.stderr} {
		for _, c := range out {
			if c != '\n' && c != '\t' && (unicode.IsControl(c) || textsafe.Unsafe(c)) {
				t.Errorf("%s: raw %U", name, c)
				break
			}
		}
	}
	for _, want := range []string{`\x1b]52;c;ZXZpbA==\x07`, `\u202egnp.exe\x08`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text report does not show %s visibly", want)
		}
	}
}

// controlCatalog is a valid catalog whose free text carries terminal escapes
// (OSC 8 hyperlink, OSC 52 clipboard write, CSI clear screen, a C1 CSI),
// bidi controls, a backspace and a carriage return, written as YAML
// double-quoted escapes.
const controlCatalog = `name: "Guide \e]8;;https://evil.example\a click \e]8;;\a"
as_of: 2026-05-10
organisations:
  github: [deepseek-ai]
hosts: [arxiv.org]
entries:
  - id: e1
    kind: paper
    name: "Paper \e]52;c;ZXZpbA==\a\e[2J \u202Egnp.exe\u202C \u2066iso\u2069 back\bspace over\rwrite \u009B31m"
    topic: "topic \u200B\uFEFF"
    sources:
      arxiv: [2412.19437]
    claims:
      - id: phrase
        type: phrase
        field: phrase
        value: "Title \e[31mred\e[0m \u202Dlro\u202C"
`

// TestCatalogListShowsControls: catalog list (text) prints every control,
// bidi and invisible format character of a catalog as a visible escape, and
// catalog list --format json writes each one as a JSON \u escape that
// decodes to the catalog's value; neither output holds one raw.
func TestCatalogListShowsControls(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "hostile.yaml")
	if err := os.WriteFile(path, []byte(controlCatalog), 0o644); err != nil {
		t.Fatal(err)
	}
	noRaw := func(name, out string) {
		t.Helper()
		for i, c := range out {
			if c != '\n' && c != '\t' && (unicode.IsControl(c) || textsafe.Unsafe(c)) {
				t.Errorf("%s: raw %U at byte %d", name, c, i)
				return
			}
		}
	}
	get := func(t *testing.T, args ...string) string {
		t.Helper()
		r := runCLI(t, func(string) string { return "" }, runLimit, args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
		return r.stdout
	}

	text := get(t, "catalog", "list", path)
	noRaw("catalog list", text)
	for _, want := range []string{
		`Guide \x1b]8;;https://evil.example\x07 click \x1b]8;;\x07 (as of 2026-05-10)`,
		`e1  [paper]  Paper \x1b]52;c;ZXZpbA==\x07\x1b[2J \u202egnp.exe\u202c \u2066iso\u2069 back\x08space over write \x9b31m`,
		`topic: topic \u200b\ufeff`,
		`Title \x1b[31mred\x1b[0m \u202dlro\u202c`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("catalog list does not show %q:\n%s", want, text)
		}
	}

	raw := get(t, "catalog", "list", "--format", "json", path)
	noRaw("catalog list --format json", raw)
	var c struct {
		Name    string
		Entries []struct {
			Name   string
			Claims []struct{ Value string }
		}
	}
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		t.Fatalf("catalog list --format json: %v", err)
	}
	if len(c.Entries) != 1 || !strings.Contains(c.Entries[0].Name, "\u009b31m") || !strings.Contains(c.Entries[0].Name, "\u202egnp") ||
		!strings.Contains(c.Name, "\x1b]8;;") {
		t.Errorf("the JSON does not decode to the catalog's values: %+v", c)
	}
	for _, want := range []string{`\u001b]52;c;`, `\u202e`, `\u009b31m`, `\u001b[2J`} {
		if !strings.Contains(raw, want) {
			t.Errorf("catalog list --format json does not escape %s", want)
		}
	}
}

// TestLintErrorsShowControls: lint errors name the catalog file; a file
// whose name carries a clear-screen sequence and a bidi override is named
// with both visible, on stderr and in the final error line.
func TestLintErrorsShowControls(t *testing.T) {
	t.Parallel()
	bad := strings.Replace(controlCatalog, "kind: paper", "kind: pamphlet", 1)
	path := filepath.Join(t.TempDir(), "bad\x1b[2J\u202elmay.yaml")
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, func(string) string { return "" }, runLimit, "catalog", "lint", path)
	if r.code != 2 {
		t.Fatalf("lint: exit %d, want 2\n%s", r.code, r.stderr)
	}
	if n := strings.Count(r.stderr, `bad\x1b[2J\u202elmay.yaml`); n != 2 {
		t.Errorf("the file name is shown visibly %d times, want 2 (the problem, the summary):\n%q", n, r.stderr)
	}
	for _, c := range r.stderr {
		if c != '\n' && (unicode.IsControl(c) || textsafe.Unsafe(c)) {
			t.Fatalf("lint output holds raw %U:\n%q", c, r.stderr)
		}
	}
}
