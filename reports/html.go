package reports

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/textsafe"
)

//go:embed assets/report.html.tmpl assets/report.css assets/report.js
var assets embed.FS

// HTML writes one self-contained page: no external assets, works offline.
// Every fetched value is escaped by html/template; links are made only for
// http(s) URLs; a Content-Security-Policy allows no script but the page's own
// (by hash), so injected markup could not run even if escaping failed.
type HTML struct{}

// Format implements Reporter.
func (*HTML) Format() string { return "html" }

// The page's assets, read and checked once when the package is loaded (a
// bad embedded asset panics at start-up): the template, the stylesheet and
// script it inlines, and htmlCSP, the page's Content-Security-Policy.
var htmlTmpl, htmlCSS, htmlScript, htmlCSP = loadHTMLAssets()

// loadHTMLAssets reads the embedded stylesheet and script, refuses any
// control or invisible format character in them, derives the
// Content-Security-Policy from the script's hash and parses the template.
func loadHTMLAssets() (*template.Template, template.CSS, template.JS, string) {
	css, err := assets.ReadFile("assets/report.css")
	if err != nil {
		panic(err)
	}
	js, err := assets.ReadFile("assets/report.js")
	if err != nil {
		panic(err)
	}
	for name, b := range map[string][]byte{"report.css": css, "report.js": js} {
		if textsafe.Visible(string(b)) != string(b) {
			panic("reports: assets/" + name + " holds a control or invisible format character")
		}
	}
	sum := sha256.Sum256(js)
	csp := "default-src 'none'; style-src 'unsafe-inline'; img-src data:; " +
		"script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
		"base-uri 'none'; form-action 'none'"
	tmpl := template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
		"bytes":    humanBytes,
		"seconds":  func(s float64) string { return strconv.FormatFloat(s, 'f', 1, 64) + " s" },
		"safeHref": safeHref,
	}).ParseFS(assets, "assets/report.html.tmpl"))
	return tmpl, template.CSS(css), template.JS(js), csp // #nosec G203 -- our own embedded stylesheet and script
}

type htmlView struct {
	R        *Report
	Title    string
	Now      string
	CSP      string
	CSS      template.CSS
	Script   template.JS
	Tiles    []htmlTile
	Total    int
	Totals   string // how the findings add up by kind
	Cards    []htmlCard
	Timeline *timeline
}

type htmlTile struct {
	Verdict checks.Verdict
	Count   int
	Checked bool // the filter box starts checked
}

type htmlCard struct {
	Info   EntryInfo
	Worst  checks.Verdict
	Counts []htmlTile
	Claims []htmlClaim
}

type htmlClaim struct {
	F        checks.Finding
	Loc      string
	Evidence []htmlEvidence
}

type htmlEvidence struct {
	Source  string
	Href    string
	Display string
	When    string
	Locator string
	Quote   string
}

// verdictRank orders verdicts by how much they need attention (card colour).
var verdictRank = map[checks.Verdict]int{
	checks.Contradicted: 7, checks.Expired: 6, checks.Outdated: 5, checks.Unreachable: 4,
	checks.Missing: 3, checks.Unverified: 2, checks.Verified: 1,
}

// verdictColor is each verdict's colour in the timeline (same as the CSS).
var verdictColor = map[checks.Verdict]string{
	checks.Verified: "#1a7f37", checks.Contradicted: "#cf222e", checks.Outdated: "#9a6700",
	checks.Expired: "#8250df", checks.Missing: "#0969da", checks.Unverified: "#59636e",
	checks.Unreachable: "#bc4c00",
}

// Write implements Reporter.
func (*HTML) Write(w io.Writer, r *Report) error {
	r = Normalize(r)
	v := htmlView{R: r, CSP: htmlCSP, CSS: htmlCSS, Script: htmlScript}
	v.Title = "claimcheck report"
	if r.Catalog.Name != "" {
		v.Title += ": " + r.Catalog.Name
	}
	v.Now = "—"
	if !r.Now.IsZero() {
		v.Now = r.Now.UTC().Format("2006-01-02 15:04 MST")
	}
	onlyVerified := true
	for _, f := range r.Findings {
		if f.Verdict != checks.Verified {
			onlyVerified = false
		}
	}
	for _, vd := range checks.Verdicts {
		n := r.Summary[vd]
		v.Total += n
		// Verified claims start hidden when there is something else to look at.
		v.Tiles = append(v.Tiles, htmlTile{Verdict: vd, Count: n, Checked: vd != checks.Verified || onlyVerified})
	}
	v.Totals = kindTotals(r)
	for _, g := range groupByEntry(r) {
		v.Cards = append(v.Cards, htmlCardOf(g))
	}
	v.Timeline = buildTimeline(r)

	var buf bytes.Buffer
	if err := htmlTmpl.Execute(&buf, v); err != nil {
		return fmt.Errorf("render html report: %w", err)
	}
	// html/template escapes markup but passes C0/C1 controls and bidi
	// overrides through: show each one as a visible escape (`\x1b`,
	// `\u202e`). Fetched text reaches only text and attribute contexts (data
	// in a script would have been \u-escaped by html/template), where such
	// an escape is plain text; the page's own assets hold none (checked by
	// loadHTMLAssets), so the script's CSP hash still matches.
	if _, err := io.WriteString(w, textsafe.Visible(buf.String())); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}

// htmlCardOf is an entry's card: its findings with their evidence, the
// count per verdict and the worst verdict (the card's colour).
func htmlCardOf(g entryGroup) htmlCard {
	c := htmlCard{Info: g.Info, Worst: checks.Verified}
	if c.Info.ID == "" && c.Info.Name == "" {
		c.Info.Name = checks.CatalogWide
	}
	count := Summarize(g.Findings)
	for _, f := range g.Findings {
		if verdictRank[f.Verdict] > verdictRank[c.Worst] {
			c.Worst = f.Verdict
		}
		hc := htmlClaim{F: f, Loc: posString(f.Location)}
		for _, e := range f.Evidence {
			hc.Evidence = append(hc.Evidence, htmlEvidenceOf(e))
		}
		c.Claims = append(c.Claims, hc)
	}
	for _, vd := range checks.Verdicts {
		if count[vd] > 0 {
			c.Counts = append(c.Counts, htmlTile{Verdict: vd, Count: count[vd]})
		}
	}
	return c
}

// htmlEvidenceOf is one piece of evidence as a card shows it: the link,
// where on the page, the quote, and when and how it was read.
func htmlEvidenceOf(e record.Evidence) htmlEvidence {
	u := evidenceURL(e)
	he := htmlEvidence{Source: string(e.Source), Href: safeHref(u), Display: clip(u, 160),
		Locator: clip(oneLine(e.Locator), 200), Quote: clip(strings.TrimSpace(cleanText(e.Quote)), 1200)}
	var when []string
	if w := evidenceWhen(e); w != "" {
		when = append(when, w)
	}
	if e.Status != 0 {
		when = append(when, "HTTP "+strconv.Itoa(e.Status))
	}
	if e.SHA256 != "" {
		when = append(when, "sha256 "+clip(e.SHA256, 12))
	}
	he.When = strings.Join(when, " · ")
	return he
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// timelineFields are the date fields drawn on the timeline.
var timelineFields = map[string]bool{
	catalog.FieldYear: true, catalog.FieldPublished: true, catalog.FieldReleased: true,
	catalog.FieldRetirement: true, catalog.FieldFounded: true,
}

// versionField is the field of a cited paper's latest-version finding
// (sources.arxiv-version): drawn on the timeline at the version's date.
const versionField = "latest_version"

// timelineLabel names a row's field; a paper's version row names the paper
// and its version ("arXiv 2501.12948 v2").
func timelineLabel(f checks.Finding) string {
	if f.Field != versionField {
		return f.Field
	}
	v, _, _ := strings.Cut(f.Observed, " of ")
	return "arXiv " + strings.TrimPrefix(f.Claim, "arxiv:") + " " + v
}

// maxTimelineRows bounds the picture's height.
const maxTimelineRows = 80

type timeline struct {
	Width, Height               int
	Top, Bottom, AxisY, LabelX  int
	NowLabelY, LegendX, LegendY int
	Ticks                       []tick
	Rows                        []timelineRow
	ShowNow                     bool
	NowX                        string
	Legend                      []legendItem
	Omitted                     int
}

type tick struct {
	X     string
	Label string
}

type legendItem struct {
	Verdict  checks.Verdict
	Color    string
	X, TextX int
}

type timelineRow struct {
	Label, Tip                     string
	Color                          string
	HasCat, HasOff                 bool
	CatX, CatW, CatMid, OffX       string
	TextY, BandY, MidY, DiamondTop string
}

var datePrefix = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?`)

// parseLooseDate reads the leading date of a value: "2024", "2024-12",
// "2024-12-26", or an RFC 3339 time.
func parseLooseDate(s string) (catalog.Date, bool) {
	m := datePrefix.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return catalog.Date{}, false
	}
	y, _ := strconv.Atoi(m[1])
	d := catalog.Date{Year: y, Precision: catalog.PrecisionYear}
	if m[2] != "" {
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return catalog.Date{}, false
		}
		d.Month, d.Precision = mo, catalog.PrecisionMonth
		if m[3] != "" {
			day, _ := strconv.Atoi(m[3])
			if day < 1 || day > 31 {
				return catalog.Date{}, false
			}
			d.Day, d.Precision = day, catalog.PrecisionDay
		}
	}
	return d, true
}

// buildTimeline draws the findings on a date field whose catalog or official
// value is a date; nil when there is none.
func buildTimeline(r *Report) *timeline {
	items := timelineItems(r.Findings)
	if len(items) == 0 {
		return nil
	}
	t := &timeline{}
	if len(items) > maxTimelineRows {
		t.Omitted = len(items) - maxTimelineRows
		items = items[:maxTimelineRows]
	}
	now := r.Now.UTC()
	lo, hi := timelineSpan(items, now)
	t.layout(len(items))
	x := timelineScale{lo: lo, span: hi.Sub(lo).Seconds(), left: timelineLeft, width: float64(t.Width - timelineLeft - timelineRight)}
	t.Ticks = timelineTicks(lo, hi, x)
	if !now.IsZero() && !now.Before(lo) && !now.After(hi) {
		t.ShowNow, t.NowX = true, f1(x.at(now))
	}
	for i, it := range items {
		t.Rows = append(t.Rows, timelineRowOf(it, float64(timelineTop+timelineRowH*i), x))
	}
	t.Legend = timelineLegend(items)
	return t
}

// timelineItem is a finding with the dates it puts on the timeline.
type timelineItem struct {
	f             checks.Finding
	cat, off      catalog.Date
	hasCat, hasOf bool
}

// timelineItems are the findings on a timeline field (or a paper's latest
// version) whose catalog or official value is a date, in order.
func timelineItems(fs []checks.Finding) []timelineItem {
	var items []timelineItem
	for _, f := range fs {
		if !timelineFields[f.Field] && f.Field != versionField {
			continue
		}
		it := timelineItem{f: f}
		it.cat, it.hasCat = parseLooseDate(f.Expected)
		it.off, it.hasOf = parseLooseDate(f.Observed)
		if f.Field == versionField {
			// "v2 of 2026-01-04": the latest version's date; a version is no date.
			it.hasCat = false
			_, date, ok := strings.Cut(f.Observed, " of ")
			if !ok {
				continue
			}
			it.off, it.hasOf = parseLooseDate(date)
		}
		if it.hasCat || it.hasOf {
			items = append(items, it)
		}
	}
	return items
}

// timelineSpan is the time the timeline shows: whole years around every
// item's dates (and now, when it is less than two years after them), at
// least two years.
func timelineSpan(items []timelineItem, now time.Time) (lo, hi time.Time) {
	widen := func(a, b time.Time) {
		if lo.IsZero() || a.Before(lo) {
			lo = a
		}
		if hi.IsZero() || b.After(hi) {
			hi = b
		}
	}
	for _, it := range items {
		if it.hasCat {
			widen(it.cat.Start(), it.cat.End())
		}
		if it.hasOf {
			s := it.off.Start()
			widen(s, s.AddDate(0, 0, 1))
		}
	}
	if !now.IsZero() && now.After(hi) && now.Sub(hi) < 2*365*24*time.Hour {
		hi = now
	}
	// Whole years, with a little room.
	lo = time.Date(lo.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	hi = time.Date(hi.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	if hi.Year() == lo.Year()+1 {
		hi = hi.AddDate(1, 0, 0)
	}
	return lo, hi
}

// The timeline's geometry in pixels: a row's height, the margins left (for
// the labels) and right, and the first row's baseline.
const timelineRowH, timelineLeft, timelineRight, timelineTop = 24, 300, 24, 34

// layout sets the picture's size and the positions of its axis, labels and
// legend for n rows.
func (t *timeline) layout(n int) {
	t.Width = 1000
	t.LabelX = timelineLeft - 12
	t.Top = timelineTop - 10
	t.AxisY = timelineTop - 16
	t.Bottom = timelineTop + timelineRowH*n + 4
	t.NowLabelY = t.Bottom + 14
	t.LegendX, t.LegendY = 16, t.Bottom+40
	t.Height = t.LegendY + 32
}

// timelineScale maps a time to its x coordinate: lo at left, the end of
// the span (seconds after lo) width pixels further.
type timelineScale struct {
	lo          time.Time
	span        float64
	left, width float64
}

// at is tm's x coordinate.
func (s timelineScale) at(tm time.Time) float64 {
	return s.left + (tm.Sub(s.lo).Seconds()/s.span)*s.width
}

// f1 writes a coordinate rounded to one decimal.
func f1(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64) }

// timelineTicks are the axis's year ticks from lo to hi, at most about ten.
func timelineTicks(lo, hi time.Time, x timelineScale) []tick {
	years := hi.Year() - lo.Year()
	step := 1
	for years/step > 10 {
		step++
	}
	var ticks []tick
	for y := lo.Year(); y <= hi.Year(); y += step {
		ticks = append(ticks, tick{X: f1(x.at(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))), Label: strconv.Itoa(y)})
	}
	return ticks
}

// timelineRowOf draws one item on the row whose middle is at y: the
// catalog's date as a band (its precision's whole span), the official date
// as a diamond, with a tooltip that says both.
func timelineRowOf(it timelineItem, y float64, x timelineScale) timelineRow {
	row := timelineRow{
		Label: clip(it.f.Entry+" · "+timelineLabel(it.f), 42),
		Color: verdictColor[it.f.Verdict],
		TextY: f1(y + 4), BandY: f1(y - 6), MidY: f1(y), DiamondTop: f1(y - 6),
		HasCat: it.hasCat, HasOff: it.hasOf,
	}
	if row.Color == "" {
		row.Color = "#59636e"
	}
	tip := it.f.Ref() + " (" + it.f.Field + "): " + string(it.f.Verdict)
	if it.hasCat {
		a, b := x.at(it.cat.Start()), x.at(it.cat.End())
		row.CatX, row.CatW, row.CatMid = f1(a), f1(math.Max(b-a, 2)), f1((a+b)/2)
		tip += "; catalog " + it.cat.String()
	}
	if it.hasOf {
		row.OffX = f1(x.at(it.off.Start().Add(12 * time.Hour)))
		tip += "; official " + it.off.String()
	}
	row.Tip = tip
	return row
}

// timelineLegend lists the verdict colours present in the picture, in
// verdict order, placed after the fixed legend items.
func timelineLegend(items []timelineItem) []legendItem {
	seen := map[checks.Verdict]bool{}
	for _, it := range items {
		seen[it.f.Verdict] = true
	}
	var legend []legendItem
	xpos := 430
	for _, vd := range checks.Verdicts {
		if !seen[vd] {
			continue
		}
		legend = append(legend, legendItem{Verdict: vd, Color: verdictColor[vd], X: xpos, TextX: xpos + 17})
		xpos += 30 + 8*len(vd)
	}
	return legend
}
