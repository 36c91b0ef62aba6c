// Package record defines what a fetch yields: the resource asked for and an
// immutable record of the exchange that checks can cite. It is the contract
// between the crawler (which produces records) and the checks (which read them);
// it imports nothing from either.
package record

import "time"

// Source is an official source; politeness policy is per source.
type Source string

const (
	SourceArXiv    Source = "arxiv"       // export.arxiv.org API and arxiv.org pages
	SourceGitHub   Source = "github"      // api.github.com
	SourceHF       Source = "huggingface" // huggingface.co
	SourceDocs     Source = "docs"        // the API documentation site
	SourceCrossref Source = "crossref"    // api.crossref.org
	SourceVenue    Source = "venue"       // venue pages by URL (CVF, ICLR, Nature…)
)

// Kind is the kind of resource, which decides the extractor that reads it.
type Kind string

const (
	KindArXivQuery     Kind = "arxiv-query"     // Atom API, id_list batch; IDs holds the ids
	KindArXivAbs       Kind = "arxiv-abs"       // abs page of one id (submission history)
	KindArXivHTML      Kind = "arxiv-html"      // the paper's full text: arXiv's HTML rendering of one id (or idvN)
	KindGitHubRepo     Kind = "github-repo"     // GET /repos/{o}/{r}
	KindGitHubReadme   Kind = "github-readme"   // GET /repos/{o}/{r}/readme (raw)
	KindGitHubReleases Kind = "github-releases" // GET /repos/{o}/{r}/releases
	KindHFModel        Kind = "hf-model"        // GET /api/models/{id}
	KindHFReadme       Kind = "hf-readme"       // GET /{id}/raw/main/README.md
	KindHFConfig       Kind = "hf-config"       // GET /{id}/resolve/main/config.json
	KindHFAuthorModels Kind = "hf-author"       // GET /api/models?author={org}&…
	KindDocsPage       Kind = "docs-page"       // GET /{slug} of the docs site
	KindCrossrefWork   Kind = "crossref-work"   // GET /works/{doi}
	KindVenuePage      Kind = "venue-page"      // a plain URL
)

// Resource is one thing to fetch. Key is canonical and unique per run for a
// kind (the arXiv id list joined by ",", "owner/repo", the HF id, the docs slug,
// the DOI, the URL).
type Resource struct {
	Source Source   `json:"source"`
	Kind   Kind     `json:"kind"`
	Key    string   `json:"key"`
	IDs    []string `json:"ids,omitempty"` // batched ids (arXiv)
	// Role is what the catalog's docs site declares a docs page to be
	// ("release_notes", "models", "changelog"; catalog.DocsRole*), "" when
	// it declares nothing: the extractor then goes by the page's content.
	Role string `json:"role,omitempty"`
	// URL is filled by the crawler from its endpoints when the request is built.
	URL string `json:"url,omitempty"`
}

// ID is the resource's identity within a run.
func (r Resource) ID() string { return string(r.Kind) + ":" + r.Key }

// ErrorKind types a failed fetch. A failure is never a silent empty body.
type ErrorKind string

const (
	ErrTimeout     ErrorKind = "timeout"
	ErrRefused     ErrorKind = "refused"      // connection refused or reset
	ErrClient      ErrorKind = "4xx"          // 4xx other than 429 (Status says which)
	ErrServer      ErrorKind = "5xx"          // 5xx after retries
	ErrRateLimited ErrorKind = "rate-limited" // 429/secondary limit, or a wait beyond the cap
	ErrTooLarge    ErrorKind = "too-large"    // body over the cap, or truncated
	ErrBlocked     ErrorKind = "blocked-by-policy"
	ErrMalformed   ErrorKind = "malformed" // transport-level: bad gzip, bad encoding
	ErrReplay      ErrorKind = "replay-missing"
)

// The failures of a network that is down, and of a run that is bounded.
const (
	// ErrDNS: the host name could not be resolved (no such host, no DNS
	// server answering). Retried at most once: it rarely heals in seconds.
	ErrDNS ErrorKind = "dns"
	// ErrNetUnreachable: the network or host is unreachable (no route: often
	// no network at all). Retried at most once.
	ErrNetUnreachable ErrorKind = "network-unreachable"
	// ErrInterrupted: the run ended (its deadline passed, or it was
	// interrupted by a signal) before the resource was fetched; the message
	// says which. It says nothing about the source.
	ErrInterrupted ErrorKind = "interrupted"
	// ErrCircuitOpen: the source's circuit breaker opened after consecutive
	// failures, so the resource was not requested; the message names the
	// last failure.
	ErrCircuitOpen ErrorKind = "circuit-open"

	// ErrCanceled is the former name of ErrInterrupted.
	//
	// Deprecated: use ErrInterrupted.
	ErrCanceled = ErrInterrupted
)

// FetchError says why a resource could not be fetched.
type FetchError struct {
	Kind    ErrorKind `json:"kind"`
	Message string    `json:"message"`
	// RetryAt is when a rate-limited source may be asked again (zero if unknown).
	RetryAt time.Time `json:"retry_at,omitempty"`
}

func (e *FetchError) Error() string { return string(e.Kind) + ": " + e.Message }

// Record is the outcome of fetching one resource.
type Record struct {
	Resource    Resource    `json:"resource"`
	URL         string      `json:"url"`
	FinalURL    string      `json:"final_url"`
	Status      int         `json:"status"`
	FetchedAt   time.Time   `json:"fetched_at"`
	FromCache   bool        `json:"from_cache"`   // body taken from the store
	NotModified bool        `json:"not_modified"` // the server answered 304 to a conditional request
	ContentType string      `json:"content_type,omitempty"`
	ETag        string      `json:"etag,omitempty"`
	LastMod     string      `json:"last_modified,omitempty"`
	SHA256      string      `json:"sha256,omitempty"` // of Body
	Body        []byte      `json:"-"`
	Err         *FetchError `json:"error,omitempty"`
}

// OK reports whether the record carries a usable body.
func (r Record) OK() bool { return r.Err == nil }

// Evidence is the citable part of a record plus where in the body a value was found.
type Evidence struct {
	Source    Source    `json:"source"`
	URL       string    `json:"url"`
	FinalURL  string    `json:"final_url"`
	FetchedAt time.Time `json:"fetched_at"`
	Status    int       `json:"status"`
	SHA256    string    `json:"sha256"`
	Locator   string    `json:"locator,omitempty"` // CSS selector, JSON path or line
	Quote     string    `json:"quote,omitempty"`
	// NotModified: the server answered 304 at FetchedAt and the stored body
	// was used (the body was fetched earlier). FromCache: the body came from
	// the store.
	NotModified bool `json:"not_modified,omitempty"`
	FromCache   bool `json:"from_cache,omitempty"`
}

// Evidence builds the evidence for a value found at locator, quoting quote.
func (r Record) Evidence(locator, quote string) Evidence {
	return Evidence{
		Source: r.Resource.Source, URL: r.URL, FinalURL: r.FinalURL, FetchedAt: r.FetchedAt,
		Status: r.Status, SHA256: r.SHA256, Locator: locator, Quote: quote,
		NotModified: r.NotModified, FromCache: r.FromCache,
	}
}
