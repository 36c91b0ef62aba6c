package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/normalize"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Reverse coverage: official sources list items the catalog does not. Only
// items dated after the catalog's as_of are findings — the catalog is a
// selection, so an older item it leaves out is a choice, not news. An item
// that belongs to an entry's family is reported as outdated on that entry;
// any other as missing on the catalog.

func (ctx *Context) asOfEnd() (catalog.Date, bool) {
	c := ctx.in.Catalog
	return c.AsOf, c.AsOf.Year > 0
}

// after reports whether an observation's date lies after the catalog's as_of.
func (ctx *Context) after(o extract.Observation) bool {
	asOf, ok := ctx.asOfEnd()
	if !ok {
		return false
	}
	d, ok := obsDate(o)
	if !ok {
		return false
	}
	return !d.Start().Before(asOf.End())
}

func (ctx *Context) missingFinding(check, kind, field, item string, ev record.Evidence, msg string) Finding {
	return Finding{
		Entry: "", Claim: "missing:" + kind + ":" + item, Check: check, Field: field, Verdict: Missing,
		Severity: severityOf(Missing), Observed: item, Message: msg, Location: ctx.in.Catalog.Pos,
		Evidence: []record.Evidence{ev},
	}
}

func outdatedEntryFinding(e *catalog.Entry, check, kind, field, item string, ev record.Evidence, msg string) Finding {
	return Finding{
		Entry: e.ID, Claim: kind + ":" + item, Check: check, Field: field, Verdict: Outdated,
		Severity: severityOf(Outdated), Observed: item, Message: msg, Location: e.Pos,
		Evidence: []record.Evidence{ev},
	}
}

// referencedModel reports whether any entry names the model id.
func (ctx *Context) referencedModel(id string) bool {
	for i := range ctx.in.Catalog.Entries {
		e := &ctx.in.Catalog.Entries[i]
		for _, r := range e.Sources.HuggingFace {
			if ctx.sameName(r.ID, id) {
				return true
			}
		}
		for _, c := range e.Claims {
			if c.Subject != "" && ctx.sameName(c.Subject, id) {
				return true
			}
			switch c.Field {
			case catalog.FieldHFID, catalog.FieldModelName, catalog.FieldDistilled, catalog.FieldBaseModel:
				if ctx.sameName(c.Value, id) {
					return true
				}
			}
		}
	}
	return false
}

// sameName is normalize.SameName across the organisation's accounts (see
// unowned).
func (ctx *Context) sameName(a, b string) bool {
	return normalize.SameName(ctx.unowned(a), ctx.unowned(b))
}

// apiNameFields are the claim fields about API model names: their subject is
// the API name or the model an API name serves, never a model the entry
// covers.
var apiNameFields = []string{catalog.FieldAPIModel, catalog.FieldRetirement}

// modelNames are the models an entry covers, for reverse coverage: its
// Hugging Face models and GitHub repositories, its model_name and hf_id
// values, and the subjects of its claims other than API-name claims. An API
// fact sheet ("deepseek-v4-flash serves Foo-V4-Flash") names models only as
// what an API name serves: a newer model of that family, or a release note
// about it, concerns the entry that covers the model, not the API entry. The
// API entry's own changes are judged by its claims (claim.api-model: a name
// listed as legacy or retired is outdated; claim.deadline) and by
// coverage.api-models (a new name is missing).
func modelNames(e *catalog.Entry) []string { return namesOf(e, true) }

// familyEntries are the entries one of whose models the name is a later
// member or a variant of.
func (ctx *Context) familyEntries(name string) []*catalog.Entry {
	var out []*catalog.Entry
	for i := range ctx.in.Catalog.Entries {
		e := &ctx.in.Catalog.Entries[i]
		for _, n := range modelNames(e) {
			a, b := ctx.unowned(name), ctx.unowned(n)
			if _, ok := normalize.Variant(a, b); ok || normalize.FamilyMember(a, b) {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// checkOrgModels: models in an official organisation's list created after as_of.
func checkOrgModels(ctx *Context) []Finding {
	const id = "coverage.org-models"
	var out []Finding
	seen := map[string]bool{}
	for _, k := range ctx.wide {
		if !strings.HasPrefix(k, extract.PrefixHFOrg) {
			continue
		}
		for _, o := range ctx.officialObs(k, extract.FieldOrgModel) {
			name := orgModelName(o)
			key := normalize.Name(name)
			if seen[key] || !ctx.after(o) || ctx.referencedModel(name) {
				continue
			}
			seen[key] = true
			d, _ := obsDate(o)
			if es := ctx.familyEntries(name); len(es) > 0 {
				for _, e := range es {
					out = append(out, outdatedEntryFinding(e, id, "newer-model", extract.FieldOrgModel, name, o.Evidence,
						fmt.Sprintf("a newer model of the family, %s (created %s, after the catalog's as_of %s), is not listed", name, d, ctx.in.Catalog.AsOf)))
				}
				continue
			}
			out = append(out, ctx.missingFinding(id, "org-model", extract.FieldOrgModel, name, o.Evidence,
				fmt.Sprintf("the organisation lists %s (created %s, after the catalog's as_of %s), which no entry references", name, d, ctx.in.Catalog.AsOf)))
		}
	}
	return out
}

// referencedNote reports whether an entry references a release note: the
// note's own docs page is an entry source, or a release_note claim has its
// title.
func (ctx *Context) referencedNote(o extract.Observation) bool {
	k := SubjectKey(o.Subject)
	for i := range ctx.in.Catalog.Entries {
		e := &ctx.in.Catalog.Entries[i]
		if o.Field == catalog.FieldReleaseNote && containsString(subjectsWith(e, extract.PrefixDocs), k) {
			return true
		}
		for _, c := range e.Claims {
			if c.Field == catalog.FieldReleaseNote && normalize.TextKey(c.Value) == normalize.TextKey(o.Value) {
				return true
			}
		}
	}
	return false
}

// checkReleaseNotes: release notes and change-log entries dated after as_of.
// One release is announced in several places — its news page (seen in every
// page's sidebar) and its change-log section — under different titles, so
// notes are grouped by date: one finding per date (and entry), quoting every
// title and place. A date some entry references (its news page is an entry
// source, or a release_note claim names one of its titles) is covered as a
// whole.
func checkReleaseNotes(ctx *Context) []Finding {
	groups, dates, referenced := ctx.releaseNoteGroups()
	var out []Finding
	for _, dk := range dates {
		if !referenced[dk] {
			out = append(out, ctx.releaseNoteFindings(groups[dk])...)
		}
	}
	return out
}

// noteGroup is one date's release notes: its titles (the news page's
// first) and where they were read.
type noteGroup struct {
	date     catalog.Date
	titles   []string
	hasNote  bool
	evidence noteEvidence
}

// add puts a note's title in the group once: the news page's title names
// the release; a change-log heading only when there is no news page.
func (g *noteGroup) add(o extract.Observation, title string) {
	if !slices.ContainsFunc(g.titles, func(t string) bool { return normalize.TextKey(t) == normalize.TextKey(title) }) {
		if o.Field == catalog.FieldReleaseNote && !g.hasNote {
			g.titles = slices.Insert(g.titles, 0, title)
			g.hasNote = true
		} else {
			g.titles = append(g.titles, title)
		}
	}
	g.evidence.add(o) // the note's own page first, sidebar mentions only as a last resort
}

// releaseNoteGroups groups the release notes and change-log entries dated
// after as_of by date (dates sorted); referenced are the dates some entry
// references.
func (ctx *Context) releaseNoteGroups() (groups map[string]*noteGroup, dates []string, referenced map[string]bool) {
	groups, referenced = map[string]*noteGroup{}, map[string]bool{}
	for _, k := range ctx.allDocsSubjects() {
		for _, o := range ctx.officialObs(k, catalog.FieldReleaseNote, extract.FieldChangelogEntry) {
			if !ctx.after(o) {
				continue
			}
			d, _ := obsDate(o)
			dk := d.String()
			if ctx.referencedNote(o) {
				referenced[dk] = true
				continue
			}
			title := normalize.Text(o.Value)
			if o.Model != "" && !normalize.MentionsName(title, o.Model) {
				title += " (" + o.Model + ")"
			}
			g := groups[dk]
			if g == nil {
				g = &noteGroup{date: d}
				groups[dk] = g
				dates = append(dates, dk)
			}
			g.add(o, title)
		}
	}
	slices.Sort(dates)
	return groups, dates, referenced
}

// releaseNoteFindings reports one date's unreferenced release notes: outdated
// on each entry whose family a title names, else missing on the catalog.
func (ctx *Context) releaseNoteFindings(g *noteGroup) []Finding {
	const id = "coverage.release-notes"
	evidence := g.evidence.list()
	item := g.date.String() + " " + g.titles[0]
	quoted := make([]string, len(g.titles))
	for i, t := range g.titles {
		quoted[i] = fmt.Sprintf("%q", t)
	}
	titles := strings.Join(quoted, ", ")
	var out []Finding
	for _, e := range ctx.entriesNaming(g.titles) {
		f := outdatedEntryFinding(e, id, "release-note", catalog.FieldReleaseNote, item, evidence[0],
			fmt.Sprintf("a release note dated %s, after the catalog's as_of %s, concerns this entry: %s", g.date, ctx.in.Catalog.AsOf, titles))
		f.Evidence = slices.Clone(evidence)
		out = append(out, f)
	}
	if len(out) > 0 {
		return out
	}
	f := ctx.missingFinding(id, "release-note", catalog.FieldReleaseNote, item, evidence[0],
		fmt.Sprintf("the API docs have a release note dated %s, after the catalog's as_of %s, that no entry references: %s", g.date, ctx.in.Catalog.AsOf, titles))
	f.Evidence = evidence
	return []Finding{f}
}

// entriesNaming are the entries of the catalog one of whose model names a
// title mentions as a family.
func (ctx *Context) entriesNaming(titles []string) []*catalog.Entry {
	var touched []*catalog.Entry
	for i := range ctx.in.Catalog.Entries {
		e := &ctx.in.Catalog.Entries[i]
		if slices.ContainsFunc(modelNames(e), func(n string) bool {
			return slices.ContainsFunc(titles, func(t string) bool { return normalize.MentionsFamily(t, n) })
		}) {
			touched = append(touched, e)
		}
	}
	return touched
}

// allDocsSubjects lists every docs page observations are about, sorted: the
// pages fetched and the pages their sidebars index (findDocsSubjects).
func (ctx *Context) allDocsSubjects() []string {
	return ctx.docsKeys[:len(ctx.docsKeys):len(ctx.docsKeys)] // an append copies
}

// namedAPIModel reports whether a claim names an API model.
func (ctx *Context) namedAPIModel(name string) bool {
	for _, e := range ctx.in.Catalog.Entries {
		for _, c := range e.Claims {
			if (c.Field == catalog.FieldAPIModel && normalize.SameName(c.Value, name)) || normalize.SameName(c.Subject, name) {
				return true
			}
		}
	}
	return false
}

// checkAPIModels: API model names the docs list as supported that no claim names.
func checkAPIModels(ctx *Context) []Finding {
	const id = "coverage.api-models"
	var out []Finding
	seen := map[string]bool{}
	var docs []string
	for _, k := range ctx.wide {
		if strings.HasPrefix(k, extract.PrefixDocs) {
			docs = appendUnique(docs, k)
		}
	}
	for i := range ctx.in.Catalog.Entries {
		for _, k := range subjectsWith(&ctx.in.Catalog.Entries[i], extract.PrefixDocs) {
			docs = appendUnique(docs, k)
		}
	}
	for _, k := range docs {
		for _, o := range ctx.officialObs(k, catalog.FieldAPIModel) {
			name := normalize.Text(o.Value)
			key := normalize.Name(name)
			if key == "" || seen[key] || ctx.namedAPIModel(name) {
				continue
			}
			seen[key] = true
			out = append(out, ctx.missingFinding(id, "api-model", catalog.FieldAPIModel, name, o.Evidence,
				fmt.Sprintf("the API docs list the model name %s, which no claim names", name)))
		}
	}
	return out
}

// checkArXivVersions: every cited arXiv paper's latest version and its date,
// from the records already fetched (the Atom feed's id and updated date, or
// the abs page's submission history). A pinned source is outdated when arXiv
// has a later version, verified when it is the latest. An unpinned source is
// outdated when its latest version (v2 or later) is dated after the catalog's
// as_of — the paper was revised since the catalog was written — and verified
// otherwise, the version and date shown either way.
func checkArXivVersions(ctx *Context) []Finding {
	const id = "sources.arxiv-version"
	var out []Finding
	es := ctx.entries()
	for i := range es {
		e := &es[i]
		for _, r := range e.Sources.ArXiv {
			f := Finding{
				Entry: e.ID, Claim: "arxiv:" + r.String(), Check: id, Field: extract.FieldLatestVersion,
				Location: r.Pos, Evidence: []record.Evidence{},
			}
			if r.Version > 0 {
				f.Expected = fmt.Sprintf("v%d", r.Version)
			}
			latest, lo := ctx.latestVersion(r.ID)
			if latest == 0 {
				_, _, bad := ctx.recordState(extract.PrefixArXiv + r.ID)
				if len(bad) > 0 {
					f = f.unreachableFrom(bad)
				} else {
					f = f.with(Unverified, fmt.Sprintf("no source states arXiv's latest version of %s", r.ID))
				}
				out = append(out, f)
				continue
			}
			date, dev, dated := ctx.versionDate(r.ID, latest)
			f.Observed, f.Evidence = fmt.Sprintf("v%d", latest), []record.Evidence{lo.Evidence}
			of := fmt.Sprintf("v%d", latest)
			if dated {
				f.Observed = fmt.Sprintf("v%d of %s", latest, date)
				of = f.Observed
				if dev != nil && dev.URL != lo.Evidence.URL {
					f.Evidence = append(f.Evidence, *dev)
				}
			}
			switch {
			case r.Version > 0 && latest > r.Version:
				f = f.with(Outdated, fmt.Sprintf("the catalog pins %s, but arXiv's latest version is %s", r, of))
			case r.Version > 0 && latest == r.Version:
				f = f.with(Verified, fmt.Sprintf("%s is arXiv's latest version (%s)", r, of))
			case r.Version > 0:
				f = f.with(Contradicted, fmt.Sprintf("the catalog pins %s, but arXiv's latest version is %s", r, of))
			case latest > 1 && dated && ctx.afterAsOf(date):
				f = f.with(Outdated, fmt.Sprintf("arXiv's latest version of %s is %s, after the catalog's as_of %s: the paper was revised since the catalog was written", r.ID, of, ctx.in.Catalog.AsOf))
			case dated || latest == 1:
				f = f.with(Verified, fmt.Sprintf("arXiv's latest version of %s is %s", r.ID, of))
			default:
				// A later version whose date no source states: whether it
				// came after as_of is not known.
				f = f.with(Unverified, fmt.Sprintf("arXiv's latest version of %s is %s; no source states its date", r.ID, of))
			}
			out = append(out, f)
		}
	}
	return out
}

// afterAsOf reports whether d starts after the end of the catalog's as_of.
func (ctx *Context) afterAsOf(d catalog.Date) bool {
	asOf, ok := ctx.asOfEnd()
	return ok && !d.Start().Before(asOf.End())
}

// versionDate is the date of arXiv version v of id: the abs page's history
// line for that version, else the date of the latest version (Atom's
// <updated>, the abs page's last history line) when v is the latest.
func (ctx *Context) versionDate(id string, v int) (catalog.Date, *record.Evidence, bool) {
	var updated *extract.Observation
	for _, o := range ctx.officialObs(extract.PrefixArXiv+id, extract.FieldVersionDate, extract.FieldUpdated) {
		if o.Field == extract.FieldVersionDate && parseVersion(o.Model) == v {
			if d, ok := obsDate(o); ok {
				ev := o.Evidence
				return d, &ev, true
			}
		}
		if o.Field == extract.FieldUpdated && updated == nil {
			o := o
			updated = &o
		}
	}
	if updated != nil {
		if latest, _ := ctx.latestVersion(id); latest == v {
			if d, ok := obsDate(*updated); ok {
				ev := updated.Evidence
				return d, &ev, true
			}
		}
	}
	return catalog.Date{}, nil, false
}
