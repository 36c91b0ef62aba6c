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
//
// A link counts when its label ends with a date ("… 2025/09/29") and it
// stays on the docs site; its slug is its path under the site's base. On
// Docusaurus the sidebar is nav.menu; elsewhere any nav or aside link.
func (p *page) sidebarNews() []sidebarLink {
	var out []sidebarLink
	seen := map[string]bool{}
	sel := "nav.menu a.menu__link, .theme-doc-sidebar-menu a.menu__link"
	switch p.frame.name {
	case frameDocusaurus.name:
	case frameMarkdown.name:
		sel = "a[href]" // Markdown has no nav: an index is a list of links
	default:
		sel = "nav a[href], aside a[href]"
	}
	own, _ := url.Parse(p.rec.URL)
	p.doc.Find(sel).Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		u, err := url.Parse(strings.TrimSpace(href))
		if err != nil || (u.Host != "" && (own == nil || !strings.EqualFold(u.Host, own.Host))) {
			return
		}
		path := strings.Trim(u.Path, "/")
		if p.base != "" && u.Path != "" && strings.HasPrefix(u.Path, "/") {
			rest, ok := strings.CutPrefix(u.Path, p.base+"/")
			if !ok {
				return
			}
			path = strings.Trim(rest, "/")
		}
		if path == "" || seen[path] {
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
		o := p.obs(catalog.FieldReleaseNote, "", l.title, p.linkLoc(l.href), l.label)
		o.Subject = extract.PrefixDocs + p.site + l.slug
		o.Date = l.date
		p.add(o)
	}
}

// navDates are the dates the site's navigation gives the page: the last
// breadcrumb's label and the page's own dated sidebar link.
func (p *page) navDates() []dated {
	var dates []dated
	if bc := p.doc.Find(".breadcrumbs__item").Last().Find(".breadcrumbs__link").First(); bc.Length() > 0 {
		label := extract.NormalizeSpace(bc.Text())
		if _, d := splitLabel(label); d != nil {
			dates = append(dates, dated{d, "nav.theme-doc-breadcrumbs .breadcrumbs__item:last-child .breadcrumbs__link", label})
		}
	}
	for _, l := range p.sidebarNews() {
		if strings.TrimPrefix(l.slug, "zh-cn/") == strings.TrimPrefix(p.slug, "zh-cn/") {
			dates = append(dates, dated{l.date, p.linkLoc(l.href), l.label})
			break
		}
	}
	return dates
}

// linkLoc is the locator of a sidebar link.
func (p *page) linkLoc(href string) string {
	if p.frame.name == frameDocusaurus.name {
		return fmt.Sprintf(`nav.menu a.menu__link[href=%q]`, href)
	}
	return fmt.Sprintf(`nav a[href=%q]`, href)
}

// news reads a release-note page: its title (H1) and its date. On
// Docusaurus sites the body often states no date: it lives in the slug, the
// sidebar label and the last breadcrumb; elsewhere in page metadata, a
// <time> element, the front matter or a date line under the title. Agreeing
// sources give one released observation; sources that disagree each give
// their own, with their locator. Outside Docusaurus a page that states no
// date of its own (a slug date aside) is not read as a release note: a
// maintenance or error page served at a note's address must not give a title.
func (p *page) news(article *goquery.Selection) {
	title, loc := p.h1(article)
	dates := p.navDates()
	dates = append(dates, p.pageDates(article)...)
	if p.frame.name != frameDocusaurus.name && len(dates) == 0 {
		p.health(catalog.FieldReleaseNote, fmt.Sprintf("no release note: the page states no date of its own (%s page)", p.frame.name))
		return
	}
	if title == "" {
		p.health(catalog.FieldReleaseNote, "news page without an article H1")
	} else {
		p.add(p.obs(catalog.FieldReleaseNote, "", title, loc, title))
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
			p.add(p.obs(catalog.FieldAPIModel, name, name, p.loc("code"), extract.NormalizeSpace(c.Parent().Text())))
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
