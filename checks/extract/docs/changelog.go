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
		for _, m := range sectionModels(cur.heads, cur.text) {
			mo := o
			mo.Model = m.name
			mo.Evidence.Quote = head + ": " + m.sentence
			p.add(mo)
		}
		cur = nil
	}
	article.Find("h2, h3, p, li").Each(func(_ int, h *goquery.Selection) {
		switch goquery.NodeName(h) {
		case "p", "li":
			if cur != nil && len(cur.text) < 40 {
				if t := spacedText(h); t != "" {
					cur.text = append(cur.text, t)
				}
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
		if cur != nil && text != "" && len(cur.heads) < 20 {
			cur.heads = append(cur.heads, text)
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
