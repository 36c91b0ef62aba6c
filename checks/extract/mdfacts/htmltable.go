package mdfacts

import (
	"strings"

	"golang.org/x/net/html"
)

// maxTableLines bounds the lines one HTML table may span.
const maxTableLines = 4000

// htmlTables rewrites every HTML <table> of a markdown document (outside code
// fences) as a pipe table in the lines the table spans: the first row on the
// <table> line, the separator after it, the other rows on the lines that
// follow, blank lines after; so the table readers see it and line numbers
// outside the table stay those of the document. A table with more rows than
// lines (a table written on one line) is left as it is.
func htmlTables(lines []string) []string {
	var fence codeFence
	for i := 0; i < len(lines); i++ {
		if fence.marker(strings.TrimSpace(lines[i])) || fence.inside() || !strings.Contains(strings.ToLower(lines[i]), "<table") {
			continue
		}
		end := -1
		for j := i; j < len(lines) && j < i+maxTableLines; j++ {
			if strings.Contains(strings.ToLower(lines[j]), "</table>") {
				end = j
				break
			}
		}
		if end < 0 {
			continue
		}
		if rows := tableRows(lines[i : end+1]); len(rows) >= 2 && len(rows)+1 <= end+1-i {
			out := make([]string, end+1-i)
			out[0] = "| " + strings.Join(rows[0], " | ") + " |"
			out[1] = "|" + strings.Repeat(" --- |", len(rows[0]))
			for k, r := range rows[1:] {
				out[k+2] = "| " + strings.Join(r, " | ") + " |"
			}
			copy(lines[i:end+1], out)
		}
		i = end
	}
	return lines
}

// tableRows reads the rows of one HTML table fragment: the text of each cell.
func tableRows(frag []string) (rows [][]string) {
	z := html.NewTokenizer(strings.NewReader(strings.Join(frag, "\n")))
	var row []string
	var cell *strings.Builder
	inRow := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "tr":
				if tt == html.StartTagToken {
					row, inRow = nil, true
				} else if inRow {
					if cell != nil {
						row = append(row, cellText(cell.String()))
						cell = nil
					}
					if len(row) > 0 {
						rows = append(rows, row)
					}
					inRow = false
				}
			case "td", "th":
				if tt == html.StartTagToken {
					if cell != nil {
						row = append(row, cellText(cell.String()))
					}
					cell = &strings.Builder{}
				} else if cell != nil {
					row = append(row, cellText(cell.String()))
					cell = nil
				}
			case "br", "p", "div", "li":
				if cell != nil {
					cell.WriteByte(' ')
				}
			}
		case html.TextToken:
			if cell != nil && cell.Len() < 4096 {
				cell.Write(z.Text())
			}
		}
	}
	return rows
}

func cellText(s string) string {
	return strings.ReplaceAll(Space(s), "|", "/")
}
