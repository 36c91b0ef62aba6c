package reports

import (
	"fmt"

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
