// Package checks judges catalog claims against observations extracted from
// fetch records. Checks are plain values in one list (see List); each is a
// pure function of catalog entries and observations — no network here.
package checks

import (
	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Verdict is the judgement on one claim. These exact words are part of the report format.
type Verdict string

const (
	Verified     Verdict = "verified"     // an official source states the same value
	Contradicted Verdict = "contradicted" // official sources state a different value
	Outdated     Verdict = "outdated"     // true once, but newer official information exists
	Expired      Verdict = "expired"      // a time-bound claim whose date has passed
	Missing      Verdict = "missing"      // an official source lists an item the catalog does not
	Unverified   Verdict = "unverified"   // sources were read, none states the claim
	Unreachable  Verdict = "unreachable"  // a needed source could not be fetched
)

// Verdicts lists every verdict in report order.
var Verdicts = []Verdict{Verified, Contradicted, Outdated, Expired, Missing, Unverified, Unreachable}

// Severity orders findings for --fail-on.
type Severity string

const (
	SeverityInfo    Severity = "info"
	SeverityWarning Severity = "warning"
	SeverityError   Severity = "error"
)

// Rank orders severities: info < warning < error.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 2
	case SeverityWarning:
		return 1
	default:
		return 0
	}
}

// Finding is the judgement of one claim (or one reverse-coverage item).
type Finding struct {
	Entry    string      `json:"entry"`
	Claim    string      `json:"claim"` // claim id within the entry; for missing: a generated id
	Check    string      `json:"check"` // id of the check that produced it
	Field    string      `json:"field"`
	Verdict  Verdict     `json:"verdict"`
	Severity Severity    `json:"severity"`
	Expected string      `json:"expected"` // the catalog's value
	Observed string      `json:"observed"` // the official value ("" if none)
	Message  string      `json:"message"`
	Location catalog.Pos `json:"location"`
	// Evidence cites the deciding page and quote first, then at most
	// MaxSupportingEvidence supporting pages, never one URL twice (TidyEvidence).
	Evidence []record.Evidence `json:"evidence"`
	// EvidenceOmitted counts the supporting pages left out of Evidence by the cap.
	EvidenceOmitted int `json:"evidence_omitted,omitempty"`
	// Disagreement is set when official sources state different values; all are quoted in Evidence.
	Disagreement bool `json:"disagreement,omitempty"`
	// Reason is the typed fetch failure for unreachable findings.
	Reason string `json:"reason,omitempty"`
}
