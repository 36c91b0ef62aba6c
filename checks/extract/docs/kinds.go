package docs

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
)

// Plausible years of a documentation date. A year outside them is a typo on
// the page (2525/06/06), reported as health, never read as a date.
const (
	minYear = 1990
	maxYear = 2100
)

var (
	monthYearRe = regexp.MustCompile(`\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+(\d{4})\b`)
	anyYearRe   = regexp.MustCompile(`\b(\d{4})[/-]\d{1,2}[/-]\d{1,2}\b`)
)

// dateIn finds the first calendar date in s (day precision: ISO, slashes,
// "March 3, 2025", "3 March 2025", CJK; else month precision: "March 2025")
// and its span. ok is false when there is none or its year is implausible.
func dateIn(s string) (d *catalog.Date, start, end int, ok bool) {
	c, found := firstDayShape(s)
	if !found {
		if m := monthYearRe.FindStringSubmatchIndex(s); m != nil {
			y := extract.Digits(s[m[4]:m[5]])
			mo := monthByName[s[m[2]:m[3]]]
			if y < minYear || y > maxYear || mo == 0 {
				return nil, 0, 0, false
			}
			return &catalog.Date{Year: y, Month: mo, Precision: catalog.PrecisionMonth}, m[0], m[1], true
		}
		return nil, 0, 0, false
	}
	if c.y < minYear || c.y > maxYear {
		return nil, 0, 0, false
	}
	if d, ok = c.day(); !ok {
		return nil, 0, 0, false
	}
	return d, c.start, c.end, true
}

// implausibleYear reports a date-shaped token whose year no documentation
// date can have ("2525/06/06").
func implausibleYear(s string) (string, bool) {
	for _, m := range anyYearRe.FindAllStringSubmatch(s, 4) {
		if y, err := strconv.Atoi(m[1]); err == nil && (y < minYear || y > maxYear) {
			return m[0], true
		}
	}
	return "", false
}

// kindByContent recognises a page no role or slug names: two or more dated
// sections make a change log; a title with a date of the page itself (its
// metadata, or its breadcrumb and own sidebar link) a release note; a page date without a title one dated change-log section; a
// model table a model list.
func (p *page) kindByContent(article *goquery.Selection) string {
	if article.Length() == 0 {
		return pageOther
	}
	if _, n := datedHeadingLevel(article); n >= 2 || len(updateBlocks(article)) > 0 {
		return pageChangelog
	}
	dates := append(p.navDates(), p.pageDates(article)...)
	title, _ := p.h1(article)
	switch {
	case len(dates) > 0 && title != "":
		return pageNews
	case len(dates) > 0:
		return pageChangelog
	}
	if p.hasModelTable(article) {
		return pagePricing
	}
	return pageOther
}

// dated is a date a page states, with where.
type dated struct {
	date           *catalog.Date
	locator, quote string
}

// pageDates are the dates a page states about itself: page metadata
// (article:published_time, JSON-LD datePublished, meta date), a <time
// datetime> in the article or its header, the front matter, and a short
// date line right under the title ("Published March 3, 2025").
func (p *page) pageDates(article *goquery.Selection) []dated {
	var out []dated
	add := func(raw, loc string) {
		raw = extract.NormalizeSpace(raw)
		if raw == "" || len(raw) > 200 {
			return
		}
		d, ok := extract.ParseDate(raw)
		if !ok || d.Precision != catalog.PrecisionDay {
			if d, _, _, ok = dateIn(raw); !ok {
				return
			}
		}
		if d.Year < minYear || d.Year > maxYear {
			return
		}
		out = append(out, dated{d, loc, raw})
	}
	for _, sel := range []string{`meta[property="article:published_time"]`, `meta[itemprop="datePublished"]`, `meta[name="date"]`, `meta[name="article:published_time"]`} {
		if v, ok := p.doc.Find(sel).First().Attr("content"); ok {
			add(v, sel)
		}
	}
	p.doc.Find(`script[type="application/ld+json"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		raw := s.Text()
		if len(raw) > 64<<10 {
			return true
		}
		var v struct {
			DatePublished string `json:"datePublished"`
		}
		if json.Unmarshal([]byte(raw), &v) == nil && v.DatePublished != "" {
			add(v.DatePublished, `script[type="application/ld+json"] datePublished`)
			return false
		}
		return true
	})
	if t := article.Find("time[datetime]").First(); t.Length() > 0 {
		add(t.AttrOr("datetime", ""), p.loc("time[datetime]"))
	} else if t := p.doc.Find("header time[datetime]").First(); t.Length() > 0 {
		add(t.AttrOr("datetime", ""), "header time[datetime]")
	}
	if p.fm.Date != "" {
		add(p.fm.Date, "front matter date")
	}
	if h := article.Find("h1").First(); h.Length() > 0 {
		next := h.Next()
		if next.Length() == 0 {
			next = h.Parent().Next()
		}
		if t := extract.NormalizeSpace(next.Text()); t != "" && len(t) <= 80 {
			if d, _, _, ok := dateIn(t); ok && d.Precision == catalog.PrecisionDay {
				out = append(out, dated{d, p.loc("h1 + " + goquery.NodeName(next)), t})
			}
		}
	}
	return out
}

// headingLevel is 1..6 for h1..h6, else 0.
func headingLevel(s *goquery.Selection) int {
	n := goquery.NodeName(s)
	if len(n) == 2 && n[0] == 'h' && n[1] >= '1' && n[1] <= '6' {
		return int(n[1] - '0')
	}
	return 0
}

// datedHeadingLevel is the heading level (1-4) carrying the most dated
// headings, and how many it carries.
func datedHeadingLevel(article *goquery.Selection) (int, int) {
	counts := [5]int{}
	article.Find("h1, h2, h3, h4").Each(func(_ int, h *goquery.Selection) {
		if _, _, _, ok := dateIn(extract.NormalizeSpace(h.Text())); ok {
			counts[headingLevel(h)]++
		}
	})
	best, n := 0, 0
	for lvl := 1; lvl <= 4; lvl++ {
		if counts[lvl] > n {
			best, n = lvl, counts[lvl]
		}
	}
	return best, n
}

// versionRe is a software version at the start of a heading's text
// ("[4.0.0]", "v0.6.0", "1.2.3 -"): a section that dates a package release.
var versionRe = regexp.MustCompile(`^\[?v?\d+\.\d+(?:\.\d+)*(?:[-+.][0-9A-Za-z.]+)?\]?`)

// datedSections reads a change log whose sections are headings carrying a
// date ("## 2024-02-26", "## [1.2.0] - 2024-02-26", "### March 3, 2025"), or —
// for a page with no such heading — the whole page under its own date. It
// emits one changelog_entry per section (Value: its sub-headings, else the
// heading without its date) and, for sections that are not software
// versions, one per model the section names that its headings do not. A
// version section dates the package, not the models it mentions.
func (p *page) datedSections(article *goquery.Selection) int {
	if article.Length() == 0 {
		return 0
	}
	if n := p.updateSections(article); n > 0 {
		return n
	}
	level, _ := datedHeadingLevel(article)
	if level == 0 {
		return p.pageSection(article)
	}
	return p.headingSections(article, level)
}

// pageSection reads a page without dated headings as one section under the
// page's own date (pageDates): Value its headings, else its first text. It
// returns 1, or 0 when the page states no date of its own.
func (p *page) pageSection(article *goquery.Selection) int {
	dates := p.pageDates(article)
	if len(dates) == 0 {
		return 0
	}
	d := dates[0]
	o := p.obs(extract.FieldChangelogEntry, "", "", d.locator, d.quote)
	o.Date = d.date
	cur := &section{obs: o}
	cur.read(article, "h2, h3, h4, p, li")
	if len(cur.heads) == 0 && len(cur.text) > 0 {
		cur.obs.Value = extract.TruncateQuote(cur.text[0])
	}
	p.addDatedSection(cur)
	return 1
}

// headingSections reads the sections that the dated headings of the given
// level open; deeper headings are their sub-headings, a shallower heading
// ends a section. It returns how many sections it read.
func (p *page) headingSections(article *goquery.Selection, level int) int {
	n := 0
	var cur *section
	seenAt := map[int]int{}
	article.Find("h1, h2, h3, h4, h5, h6, p, li").Each(func(_ int, s *goquery.Selection) {
		lvl := headingLevel(s)
		if lvl == 0 {
			if cur != nil && s.Find("p, li").Length() == 0 {
				cur.addText(s)
			}
			return
		}
		text := extract.NormalizeSpace(s.Text())
		seenAt[lvl]++
		if lvl > level {
			if cur != nil {
				cur.addHead(text)
			}
			return
		}
		p.addDatedSection(cur)
		cur = nil
		if lvl < level {
			return
		}
		if cur = p.headingSection(s, text, lvl, seenAt[lvl]); cur != nil {
			n++
		}
	})
	p.addDatedSection(cur)
	return n
}

// headingSection opens the section of heading h (its text, its level, its
// rank among the headings of that level); nil when the heading carries no
// date, and a health problem when its year is implausible.
func (p *page) headingSection(h *goquery.Selection, text string, lvl, nth int) *section {
	if y, bad := implausibleYear(text); bad {
		p.health(extract.FieldChangelogEntry, fmt.Sprintf("heading %q holds an implausible date %q", text, y))
		return nil
	}
	d, start, end, ok := dateIn(text)
	if !ok {
		return nil
	}
	loc := fmt.Sprintf("%s h%d:nth-of-type(%d)", p.artLoc, lvl, nth)
	if id, ok := h.Attr("id"); ok && id != "" {
		loc = fmt.Sprintf("h%d#%s", lvl, id)
	}
	rest := strings.TrimSpace(text[:start] + " " + text[end:])
	rest = strings.Trim(rest, " -–—:|()")
	rest = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(rest, "Date"), "Released"))
	o := p.obs(extract.FieldChangelogEntry, "", rest, loc, text)
	o.Date = d
	return &section{obs: o, version: versionRe.MatchString(rest)}
}

// addDatedSection emits the changelog_entry of a dated section (none when
// cur is nil): Value the heading's own words and its sub-headings ("v0.6.0:
// Added; Fixed"), else its date; then, unless it dates a software version,
// one entry per model its text names.
func (p *page) addDatedSection(cur *section) {
	if cur == nil {
		return
	}
	o := cur.obs
	if len(cur.heads) > 0 {
		heads := strings.Join(cur.heads, "; ")
		if o.Value != "" {
			heads = o.Value + ": " + heads // "v0.6.0: Added; Fixed"
		}
		o.Value = heads
	}
	if o.Value == "" {
		o.Value = o.Date.String()
	}
	p.add(o)
	if !cur.version {
		p.addSectionModels(o, o.Evidence.Quote, append([]string{o.Evidence.Quote}, cur.heads...), cur.text)
	}
}

// Column names of model tables: the model id column, best first, and the
// context column. Matching is case-insensitive on the header cell's text.
var (
	idHeaders      = []string{"api endpoints", "api endpoint", "api names", "api name", "model id", "model ids", "api model", "model code", "model identifier", "identifier", "endpoint", "model name", "model"}
	contextHeaders = []string{"context length", "context window", "context size", "max tokens", "max input tokens", "context"}
	// Lifecycle columns, best first: when the name stops working.
	retireHeaders = []string{"retirement date", "retirement", "shutdown date", "discontinuation date", "end date", "end of life", "sunset date", "deprecation on date", "deprecation date", "deprecated on"}
)

// idShapeRe is the shape of a model id in a table cell: no spaces.
var idShapeRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/@-]{1,127}$`)

// column finds the first header cell equal to one of names (in names'
// order); -1 when none.
func column(header []string, names []string) int {
	for _, n := range names {
		for i, h := range header {
			h = strings.ToLower(strings.TrimSpace(footnoteRe.ReplaceAllString(h, "")))
			if h == n {
				return i
			}
		}
	}
	return -1
}

// cellIDs are the model ids a cell holds: code-shaped tokens (several when
// a cell lists aliases), backticks and check marks dropped.
func cellIDs(cell string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(cell, func(r rune) bool { return r == ',' || r == ' ' || r == '`' || r == '|' || r == ';' }) {
		f = strings.Trim(f, "()[]*")
		if idShapeRe.MatchString(f) && strings.ContainsAny(f, "-_.") && strings.ToLower(f) == f {
			out = append(out, f)
		}
	}
	return out
}

// hasModelTable reports a table with a model id column and no lifecycle
// column (a table of retired models is no list of models one can call).
func (p *page) hasModelTable(article *goquery.Selection) bool {
	found := false
	article.Find("table").EachWithBreak(func(_ int, t *goquery.Selection) bool {
		g := p.grid(t)
		if len(g) > 1 && column(g[0], idHeaders) >= 0 && column(g[0], retireHeaders) < 0 {
			found = true
		}
		return !found
	})
	return found
}

// modelTables reads column-oriented model tables (a header row with a model
// id column, one model per row): one api_model per id and its context
// length when a context column says it. Tables with a lifecycle column are
// lists of deprecated models and left to lifecycleTables. It returns how
// many ids it read.
func (p *page) modelTables(article *goquery.Selection) int {
	n := 0
	p.eachTable(article, func(ti int, header []string, rows [][]string) {
		idc := column(header, idHeaders)
		if idc < 0 || column(header, retireHeaders) >= 0 {
			return
		}
		ctx := column(header, contextHeaders)
		for ri, row := range rows {
			if idc >= len(row) {
				continue
			}
			loc, quote := p.tableRowLoc(ti, ri), rowQuote(row)
			for _, id := range cellIDs(row[idc]) {
				n++
				p.add(p.obs(catalog.FieldAPIModel, id, id, loc, quote))
				if ctx >= 0 && ctx < len(row) {
					if q, ok := extract.ContextQuantity(row[ctx]); ok {
						o := p.obs(catalog.FieldContextLength, id, row[ctx], loc, quote)
						o.Quantity = q
						p.add(o)
					}
				}
			}
		}
	})
	return n
}

// lifecycleTables reads tables of deprecated or retired models on any page:
// a model id column and a lifecycle column (retirement date, else end or
// shutdown date, else deprecation date), read by header, not position. Each
// row with a date gives api_model_legacy (Model = the id, Date = when the
// name stops working); a row without a date ("No retirement date
// announced") gives nothing, and an implausible year is reported.
func (p *page) lifecycleTables(article *goquery.Selection) {
	if article.Length() == 0 {
		return
	}
	p.eachTable(article, func(ti int, header []string, rows [][]string) {
		idc := column(header, idHeaders)
		dc := column(header, retireHeaders)
		if idc < 0 || dc < 0 {
			return
		}
		legacy := column(header, deprecationHeaders) >= 0 || legacyHeading(article.Find("table").Eq(ti))
		status := column(header, statusHeaders)
		for ri, row := range rows {
			if idc >= len(row) || dc >= len(row) {
				continue
			}
			ids := cellIDs(row[idc])
			if len(ids) == 0 {
				continue
			}
			cell := extract.NormalizeSpace(row[dc])
			if y, bad := implausibleYear(cell); bad {
				p.health(extract.FieldAPIModelLegacy, fmt.Sprintf("%s: %s %q has an implausible year", ids[0], header[dc], y))
				continue
			}
			d, _, _, ok := dateIn(cell)
			if !ok || d.Precision != catalog.PrecisionDay {
				continue
			}
			loc, quote := p.tableRowLoc(ti, ri), rowQuote(row)
			rowLegacy := legacy || status >= 0 && status < len(row) && reLegacyHeading.MatchString(row[status])
			if !rowLegacy && !p.rec.FetchedAt.IsZero() && d.Start().After(p.rec.FetchedAt) {
				// A table of current models with their scheduled retirement
				// ("Latest stable models | Release date | Retirement date"):
				// the model is served, and retires on that day.
				for _, id := range ids {
					p.add(p.obs(extract.FieldAPIModelScheduled, id, id, loc, quote))
					o := p.obs(catalog.FieldRetirement, id, header[dc]+": "+cell, loc, quote)
					o.Date = d
					p.add(o)
				}
				continue
			}
			for _, id := range ids {
				o := p.obs(extract.FieldAPIModelLegacy, id, header[dc]+": "+cell, loc, quote)
				o.Date = d
				p.add(o)
			}
		}
	})
}

// deprecationHeaders are columns only a table of deprecated models has.
var deprecationHeaders = []string{"deprecation date", "deprecated on", "deprecation on date", "legacy date", "deprecation", "deprecated",
	"replacement", "recommended replacement", "recommended upgrade", "upgrade to", "alternative", "alternative model", "migrate to", "successor"}

// statusHeaders are columns whose cell says a row's lifecycle state.
var statusHeaders = []string{"status", "lifecycle", "lifecycle status", "state", "stage"}

// reLegacyHeading is a heading over a table of models on their way out.
var reLegacyHeading = regexp.MustCompile(`(?i)\b(?:deprecat\w*|legacy|retir\w*|sunset\w*|shut\s*down|end[- ]of[- ]life|discontinu\w*)\b`)

// legacyHeading reports whether a heading over table t — the nearest one
// before it and each nearest one of a higher rank above that (among its and
// its parents' earlier siblings), so a subsection of a "Legacy models"
// section counts — is about deprecated, legacy or retired models. A table
// under no heading at all is taken as legacy (as before the current-models
// rule: the safe reading).
func legacyHeading(t *goquery.Selection) bool {
	found, legacy, rank := false, false, 7
	for s, up := t, 0; s.Length() > 0 && up < 3 && !legacy; s, up = s.Parent(), up+1 {
		s.PrevAllFiltered("h1,h2,h3,h4,h5,h6").EachWithBreak(func(_ int, h *goquery.Selection) bool {
			r := int(goquery.NodeName(h)[1] - '0')
			if r >= rank {
				return true // a sibling section's heading, not one over t
			}
			found, rank = true, r
			legacy = reLegacyHeading.MatchString(h.Text())
			return !legacy
		})
	}
	return legacy || !found
}

// eachTable calls fn for every table of the article that has a header row
// and at least one more row: ti is the table's index among the article's
// tables, rows the rows after the header (colspan and rowspan expanded).
func (p *page) eachTable(article *goquery.Selection, fn func(ti int, header []string, rows [][]string)) {
	article.Find("table").Each(func(ti int, t *goquery.Selection) {
		if g := p.grid(t); len(g) >= 2 {
			fn(ti, g[0], g[1:])
		}
	})
}

// tableRowLoc is the locator of row ri after the header of table ti.
func (p *page) tableRowLoc(ti, ri int) string {
	return fmt.Sprintf("%s:nth-of-type(%d) tr:nth-child(%d)", p.loc("table"), ti+1, ri+2)
}

// rowQuote quotes a table row: its cells, colspan repeats dropped, joined by " | ".
func rowQuote(row []string) string { return strings.Join(dedupe(row), " | ") }

// updateBlocks are Mintlify change-log entries: <Update label="2024-10-12"
// description="v1.2"> in MDX (an "update" element once parsed), rendered as
// an element whose data-component-part="update-label" child holds the
// label. Only blocks whose label holds a date count.
func updateBlocks(article *goquery.Selection) []*goquery.Selection {
	var out []*goquery.Selection
	article.Find("update[label]").Each(func(_ int, u *goquery.Selection) {
		if _, _, _, ok := dateIn(u.AttrOr("label", "")); ok && len(out) < 500 {
			out = append(out, u)
		}
	})
	article.Find(`[data-component-part="update-label"]`).Each(func(_ int, l *goquery.Selection) {
		if _, _, _, ok := dateIn(extract.NormalizeSpace(l.Text())); ok && len(out) < 500 {
			c := l.Closest(".update-container")
			if c.Length() == 0 {
				c = l.Parent().Parent()
			}
			out = append(out, c)
		}
	})
	return out
}

// updateSections reads updateBlocks as dated change-log sections: Value is
// the block's description (or its headings), the models its text names
// give their own entries, as for dated headings.
func (p *page) updateSections(article *goquery.Selection) int {
	n := 0
	for i, u := range updateBlocks(article) {
		label := u.AttrOr("label", "")
		if label == "" {
			label = extract.NormalizeSpace(u.Find(`[data-component-part="update-label"]`).First().Text())
		}
		d, _, _, ok := dateIn(label)
		if !ok {
			continue
		}
		n++
		loc := fmt.Sprintf("%s update:nth-of-type(%d)", p.artLoc, i+1)
		if id := u.AttrOr("id", ""); id != "" {
			loc = "#" + id
		}
		desc := extract.NormalizeSpace(u.AttrOr("description", ""))
		if desc == "" {
			desc = extract.NormalizeSpace(u.Find(`[data-component-part="update-description"]`).First().Text())
		}
		var sec section
		sec.read(u, "h1, h2, h3, h4, p, li")
		heads := sec.heads
		value := desc
		if len(heads) > 0 {
			value = strings.TrimSpace(strings.TrimSuffix(desc+": "+strings.Join(heads, "; "), ": "))
			value = strings.TrimPrefix(value, ": ")
		}
		if value == "" {
			value = d.String()
		}
		o := p.obs(extract.FieldChangelogEntry, "", value, loc, label)
		o.Date = d
		p.add(o)
		if versionRe.MatchString(desc) {
			continue // a version's entry dates the package, not the models it names
		}
		p.addSectionModels(o, label, append([]string{label, desc}, heads...), sec.text)
	}
	return n
}
