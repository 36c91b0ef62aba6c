package docs

import (
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/PuerkitoBio/goquery"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
)

// spacedText is the text under s with a space at every element boundary, so
// "deepseek-v4-flash<br/>deepseek-v4-pro" and "<code>a</code><code>b</code>"
// do not run together. The result is whitespace-normalised and bounded.
func spacedText(s *goquery.Selection) string {
	var b strings.Builder
	for _, n := range s.Nodes {
		walkText(&b, n, 0)
	}
	return extract.NormalizeSpace(b.String())
}

func walkText(b *strings.Builder, n *html.Node, depth int) {
	if depth > 64 || b.Len() > 4*MaxText {
		return
	}
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		switch n.Data {
		case "script", "style", "svg", "template":
			return
		}
		b.WriteByte(' ')
		defer b.WriteByte(' ')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walkText(b, c, depth+1)
	}
}

var (
	// retiredRe: the model behind a name is gone.
	retiredRe = regexp.MustCompile(`(?i)\bretired\b|下线|no longer (?:available|supported)|inaccessible`)
	// acceptedRe: the name itself still works.
	acceptedRe = regexp.MustCompile(`(?i)still (?:be )?accepted|still (?:be )?(?:usable|callable)|仍可调用|仍可使用|仍然可用`)
	// deprecateRe: a name is scheduled to stop working, or stopped.
	deprecateRe = regexp.MustCompile(`(?i)deprecat|retire|discontinu|弃用|停止使用|停用|sunset`)
	// mapsToRe: a sentence that says what a legacy name now points at.
	mapsToRe = regexp.MustCompile(`(?i)correspond|rout(?:e|ing)|served by|point(?:s|ing)? to|\bmaps? to\b|对应|指向|提供服务`)
	// nameRe: the shape of an API model id in prose.
	nameRe = regexp.MustCompile(`\b[a-z][a-z0-9]*(?:-[a-z0-9]+(?:\.[0-9]+)?)+\b`)
	// servedByRe captures the model that now serves a retired name.
	servedByRe = regexp.MustCompile(`(?i)served by\s+([A-Za-z][\w.\-]*)|由\s*([A-Za-z][\w.\-]*)\s*模型提供服务`)
)

// anaphoraRe opens a sentence about the model just named.
var anaphoraRe = regexp.MustCompile(`(?i)^(?:this|the|that) (?:model|endpoint|version)\b|^it (?:will|is|has)\b`)

// sentence splitting: after ". " / "。" / "；".
var sentenceEndRe = regexp.MustCompile(`[.;]\s+|[。；]\s*`)

func sentences(s string) []string {
	var out []string
	last := 0
	for _, m := range sentenceEndRe.FindAllStringIndex(s, -1) {
		// Keep "2026/07/24 15:59 UTC." together with its sentence; split after.
		out = append(out, strings.TrimSpace(s[last:m[1]]))
		last = m[1]
	}
	if rest := strings.TrimSpace(s[last:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// legacyNotes reads notes about legacy, deprecated and retired API model
// names on any page: the pricing footnote ("The legacy names … are still
// accepted, but the corresponding models have been retired"), the
// deprecation notice ("deepseek-chat and deepseek-reasoner will be
// deprecated on 2026/07/24 15:59 UTC"), change-log and news wording.
func (p *page) legacyNotes(article *goquery.Selection) {
	if article.Length() == 0 {
		return
	}
	r := p.newLegacyReader(article)
	if len(r.prefixes) == 0 {
		return
	}
	article.Find("p, li, td").Each(func(_ int, blk *goquery.Selection) {
		if blk.Find("p, li, td").Length() > 0 {
			// An outer block: its inner blocks are read on their own.
			return
		}
		r.block(blk)
	})
}

// legacyReader is legacyNotes' state over one page.
type legacyReader struct {
	p *page
	// prefixes are the vendor prefixes of the names the page shows in code
	// spans or its model table: prose tokens count as model names only with
	// one of them.
	prefixes map[string]bool
	current  map[string]bool // the ids of the page's own model table: never legacy
	seen     map[string]bool // sentences already read
	done     map[string]bool // "l:"+name (legacy) and "r:"+name (retired) already reported
}

// newLegacyReader collects the model-name prefixes and the current model ids
// of the page.
func (p *page) newLegacyReader(article *goquery.Selection) *legacyReader {
	r := &legacyReader{p: p, prefixes: map[string]bool{}, current: map[string]bool{}, seen: map[string]bool{}, done: map[string]bool{}}
	article.Find("code").Each(func(_ int, c *goquery.Selection) {
		for _, n := range modelNamesInCode(c.Text()) {
			r.prefixes[firstSegment(n)] = true
		}
	})
	for _, o := range p.res.Observations {
		if o.Field == catalog.FieldAPIModel && o.Subject == p.subject && p.kind == pagePricing {
			r.current[o.Model] = true
			r.prefixes[firstSegment(o.Model)] = true
		}
	}
	return r
}

// block reads the sentences of one innermost block (paragraph, list item or
// table cell), each sentence of the page once.
func (r *legacyReader) block(blk *goquery.Selection) {
	text := spacedText(blk)
	if text == "" || len(text) > 4000 {
		return
	}
	loc := r.p.loc(goquery.NodeName(blk))
	ss := sentences(text)
	var prev []nameAt // the names of the block's previous sentence
	for i, s := range ss {
		if r.seen[s] {
			continue
		}
		r.seen[s] = true
		names := namesIn(s, r.prefixes)
		if len(names) == 0 {
			if len(prev) == 1 {
				r.anaphora(prev[0].name, ss[i-1], s, loc)
			}
			prev = nil
			continue
		}
		prev = names
		next := ""
		if i+1 < len(ss) {
			next = ss[i+1]
		}
		switch {
		case acceptedRe.MatchString(s) && retiredRe.MatchString(s):
			r.retired(s, next, names, loc)
		case deprecateRe.MatchString(s):
			r.deprecated(s, next, names, loc)
		}
	}
}

// anaphora reads a sentence naming no model that speaks of the one name of
// the sentence before ("We released X (`x-1`). This model will be retired on
// …"): a legacy name with the sentence's date.
func (r *legacyReader) anaphora(name, before, s, loc string) {
	if !anaphoraRe.MatchString(s) || !deprecateRe.MatchString(s) || acceptedRe.MatchString(s) {
		return
	}
	if d, ok := findDate(s); ok {
		r.legacy(name, s, loc, before+" "+s, d)
	}
}

// retired reads a sentence saying names still work but their models are
// retired: Value is the model now serving them when this sentence or the
// next says it ("served by …"), else the sentence.
func (r *legacyReader) retired(s, next string, names []nameAt, loc string) {
	value := s
	m := servedByRe.FindStringSubmatch(s)
	if m == nil && next != "" {
		m = servedByRe.FindStringSubmatch(next)
	}
	if m != nil {
		value = "served by " + strings.TrimRight(m[1]+m[2], ".,;")
	}
	for _, n := range names {
		if r.current[n.name] || r.done["r:"+n.name] {
			continue
		}
		r.done["r:"+n.name] = true
		r.p.add(r.p.obs(extract.FieldAPIModelRetired, n.name, value, loc, s))
	}
}

// deprecated reads a deprecation sentence: each list of names it deprecates,
// dated by the text after the list, else by the sentence; Value is the
// sentence, with the next one when that says what the names now point at.
func (r *legacyReader) deprecated(s, next string, names []nameAt, loc string) {
	value := s
	if next != "" && mapsToRe.MatchString(next) {
		value = s + " " + next
	}
	for _, g := range deprecatedGroups(s, names) {
		d, ok := findDate(g.tail)
		if !ok {
			if d, ok = findDate(s); !ok {
				continue
			}
		}
		for _, n := range g.names {
			r.legacy(n, value, loc, s, d)
		}
	}
}

// legacy reports name as a legacy name that stops working on d, once, unless
// it is one of the page's current models.
func (r *legacyReader) legacy(name, value, loc, quote string, d *catalog.Date) {
	if r.current[name] || r.done["l:"+name] {
		return
	}
	r.done["l:"+name] = true
	o := r.p.obs(extract.FieldAPIModelLegacy, name, value, loc, quote)
	o.Date = d
	r.p.add(o)
}

// conjunctionRe is what may stand between the names of one list:
// "a and b", "a & b", "a, b", "a 与 b".
var conjunctionRe = regexp.MustCompile(`^[\s,&/、，]*(?:and|or|与|和|及|或)?[\s,&/、，]*$`)

type group struct {
	names []string
	tail  string // the text after the group's last name, up to the next name
}

// deprecatedGroups groups the names of a sentence into lists ("deepseek-chat
// and deepseek-reasoner") and keeps the lists whose following text, up to the
// next name, says they are deprecated or retired. A name after the verb
// ("… routing to deepseek-v4-flash") is a target, not a legacy name.
func deprecatedGroups(s string, names []nameAt) []group {
	var out []group
	var cur []string
	for i, n := range names {
		cur = append(cur, n.name)
		end := len(s)
		if i+1 < len(names) {
			end = names[i+1].pos
		}
		start := n.pos + len(n.name)
		if start > end {
			start = end
		}
		between := s[start:end]
		if i+1 < len(names) && strings.TrimSpace(between) != "" && conjunctionRe.MatchString(between) {
			continue
		}
		if deprecateRe.MatchString(between) {
			out = append(out, group{names: cur, tail: between})
		}
		cur = nil
	}
	return out
}

type nameAt struct {
	name string
	pos  int
}

func namesIn(s string, prefixes map[string]bool) []nameAt {
	var out []nameAt
	seen := map[string]bool{}
	for _, m := range nameRe.FindAllStringIndex(s, 50) {
		n := s[m[0]:m[1]]
		if !prefixes[firstSegment(n)] || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, nameAt{n, m[0]})
	}
	return out
}

func firstSegment(name string) string {
	if i := strings.IndexByte(name, '-'); i > 0 {
		return name[:i]
	}
	return name
}

var (
	isoDateRe   = regexp.MustCompile(`(\d{4})[/-](\d{1,2})[/-](\d{1,2})`)
	mdyDateRe   = regexp.MustCompile(`\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`)
	dmyDateRe   = regexp.MustCompile(`\b(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+(\d{4})`)
	cjkDateRe   = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	monthByName = map[string]int{"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12}
)

// findDate finds the first calendar date in a sentence, day precision.
func findDate(s string) (*catalog.Date, bool) {
	c, ok := firstDayShape(s)
	if !ok || c.y < 1000 {
		return nil, false
	}
	return c.day()
}

// dayShape is a day-precision date as a text writes it (ISO or slashed,
// CJK, "March 3, 2025", "3 March 2025"): its span and its year, month and
// day, not yet checked.
type dayShape struct {
	start, end int
	y, m, d    int
}

// firstDayShape finds the day-precision date shape that starts first in s.
func firstDayShape(s string) (dayShape, bool) {
	var best dayShape
	found := false
	try := func(m []int, y, mo, d int) {
		if !found || m[0] < best.start {
			best, found = dayShape{m[0], m[1], y, mo, d}, true
		}
	}
	if m := isoDateRe.FindStringSubmatchIndex(s); m != nil {
		try(m, extract.Digits(s[m[2]:m[3]]), extract.Digits(s[m[4]:m[5]]), extract.Digits(s[m[6]:m[7]]))
	}
	if m := cjkDateRe.FindStringSubmatchIndex(s); m != nil {
		try(m, extract.Digits(s[m[2]:m[3]]), extract.Digits(s[m[4]:m[5]]), extract.Digits(s[m[6]:m[7]]))
	}
	if m := mdyDateRe.FindStringSubmatchIndex(s); m != nil {
		try(m, extract.Digits(s[m[6]:m[7]]), monthByName[s[m[2]:m[3]]], extract.Digits(s[m[4]:m[5]]))
	}
	if m := dmyDateRe.FindStringSubmatchIndex(s); m != nil {
		try(m, extract.Digits(s[m[6]:m[7]]), monthByName[s[m[4]:m[5]]], extract.Digits(s[m[2]:m[3]]))
	}
	return best, found
}

// day is the calendar day the shape writes; false when there is no such day
// (month 13, February 30).
func (c dayShape) day() (*catalog.Date, bool) {
	if c.m < 1 || c.m > 12 || c.d < 1 {
		return nil, false
	}
	t := time.Date(c.y, time.Month(c.m), c.d, 0, 0, 0, 0, time.UTC)
	if t.Day() != c.d {
		return nil, false
	}
	return extract.DayDate(t), true
}
