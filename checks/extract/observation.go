// Package extract defines the observations that extractors produce from fetch
// records. Each source kind has its own subpackage (arxiv, github, hf, docs,
// venue) with a func Extract(record.Record) Result; extractors are pure: no
// network, no clock, no globals.
package extract

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Subject prefixes: an observation is about one identified thing.
//
//	arxiv:2412.19437          an arXiv paper (unversioned id)
//	github:deepseek-ai/DeepSeek-V3
//	hf:deepseek-ai/DeepSeek-V3
//	hf-org:deepseek-ai        an organisation's model list
//	docs:news/news1226        a docs page by slug
//	doi:10.1038/s41586-025-09422-z
//	url:https://…             a venue page
const (
	PrefixArXiv  = "arxiv:"
	PrefixGitHub = "github:"
	PrefixHF     = "hf:"
	PrefixHFOrg  = "hf-org:"
	PrefixDocs   = "docs:"
	PrefixDOI    = "doi:"
	PrefixURL    = "url:"
)

// Observation is one value an official source states.
type Observation struct {
	// Subject is the thing the page is about (see the prefixes above).
	Subject string `json:"subject"`
	// Model narrows the value to one model when the page covers several (a README
	// table row "DeepSeek-V2-Lite", a pricing column "deepseek-v4-pro"). Empty
	// means the subject itself. Identity guards compare it exactly after
	// normalisation: V2 is never V2-Lite, Base is never Chat.
	Model string `json:"model,omitempty"`
	// Binding says whose value it is (see Binding): the extractor's own
	// knowledge of the statement's subject, which the judge uses to decide
	// whether the value may contradict a claim, only verify it, or neither.
	Binding Binding `json:"binding,omitempty"`
	// Field uses the catalog's field vocabulary (catalog.Field*), plus the
	// source-specific fields below.
	Field string `json:"field"`
	// Value is the value as the source states it, whitespace-normalised.
	Value string `json:"value"`
	// Parsed forms, when the field has one.
	Quantity *catalog.Quantity `json:"quantity,omitempty"`
	Date     *catalog.Date     `json:"date,omitempty"`
	// Evidence: where it came from, the locator and the quoted text.
	Evidence record.Evidence `json:"evidence"`
}

// Binding is whose value an observation states, as far as its extractor can
// tell (docs/judging.md §1, "Whose value"):
//
//	BoundPage     the page's own subject: a model card's or repository's model,
//	              a paper, a docs page (Model is "")
//	BoundNamed    the model named in Model: a table row, a pricing column, a
//	              sentence that names that model (and no other) before the value
//	BoundSeries   a whole series or family ("models ranging from 0.5B to 72B"):
//	              never one model's own value
//	BoundVariant  a quantised variant of Model or of the page's model (an AWQ,
//	              GPTQ, GGUF, FP8, INT4 … row): never the main model's value
//	BoundUnknown  the extractor cannot tell (a sentence naming no model, or
//	              several before the value)
//
// The judge lets only a page- or name-bound value about the claim's own
// subject contradict; a series value can verify a range claim and nothing
// else; an unknown one can verify when it agrees and otherwise counts for
// nothing; a variant's value never speaks for the main model. The zero value
// is BoundUnknown, so an extractor that says nothing is never trusted to
// contradict.
type Binding string

const (
	BoundUnknown Binding = ""
	BoundPage    Binding = "page"
	BoundNamed   Binding = "named"
	BoundSeries  Binding = "series"
	BoundVariant Binding = "variant"
)

// Bindings lists every binding, for validation and documentation.
var Bindings = []Binding{BoundUnknown, BoundPage, BoundNamed, BoundSeries, BoundVariant}

// Bound returns the binding of a structured statement: named when model is
// set, else the page's own subject.
func Bound(model string) Binding {
	if model != "" {
		return BoundNamed
	}
	return BoundPage
}

// Source-specific observation fields, beyond the catalog vocabulary.
const (
	FieldExists         = "exists"         // "true"/"false": the resource exists (404 → false)
	FieldLatestVersion  = "latest_version" // arXiv: "v5"
	FieldVersionDate    = "version_date"   // arXiv abs history: Model = "v2", Date = its date
	FieldUpdated        = "updated"        // arXiv: date of the latest version; HF lastModified; GitHub pushed_at
	FieldCreated        = "created"        // HF createdAt, GitHub created_at
	FieldComment        = "comment"        // arXiv comment
	FieldJournalRef     = "journal_ref"    // arXiv journal-ref
	FieldDOI            = "doi"            // DOI stated by the source
	FieldRenamedTo      = "renamed_to"     // GitHub: the repository now lives at owner/repo
	FieldArchived       = "archived"       // GitHub: "true"/"false"
	FieldOwner          = "owner"          // GitHub/HF owner (organisation)
	FieldGated          = "gated"          // HF: "false", "auto", "manual"
	FieldSafetensors    = "safetensors_total"
	FieldMaxPositions   = "max_position_embeddings" // HF config.json
	FieldArXivLink      = "arxiv_link"              // an arXiv id linked from a README/card
	FieldHFLink         = "hf_link"                 // a HF model id linked from a README
	FieldOrgModel       = "org_model"               // a model id in an organisation's list
	FieldChatTemplate   = "chat_template"           // HF: the card/tokenizer states a chat template ("true")
	FieldDeployment     = "deployment"              // HF/GitHub: deployment instructions present ("true")
	FieldText           = "text"                    // the whole normalised text of a page (for phrase claims)
	FieldFullText       = "full_text"               // one paragraph of a paper's full text (arXiv HTML); read only for phrase claims
	FieldAPIModelLegacy = "api_model_legacy"        // docs pricing: a name listed as legacy/deprecated; Date = retirement
	// FieldAPIModelScheduled: a served name in a lifecycle table of current
	// models (retirement ahead): supported, but the table is no full list of
	// what is served, so it never makes another name "not listed".
	FieldAPIModelScheduled = "api_model_scheduled"
	FieldAPIModelRetired   = "api_model_retired" // docs: a name whose model was retired
	FieldChangelogEntry    = "changelog_entry"   // docs /updates: Value = heading text, Date = its date
	FieldMaxOutput         = "max_output"        // docs pricing
)

// Health is an extractor's report on itself: it found nothing where a field
// should be. It is never a verdict about a claim.
type Health struct {
	Subject string `json:"subject"`
	Field   string `json:"field"`
	URL     string `json:"url"`
	Problem string `json:"problem"`
}

// Result is what one extractor returns for one record.
type Result struct {
	Observations []Observation `json:"observations"`
	Health       []Health      `json:"health,omitempty"`
}

// Merge appends o's observations and health items to r's, in order.
func (r *Result) Merge(o Result) {
	r.Observations = append(r.Observations, o.Observations...)
	r.Health = append(r.Health, o.Health...)
}

// Builder collects what an extractor reads from one record about one
// subject: its observations, quoted from the record, and its health items.
type Builder struct {
	Rec     record.Record
	Subject string
	Result  Result
}

// Add records a value the page states about its own subject (BoundPage),
// its quote truncated to the evidence limit.
func (b *Builder) Add(field, value, locator, quote string, date *catalog.Date) {
	b.AddFor("", field, value, locator, quote, date)
}

// AddFor records a value for model (the page's own subject when model is
// "", see Bound), its quote truncated to the evidence limit.
func (b *Builder) AddFor(model, field, value, locator, quote string, date *catalog.Date) {
	b.Result.Observations = append(b.Result.Observations, Observation{
		Subject: b.Subject, Model: model, Binding: Bound(model), Field: field, Value: value, Date: date,
		Evidence: b.Rec.Evidence(locator, TruncateQuote(quote)),
	})
}

// AddStructured records a value read from structured data (an API's JSON, a
// card's front matter) for model (the record's own subject when ""): the
// value whitespace-folded, the quote (a short excerpt the extractor wrote)
// kept whole, with the value's quantity and date when it has them.
func (b *Builder) AddStructured(model, field, value, locator, quote string, q *catalog.Quantity, d *catalog.Date) {
	b.Result.Observations = append(b.Result.Observations, Observation{
		Subject: b.Subject, Model: model, Binding: Bound(model), Field: field, Value: NormalizeSpace(value), Quantity: q, Date: d,
		Evidence: b.Rec.Evidence(locator, quote),
	})
}

// Health records that field (or the whole record, field "") yielded nothing.
func (b *Builder) Health(field, problem string) {
	b.Result.Health = append(b.Result.Health, NewHealth(b.Rec, b.Subject, field, problem))
}

// UnknownKind is the result of an extractor (named by its source, "hf")
// given a record of a kind it cannot read: one health item about subject.
func UnknownKind(rec record.Record, extractor, subject string) Result {
	return Result{Health: []Health{NewHealth(rec, subject, "", fmt.Sprintf("%s extractor cannot read kind %q", extractor, rec.Resource.Kind))}}
}

// ResourceKey is the key a record was requested under: its resource key,
// trimmed, else what fromPath makes of the segments of its URL's path ("" for
// a URL that does not parse).
func ResourceKey(rec record.Record, fromPath func(segments []string) string) string {
	if k := strings.TrimSpace(rec.Resource.Key); k != "" {
		return k
	}
	u, err := url.Parse(rec.URL)
	if err != nil {
		return ""
	}
	return fromPath(strings.Split(strings.Trim(u.Path, "/"), "/"))
}
