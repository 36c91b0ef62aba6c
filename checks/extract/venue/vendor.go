package venue

// Vendor pages given by URL (a blog post announcing a model, a model's
// product page, a docs page outside the docs site): pages that are not a
// paper's. They get the extraction README and docs pages get — the page's
// main text is turned into markdown and read by mdfacts (counts, context
// lengths, sizes, spec lists, tables, licences, dated news lines, bylines)
// — and their own date from the page's metadata: JSON-LD datePublished,
// meta article:published_time (and its kin), <time datetime>.

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/extract/mdfacts"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// maxMarkdown caps the markdown a vendor page is turned into.
const maxMarkdown = 1 << 20

// vendorFields are the mdfacts fields a vendor page reports (its text is
// reported by extractPage, its title and links are not facts about a model).
var vendorFields = map[string]bool{
	catalog.FieldParamsTotal: true, catalog.FieldParamsActive: true, catalog.FieldModelSizes: true,
	catalog.FieldTrainingTokens: true, catalog.FieldContextLength: true, catalog.FieldLanguages: true,
	catalog.FieldLicense: true, catalog.FieldReleased: true, catalog.FieldPublished: true, catalog.FieldBaseModel: true,
}

// reAnnouncement is a title that announces a release.
var reAnnouncement = regexp.MustCompile(`(?i)\b(?:introduc\w*|announc\w*|releas\w*|launch\w*|unveil\w*|meet|now available|open[- ]sourc\w*)\b`)

// vendorFacts reads a page that is not a paper's.
func vendorFacts(rec record.Record, doc *goquery.Document, subj string) []extract.Observation {
	root := doc.Find("article").First()
	if root.Length() == 0 {
		root = doc.Find("main").First()
	}
	if root.Length() == 0 {
		root = doc.Find("body").First()
	}
	var out []extract.Observation
	if md := Markdown(root); md != "" {
		for _, o := range mdfacts.Observations(rec, subj, mdfacts.Scan(md, mdfacts.Options{MaxText: -1}).Facts) {
			if vendorFields[o.Field] {
				o.Evidence.Locator = "page text, " + o.Evidence.Locator
				out = append(out, o)
			}
		}
	}
	if d, val, loc := pageDate(doc); d != nil {
		out = append(out, extract.Observation{Subject: subj, Field: catalog.FieldPublished, Value: val, Date: d,
			Evidence: rec.Evidence(loc, extract.TruncateQuote(val))})
		title := extract.NormalizeSpace(doc.Find("h1").First().Text())
		if title == "" {
			title, _ = doc.Find(`meta[property="og:title"]`).First().Attr("content")
			title = extract.NormalizeSpace(title)
		}
		if reAnnouncement.MatchString(title) {
			out = append(out, extract.Observation{Subject: subj, Field: catalog.FieldReleased, Value: val, Date: d,
				Evidence: rec.Evidence(loc, extract.TruncateQuote(title+" — "+val))})
		}
	}
	return out
}

// pageDate is the page's own publication date: JSON-LD datePublished,
// then the meta tags of articles, then the first <time datetime> of the
// article.
func pageDate(doc *goquery.Document) (*catalog.Date, string, string) {
	var found *catalog.Date
	val, loc := "", ""
	doc.Find(`script[type="application/ld+json"]`).EachWithBreak(func(i int, s *goquery.Selection) bool {
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) != nil {
			return true
		}
		if raw := findKey(v, "datePublished", 0); raw != "" {
			if d, ok := extract.ParseDate(raw); ok {
				found, val, loc = d, raw, fmt.Sprintf(`script[type="application/ld+json"] datePublished`)
				return false
			}
		}
		return true
	})
	if found != nil {
		return found, val, loc
	}
	for _, n := range []string{"article:published_time", "og:article:published_time", "datePublished", "date", "publish-date", "publish_date", "publication_date", "dc.date.issued", "DC.date.issued"} {
		sel := fmt.Sprintf(`meta[property=%q], meta[name=%q], meta[itemprop=%q]`, n, n, n)
		if v, ok := doc.Find(sel).First().Attr("content"); ok {
			if d, ok := extract.ParseDate(v); ok {
				return d, extract.NormalizeSpace(v), fmt.Sprintf(`meta[property=%q]`, n)
			}
		}
	}
	var t *goquery.Selection
	for _, sel := range []string{`article time[datetime]`, `main time[datetime]`, `time[datetime]`} {
		if t = doc.Find(sel).First(); t.Length() > 0 {
			break
		}
	}
	if t != nil && t.Length() > 0 {
		v, _ := t.Attr("datetime")
		if d, ok := extract.ParseDate(v); ok {
			return d, extract.NormalizeSpace(v), "time[datetime]"
		}
	}
	return nil, "", ""
}

// findKey returns the first string value of key in decoded JSON (depth-bounded).
func findKey(v any, key string, depth int) string {
	if depth > 8 {
		return ""
	}
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x[key].(string); ok {
			return s
		}
		for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage"} {
			if s := findKey(x[k], key, depth+1); s != "" {
				return s
			}
		}
	case []any:
		for _, e := range x {
			if s := findKey(e, key, depth+1); s != "" {
				return s
			}
		}
	}
	return ""
}

var reSpaces = regexp.MustCompile(`\s+`)

// skipElems are never page text.
var skipElems = map[string]bool{"script": true, "style": true, "noscript": true, "nav": true, "header": true,
	"footer": true, "aside": true, "svg": true, "form": true, "button": true, "template": true, "iframe": true}

// Markdown renders an HTML subtree as the markdown mdfacts reads: headings,
// paragraphs and list items on lines of their own, tables as pipe tables,
// preformatted blocks fenced; navigation, scripts and forms are left out.
func Markdown(sel *goquery.Selection) string {
	var b strings.Builder
	for _, n := range sel.Nodes {
		render(&b, n)
	}
	md := b.String()
	if len(md) > maxMarkdown {
		md = mdfacts.Cut(md, maxMarkdown)
	}
	lines := strings.Split(md, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if strings.TrimSpace(l) == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

func block(b *strings.Builder) {
	if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n\n") {
		b.WriteString("\n\n")
	}
}

func render(b *strings.Builder, n *html.Node) {
	if b.Len() > maxMarkdown {
		return
	}
	switch n.Type {
	case html.TextNode:
		b.WriteString(reSpaces.ReplaceAllString(n.Data, " "))
		return
	case html.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			render(b, c)
		}
		return
	}
	tag := n.Data
	if skipElems[tag] {
		return
	}
	switch tag {
	case "h1", "h2", "h3", "h4", "h5", "h6":
		block(b)
		b.WriteString(strings.Repeat("#", int(tag[1]-'0')) + " " + inline(n) + "\n\n")
		return
	case "p", "dt", "dd", "blockquote", "figcaption":
		block(b)
		b.WriteString(inline(n))
		block(b)
		return
	case "li":
		if !strings.HasSuffix(b.String(), "\n") && b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("- " + inline(n) + "\n")
		return
	case "br":
		b.WriteString("  \n")
		return
	case "pre":
		block(b)
		b.WriteString("```\n" + goquery.NewDocumentFromNode(n).Text() + "\n```")
		block(b)
		return
	case "table":
		block(b)
		rows := 0
		goquery.NewDocumentFromNode(n).Find("tr").Each(func(_ int, tr *goquery.Selection) {
			var cells []string
			tr.Children().Filter("th, td").Each(func(_ int, c *goquery.Selection) {
				cells = append(cells, strings.ReplaceAll(extract.NormalizeSpace(c.Text()), "|", "/"))
			})
			if len(cells) == 0 {
				return
			}
			b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
			if rows == 0 {
				b.WriteString("|" + strings.Repeat(" --- |", len(cells)) + "\n")
			}
			rows++
		})
		block(b)
		return
	case "ul", "ol", "div", "section", "article", "main", "body", "dl", "figure":
		block(b)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			render(b, c)
		}
		block(b)
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		render(b, c)
	}
}

// inline is the text of an element on one line, strong/b kept as **…**.
func inline(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && skipElems[n.Data]:
		case n.Type == html.ElementNode && n.Data == "br":
			b.WriteByte(' ')
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
	}
	walk(n)
	return extract.NormalizeSpace(b.String())
}
