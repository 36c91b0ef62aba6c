package arxiv

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// historyRe matches one version line of div.submission-history:
// "Tue, 7 May 2024 15:56:43 UTC (431 KB)".
var historyRe = regexp.MustCompile(`(\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d [A-Z]{2,4})`)

var versionTagRe = regexp.MustCompile(`^\[v(\d+)\]$`)

var doiRe = regexp.MustCompile(`\b10\.\d{4,9}/[^\s"<>]+`)

type version struct {
	n     int
	date  *catalog.Date
	value string // "Tue, 7 May 2024 15:56:43 UTC"
	quote string // "[v1] Tue, 7 May 2024 15:56:43 UTC (431 KB)"
}

// extractAbs reads an abs page: the paper's title, submission history,
// comments, journal reference, DOI and abstract.
func extractAbs(rec record.Record) extract.Result {
	fallbackID := absIDFromResource(rec)
	b := &extract.Builder{Rec: rec, Subject: extract.PrefixArXiv + fallbackID}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(rec.Body))
	if err != nil {
		b.Health("", fmt.Sprintf("not HTML: %v", err))
		return b.Result
	}
	b.Subject = extract.PrefixArXiv + absID(doc, fallbackID)
	title, titleLoc := elementOrMeta(doc, "h1.title", "citation_title")
	if title == "" {
		b.Health(catalog.FieldTitle, "no h1.title and no citation_title: not an arXiv abs page")
		return b.Result
	}
	b.Add(extract.FieldExists, "true", titleLoc, title, nil)
	b.Add(catalog.FieldTitle, title, titleLoc, title, nil)
	absHistory(b, doc)
	absReferences(b, doc)
	abstract, absLoc := elementOrMeta(doc, "blockquote.abstract", "citation_abstract")
	if abstract == "" {
		b.Health(extract.FieldText, "no abstract on the page")
	}
	b.Add(extract.FieldText, joinText(title, abstract), absLoc, abstract, nil)
	return b.Result
}

// absID is the page's arXiv id: its citation_arxiv_id meta tag, else the id
// in its metatable, else fallback, else "?".
func absID(doc *goquery.Document, fallback string) string {
	id := ""
	if v, ok := doc.Find(`meta[name="citation_arxiv_id"]`).First().Attr("content"); ok {
		id, _ = SplitID(v)
	}
	if id == "" {
		id, _ = SplitID(strings.TrimSpace(doc.Find("td.arxivid span.arxivid a").First().Text()))
	}
	if id == "" {
		id = fallback
	}
	if id == "" {
		id = "?"
	}
	return id
}

// absHistory records each version's date, the latest version, the first
// publication (v1's date) and the latest update from the submission
// history; without one, the citation_date meta tag as the publication date.
func absHistory(b *extract.Builder, doc *goquery.Document) {
	versions := submissionHistory(doc)
	if len(versions) == 0 {
		b.Health(extract.FieldVersionDate, "no div.submission-history with version dates")
		// citation_date is the v1 date (YYYY/MM/DD) in arXiv's scholar tags.
		if v := metaContent(doc, "citation_date"); v != "" {
			if d, ok := extract.ParseDate(v); ok {
				b.Add(catalog.FieldPublished, v, `meta[name="citation_date"]`, v, d)
			}
		}
		return
	}
	for _, v := range versions {
		b.AddFor(fmt.Sprintf("v%d", v.n), extract.FieldVersionDate, v.value, "div.submission-history", v.quote, v.date)
	}
	first, last := versions[0], versions[len(versions)-1]
	b.Add(extract.FieldLatestVersion, fmt.Sprintf("v%d", last.n), "div.submission-history", last.quote, nil)
	if first.n == 1 {
		b.Add(catalog.FieldPublished, first.value, "div.submission-history", first.quote, first.date)
	}
	b.Add(extract.FieldUpdated, last.value, "div.submission-history", last.quote, last.date)
}

// absReferences records the comments, journal reference and DOI of the
// page's metatable (the DOI also from its meta tag).
func absReferences(b *extract.Builder, doc *goquery.Document) {
	if c := doc.Find("td.comments").First(); c.Length() > 0 {
		if v := extract.NormalizeSpace(c.Text()); v != "" {
			b.Add(extract.FieldComment, v, "td.comments", v, nil)
		}
	}
	// td.jref also holds the report number, so go by the row label.
	if v := labelledCell(doc, "Journal reference"); v != "" {
		b.Add(extract.FieldJournalRef, v, "td.jref", v, nil)
	}
	doiText, doiLoc := "", ""
	if c := doc.Find("td.doi").First(); c.Length() > 0 {
		doiText, doiLoc = c.Text(), "td.doi"
	} else if v := labelledCell(doc, "DOI"); v != "" {
		doiText, doiLoc = v, "td.msc_classes"
	} else if v := metaContent(doc, "citation_doi"); v != "" {
		doiText, doiLoc = v, `meta[name="citation_doi"]`
	}
	if m := doiRe.FindString(doiText); m != "" {
		b.Add(extract.FieldDOI, strings.TrimRight(m, ".,;"), doiLoc, doiText, nil)
	}
}

// absIDFromResource is the id from the resource key or the /abs/ URL.
func absIDFromResource(rec record.Record) string {
	if id, _ := SplitID(rec.Resource.Key); id != "" {
		return id
	}
	for _, raw := range []string{rec.FinalURL, rec.URL} {
		if u, err := url.Parse(raw); err == nil {
			if id, _ := SplitID(u.Path); id != "" {
				return id
			}
		}
	}
	return ""
}

// submissionHistory reads "<strong>[vN]</strong> date (size)<br/>" lines; a
// version other than the one shown is wrapped in a link inside the strong.
func submissionHistory(doc *goquery.Document) []version {
	var out []version
	seen := map[int]bool{}
	doc.Find("div.submission-history strong").Each(func(_ int, s *goquery.Selection) {
		tag := extract.NormalizeSpace(s.Text())
		m := versionTagRe.FindStringSubmatch(tag)
		if m == nil {
			return
		}
		n := extract.Digits(m[1])
		if n == 0 || seen[n] {
			return
		}
		var tail strings.Builder
		for node := s.Nodes[0].NextSibling; node != nil && tail.Len() < 400; node = node.NextSibling {
			if node.Type == html.ElementNode && (node.Data == "br" || node.Data == "strong") {
				break
			}
			nodeText(&tail, node, 0)
		}
		line := extract.NormalizeSpace(tail.String())
		dm := historyRe.FindString(line)
		if dm == "" {
			return
		}
		t, err := time.Parse("Mon, 2 Jan 2006 15:04:05 MST", dm)
		if err != nil {
			return
		}
		seen[n] = true
		out = append(out, version{n: n, date: extract.DayDate(t), value: dm, quote: tag + " " + line})
	})
	// Keep version order even if the markup was shuffled.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].n < out[j-1].n; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// textWithout is the normalised text of s without its span.descriptor label.
func textWithout(s *goquery.Selection) string {
	if s.Length() == 0 {
		return ""
	}
	c := s.Clone()
	c.Find("span.descriptor").Remove()
	return extract.NormalizeSpace(c.Text())
}

// elementOrMeta is the text of the first element sel matches, else the
// content of the meta tag named meta, with the locator of the one read.
func elementOrMeta(doc *goquery.Document, sel, meta string) (text, locator string) {
	if v := textWithout(doc.Find(sel).First()); v != "" {
		return v, sel
	}
	return metaContent(doc, meta), `meta[name="` + meta + `"]`
}

func metaContent(doc *goquery.Document, name string) string {
	v, _ := doc.Find(`meta[name="` + name + `"]`).First().Attr("content")
	return extract.NormalizeSpace(v)
}

// labelledCell finds the metatable row whose label starts with label and
// returns its value cell's text.
func labelledCell(doc *goquery.Document, label string) string {
	out := ""
	doc.Find("td.label").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		l := strings.TrimSuffix(extract.NormalizeSpace(s.Text()), ":")
		if strings.EqualFold(l, label) {
			out = extract.NormalizeSpace(s.Next().Text())
			return false
		}
		return true
	})
	return out
}

// nodeText appends the text under n (bounded depth).
func nodeText(b *strings.Builder, n *html.Node, depth int) {
	if depth > 20 || b.Len() > 1000 {
		return
	}
	if n.Type == html.TextNode {
		b.WriteString(n.Data)
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		nodeText(b, c, depth+1)
	}
}
