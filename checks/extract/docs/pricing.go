package docs

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
)

// Table bounds: a hostile table cannot blow up the grid.
const (
	maxRows = 200
	maxCols = 40
)

// grid is an HTML table with colspan/rowspan expanded: every cell position
// holds the text of the cell covering it.
type grid [][]string

func tableGrid(t *goquery.Selection) grid {
	var g grid
	// pending[c] = rows still covered by a rowspan in column c, with its text.
	type span struct {
		left int
		text string
	}
	var pending []span
	t.Find("tr").EachWithBreak(func(i int, tr *goquery.Selection) bool {
		if i >= maxRows {
			return false
		}
		var row []string
		col := 0
		fill := func() {
			for col < len(pending) && pending[col].left > 0 && col < maxCols {
				row = append(row, pending[col].text)
				pending[col].left--
				col++
			}
		}
		fill()
		tr.ChildrenFiltered("td, th").Each(func(_ int, cell *goquery.Selection) {
			text := spacedText(cell)
			cs := spanAttr(cell, "colspan")
			rs := spanAttr(cell, "rowspan")
			for k := 0; k < cs && col < maxCols; k++ {
				row = append(row, text)
				for len(pending) <= col {
					pending = append(pending, span{})
				}
				pending[col] = span{left: rs - 1, text: text}
				col++
				fill()
			}
		})
		fill()
		g = append(g, row)
		return true
	})
	return g
}

// grid is tableGrid of t, computed once per table and page.
func (p *page) grid(t *goquery.Selection) grid {
	if len(t.Nodes) == 0 {
		return nil
	}
	n := t.Nodes[0]
	if g, ok := p.grids[n]; ok {
		return g
	}
	if p.grids == nil {
		p.grids = map[*html.Node]grid{}
	}
	g := tableGrid(t)
	p.grids[n] = g
	return g
}

func spanAttr(s *goquery.Selection, name string) int {
	v, ok := s.Attr(name)
	if !ok {
		return 1
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 {
		return 1
	}
	if n > maxCols {
		return maxCols
	}
	return n
}

// Row labels of the model table, English and Chinese.
var (
	labelModel   = []string{"MODEL", "模型"}
	labelVersion = []string{"MODEL VERSION", "模型版本"}
	labelContext = []string{"CONTEXT LENGTH", "上下文长度"}
	labelOutput  = []string{"MAX OUTPUT", "输出长度", "最大输出长度"}
)

func isLabel(s string, labels []string) bool {
	s = strings.TrimSpace(footnoteRe.ReplaceAllString(s, ""))
	for _, l := range labels {
		if strings.EqualFold(s, l) {
			return true
		}
	}
	return false
}

// footnoteRe strips footnote markers: "deepseek-flash(1)", "PRICING(1)(2)".
var footnoteRe = regexp.MustCompile(`(?:\s*[(（]\d{1,2}[)）])+\s*$`)

// maxLenRe finds the maximum in "DEFAULT: 4K MAXIMUM: 8K", "MAXIMUM: 384K",
// "默认 4K，最大 8K", "最大 384K".
var maxLenRe = regexp.MustCompile(`(?i)(?:maximum|max|最大)\s*[:：]?\s*(\d+(?:\.\d+)?\s*[KM]?)\b`)

// pricing reads the model table: one column per API model id.
func (p *page) pricing(article *goquery.Selection) {
	table := p.rowOrientedTable(article)
	if table == nil {
		if p.modelTables(article) == 0 {
			p.health(catalog.FieldAPIModel, "model page without a model table (first cell MODEL, or a model column)")
		}
		return
	}
	g := p.grid(table)
	if len(g) == 0 {
		p.health(catalog.FieldAPIModel, "empty model table")
		return
	}
	header := g[0]
	cols := modelColumns(header)
	if len(cols) == 0 {
		p.health(catalog.FieldAPIModel, "model table without model columns")
		return
	}
	tloc := p.loc("table")
	headerQuote := rowQuote(header)
	for _, c := range cols {
		p.add(p.obs(catalog.FieldAPIModel, c.id, c.id, tloc+" tr:nth-child(1)", headerQuote))
	}
	found := map[string]bool{}
	for ri, row := range g[1:] {
		if field := p.labelledRow(row, cols, fmt.Sprintf("%s tr:nth-child(%d)", tloc, ri+2)); field != "" {
			found[field] = true
		}
	}
	for _, f := range []string{catalog.FieldContextLength, extract.FieldMaxOutput} {
		if !found[f] {
			p.health(f, "model table has no "+f+" row")
		}
	}
}

// rowOrientedTable is the article's first table whose first cell is the
// MODEL label and whose rows are labelled (rowOriented); nil when none.
func (p *page) rowOrientedTable(article *goquery.Selection) *goquery.Selection {
	var table *goquery.Selection
	article.Find("table").EachWithBreak(func(_ int, t *goquery.Selection) bool {
		first := t.Find("tr").First().ChildrenFiltered("td, th").First()
		if isLabel(spacedText(first), labelModel) && rowOriented(p.grid(t)) {
			table = t
			return false
		}
		return true
	})
	return table
}

// modelColumn is a column of a row-oriented model table: its index and the
// model id its MODEL cell names.
type modelColumn struct {
	idx int
	id  string
}

// modelColumns are the model columns of the MODEL row: its cells that are
// not the row label, footnote marks dropped, each id once.
func modelColumns(header []string) []modelColumn {
	var cols []modelColumn
	seen := map[string]bool{}
	for i, cell := range header {
		if isLabel(cell, labelModel) || cell == "" {
			continue
		}
		id := strings.TrimSpace(footnoteRe.ReplaceAllString(cell, ""))
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		cols = append(cols, modelColumn{i, id})
	}
	return cols
}

// rowField is the field a row label of the model table names (MODEL
// VERSION, CONTEXT LENGTH, MAX OUTPUT); "" for any other row.
func rowField(label string) string {
	switch {
	case isLabel(label, labelVersion):
		return catalog.FieldModelName
	case isLabel(label, labelContext):
		return catalog.FieldContextLength
	case isLabel(label, labelOutput):
		return extract.FieldMaxOutput
	}
	return ""
}

// labelledRow reads one row of the model table at loc: one observation per
// model column. It returns the field the row's label names, "" for a row it
// does not read.
func (p *page) labelledRow(row []string, cols []modelColumn, loc string) string {
	if len(row) == 0 {
		return ""
	}
	label := row[0]
	field := rowField(label)
	if field == "" {
		return ""
	}
	quote := rowQuote(row)
	for _, c := range cols {
		if c.idx >= len(row) {
			p.health(field, fmt.Sprintf("row %q has no cell for %s", label, c.id))
			continue
		}
		cell := row[c.idx]
		o := p.obs(field, c.id, cell, loc, quote)
		if !p.lengthQuantity(&o, cell, c.id) {
			continue
		}
		p.add(o)
	}
	return field
}

// lengthQuantity sets the quantity of a context-length or max-output cell
// (the maximum of "DEFAULT: 4K MAXIMUM: 8K"). It reports false, with a
// health problem, when such a cell states no length; other fields pass.
func (p *page) lengthQuantity(o *extract.Observation, cell, id string) bool {
	switch o.Field {
	case catalog.FieldContextLength:
		q, ok := extract.ContextQuantity(cell)
		if !ok {
			p.health(o.Field, fmt.Sprintf("context length %q for %s is not a length", cell, id))
			return false
		}
		o.Quantity = q
	case extract.FieldMaxOutput:
		v := cell
		if m := maxLenRe.FindStringSubmatch(cell); m != nil {
			v = m[1]
		}
		q, ok := extract.ContextQuantity(v)
		if !ok {
			p.health(o.Field, fmt.Sprintf("max output %q for %s is not a length", cell, id))
			return false
		}
		o.Quantity = q
	}
	return true
}

// rowOriented reports a table with one column per model: rows after the
// first are labelled by their first cell (MODEL VERSION, CONTEXT LENGTH…).
// A table with a "Model" header over one model per row is column-oriented.
func rowOriented(g grid) bool {
	for _, row := range g[min(1, len(g)):] {
		if len(row) > 0 && (isLabel(row[0], labelVersion) || isLabel(row[0], labelContext) || isLabel(row[0], labelOutput)) {
			return true
		}
	}
	return false
}

// dedupe drops the repeats colspan expansion made, keeping order.
func dedupe(row []string) []string {
	var out []string
	for i, c := range row {
		if i > 0 && c == row[i-1] {
			continue
		}
		out = append(out, c)
	}
	return out
}
