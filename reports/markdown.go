package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/claimcheck/claimcheck/checks"
)

// Size limits for Markdown output on GitHub.
const (
	// MarkdownSummaryLimit is GitHub's limit for one step's $GITHUB_STEP_SUMMARY (1 MiB).
	MarkdownSummaryLimit = 1 << 20
	// MarkdownCommentLimit is GitHub's limit for an issue or pull-request comment
	// (65,536 characters; counted here in bytes, which is stricter).
	MarkdownCommentLimit = 65536
)

// Markdown renders a summary table and, grouped by verdict, tables of the
// findings that are not verified, for pull-request comments and
// $GITHUB_STEP_SUMMARY. Fetched text is escaped so it cannot open links,
// images, HTML or table cells; the output never exceeds MaxBytes
// (MarkdownSummaryLimit when 0): rows that do not fit are counted in a note.
type Markdown struct {
	MaxBytes int
}

// Format implements Reporter.
func (*Markdown) Format() string { return "markdown" }

func (m *Markdown) configure(o Options) { m.MaxBytes = o.MaxBytes }

// mdEscaper escapes every character Markdown (GFM) or inline HTML could act on.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `{`, `\{`, `}`, `\}`, `[`, `\[`, `]`, `\]`,
	`(`, `\(`, `)`, `\)`, `#`, `\#`, `+`, `\+`, `!`, `\!`, `|`, `\|`, `~`, `\~`,
	`<`, `&lt;`, `>`, `&gt;`, `&`, `&amp;`,
)

// md makes text safe for one Markdown table cell or line: one line with
// control characters shown visibly (oneLine), every Markdown and HTML
// character escaped (mdEscaper), and GitHub's autolinks defused (mdInert).
func md(s string) string { return mdInert(mdEscaper.Replace(oneLine(s))) }

// zwsp is a ZERO WIDTH SPACE written as an HTML entity, so the Markdown
// source holds no invisible character and a reader of the raw text sees it.
const zwsp = "&#8203;"

// mdInert defuses what GitHub would turn into a notification or a live link
// in text that is already escaped by mdEscaper: a ZERO WIDTH SPACE goes after
// every "@" before a word character (an @mention, a team, the domain of an
// e-mail address), after "#" and "GH-" before a digit (issue and pull-request
// references), inside "://" and after "www" before "." (bare-URL autolinks).
// It renders as the same text; GitHub's mention, reference and autolink
// matchers need those characters adjacent, so none of them fires. This is
// the method Renovate uses for release notes it quotes (@&#8203;).
// Evidence links are made by mdLink from our own URLs and stay links.
func mdInert(s string) string {
	if !strings.ContainsAny(s, "@#:wWgG") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		c := s[i]
		b.WriteByte(c)
		next := byte(0)
		if i+1 < len(s) {
			next = s[i+1]
		}
		switch {
		case c == '@' && isWordByte(next):
			b.WriteString(zwsp)
		case c == '#' && isDigit(next):
			b.WriteString(zwsp)
		case c == '-' && i >= 2 && strings.EqualFold(s[i-2:i], "gh") && isDigit(next):
			b.WriteString(zwsp)
		case c == ':' && strings.HasPrefix(s[i+1:], "//"):
			b.WriteString(zwsp)
		case (c == 'w' || c == 'W') && i >= 2 && strings.EqualFold(s[i-2:i+1], "www") && next == '.':
			b.WriteString(zwsp)
		}
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isWordByte reports whether c may start a GitHub user or team name, or is a
// byte of a non-ASCII character (a conservative superset).
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_' || c == '-' || c >= 0x80
}

// mdLink renders a link to an http(s) URL with an escaped label; any other URL
// is shown as escaped text, never as a link.
func mdLink(label, u string) string {
	href := safeHref(u)
	if href == "" {
		return md(u)
	}
	// Encode the characters that would end the link destination early.
	href = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "|", "%7C").Replace(href)
	return "[" + md(label) + "](" + href + ")"
}

// Write implements Reporter.
func (m *Markdown) Write(w io.Writer, r *Report) error {
	r = Normalize(r)
	limit := m.MaxBytes
	if limit <= 0 {
		limit = MarkdownSummaryLimit
	}
	var b bytes.Buffer
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	writeMarkdownHeader(p, r)
	writeMarkdownTable(p, newVerdictTable(r))
	p("\n%s.\n\n", kindTotals(r))
	if len(r.Omitted) > 0 { // omitted.go
		p("Omitted by choice (catalog `omit`, not counted): %s\n\n", omittedLine(r.Omitted, md))
	}
	if r.Gate != nil {
		writeMarkdownGate(p, r.Gate)
	}
	// The rest is added row by row until the budget is spent.
	bud := &mdBudget{b: &b, limit: limit}
	if r.Changes != nil {
		bud.addChanges(r.Changes)
	}
	for _, v := range checks.Verdicts {
		if v != checks.Verified {
			bud.addVerdict(v, findingsOf(r.Findings, v))
		}
	}
	if bud.omitted > 0 {
		p("_%d more findings not shown: this summary reached its size limit of %d bytes. See the full report._\n", bud.omitted, limit)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("write markdown report: %w", err)
	}
	return nil
}

// mdCode shows s as inline code on one line; a backtick, which would end
// the code span, becomes a quote.
func mdCode(s string) string { return "`" + strings.ReplaceAll(oneLine(s), "`", "'") + "`" }

// writeMarkdownHeader writes the heading (the catalog's name) and the
// metadata line, which ends with the tool and its version.
func writeMarkdownHeader(p func(string, ...any), r *Report) {
	title := r.Catalog.Name
	if title == "" {
		title = "catalog"
	}
	p("## claimcheck: %s\n\n", md(title))
	meta := catalogMeta(r, mdCode, md)
	meta = append(meta, md(r.Tool.Name+" "+r.Tool.Version))
	p("%s\n\n", strings.Join(meta, " · "))
}

// writeMarkdownTable writes the verdict table: one row per verdict, one
// column per kind of finding, the totals in bold.
func writeMarkdownTable(p func(string, ...any), t verdictTable) {
	p("| Verdict |")
	for _, k := range t.Kinds {
		p(" %s |", titleCase(kindColumn(k)))
	}
	p(" Total |\n|---|%s---:|\n", strings.Repeat("---:|", len(t.Kinds)))
	for _, row := range t.Rows {
		p("| %s %s |", verdictEmoji[row.Verdict], row.Verdict)
		for _, n := range row.Counts {
			p(" %d |", n)
		}
		p(" %d |\n", row.Total)
	}
	p("| **total** |")
	for _, n := range t.ColTotal {
		p(" **%d** |", n)
	}
	p(" **%d** |\n", t.Total)
}

// writeMarkdownGate writes what a CI gate compared: the base and the ids
// added, changed and removed.
func writeMarkdownGate(p func(string, ...any), g *GateInfo) {
	p("### Gate against %s\n\n", mdCode(g.Base))
	p("%d added, %d changed, %d removed.\n\n", len(g.Added), len(g.Changed), len(g.Removed))
	for _, l := range gateLists(g) {
		if len(l.IDs) > 0 {
			esc := make([]string, len(l.IDs))
			for i, id := range l.IDs {
				esc[i] = md(id)
			}
			p("- **%s:** %s\n", titleCase(l.Label), strings.Join(esc, ", "))
		}
	}
	p("\n")
}

// mdBudget adds text to a Markdown report while it stays within limit,
// keeping room for the footer that says what was left out, and counts the
// findings left out.
type mdBudget struct {
	b       *bytes.Buffer
	limit   int
	omitted int
}

// mdFooterReserve is the room kept for the footer.
const mdFooterReserve = 256

// add writes s when it fits and reports whether it did.
func (m *mdBudget) add(s string) bool {
	if m.b.Len()+len(s)+mdFooterReserve > m.limit {
		return false
	}
	m.b.WriteString(s)
	return true
}

// addRow writes one finding's row, or counts it as left out.
func (m *mdBudget) addRow(s string) {
	if !m.add(s) {
		m.omitted++
	}
}

// addChanges adds what is new and what was resolved since the last run.
func (m *mdBudget) addChanges(c *Changes) {
	head := "### What changed since the last run"
	if c.PreviousRun != "" {
		head += " (" + md(c.PreviousRun) + ")"
	}
	m.add(fmt.Sprintf("%s\n\n%d new, %d resolved, %d silenced.\n\n", head, len(c.New), len(c.Resolved), c.Silenced))
	for _, part := range []struct {
		label string
		fs    []checks.Finding
	}{{"New", c.New}, {"Resolved", c.Resolved}} {
		if len(part.fs) == 0 {
			continue
		}
		if !m.add(fmt.Sprintf("**%s**\n\n", part.label)) {
			m.omitted += len(part.fs)
			continue
		}
		for _, f := range part.fs {
			m.addRow(fmt.Sprintf("- %s `%s` %s — %s\n", verdictEmoji[f.Verdict], f.Verdict, md(f.Ref()), md(clip(f.Message, 200))))
		}
		m.add("\n")
	}
}

// addVerdict adds the table of the findings fs of verdict v (none: nothing).
func (m *mdBudget) addVerdict(v checks.Verdict, fs []checks.Finding) {
	if len(fs) == 0 {
		return
	}
	head := fmt.Sprintf("### %s %s (%d)\n\n| Claim | Location | Catalog | Official | Message | Evidence |\n|---|---|---|---|---|---|\n",
		verdictEmoji[v], titleCase(string(v)), len(fs))
	if !m.add(head) {
		m.omitted += len(fs)
		return
	}
	for _, f := range fs {
		m.addRow(mdFindingRow(f))
	}
	m.add("\n")
}

// findingsOf are the findings of verdict v, in order.
func findingsOf(all []checks.Finding, v checks.Verdict) []checks.Finding {
	var fs []checks.Finding
	for _, f := range all {
		if f.Verdict == v {
			fs = append(fs, f)
		}
	}
	return fs
}

// mdFindingRow is one finding's table row: claim and field, location, the
// two values, the message (with the reason and any disagreement) and links
// to the deciding and a few supporting pages.
func mdFindingRow(f checks.Finding) string {
	msg := f.Message
	if f.Reason != "" {
		msg = strings.TrimSpace(msg + " (" + f.Reason + ")")
	}
	if f.Disagreement {
		msg = strings.TrimSpace(msg + " — official sources disagree")
	}
	var ev []string
	for i, e := range f.Evidence {
		if i == 1+checks.MaxSupportingEvidence {
			break
		}
		ev = append(ev, mdLink(string(e.Source), evidenceURL(e)))
	}
	if more := len(f.Evidence) - len(ev) + f.EvidenceOmitted; more > 0 {
		ev = append(ev, fmt.Sprintf("+%d more", more))
	}
	loc := posString(f.Location)
	if loc != "" {
		loc = strings.ReplaceAll(mdCode(loc), "|", "\\|")
	}
	return fmt.Sprintf("| %s (%s) | %s | %s | %s | %s | %s |\n",
		md(f.Ref()), md(f.Field), orDash(loc),
		orDash(md(clip(f.Expected, 120))), orDash(md(clip(f.Observed, 120))),
		md(clip(msg, 300)), orDash(strings.Join(ev, "<br>")))
}

// verdictEmoji marks verdicts in Markdown.
var verdictEmoji = map[checks.Verdict]string{
	checks.Verified:     "✅",
	checks.Contradicted: "❌",
	checks.Outdated:     "🕒",
	checks.Expired:      "⌛",
	checks.Missing:      "➕",
	checks.Unverified:   "❔",
	checks.Unreachable:  "🔌",
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
