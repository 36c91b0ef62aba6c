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

	title := oneLine(r.Catalog.Name)
	if title == "" {
		title = "catalog"
	}
	p("%s %s — %s\n", oneLine(r.Tool.Name), oneLine(r.Tool.Version), title)
	var meta []string
	if r.Catalog.Path != "" {
		meta = append(meta, oneLine(r.Catalog.Path))
	}
	if r.Catalog.AsOf != "" {
		meta = append(meta, "as of "+oneLine(r.Catalog.AsOf))
	}
	meta = append(meta, fmt.Sprintf("%d entries, %d claims", r.Catalog.Entries, r.Catalog.Claims))
	if !r.Now.IsZero() {
		meta = append(meta, "checked "+r.Now.UTC().Format("2006-01-02 15:04 MST"))
	}
	p("%s\n\n", strings.Join(meta, " · "))

	// One row per verdict, one column per kind of finding, so the totals
	// add up: the claims column is what the catalog claims, the others are
	// checklist items, cited sources and reverse coverage.
	kinds := shownKinds(r)
	p("  %-13s", "")
	for _, k := range kinds {
		p(" %9s", kindColumn(k))
	}
	p(" %7s\n", "total")
	total := 0
	colTotal := make([]int, len(kinds))
	for _, v := range checks.Verdicts {
		total += r.Summary[v]
		p("  %-13s", v)
		for i, k := range kinds {
			n := r.SummaryByKind[k][v]
			colTotal[i] += n
			p(" %9d", n)
		}
		p(" %7d\n", r.Summary[v])
	}
	p("  %-13s", "total")
	for _, n := range colTotal {
		p(" %9d", n)
	}
	p(" %7d\n", total)
	p("  %s\n", kindTotals(r))
	writeOmitted(p, r.Omitted) // omitted.go

	if g := r.Gate; g != nil {
		p("\ngate against %s: %d added, %d changed, %d removed\n", oneLine(g.Base), len(g.Added), len(g.Changed), len(g.Removed))
		for _, l := range []struct {
			label string
			ids   []string
		}{{"added", g.Added}, {"changed", g.Changed}, {"removed", g.Removed}} {
			if len(l.ids) > 0 {
				p("  %-8s %s\n", l.label+":", oneLine(strings.Join(l.ids, ", ")))
			}
		}
	}
	if c := r.Changes; c != nil {
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
		head := oneLine(entryLabel(g.Info.ID))
		if g.Info.Name != "" {
			head += " — " + oneLine(g.Info.Name)
		}
		if g.Info.Kind != "" || g.Info.Year != "" {
			head += " (" + strings.TrimSpace(oneLine(g.Info.Kind)+" "+oneLine(g.Info.Year)) + ")"
		}
		p("\n%s\n", head)
		for _, f := range show {
			listed++
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
	}
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
