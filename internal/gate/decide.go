package gate

import (
	"fmt"
	"slices"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// CheckNoVerdict is the check id of the finding the gate writes for a
// strictly judged claim that no check judged.
const CheckNoVerdict = "gate.no-verdict"

// Outcome is the gate's decision over the judge's findings.
type Outcome struct {
	// Findings are every finding, in the judge's order, with the severity the
	// gate gives them: error for a strictly judged claim that is not verified,
	// at most warning for everything else. Strict findings carry the target's
	// (pinpointed) position.
	Findings []checks.Finding
	// Failed are the strictly judged claims that are not verified and whose
	// sources were read (contradicted, outdated, expired, missing, unverified).
	Failed []checks.Finding
	// Unreachable are the strictly judged claims whose source could not be fetched.
	Unreachable []checks.Finding
	// Warnings are the findings on everything else that are not verified: the
	// decay of the claims the change did not touch. They never fail the gate.
	Warnings []checks.Finding
	// Verified counts the strictly judged claims an official source verified.
	Verified int
	// Settings are the catalog-wide settings the change added, removed or
	// changed (check CheckSettings, severity error): each fails the gate,
	// since a pull request cannot vouch for itself (see SettingsFindings).
	Settings []checks.Finding
}

// Passed reports whether every strictly judged claim is verified and no
// catalog-wide setting changed.
func (o Outcome) Passed() bool {
	return len(o.Failed) == 0 && len(o.Unreachable) == 0 && len(o.Settings) == 0
}

// SettingsFindings turns setting changes into the findings the gate fails
// on: one error per changed top-level key, at the changed line in head. They
// belong to no entry (catalog-level findings); the claim id is "setting:KEY".
func SettingsFindings(cs []SettingChange, rev, file string) []checks.Finding {
	out := make([]checks.Finding, 0, len(cs))
	for _, c := range cs {
		out = append(out, checks.Finding{
			Claim: "setting:" + c.Key, Check: CheckSettings, Field: c.Key, Verdict: checks.Unverified,
			Severity: checks.SeverityError, Expected: c.Value, Location: c.Pos, Evidence: []record.Evidence{},
			Message: c.Message(rev, file),
		})
	}
	return out
}

// WithSettings adds the settings findings to an outcome: first in Findings
// (they are what a reader must see first), and in Settings.
func (o Outcome) WithSettings(fs []checks.Finding) Outcome {
	if len(fs) == 0 {
		return o
	}
	o.Settings = append(o.Settings, fs...)
	o.Findings = append(slices.Clone(fs), o.Findings...)
	return o
}

// Decide judges the findings as the gate does: a finding about a target of sel
// passes only when verified; every other finding is at most a warning. A
// target without any finding fails as unverified: every new or changed claim
// must be verified by an official source.
func Decide(sel *Selection, fs []checks.Finding) Outcome {
	var o Outcome
	seen := map[string]bool{}     // targets with a finding
	verified := map[string]bool{} // targets with a verified finding
	failed := map[string]bool{}   // targets with a finding that is not verified
	for _, f := range fs {
		t, strict := sel.Target(f.Entry, f.Claim)
		if !strict {
			if f.Verdict != checks.Verified {
				f.Severity = capWarning(f.Severity)
				o.Warnings = append(o.Warnings, f)
			}
			o.Findings = append(o.Findings, f)
			continue
		}
		id := t.FullID()
		seen[id] = true
		f.Location = t.Pos
		switch f.Verdict {
		case checks.Verified:
			verified[id] = true
		case checks.Unreachable:
			f.Severity = checks.SeverityError
			failed[id] = true
			o.Unreachable = append(o.Unreachable, f)
		default:
			f.Severity = checks.SeverityError
			failed[id] = true
			o.Failed = append(o.Failed, f)
		}
		o.Findings = append(o.Findings, f)
	}
	for _, t := range sel.Targets {
		id := t.FullID()
		if seen[id] {
			if verified[id] && !failed[id] {
				o.Verified++
			}
			continue
		}
		f := checks.Finding{
			Entry: t.Entry, Claim: t.Claim, Check: CheckNoVerdict, Verdict: checks.Unverified,
			Severity: checks.SeverityError, Location: t.Pos, Evidence: []record.Evidence{},
			Message: fmt.Sprintf("no check judged this %s claim: it is not verified by an official source", t.Why),
		}
		if reason, ok := sel.Blocked[t.Entry]; ok {
			f.Check = CheckBaseSettings
			f.Message = fmt.Sprintf("This %s claim was not checked: %s", t.Why, reason)
		}
		o.Failed = append(o.Failed, f)
		o.Findings = append(o.Findings, f)
	}
	return o
}

func capWarning(s checks.Severity) checks.Severity {
	if s.Rank() > checks.SeverityWarning.Rank() {
		return checks.SeverityWarning
	}
	return s
}
