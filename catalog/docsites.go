package catalog

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DocsSite is a documentation site of the catalog's organisation: the base
// its docs slugs resolve against ("news/news1226" → Base + "/news/news1226")
// and, where useful, which of its pages are release notes, model lists (or
// pricing tables) and change logs. No site is a default: a catalog that cites
// docs slugs declares its site(s) under the top-level key docs_sites.
type DocsSite struct {
	// Name qualifies a slug as "name:slug"; required when the catalog declares
	// several sites, optional for one. Unqualified slugs resolve against the
	// first site.
	Name string `json:"name,omitempty"`
	// Base is scheme://host[/prefix], no trailing slash, no query, fragment,
	// port or credentials. Its host must be on the catalog's hosts.
	Base string `json:"base"`
	Host string `json:"host"`
	// Page roles: slug patterns (path.Match per segment; a trailing "/**"
	// matches any depth) naming the site's release notes, model list or
	// pricing pages and change logs. They tell the extractor what a page is;
	// pages no pattern names are recognised by their content.
	ReleaseNotes []string `json:"release_notes,omitempty"`
	Models       []string `json:"models,omitempty"`
	Changelog    []string `json:"changelog,omitempty"`
	Pos          Pos      `json:"location"`
}

// Page roles of a docs site (DocsSite.Role).
const (
	DocsRoleReleaseNotes = "release_notes"
	DocsRoleModels       = "models"
	DocsRoleChangelog    = "changelog"
)

// Role is the role the site declares for slug ("" when no pattern names it).
// The first matching list wins in the order release_notes, models, changelog.
func (s DocsSite) Role(slug string) string {
	for _, r := range []struct {
		role string
		pats []string
	}{{DocsRoleReleaseNotes, s.ReleaseNotes}, {DocsRoleModels, s.Models}, {DocsRoleChangelog, s.Changelog}} {
		for _, p := range r.pats {
			if MatchSlug(p, slug) {
				return r.role
			}
		}
	}
	return ""
}

// URL is the canonical URL of slug on the site, each path segment escaped.
func (s DocsSite) URL(slug string) string {
	parts := strings.Split(strings.Trim(slug, "/"), "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return s.Base + "/" + strings.Join(parts, "/")
}

// MatchSlug reports whether slug matches a page-role pattern: path.Match
// ("news/*" matches "news/news1226", not "news/a/b"), or a prefix ending in
// "/**" that matches every slug under it.
func MatchSlug(pattern, slug string) bool {
	slug = strings.Trim(slug, "/")
	if prefix, ok := strings.CutSuffix(pattern, "/**"); ok {
		if strings.HasPrefix(slug, prefix+"/") {
			return true
		}
		pat := prefix
		parts := strings.Split(slug, "/")
		// "a/*/**": the prefix itself may hold wildcards.
		for i := range parts {
			if ok, _ := path.Match(pat, strings.Join(parts[:i+1], "/")); ok && i+1 < len(parts) {
				return true
			}
		}
		return false
	}
	ok, _ := path.Match(pattern, slug)
	return ok
}

// DocsSite returns the site a docs reference resolves against: the named
// site, or the first one for an unqualified reference; nil when there is none.
func (c *Catalog) DocsSite(name string) *DocsSite {
	if len(c.DocsSites) == 0 {
		return nil
	}
	if name == "" {
		return &c.DocsSites[0]
	}
	for i := range c.DocsSites {
		if c.DocsSites[i].Name == name {
			return &c.DocsSites[i]
		}
	}
	return nil
}

// Key is the reference's canonical key: the slug for the first (default)
// site, "site:slug" for another one. Resources, subjects and evidence use it.
func (r DocsRef) Key() string {
	if r.Site == "" {
		return r.Slug
	}
	return r.Site + ":" + r.Slug
}

var (
	siteNameRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)
	slugPatternRE = regexp.MustCompile(`^[A-Za-z0-9*?\[][A-Za-z0-9._*?\[\]^-]*(?:/[A-Za-z0-9._*?\[\]^-]+)*(?:/\*\*)?$`)
)

// docsSites reads the top-level docs_sites list.
func (l *loader) docsSites(n *yaml.Node, p string) []DocsSite {
	items := l.list(n, p, "docs sites", MaxSourcesPerList)
	l.docsDeclared = true
	var out []DocsSite
	names := map[string]Pos{}
	bases := map[string]Pos{}
	for i, sn := range items {
		fp := index(p, i)
		m, ok := l.fields(sn, fp, "name", "base", DocsRoleReleaseNotes, DocsRoleModels, DocsRoleChangelog)
		if !ok {
			continue
		}
		s := DocsSite{Pos: l.pos(sn)}
		if nn, ok := m["name"]; ok {
			if v, ok := l.scalar(nn, join(fp, "name")); ok {
				switch {
				case !siteNameRE.MatchString(v):
					l.errorf(nn, join(fp, "name"), "invalid docs site name %q: want lower-case letters, digits, '_' or '-' (max 63)", v)
				case l.firstUse(names, v, l.pos(nn), join(fp, "name"), "duplicate docs site name %q (first at %s)", v):
					s.Name = v
				}
			}
		} else if len(items) > 1 {
			l.errorf(sn, join(fp, "name"), "missing required field (with several docs sites each needs a name, used as name:slug)")
		}
		if v, bn, ok := l.required(m, sn, fp, "base"); ok {
			base, host, err := checkDocsBase(v)
			switch {
			case err != nil:
				l.errorf(bn, join(fp, "base"), "%v", err)
			case l.firstUse(bases, base, l.pos(bn), join(fp, "base"), "duplicate docs site base %q (first at %s)", v):
				s.Base, s.Host = base, host
				l.docsHosts = append(l.docsHosts, urlCheck{url: v, host: host, field: join(fp, "base"), pos: l.pos(bn)})
			}
		}
		for _, role := range []struct {
			key string
			dst *[]string
		}{{DocsRoleReleaseNotes, &s.ReleaseNotes}, {DocsRoleModels, &s.Models}, {DocsRoleChangelog, &s.Changelog}} {
			rn, ok := m[role.key]
			if !ok {
				continue
			}
			rp := join(fp, role.key)
			for j, pn := range l.list(rn, rp, "page patterns", MaxSourcesPerList) {
				pp := index(rp, j)
				v, ok := l.scalar(pn, pp)
				if !ok {
					continue
				}
				if err := checkSlugPattern(v); err != nil {
					l.errorf(pn, pp, "%v", err)
					continue
				}
				*role.dst = append(*role.dst, v)
			}
		}
		if s.Base != "" {
			out = append(out, s)
		}
	}
	return out
}

// checkDocsBase validates a docs site base and returns it normalised (lower-case
// scheme and host, no trailing slash) with its host.
func checkDocsBase(v string) (string, string, error) {
	host, err := checkURL(v)
	if err != nil {
		return "", "", err
	}
	u, _ := url.Parse(v)
	switch {
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", "", fmt.Errorf("docs site base %q must not carry a query or fragment", v)
	case strings.Contains(u.Path, "//") || strings.Contains("/"+u.Path+"/", "/../") || strings.Contains("/"+u.Path+"/", "/./"):
		return "", "", fmt.Errorf("docs site base %q has a malformed path", v)
	case strings.ContainsAny(u.EscapedPath(), "%;\\"):
		// Escapes (%2e%2e, %2F) and path parameters (..;) are read as dot
		// segments or slashes by some servers: a base path is plain segments.
		return "", "", fmt.Errorf("docs site base %q: its path may hold no %%-escape, ';' or backslash", v)
	}
	if why := internalHost(host); why != "" {
		return "", "", fmt.Errorf("docs site base %q: host is %s; a docs site is a public DNS name", v, why)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = host
	return strings.TrimRight(u.String(), "/"), host, nil
}

func checkSlugPattern(v string) error {
	if len(v) > 200 || !slugPatternRE.MatchString(v) {
		return fmt.Errorf("malformed page pattern %q: want a slug or a glob without leading slash (e.g. news/*, quick_start/pricing, blog/**)", v)
	}
	if _, err := path.Match(strings.TrimSuffix(v, "/**"), ""); err != nil {
		return fmt.Errorf("malformed page pattern %q: %v", v, err)
	}
	return nil
}

// docsRef resolves a docs reference as written ("slug" or "site:slug")
// against the declared sites.
func (l *loader) docsRef(v string, p Pos) (DocsRef, error) {
	site, slug, qualified := strings.Cut(v, ":")
	if !qualified {
		site, slug = "", v
	}
	if err := ValidateDocsSlug(slug); err != nil {
		return DocsRef{}, err
	}
	if !l.docsDeclared {
		return DocsRef{}, fmt.Errorf("docs slug %q but the catalog declares no docs site: add docs_sites: [{base: https://…}] (its host must be on hosts)", v)
	}
	if len(l.sites) == 0 {
		// docs_sites is present but invalid: its own errors say why.
		return DocsRef{Slug: slug, Site: site, Pos: p}, nil
	}
	if qualified {
		idx := -1
		var known []string
		for i, s := range l.sites {
			if s.Name != "" {
				known = append(known, s.Name)
			}
			if s.Name == site {
				idx = i
			}
		}
		if idx < 0 {
			if len(known) == 0 {
				return DocsRef{}, fmt.Errorf("docs slug %q names the site %q, but no docs site has a name (add name: %s to it)", v, site, site)
			}
			return DocsRef{}, fmt.Errorf("docs slug %q names an unknown docs site %q (declared: %s)", v, site, strings.Join(known, ", "))
		}
		if idx == 0 {
			site = "" // the default site: the bare slug is the key
		}
	}
	return DocsRef{Slug: slug, Site: site, Pos: p}, nil
}

// docsSiteKeys are the docs sites as comparable strings (order counts: the
// first site is the default one).
func docsSiteKeys(sites []DocsSite) []string {
	out := make([]string, 0, len(sites))
	for i, s := range sites {
		out = append(out, fmt.Sprintf("%d %s %s r=%s m=%s c=%s", i, s.Name, s.Base,
			strings.Join(s.ReleaseNotes, ","), strings.Join(s.Models, ","), strings.Join(s.Changelog, ",")))
	}
	return out
}
