package checks

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/normalize"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// ObservationIndex gives the observations grouped by subject: the judge reads
// observations only by subject, so a caller holding many of them can keep
// them in any compact form and hand each subject's slice over on demand.
type ObservationIndex interface {
	// Keys lists every subject key (SubjectKey of an observation's Subject)
	// that has observations, in any order.
	Keys() []string
	// Observations returns the observations whose SubjectKey(Subject) is key,
	// in input order. The judge does not modify the slice.
	Observations(key string) []extract.Observation
}

// Context is what a check's Run reads: the input, indexed by subject, and a
// scope (the entries per-entry checks run over). NewContext builds it once
// per Judge call; nothing in it changes afterwards apart from its caches of
// observations, which only remember what the index answered. Each scope is
// a view of its own (inScope), so no check sees what another scope cached.
type Context struct {
	in     Input
	checks []Check                    // the checks of the run (checksOf)
	judged map[string]bool            // the fields those checks judge (Check.Fields)
	orgs   map[string]map[string]bool // platform → lower-case organisation names
	index  ObservationIndex           // observations by subject key
	recs   map[string][]int           // subject key → indices into in.Records
	health map[string][]extract.Health
	wide   []string // catalog-wide subject keys
	unoff  map[string]string
	// docsKeys: every docs subject, sorted (allDocsSubjects).
	docsKeys []string
	// keep: the subjects every entry may read (catalog-wide sources and
	// docs pages), whose observations are cached for the whole run (kept)
	// rather than per scope (cache).
	keep map[string]bool
	kept map[string][]extract.Observation
	// lo, hi: the entries per-entry checks run over (all of them unless
	// inScope narrows them to one).
	lo, hi int
	// cache holds the observations of the other subjects read in this scope.
	cache map[string][]extract.Observation
	// gated: URLs of Hugging Face files that answered 401 although their
	// model exists (its model record was read): access-restricted, not gone.
	gated map[string]bool
}

// sliceIndex indexes a flat slice of observations: grouped by subject key
// once, each subject's observations are a view of one shared copy.
type sliceIndex struct {
	keys   []string
	groups map[string][]extract.Observation
}

func newSliceIndex(obs []extract.Observation) *sliceIndex {
	x := &sliceIndex{groups: map[string][]extract.Observation{}}
	if len(obs) == 0 {
		return x
	}
	count := map[string]int{}
	keyOf := make([]string, len(obs))
	for i, o := range obs {
		k := SubjectKey(o.Subject)
		keyOf[i] = k
		if count[k] == 0 {
			x.keys = append(x.keys, k)
		}
		count[k]++
	}
	all := make([]extract.Observation, len(obs))
	next := make(map[string]int, len(x.keys))
	n := 0
	for _, k := range x.keys {
		next[k] = n
		n += count[k]
	}
	for _, k := range x.keys {
		a := next[k]
		x.groups[k] = all[a : a+count[k] : a+count[k]]
	}
	for i, o := range obs {
		k := keyOf[i]
		all[next[k]] = o
		next[k]++
	}
	return x
}

func (x *sliceIndex) Keys() []string                                { return x.keys }
func (x *sliceIndex) Observations(key string) []extract.Observation { return x.groups[key] }

// NewContext indexes an input for the checks.
func NewContext(in Input) *Context {
	ctx := &Context{
		in: in, orgs: map[string]map[string]bool{}, recs: map[string][]int{},
		health: map[string][]extract.Health{}, unoff: map[string]string{},
		cache: map[string][]extract.Observation{}, keep: map[string]bool{}, kept: map[string][]extract.Observation{},
		index: in.Index, checks: checksOf(in),
	}
	ctx.judged = judgedFields(ctx.checks)
	if ctx.index == nil {
		ctx.index = newSliceIndex(in.Observations)
	}
	if in.Catalog != nil {
		ctx.hi = len(in.Catalog.Entries)
		ctx.indexOrganisations(in.Catalog)
	}
	ctx.indexRecords()
	ctx.findGated()
	ctx.findUnofficial()
	ctx.findDocsSubjects()
	return ctx
}

// indexOrganisations records the catalog's organisations by platform and the
// catalog-wide subjects (its own sources and its Hugging Face organisations),
// whose observations every entry may read.
func (ctx *Context) indexOrganisations(c *catalog.Catalog) {
	for _, o := range c.Organisations {
		p := strings.ToLower(o.Platform)
		if ctx.orgs[p] == nil {
			ctx.orgs[p] = map[string]bool{}
		}
		ctx.orgs[p][strings.ToLower(o.Name)] = true
	}
	ctx.wide = sourceSubjects(c.Sources)
	for _, o := range c.Organisations {
		if strings.EqualFold(o.Platform, catalog.PlatformHuggingFace) {
			ctx.wide = appendUnique(ctx.wide, SubjectKey(extract.PrefixHFOrg+o.Name))
		}
	}
	for _, k := range ctx.wide {
		ctx.keep[k] = true
	}
}

// indexRecords groups the fetch records and the health reports by subject.
func (ctx *Context) indexRecords() {
	for i, r := range ctx.in.Records {
		for _, k := range RecordSubjects(r.Resource) {
			ctx.recs[k] = append(ctx.recs[k], i)
		}
	}
	for _, h := range ctx.in.Health {
		k := SubjectKey(h.Subject)
		ctx.health[k] = append(ctx.health[k], h)
	}
}

// findUnofficial marks the subjects whose source names an unofficial owner,
// or that moved to one: they are not official.
func (ctx *Context) findUnofficial() {
	for _, k := range ctx.index.Keys() {
		for _, o := range ctx.index.Observations(k) {
			switch o.Field {
			case extract.FieldOwner:
				if !ctx.officialOwner(platformOf(k), o.Value) {
					ctx.unoff[k] = "its owner is " + o.Value + ", not an official organisation"
				}
			case extract.FieldRenamedTo:
				if owner, _ := normalize.SplitOwner(o.Value); owner != "" && !ctx.officialOwner(platformOf(k), owner) {
					ctx.unoff[k] = "it moved to " + o.Value + ", outside the official organisations"
				}
			}
		}
	}
}

// findDocsSubjects lists every docs page observations are about, sorted (the
// pages fetched and the pages their sidebars index); every entry may read
// them, so their observations are cached for the whole run.
func (ctx *Context) findDocsSubjects() {
	for _, k := range ctx.index.Keys() {
		if strings.HasPrefix(k, extract.PrefixDocs) {
			ctx.docsKeys = append(ctx.docsKeys, k)
			ctx.keep[k] = true
		}
	}
	slices.Sort(ctx.docsKeys)
}

// obsOf returns the observations about a subject key: a view, never to be
// modified. An index that builds a subject's slice on demand is asked once
// per subject and scope (once per run for a subject every entry may read).
func (ctx *Context) obsOf(k string) []extract.Observation {
	cache := ctx.cache
	if ctx.keep[k] {
		cache = ctx.kept
	}
	if obs, ok := cache[k]; ok {
		return obs
	}
	obs := ctx.index.Observations(k)
	cache[k] = obs
	return obs
}

// inScope is a view of ctx whose per-entry checks run over the entries
// lo..hi-1, with a cache of its own (dropped with the view) and the run's
// cache of the subjects every entry may read.
func (ctx *Context) inScope(lo, hi int) *Context {
	v := *ctx
	v.lo, v.hi = lo, hi
	v.cache = map[string][]extract.Observation{}
	return &v
}

// entries are the entries in scope.
func (ctx *Context) entries() []catalog.Entry { return ctx.in.Catalog.Entries[ctx.lo:ctx.hi] }

// Catalog is the catalog being judged.
func (ctx *Context) Catalog() *catalog.Catalog { return ctx.in.Catalog }

// Now is the instant deadlines are judged against.
func (ctx *Context) Now() time.Time { return ctx.in.Now }

// Observations returns the observations about a subject ("hf:owner/name", …).
// The slice is shared: callers must not modify it.
func (ctx *Context) Observations(subject string) []extract.Observation {
	return ctx.obsOf(SubjectKey(subject))
}

// Records returns the fetch records of a subject.
func (ctx *Context) Records(subject string) []record.Record {
	idx := ctx.recs[SubjectKey(subject)]
	out := make([]record.Record, len(idx))
	for i, j := range idx {
		out[i] = ctx.in.Records[j]
	}
	return out
}

var arxivVersionRE = regexp.MustCompile(`v[0-9]+$`)

// SubjectKey is the canonical form of a subject: prefix and identifier in lower
// case (an arXiv id without its version), except a URL, which is kept as
// written apart from its prefix; a docs slug loses its leading slash.
func SubjectKey(s string) string {
	s = strings.TrimSpace(s)
	prefix, rest, ok := strings.Cut(s, ":")
	if !ok {
		return strings.ToLower(s)
	}
	prefix = strings.ToLower(prefix)
	switch prefix + ":" {
	case extract.PrefixURL:
		return prefix + ":" + rest
	case extract.PrefixArXiv:
		return prefix + ":" + arxivVersionRE.ReplaceAllString(strings.ToLower(rest), "")
	case extract.PrefixDocs:
		return prefix + ":" + strings.Trim(strings.ToLower(rest), "/")
	}
	return prefix + ":" + strings.ToLower(rest)
}

// RecordSubjects maps a fetched resource to the subjects it is about: an
// arXiv batch to each of its ids, GitHub resources to github:owner/repo, HF
// model, card and config to hf:id, an organisation list to hf-org:org, a docs
// page to docs:slug, a Crossref work to doi:DOI and a venue page to url:URL.
func RecordSubjects(r record.Resource) []string {
	switch r.Kind {
	case record.KindArXivQuery:
		ids := r.IDs
		if len(ids) == 0 && r.Key != "" {
			ids = strings.Split(r.Key, ",")
		}
		out := make([]string, 0, len(ids))
		for _, id := range ids {
			out = append(out, SubjectKey(extract.PrefixArXiv+id))
		}
		return out
	case record.KindArXivAbs:
		return []string{SubjectKey(extract.PrefixArXiv + r.Key)}
	case record.KindGitHubRepo, record.KindGitHubReadme, record.KindGitHubReleases:
		return []string{SubjectKey(extract.PrefixGitHub + r.Key)}
	case record.KindHFModel, record.KindHFReadme, record.KindHFConfig:
		return []string{SubjectKey(extract.PrefixHF + r.Key)}
	case record.KindHFAuthorModels:
		return []string{SubjectKey(extract.PrefixHFOrg + r.Key)}
	case record.KindDocsPage:
		return []string{SubjectKey(extract.PrefixDocs + r.Key)}
	case record.KindCrossrefWork:
		return []string{SubjectKey(extract.PrefixDOI + r.Key)}
	case record.KindVenuePage:
		return []string{SubjectKey(extract.PrefixURL + r.Key)}
	case record.KindArXivSearch:
		return []string{SubjectKey(extract.PrefixArXivSearch + r.Key)}
	case record.KindGitHubOrgRepos:
		return []string{SubjectKey(extract.PrefixGitHubOrg + r.Key)}
	case record.KindArXivHTML:
		// A paper's full text adds text to its arxiv: subject, but its
		// absence (404: arXiv has no HTML rendering, as for many older
		// papers) or failure says nothing about the paper: its record
		// concerns a subject of its own, read only by the phrase check.
		return []string{fullTextKey(r.Key)}
	}
	return nil
}

// sourceSubjects lists the subjects of a set of source references.
func sourceSubjects(s catalog.Sources) []string {
	var out []string
	for _, r := range s.ArXiv {
		out = appendUnique(out, SubjectKey(extract.PrefixArXiv+r.ID))
	}
	for _, r := range s.GitHub {
		out = appendUnique(out, SubjectKey(extract.PrefixGitHub+r.String()))
	}
	for _, r := range s.HuggingFace {
		out = appendUnique(out, SubjectKey(extract.PrefixHF+r.ID))
	}
	for _, r := range s.Docs {
		out = appendUnique(out, SubjectKey(extract.PrefixDocs+r.Key()))
	}
	for _, r := range s.DOI {
		out = appendUnique(out, SubjectKey(extract.PrefixDOI+r.DOI))
	}
	for _, r := range s.URLs {
		out = appendUnique(out, SubjectKey(extract.PrefixURL+r.URL))
	}
	return out
}

// EntrySubjects lists the subjects an entry's own sources are about.
func EntrySubjects(e *catalog.Entry) []string { return sourceSubjects(e.Sources) }

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

func platformOf(subject string) string {
	switch {
	case strings.HasPrefix(subject, extract.PrefixGitHub):
		return catalog.PlatformGitHub
	case strings.HasPrefix(subject, extract.PrefixHF), strings.HasPrefix(subject, extract.PrefixHFOrg):
		return catalog.PlatformHuggingFace
	}
	return ""
}

// unowned drops the owner from a name ("QwenLM/Qwen3" → "Qwen3") when the
// owner is one of the catalog's organisations on any platform: one
// organisation may go by different accounts per platform (one name on
// GitHub, another on Hugging Face), and its models are the same models
// whichever account lists them. Another owner is kept, so that a
// community copy never passes for the organisation's model.
func (ctx *Context) unowned(n string) string {
	owner, name := normalize.SplitOwner(n)
	if owner == "" {
		return n
	}
	for _, names := range ctx.orgs {
		if names[strings.ToLower(strings.TrimSpace(owner))] {
			return name
		}
	}
	return n
}

func (ctx *Context) officialOwner(platform, owner string) bool {
	if platform == "" {
		return true
	}
	return ctx.orgs[platform][strings.ToLower(strings.TrimSpace(owner))]
}

// Official reports whether observations about a subject count as official: a
// GitHub or Hugging Face subject must sit under one of the catalog's
// organisations for its platform, and no observation may say that its owner
// is another account (or that it moved to one). Other subjects (arXiv, docs,
// DOIs, venue URLs) are official by the catalog's host allow-list. The second
// result says why a subject is not official.
func (ctx *Context) Official(subject string) (bool, string) {
	k := SubjectKey(subject)
	if why, bad := ctx.unoff[k]; bad {
		return false, why
	}
	p := platformOf(k)
	if p == "" {
		return true, ""
	}
	_, id, _ := strings.Cut(k, ":")
	owner := id
	if i := strings.IndexByte(id, '/'); i >= 0 {
		owner = id[:i]
	}
	if !ctx.officialOwner(p, owner) {
		return false, owner + " is not an official " + p + " organisation"
	}
	return true, ""
}

// modelOf is the model an observation is about: its Model, else the model a
// per-model subject names (hf:owner/name, github:owner/repo — a repository's
// README speaks for the repository's model), else "" (the page's own subject:
// a paper, a docs page, a DOI, a venue page).
func modelOf(o extract.Observation) string {
	if o.Field == extract.FieldVersionDate {
		return "" // Model holds the version ("v2"), not a model
	}
	if o.Model != "" {
		return o.Model
	}
	k := SubjectKey(o.Subject)
	for _, p := range []string{extract.PrefixHF, extract.PrefixGitHub} {
		if strings.HasPrefix(k, p) {
			return strings.TrimSpace(o.Subject[strings.IndexByte(o.Subject, ':')+1:])
		}
	}
	return ""
}

// headlines are the names an entry's unqualified claims are about: its first
// Hugging Face model and its first GitHub repository.
func headlines(e *catalog.Entry) []string {
	names, _ := headlineSources(e)
	return names
}

// headlineSources are an entry's headline names (its first Hugging Face id
// and first GitHub repository) and, in the same order, their subject keys.
func headlineSources(e *catalog.Entry) (names, subjects []string) {
	if len(e.Sources.HuggingFace) > 0 {
		names = append(names, e.Sources.HuggingFace[0].ID)
		subjects = append(subjects, extract.PrefixHF+e.Sources.HuggingFace[0].ID)
	}
	if len(e.Sources.GitHub) > 0 {
		names = append(names, e.Sources.GitHub[0].String())
		subjects = append(subjects, extract.PrefixGitHub+e.Sources.GitHub[0].String())
	}
	return names, subjects
}

// gone reports a record that is an official "does not exist" answer: 404 or
// 410, and 401 from Hugging Face model resources (the Hub answers 401 to
// anonymous clients for a repository that does not exist).
func gone(r record.Record) bool {
	switch r.Status {
	case 404, 410:
		return true
	case 401:
		switch r.Resource.Kind {
		case record.KindHFModel, record.KindHFReadme, record.KindHFConfig:
			return true
		}
	}
	return false
}

// findGated marks the Hugging Face files (card, config.json) that answered 401
// for a model whose own record was read: the Hub answers 401 to anonymous
// clients for the files of a gated model (the model API says "gated":
// "auto" or "manual"), so such a 401 is no "does not exist". Each becomes a
// health report on the model (the file was not readable), which holds a
// contradiction from a lower-ranked source back as unverified, like a page
// the extractor could not read.
func (ctx *Context) findGated() {
	for _, r := range ctx.in.Records {
		if r.Status != 401 || (r.Resource.Kind != record.KindHFReadme && r.Resource.Kind != record.KindHFConfig) {
			continue
		}
		for _, k := range RecordSubjects(r.Resource) {
			exists, how := false, ""
			for _, i := range ctx.recs[k] {
				m := ctx.in.Records[i]
				if m.Resource.Kind == record.KindHFModel && m.Err == nil && m.Status/100 == 2 {
					exists = true
				}
			}
			for _, o := range ctx.index.Observations(k) {
				if o.Field == extract.FieldGated && o.Value != "" && !strings.EqualFold(o.Value, "false") {
					how = " (the model API says gated: " + o.Value + ")"
				}
			}
			if !exists {
				continue
			}
			if ctx.gated == nil {
				ctx.gated = map[string]bool{}
			}
			ctx.gated[r.URL] = true
			ctx.health[k] = append(ctx.health[k], extract.Health{Subject: k, URL: r.URL,
				Problem: "the model exists but this file answered 401: it is gated" + how + "; set HF_TOKEN for an account that accepted its terms to read it"})
		}
	}
}

// restricted reports a gated file of an existing model (see findGated).
func (ctx *Context) restricted(r record.Record) bool { return ctx.gated[r.URL] }

// failed reports a record that could not be read (and is not a gone answer).
func failed(r record.Record) bool { return r.Err != nil && !gone(r) }

// fullTextKey is the subject of a paper's full-text record: "arxiv-text:ID".
// No entry's subjects include it, so only the phrase check, which asks for
// it, ever sees a full text's failure.
func fullTextKey(id string) string {
	return "arxiv-text:" + arxivVersionRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(id)), "")
}
