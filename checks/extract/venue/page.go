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
	var res extract.Result
	key := rec.Resource.Key
	if key == "" {
		key = rec.URL
	}
	subj := extract.PrefixURL + key
	health := func(field, problem string) {
		res.Health = append(res.Health, extract.Health{Subject: subj, Field: field, URL: rec.URL, Problem: problem})
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(rec.Body))
	if err != nil {
		health("", fmt.Sprintf("not HTML: %v", err))
		return res
	}
	add := func(field, value, locator, quote string, date *catalog.Date) {
		res.Observations = append(res.Observations, extract.Observation{
			Subject: subj, Binding: extract.BoundPage, Field: field, Value: value, Date: date,
			Evidence: rec.Evidence(locator, extract.TruncateQuote(quote)),
		})
	}
	if !paperPage(doc) {
		// A vendor's page (not a paper's): read like a README or docs page.
		res.Observations = append(res.Observations, vendorFacts(rec, doc, subj)...)
	}
	meta := func(names ...string) (string, string) {
		for _, n := range names {
			sel := fmt.Sprintf(`meta[name=%q], meta[property=%q]`, n, n)
			if v, ok := doc.Find(sel).First().Attr("content"); ok {
				if v = extract.NormalizeSpace(v); v != "" {
					return v, fmt.Sprintf(`meta[name=%q]`, n)
				}
			}
		}
		return "", ""
	}
	pageTitle := extract.NormalizeSpace(doc.Find("title").First().Text())
	path := ""
	if u, err := url.Parse(rec.URL); err == nil {
		path = u.Path
	}

	// Title.
	title, tloc := meta("citation_title", "dc.title", "DC.title")
	if title == "" {
		if t := extract.NormalizeSpace(doc.Find("#papertitle").First().Text()); t != "" {
			title, tloc = t, "#papertitle"
		}
	}
	if title == "" {
		if m := virtualTitleRe.FindStringSubmatch(pageTitle); m != nil && m[4] != "" {
			title, tloc = m[4], "title"
		}
	}
	if title == "" {
		if t := extract.NormalizeSpace(doc.Find("h1").First().Text()); t != "" {
			title, tloc = t, "h1"
		}
	}
	if title == "" {
		health(catalog.FieldTitle, "no citation_title, #papertitle or h1: not a paper page")
		return res
	}
	add(extract.FieldExists, "true", tloc, title, nil)
	add(catalog.FieldTitle, title, tloc, title, nil)

	// Date: the earliest (or most precise within the same span) of the
	// page's date tags.
	var pub *catalog.Date
	pubVal, pubLoc := "", ""
	for _, n := range []string{"citation_publication_date", "citation_online_date", "citation_date", "dc.date", "DC.date", "prism.publicationDate"} {
		v, loc := meta(n)
		if v == "" {
			continue
		}
		if d, ok := extract.ParseDate(v); ok && earlier(d, pub) {
			pub, pubVal, pubLoc = d, v, loc
		}
	}
	if pub != nil {
		add(catalog.FieldPublished, pubVal, pubLoc, pubVal, pub)
	}
	bib := extract.NormalizeSpace(doc.Find(".bibref").First().Text())
	year := 0
	if pub != nil {
		year = pub.Year
	} else if m := bibYearRe.FindStringSubmatch(bib); m != nil {
		if d, ok := extract.ParseDate(m[1]); ok {
			year = d.Year
			add(catalog.FieldPublished, m[1], ".bibref", m[0], d)
		}
	}

	// Venue: first source that names it.
	venue, vloc, vquote := "", "", ""
	if v, loc := meta("citation_journal_title", "prism.publicationName"); v != "" {
		venue, vloc, vquote = v, loc, v
	}
	if venue == "" {
		if v, loc := meta("citation_conference_title", "citation_conference"); v != "" {
			venue, vloc, vquote = VenueValue(v, year), loc, v
		}
	}
	if venue == "" {
		if m := bibBooktitleRe.FindStringSubmatch(bib); m != nil {
			venue, vloc, vquote = VenueValue(m[1], year), ".bibref", m[0]
		}
	}
	if venue == "" {
		h := extract.NormalizeSpace(doc.Find("#header_title").First().Text())
		if m := cvfHeaderRe.FindStringSubmatch(h); m != nil {
			venue, vloc, vquote = m[1]+" "+m[2], "#header_title", h
		}
	}
	if venue == "" {
		if m := virtualTitleRe.FindStringSubmatch(pageTitle); m != nil {
			y := m[2]
			if y == "" {
				if pm := virtualPathRe.FindStringSubmatch(path); pm != nil {
					y = pm[1]
				}
			}
			if y != "" {
				venue, vloc, vquote = m[1]+" "+y, "title", pageTitle
			} else {
				venue, vloc, vquote = m[1], "title", pageTitle
			}
		}
	}
	if venue != "" && year == 0 {
		// A proceedings page that carries no date of its own still dates the
		// work to its conference year (a virtual-site "ICLR 2025" poster page).
		if m := venueYearRe.FindStringSubmatch(venue); m != nil {
			if d, ok := extract.ParseDate(m[1]); ok {
				year = d.Year
				add(catalog.FieldPublished, m[1], vloc, vquote, d)
			}
		}
	}
	if venue != "" {
		add(catalog.FieldVenue, venue, vloc, vquote, nil)
	} else if paperPage(doc) {
		// A profile page (an organisation's) names no venue by nature.
		health(catalog.FieldVenue, "no journal or conference named on the page")
	}

	if v, loc := meta("citation_doi", "dc.identifier", "DC.identifier", "prism.doi"); v != "" {
		v = strings.TrimPrefix(strings.TrimPrefix(v, "doi:"), "https://doi.org/")
		if strings.HasPrefix(v, "10.") {
			add(extract.FieldDOI, v, loc, v, nil)
		}
	}
	if j, _ := meta("citation_journal_title"); j != "" {
		vol, _ := meta("citation_volume")
		iss, _ := meta("citation_issue")
		fp, _ := meta("citation_firstpage")
		lp, _ := meta("citation_lastpage")
		if vol != "" {
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
			add(extract.FieldJournalRef, ref, `meta[name="citation_volume"]`, ref, nil)
		}
	}

	// Text for phrase claims: title and abstract.
	abstract, aloc := "", ""
	for _, sel := range []string{"#abstract", ".abstract-text-inner", `section[data-title="Abstract"] p`} {
		if a := extract.NormalizeSpace(doc.Find(sel).First().Text()); a != "" {
			abstract, aloc = a, sel
			break
		}
	}
	if abstract == "" {
		abstract, aloc = meta("citation_abstract", "dc.description", "DC.description", "description", "og:description")
	}
	// A page that is not a paper's (no citation_title, no abstract block) —
	// an organisation's profile, say — states its facts in its main text
	// (collections, model lists), not in a description alone.
	if !paperPage(doc) {
		sel := doc.Find("main").First()
		loc := "main"
		if sel.Length() == 0 {
			sel, loc = doc.Find("body").First(), "body"
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
		add(extract.FieldText, title+". "+abstract, aloc, abstract, nil)
	}
	return res
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
