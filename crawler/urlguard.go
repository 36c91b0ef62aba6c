package crawler

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Nothing a catalog gives may move a request out of its endpoint. Three
// checks, one per stage:
//
//   - BuildURL (the plan): every id that becomes a URL path is validated per
//     kind (catalog.ValidateDOI and friends) and escaped segment by segment
//     (url.PathEscape; a DOI keeps its '/' structure), and the built URL must
//     lie under the source's canonical base. An id that fails gets no URL:
//     its resource is refused, with the reason, before anything is sent.
//   - Endpoints.CheckScope (before each request and each paged "next" link):
//     the actual URL, after the canonical base was swapped for the configured
//     one, must lie under one of the source's configured bases — same scheme,
//     host and port, the base's path as a whole-segment prefix — and no path
//     segment may decode (once, twice or three times) to "." or "..", or hold
//     a '/' or '\'. A Crossref mirror at /prefix/crossref never gets a request
//     for /prefix/admin/secret.
//   - redirects (Crawler.redirectScope): a hop of an endpoint source must
//     pass CheckScope for that same source; a venue page may not be
//     redirected into an endpoint of a source it was not already under. So a
//     page of one source is never fetched as, and counted for, another.

// BuildURL builds the canonical URL of a planned resource from its kind and
// key (IDs for an arXiv query), validating every id per kind. A venue page's
// URL is its key. The error says which id failed and why.
func BuildURL(r record.Resource) (string, error) {
	u, err := buildURL(r)
	if err != nil {
		return "", fmt.Errorf("refusing to build a URL for %s %q: %w", r.Kind, r.Key, err)
	}
	if r.Source != record.SourceVenue {
		pu, err := url.Parse(u)
		if err != nil {
			return "", fmt.Errorf("refusing to build a URL for %s %q: %w", r.Kind, r.Key, err)
		}
		if err := canon.CheckScope(r.Source, pu); err != nil {
			return "", fmt.Errorf("refusing to build a URL for %s %q: %w", r.Kind, r.Key, err)
		}
	}
	return u, nil
}

// buildURL builds the canonical URL of r, one builder per kind: each
// validates its ids and escapes them.
func buildURL(r record.Resource) (string, error) {
	switch r.Kind {
	case record.KindArXivQuery:
		return arxivQueryURL(r.IDs)
	case record.KindArXivAbs:
		return arxivAbsURL(r.Key)
	case record.KindArXivSearch:
		return arxivSearchURL(r.Key)
	case record.KindArXivHTML:
		return arxivHTMLURL(r.Key)
	case record.KindGitHubOrgRepos:
		return githubOrgReposURL(r.Key)
	case record.KindGitHubRepo, record.KindGitHubReadme, record.KindGitHubReleases:
		return githubRepoURL(r.Kind, r.Key)
	case record.KindHFModel, record.KindHFReadme, record.KindHFConfig:
		return hfModelURL(r.Kind, r.Key)
	case record.KindHFAuthorModels:
		return hfAuthorModelsURL(r.Key)
	case record.KindDocsPage:
		return "", docsPageRefusal(r.Key)
	case record.KindCrossrefWork:
		return crossrefWorkURL(r.Key)
	case record.KindVenuePage:
		if r.Key == "" {
			return "", fmt.Errorf("empty URL")
		}
		return r.Key, nil
	}
	return "", fmt.Errorf("unknown resource kind")
}

// arxivQueryURL is the Atom API query for a batch of arXiv ids.
func arxivQueryURL(ids []string) (string, error) {
	if len(ids) == 0 {
		return "", fmt.Errorf("no arXiv ids")
	}
	for _, id := range ids {
		if err := catalog.ValidateArXivID(id); err != nil {
			return "", err
		}
	}
	return canon.ArXivAPI + "/api/query?id_list=" + strings.Join(ids, ",") + "&max_results=" + strconv.Itoa(len(ids)), nil
}

// arxivAbsURL is the abs page of an arXiv id.
func arxivAbsURL(id string) (string, error) {
	if err := catalog.ValidateArXivID(id); err != nil {
		return "", err
	}
	return canon.ArXiv + "/abs/" + escapeSegments(id), nil
}

// arxivSearchURL is the discovery query of a search term. The term is
// validated by the catalog loader; here it is only query-escaped, and may
// hold no control character.
func arxivSearchURL(term string) (string, error) {
	if strings.TrimSpace(term) == "" || strings.ContainsFunc(term, func(c rune) bool { return c < 0x20 || c == 0x7f }) {
		return "", fmt.Errorf("invalid arXiv search term %q", term)
	}
	return ArXivSearchURL(canon.ArXivAPI, term), nil
}

// arxivHTMLURL is the full text of one id, or of one version of it
// ("2412.19437v2").
func arxivHTMLURL(key string) (string, error) {
	id, v := key, ""
	if i := strings.LastIndexByte(id, 'v'); i > 0 && i+1 < len(id) && strings.Trim(id[i+1:], "0123456789") == "" && !strings.Contains(id[i:], "/") {
		id, v = id[:i], id[i:]
	}
	if err := catalog.ValidateArXivID(id); err != nil {
		return "", err
	}
	return canon.ArXiv + "/html/" + escapeSegments(id) + v, nil
}

// githubOrgReposURL is the newest page of a GitHub organisation's repositories.
func githubOrgReposURL(org string) (string, error) {
	if err := catalog.ValidateOrganisation(catalog.PlatformGitHub, org); err != nil {
		return "", err
	}
	return canon.GitHub + "/orgs/" + url.PathEscape(org) + "/repos?per_page=100&sort=created&direction=desc", nil
}

// githubRepoURL is the API URL of a repository ("owner/repo"), of its
// README or of its releases, by kind.
func githubRepoURL(kind record.Kind, key string) (string, error) {
	if err := catalog.ValidateGitHubRepo(key); err != nil {
		return "", err
	}
	owner, repo, _ := strings.Cut(key, "/")
	base := canon.GitHub + "/repos/" + url.PathEscape(owner) + "/" + url.PathEscape(repo)
	switch kind {
	case record.KindGitHubReadme:
		return base + "/readme", nil
	case record.KindGitHubReleases:
		return base + "/releases?per_page=100", nil
	}
	return base, nil
}

// hfModelURL is the model API URL of a Hugging Face model id, or its raw
// README or config.json, by kind.
func hfModelURL(kind record.Kind, id string) (string, error) {
	if err := catalog.ValidateHFID(id); err != nil {
		return "", err
	}
	ep := escapeSegments(id)
	switch kind {
	case record.KindHFReadme:
		return canon.HF + "/" + ep + "/raw/main/README.md", nil
	case record.KindHFConfig:
		return canon.HF + "/" + ep + "/resolve/main/config.json", nil
	}
	return canon.HF + "/api/models/" + ep, nil
}

// hfAuthorModelsURL is the model list of a Hugging Face organisation.
func hfAuthorModelsURL(org string) (string, error) {
	if err := catalog.ValidateOrganisation(catalog.PlatformHuggingFace, org); err != nil {
		return "", err
	}
	return canon.HF + "/api/models?author=" + url.QueryEscape(org) + "&limit=1000", nil
}

// docsPageRefusal is why a docs page gets no URL here: it resolves against
// the catalog's own docs site (the planner builds its URL); there is no
// built-in docs endpoint. An invalid slug says so first.
func docsPageRefusal(key string) error {
	slug := key
	if _, s, ok := strings.Cut(key, ":"); ok {
		slug = s
	}
	if err := catalog.ValidateDocsSlug(slug); err != nil {
		return err
	}
	return fmt.Errorf("docs page %q: no docs site of the catalog resolves it", key)
}

// crossrefWorkURL is the Crossref work of a DOI (its '/' structure kept).
func crossrefWorkURL(doi string) (string, error) {
	if err := catalog.ValidateDOI(doi); err != nil {
		return "", err
	}
	return canon.Crossref + "/works/" + escapeSegments(doi), nil
}

// escapeSegments escapes each "/"-separated segment, keeping the slashes.
func escapeSegments(s string) string {
	parts := strings.Split(s, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// CheckScope returns an error unless u lies under one of src's configured
// bases: same scheme, host and port, the base path as a whole-segment
// prefix, and no path segment that decodes to "." or ".." or holds a '/' or
// '\'. Venue pages have no endpoint and are not checked here (the allow-list
// and the dial guard judge them).
func (e Endpoints) CheckScope(src record.Source, u *url.URL) error {
	if src == record.SourceVenue {
		return nil
	}
	if u == nil {
		return fmt.Errorf("no URL")
	}
	if err := safeSegments(u.EscapedPath()); err != nil {
		return fmt.Errorf("%s: %w", redactURL(u), err)
	}
	bases := e.basesFor(src)
	if len(bases) == 0 && src == record.SourceDocs {
		// The docs source's bases are the catalog's docs sites; a crawler
		// told none (a caller other than the CLI) checks docs pages as it
		// checks venue pages: the allow-list and the path safety above.
		return nil
	}
	if len(bases) == 0 {
		return fmt.Errorf("%s: source %q has no endpoint", redactURL(u), src)
	}
	for _, b := range bases {
		if underEndpoint(u, b[1]) {
			return nil
		}
	}
	names := make([]string, 0, len(bases))
	for _, b := range bases {
		names = append(names, b[1])
	}
	return fmt.Errorf("%s leaves the %s endpoint (%s)", redactURL(u), src, strings.Join(names, ", "))
}

// underEndpoint reports whether u has base's scheme, host and port and a
// path equal to base's path or below it (whole segments: /prefix/crossref
// does not cover /prefix/crossref-admin).
func underEndpoint(u *url.URL, base string) bool {
	b, err := url.Parse(base)
	if err != nil || b.Host == "" {
		return false
	}
	if !strings.EqualFold(u.Scheme, b.Scheme) || !strings.EqualFold(u.Hostname(), b.Hostname()) ||
		effectivePort(u) != effectivePort(b) {
		return false
	}
	bp := strings.TrimRight(b.EscapedPath(), "/")
	if bp == "" {
		return true
	}
	p := u.EscapedPath()
	return p == bp || strings.HasPrefix(p, bp+"/")
}

// safeSegments refuses a path with a segment that is, or decodes (up to
// three times, for servers that decode more than once) to, "." or "..", or
// that holds an encoded '/' or a '\' (which some servers treat as '/').
func safeSegments(escapedPath string) error {
	for _, seg := range strings.Split(escapedPath, "/") {
		s := seg
		for range 4 {
			switch {
			case s == "." || s == "..":
				return fmt.Errorf("path segment %q is a dot segment (path traversal)", seg)
			case strings.ContainsAny(s, `\`), s != seg && strings.Contains(s, "/"):
				return fmt.Errorf("path segment %q holds a slash or backslash", seg)
			}
			d, err := url.PathUnescape(s)
			if err != nil || d == s {
				break
			}
			s = d
		}
	}
	return nil
}
