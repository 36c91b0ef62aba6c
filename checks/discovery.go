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

// Discovery: official items the catalog does not cite, found in the
// organisation's listings — arXiv search results for the catalog's search
// terms, the GitHub organisations' repository lists (catalog.Discovery) and
// the Hugging Face organisation lists.
//
// coverage.discovery: a paper or repository dated after as_of is outdated
// on every entry whose model family it extends, else missing. (A Hugging
// Face model after as_of is coverage.org-models' finding.)
//
// coverage.omitted-families: when the catalog declares discovery, the items
// dated before as_of (or on it) that no entry covers are grouped by family —
// one missing finding of severity info per family, its items and dates as
// evidence. A family or item under the catalog's omit list is left out on
// purpose: it is never a finding (see OmittedByChoice).

// discovered is one item of a listing.
type discovered struct {
	kind  string // "paper", "repository", "model"
	id    string // arXiv id, owner/repo, owner/model
	title string // a paper's title; else the name
	date  catalog.Date
	dated bool
	ev    record.Evidence
}

func (d discovered) String() string {
	s := d.id
	switch d.kind {
	case "paper":
		s = fmt.Sprintf("arXiv %s %q", d.id, d.title)
	case "repository":
		s = "GitHub " + d.id
	case "model":
		s = "Hugging Face " + d.id
	}
	if d.dated {
		s += " (" + d.date.String() + ")"
	}
	return s
}

// discoverySubjects are the subjects of the catalog's discovery listings.
func discoverySubjects(c *catalog.Catalog) (papers, repos []string) {
	if c == nil || c.Discovery == nil {
		return nil, nil
	}
	for _, t := range c.Discovery.ArXiv {
		papers = appendUnique(papers, SubjectKey(extract.PrefixArXivSearch+t.Term))
	}
	for _, o := range c.Discovery.GitHub {
		repos = appendUnique(repos, SubjectKey(extract.PrefixGitHubOrg+o.Name))
	}
	return papers, repos
}

// discoveredItems lists the items of every listing, each once, in listing order.
func (ctx *Context) discoveredItems() []discovered {
	var out []discovered
	seen := map[string]bool{}
	add := func(d discovered) {
		k := d.kind + ":" + strings.ToLower(d.id)
		if d.id == "" || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, d)
	}
	papers, repos := discoverySubjects(ctx.in.Catalog)
	for _, k := range papers {
		for _, o := range ctx.officialObs(k, extract.FieldSearchResult) {
			d := discovered{kind: "paper", id: o.Model, title: normalize.Text(o.Value), ev: o.Evidence}
			d.date, d.dated = obsDate(o)
			add(d)
		}
	}
	for _, k := range repos {
		for _, o := range ctx.officialObs(k, extract.FieldOrgRepo) {
			d := discovered{kind: "repository", id: normalize.Text(o.Value), ev: o.Evidence}
			_, d.title = normalize.SplitOwner(d.id)
			d.date, d.dated = obsDate(o)
			add(d)
		}
	}
	for _, k := range ctx.wide {
		if !strings.HasPrefix(k, extract.PrefixHFOrg) {
			continue
		}
		for _, o := range ctx.officialObs(k, extract.FieldOrgModel) {
			name := orgModelName(o)
			d := discovered{kind: "model", id: name, ev: o.Evidence}
			_, d.title = normalize.SplitOwner(name)
			d.date, d.dated = obsDate(o)
			add(d)
		}
	}
	return out
}

// citedPaper reports whether the catalog cites the arXiv id (as a source or
// an arxiv_id claim).
func (ctx *Context) citedPaper(id string) bool {
	k := SubjectKey(extract.PrefixArXiv + id)
	cited := func(s catalog.Sources) bool {
		return slices.ContainsFunc(s.ArXiv, func(r catalog.ArXivRef) bool { return SubjectKey(extract.PrefixArXiv+r.ID) == k })
	}
	if cited(ctx.in.Catalog.Sources) {
		return true
	}
	for i := range ctx.in.Catalog.Entries {
		e := &ctx.in.Catalog.Entries[i]
		if cited(e.Sources) {
			return true
		}
		for _, c := range e.Claims {
			if c.Field == catalog.FieldArXivID && SubjectKey(extract.PrefixArXiv+strings.TrimSpace(c.Value)) == k {
				return true
			}
		}
	}
	return false
}

// citedRepo reports whether an entry cites the repository (or names it).
func (ctx *Context) citedRepo(id string) bool {
	cited := func(s catalog.Sources) bool {
		return slices.ContainsFunc(s.GitHub, func(r catalog.RepoRef) bool { return strings.EqualFold(r.String(), id) })
	}
	if cited(ctx.in.Catalog.Sources) {
		return true
	}
	for i := range ctx.in.Catalog.Entries {
		if cited(ctx.in.Catalog.Entries[i].Sources) {
			return true
		}
	}
	return ctx.referencedModel(id)
}

// covered reports whether the catalog cites the item.
func (ctx *Context) covered(d discovered) bool {
	switch d.kind {
	case "paper":
		return ctx.citedPaper(d.id)
	case "repository":
		return ctx.citedRepo(d.id)
	}
	return ctx.referencedModel(d.id)
}

// touchedEntries are the entries whose model family the item extends: a
// paper whose title mentions one of an entry's models (or a later member of
// its family, never a different model that shares a prefix); a repository or
// model that is a variant or later member of one of an entry's models.
func (ctx *Context) touchedEntries(d discovered) []*catalog.Entry {
	if d.kind != "paper" {
		return ctx.familyEntries(d.id)
	}
	var out []*catalog.Entry
	for i := range ctx.in.Catalog.Entries {
		e := &ctx.in.Catalog.Entries[i]
		if slices.ContainsFunc(modelNames(e), func(n string) bool { return paperConcerns(d.title, n) }) {
			out = append(out, e)
		}
	}
	return out
}

// paperConcerns reports whether a paper's title names the model n, a later
// member of its family, or the versioned model n is a variant or member of:
// "DeepSeek-V4: …" concerns DeepSeek-V4-Pro (n without its trailing
// unversioned parts, "Pro"), never a different version — "DeepSeek-Coder: …"
// does not concern DeepSeek-Coder-V2 (the version part is never dropped),
// "Janus: …" not Janus-Pro (no version at all).
func paperConcerns(title, n string) bool {
	if normalize.MentionsFamily(title, n) {
		return true
	}
	ts := normalize.Tokens(n)
	if len(ts) > 8 {
		return false
	}
	for k := len(ts) - 1; k >= 2; k-- {
		if strings.ContainsAny(ts[k], "0123456789") {
			return false // a version (or size, date) part is never dropped
		}
		head := ts[:k]
		if slices.ContainsFunc(head, func(t string) bool { return strings.ContainsAny(t, "0123456789") }) &&
			normalize.MentionsName(title, strings.Join(head, "-")) {
			return true
		}
	}
	return false
}

// afterDate reports whether a dated item lies after the catalog's as_of.
func (ctx *Context) afterDate(d discovered) bool { return d.dated && ctx.afterAsOf(d.date) }

// hfListed reports whether a Hugging Face organisation lists a model with
// the name (coverage.org-models reports those created after as_of).
func hfListed(items []discovered, name string) bool {
	return slices.ContainsFunc(items, func(d discovered) bool {
		if d.kind != "model" {
			return false
		}
		_, n := normalize.SplitOwner(d.id)
		return normalize.SameName(n, name)
	})
}

// checkDiscovery: papers and repositories dated after as_of that the catalog
// does not cite.
func checkDiscovery(ctx *Context) []Finding {
	const id = "coverage.discovery"
	items := ctx.discoveredItems()
	var out []Finding
	// A listing that could not be fetched is said, never silently empty.
	papers, repos := discoverySubjects(ctx.in.Catalog)
	for _, k := range append(papers, repos...) {
		if _, _, bad := ctx.recordState(k); len(bad) > 0 {
			f := Finding{Entry: "", Claim: "discovery:" + k, Check: id, Field: "listing", Location: ctx.in.Catalog.Discovery.Pos}
			f = f.unreachableFrom(bad)
			f.Message = fmt.Sprintf("could not fetch the discovery listing %s (%s): official items the catalog does not cite may go unreported", bad[0].URL, bad[0].Err.Error())
			out = append(out, f)
		}
	}
	asOf := ctx.in.Catalog.AsOf
	for _, d := range items {
		if d.kind == "model" || !ctx.afterDate(d) || ctx.covered(d) || ctx.omitted(d) != nil {
			continue
		}
		if d.kind == "repository" && hfListed(items, d.title) {
			continue // the same model's Hugging Face listing speaks for it
		}
		field := extract.FieldSearchResult
		if d.kind == "repository" {
			field = extract.FieldOrgRepo
		}
		if es := ctx.touchedEntries(d); len(es) > 0 {
			for _, e := range es {
				msg := fmt.Sprintf("a newer repository of the family, %s (created %s, after the catalog's as_of %s), is not listed", d.id, d.date, asOf)
				kind := "newer-repository"
				if d.kind == "paper" {
					msg = fmt.Sprintf("a technical report for this model now exists: arXiv %s, %q, %s (after the catalog's as_of %s)", d.id, d.title, d.date, asOf)
					kind = "new-paper"
				}
				out = append(out, outdatedEntryFinding(e, id, kind, field, d.id, d.ev, msg))
			}
			continue
		}
		msg := fmt.Sprintf("the organisation's GitHub lists %s (created %s, after the catalog's as_of %s), which no entry references", d.id, d.date, asOf)
		kind := "org-repository"
		if d.kind == "paper" {
			msg = fmt.Sprintf("arXiv lists %s, %q (%s, after the catalog's as_of %s), which no entry cites", d.id, d.title, d.date, asOf)
			kind = "arxiv-paper"
		}
		out = append(out, ctx.missingFinding(id, kind, field, d.id, d.ev, msg))
	}
	return out
}

// family is a group of discovered items of one model family.
type family struct {
	name  string
	items []discovered
}

// maxFamilyEvidence bounds the evidence quoted per family finding.
const maxFamilyEvidence = 12

// familyOf is the family an item belongs to: its name's family (see
// normalize.Family); for a paper, the family of a listed model or
// repository its title names, else the name its title opens with
// ("Janus-Pro: …"), else the paper itself.
func familyOf(d discovered, names []string) string {
	if d.kind != "paper" {
		return normalize.Family(d.title)
	}
	for _, n := range names {
		if normalize.MentionsName(d.title, n) {
			return n
		}
	}
	if head, _, ok := strings.Cut(d.title, ":"); ok && len(normalize.Tokens(head)) <= 3 && strings.ContainsAny(head, "-0123456789") {
		return normalize.Family(head)
	}
	return ""
}

// omittedFamilies groups the items dated before (or on) as_of that the
// catalog does not cover into families; omitted (under the omit list) and
// reported families apart.
func (ctx *Context) omittedFamilies() (report, chosen []family, why []*catalog.Omission) {
	if ctx.in.Catalog.Discovery == nil {
		return nil, nil, nil
	}
	items := ctx.discoveredItems()
	var names []string // families of the listed models and repositories, longest first
	for _, d := range items {
		if d.kind != "paper" {
			names = appendUnique(names, normalize.Family(d.title))
		}
	}
	slices.SortStableFunc(names, func(a, b string) int { return len(b) - len(a) })
	byKey := map[string]*family{}
	var keys []string
	for _, d := range items {
		if !d.dated || ctx.afterDate(d) || ctx.covered(d) || len(ctx.touchedEntries(d)) > 0 {
			continue
		}
		name := familyOf(d, names)
		if name == "" {
			name = d.title
			if d.kind == "paper" {
				name = "arXiv " + d.id
			}
		}
		k := normalize.Name(name)
		if k == "" {
			continue
		}
		f := byKey[k]
		if f == nil {
			f = &family{name: name}
			byKey[k] = f
			keys = append(keys, k)
		}
		f.items = append(f.items, d)
	}
	for _, k := range keys {
		f := byKey[k]
		var keep []discovered
		var reason *catalog.Omission
		for _, d := range f.items {
			if o := ctx.omittedItem(d, f.name); o != nil {
				reason = o
				continue
			}
			keep = append(keep, d)
		}
		if len(keep) == 0 {
			chosen, why = append(chosen, *f), append(why, reason)
			continue
		}
		f.items = keep
		report = append(report, *f)
	}
	return report, chosen, why
}

// omitted is the omit-list line that covers an item by id, or by the family
// its name belongs to.
func (ctx *Context) omitted(d discovered) *catalog.Omission {
	return ctx.omittedItem(d, normalize.Family(d.title))
}

func (ctx *Context) omittedItem(d discovered, fam string) *catalog.Omission {
	for i := range ctx.in.Catalog.Omit {
		o := &ctx.in.Catalog.Omit[i]
		switch {
		case o.ID != "" && d.kind == "paper":
			if SubjectKey(extract.PrefixArXiv+o.ID) == SubjectKey(extract.PrefixArXiv+d.id) {
				return o
			}
		case o.ID != "":
			if normalize.SameName(o.ID, d.id) {
				return o
			}
		case fam != "" && normalize.Name(normalize.Family(o.Family)) == normalize.Name(normalize.Family(fam)):
			return o
		}
	}
	return nil
}

// checkOmittedFamilies: one info finding per official family, dated before
// as_of, that no entry covers and the omit list does not name.
func checkOmittedFamilies(ctx *Context) []Finding {
	const id = "coverage.omitted-families"
	report, _, _ := ctx.omittedFamilies()
	var out []Finding
	for _, f := range report {
		parts := make([]string, len(f.items))
		for i, d := range f.items {
			parts[i] = d.String()
		}
		first, last := f.items[0].date, f.items[0].date
		for _, d := range f.items[1:] {
			if d.date.Start().Before(first.Start()) {
				first = d.date
			}
			if last.Start().Before(d.date.Start()) {
				last = d.date
			}
		}
		dates := first.String()
		if last != first {
			dates += " to " + last.String()
		}
		fd := ctx.missingFinding(id, "family", "family", f.name, f.items[0].ev,
			fmt.Sprintf("the organisation published the %s family (%d item(s), %s, before the catalog's as_of %s), which no entry covers and the omit list does not name: %s",
				f.name, len(f.items), dates, ctx.in.Catalog.AsOf, strings.Join(parts, "; ")))
		fd.Severity = SeverityInfo
		fd.Evidence = fd.Evidence[:0]
		for _, d := range f.items[:min(len(f.items), maxFamilyEvidence)] {
			fd.Evidence = append(fd.Evidence, d.ev)
		}
		out = append(out, fd)
	}
	return out
}

// Omitted is a family the catalog leaves out on purpose: what the official
// listings hold of it and the omit list's reason. It is reported apart from
// the findings, never counted.
type Omitted struct {
	Family   string            `json:"family"`
	Reason   string            `json:"reason"`
	Items    []string          `json:"items"`
	Location catalog.Pos       `json:"location"`
	Evidence []record.Evidence `json:"evidence"`
}

// OmittedByChoice lists the official families, dated before as_of, that the
// catalog's omit list names (nil when the catalog declares no discovery).
func OmittedByChoice(in Input) []Omitted {
	if in.Catalog == nil || in.Catalog.Discovery == nil {
		return nil
	}
	ctx := NewContext(in)
	_, chosen, why := ctx.omittedFamilies()
	var out []Omitted
	for i, f := range chosen {
		o := Omitted{Family: f.name, Reason: why[i].Reason, Location: why[i].Pos}
		for _, d := range f.items {
			o.Items = append(o.Items, d.String())
			if len(o.Evidence) < maxFamilyEvidence {
				o.Evidence = append(o.Evidence, d.ev)
			}
		}
		out = append(out, o)
	}
	return out
}
