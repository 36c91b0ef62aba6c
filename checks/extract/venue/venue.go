// Package venue extracts publication facts: Crossref /works/{doi} JSON
// (record kind crossref-work) and venue pages by URL (record kind
// venue-page: CVF open access, the ICLR/NeurIPS/ICML virtual site, journal
// article pages such as Nature's, and any page carrying citation_* meta tags).
package venue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Extract reads a Crossref work or a venue page.
func Extract(rec record.Record) extract.Result {
	switch rec.Resource.Kind {
	case record.KindCrossrefWork:
		return extractCrossref(rec)
	case record.KindVenuePage:
		return extractPage(rec)
	}
	if b := bytes.TrimSpace(rec.Body); len(b) > 0 && b[0] == '{' {
		return extractCrossref(rec)
	}
	return extractPage(rec)
}

// venueNames maps a conference's long name to its usual acronym.
var venueNames = []struct {
	re      *regexp.Regexp
	acronym string
}{
	{regexp.MustCompile(`(?i)computer vision and pattern recognition`), "CVPR"},
	{regexp.MustCompile(`(?i)international conference on computer vision`), "ICCV"},
	{regexp.MustCompile(`(?i)european conference on computer vision`), "ECCV"},
	{regexp.MustCompile(`(?i)learning representations`), "ICLR"},
	{regexp.MustCompile(`(?i)neural information processing systems`), "NeurIPS"},
	{regexp.MustCompile(`(?i)international conference on machine learning`), "ICML"},
	{regexp.MustCompile(`(?i)north american chapter of the association for computational linguistics`), "NAACL"},
	{regexp.MustCompile(`(?i)annual meeting of the association for computational linguistics`), "ACL"},
	{regexp.MustCompile(`(?i)empirical methods in natural language processing`), "EMNLP"},
	{regexp.MustCompile(`(?i)aaai conference on artificial intelligence`), "AAAI"},
}

// parenAcronymRe: "… Conference (CVPR)" or "(Volume 1: Long Papers)" — only
// a short all-caps-led token counts.
var parenAcronymRe = regexp.MustCompile(`\(([A-Z][A-Za-z]{1,9})\)`)

// VenueAcronym is the acronym of a conference name: a parenthesised acronym
// in the name ("Proceedings of the … Conference (CVPR)") or, failing that, a
// known long name ("… Annual Meeting of the Association for Computational
// Linguistics …" → "ACL"). It is "" for journals and unknown names.
func VenueAcronym(name string) string {
	if m := parenAcronymRe.FindAllStringSubmatch(name, -1); m != nil {
		for _, x := range m {
			if strings.ToUpper(x[1][:1]) == x[1][:1] && x[1] != "Volume" {
				return x[1]
			}
		}
	}
	for _, v := range venueNames {
		if v.re.MatchString(name) {
			return v.acronym
		}
	}
	return ""
}

// VenueValue is the venue as a catalog writes it: "CVPR 2025" for a
// conference with a known acronym and year, else the name itself ("Nature").
func VenueValue(name string, year int) string {
	name = extract.NormalizeSpace(name)
	if a := VenueAcronym(name); a != "" {
		if year > 0 {
			return fmt.Sprintf("%s %d", a, year)
		}
		return a
	}
	return name
}

type crossrefDate struct {
	DateParts [][]any `json:"date-parts"`
}

func (d *crossrefDate) date() (*catalog.Date, bool) {
	if d == nil || len(d.DateParts) == 0 {
		return nil, false
	}
	var parts []int
	for _, p := range d.DateParts[0] {
		f, ok := p.(float64)
		if !ok || f != float64(int(f)) {
			break
		}
		parts = append(parts, int(f))
	}
	return extract.DateParts(parts)
}

type crossrefWork struct {
	Status  string `json:"status"`
	Message *struct {
		DOI             string        `json:"DOI"`
		Type            string        `json:"type"`
		Title           []string      `json:"title"`
		ContainerTitle  []string      `json:"container-title"`
		Volume          string        `json:"volume"`
		Issue           string        `json:"issue"`
		Page            string        `json:"page"`
		PublishedPrint  *crossrefDate `json:"published-print"`
		PublishedOnline *crossrefDate `json:"published-online"`
		Published       *crossrefDate `json:"published"`
		Issued          *crossrefDate `json:"issued"`
		Event           *struct {
			Name    string `json:"name"`
			Acronym string `json:"acronym"`
		} `json:"event"`
	} `json:"message"`
}

// extractCrossref reads a Crossref work: its DOI, title, first publication
// date, venue and journal reference.
func extractCrossref(rec record.Record) extract.Result {
	b := &extract.Builder{Rec: rec, Subject: extract.PrefixDOI + strings.ToLower(strings.TrimSpace(rec.Resource.Key))}
	w, ok := decodeCrossref(b)
	if !ok {
		return b.Result
	}
	m := w.Message
	doi := extract.NormalizeSpace(m.DOI)
	if doi != "" {
		b.Subject = extract.PrefixDOI + strings.ToLower(doi)
	} else if rec.Resource.Key == "" {
		b.Health(extract.FieldDOI, "$.message.DOI missing")
		return b.Result
	}
	b.Add(extract.FieldExists, "true", "$.status", w.Status, nil)
	if doi != "" {
		b.Add(extract.FieldDOI, doi, "$.message.DOI", doi, nil)
	}
	crossrefTitle(b, &w)
	year := crossrefPublished(b, &w)
	container := ""
	if len(m.ContainerTitle) > 0 {
		container = extract.NormalizeSpace(m.ContainerTitle[0])
	}
	crossrefVenue(b, &w, container, year)
	crossrefJournalRef(b, &w, container, year)
	return b.Result
}

// decodeCrossref decodes the record as a Crossref work with a message, or
// says why it is not one.
func decodeCrossref(b *extract.Builder) (crossrefWork, bool) {
	var w crossrefWork
	if err := json.Unmarshal(b.Rec.Body, &w); err != nil {
		b.Health("", fmt.Sprintf("not Crossref JSON: %v", err))
		return w, false
	}
	if w.Status != "ok" || w.Message == nil {
		b.Health("", fmt.Sprintf("Crossref status %q without a message", w.Status))
		return w, false
	}
	return w, true
}

// crossrefTitle records the work's first title, or says it has none.
func crossrefTitle(b *extract.Builder, w *crossrefWork) {
	m := w.Message
	if len(m.Title) > 0 && extract.NormalizeSpace(m.Title[0]) != "" {
		t := extract.NormalizeSpace(m.Title[0])
		b.Add(catalog.FieldTitle, t, "$.message.title[0]", t, nil)
	} else {
		b.Health(catalog.FieldTitle, "$.message.title missing")
	}
}

// crossrefPublished records the work's first public appearance, the
// earliest of the dates Crossref gives, and its year (returned; 0 when
// there is none).
func crossrefPublished(b *extract.Builder, w *crossrefWork) (year int) {
	m := w.Message
	var pub *catalog.Date
	pubLoc := ""
	for _, c := range []struct {
		d   *crossrefDate
		loc string
	}{
		{m.PublishedOnline, "$.message.published-online.date-parts"},
		{m.PublishedPrint, "$.message.published-print.date-parts"},
		{m.Issued, "$.message.issued.date-parts"},
		{m.Published, "$.message.published.date-parts"},
	} {
		d, ok := c.d.date()
		if !ok {
			continue
		}
		if earlier(d, pub) {
			pub, pubLoc = d, c.loc
		}
	}
	if pub == nil {
		b.Health(catalog.FieldPublished, "no published-online, published-print or issued date-parts")
		return 0
	}
	b.Add(catalog.FieldPublished, pub.String(), pubLoc, pub.String(), pub)
	b.Add(catalog.FieldYear, fmt.Sprint(pub.Year), pubLoc, pub.String(), &catalog.Date{Year: pub.Year, Precision: catalog.PrecisionYear})
	return pub.Year
}

// crossrefVenue records the venue: the event's acronym (with the year), else
// the container title as a catalog writes it.
func crossrefVenue(b *extract.Builder, w *crossrefWork, container string, year int) {
	m := w.Message
	switch {
	case m.Event != nil && extract.NormalizeSpace(m.Event.Acronym) != "":
		a := extract.NormalizeSpace(m.Event.Acronym)
		if year > 0 && !yearRe.MatchString(a) {
			a = fmt.Sprintf("%s %d", a, year)
		}
		b.Add(catalog.FieldVenue, a, "$.message.event.acronym", m.Event.Acronym, nil)
	case container != "":
		b.Add(catalog.FieldVenue, VenueValue(container, year), "$.message.container-title[0]", container, nil)
	default:
		b.Health(catalog.FieldVenue, "$.message.container-title missing")
	}
}

// crossrefJournalRef records "Container volume (issue), pages (year)" when
// the work has a container and a volume or pages.
func crossrefJournalRef(b *extract.Builder, w *crossrefWork, container string, year int) {
	m := w.Message
	if container == "" || (m.Volume == "" && m.Page == "") {
		return
	}
	ref := container
	if m.Volume != "" {
		ref += " " + extract.NormalizeSpace(m.Volume)
	}
	if m.Issue != "" {
		ref += " (" + extract.NormalizeSpace(m.Issue) + ")"
	}
	if m.Page != "" {
		ref += ", " + extract.NormalizeSpace(m.Page)
	}
	if year > 0 {
		ref += fmt.Sprintf(" (%d)", year)
	}
	b.Add(extract.FieldJournalRef, ref, "$.message.volume", fmt.Sprintf("volume %s, issue %s, page %s", m.Volume, m.Issue, m.Page), nil)
}

var yearRe = regexp.MustCompile(`\b\d{4}\b`)

// earlier reports whether date d should replace the current earliest date
// cur: its span lies wholly before cur, or it refines cur (lies within
// cur's span at a finer precision, e.g. 2025-09-17 within 2025).
func earlier(d, cur *catalog.Date) bool {
	if cur == nil {
		return true
	}
	within := !d.Start().Before(cur.Start()) && !d.End().After(cur.End())
	if within {
		return finer(d, cur)
	}
	contains := !cur.Start().Before(d.Start()) && !cur.End().After(d.End())
	if contains {
		return false
	}
	return d.Start().Before(cur.Start())
}

// finer reports whether a has a finer precision than b.
func finer(a, b *catalog.Date) bool {
	rank := map[catalog.Precision]int{catalog.PrecisionYear: 0, catalog.PrecisionMonth: 1, catalog.PrecisionDay: 2}
	return rank[a.Precision] > rank[b.Precision]
}
