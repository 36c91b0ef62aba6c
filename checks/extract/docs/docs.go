// Package docs extracts observations from a documentation site: release-note
// pages, model lists (and pricing tables), change logs, deprecation and
// retirement notices, and — from the sidebar of any page — the site's index
// of release notes.
//
// It knows the public markup of documentation frameworks — Docusaurus (meta
// generator, #__docusaurus, nav.menu a.menu__link, breadcrumbs,
// .theme-doc-markdown), MkDocs (Material and ReadTheDocs themes), Mintlify
// and other Next.js docs, plain HTML — and Markdown or MDX pages, rendered
// to HTML first. What a page is comes from the role the catalog's docs site
// declares for it (record.Resource.Role), else from generic slug words
// (".../pricing", ".../updates", ".../changelog"), else from its content: dated sections make a change log, a title with a date a
// release note, a model table a model list. Nothing about any vendor.
package docs

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

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
	site    string // "name:" for a slug of a named (non-default) site, else ""
	base    string // the site base's URL path ("/v2"), to turn links into slugs
	subject string
	frame   frame
	artLoc  string      // locator prefix of the article body
	fm      frontMatter // Markdown pages only
	grids   map[*html.Node]grid
	kind    string // pageNews, pagePricing, pageChangelog or pageOther
	res     extract.Result
}

// loc is a locator under the article body.
func (p *page) loc(sub string) string {
	if sub == "" {
		return p.artLoc
	}
	return p.artLoc + " " + sub
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
	p.site = sitePrefix(rec)
	p.base = basePath(rec, p.slug)
	p.subject = extract.PrefixDocs + p.site + p.slug
	body := rec.Body
	markdown := isMarkdown(rec.ContentType, rec.URL, body)
	if markdown {
		body, p.fm = markdownToHTML(body)
		if body == nil {
			p.health("", "Markdown page that does not render")
			return p.res
		}
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		p.health("", fmt.Sprintf("not HTML: %v", err))
		return p.res
	}
	p.doc = doc
	p.frame = detectFrame(doc)
	if markdown {
		p.frame = frameMarkdown
	}
	article, sel := p.frame.article(doc)
	p.artLoc = sel
	if p.frame.name == frameDocusaurus.name {
		p.artLoc = "article .theme-doc-markdown"
	}
	if article.Length() == 0 {
		if p.frame.name == frameDocusaurus.name {
			p.health(extract.FieldText, "no .theme-doc-markdown article body")
		} else {
			p.health(extract.FieldText, fmt.Sprintf("no article body (%s page)", p.frame.name))
		}
	}
	p.sidebar()
	p.kind = p.kindOf(article)
	switch p.kind {
	case pageNews:
		p.news(article)
	case pagePricing:
		p.pricing(article)
	case pageChangelog:
		p.changelog(article)
	}
	p.lifecycleTables(article)
	p.legacyNotes(article)
	p.text(article)
	return p.res
}

// kind is what the page is: the role its site declares, else a generic slug
// shape, else its content.
func (p *page) kindOf(article *goquery.Selection) string {
	switch p.rec.Resource.Role {
	case catalog.DocsRoleReleaseNotes:
		return pageNews
	case catalog.DocsRoleModels:
		return pagePricing
	case catalog.DocsRoleChangelog:
		return pageChangelog
	}
	if k := kindOf(p.slug); k != pageOther {
		return k
	}
	return p.kindByContent(article)
}

// sitePrefix is "name:" when the record's key names a non-default docs site
// ("blog:2025/launch"), else "".
func sitePrefix(rec record.Record) string {
	if site, _, ok := strings.Cut(rec.Resource.Key, ":"); ok {
		return site + ":"
	}
	return ""
}

// basePath is the URL path of the docs site's base: the record URL's path
// without the slug ("/v2" for https://docs.example.com/v2/news/x).
func basePath(rec record.Record, slug string) string {
	u, err := url.Parse(rec.URL)
	if err != nil {
		return ""
	}
	p := strings.TrimRight(u.Path, "/")
	if slug != "" {
		p = strings.TrimSuffix(p, "/"+slug)
	}
	return strings.TrimRight(p, "/")
}

// Slug is the docs slug of a record: the resource key when set, else the URL
// path without its leading and trailing slashes ("news/news1226").
func Slug(rec record.Record) string {
	if rec.Resource.Key != "" {
		k := rec.Resource.Key
		if _, slug, ok := strings.Cut(k, ":"); ok {
			k = slug // "site:slug" names a non-default site
		}
		return strings.Trim(k, "/")
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
	case s == "quick_start/pricing" || strings.HasSuffix(s, "/pricing"):
		return pagePricing
	case s == "updates" || strings.HasSuffix(s, "/updates"), s == "changelog" || strings.HasSuffix(s, "/changelog"):
		return pageChangelog
	}
	return pageOther
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
	p.add(p.obs(extract.FieldText, "", t, p.loc(""), t))
}

// h1 is the article title: its H1, else (outside Docusaurus) the page's
// own title — front matter, og:title, or <title> without its " | Site" tail.
func (p *page) h1(article *goquery.Selection) (string, string) {
	if h := article.Find("h1").First(); h.Length() > 0 {
		if t := extract.NormalizeSpace(h.Text()); t != "" {
			return t, p.loc("h1")
		}
	}
	if p.frame.name == frameDocusaurus.name {
		return "", ""
	}
	if h := p.doc.Find("h1").First(); h.Length() > 0 {
		if t := extract.NormalizeSpace(h.Text()); t != "" {
			return t, "h1"
		}
	}
	if t := extract.NormalizeSpace(p.fm.Title); t != "" {
		return t, "front matter title"
	}
	if t := extract.NormalizeSpace(p.doc.Find(`meta[property="og:title"]`).First().AttrOr("content", "")); t != "" {
		return t, `meta[property="og:title"]`
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
