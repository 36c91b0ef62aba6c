package arxiv

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// extractFullText reads arXiv's HTML rendering of a paper (LaTeXML output:
// article.ltx_document, the abstract in div.ltx_abstract, sections and
// subsections as <section class="ltx_section|ltx_subsection…"> headed by an
// .ltx_title, paragraphs as p.ltx_p, captions as figcaption). Each paragraph
// becomes one text observation of the paper (subject arxiv:ID) whose
// evidence locator names the section it stands in ("§3.2 Multi-Token
// Prediction"), so that a phrase found in the body is cited with its
// section and sentence. Formulas are read as their TeX alt text; numbers are
// not read from the body (see checks.FullTextWanted).
func extractFullText(rec record.Record) extract.Result {
	var res extract.Result
	id, _ := SplitID(rec.Resource.Key)
	if id == "" {
		id = "?"
	}
	subj := extract.PrefixArXiv + id
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(rec.Body))
	if err != nil {
		res.Health = append(res.Health, extract.Health{Subject: subj, Field: extract.FieldFullText, URL: rec.URL, Problem: fmt.Sprintf("not HTML: %v", err)})
		return res
	}
	article := doc.Find("article.ltx_document").First()
	if article.Length() == 0 {
		res.Health = append(res.Health, extract.Health{Subject: subj, Field: extract.FieldFullText, URL: rec.URL,
			Problem: "no article.ltx_document: not an arXiv HTML rendering"})
		return res
	}
	// Formulas: their TeX source, not MathML's presentation tree.
	article.Find("math").Each(func(_ int, m *goquery.Selection) {
		alt, _ := m.Attr("alttext")
		m.ReplaceWithHtml("<span>" + htmlEscape(alt) + "</span>")
	})
	article.Find("p.ltx_p, figcaption").Each(func(_ int, p *goquery.Selection) {
		text := extract.NormalizeSpace(p.Text())
		if text == "" {
			return
		}
		res.Observations = append(res.Observations, extract.Observation{
			Subject: subj, Field: extract.FieldFullText, Value: text,
			Evidence: rec.Evidence(sectionOf(p), extract.TruncateQuote(text)),
		})
	})
	if len(res.Observations) == 0 {
		res.Health = append(res.Health, extract.Health{Subject: subj, Field: extract.FieldFullText, URL: rec.URL,
			Problem: "the HTML rendering holds no paragraph (p.ltx_p)"})
	}
	return res
}

// sectionOf names where a paragraph stands: the heading of its innermost
// section ("§3.2 Multi-Token Prediction"), "abstract", or "body".
func sectionOf(p *goquery.Selection) string {
	if p.Closest("div.ltx_abstract").Length() > 0 {
		return "abstract"
	}
	sec := p.Closest("section")
	for sec.Length() > 0 {
		h := sec.ChildrenFiltered(".ltx_title").First()
		if h.Length() > 0 {
			tag := extract.NormalizeSpace(h.Find(".ltx_tag").First().Text())
			title := extract.NormalizeSpace(h.Text())
			if tag != "" {
				title = extract.NormalizeSpace(strings.TrimPrefix(title, tag))
				if strings.HasPrefix(tag, "Appendix") {
					return tag + " " + title
				}
				return "§" + strings.TrimSuffix(tag, ".") + " " + title
			}
			if title != "" {
				return "section " + title
			}
		}
		sec = sec.Parent().Closest("section")
	}
	return "body"
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

func htmlEscape(s string) string { return htmlEscaper.Replace(s) }
