package crawler

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// HostNeed is a host that a catalog's sources make claimcheck contact, with
// the first part of the catalog (in file order) that needs it.
type HostNeed struct {
	Host   string
	Source record.Source
	// By names what needs the host: "entry foo-v3", "sources",
	// "discovery" or "organisations".
	By string
	// Pos is where By is written (zero when unknown).
	Pos catalog.Pos
}

func (n HostNeed) String() string {
	s := fmt.Sprintf("%s (%s source, for %s", n.Host, n.Source, n.By)
	if n.Pos.Line > 0 {
		s += " at " + n.Pos.String()
	}
	return s + ")"
}

// HostNeeds lists, once each and in catalog order, the canonical hosts a
// full audit of cat contacts: every host of every resource Plan asks for
// (the endpoints of the sources the catalog uses, its docs sites and URLs),
// and arXiv's pages for the full texts a later round may read (those of the
// entries with a phrase claim: see checks.FullTextWanted). robots.txt is
// fetched from the same hosts. Nothing else is contacted except a redirect
// target, which must be in the catalog's hosts.
//
// The needs come from the planner itself, run on each part of the catalog
// alone, so they cannot drift from what a run fetches.
func HostNeeds(cat *catalog.Catalog) []HostNeed {
	if cat == nil {
		return nil
	}
	var out []HostNeed
	seen := map[string]bool{}
	add := func(by string, pos catalog.Pos, part *catalog.Catalog, arxiv []catalog.ArXivRef) {
		part.DocsSites = cat.DocsSites
		res := Plan(part, PlanOptions{})
		res = append(res, PlanFullText(arxiv)...)
		for _, r := range res {
			h := resourceHost(r)
			if h == "" || seen[h] {
				continue
			}
			seen[h] = true
			out = append(out, HostNeed{Host: h, Source: r.Source, By: by, Pos: pos})
		}
	}
	for _, e := range cat.Entries {
		var fullText []catalog.ArXivRef
		if hasPhraseClaim(e) {
			fullText = e.Sources.ArXiv
		}
		add("entry "+e.ID, e.Pos, &catalog.Catalog{Entries: []catalog.Entry{e}}, fullText)
	}
	add("sources", catalog.Pos{}, &catalog.Catalog{Sources: cat.Sources}, nil)
	if cat.Discovery != nil {
		// Discovered papers are judged on their abstracts (the search feed)
		// only; their full texts are never read.
		add("discovery", catalog.Pos{}, &catalog.Catalog{Discovery: cat.Discovery}, nil)
	}
	var orgPos catalog.Pos // the listings read are Hugging Face's
	for _, o := range cat.Organisations {
		if o.Platform == catalog.PlatformHuggingFace {
			orgPos = o.Pos
			break
		}
	}
	add("organisations", orgPos, &catalog.Catalog{Organisations: cat.Organisations}, nil)
	return out
}

// hasPhraseClaim reports whether e has a phrase claim, the only kind whose
// paper's full text a run may read.
func hasPhraseClaim(e catalog.Entry) bool {
	for _, c := range e.Claims {
		if c.Field == catalog.FieldPhrase {
			return true
		}
	}
	return false
}

// MissingHosts are the needs of cat whose host its declared hosts do not
// list: those requests are refused (see Config.ContactHosts). A catalog
// without a hosts key misses nothing: it contacts what its sources need.
func MissingHosts(cat *catalog.Catalog) []HostNeed {
	if cat == nil || !cat.HostsDeclared() {
		return nil
	}
	return MissingFrom(cat, HostNeeds(cat))
}

// MissingFrom is MissingHosts for needs already computed (HostNeeds(cat)).
func MissingFrom(cat *catalog.Catalog, needs []HostNeed) []HostNeed {
	if cat == nil || !cat.HostsDeclared() {
		return nil
	}
	var out []HostNeed
	for _, n := range needs {
		if !slices.Contains(cat.Hosts, n.Host) {
			out = append(out, n)
		}
	}
	return out
}

// ContactHosts is the Config.ContactHosts of a run on cat: its declared
// hosts, or nil (no limit beyond the plan: the hosts its sources need) when
// it declares none.
func ContactHosts(cat *catalog.Catalog) []string {
	if cat == nil || !cat.HostsDeclared() {
		return nil
	}
	return slices.Clip(cat.Hosts)
}

// resourceHost is the lower-case host of r's canonical URL ("" without one).
func resourceHost(r record.Resource) string {
	if r.URL == "" {
		return ""
	}
	u, err := url.Parse(r.URL)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}
