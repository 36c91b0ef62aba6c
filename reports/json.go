package reports

import (
	"encoding/json"
	"fmt"
	"io"
)

// JSON writes the versioned report documented in docs/report-format.md and
// described by schema/report.schema.json.
type JSON struct{}

// Format implements Reporter.
func (*JSON) Format() string { return "json" }

// Write implements Reporter.
func (*JSON) Write(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(Normalize(r)); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}
