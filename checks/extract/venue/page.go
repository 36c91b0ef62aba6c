package venue

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

var (
	// CVF open access header: "CVPR 2025 open access".
	cvfHeaderRe = regexp.MustCompile(`^([A-Z][A-Za-z]{1,9})\s*(\d{4})\s+open access`)
	// BibTeX fields on CVF pages.
	bibBooktitleRe = regexp.MustCompile(`(?i)booktitle\s*=\s*\{([^{}]*)\}`)
	bibYearRe      = regexp.MustCompile(`(?i)\byear\s*=\s*\{?(\d{4})\}?`)
	// Virtual conference site: "<title>ICLR Poster Title</title>", URL /virtual/2025/poster/N.
	virtualTitleRe = regexp.MustCompile(`^([A-Z][A-Za-z]{1,9})\s+(?:(\d{4})\s+)?(Poster|Oral|Spotlight|Talk)\b\s*(.*)$`)
	virtualPathRe  = regexp.MustCompile(`^/virtual/(\d{4})/(?:poster|oral|spotlight)/`)
	// The year of a venue value such as "ICLR 2025".
	venueYearRe = regexp.MustCompile(`\b((?:19|20)\d{2})$`)
)

// extractPage reads a venue page. The page's own citation_* meta tags come
// first; CVF and virtual-conference layouts fill the gaps.
func extractPage(rec record.Record) extract.Result {
	key := rec.Resource.Key
	if key == "" {
		key = rec.URL
	}
	b := &extract.Builder{Rec: rec, Subject: extract.PrefixURL + key}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(rec.Body))
	if err != nil {
		b.Health("", fmt.Sprintf("not HTML: %v", err))
		return b.Result
	}
	p := newVenuePage(b, doc)
	if !p.paper {
		// A vendor's page (not a paper's): read like a README or docs page.
		b.Result.Observations = append(b.Result.Observations, vendorFacts(rec, doc, b.Subject)...)
	}
	title, tloc := p.paperTitle()
	if title == "" {
		b.Health(catalog.FieldTitle, "no citation_title, #papertitle or h1: not a paper page")
		return b.Result
	}
	b.Add(extract.FieldExists, "true", tloc, title, nil)
	b.Add(catalog.FieldTitle, title, tloc, title, nil)
	year := p.published()
	year = p.venue(year)
	p.doi()
	p.journalRef(year)
	p.text(title)
	return b.Result
}

// venuePage is a venue page being read: the builder of its result, its
// parsed document and what several steps consult.
type venuePage struct {
	*extract.Builder
	doc       *goquery.Document
	pageTitle string // the <title>, whitespace-normalised
	path      string // the URL's path
	bib       string // the .bibref block (CVF's BibTeX), whitespace-normalised
	paper     bool   // see paperPage
}

// newVenuePage prepares the reading of doc into b.
func newVenuePage(b *extract.Builder, doc *goquery.Document) *venuePage {
	p := &venuePage{
		Builder:   b,
		doc:       doc,
		pageTitle: extract.NormalizeSpace(doc.Find("title").First().Text()),
		bib:       extract.NormalizeSpace(doc.Find(".bibref").First().Text()),
		paper:     paperPage(doc),
	}
	if u, err := url.Parse(b.Rec.URL); err == nil {
		p.path = u.Path
	}
	return p
}

// meta is the content of the first of the named meta tags (by name or
// property) that has one, with its locator; "" when none has.
func (p *venuePage) meta(names ...string) (string, string) {
	for _, n := range names {
		sel := fmt.Sprintf(`meta[name=%q], meta[property=%q]`, n, n)
		if v, ok := p.doc.Find(sel).First().Attr("content"); ok {
			if v = extract.NormalizeSpace(v); v != "" {
				return v, fmt.Sprintf(`meta[name=%q]`, n)
			}
		}
	}
	return "", ""
}

// firstText is the normalised text of the first element sel matches.
func (p *venuePage) firstText(sel string) string {
	return extract.NormalizeSpace(p.doc.Find(sel).First().Text())
}

// paperTitle is the paper's title and its locator: the citation or Dublin
// Core meta tag, else CVF's #papertitle, else a virtual-site <title>, else
// the first h1; "" when the page has none.
func (p *venuePage) paperTitle() (string, string) {
	if title, loc := p.meta("citation_title", "dc.title", "DC.title"); title != "" {
		return title, loc
	}
	if t := p.firstText("#papertitle"); t != "" {
		return t, "#papertitle"
	}
	if m := virtualTitleRe.FindStringSubmatch(p.pageTitle); m != nil && m[4] != "" {
		return m[4], "title"
	}
	if t := p.firstText("h1"); t != "" {
		return t, "h1"
	}
	return "", ""
}

// published records the publication date: the earliest (or most precise
// within the same span) of the page's date tags, else the year of its
// BibTeX. It returns the year (0 when the page states none).
func (p *venuePage) published() (year int) {
	var pub *catalog.Date
	pubVal, pubLoc := "", ""
	for _, n := range []string{"citation_publication_date", "citation_online_date", "citation_date", "dc.date", "DC.date", "prism.publicationDate"} {
		v, loc := p.meta(n)
		if v == "" {
			continue
		}
		if d, ok := extract.ParseDate(v); ok && earlier(d, pub) {
			pub, pubVal, pubLoc = d, v, loc
		}
	}
	if pub != nil {
		p.Add(catalog.FieldPublished, pubVal, pubLoc, pubVal, pub)
		return pub.Year
	}
	if m := bibYearRe.FindStringSubmatch(p.bib); m != nil {
		if d, ok := extract.ParseDate(m[1]); ok {
			p.Add(catalog.FieldPublished, m[1], ".bibref", m[0], d)
			return d.Year
		}
	}
	return 0
}

// venue records the venue the page names (or says a paper's page names
// none) and returns the work's year: year, or when that is 0 the year of
// the venue ("ICLR 2025"), which is then recorded as the publication date.
func (p *venuePage) venue(year int) int {
	venue, vloc, vquote := p.venueName(year)
	if venue != "" && year == 0 {
		// A proceedings page that carries no date of its own still dates the
		// work to its conference year (a virtual-site "ICLR 2025" poster page).
		if m := venueYearRe.FindStringSubmatch(venue); m != nil {
			if d, ok := extract.ParseDate(m[1]); ok {
				year = d.Year
				p.Add(catalog.FieldPublished, m[1], vloc, vquote, d)
			}
		}
	}
	if venue != "" {
		p.Add(catalog.FieldVenue, venue, vloc, vquote, nil)
	} else if p.paper {
		// A profile page (an organisation's) names no venue by nature.
		p.Health(catalog.FieldVenue, "no journal or conference named on the page")
	}
	return year
}

// venueName is the venue as a catalog writes it, with its locator and
// quote, from the first source that names it: the journal meta tags, the
// conference meta tags, the BibTeX booktitle, CVF's header, a virtual-site
// <title>.
func (p *venuePage) venueName(year int) (venue, locator, quote string) {
	if v, loc := p.meta("citation_journal_title", "prism.publicationName"); v != "" {
		return v, loc, v
	}
	if v, loc := p.meta("citation_conference_title", "citation_conference"); v != "" {
		return VenueValue(v, year), loc, v
	}
	if m := bibBooktitleRe.FindStringSubmatch(p.bib); m != nil {
		if v := VenueValue(m[1], year); v != "" { // an empty booktitle names nothing
			return v, ".bibref", m[0]
		}
	}
	h := p.firstText("#header_title")
	if m := cvfHeaderRe.FindStringSubmatch(h); m != nil {
		return m[1] + " " + m[2], "#header_title", h
	}
	if m := virtualTitleRe.FindStringSubmatch(p.pageTitle); m != nil {
		y := m[2]
		if y == "" {
			if pm := virtualPathRe.FindStringSubmatch(p.path); pm != nil {
				y = pm[1]
			}
		}
		if y != "" {
			return m[1] + " " + y, "title", p.pageTitle
		}
		return m[1], "title", p.pageTitle
	}
	return "", "", ""
}

// doi records the DOI the page's meta tags state, if it is one ("10.…").
func (p *venuePage) doi() {
	if v, loc := p.meta("citation_doi", "dc.identifier", "DC.identifier", "prism.doi"); v != "" {
		v = strings.TrimPrefix(strings.TrimPrefix(v, "doi:"), "https://doi.org/")
		if strings.HasPrefix(v, "10.") {
			p.Add(extract.FieldDOI, v, loc, v, nil)
		}
	}
}

// journalRef records "Journal volume (issue), first-last (year)" from a
// journal article's citation meta tags (it needs the journal and volume).
func (p *venuePage) journalRef(year int) {
	j, _ := p.meta("citation_journal_title")
	if j == "" {
		return
	}
	vol, _ := p.meta("citation_volume")
	iss, _ := p.meta("citation_issue")
	fp, _ := p.meta("citation_firstpage")
	lp, _ := p.meta("citation_lastpage")
	if vol == "" {
		return
	}
	ref := j + " " + vol
	if iss != "" {
		ref += " (" + iss + ")"
	}
	if fp != "" {
		ref += ", " + fp
		if lp != "" {
			ref += "-" + lp
		}
	}
	if year > 0 {
		ref += fmt.Sprintf(" (%d)", year)
	}
	p.Add(extract.FieldJournalRef, ref, `meta[name="citation_volume"]`, ref, nil)
}

// text records the text for phrase claims: the title and abstract, and on
// a page that is not a paper's, its main text.
func (p *venuePage) text(title string) {
	abstract, aloc := p.abstract()
	// A page that is not a paper's (no citation_title, no abstract block) —
	// an organisation's profile, say — states its facts in its main text
	// (collections, model lists), not in a description alone.
	if !p.paper {
		sel := p.doc.Find("main").First()
		loc := "main"
		if sel.Length() == 0 {
			sel, loc = p.doc.Find("body").First(), "body"
		}
		if body := extract.NormalizeSpace(sel.Text()); body != "" && body != abstract {
			if abstract == "" {
				abstract, aloc = body, loc
			} else {
				abstract, aloc = abstract+" "+body, aloc+", "+loc
			}
		}
	}
	if abstract != "" {
		p.Add(extract.FieldText, title+". "+abstract, aloc, abstract, nil)
	}
}

// abstract is the page's abstract and its locator: an abstract block, else
// a description meta tag.
func (p *venuePage) abstract() (string, string) {
	for _, sel := range []string{"#abstract", ".abstract-text-inner", `section[data-title="Abstract"] p`} {
		if a := p.firstText(sel); a != "" {
			return a, sel
		}
	}
	return p.meta("citation_abstract", "dc.description", "DC.description", "description", "og:description")
}

// paperPage reports whether a page presents a paper: citation meta tags, an
// abstract block or a proceedings layout. Other pages (an organisation's
// profile) are read for their text only.
func paperPage(doc *goquery.Document) bool {
	if doc.Find(`meta[name^="citation_"], meta[name^="dc."], meta[name^="DC."], meta[name^="prism."]`).Length() > 0 {
		return true
	}
	return doc.Find(`#abstract, .abstract-text-inner, section[data-title="Abstract"], #papertitle, #header_title, .bibref`).Length() > 0 ||
		virtualTitleRe.MatchString(extract.NormalizeSpace(doc.Find("title").First().Text()))
}
