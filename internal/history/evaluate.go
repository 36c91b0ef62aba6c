package history

import (
	"fmt"
	"time"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/reports"
)

// DefaultUnreachableAfter is how many consecutive runs a claim must be
// unreachable before it is reported.
const DefaultUnreachableAfter = 3

// Identity is a finding's identity across runs.
type Identity struct {
	Entry string `json:"entry"`
	Claim string `json:"claim"`
	Check string `json:"check"`
	Field string `json:"field"`
}

// IdentityOf is f's identity: entry + claim + check + field.
func IdentityOf(f checks.Finding) Identity {
	return Identity{Entry: f.Entry, Claim: f.Claim, Check: f.Check, Field: f.Field}
}

func (i Identity) String() string {
	s := i.Entry + "/" + i.Claim + "#" + i.Check
	if i.Field != "" {
		s += "[" + i.Field + "]"
	}
	return s
}

// Silence says why a finding is not reported.
type Silence string

const (
	NotSilenced     Silence = ""
	SilencedPending Silence = "pending"  // unreachable, fewer than N consecutive runs
	SilencedBase    Silence = "baseline" // an active baseline entry matches
)

// Prior is what the last finished run recorded for one identity.
type Prior struct {
	Finding checks.Finding
	// Basis is the verdict last reported for the identity; "" when it was
	// never reported (silenced by the baseline, or pending with nothing
	// reported before). New and resolved are judged against it.
	Basis checks.Verdict
	// Streak is the number of consecutive finished runs, up to that one, in
	// which the identity was unreachable.
	Streak int
}

// Options tune a nightly evaluation.
type Options struct {
	// UnreachableAfter is N: an unreachable finding is reported from its Nth
	// consecutive run on (values < 1 mean DefaultUnreachableAfter).
	UnreachableAfter int
	// Baseline silences accepted findings until they expire (nil: none).
	Baseline *Baseline
	// Now is the run's --now; baseline expiry is judged against it.
	Now time.Time
}

func (o Options) n() int {
	if o.UnreachableAfter < 1 {
		return DefaultUnreachableAfter
	}
	return o.UnreachableAfter
}

// Decision is what a run does with one finding.
type Decision struct {
	// Finding is the finding as reported: a silenced finding's message says why.
	Finding  checks.Finding
	Silenced Silence
	Basis    checks.Verdict
	Streak   int
	New      bool
	// Baseline is the entry that silenced the finding.
	Baseline *BaselineEntry
}

// Evaluation is a run judged against its predecessor.
type Evaluation struct {
	Decisions []Decision
	Changes   reports.Changes
	// Pending are the unreachable findings not reported yet.
	Pending []Decision
	// Expired are the baseline entries that no longer apply.
	Expired []BaselineEntry
}

// Findings are the run's findings as reported (silenced ones annotated).
func (e *Evaluation) Findings() []checks.Finding {
	out := make([]checks.Finding, len(e.Decisions))
	for i, d := range e.Decisions {
		out[i] = d.Finding
	}
	return out
}

// Evaluate judges the current findings against the last finished run's
// (prior, in that run's order; nil when there is none). The findings
// reporting expired baseline entries are appended to cur before judging.
func Evaluate(prior []Prior, cur []checks.Finding, opts Options) *Evaluation {
	n := opts.n()
	byID := make(map[Identity]Prior, len(prior))
	for _, p := range prior {
		id := IdentityOf(p.Finding)
		if _, dup := byID[id]; !dup {
			byID[id] = p
		}
	}
	ev := &Evaluation{Expired: opts.Baseline.Expired(opts.Now)}
	all := make([]checks.Finding, 0, len(cur)+len(ev.Expired))
	all = append(all, cur...)
	for _, e := range ev.Expired {
		all = append(all, ExpiredFinding(e))
	}
	ev.Changes.New = []checks.Finding{}
	ev.Changes.Resolved = []checks.Finding{}
	seen := make(map[Identity]checks.Verdict, len(all))
	for _, f := range all {
		id := IdentityOf(f)
		p, had := byID[id]
		d := Decision{Finding: f}
		if f.Verdict == checks.Unreachable {
			d.Streak = 1
			if had {
				d.Streak = p.Streak + 1
			}
		}
		switch be := opts.Baseline.Match(f, opts.Now); {
		case be != nil:
			d.Silenced, d.Baseline = SilencedBase, be
			d.Finding.Message = fmt.Sprintf("baselined until %s (%s): %s", be.ExpiresDate(), be.Reason, f.Message)
		case f.Verdict == checks.Unreachable && d.Streak < n:
			d.Silenced = SilencedPending
			d.Basis = p.Basis // carried: a flaky night changes nothing
			d.Finding.Message = fmt.Sprintf("pending (%d/%d): %s", d.Streak, n, f.Message)
		default:
			d.Basis = f.Verdict
			d.New = f.Verdict != checks.Verified && (!had || p.Basis != f.Verdict)
		}
		if _, dup := seen[id]; !dup {
			seen[id] = d.Basis
		}
		switch {
		case d.Silenced != NotSilenced:
			ev.Changes.Silenced++
			if d.Silenced == SilencedPending {
				ev.Pending = append(ev.Pending, d)
			}
		case d.New:
			ev.Changes.New = append(ev.Changes.New, d.Finding)
		}
		ev.Decisions = append(ev.Decisions, d)
	}
	done := make(map[Identity]bool, len(prior))
	for _, p := range prior {
		id := IdentityOf(p.Finding)
		if done[id] {
			continue
		}
		done[id] = true
		if p.Basis == "" || p.Basis == checks.Verified {
			continue
		}
		basis, present := seen[id]
		if !present || basis == checks.Verified {
			ev.Changes.Resolved = append(ev.Changes.Resolved, p.Finding)
		}
	}
	return ev
}
