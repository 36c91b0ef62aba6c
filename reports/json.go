package reports

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/textsafe"
)

// JSON writes the versioned report documented in docs/report-format.md and
// described by schema/report.schema.json.
//
// The document is streamed: the report without its findings is encoded
// once, and the findings are encoded one at a time into its "findings"
// array, so memory does not grow with the size of the document. The bytes
// are exactly those of encoding the whole normalised report with
// json.Encoder (two-space indent, no HTML escaping, trailing newline), with
// the characters encoding/json leaves raw that a terminal or a reader could
// be fooled by (DEL, C1 controls, bidi overrides) written as \u escapes
// (textsafe.JSON): the decoded document is the same.
type JSON struct{}

// Format implements Reporter.
func (*JSON) Format() string { return "json" }

// findingsKey is the line of the (empty) findings array in the indented
// report without findings: top-level keys are indented by two spaces, so a
// nested "findings" key (none exists today) could never match.
var findingsKey = []byte("\n  \"findings\": [],\n")

// Write implements Reporter.
func (*JSON) Write(w io.Writer, r *Report) error {
	if err := writeJSON(w, r); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// newJSONEncoder encodes to w as the JSON reports are written: each line
// after the first starts with prefix, nesting is indented by two spaces,
// and <, > and & are left as they are (no HTML escaping).
func newJSONEncoder(w io.Writer, prefix string) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	return enc
}

func writeJSON(w io.Writer, r *Report) error {
	if r == nil {
		r = &Report{}
	}
	shell := normalizeRest(r)
	shell.Findings = []checks.Finding{}
	var buf bytes.Buffer
	if err := newJSONEncoder(&buf, "").Encode(shell); err != nil {
		return err
	}
	head, tail, ok := bytes.Cut(buf.Bytes(), findingsKey)
	if !ok {
		return fmt.Errorf("no findings array in the encoded report")
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(textsafe.JSON(head))
	bw.WriteString("\n  \"findings\": [")
	if len(r.Findings) == 0 {
		bw.WriteString("]")
	} else {
		// Each finding sits at depth 2 of the document: its first line is
		// indented by the array, its inner lines by the prefix.
		var fb bytes.Buffer
		fenc := newJSONEncoder(&fb, "    ")
		for i, j := range findingOrder(r.Findings) {
			f := r.Findings[j]
			if f.Evidence == nil {
				f.Evidence = []record.Evidence{}
			}
			fb.Reset()
			if err := fenc.Encode(f); err != nil {
				return err
			}
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString("\n    ")
			// bufio keeps the first write error: stop at it.
			if _, err := bw.Write(textsafe.JSON(bytes.TrimSuffix(fb.Bytes(), []byte("\n")))); err != nil {
				return err
			}
		}
		bw.WriteString("\n  ]")
	}
	bw.WriteString(",\n")
	bw.Write(textsafe.JSON(tail))
	return bw.Flush()
}
