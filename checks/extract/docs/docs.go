// Package docs extracts observations from a Docusaurus documentation site (the
// API docs): release-note pages, the models-and-pricing page, the change log,
// and — from the sidebar of any page — the site's index of release notes.
//
// It knows Docusaurus layouts (meta generator, #__docusaurus, nav.menu
// a.menu__link, breadcrumbs, .theme-doc-markdown) and the shape of a news
// slug ("news/newsMMDD", "news/newsYYMMDD"); nothing about any vendor.
package docs

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// MaxText bounds the page text kept for phrase claims (bytes).
const MaxText = 32 << 10

// Page kinds, by slug.
const (
	pageNews      = "news"
	pagePricing   = "pricing"
	pageChangelog = "changelog"
	pageOther     = "other"
)

// page is the parsing state shared by the page-kind readers.
type page struct {
	rec     record.Record
	doc     *goquery.Document
	slug    string // "news/news250929", "quick_start/pricing", "updates", "" (home)
	subject string
	res     extract.Result
}

func (p *page) add(o extract.Observation) {
	if o.Subject == "" {
		o.Subject = p.subject
	}
	if o.Binding == extract.BoundUnknown {
		// Docs pages are read by structure (titles, headings, tables,
		// columns): a value is the page's own, or the named model's.
		o.Binding = extract.Bound(o.Model)
	}
	o.Evidence.Quote = extract.TruncateQuote(o.Evidence.Quote)
	p.res.Observations = append(p.res.Observations, o)
}

func (p *page) obs(field, model, value, locator, quote string) extract.Observation {
	return extract.Observation{Subject: p.subject, Model: model, Field: field, Value: value, Evidence: p.rec.Evidence(locator, quote)}
}

func (p *page) health(field, problem string) {
	p.res.Health = append(p.res.Health, extract.Health{Subject: p.subject, Field: field, URL: p.rec.URL, Problem: problem})
}

// Extract reads one docs page.
func Extract(rec record.Record) extract.Result {
	p := &page{rec: rec, slug: Slug(rec)}
	p.subject = extract.PrefixDocs + p.slug
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(rec.Body))
	if err != nil {
		p.health("", fmt.Sprintf("not HTML: %v", err))
		return p.res
	}
	p.doc = doc
	if !isDocusaurus(doc) {
		p.health("", "not a Docusaurus page (no meta generator, no #__docusaurus)")
		return p.res
	}
	article := p.article()
	if article.Length() == 0 {
		p.health(extract.FieldText, "no .theme-doc-markdown article body")
	}
	p.sidebar()
	switch kindOf(p.slug) {
	case pageNews:
		p.news(article)
	case pagePricing:
		p.pricing(article)
	case pageChangelog:
		p.changelog(article)
	}
	p.legacyNotes(article)
	p.text(article)
	return p.res
}

// Slug is the docs slug of a record: the resource key when set, else the URL
// path without its leading and trailing slashes ("news/news1226").
func Slug(rec record.Record) string {
	if rec.Resource.Key != "" {
		return strings.Trim(rec.Resource.Key, "/")
	}
	for _, raw := range []string{rec.URL, rec.FinalURL} {
		if u, err := url.Parse(raw); err == nil && u.Path != "" {
			return strings.Trim(u.Path, "/")
		}
	}
	return ""
}

var newsSlugRe = regexp.MustCompile(`(?:^|/)news/(news\d{4}(?:\d{2})?)$`)

func kindOf(slug string) string {
	s := strings.TrimPrefix(slug, "zh-cn/")
	switch {
	case newsSlugRe.MatchString(s):
		return pageNews
	case s == "quick_start/pricing" || strings.HasSuffix(s, "/pricing"):
		return pagePricing
	case s == "updates" || strings.HasSuffix(s, "/updates"):
		return pageChangelog
	}
	return pageOther
}

func isDocusaurus(doc *goquery.Document) bool {
	if g, ok := doc.Find(`meta[name="generator"]`).First().Attr("content"); ok && strings.HasPrefix(strings.TrimSpace(g), "Docusaurus") {
		return true
	}
	return doc.Find("#__docusaurus").Length() > 0
}

// article is the rendered markdown body of the doc.
func (p *page) article() *goquery.Selection {
	for _, sel := range []string{"article .theme-doc-markdown", ".theme-doc-markdown", "article .markdown"} {
		if s := p.doc.Find(sel).First(); s.Length() > 0 {
			return s
		}
	}
	return p.doc.Find(".no-such-element")
}

// text emits the article text for phrase claims.
func (p *page) text(article *goquery.Selection) {
	if article.Length() == 0 {
		return
	}
	t := spacedText(article)
	if len(t) > MaxText {
		t = extract.TruncateQuote(t[:MaxText])
	}
	if t == "" {
		return
	}
	p.add(p.obs(extract.FieldText, "", t, "article .theme-doc-markdown", t))
}

// h1 is the article title.
func (p *page) h1(article *goquery.Selection) (string, string) {
	if h := article.Find("h1").First(); h.Length() > 0 {
		return extract.NormalizeSpace(h.Text()), "article .theme-doc-markdown h1"
	}
	return "", ""
}

// labelDateRe is the date a sidebar label or breadcrumb ends with ("… 2025/09/29").
var labelDateRe = regexp.MustCompile(`\s*(\d{4})/(\d{1,2})/(\d{1,2})\s*$`)

// splitLabel splits "DeepSeek-V3.2-Exp Release 2025/09/29" into the title and date.
func splitLabel(label string) (string, *catalog.Date) {
	label = extract.NormalizeSpace(label)
	m := labelDateRe.FindStringSubmatchIndex(label)
	if m == nil {
		return label, nil
	}
	d, ok := extract.ParseDate(fmt.Sprintf("%s-%02d-%02d", label[m[2]:m[3]], extract.Digits(label[m[4]:m[5]]), extract.Digits(label[m[6]:m[7]])))
	if !ok {
		return label, nil
	}
	return strings.TrimSpace(label[:m[0]]), d
}

// slugDate is the date a news slug encodes: newsYYMMDD gives a full date;
// newsMMDD (the site's first year) only month and day, so its year comes
// from yearHint (the page's own label date) and it yields nothing without one.
func slugDate(slug string, yearHint int) (*catalog.Date, bool) {
	m := newsSlugRe.FindStringSubmatch(strings.TrimPrefix(slug, "zh-cn/"))
	if m == nil {
		return nil, false
	}
	digits := strings.TrimPrefix(m[1], "news")
	switch len(digits) {
	case 6:
		return extract.ParseDate(fmt.Sprintf("20%s-%s-%s", digits[:2], digits[2:4], digits[4:]))
	case 4:
		if yearHint == 0 {
			return nil, false
		}
		return extract.ParseDate(fmt.Sprintf("%04d-%s-%s", yearHint, digits[:2], digits[2:]))
	}
	return nil, false
}
