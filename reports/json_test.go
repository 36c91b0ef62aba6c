package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// wholeJSON is the reference rendering: the whole normalised report encoded
// at once (what the JSON reporter wrote before it streamed).
func wholeJSON(t *testing.T, r *Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(Normalize(r)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestJSONStreamsTheSameBytes(t *testing.T) {
	withChanges := sampleReport()
	withChanges.Changes = &Changes{PreviousRun: "run-1", New: withChanges.Findings[:1], Resolved: nil, Silenced: 2}
	withChanges.Gate = &GateInfo{Base: "main", Added: []string{"b", "a"}}
	withChanges.Checks = []CheckInfo{{ID: "z", Doc: "<doc> & \"quote\""}, {ID: "a", Doc: "first"}}
	nilEvidence := sampleReport()
	for i := range nilEvidence.Findings {
		nilEvidence.Findings[i].Evidence = nil
	}
	tricky := &Report{Findings: []checks.Finding{
		{Entry: "e", Claim: "c", Message: "a <b> & \u2028 \"q\" \\ é\n\tline", Evidence: []record.Evidence{{URL: "https://x.test/?a=1&b=<2>", Quote: "[]{}"}}},
		{Entry: "d", Claim: "findings", Message: "\n  \"findings\": [],\n"},
	}}
	one := &Report{Findings: []checks.Finding{{Entry: "only"}}}
	cases := map[string]*Report{
		"sample": sampleReport(), "changes and gate": withChanges, "nil evidence": nilEvidence,
		"tricky strings": tricky, "one finding": one, "empty": {}, "nil": nil,
	}
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			want := wholeJSON(t, r)
			got := render(t, "json", r)
			if !bytes.Equal(got, want) {
				t.Errorf("streamed JSON differs from the whole-document encoding:\n got: %q\nwant: %q", clip(string(got), 400), clip(string(want), 400))
			}
		})
	}
}

func TestJSONDoesNotModifyTheReport(t *testing.T) {
	r := sampleReport()
	reverse(r.Findings)
	r.Findings[0].Evidence = nil
	first := r.Findings[0].Entry
	render(t, "json", r)
	if r.Findings[0].Entry != first || r.Findings[0].Evidence != nil {
		t.Error("Write reordered or changed the caller's findings")
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

var errFull = errors.New("disk full")

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		w := f.n
		f.n = 0
		return w, errFull
	}
	f.n -= len(p)
	return len(p), nil
}

func TestJSONReportsWriteErrors(t *testing.T) {
	r := sampleReport()
	for len(r.Findings) < 2000 { // several buffer flushes
		r.Findings = append(r.Findings, r.Findings...)
	}
	full := len(wholeJSON(t, r))
	for _, n := range []int{0, 10, 70000, full - 1} {
		err := (&JSON{}).Write(&failWriter{n: n}, r)
		if !errors.Is(err, errFull) || !strings.Contains(err.Error(), "write json report") {
			t.Errorf("fail after %d of %d bytes: err = %v, want a wrapped %v", n, full, err, errFull)
		}
	}
	if err := (&JSON{}).Write(&failWriter{n: full}, r); err != nil {
		t.Errorf("room for the whole report: %v", err)
	}
}
