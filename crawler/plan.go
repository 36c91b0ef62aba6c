package crawler

import (
	"net/url"
	"sort"
	"strconv"
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
//   - Docs: a page per referenced slug. The catalog-wide docs pages (pricing,
//     change log) are in every plan, limited or not: API and release claims
//     are judged against them.
//   - Crossref: a work per DOI (case-insensitive dedupe). Venue: the URL as written.
//   - Other catalog-wide sources are added only when the plan is not limited.
func Plan(cat *catalog.Catalog, opts PlanOptions) []record.Resource {
	p := newPlanner()
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
			if o.Platform == catalog.PlatformHuggingFace && o.Name != "" {
				p.add(record.Resource{Source: record.SourceHF, Kind: record.KindHFAuthorModels, Key: o.Name,
					URL: canon.HF + "/api/models?author=" + url.QueryEscape(o.Name) + "&limit=1000"})
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

func (p *planner) addSources(s catalog.Sources, releases bool) {
	for _, a := range s.ArXiv {
		id := unversioned(strings.TrimSpace(a.ID))
		if id == "" {
			continue
		}
		p.arxiv[id] = true
		if a.Version > 0 {
			p.add(record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivAbs, Key: id,
				URL: canon.ArXiv + "/abs/" + id})
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
		base := canon.GitHub + "/repos/" + pathEscape(g.Owner) + "/" + pathEscape(g.Repo)
		p.add(record.Resource{Source: record.SourceGitHub, Kind: record.KindGitHubRepo, Key: key, URL: base})
		p.add(record.Resource{Source: record.SourceGitHub, Kind: record.KindGitHubReadme, Key: key, URL: base + "/readme"})
		if releases {
			p.add(record.Resource{Source: record.SourceGitHub, Kind: record.KindGitHubReleases, Key: key, URL: base + "/releases?per_page=100"})
		}
	}
	for _, h := range s.HuggingFace {
		id := strings.Trim(strings.TrimSpace(h.ID), "/")
		if id == "" {
			continue
		}
		ep := escapeSegments(id)
		p.add(record.Resource{Source: record.SourceHF, Kind: record.KindHFModel, Key: id, URL: canon.HF + "/api/models/" + ep})
		p.add(record.Resource{Source: record.SourceHF, Kind: record.KindHFReadme, Key: id, URL: canon.HF + "/" + ep + "/raw/main/README.md"})
		p.add(record.Resource{Source: record.SourceHF, Kind: record.KindHFConfig, Key: id, URL: canon.HF + "/" + ep + "/resolve/main/config.json"})
	}
	for _, d := range s.Docs {
		slug := strings.Trim(strings.TrimSpace(d.Slug), "/")
		if slug == "" {
			continue
		}
		p.add(record.Resource{Source: record.SourceDocs, Kind: record.KindDocsPage, Key: slug, URL: canon.Docs + "/" + escapeSegments(slug)})
	}
	for _, d := range s.DOI {
		doi := strings.TrimSpace(d.DOI)
		if doi == "" {
			continue
		}
		p.add(record.Resource{Source: record.SourceCrossref, Kind: record.KindCrossrefWork, Key: doi, URL: canon.Crossref + "/works/" + escapeSegments(doi)})
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
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for i := 0; i < len(ids); i += MaxArXivBatch {
		batch := ids[i:min(i+MaxArXivBatch, len(ids))]
		joined := strings.Join(batch, ",")
		p.out = append(p.out, record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivQuery, Key: joined,
			IDs: append([]string(nil), batch...),
			URL: canon.ArXivAPI + "/api/query?id_list=" + joined + "&max_results=" + strconv.Itoa(len(batch))})
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

func pathEscape(s string) string { return url.PathEscape(s) }

// escapeSegments escapes each "/"-separated segment, keeping the slashes.
func escapeSegments(s string) string {
	parts := strings.Split(s, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
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
			key = id + "v" + strconv.Itoa(r.Version)
		}
		p.add(record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivHTML, Key: key,
			URL: canon.ArXiv + "/html/" + pathEscape(key)})
	}
	return p.finish()
}
