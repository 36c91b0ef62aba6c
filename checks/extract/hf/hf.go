// Package hf extracts observations from Hugging Face Hub records: the model
// API JSON (GET /api/models/{id}), the model card (raw README.md: YAML front
// matter + markdown), config.json, and an organisation's model list
// (GET /api/models?author={org}).
//
// Extract is pure: no network, no clock, no globals; input is bounded.
package hf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/extract/mdfacts"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Hugging Face specific observation fields beyond extract.Field*.
const (
	FieldPipelineTag  = "pipeline_tag"                     // hf-model/hf-readme: task tag ("text-generation")
	FieldLibrary      = "library_name"                     // hf-model/hf-readme: "transformers"
	FieldModelType    = "model_type"                       // hf-config: the architecture name ("llama", "olmo2", …)
	FieldLayers       = "num_hidden_layers"                // hf-config
	FieldOrigMaxPos   = "original_max_position_embeddings" // hf-config rope_scaling
	FieldArchitecture = "architecture"                     // hf-config architectures[0]
)

// Limits on hostile input.
const (
	MaxJSON        = 16 << 20
	maxFrontMatter = 64 << 10
	maxListItems   = 10000
)

// Extract reads one Hugging Face record.
func Extract(rec record.Record) extract.Result {
	switch rec.Resource.Kind {
	case record.KindHFModel:
		return model(rec, extract.PrefixHF+modelKey(rec))
	case record.KindHFReadme:
		return card(rec, extract.PrefixHF+modelKey(rec))
	case record.KindHFConfig:
		return config(rec, extract.PrefixHF+modelKey(rec))
	case record.KindHFAuthorModels:
		return author(rec)
	}
	subject := extract.PrefixHF + rec.Resource.Key
	return extract.UnknownKind(rec, "hf", subject)
}

// modelKey is the model id as requested: the resource key, else parsed from the URL.
func modelKey(rec record.Record) string {
	return extract.ResourceKey(rec, func(p []string) string {
		switch {
		case len(p) >= 4 && p[0] == "api" && p[1] == "models":
			return p[2] + "/" + p[3]
		case len(p) >= 2:
			return p[0] + "/" + p[1]
		}
		return ""
	})
}

func decode(rec record.Record, subject string, v any) *extract.Health {
	if len(rec.Body) > MaxJSON {
		h := extract.NewHealth(rec, subject, "", fmt.Sprintf("JSON body of %d bytes exceeds the %d-byte limit", len(rec.Body), MaxJSON))
		return &h
	}
	d := json.NewDecoder(bytes.NewReader(rec.Body))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		h := extract.NewHealth(rec, subject, "", fmt.Sprintf("body is not the expected JSON: %v", err))
		return &h
	}
	return nil
}

// builder collects one record's observations (see extract.Builder); the
// steps of reading the model JSON are its methods.
type builder struct {
	extract.Builder
}

// newBuilder starts the result of rec about subject.
func newBuilder(rec record.Record, subject string) *builder {
	return &builder{extract.Builder{Rec: rec, Subject: subject}}
}

type modelJSON struct {
	ID           string          `json:"id"`
	Author       string          `json:"author"`
	PipelineTag  string          `json:"pipeline_tag"`
	LibraryName  string          `json:"library_name"`
	Tags         []string        `json:"tags"`
	Gated        json.RawMessage `json:"gated"`
	CreatedAt    string          `json:"createdAt"`
	LastModified string          `json:"lastModified"`
	CardData     map[string]any  `json:"cardData"`
	Safetensors  *struct {
		Total json.Number `json:"total"`
	} `json:"safetensors"`
	Error string `json:"error"`
}

var statusTag = regexp.MustCompile(`(?i)^(preview|experimental|exp|distill(?:ed)?|speciale)$`)

func canonStatus(w string) string {
	switch w = strings.ToLower(w); {
	case w == "exp" || w == "experimental":
		return "experimental"
	case strings.HasPrefix(w, "distill"):
		return "distilled"
	}
	return w
}

// model reads the model API JSON: the model's identity, dates, licence and
// base models (from its tags and card data), settings and size.
func model(rec record.Record, subject string) extract.Result {
	b := newBuilder(rec, subject)
	var j modelJSON
	if h := decode(rec, subject, &j); h != nil {
		b.Result.Health = append(b.Result.Health, *h)
		return b.Result
	}
	if j.ID == "" {
		p := "model JSON has no id"
		if j.Error != "" {
			p += fmt.Sprintf(" (error %q)", j.Error)
		}
		b.Health(extract.FieldExists, p)
		return b.Result
	}
	b.modelIdentity(&j)
	b.modelDates(&j)
	seenBase := map[string]bool{}
	license := b.tagFacts(&j, seenBase)
	if b.cardDataFacts(&j, seenBase) {
		license = true
	}
	if !license {
		b.Health(catalog.FieldLicense, "model JSON has no license tag and no cardData.license")
	}
	b.modelSettings(&j)
	b.modelSize(&j)
	return b.Result
}

// modelIdentity records that the model exists, the id it now has when that
// is not the one requested (a rename), and its owner.
func (b *builder) modelIdentity(j *modelJSON) {
	b.AddStructured("", extract.FieldExists, "true", "$.id", mdfacts.JSONQuote("id", j.ID), nil, nil)
	if req := modelKey(b.Rec); req != "" && !strings.EqualFold(req, j.ID) {
		b.AddStructured("", extract.FieldRenamedTo, j.ID, "$.id", mdfacts.JSONQuote("id", j.ID), nil, nil)
	}
	if j.Author != "" {
		b.AddStructured("", extract.FieldOwner, j.Author, "$.author", mdfacts.JSONQuote("author", j.Author), nil, nil)
	}
}

// modelDates records createdAt and lastModified, or says they are missing.
func (b *builder) modelDates(j *modelJSON) {
	if d := mdfacts.DateOf(j.CreatedAt); d != nil {
		b.AddStructured("", extract.FieldCreated, j.CreatedAt, "$.createdAt", mdfacts.JSONQuote("createdAt", j.CreatedAt), nil, d)
	} else {
		b.Health(extract.FieldCreated, "model JSON has no usable createdAt")
	}
	if d := mdfacts.DateOf(j.LastModified); d != nil {
		b.AddStructured("", extract.FieldUpdated, j.LastModified, "$.lastModified", mdfacts.JSONQuote("lastModified", j.LastModified), nil, d)
	} else {
		b.Health(extract.FieldUpdated, "model JSON has no usable lastModified")
	}
}

// tagFacts records the licence, base models (each once, seenBase) and
// release status the model's tags state; it reports whether a licence tag
// was found.
func (b *builder) tagFacts(j *modelJSON, seenBase map[string]bool) (license bool) {
	for i, t := range j.Tags {
		loc := fmt.Sprintf("$.tags[%d]", i)
		switch {
		case strings.HasPrefix(t, "license:"):
			license = true
			b.AddStructured("", catalog.FieldLicense, strings.TrimPrefix(t, "license:"), loc, strconv.Quote(t), nil, nil)
		case strings.HasPrefix(t, "base_model:"):
			// "base_model:<id>" or "base_model:<relation>:<id>"
			parts := strings.Split(strings.TrimPrefix(t, "base_model:"), ":")
			id := parts[len(parts)-1]
			if strings.Contains(id, "/") && !seenBase[strings.ToLower(id)] {
				seenBase[strings.ToLower(id)] = true
				b.AddStructured("", catalog.FieldBaseModel, id, loc, strconv.Quote(t), nil, nil)
			}
		case statusTag.MatchString(t):
			b.AddStructured("", catalog.FieldReleaseStatus, canonStatus(t), loc, strconv.Quote(t), nil, nil)
		}
	}
	return license
}

// cardDataFacts records the licence and the base models not seen in the
// tags that the card data states; it reports whether cardData.license was
// found.
func (b *builder) cardDataFacts(j *modelJSON, seenBase map[string]bool) (license bool) {
	if v, ok := j.CardData["license"].(string); ok && v != "" {
		license = true
		b.AddStructured("", catalog.FieldLicense, v, "$.cardData.license", mdfacts.JSONQuote("license", v), nil, nil)
	}
	if v, ok := j.CardData["license_name"].(string); ok && v != "" {
		b.AddStructured("", catalog.FieldLicense, v, "$.cardData.license_name", mdfacts.JSONQuote("license_name", v), nil, nil)
	}
	for _, id := range stringList(j.CardData["base_model"]) {
		if !seenBase[strings.ToLower(id)] {
			seenBase[strings.ToLower(id)] = true
			b.AddStructured("", catalog.FieldBaseModel, id, "$.cardData.base_model", mdfacts.JSONQuote("base_model", id), nil, nil)
		}
	}
	return license
}

// modelSettings records the gating, pipeline tag and library the JSON states.
func (b *builder) modelSettings(j *modelJSON) {
	if len(j.Gated) > 0 && string(j.Gated) != "null" {
		var g any
		if json.Unmarshal(j.Gated, &g) == nil {
			v := fmt.Sprint(g)
			b.AddStructured("", extract.FieldGated, v, "$.gated", mdfacts.JSONQuote("gated", g), nil, nil)
		}
	}
	if j.PipelineTag != "" {
		b.AddStructured("", FieldPipelineTag, j.PipelineTag, "$.pipeline_tag", mdfacts.JSONQuote("pipeline_tag", j.PipelineTag), nil, nil)
	}
	if j.LibraryName != "" {
		b.AddStructured("", FieldLibrary, j.LibraryName, "$.library_name", mdfacts.JSONQuote("library_name", j.LibraryName), nil, nil)
	}
}

// modelSize records safetensors.total, or says it is missing.
func (b *builder) modelSize(j *modelJSON) {
	if j.Safetensors != nil && j.Safetensors.Total != "" {
		if q, ok := rawCount(j.Safetensors.Total, mdfacts.UnitParams); ok {
			b.AddStructured("", extract.FieldSafetensors, string(j.Safetensors.Total), "$.safetensors.total", mdfacts.JSONQuote("total", j.Safetensors.Total), &q, nil)
		}
	} else {
		b.Health(extract.FieldSafetensors, "model JSON has no safetensors.total")
	}
}

// rawCount parses a JSON integer as a quantity taken as written.
func rawCount(n json.Number, unit string) (catalog.Quantity, bool) {
	f, err := n.Float64()
	if err != nil || f <= 0 {
		return catalog.Quantity{}, false
	}
	return catalog.Quantity{Value: f, Unit: unit}, true
}

// stringList reads a YAML/JSON value that is a string or a list of strings.
func stringList(v any) []string {
	switch t := v.(type) {
	case string:
		if s := strings.TrimSpace(t); s != "" {
			return []string{s}
		}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok && strings.TrimSpace(s) != "" {
				out = append(out, strings.TrimSpace(s))
			}
		}
		return out
	}
	return nil
}

// splitFrontMatter returns the YAML front matter, its line count (including
// the delimiters) and the whole card with the front matter lines blanked, so
// that markdown line numbers stay those of the file.
func splitFrontMatter(body string) (fm string, lines int, rest string) {
	b := strings.TrimPrefix(body, "\uFEFF")
	if !strings.HasPrefix(b, "---\n") && !strings.HasPrefix(b, "---\r\n") {
		return "", 0, body
	}
	ls := strings.Split(b, "\n")
	for i := 1; i < len(ls) && i < 2000; i++ {
		if t := strings.TrimRight(ls[i], "\r "); t == "---" || t == "..." {
			fm = strings.Join(ls[1:i], "\n")
			for k := 0; k <= i; k++ {
				ls[k] = ""
			}
			return fm, i + 1, strings.Join(ls, "\n")
		}
	}
	return "", 0, body
}

// fmLine finds the 1-based line of a top-level front matter key.
func fmLine(fm, key string) int {
	for i, l := range strings.Split(fm, "\n") {
		if strings.HasPrefix(l, key+":") {
			return i + 2
		}
	}
	return 0
}

// card reads a model card: the facts of its YAML front matter, then those
// its markdown states (mdfacts).
func card(rec record.Record, subject string) extract.Result {
	b := newBuilder(rec, subject)
	name := modelKey(rec)
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	fm, _, rest := splitFrontMatter(string(rec.Body))
	license := false
	if fm != "" {
		license = b.frontMatterFacts(fm)
	} else {
		b.Health("", "model card has no YAML front matter")
	}
	scan := mdfacts.Scan(rest, mdfacts.Options{Name: name, Self: modelKey(rec)})
	b.Result.Observations = append(b.Result.Observations, mdfacts.Observations(rec, subject, scan.Facts)...)
	if scan.Truncated {
		b.Health("", fmt.Sprintf("model card longer than %d bytes; the rest was not read", mdfacts.MaxInput))
	}
	for _, f := range scan.Missing {
		if f == catalog.FieldLicense && license {
			continue
		}
		b.Health(f, fmt.Sprintf("model card states no %s", f))
	}
	return b.Result
}

// frontMatterFacts records the licence, base models, library, pipeline tag
// and release status a card's front matter states; it reports whether the
// front matter names a licence.
func (b *builder) frontMatterFacts(fm string) (license bool) {
	var meta map[string]any
	if len(fm) > maxFrontMatter {
		b.Health("", fmt.Sprintf("front matter longer than %d bytes was not read", maxFrontMatter))
	} else if err := yaml.Unmarshal([]byte(fm), &meta); err != nil {
		b.Health("", fmt.Sprintf("front matter is not valid YAML: %v", err))
	}
	at := func(key string) string { return fmt.Sprintf("front_matter.%s (line %d)", key, fmLine(fm, key)) }
	license = b.frontMatterLicense(meta, at)
	for _, id := range stringList(meta["base_model"]) {
		b.AddStructured("", catalog.FieldBaseModel, id, at("base_model"), "base_model: "+id, nil, nil)
	}
	if v, ok := meta["library_name"].(string); ok && v != "" {
		b.AddStructured("", FieldLibrary, v, at("library_name"), "library_name: "+v, nil, nil)
	}
	if v, ok := meta["pipeline_tag"].(string); ok && v != "" {
		b.AddStructured("", FieldPipelineTag, v, at("pipeline_tag"), "pipeline_tag: "+v, nil, nil)
	}
	for _, t := range stringList(meta["tags"]) {
		if statusTag.MatchString(t) {
			b.AddStructured("", catalog.FieldReleaseStatus, canonStatus(t), at("tags"), "- "+t, nil, nil)
		}
	}
	return license
}

// frontMatterLicense records the licence of the front matter (at locates a
// key); it reports whether there is one.
func (b *builder) frontMatterLicense(meta map[string]any, at func(key string) string) (license bool) {
	lic, _ := meta["license"].(string)
	name, _ := meta["license_name"].(string)
	if strings.EqualFold(strings.TrimSpace(lic), "other") && strings.TrimSpace(name) != "" {
		// "license: other" says only that the licence is not in the
		// Hub's list; license_name names it: one statement.
		b.AddStructured("", catalog.FieldLicense, name, at("license_name"), "license: "+lic+", license_name: "+name, nil, nil)
		return true
	}
	for _, kv := range [][2]string{{"license", lic}, {"license_name", name}} {
		if strings.TrimSpace(kv[1]) != "" {
			license = true
			b.AddStructured("", catalog.FieldLicense, kv[1], at(kv[0]), kv[0]+": "+kv[1], nil, nil)
		}
	}
	return license
}

// configKeys are the places a config.json keeps the text model's settings:
// top level, or a nested language/text config in multimodal models.
var configKeys = []string{"", "language_config", "text_config", "llm_config"}

func config(rec record.Record, subject string) extract.Result {
	b := newBuilder(rec, subject)
	var top map[string]any
	if h := decode(rec, subject, &top); h != nil {
		b.Result.Health = append(b.Result.Health, *h)
		return b.Result
	}
	found := false
	for _, k := range configKeys {
		m := top
		prefix := "$"
		if k != "" {
			sub, ok := top[k].(map[string]any)
			if !ok {
				continue
			}
			m, prefix = sub, "$."+k
		}
		if n, ok := m["max_position_embeddings"].(json.Number); ok && !found {
			if q, ok := rawCount(n, mdfacts.UnitTokens); ok {
				found = true
				b.AddStructured("", extract.FieldMaxPositions, string(n), prefix+".max_position_embeddings", mdfacts.JSONQuote("max_position_embeddings", n), &q, nil)
			}
		}
		if rs, ok := m["rope_scaling"].(map[string]any); ok {
			if n, ok := rs["original_max_position_embeddings"].(json.Number); ok {
				if q, ok := rawCount(n, mdfacts.UnitTokens); ok {
					b.AddStructured("", FieldOrigMaxPos, string(n), prefix+".rope_scaling.original_max_position_embeddings", mdfacts.JSONQuote("original_max_position_embeddings", n), &q, nil)
				}
			}
		}
		if v, ok := m["model_type"].(string); ok && v != "" {
			b.AddStructured("", FieldModelType, v, prefix+".model_type", mdfacts.JSONQuote("model_type", v), nil, nil)
		}
		if n, ok := m["num_hidden_layers"].(json.Number); ok {
			b.AddStructured("", FieldLayers, string(n), prefix+".num_hidden_layers", mdfacts.JSONQuote("num_hidden_layers", n), nil, nil)
		}
		if a := stringList(m["architectures"]); len(a) > 0 {
			b.AddStructured("", FieldArchitecture, a[0], prefix+".architectures[0]", mdfacts.JSONQuote("architectures", a), nil, nil)
		}
	}
	if !found {
		b.Health(extract.FieldMaxPositions, "config.json has no max_position_embeddings")
	}
	return b.Result
}

// orgOf returns the organisation of an author-list record: the resource key
// ("deepseek-ai" or "hf-org:deepseek-ai"), else the URL's author parameter.
func orgOf(rec record.Record) string {
	k := strings.TrimPrefix(strings.TrimSpace(rec.Resource.Key), extract.PrefixHFOrg)
	if k != "" && !strings.ContainsAny(k, "?=&") {
		return k
	}
	for _, s := range []string{rec.Resource.Key, rec.URL} {
		if i := strings.Index(s, "?"); i >= 0 {
			s = s[i+1:]
		}
		if q, err := url.ParseQuery(s); err == nil && q.Get("author") != "" {
			return q.Get("author")
		}
	}
	return k
}

type listItem struct {
	ID           string `json:"id"`
	ModelID      string `json:"modelId"`
	CreatedAt    string `json:"createdAt"`
	LastModified string `json:"lastModified"`
	Safetensors  *struct {
		Total json.Number `json:"total"`
	} `json:"safetensors"`
}

// author reads an organisation's model list: one org_model observation per
// model id (Model = Value = the id, Date = createdAt when listed), plus
// updated (lastModified) and safetensors_total when the list carries them.
func author(rec record.Record) extract.Result {
	b := newBuilder(rec, extract.PrefixHFOrg+orgOf(rec))
	var items []listItem
	if h := decode(rec, b.Subject, &items); h != nil {
		b.Result.Health = append(b.Result.Health, *h)
		return b.Result
	}
	if len(items) == 0 {
		b.Health(extract.FieldOrgModel, "organisation list is empty")
	}
	if len(items) > maxListItems {
		b.Health(extract.FieldOrgModel, fmt.Sprintf("organisation list has %d items; only the first %d were read", len(items), maxListItems))
		items = items[:maxListItems]
	}
	noDate := 0
	for i, it := range items {
		id := it.ID
		if id == "" {
			id = it.ModelID
		}
		if id == "" {
			b.Health(extract.FieldOrgModel, fmt.Sprintf("list item %d has no id", i))
			continue
		}
		d := mdfacts.DateOf(it.CreatedAt)
		quote := mdfacts.JSONQuote("id", id)
		if d != nil {
			quote += ", " + mdfacts.JSONQuote("createdAt", it.CreatedAt)
		} else {
			noDate++
		}
		b.AddStructured(id, extract.FieldOrgModel, id, fmt.Sprintf("$[%d].id", i), quote, nil, d)
		if d := mdfacts.DateOf(it.LastModified); d != nil {
			b.AddStructured(id, extract.FieldUpdated, it.LastModified, fmt.Sprintf("$[%d].lastModified", i), mdfacts.JSONQuote("lastModified", it.LastModified), nil, d)
		}
		if it.Safetensors != nil && it.Safetensors.Total != "" {
			if q, ok := rawCount(it.Safetensors.Total, mdfacts.UnitParams); ok {
				b.AddStructured(id, extract.FieldSafetensors, string(it.Safetensors.Total), fmt.Sprintf("$[%d].safetensors.total", i), mdfacts.JSONQuote("total", it.Safetensors.Total), &q, nil)
			}
		}
	}
	if noDate > 0 {
		b.Health(extract.FieldCreated, fmt.Sprintf("%d of %d listed models have no createdAt", noDate, len(items)))
	}
	return b.Result
}
