package checks

import (
	"fmt"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// The contradiction guard (docs/judging.md §4, "A source that could not be
// read never lets a lower one contradict"): a claim is contradicted only when
// every source that could have decided it otherwise was read. A source that
// ranks at or above the deciding tier for the claim's field and could not be
// fetched makes the claim unreachable; one that was fetched but that its
// extractor could not parse (a health report for the whole record, Field "")
// makes it unverified.

// unread is what kept a claim's deciding sources from being read.
type unread struct {
	bad      []record.Record  // failed fetches (not 404/410 answers)
	unparsed []extract.Health // extractor reports: the record could not be (fully) read
	// badLabels and unparsedLabels name the ranked source each failure
	// stands for.
	badLabels, unparsedLabels []string
	// unparsedRecs are the records the reports are about, when known.
	unparsedRecs []record.Record
}

func (u unread) empty() bool { return len(u.bad) == 0 && len(u.unparsed) == 0 }

// sourceOfSubject is the source a subject's records come from, by prefix.
func sourceOfSubject(k string) record.Source {
	switch {
	case strings.HasPrefix(k, extract.PrefixArXiv):
		return record.SourceArXiv
	case strings.HasPrefix(k, extract.PrefixGitHub):
		return record.SourceGitHub
	case strings.HasPrefix(k, extract.PrefixHF), strings.HasPrefix(k, extract.PrefixHFOrg):
		return record.SourceHF
	case strings.HasPrefix(k, extract.PrefixDocs):
		return record.SourceDocs
	case strings.HasPrefix(k, extract.PrefixDOI):
		return record.SourceCrossref
	case strings.HasPrefix(k, extract.PrefixURL):
		return record.SourceVenue
	}
	return ""
}

// rankedAtOrAbove returns the ranking rule by which a source could have
// decided a claim field at tier or above: the first rule for the source (or
// for any source) that is not a fallback — fallback sources are read only
// when nothing else states a value, and here something does — and, unless
// any official value verifies the claim (anyOf), is not corroborating (such a
// source can neither contradict nor outrank the deciding tier) and has a tier
// at or above tier. With anyOf every non-fallback rule counts whatever its
// tier: any agreeing value would have verified the claim.
func rankedAtOrAbove(field string, src record.Source, tier int, anyOf bool) (RankRule, bool) {
	for _, r := range Ranking[field] {
		if r.Source != "" && r.Source != src {
			continue
		}
		if r.Fallback {
			continue
		}
		if anyOf || (!r.Corroborating && r.Tier <= tier) {
			return r, true
		}
	}
	return RankRule{}, false
}

// unreadSources lists the official sources among subjects that could not be
// read and that rank (says by which label) for the decision: records that
// failed to fetch, and extractor health reports that a fetched record could
// not be read as a whole or in part (Field "") — unless that record stated a
// value for the claim all the same (its URL is in stated: a card without
// front matter whose text states the context length was read for it). A
// report about one field ("README states no params_total", "<published>
// missing") says the page was read and states nothing there: a source that
// states nothing does not rank, so it never holds a contradiction back. With
// a claim subject, another model's page is skipped (see noEvidence).
func (ctx *Context) unreadSources(subjects []string, claimSubject string, stated map[string]bool, rank func(record.Source) (string, bool)) unread {
	var u unread
	for _, k := range subjects {
		if claimSubject != "" && !subjectConcerns(k, claimSubject) {
			continue
		}
		if ok, _ := ctx.Official(k); !ok {
			continue // never counted, read or not
		}
		for _, i := range ctx.recs[k] {
			r := ctx.in.Records[i]
			if !failed(r) || ctx.restricted(r) {
				continue // a gated file is held back by its health report
			}
			if label, ok := rank(r.Resource.Source); ok {
				u.bad = append(u.bad, r)
				u.badLabels = append(u.badLabels, label)
			}
		}
		for _, h := range ctx.health[k] {
			if h.Field != "" || (h.URL != "" && stated[h.URL]) {
				continue
			}
			r, found := ctx.healthRecord(k, h)
			src := sourceOfSubject(k)
			if found {
				src = r.Resource.Source
			}
			if label, ok := rank(src); ok {
				u.unparsed = append(u.unparsed, h)
				u.unparsedLabels = append(u.unparsedLabels, label)
				if found {
					u.unparsedRecs = append(u.unparsedRecs, r)
				}
			}
		}
	}
	return u
}

// healthRecord is the subject's record a health report is about (by URL).
func (ctx *Context) healthRecord(k string, h extract.Health) (record.Record, bool) {
	for _, i := range ctx.recs[k] {
		r := ctx.in.Records[i]
		if h.URL != "" && (r.URL == h.URL || r.FinalURL == h.URL) {
			return r, true
		}
	}
	return record.Record{}, false
}

// guardContradiction turns a contradiction decided by first (at its tier) into
// unreachable or unverified when a source that ranks as high for the claim's
// field (any ranked source, when any official value verifies the claim) could
// not be read. The second result is false when every such source was read.
func (ctx *Context) guardContradiction(f Finding, e *catalog.Entry, c *catalog.Claim, spec valueSpec, first candidate, inf []candidate) (Finding, bool) {
	subjects := ctx.claimSubjects(e, c, spec.wide)
	if spec.allDocs {
		for _, k := range ctx.allDocsSubjects() {
			subjects = appendUnique(subjects, k)
		}
	}
	stated := map[string]bool{}
	for _, cd := range inf {
		stated[cd.o.Evidence.URL] = true
	}
	u := ctx.unreadSources(subjects, c.Subject, stated, func(src record.Source) (string, bool) {
		r, ok := rankedAtOrAbove(c.Field, src, first.rule.Tier, spec.anyOf)
		return r.Label, ok
	})
	if u.empty() {
		return f, false
	}
	why := "ranks as high as " + first.rule.Label + " for " + c.Field
	if spec.anyOf {
		why = "could state another date of the work (any official date verifies the claim)"
	}
	f = u.finding(f, fmt.Sprintf("%s, which is no contradiction while a source that %s could not be read", describe(first), why))
	f.Observed = first.o.Value
	f.Evidence = append(f.Evidence, evidenceOf(inf)...)
	return f, true
}

// finding makes f unreachable (a fetch failed: Reason is its kind) or
// unverified (every such source was fetched, but could not be parsed), with a
// message naming the failed sources, then what was read.
func (u unread) finding(f Finding, read string) Finding {
	if len(u.bad) > 0 {
		r := u.bad[0]
		msg := fmt.Sprintf("could not fetch %s (ranked as %s; %s)", r.URL, u.badLabels[0], r.Err.Error())
		if n := len(u.bad) + len(u.unparsed) - 1; n > 0 {
			msg += fmt.Sprintf(" and %d other source(s)", n)
		}
		f = f.with(Unreachable, msg+"; "+read)
		f.Reason = string(r.Err.Kind)
		for _, r := range u.bad {
			f.Evidence = append(f.Evidence, r.Evidence("", ""))
		}
		return f
	}
	h := u.unparsed[0]
	msg := fmt.Sprintf("the extractor could not read %s (ranked as %s; %s)", h.URL, u.unparsedLabels[0], h.Problem)
	if len(u.unparsed) > 1 {
		msg += fmt.Sprintf(" and %d other source(s)", len(u.unparsed)-1)
	}
	f = f.with(Unverified, msg+"; "+read)
	for _, r := range u.unparsedRecs {
		f.Evidence = append(f.Evidence, r.Evidence("", ""))
	}
	return f
}
