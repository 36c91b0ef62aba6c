package arxiv

import (
	"bytes"
	"fmt"
	"regexp"
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
// section and sentence. Formulas become a placeholder (their alt text is not
// read), hidden elements are dropped, and paragraphs under a related-work,
// references, bibliography or acknowledgements heading are skipped; numbers
// are not read from the body (see checks.FullTextWanted).
func extractFullText(rec record.Record) extract.Result {
	var res extract.Result
	id, _ := SplitID(rec.Resource.Key)
	if id == "" {
		id = "?"
	}
	subj := extract.PrefixArXiv + id
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(rec.Body))
	if err != nil {
		res.Health = append(res.Health, extract.NewHealth(rec, subj, extract.FieldFullText, fmt.Sprintf("not HTML: %v", err)))
		return res
	}
	article := doc.Find("article.ltx_document").First()
	if article.Length() == 0 {
		res.Health = append(res.Health, extract.NewHealth(rec, subj, extract.FieldFullText, "no article.ltx_document: not an arXiv HTML rendering"))
		return res
	}
	// Formulas are not prose: their TeX alt text (which may hold any words,
	// "\\text{…}") is not read; a placeholder keeps the sentence readable.
	article.Find("math").ReplaceWithHtml("<span>" + formulaPlaceholder + "</span>")
	// Text a reader does not see is not the paper's statement.
	article.Find("[hidden], [aria-hidden=true], [style]").Each(func(_ int, h *goquery.Selection) {
		if _, ok := h.Attr("hidden"); ok || hiddenStyle(h.AttrOr("style", "")) || h.AttrOr("aria-hidden", "") == "true" {
			h.Remove()
		}
	})
	article.Find("p.ltx_p, figcaption").Each(func(_ int, p *goquery.Selection) {
		if p.Closest(".ltx_bibliography, .ltx_acknowledgements").Length() > 0 || skippedSection(p) {
			return
		}
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
		res.Health = append(res.Health, extract.NewHealth(rec, subj, extract.FieldFullText, "the HTML rendering holds no paragraph (p.ltx_p)"))
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

// formulaPlaceholder stands for a formula in a paragraph's text.
const formulaPlaceholder = "[formula]"

// hiddenStyle says whether an inline style hides its element.
func hiddenStyle(style string) bool {
	s := strings.ToLower(strings.Join(strings.Fields(style), ""))
	return strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden")
}

// skippedHeadings are the section headings whose paragraphs state what
// other work does or thank people, not what the paper itself does.
var skippedHeadings = regexp.MustCompile(`(?i)^(?:related\s+work|prior\s+work|background\s+and\s+related\s+work|references?|bibliography|acknowledge?ments?)s?\b`)

// skippedSection says whether a paragraph stands in (or under) a section
// headed related work, references, bibliography or acknowledgements.
func skippedSection(p *goquery.Selection) bool {
	for sec := p.Closest("section"); sec.Length() > 0; sec = sec.Parent().Closest("section") {
		h := sec.ChildrenFiltered(".ltx_title, h1, h2, h3, h4, h5, h6").First()
		if h.Length() == 0 {
			continue
		}
		title := extract.NormalizeSpace(h.Text())
		if tag := extract.NormalizeSpace(h.Find(".ltx_tag").First().Text()); tag != "" {
			title = extract.NormalizeSpace(strings.TrimPrefix(title, tag))
		}
		title = strings.TrimLeft(title, "0123456789.§ \t")
		if skippedHeadings.MatchString(title) {
			return true
		}
	}
	return false
}
