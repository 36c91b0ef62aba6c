// Package reports renders an audit's findings. Reporters only render: they
// never fetch or judge. Each format sits behind the Reporter interface and is
// picked by name from Formats.
package reports

import (
	"io"
	"time"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/checks/extract"
)

// SchemaVersion is the version of the JSON report format (docs/report-format.md).
const SchemaVersion = "1.0"

// Report is everything a reporter renders.
type Report struct {
	SchemaVersion string                 `json:"schema_version"`
	Tool          Tool                   `json:"tool"`
	Catalog       CatalogInfo            `json:"catalog"`
	Now           time.Time              `json:"now"`
	Summary       map[checks.Verdict]int `json:"summary"`
	// SummaryByKind splits the findings by what they judge (claim,
	// checklist, source, coverage, gate) and, within a kind, by verdict;
	// summed over the kinds it is Summary. Computed from Findings when nil.
	SummaryByKind map[checks.Kind]map[checks.Verdict]int `json:"summary_by_kind,omitempty"`
	Findings      []checks.Finding                       `json:"findings"`
	Sources       []SourceStats                          `json:"sources"`
	Health        []extract.Health                       `json:"extractor_health,omitempty"`
	// Omitted lists the official families the catalog's omit list leaves
	// out on purpose: shown apart, never counted (summary, exit codes).
	Omitted []checks.Omitted `json:"omitted_by_choice,omitempty"`
	Entries []EntryInfo      `json:"entries,omitempty"`
	// Changes is set by the nightly run: what is new and what was resolved since the last run.
	Changes *Changes `json:"changes,omitempty"`
	// Gate is set by the CI gate: what the change touched.
	Gate *GateInfo `json:"gate,omitempty"`
	// Checks describes the checks that ran (id and one-line doc); SARIF turns
	// them into rules. Optional: reporters fall back to the check ids found in Findings.
	Checks []CheckInfo `json:"checks,omitempty"`
}

// CheckInfo names one check for the reports (SARIF rules, the HTML legend).
type CheckInfo struct {
	ID  string `json:"id"`
	Doc string `json:"doc"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// CatalogInfo describes the audited catalog.
type CatalogInfo struct {
	Path    string `json:"path"`
	Name    string `json:"name"`
	AsOf    string `json:"as_of"`
	Entries int    `json:"entries"`
	Claims  int    `json:"claims"`
}

// EntryInfo is an entry's identity, for grouping findings into cards.
type EntryInfo struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
	Year string `json:"year,omitempty"`
}

// SourceStats are one source's crawl metrics.
type SourceStats struct {
	Source      string  `json:"source"`
	Requests    int     `json:"requests"`
	NotModified int     `json:"not_modified"`
	FromCache   int     `json:"from_cache"`
	Bytes       int64   `json:"bytes"`
	Retries     int     `json:"retries"`
	Waits       int     `json:"waits"`
	WaitSeconds float64 `json:"wait_seconds"`
	Errors      int     `json:"errors"`
}

// Changes compares a nightly run with the previous one.
type Changes struct {
	PreviousRun string           `json:"previous_run,omitempty"` // id or time of the last run
	New         []checks.Finding `json:"new"`
	Resolved    []checks.Finding `json:"resolved"`
	Silenced    int              `json:"silenced"` // findings silenced by the baseline or by the N-failures rule
}

// GateInfo describes a CI gate run.
type GateInfo struct {
	Base    string   `json:"base"`
	Added   []string `json:"added"` // "entry" or "entry/claim"
	Changed []string `json:"changed"`
	Removed []string `json:"removed"`
}

// Reporter renders a report in one format.
type Reporter interface {
	// Format is the name used by --format ("json", "html", …).
	Format() string
	Write(w io.Writer, r *Report) error
}
