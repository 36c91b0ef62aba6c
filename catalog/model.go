// Package catalog holds the typed model of a research catalog (entries, their
// official source references and their claims), the YAML loader that builds it
// with file/line/column positions, its validation, and the embedded default
// catalog.
package catalog

import (
	"fmt"
	"time"
)

// Pos is where a node sits in a catalog file (1-based line and column).
type Pos struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column) }

// Catalog is a whole catalog file.
type Catalog struct {
	// Path is the file the catalog was read from; for the embedded default it
	// is the repository-relative DefaultPath ("catalog/default/deepseek.yaml").
	Path string `json:"path"`
	Name string `json:"name"`
	// AsOf is the catalog's own "last updated" date.
	AsOf Date `json:"as_of"`
	// Organisations are the official accounts; only sources under them count as official.
	Organisations []Organisation `json:"organisations"`
	// Hosts is the allow-list of official hosts: exactly the hosts claimcheck
	// may contact — the endpoints its sources need (see crawler.HostNeeds)
	// and the hosts of the catalog's URLs and docs sites — and the hosts a
	// redirect may lead to. Nil when the catalog has no hosts key: then it
	// contacts the hosts its sources need and nothing else (lint lists them).
	Hosts []string `json:"hosts"`
	// HostsPos is where hosts is written (zero when absent).
	HostsPos Pos `json:"-"`
	// DocsSites are the organisation's documentation sites; docs slugs
	// resolve against them (the first one unless a slug names its site).
	DocsSites []DocsSite `json:"docs_sites,omitempty"`
	// Sources are catalog-wide pages (pricing, change log, organisation model lists)
	// that every entry may be judged against, and that reverse coverage reads.
	Sources Sources `json:"sources"`
	// Discovery (nil: none) and Omit: see discovery.go.
	Discovery *Discovery `json:"discovery,omitempty"`
	Omit      []Omission `json:"omit,omitempty"`
	// Checklist says which checklist items apply (see checklist.go).
	Checklist Checklist `json:"checklist,omitzero"`
	Entries   []Entry   `json:"entries"`
	Pos       Pos       `json:"-"`
	// AsOfPos is where as_of is written (zero when absent).
	AsOfPos Pos `json:"-"`
}

// HostsDeclared reports whether the catalog has a hosts key (an empty list
// included).
func (c *Catalog) HostsDeclared() bool { return c.Hosts != nil }

// Platform names where organisations live.
const (
	PlatformGitHub      = "github"
	PlatformHuggingFace = "huggingface"
)

// Organisation is an official account on a platform.
type Organisation struct {
	Platform string `json:"platform"`
	Name     string `json:"name"`
	Pos      Pos    `json:"location"`
}

// EntryKind says what an entry is.
type EntryKind string

const (
	KindPaper        EntryKind = "paper"
	KindModel        EntryKind = "model"
	KindReleaseNote  EntryKind = "release_note"
	KindAPI          EntryKind = "api"
	KindOrganisation EntryKind = "organisation"
)

// Entry is one item of the catalog: a paper, a model release, an API fact sheet…
type Entry struct {
	ID      string    `json:"id"`
	Kind    EntryKind `json:"kind"`
	Name    string    `json:"name"`
	Year    string    `json:"year,omitempty"`
	Topic   string    `json:"topic,omitempty"`
	Sources Sources   `json:"sources"`
	Claims  []Claim   `json:"claims"`
	Pos     Pos       `json:"location"`
}

// Sources are typed references to official sources.
type Sources struct {
	ArXiv       []ArXivRef `json:"arxiv,omitempty"`
	GitHub      []RepoRef  `json:"github,omitempty"`
	HuggingFace []HFRef    `json:"huggingface,omitempty"`
	Docs        []DocsRef  `json:"docs,omitempty"`
	DOI         []DOIRef   `json:"doi,omitempty"`
	URLs        []URLRef   `json:"urls,omitempty"`
}

// Empty reports whether no source is referenced.
func (s Sources) Empty() bool {
	return len(s.ArXiv)+len(s.GitHub)+len(s.HuggingFace)+len(s.Docs)+len(s.DOI)+len(s.URLs) == 0
}

// ArXivRef is an arXiv identifier, new style ("2412.19437") or old style
// ("hep-ex/0406020"), optionally pinned to a version (Version 0 = unpinned).
type ArXivRef struct {
	ID      string `json:"id"`
	Version int    `json:"version,omitempty"`
	Pos     Pos    `json:"location"`
}

func (r ArXivRef) String() string {
	if r.Version > 0 {
		return fmt.Sprintf("%sv%d", r.ID, r.Version)
	}
	return r.ID
}

// RepoRef is a GitHub repository.
type RepoRef struct {
	Owner string `json:"owner"`
	Repo  string `json:"repo"`
	Pos   Pos    `json:"location"`
}

func (r RepoRef) String() string { return r.Owner + "/" + r.Repo }

// HFRef is a Hugging Face model id ("owner/name").
type HFRef struct {
	ID  string `json:"id"`
	Pos Pos    `json:"location"`
}

// DocsRef is a page of one of the catalog's documentation sites, by slug
// ("news/news1226", "quick_start/pricing", "updates"). Site is the name of
// the site it resolves against, "" for the first (default) site; it is
// written "site:slug" in the catalog.
type DocsRef struct {
	Slug string `json:"slug"`
	Site string `json:"site,omitempty"`
	Pos  Pos    `json:"location"`
}

// DOIRef is a DOI ("10.1038/s41586-025-09422-z").
type DOIRef struct {
	DOI string `json:"doi"`
	Pos Pos    `json:"location"`
}

// URLRef is a plain URL of a venue page; its host must be on the allow-list.
type URLRef struct {
	URL string `json:"url"`
	Pos Pos    `json:"location"`
}

// ClaimType is the type of value a claim states; it decides how it is parsed,
// normalised and compared.
type ClaimType string

const (
	TypeCount    ClaimType = "count"    // a number with a unit: 671B parameters, 14.8T tokens
	TypeContext  ClaimType = "context"  // a context length: 128K, 1M
	TypeDate     ClaimType = "date"     // a date with its precision: 2024, 2024-12, 2026-07-24
	TypeName     ClaimType = "name"     // a name or id: API model name, HF id, title
	TypeVenue    ClaimType = "venue"    // a publication venue: ICLR 2025, Nature
	TypeLicense  ClaimType = "license"  // a licence: MIT, DeepSeek Model License
	TypePhrase   ClaimType = "phrase"   // words an official source must state
	TypeStatus   ClaimType = "status"   // release status: preview, experimental, distilled, full
	TypeDeadline ClaimType = "deadline" // a scheduled date (retirement) judged against now
)

// Fields: what a claim is about. The vocabulary is shared by the catalog, the
// extractors (observations carry the same field names) and the judge.
const (
	FieldTitle          = "title"           // name: the paper or release title
	FieldArXivID        = "arxiv_id"        // name: the arXiv id the catalog cites
	FieldModelName      = "model_name"      // name: a model or system name
	FieldHFID           = "hf_id"           // name: a Hugging Face model that must exist
	FieldAPIModel       = "api_model"       // name: an API model name listed as supported
	FieldReleaseNote    = "release_note"    // name: the title of an official release note
	FieldBaseModel      = "base_model"      // name: the model it was trained from
	FieldDistilled      = "distilled_model" // name: a distilled checkpoint
	FieldParamsTotal    = "params_total"    // count (parameters)
	FieldParamsActive   = "params_active"   // count (parameters activated per token)
	FieldModelSizes     = "model_sizes"     // count (parameters), one size or a range
	FieldTrainingTokens = "training_tokens" // count (tokens)
	FieldLanguages      = "languages"       // count (languages)
	FieldContextLength  = "context_length"  // context
	FieldYear           = "year"            // date, year precision: the table's Year column
	FieldPublished      = "published"       // date: first public appearance of the paper (arXiv v1)
	FieldReleased       = "released"        // date: release of the model or note
	FieldFounded        = "founded"         // date: organisation founded
	FieldVenue          = "venue"           // venue
	FieldLicense        = "license"         // license
	FieldPhrase         = "phrase"          // phrase
	FieldReleaseStatus  = "release_status"  // status
	FieldRetirement     = "retirement"      // deadline: scheduled discontinuation
)

// Claim is one typed, located statement of the catalog.
type Claim struct {
	// ID is unique within its entry; the full id is "entry/claim".
	ID    string    `json:"id"`
	Type  ClaimType `json:"type"`
	Field string    `json:"field"`
	// Subject narrows the claim to one model or name when the entry covers
	// several ("deepseek-ai/DeepSeek-V4-Flash", "deepseek-chat"); empty means the entry itself.
	Subject string `json:"subject,omitempty"`
	// Value is the value as written in the catalog ("671B", "2024-12", "ICLR 2025").
	Value string `json:"value"`
	// Parsed forms; exactly the one matching Type is set (none for name, venue,
	// license, phrase and status, whose Value is the normalised text).
	Quantity *Quantity `json:"quantity,omitempty"`
	Date     *Date     `json:"date,omitempty"`
	// Until makes any claim time-bound: it is only valid until that date.
	Until *Date `json:"until,omitempty"`
	// Quote is the catalog's own sentence the claim encodes (documentation only).
	Quote string `json:"quote,omitempty"`
	Pos   Pos    `json:"location"`
}

// FullID is "entry/claim".
func (c Claim) FullID(entry string) string { return entry + "/" + c.ID }

// Quantity is a count with a unit. Value is the exact magnitude (671B → 6.71e11);
// Max > 0 makes it a range (1.3B–33B) or a lower-bounded vague amount ("hundreds" → 100..999).
type Quantity struct {
	Value float64 `json:"value"`
	Max   float64 `json:"max,omitempty"`
	Unit  string  `json:"unit"`
	// Approx marks vague amounts ("hundreds", "more than 32T").
	Approx bool `json:"approx,omitempty"`
}

// Precision of a date.
type Precision string

const (
	PrecisionYear  Precision = "year"
	PrecisionMonth Precision = "month"
	PrecisionDay   Precision = "day"
)

// Date is a calendar date with the precision it was stated at.
type Date struct {
	Year      int       `json:"year"`
	Month     int       `json:"month,omitempty"`
	Day       int       `json:"day,omitempty"`
	Precision Precision `json:"precision"`
}

// String writes the date at its precision: "2024", "2024-12", "2026-07-24".
func (d Date) String() string { return d.parsed().String() }

// Start is the first instant the date covers (UTC).
func (d Date) Start() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// End is the first instant after the date's span (UTC).
func (d Date) End() time.Time {
	s := d.Start()
	switch d.Precision {
	case PrecisionYear:
		return s.AddDate(1, 0, 0)
	case PrecisionMonth:
		return s.AddDate(0, 1, 0)
	default:
		return s.AddDate(0, 0, 1)
	}
}

// Covers reports whether the instant t falls inside the date's span: a claim of
// "2024-12" is covered by 2024-12-26.
func (d Date) Covers(t time.Time) bool {
	t = t.UTC()
	return !t.Before(d.Start()) && t.Before(d.End())
}
