package checks

import (
	"fmt"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/normalize"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// The guide's own checklist ("Before citing or using a model, verify"), one
// check each. "Is the benchmark self-reported, third-party or peer-reviewed?"
// is not encoded: no official source states it of itself (docs/judging.md).

// modelish: the entries the checklist applies to — model entries and entries
// with a GitHub or Hugging Face source.
func modelish(e *catalog.Entry) bool {
	return e.Kind == catalog.KindModel || len(e.Sources.GitHub)+len(e.Sources.HuggingFace) > 0
}

// cardish: the entries the model-card items apply to — model entries and
// entries with a Hugging Face model.
func cardish(e *catalog.Entry) bool {
	return e.Kind == catalog.KindModel || len(e.Sources.HuggingFace) > 0
}

func checklistFinding(e *catalog.Entry, check string, v Verdict) Finding {
	name := strings.TrimPrefix(check, "checklist.")
	return Finding{
		Entry: e.ID, Claim: "checklist." + name, Check: check, Field: name, Verdict: v, Severity: severityOf(v),
		Expected: "stated", Location: e.Pos, Evidence: []record.Evidence{},
	}
}

// subjectsWith filters an entry's subjects by prefix.
func subjectsWith(e *catalog.Entry, prefixes ...string) []string {
	var out []string
	for _, k := range EntrySubjects(e) {
		for _, p := range prefixes {
			if strings.HasPrefix(k, p) {
				out = append(out, k)
			}
		}
	}
	return out
}

// presence judges a checklist item that holds when some official observation
// of the subjects satisfies ok.
func (ctx *Context) presence(e *catalog.Entry, check string, subjects []string, fields []string, ok func(extract.Observation) bool, what string) Finding {
	f := checklistFinding(e, check, Unverified)
	var hits []extract.Observation
	for _, k := range subjects {
		for _, o := range ctx.officialObs(k, fields...) {
			if ok(o) {
				hits = append(hits, o)
			}
		}
	}
	if len(hits) > 0 {
		f = f.with(Verified, fmt.Sprintf("%s: %q", what, hits[0].Value))
		f.Observed = hits[0].Value
		for _, o := range hits {
			f.Evidence = append(f.Evidence, o.Evidence)
		}
		return f
	}
	read, missing, bad := ctx.recordState(subjects...)
	switch {
	case len(bad) > 0:
		f = f.unreachableFrom(bad)
	case len(read)+len(missing) == 0:
		f.Message = "no source for this item was fetched (" + what + ")"
	default:
		f.Message = fmt.Sprintf("none of the %d official source(s) read states it (%s)", len(read)+len(missing), what)
		for _, k := range subjects {
			for _, h := range ctx.health[k] {
				if containsString(fields, h.Field) {
					f.Message += fmt.Sprintf("; extractor health: %s (%s)", h.Problem, h.URL)
				}
			}
		}
	}
	return f
}

func isTrue(o extract.Observation) bool {
	return strings.EqualFold(strings.TrimSpace(o.Value), "true")
}

func (ctx *Context) eachEntry(applies func(*catalog.Entry) bool, fn func(*catalog.Entry) Finding) []Finding {
	var out []Finding
	es := ctx.entries()
	for i := range es {
		e := &es[i]
		if applies(e) {
			out = append(out, fn(e))
		}
	}
	return out
}

// checkOfficialOrg: every GitHub and Hugging Face source sits under an
// official organisation, exists, and has not moved elsewhere.
func checkOfficialOrg(ctx *Context) []Finding {
	const id = "checklist.official-org"
	return ctx.eachEntry(func(e *catalog.Entry) bool { return len(e.Sources.GitHub)+len(e.Sources.HuggingFace) > 0 }, func(e *catalog.Entry) Finding {
		f := checklistFinding(e, id, Unverified)
		f.Expected = "official"
		subjects := subjectsWith(e, extract.PrefixGitHub, extract.PrefixHF)
		var bad, missing []record.Record
		var fetched []string
		for _, k := range subjects {
			if ok, why := ctx.Official(k); !ok {
				f = f.with(Contradicted, fmt.Sprintf("%s is not official: %s", k, why))
				f.Observed = k
				for _, o := range ctx.Observations(k) {
					if o.Field == extract.FieldOwner || o.Field == extract.FieldRenamedTo {
						f.Evidence = append(f.Evidence, o.Evidence)
					}
				}
				return f
			}
			read, m, b := ctx.recordState(k)
			// Existence is the repository's or the model's own record: a
			// missing file in it (a 404 config.json, no README) or a file
			// that failed to fetch says nothing about where it lives.
			m, b = existenceRecords(m), existenceRecords(b)
			missing, bad = append(missing, m...), append(bad, b...)
			if len(read) > 0 {
				fetched = append(fetched, k)
				f.Evidence = append(f.Evidence, read[0].Evidence("", ""))
			}
		}
		switch {
		case len(missing) > 0:
			f = f.with(Contradicted, fmt.Sprintf("%s answered %d: the official source does not exist", missing[0].URL, missing[0].Status))
			f.Observed, f.Evidence = "does not exist", []record.Evidence{missing[0].Evidence("", "")}
		case len(bad) > 0:
			f.Evidence = nil
			f = f.unreachableFrom(bad)
		case len(fetched) == len(subjects) && len(subjects) > 0:
			f = f.with(Verified, fmt.Sprintf("all %d GitHub/Hugging Face sources exist under official organisations", len(subjects)))
			f.Observed = "official"
		default:
			f.Message = "the GitHub/Hugging Face sources were not fetched"
		}
		return f
	})
}

// checkPaperExists: an arXiv paper or an official report exists.
func checkPaperExists(ctx *Context) []Finding {
	const id = "checklist.paper-exists"
	return ctx.eachEntry(func(e *catalog.Entry) bool { return modelish(e) || e.Kind == catalog.KindPaper }, func(e *catalog.Entry) Finding {
		subjects := EntrySubjects(e)
		f := ctx.presence(e, id, subjects, []string{catalog.FieldTitle, extract.FieldArXivLink, extract.FieldText}, func(o extract.Observation) bool {
			k := SubjectKey(o.Subject)
			switch {
			case o.Field == catalog.FieldTitle && (strings.HasPrefix(k, extract.PrefixArXiv) || strings.HasPrefix(k, extract.PrefixDOI)):
				// The entry's own paper, or a paper about its model.
				return e.Kind == catalog.KindPaper || ctx.paperNames(k, e)
			case o.Field == extract.FieldArXivLink:
				// A linked paper counts only when its title or abstract
				// names the model or its family (not a method paper the
				// model merely uses, nor an unrelated study).
				r, err := catalog.ParseArXivID(strings.TrimSpace(o.Value))
				return err == nil && ctx.paperNames(SubjectKey(extract.PrefixArXiv+r.ID), e)
			case o.Field == extract.FieldText && !strings.HasPrefix(k, extract.PrefixDocs):
				return normalize.ContainsPhrase(o.Value, "technical report") || normalize.ContainsPhrase(o.Value, "paper link")
			}
			return false
		}, "an arXiv paper or official report")
		for i, ev := range f.Evidence {
			if ev.Quote == "" || len(ev.Quote) > 300 {
				f.Evidence[i].Quote = truncate(ev.Quote, 300)
			}
		}
		if len(f.Observed) > 120 {
			f.Observed = truncate(f.Observed, 120)
		}
		return f
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// entryNames are the names an entry's models go by: its Hugging Face ids,
// GitHub repositories, claim subjects and model-name values.
func entryNames(e *catalog.Entry) []string { return namesOf(e, false) }

// namesOf collects an entry's names; withoutAPISubjects leaves out the subjects of
// API-name claims (which say which model an API name serves, not which models
// the entry covers).
func namesOf(e *catalog.Entry, withoutAPISubjects bool) []string {
	var out []string
	for _, r := range e.Sources.HuggingFace {
		out = appendUnique(out, r.ID)
	}
	for _, r := range e.Sources.GitHub {
		out = appendUnique(out, r.String())
	}
	for _, c := range e.Claims {
		if c.Subject != "" && !(withoutAPISubjects && containsString(apiNameFields, c.Field)) {
			out = appendUnique(out, c.Subject)
		}
		if c.Field == catalog.FieldModelName || c.Field == catalog.FieldHFID {
			out = appendUnique(out, c.Value)
		}
	}
	return out
}

// checkReleaseNote: a release note on the API docs covers the entry.
func checkReleaseNote(ctx *Context) []Finding {
	const id = "checklist.release-note"
	if !ctx.hasDocs() {
		return nil // the organisation publishes no docs the catalog names: not applicable
	}
	return ctx.eachEntry(cardish, func(e *catalog.Entry) Finding {
		names := entryNames(e)
		own := subjectsWith(e, extract.PrefixDocs)
		subjects := ctx.docsSubjects(e)
		for _, k := range ctx.allDocsSubjects() {
			subjects = appendUnique(subjects, k)
		}
		return ctx.presence(e, id, subjects, []string{catalog.FieldReleaseNote, catalog.FieldTitle, extract.FieldChangelogEntry}, func(o extract.Observation) bool {
			if containsString(own, SubjectKey(o.Subject)) && o.Field != extract.FieldChangelogEntry {
				return true
			}
			if o.Field == catalog.FieldTitle && !containsString(own, SubjectKey(o.Subject)) {
				return false
			}
			return mentionsAny(o.Value, names) || (o.Model != "" && anySame(o.Model, names))
		}, "a release note on the API docs")
	})
}

func anySame(n string, names []string) bool {
	for _, x := range names {
		if normalize.SameName(n, x) {
			return true
		}
	}
	return false
}

// cardSubjects: the model cards, or the README when there is no card.
func cardSubjects(e *catalog.Entry) []string {
	if s := subjectsWith(e, extract.PrefixHF); len(s) > 0 {
		return s
	}
	return subjectsWith(e, extract.PrefixGitHub)
}

// alsoStated adds to an unverified checklist finding what the item's
// secondary sources state: each official observation of field about the
// subjects, its value in the message (format) and its evidence quoted.
func (ctx *Context) alsoStated(f Finding, subjects []string, field, format string) Finding {
	if f.Verdict != Unverified {
		return f
	}
	for _, k := range subjects {
		for _, o := range ctx.officialObs(k, field) {
			f.Message += fmt.Sprintf(format, o.Value)
			f.Evidence = append(f.Evidence, o.Evidence)
		}
	}
	return f
}

func checkLicenseStated(ctx *Context) []Finding {
	return ctx.eachEntry(cardish, func(e *catalog.Entry) Finding {
		f := ctx.presence(e, "checklist.license-stated", cardSubjects(e), []string{catalog.FieldLicense}, func(o extract.Observation) bool {
			return strings.TrimSpace(o.Value) != ""
		}, "the model card states a licence")
		return ctx.alsoStated(f, subjectsWith(e, extract.PrefixGitHub), catalog.FieldLicense, "; the GitHub repository states %q")
	})
}

func checkReleaseStatus(ctx *Context) []Finding {
	if !ctx.hasDocs() && !ctx.statesStatuses() {
		return nil // no docs and no official source uses status words: not applicable
	}
	return ctx.eachEntry(cardish, func(e *catalog.Entry) Finding {
		subjects := append(EntrySubjects(e), ctx.docsSubjects(e)...)
		names := entryNames(e)
		own := EntrySubjects(e)
		return ctx.presence(e, "checklist.release-status", subjects, []string{catalog.FieldReleaseStatus, catalog.FieldReleaseNote, catalog.FieldTitle}, func(o extract.Observation) bool {
			ownSubject := containsString(own, SubjectKey(o.Subject))
			if !ownSubject && !mentionsAny(o.Value, names) && !(o.Model != "" && anySame(o.Model, names)) {
				return false
			}
			if o.Field == catalog.FieldReleaseStatus {
				return normalize.Status(o.Value) != "" // a status word, not any label ("speciale")
			}
			return strings.HasPrefix(SubjectKey(o.Subject), extract.PrefixDocs) && normalize.StatusFromName(o.Value) != ""
		}, "an official source states the release status")
	})
}

func checkCardContext(ctx *Context) []Finding {
	return ctx.eachEntry(cardish, func(e *catalog.Entry) Finding {
		f := ctx.presence(e, "checklist.card-context", subjectsWith(e, extract.PrefixHF, extract.PrefixGitHub), []string{catalog.FieldContextLength}, func(o extract.Observation) bool {
			return true
		}, "the card or README states a context length")
		return ctx.alsoStated(f, subjectsWith(e, extract.PrefixHF), extract.FieldMaxPositions, "; only config.json states max_position_embeddings %s")
	})
}

func checkCardChatTemplate(ctx *Context) []Finding {
	return ctx.eachEntry(cardish, func(e *catalog.Entry) Finding {
		return ctx.presence(e, "checklist.card-chat-template", subjectsWith(e, extract.PrefixHF, extract.PrefixGitHub), []string{extract.FieldChatTemplate}, isTrue, "the card states a chat template")
	})
}

func checkCardDeployment(ctx *Context) []Finding {
	return ctx.eachEntry(cardish, func(e *catalog.Entry) Finding {
		return ctx.presence(e, "checklist.card-deployment", subjectsWith(e, extract.PrefixHF, extract.PrefixGitHub), []string{extract.FieldDeployment}, isTrue, "the card gives deployment instructions")
	})
}

// existenceRecords keeps the records that say whether a GitHub repository or
// a Hugging Face model exists: its metadata record, not its files.
func existenceRecords(rs []record.Record) []record.Record {
	var out []record.Record
	for _, r := range rs {
		switch r.Resource.Kind {
		case record.KindGitHubReadme, record.KindGitHubReleases, record.KindHFReadme, record.KindHFConfig:
			continue
		}
		out = append(out, r)
	}
	return out
}

// hasDocs reports whether the catalog names documentation pages (catalog-wide
// or on an entry): the items about API docs apply only then.
func (ctx *Context) hasDocs() bool {
	c := ctx.in.Catalog
	if len(c.Sources.Docs) > 0 {
		return true
	}
	for i := range c.Entries {
		if len(c.Entries[i].Sources.Docs) > 0 {
			return true
		}
	}
	return false
}

// statesStatuses reports whether any official source uses release-status
// words at all (a status field, or a status in a listed model's name): a
// vendor that never does has no release status to look for.
func (ctx *Context) statesStatuses() bool {
	for _, k := range ctx.index.Keys() {
		if ok, _ := ctx.Official(k); !ok {
			continue
		}
		for _, o := range ctx.index.Observations(k) {
			switch o.Field {
			case catalog.FieldReleaseStatus:
				if normalize.Status(o.Value) != "" {
					return true
				}
			case extract.FieldOrgModel:
				if normalize.StatusFromName(orgModelName(o)) != "" {
					return true
				}
			}
		}
	}
	return false
}

// paperNames reports whether the paper (an arXiv or DOI subject) was read and
// its title or abstract names one of the entry's models or their family
// (familyNames).
func (ctx *Context) paperNames(k string, e *catalog.Entry) bool {
	names := familyNames(e)
	for _, o := range ctx.officialObs(k, catalog.FieldTitle, extract.FieldText) {
		for _, n := range names {
			if normalize.MentionsFamily(o.Value, n) {
				return true
			}
		}
	}
	return false
}

// familyNames are the entry's names (entryNames and its own name) and their
// families: each name cut after a part that carries a digit ("Qwen2.5" of
// "Qwen/Qwen2.5-7B-Instruct", "Foo-3" of "Foo-3-mini-4k"); a part without a
// digit alone ("Foo") never stands for a family.
func familyNames(e *catalog.Entry) []string {
	var out []string
	for _, n := range append(entryNames(e), e.Name) {
		if strings.TrimSpace(n) == "" {
			continue
		}
		out = appendUnique(out, n)
		ts := normalize.Tokens(n)
		for i := 0; i+1 < len(ts); i++ {
			if strings.ContainsAny(ts[i], "0123456789") {
				out = appendUnique(out, strings.Join(ts[:i+1], "-"))
				break
			}
		}
	}
	return out
}
