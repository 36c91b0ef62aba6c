package docs

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/claimcheck/claimcheck/checks/extract"
)

// changelogDateRe matches a change-log section heading: "Date: 2025-09-29",
// "时间: 2025-09-29", "时间：2024-12-10" (full-width colon).
var changelogDateRe = regexp.MustCompile(`^(?:Date|时间|日期)\s*[:：]\s*(\d{4}-\d{2}-\d{2})$`)

// changelog emits one changelog_entry per dated h2 section, its Value the
// section's h3 headings (the models it changed) joined with "; ".
func (p *page) changelog(article *goquery.Selection) {
	n, h2s := 0, 0
	var cur *extract.Observation
	var heads []string
	flush := func() {
		if cur == nil {
			return
		}
		cur.Value = strings.Join(heads, "; ")
		if cur.Value == "" {
			cur.Value = cur.Date.String()
		}
		cur.Evidence.Quote = strings.TrimSpace(cur.Evidence.Quote + " " + strings.Join(heads, " "))
		p.add(*cur)
		cur, heads = nil, nil
	}
	article.Find("h2, h3").Each(func(_ int, h *goquery.Selection) {
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
			loc := fmt.Sprintf("article .theme-doc-markdown h2:nth-of-type(%d)", h2s)
			if id, ok := h.Attr("id"); ok && id != "" {
				loc = fmt.Sprintf("h2#%s", id)
			}
			o := p.obs(extract.FieldChangelogEntry, "", "", loc, text)
			o.Date = d
			cur = &o
			return
		}
		if cur != nil && text != "" && len(heads) < 20 {
			heads = append(heads, text)
		}
	})
	flush()
	if n == 0 {
		p.health(extract.FieldChangelogEntry, "change log without \"Date: YYYY-MM-DD\" sections")
	}
}
