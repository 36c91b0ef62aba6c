package reports

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/textsafe"
)

// Summarize counts findings per verdict; every verdict of checks.Verdicts is
// present, with 0 when no finding has it.
func Summarize(findings []checks.Finding) map[checks.Verdict]int {
	m := make(map[checks.Verdict]int, len(checks.Verdicts))
	for _, v := range checks.Verdicts {
		m[v] = 0
	}
	for _, f := range findings {
		m[f.Verdict]++
	}
	return m
}

// Normalize returns a copy of r that every reporter renders the same way: the
// schema version and tool name filled in, the summary computed from the
// findings when absent and completed with every verdict, findings and the
// other unordered lists sorted, and nil lists replaced by empty ones. r itself
// is not modified.
func Normalize(r *Report) *Report {
	if r == nil {
		r = &Report{}
	}
	n := normalizeRest(r)
	n.Findings = sortedFindings(r.Findings)
	return n
}

// normalizeRest is Normalize without the findings: the copy it returns
// shares r.Findings, unsorted. A streaming reporter walks the findings in
// findingOrder instead of copying them.
func normalizeRest(r *Report) *Report {
	n := *r
	if n.SchemaVersion == "" {
		n.SchemaVersion = SchemaVersion
	}
	if n.Tool.Name == "" {
		n.Tool.Name = "claimcheck"
	}
	if n.Tool.Version == "" {
		n.Tool.Version = "dev"
	}
	if n.Summary == nil {
		n.Summary = Summarize(r.Findings)
	} else {
		s := make(map[checks.Verdict]int, len(checks.Verdicts))
		for k, v := range r.Summary {
			s[k] = v
		}
		for _, v := range checks.Verdicts {
			if _, ok := s[v]; !ok {
				s[v] = 0
			}
		}
		n.Summary = s
	}
	if n.SummaryByKind == nil {
		n.SummaryByKind = SummarizeByKind(r.Findings)
	} else {
		n.SummaryByKind = completeByKind(r.SummaryByKind)
	}
	n.Sources = append([]SourceStats{}, r.Sources...)
	sort.SliceStable(n.Sources, func(i, j int) bool { return n.Sources[i].Source < n.Sources[j].Source })
	if r.Health != nil {
		n.Health = append(n.Health[:0:0], r.Health...)
		sort.SliceStable(n.Health, func(i, j int) bool {
			a, b := n.Health[i], n.Health[j]
			return cmpStrings(a.Subject, b.Subject, a.Field, b.Field, a.URL, b.URL, a.Problem, b.Problem) < 0
		})
	}
	if r.Checks != nil {
		n.Checks = append([]CheckInfo{}, r.Checks...)
		sort.SliceStable(n.Checks, func(i, j int) bool { return n.Checks[i].ID < n.Checks[j].ID })
	}
	if r.Changes != nil {
		c := *r.Changes
		c.New = sortedFindings(c.New)
		c.Resolved = sortedFindings(c.Resolved)
		n.Changes = &c
	}
	if r.Gate != nil {
		g := *r.Gate
		g.Added = sortedStrings(g.Added)
		g.Changed = sortedStrings(g.Changed)
		g.Removed = sortedStrings(g.Removed)
		n.Gate = &g
	}
	return &n
}

func sortedStrings(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

// sortedFindings copies fs, sorted by catalog position (findings without a
// file last), then entry, claim, check and field; nil evidence becomes empty.
func sortedFindings(fs []checks.Finding) []checks.Finding {
	out := make([]checks.Finding, len(fs))
	copy(out, fs)
	for i := range out {
		if out[i].Evidence == nil {
			out[i].Evidence = []record.Evidence{}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return lessFinding(out[i], out[j]) })
	return out
}

// findingOrder returns the indices of fs in the order sortedFindings puts
// them (the same stable sort), without copying a finding.
func findingOrder(fs []checks.Finding) []int {
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return lessFinding(fs[idx[i]], fs[idx[j]]) })
	return idx
}

func lessFinding(a, b checks.Finding) bool {
	if (a.Location.File == "") != (b.Location.File == "") {
		return a.Location.File != ""
	}
	if a.Location.File != b.Location.File {
		return a.Location.File < b.Location.File
	}
	if a.Location.Line != b.Location.Line {
		return a.Location.Line < b.Location.Line
	}
	if a.Location.Column != b.Location.Column {
		return a.Location.Column < b.Location.Column
	}
	return cmpStrings(a.Entry, b.Entry, a.Claim, b.Claim, a.Check, b.Check, a.Field, b.Field,
		string(a.Verdict), string(b.Verdict)) < 0
}

// cmpStrings compares pairs (a0,b0), (a1,b1)… lexicographically.
func cmpStrings(pairs ...string) int {
	for i := 0; i+1 < len(pairs); i += 2 {
		if c := strings.Compare(pairs[i], pairs[i+1]); c != 0 {
			return c
		}
	}
	return 0
}

// entryGroup is one entry and its findings, for cards and the text report.
type entryGroup struct {
	Info     EntryInfo
	Findings []checks.Finding
}

// groupByEntry groups the (already sorted) findings by entry, in the order of
// r.Entries, then entries without EntryInfo sorted by id. Entries without
// findings are left out.
func groupByEntry(r *Report) []entryGroup {
	by := map[string][]checks.Finding{}
	for _, f := range r.Findings {
		by[f.Entry] = append(by[f.Entry], f)
	}
	var out []entryGroup
	seen := map[string]bool{}
	for _, e := range r.Entries {
		if seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		if fs := by[e.ID]; len(fs) > 0 {
			out = append(out, entryGroup{Info: e, Findings: fs})
		}
	}
	var rest []string
	for id := range by {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	for _, id := range rest {
		out = append(out, entryGroup{Info: EntryInfo{ID: id}, Findings: by[id]})
	}
	return out
}

// isFailure reports whether a verdict fails a test case (JUnit) / is an error (SARIF).
func isFailure(v checks.Verdict) bool { return v == checks.Contradicted || v == checks.Expired }

// safeHref returns u if it is an absolute http or https URL, "" otherwise:
// a javascript:, data: or relative URL is never made a link.
func safeHref(u string) string {
	u = strings.TrimSpace(u)
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return ""
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https":
		return p.String()
	}
	return ""
}

// evidenceURL is the URL to cite for a piece of evidence: the final URL after
// redirects when known, the requested URL otherwise.
func evidenceURL(e record.Evidence) string {
	if e.FinalURL != "" {
		return e.FinalURL
	}
	return e.URL
}

// oneLine makes fetched or catalog text safe for a single line of a terminal
// or a table cell: runs of white space become one space, and control, bidi
// and other invisible format characters are shown as visible escapes
// (textsafe.Line), so a page cannot send escape sequences to a terminal or
// reorder what a reader sees, and a reviewer sees that something is there.
func oneLine(s string) string { return textsafe.Line(s) }

// cleanText keeps line breaks and tabs and shows every other control or
// invisible format character as a visible escape (textsafe.Visible).
func cleanText(s string) string { return textsafe.Visible(s) }

// clip shortens s to at most n runes, marking the cut with "…".
func clip(s string, n int) string {
	if n <= 0 {
		return s
	}
	i := 0
	for pos := range s {
		if i == n {
			return strings.TrimRight(s[:pos], " ") + "…"
		}
		i++
	}
	return s
}

// posString renders a catalog position as file:line[:column].
func posString(p catalog.Pos) string {
	if p.File == "" {
		return ""
	}
	s := p.File
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
		if p.Column > 0 {
			s += ":" + strconv.Itoa(p.Column)
		}
	}
	return s
}

// orDash shows an empty value as "—".
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// checkDocs maps check ids to their docs from r.Checks plus every check id
// found in the findings (with an empty doc), sorted by id.
func checkDocs(r *Report) []CheckInfo {
	docs := map[string]string{}
	for _, c := range r.Checks {
		docs[c.ID] = c.Doc
	}
	for _, f := range r.Findings {
		if _, ok := docs[f.Check]; !ok {
			docs[f.Check] = ""
		}
	}
	out := make([]CheckInfo, 0, len(docs))
	for id, doc := range docs {
		out = append(out, CheckInfo{ID: id, Doc: doc})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
