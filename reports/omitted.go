package reports

import (
	"fmt"
	"strings"

	"github.com/claimcheck/claimcheck/checks"
)

// writeOmitted prints the families omitted by choice: one info line each,
// apart from the findings and outside every count.
func writeOmitted(p func(string, ...any), om []checks.Omitted) {
	if len(om) == 0 {
		return
	}
	p("\nomitted by choice (catalog omit list; not counted):\n")
	for _, o := range om {
		p("  %s — %s (%s official item(s))\n", oneLine(o.Family), clip(oneLine(o.Reason), 200), fmt.Sprint(len(o.Items)))
	}
}

// omittedLine is the families omitted by choice on one line, each with its
// reason, escaped by esc.
func omittedLine(om []checks.Omitted, esc func(string) string) string {
	parts := make([]string, len(om))
	for i, o := range om {
		parts[i] = esc(oneLine(o.Family)) + " (" + esc(clip(oneLine(o.Reason), 200)) + ")"
	}
	return strings.Join(parts, "; ")
}
