package docs

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/extract/mdfacts"
	"github.com/claimcheck/claimcheck/checks/normalize"
)

// changelogDateRe matches a change-log section heading: "Date: 2025-09-29",
// "时间: 2025-09-29", "时间：2024-12-10" (full-width colon).
var changelogDateRe = regexp.MustCompile(`^(?:Date|时间|日期)\s*[:：]\s*(\d{4}-\d{2}-\d{2})$`)

// maxSectionModels bounds the per-model entries of one section.
const maxSectionModels = 8

// section is one dated change-log section being read.
type section struct {
	obs   extract.Observation
	heads []string
	text  []string // paragraph and list text, in order
	// version: the section dates a software version, not the models it names.
	version bool
}

// addHead records a sub-heading of the section (at most 20; "" is none).
func (c *section) addHead(t string) {
	if t != "" && len(c.heads) < 20 {
		c.heads = append(c.heads, t)
	}
}

// addText records the text of a paragraph or list item (at most 40).
func (c *section) addText(s *goquery.Selection) {
	if len(c.text) >= 40 {
		return
	}
	if t := spacedText(s); t != "" {
		c.text = append(c.text, t)
	}
}

// read records the headings and the innermost paragraphs and list items
// among the elements under root that selector picks.
func (c *section) read(root *goquery.Selection, selector string) {
	root.Find(selector).Each(func(_ int, s *goquery.Selection) {
		if headingLevel(s) > 0 {
			c.addHead(extract.NormalizeSpace(s.Text()))
			return
		}
		if s.Find("p, li").Length() == 0 {
			c.addText(s)
		}
	})
}

// addSectionModels adds, for every model a section's text names that its
// headings do not, a copy of the section's entry o about that model, quoting
// head and the sentence that names it.
func (p *page) addSectionModels(o extract.Observation, head string, heads, text []string) {
	for _, m := range sectionModels(heads, text) {
		mo := o
		mo.Model = m.name
		mo.Evidence.Quote = head + ": " + m.sentence
		p.add(mo)
	}
}

// changelog emits one changelog_entry per dated h2 section, its Value the
// section's h3 headings (what it changed) joined with "; ", and — for every
// model the section's text names that its headings do not ("deepseek-chat is
// upgraded to Foo-V3-0324" under the heading "deepseek-chat") — one more
// changelog_entry with the same Value and date and Model = that name, quoting
// the sentence that names it. A model name is a token of a model name's shape
// carrying a digit (mdfacts.Names): API ids (lower case) are not models.
func (p *page) changelog(article *goquery.Selection) {
	n, h2s := 0, 0
	var cur *section
	flush := func() {
		if cur == nil {
			return
		}
		o := cur.obs
		o.Value = strings.Join(cur.heads, "; ")
		if o.Value == "" {
			o.Value = o.Date.String()
		}
		head := strings.TrimSpace(o.Evidence.Quote + " " + strings.Join(cur.heads, " "))
		o.Evidence.Quote = head
		p.add(o)
		p.addSectionModels(o, head, cur.heads, cur.text)
		cur = nil
	}
	article.Find("h2, h3, p, li").Each(func(_ int, h *goquery.Selection) {
		switch goquery.NodeName(h) {
		case "p", "li":
			if cur != nil {
				cur.addText(h)
			}
			return
		}
		text := extract.NormalizeSpace(h.Text())
		if goquery.NodeName(h) == "h2" {
			h2s++
			flush()
			m := changelogDateRe.FindStringSubmatch(text)
			if m == nil {
				return
			}
			d, ok := extract.ParseDate(m[1])
			if !ok {
				p.health(extract.FieldChangelogEntry, fmt.Sprintf("heading %q holds no valid date", text))
				return
			}
			n++
			loc := fmt.Sprintf("%s h2:nth-of-type(%d)", p.artLoc, h2s)
			if id, ok := h.Attr("id"); ok && id != "" {
				loc = fmt.Sprintf("h2#%s", id)
			}
			o := p.obs(extract.FieldChangelogEntry, "", "", loc, text)
			o.Date = d
			cur = &section{obs: o}
			return
		}
		if cur != nil {
			cur.addHead(text)
		}
	})
	flush()
	if n == 0 && p.datedSections(article) == 0 {
		p.health(extract.FieldChangelogEntry, "change log without dated sections (\"Date: YYYY-MM-DD\" or headings with dates)")
	}
}

type namedModel struct{ name, sentence string }

// sectionModels lists the models a section's text names that its headings do
// not, each with the first sentence naming it.
func sectionModels(heads, text []string) []namedModel {
	headings := strings.Join(heads, "; ")
	var out []namedModel
	for _, para := range text {
		for _, sent := range sentences(para) {
			for _, name := range mdfacts.Names(sent) {
				if len(out) >= maxSectionModels {
					return out
				}
				if !strings.ContainsAny(name, "0123456789") || normalize.MentionsName(headings, name) {
					continue
				}
				dup := false
				for _, m := range out {
					if normalize.SameName(m.name, name) {
						dup = true
						break
					}
				}
				if !dup {
					out = append(out, namedModel{name, sent})
				}
			}
		}
	}
	return out
}
