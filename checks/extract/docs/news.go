package docs

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
)

// sidebarLink is one news entry of the docs sidebar.
type sidebarLink struct {
	slug  string // "news/news250929" (a "zh-cn/" prefix kept)
	href  string
	label string
	title string
	date  *catalog.Date
}

// sidebarNews lists the news links of the docs sidebar, in page order.
func (p *page) sidebarNews() []sidebarLink {
	var out []sidebarLink
	seen := map[string]bool{}
	p.doc.Find("nav.menu a.menu__link, .theme-doc-sidebar-menu a.menu__link").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		u, err := url.Parse(strings.TrimSpace(href))
		if err != nil {
			return
		}
		path := strings.Trim(u.Path, "/")
		if !newsSlugRe.MatchString(path) || seen[path] {
			return
		}
		label := extract.NormalizeSpace(a.Text())
		title, date := splitLabel(label)
		if date == nil {
			// The category header ("News") links to the newest note
			// without a date; the note's own entry follows.
			return
		}
		seen[path] = true
		out = append(out, sidebarLink{slug: path, href: href, label: label, title: title, date: date})
	})
	return out
}

// sidebar emits every dated news link as a release_note of its own page:
// the site's index of release notes.
func (p *page) sidebar() {
	for _, l := range p.sidebarNews() {
		o := p.obs(catalog.FieldReleaseNote, "", l.title, fmt.Sprintf(`nav.menu a.menu__link[href=%q]`, l.href), l.label)
		o.Subject = extract.PrefixDocs + l.slug
		o.Date = l.date
		p.add(o)
	}
}

// news reads a release-note page: its title (H1) and its date, which the
// page body never states — it lives in the slug, the sidebar label and the
// last breadcrumb. Agreeing sources give one released observation; sources
// that disagree each give their own, with their locator.
func (p *page) news(article *goquery.Selection) {
	title, loc := p.h1(article)
	if title == "" {
		p.health(catalog.FieldReleaseNote, "news page without an article H1")
	} else {
		p.add(p.obs(catalog.FieldReleaseNote, "", title, loc, title))
	}

	type dated struct {
		date           *catalog.Date
		locator, quote string
	}
	var dates []dated
	if bc := p.doc.Find(".breadcrumbs__item").Last().Find(".breadcrumbs__link").First(); bc.Length() > 0 {
		label := extract.NormalizeSpace(bc.Text())
		if _, d := splitLabel(label); d != nil {
			dates = append(dates, dated{d, "nav.theme-doc-breadcrumbs .breadcrumbs__item:last-child .breadcrumbs__link", label})
		}
	}
	for _, l := range p.sidebarNews() {
		if strings.TrimPrefix(l.slug, "zh-cn/") == strings.TrimPrefix(p.slug, "zh-cn/") {
			dates = append(dates, dated{l.date, fmt.Sprintf(`nav.menu a.menu__link[href=%q]`, l.href), l.label})
			break
		}
	}
	year := 0
	if len(dates) > 0 {
		year = dates[0].date.Year
	}
	if d, ok := slugDate(p.slug, year); ok {
		dates = append(dates, dated{d, "url slug", p.slug})
	}
	if len(dates) == 0 {
		p.health(catalog.FieldReleased, "no date in the slug, the sidebar label or the breadcrumb")
	}
	emitted := map[string]bool{}
	for _, d := range dates {
		key := d.date.String()
		if emitted[key] {
			continue
		}
		emitted[key] = true
		o := p.obs(catalog.FieldReleased, "", key, d.locator, d.quote)
		o.Date = d.date
		p.add(o)
	}

	// API model names the note mentions in code spans.
	seen := map[string]bool{}
	article.Find("code").Each(func(_ int, c *goquery.Selection) {
		for _, name := range modelNamesInCode(c.Text()) {
			if seen[name] {
				continue
			}
			seen[name] = true
			p.add(p.obs(catalog.FieldAPIModel, name, name, "article .theme-doc-markdown code", extract.NormalizeSpace(c.Parent().Text())))
		}
	})
}

// codeModelRe is the shape of an API model id in a code span:
// lower-case words joined by hyphens ("deepseek-v4-pro"), optionally
// written as model=… or quoted.
var codeModelRe = regexp.MustCompile(`^(?:model\s*=\s*)?["']?([a-z][a-z0-9]*(?:-[a-z0-9.]+)+)["']?$`)

func modelNamesInCode(s string) []string {
	s = extract.NormalizeSpace(s)
	if len(s) > 80 {
		return nil
	}
	if m := codeModelRe.FindStringSubmatch(s); m != nil {
		return []string{strings.TrimRight(m[1], ".")}
	}
	return nil
}
