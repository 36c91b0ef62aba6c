package crawler

import (
	"fmt"
	"sort"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// MaxArXivBatch is the largest id_list batch sent to the arXiv API.
const MaxArXivBatch = 100

// PlanOptions limit a plan.
type PlanOptions struct {
	// Only limits the plan to these entry ids (empty = every entry).
	Only []string
}

// Plan lists the resources a run needs, each unique resource once, in a
// stable order (by source, kind, key). Resource.URL is the canonical URL.
//
// Rules:
//   - arXiv: every referenced id, unversioned, deduplicated and sorted, batched
//     ≤ MaxArXivBatch per id_list query (Resource.IDs; Key = the ids joined by
//     ","). The abs page of an id is added only when a reference pins a version
//     (v1 date and latest-version date come from the API; the dates of the
//     intermediate versions only from the abs page's submission history).
//   - GitHub: repo and readme per repository (case-insensitive dedupe).
//     Releases only when an entry referencing the repository claims a
//     `released` date and has no Hugging Face reference to date it from.
//   - Hugging Face: model API, README and config.json per model id; the
//     organisation list of every official huggingface organisation when the
//     plan is not limited, or when a selected entry is an organisation.
//   - Docs: a page per referenced slug, at the catalog's docs site the slug
//     names (the first site when unqualified), with the page role the site
//     declares for it. The catalog-wide docs pages (pricing,
//     change log) are in every plan, limited or not: API and release claims
//     are judged against them.
//   - Crossref: a work per DOI (case-insensitive dedupe). Venue: the URL as written.
//   - Other catalog-wide sources are added only when the plan is not limited.
func Plan(cat *catalog.Catalog, opts PlanOptions) []record.Resource {
	p := newPlanner()
	p.cat = cat
	only := map[string]bool{}
	for _, id := range opts.Only {
		only[id] = true
	}
	limited := len(only) > 0
	orgs := !limited
	for _, e := range cat.Entries {
		if limited && !only[e.ID] {
			continue
		}
		if e.Kind == catalog.KindOrganisation {
			orgs = true
		}
		p.addSources(e.Sources, needsReleases(e))
	}
	if limited {
		p.addSources(catalog.Sources{Docs: cat.Sources.Docs}, false)
	} else {
		p.addSources(cat.Sources, false)
	}
	if !limited {
		p.addDiscovery(cat.Discovery) // discover.go
	}
	if orgs {
		for _, o := range cat.Organisations {
			if o.Platform == catalog.PlatformHuggingFace {
				p.addKey(record.SourceHF, record.KindHFAuthorModels, o.Name)
			}
		}
	}
	return p.finish()
}

var canon = DefaultEndpoints()

func needsReleases(e catalog.Entry) bool {
	if len(e.Sources.HuggingFace) > 0 {
		return false
	}
	for _, c := range e.Claims {
		if c.Field == catalog.FieldReleased {
			return true
		}
	}
	return false
}

type planner struct {
	cat   *catalog.Catalog           // docs slugs resolve against its docs sites
	repos map[string]catalog.RepoRef // lower-case owner/repo → first spelling
	seen  map[string]bool
	out   []record.Resource
	arxiv map[string]bool
}

func newPlanner() *planner {
	return &planner{repos: map[string]catalog.RepoRef{}, seen: map[string]bool{}, arxiv: map[string]bool{}}
}

// add appends r unless a resource with the same dedupe key is already planned.
func (p *planner) add(r record.Resource) {
	k := string(r.Kind) + ":" + strings.ToLower(r.Key)
	if p.seen[k] {
		return
	}
	p.seen[k] = true
	p.out = append(p.out, r)
}

// addBuilt appends r with its canonical URL from BuildURL. An id that fails
// its validation is still planned, with no URL: the crawler refuses it with
// BuildURL's reason, so the claims citing it come out unreachable instead of
// silently unjudged.
func (p *planner) addBuilt(r record.Resource) {
	if u, err := BuildURL(r); err == nil {
		r.URL = u
	}
	p.add(r)
}

// addKey plans the resource of kind for key, with its canonical URL
// (addBuilt), unless key is empty.
func (p *planner) addKey(src record.Source, kind record.Kind, key string) {
	if key == "" {
		return
	}
	p.addBuilt(record.Resource{Source: src, Kind: kind, Key: key})
}

func (p *planner) addSources(s catalog.Sources, releases bool) {
	for _, a := range s.ArXiv {
		id := unversioned(strings.TrimSpace(a.ID))
		if id == "" {
			continue
		}
		p.arxiv[id] = true
		if a.Version > 0 {
			p.addBuilt(record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivAbs, Key: id})
		}
	}
	for _, g := range s.GitHub {
		if g.Owner == "" || g.Repo == "" {
			continue
		}
		lk := strings.ToLower(g.Owner + "/" + g.Repo)
		if first, ok := p.repos[lk]; ok {
			g = first
		} else {
			p.repos[lk] = g
		}
		key := g.Owner + "/" + g.Repo
		p.addKey(record.SourceGitHub, record.KindGitHubRepo, key)
		p.addKey(record.SourceGitHub, record.KindGitHubReadme, key)
		if releases {
			p.addKey(record.SourceGitHub, record.KindGitHubReleases, key)
		}
	}
	for _, h := range s.HuggingFace {
		id := strings.Trim(strings.TrimSpace(h.ID), "/")
		for _, k := range []record.Kind{record.KindHFModel, record.KindHFReadme, record.KindHFConfig} {
			p.addKey(record.SourceHF, k, id)
		}
	}
	for _, d := range s.Docs {
		slug := strings.Trim(strings.TrimSpace(d.Slug), "/")
		if slug == "" {
			continue
		}
		// A slug resolves against the catalog's own docs site; a catalog
		// without one (only possible when built in code, lint rejects it)
		// plans nothing for it. A slug that fails its validation is planned
		// with no URL: the crawler refuses it with the reason.
		site := p.cat.DocsSite(d.Site)
		if site == nil {
			continue
		}
		d.Slug = slug
		r := record.Resource{Source: record.SourceDocs, Kind: record.KindDocsPage, Key: d.Key(), Role: site.Role(slug)}
		if catalog.ValidateDocsSlug(slug) == nil {
			r.URL = site.Base + "/" + escapeSegments(slug)
		}
		p.add(r)
	}
	for _, d := range s.DOI {
		p.addKey(record.SourceCrossref, record.KindCrossrefWork, strings.TrimSpace(d.DOI))
	}
	for _, u := range s.URLs {
		raw := strings.TrimSpace(u.URL)
		if raw == "" {
			continue
		}
		// The key is the URL as written (case matters in paths); dedupe is exact.
		k := string(record.KindVenuePage) + ":" + raw
		if p.seen[k] {
			continue
		}
		p.seen[k] = true
		p.out = append(p.out, record.Resource{Source: record.SourceVenue, Kind: record.KindVenuePage, Key: raw, URL: raw})
	}
}

func (p *planner) finish() []record.Resource {
	ids := make([]string, 0, len(p.arxiv))
	for id := range p.arxiv {
		// An invalid id would break (or inject into) the id_list query of
		// its whole batch: it is planned alone, unbuilt, and refused.
		if catalog.ValidateArXivID(id) != nil {
			p.out = append(p.out, record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivQuery, Key: id, IDs: []string{id}})
			continue
		}
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for i := 0; i < len(ids); i += MaxArXivBatch {
		batch := ids[i:min(i+MaxArXivBatch, len(ids))]
		r := record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivQuery, Key: strings.Join(batch, ","),
			IDs: append([]string(nil), batch...)}
		r.URL, _ = BuildURL(r)
		p.out = append(p.out, r)
	}
	rank := map[record.Source]int{}
	for i, s := range Sources {
		rank[s] = i
	}
	sort.SliceStable(p.out, func(i, j int) bool {
		a, b := p.out[i], p.out[j]
		if rank[a.Source] != rank[b.Source] {
			return rank[a.Source] < rank[b.Source]
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Key < b.Key
	})
	return p.out
}

// unversioned strips a trailing version ("2412.19437v2" → "2412.19437").
func unversioned(id string) string {
	i := strings.LastIndexByte(id, 'v')
	if i <= 0 || i == len(id)-1 {
		return id
	}
	for _, c := range id[i+1:] {
		if c < '0' || c > '9' {
			return id
		}
	}
	if c := id[i-1]; c < '0' || c > '9' {
		return id
	}
	return id[:i]
}

// PlanFullText plans the full text of papers: arXiv's HTML rendering of each
// ref — of the cited version when the ref pins one, else of the latest —
// once per id and version, in the order given. Nothing else is planned: the
// caller decides which papers need reading (see engine: only papers with a
// phrase claim their abstract, card and README do not state).
func PlanFullText(refs []catalog.ArXivRef) []record.Resource {
	p := newPlanner()
	for _, r := range refs {
		id := unversioned(strings.TrimSpace(r.ID))
		if id == "" {
			continue
		}
		key := id
		if r.Version > 0 {
			key = fmt.Sprintf("%sv%d", id, r.Version)
		}
		p.addBuilt(record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivHTML, Key: key})
	}
	return p.finish()
}
