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
	// Vendor prefixes of the names the page shows in code spans or its
	// model table: prose tokens count as model names only with one of them.
	prefixes := map[string]bool{}
	current := map[string]bool{}
	article.Find("code").Each(func(_ int, c *goquery.Selection) {
		for _, n := range modelNamesInCode(c.Text()) {
			prefixes[firstSegment(n)] = true
		}
	})
	for _, o := range p.res.Observations {
		if o.Field == catalog.FieldAPIModel && o.Subject == p.subject && p.kind == pagePricing {
			current[o.Model] = true
			prefixes[firstSegment(o.Model)] = true
		}
	}
	if len(prefixes) == 0 {
		return
	}
	seen := map[string]bool{}
	done := map[string]bool{}
	article.Find("p, li, td").Each(func(_ int, blk *goquery.Selection) {
		if blk.Find("p, li, td").Length() > 0 {
			// An outer block: its inner blocks are read on their own.
			return
		}
		text := spacedText(blk)
		if text == "" || len(text) > 4000 {
			return
		}
		loc := p.loc(goquery.NodeName(blk))
		ss := sentences(text)
		var prev []nameAt // the names of the block's previous sentence
		for i, s := range ss {
			if seen[s] {
				continue
			}
			seen[s] = true
			names := namesIn(s, prefixes)
			if len(names) == 0 {
				// "We released X (`x-1`). This model will be retired on …":
				// the sentence speaks of the one name just before it.
				if len(prev) == 1 && anaphoraRe.MatchString(s) && deprecateRe.MatchString(s) && !acceptedRe.MatchString(s) {
					if d, ok := findDate(s); ok && !current[prev[0].name] && !done["l:"+prev[0].name] {
						done["l:"+prev[0].name] = true
						o := p.obs(extract.FieldAPIModelLegacy, prev[0].name, s, loc, ss[i-1]+" "+s)
						o.Date = d
						p.add(o)
					}
				}
				prev = nil
				continue
			}
			prev = names
			switch {
			case acceptedRe.MatchString(s) && retiredRe.MatchString(s):
				value := s
				m := servedByRe.FindStringSubmatch(s)
				if m == nil && i+1 < len(ss) {
					m = servedByRe.FindStringSubmatch(ss[i+1])
				}
				if m != nil {
					value = "served by " + strings.TrimRight(m[1]+m[2], ".,;")
				}
				for _, n := range names {
					if current[n.name] || done["r:"+n.name] {
						continue
					}
					done["r:"+n.name] = true
					p.add(p.obs(extract.FieldAPIModelRetired, n.name, value, loc, s))
				}
			case deprecateRe.MatchString(s):
				value := s
				if i+1 < len(ss) && mapsToRe.MatchString(ss[i+1]) {
					value = s + " " + ss[i+1]
				}
				for _, g := range deprecatedGroups(s, names) {
					d, ok := findDate(g.tail)
					if !ok {
						if d, ok = findDate(s); !ok {
							continue
						}
					}
					for _, n := range g.names {
						if current[n] || done["l:"+n] {
							continue
						}
						done["l:"+n] = true
						o := p.obs(extract.FieldAPIModelLegacy, n, value, loc, s)
						o.Date = d
						p.add(o)
					}
				}
			}
		}
	})
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
	type cand struct {
		pos     int
		y, m, d int
	}
	var best *cand
	try := func(pos, y, m, d int) {
		if best == nil || pos < best.pos {
			best = &cand{pos, y, m, d}
		}
	}
	if m := isoDateRe.FindStringSubmatchIndex(s); m != nil {
		try(m[0], extract.Digits(s[m[2]:m[3]]), extract.Digits(s[m[4]:m[5]]), extract.Digits(s[m[6]:m[7]]))
	}
	if m := cjkDateRe.FindStringSubmatchIndex(s); m != nil {
		try(m[0], extract.Digits(s[m[2]:m[3]]), extract.Digits(s[m[4]:m[5]]), extract.Digits(s[m[6]:m[7]]))
	}
	if m := mdyDateRe.FindStringSubmatchIndex(s); m != nil {
		try(m[0], extract.Digits(s[m[6]:m[7]]), monthByName[s[m[2]:m[3]]], extract.Digits(s[m[4]:m[5]]))
	}
	if m := dmyDateRe.FindStringSubmatchIndex(s); m != nil {
		try(m[0], extract.Digits(s[m[6]:m[7]]), monthByName[s[m[4]:m[5]]], extract.Digits(s[m[2]:m[3]]))
	}
	if best == nil || best.y < 1000 || best.m < 1 || best.m > 12 || best.d < 1 {
		return nil, false
	}
	t := time.Date(best.y, time.Month(best.m), best.d, 0, 0, 0, 0, time.UTC)
	if t.Day() != best.d {
		return nil, false
	}
	return extract.DayDate(t), true
}
