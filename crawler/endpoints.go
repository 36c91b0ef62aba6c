package crawler

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Endpoints are the base URLs (scheme://host[:port][/prefix], no trailing
// slash) of the official sources. The defaults are the canonical bases: plans,
// records and recordings always carry canonical URLs; the crawler rewrites a
// canonical URL to the configured base only when it sends the request.
// Venue pages have no endpoint: they are fetched at the catalog URL as written.
//
// The docs source has no default: its canonical bases are the catalog's own
// docs sites (DocsSites, from catalog.DocsSites), and Docs, when set,
// replaces the base of the only one (an override with several sites is
// ambiguous and rejected by Normalize).
type Endpoints struct {
	ArXivAPI string // CLAIMCHECK_ARXIV_API_URL, default https://export.arxiv.org
	ArXiv    string // CLAIMCHECK_ARXIV_URL, default https://arxiv.org (abs pages)
	GitHub   string // GITHUB_API_URL, default https://api.github.com
	HF       string // HF_ENDPOINT, default https://huggingface.co
	Docs     string // CLAIMCHECK_DOCS_URL: replaces the base of the catalog's docs site; no default
	Crossref string // CLAIMCHECK_CROSSREF_URL, default https://api.crossref.org
	// DocsSites are the canonical bases of the catalog's docs sites
	// (DocsBases). They are catalog data, not endpoints: their hosts are
	// allowed only through the catalog's hosts.
	DocsSites []string
}

// DocsBases lists the bases of a catalog's docs sites, in catalog order.
func DocsBases(cat *catalog.Catalog) []string {
	if cat == nil {
		return nil
	}
	out := make([]string, 0, len(cat.DocsSites))
	for _, s := range cat.DocsSites {
		out = append(out, s.Base)
	}
	return out
}

// ErrAmbiguousDocsOverride is returned by Normalize when a docs override is
// set and the catalog declares several docs sites.
var ErrAmbiguousDocsOverride = errors.New("the docs endpoint override (--docs-url, CLAIMCHECK_DOCS_URL) is ambiguous")

// Environment variables read by EndpointsFromEnv.
const (
	EnvArXivAPI = "CLAIMCHECK_ARXIV_API_URL"
	EnvArXiv    = "CLAIMCHECK_ARXIV_URL"
	EnvGitHub   = "GITHUB_API_URL"
	EnvHF       = "HF_ENDPOINT"
	EnvDocs     = "CLAIMCHECK_DOCS_URL"
	EnvCrossref = "CLAIMCHECK_CROSSREF_URL"
)

// DefaultEndpoints are the canonical bases of the official sources.
func DefaultEndpoints() Endpoints {
	return Endpoints{
		ArXivAPI: "https://export.arxiv.org",
		ArXiv:    "https://arxiv.org",
		GitHub:   "https://api.github.com",
		HF:       "https://huggingface.co",
		Crossref: "https://api.crossref.org",
	}
}

// EndpointsFromEnv starts from the defaults and applies every non-empty
// override found through getenv (os.Getenv in the CLI). Flags set afterwards
// on the returned value beat the environment.
func EndpointsFromEnv(getenv func(string) string) (Endpoints, error) {
	e := DefaultEndpoints()
	for _, f := range e.fields() {
		if v := strings.TrimSpace(getenv(f.env)); v != "" {
			*f.ptr = v
		}
	}
	if err := e.Normalize(); err != nil {
		return Endpoints{}, err
	}
	return e, nil
}

type endpointField struct {
	name, env string
	src       record.Source
	ptr       *string
	def       string
}

func (e *Endpoints) fields() []endpointField {
	d := DefaultEndpoints()
	return []endpointField{
		{"arxiv-api", EnvArXivAPI, record.SourceArXiv, &e.ArXivAPI, d.ArXivAPI},
		{"arxiv", EnvArXiv, record.SourceArXiv, &e.ArXiv, d.ArXiv},
		{"github", EnvGitHub, record.SourceGitHub, &e.GitHub, d.GitHub},
		{"huggingface", EnvHF, record.SourceHF, &e.HF, d.HF},
		{"docs", EnvDocs, record.SourceDocs, &e.Docs, d.Docs},
		{"crossref", EnvCrossref, record.SourceCrossref, &e.Crossref, d.Crossref},
	}
}

// Normalize fills empty fields with the defaults, validates every base
// (absolute http(s) URL with a host, no query or fragment, no credentials, no
// dot segment in its path prefix) and strips a trailing slash.
func (e *Endpoints) Normalize() error {
	var errs []error
	for _, f := range e.fields() {
		v := strings.TrimSpace(*f.ptr)
		if v == "" {
			v = f.def
		}
		if v == "" {
			continue // no default (docs): no override
		}
		u, err := url.Parse(v)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("endpoint %s: %w", f.name, err))
			continue
		case u.Scheme != "http" && u.Scheme != "https":
			errs = append(errs, fmt.Errorf("endpoint %s %q: scheme must be http or https", f.name, v))
			continue
		case u.Host == "":
			errs = append(errs, fmt.Errorf("endpoint %s %q: no host", f.name, v))
			continue
		case u.User != nil:
			errs = append(errs, fmt.Errorf("endpoint %s: credentials in the URL are not allowed", f.name))
			continue
		case u.RawQuery != "" || u.Fragment != "":
			errs = append(errs, fmt.Errorf("endpoint %s %q: no query or fragment allowed", f.name, v))
			continue
		}
		if err := safeSegments(u.EscapedPath()); err != nil {
			// The path prefix is what every request must stay under: it
			// must mean what it says.
			errs = append(errs, fmt.Errorf("endpoint %s %q: %w", f.name, v, err))
			continue
		}
		u.Host = strings.ToLower(u.Host)
		u.Scheme = strings.ToLower(u.Scheme)
		*f.ptr = strings.TrimRight(u.String(), "/")
	}
	for i, b := range e.DocsSites {
		e.DocsSites[i] = strings.TrimRight(strings.TrimSpace(b), "/")
	}
	if e.Docs != "" && len(e.DocsSites) > 1 {
		errs = append(errs, fmt.Errorf("%w: the catalog declares %d docs sites (%s); it applies only to a catalog with one",
			ErrAmbiguousDocsOverride, len(e.DocsSites), strings.Join(e.DocsSites, ", ")))
	}
	return errors.Join(errs...)
}

// Overridden lists the bases that differ from the defaults: their hosts are
// allowed in addition to the catalog's allow-list.
func (e Endpoints) Overridden() []string {
	var out []string
	for _, f := range e.fields() {
		if *f.ptr != "" && *f.ptr != f.def && !slices.Contains(out, *f.ptr) {
			out = append(out, *f.ptr)
		}
	}
	return out
}

// basesFor are the (canonical, actual) base pairs of a source.
func (e Endpoints) basesFor(src record.Source) [][2]string {
	d := DefaultEndpoints()
	switch src {
	case record.SourceArXiv:
		return [][2]string{{d.ArXivAPI, e.ArXivAPI}, {d.ArXiv, e.ArXiv}}
	case record.SourceGitHub:
		return [][2]string{{d.GitHub, e.GitHub}}
	case record.SourceHF:
		return [][2]string{{d.HF, e.HF}}
	case record.SourceDocs:
		out := make([][2]string, 0, len(e.DocsSites))
		for _, b := range e.DocsSites {
			actual := b
			if e.Docs != "" && len(e.DocsSites) == 1 {
				actual = e.Docs
			}
			out = append(out, [2]string{b, actual})
		}
		return out
	case record.SourceCrossref:
		return [][2]string{{d.Crossref, e.Crossref}}
	}
	return nil
}

// ActualURL maps a canonical URL of src to the configured endpoint. URLs
// outside the source's canonical bases (venue pages, redirect targets) are
// returned unchanged.
func (e Endpoints) ActualURL(src record.Source, canonical string) string {
	for _, b := range e.basesFor(src) {
		if rest, ok := underBase(canonical, b[0]); ok {
			return b[1] + rest
		}
	}
	return canonical
}

// CanonicalURLFor maps an actual URL sent to one of src's endpoints back to
// its canonical form. When two sources share one overridden base (a local
// simulator serving everything), the source decides; for arXiv, whose API and
// abs pages may share a base, paths under /api/ belong to the API.
func (e Endpoints) CanonicalURLFor(src record.Source, actual string) string {
	bases := e.basesFor(src)
	if src == record.SourceArXiv && len(bases) == 2 {
		api, pages := bases[0], bases[1]
		if rest, ok := underBase(actual, api[1]); ok && (strings.HasPrefix(rest, "/api/") || api[1] != pages[1]) {
			return api[0] + rest
		}
		if rest, ok := underBase(actual, pages[1]); ok {
			return pages[0] + rest
		}
		return actual
	}
	for _, b := range bases {
		if rest, ok := underBase(actual, b[1]); ok {
			return b[0] + rest
		}
	}
	return actual
}

// CanonicalURL maps an actual URL to its canonical form without knowing the
// source: the path decides between sources sharing an overridden base
// (/api/query → arXiv API, /abs/ → arXiv, /repos/ → GitHub, /works/ →
// Crossref, /api/models and …/raw/main/… or …/resolve/main/… → Hugging Face,
// anything else → the docs site). URLs under no configured base are unchanged.
func (e Endpoints) CanonicalURL(actual string) string {
	u, err := url.Parse(actual)
	if err != nil {
		return actual
	}
	p := u.Path
	var order []record.Source
	switch {
	case strings.HasPrefix(p, "/api/models"), strings.Contains(p, "/raw/main/"), strings.Contains(p, "/resolve/main/"):
		order = []record.Source{record.SourceHF}
	case strings.HasPrefix(p, "/api/"), strings.HasPrefix(p, "/abs/"):
		order = []record.Source{record.SourceArXiv}
	case strings.HasPrefix(p, "/repos/"):
		order = []record.Source{record.SourceGitHub}
	case strings.HasPrefix(p, "/works/"):
		order = []record.Source{record.SourceCrossref}
	}
	order = append(order, record.SourceDocs, record.SourceArXiv, record.SourceGitHub, record.SourceHF, record.SourceCrossref)
	for _, src := range order {
		for _, b := range e.basesFor(src) {
			if _, ok := underBase(actual, b[1]); ok {
				return e.CanonicalURLFor(src, actual)
			}
		}
	}
	return actual
}

// underBase reports whether u is base itself or lies under it, and returns
// the rest (path, query) after the base.
func underBase(u, base string) (string, bool) {
	if !strings.HasPrefix(u, base) {
		return "", false
	}
	rest := u[len(base):]
	if rest == "" || rest[0] == '/' || rest[0] == '?' {
		return rest, true
	}
	return "", false
}
