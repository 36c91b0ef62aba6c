package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/claimcheck/claimcheck/checks"
)

// Text is the report for a terminal: counts per verdict, then per entry the
// findings that are not verified. Verified findings are counted, not listed,
// unless Verbose is set. Fetched text is reduced to one line and stripped of
// control characters, so a page cannot send escape sequences to the terminal.
type Text struct {
	Verbose bool
}

// Format implements Reporter.
func (*Text) Format() string { return "text" }

func (t *Text) configure(o Options) { t.Verbose = o.Verbose }

// Write implements Reporter.
func (t *Text) Write(w io.Writer, r *Report) error {
	r = Normalize(r)
	bw := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }
	writeTextHeader(p, r)
	writeTextTable(p, newVerdictTable(r))
	p("  %s\n", kindTotals(r))
	writeOmitted(p, r.Omitted) // omitted.go
	if r.Gate != nil {
		writeTextGate(p, r.Gate)
	}
	if r.Changes != nil {
		writeTextChanges(p, r.Changes)
	}
	listed := t.writeEntries(p, r)
	if listed == 0 {
		p("\nnothing to report: every checked claim is verified\n")
	} else if !t.Verbose && r.Summary[checks.Verified] > 0 {
		p("\n%d verified findings not listed (use verbose output to list them)\n", r.Summary[checks.Verified])
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return nil
}

// writeTextHeader prints the title line (tool, version, catalog name) and
// the catalog's metadata line.
func writeTextHeader(p func(string, ...any), r *Report) {
	title := oneLine(r.Catalog.Name)
	if title == "" {
		title = "catalog"
	}
	p("%s %s — %s\n", oneLine(r.Tool.Name), oneLine(r.Tool.Version), title)
	p("%s\n\n", strings.Join(catalogMeta(r, oneLine, oneLine), " · "))
}

// writeTextTable prints the verdict table: one row per verdict, one column
// per kind of finding, so the totals add up: the claims column is what the
// catalog claims, the others are checklist items, cited sources and
// reverse coverage.
func writeTextTable(p func(string, ...any), t verdictTable) {
	p("  %-13s", "")
	for _, k := range t.Kinds {
		p(" %9s", kindColumn(k))
	}
	p(" %7s\n", "total")
	for _, row := range t.Rows {
		p("  %-13s", row.Verdict)
		for _, n := range row.Counts {
			p(" %9d", n)
		}
		p(" %7d\n", row.Total)
	}
	p("  %-13s", "total")
	for _, n := range t.ColTotal {
		p(" %9d", n)
	}
	p(" %7d\n", t.Total)
}

// writeTextGate prints what a CI gate compared: the base and the ids added,
// changed and removed.
func writeTextGate(p func(string, ...any), g *GateInfo) {
	p("\ngate against %s: %d added, %d changed, %d removed\n", oneLine(g.Base), len(g.Added), len(g.Changed), len(g.Removed))
	for _, l := range gateLists(g) {
		if len(l.IDs) > 0 {
			p("  %-8s %s\n", l.Label+":", oneLine(strings.Join(l.IDs, ", ")))
		}
	}
}

// writeTextChanges prints what is new and what was resolved since the last run.
func writeTextChanges(p func(string, ...any), c *Changes) {
	p("\nsince the last run")
	if c.PreviousRun != "" {
		p(" (%s)", oneLine(c.PreviousRun))
	}
	p(": %d new, %d resolved, %d silenced\n", len(c.New), len(c.Resolved), c.Silenced)
	for _, f := range c.New {
		p("  + %-12s %s  %s\n", f.Verdict, oneLine(f.Ref()), oneLine(f.Message))
	}
	for _, f := range c.Resolved {
		p("  - %-12s %s  %s\n", f.Verdict, oneLine(f.Ref()), oneLine(f.Message))
	}
}

// writeEntries prints, entry by entry, the findings to list (not verified
// ones, every one when Verbose) and returns how many it listed.
func (t *Text) writeEntries(p func(string, ...any), r *Report) int {
	listed := 0
	for _, g := range groupByEntry(r) {
		var show []checks.Finding
		for _, f := range g.Findings {
			if t.Verbose || f.Verdict != checks.Verified {
				show = append(show, f)
			}
		}
		if len(show) == 0 {
			continue
		}
		p("\n%s\n", textEntryHead(g.Info))
		for _, f := range show {
			listed++
			writeTextFinding(p, f)
		}
	}
	return listed
}

// textEntryHead is an entry's heading: its id (or "catalog-wide"), name,
// kind and year.
func textEntryHead(info EntryInfo) string {
	head := oneLine(entryLabel(info.ID))
	if info.Name != "" {
		head += " — " + oneLine(info.Name)
	}
	if info.Kind != "" || info.Year != "" {
		head += " (" + strings.TrimSpace(oneLine(info.Kind)+" "+oneLine(info.Year)) + ")"
	}
	return head
}

// writeTextFinding prints one finding: verdict, claim, field and location,
// the two values, the message and reason, and its first piece of evidence.
func writeTextFinding(p func(string, ...any), f checks.Finding) {
	p("  %-12s %s [%s]", strings.ToUpper(string(f.Verdict)), oneLine(f.Claim), oneLine(f.Field))
	if loc := posString(f.Location); loc != "" {
		p("  %s", oneLine(loc))
	}
	p("\n")
	p("      catalog: %s   official: %s\n", orDash(clip(oneLine(f.Expected), 120)), orDash(clip(oneLine(f.Observed), 120)))
	if f.Message != "" {
		p("      %s\n", clip(oneLine(f.Message), 300))
	}
	if f.Reason != "" {
		p("      reason: %s\n", clip(oneLine(f.Reason), 200))
	}
	if f.Disagreement {
		p("      official sources disagree (%d quoted)\n", quoteCount(f))
	}
	if len(f.Evidence) > 0 {
		e := f.Evidence[0]
		p("      evidence: %s", oneLine(evidenceURL(e)))
		if when := evidenceWhen(e); when != "" {
			p(" (%s)", when)
		}
		if more := len(f.Evidence) - 1 + f.EvidenceOmitted; more > 0 {
			p(" +%d more", more)
		}
		p("\n")
	}
}
