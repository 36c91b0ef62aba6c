package catalog

import "slices"

// FieldSpec says which claim types a field of the vocabulary takes and, for
// counts, which unit.
type FieldSpec struct {
	Field string      `json:"field"`
	Types []ClaimType `json:"types"`
	// Unit is the unit a count of this field must carry ("" for other types).
	Unit string `json:"unit,omitempty"`
	// Precision, when set, is the only precision a date of this field may have.
	Precision Precision `json:"precision,omitempty"`
	Doc       string    `json:"doc"`
}

// Allows reports whether the field takes claims of type t.
func (s FieldSpec) Allows(t ClaimType) bool { return slices.Contains(s.Types, t) }

// ClaimTypes lists every claim type, in documentation order.
var ClaimTypes = []ClaimType{TypeCount, TypeContext, TypeDate, TypeName, TypeVenue, TypeLicense, TypePhrase, TypeStatus, TypeDeadline}

// EntryKinds lists every entry kind, in documentation order.
var EntryKinds = []EntryKind{KindPaper, KindModel, KindReleaseNote, KindAPI, KindOrganisation}

// vocabulary is the field table: field → allowed claim types (and unit).
var vocabulary = []FieldSpec{
	{Field: FieldTitle, Types: []ClaimType{TypeName}, Doc: "the paper or release title"},
	{Field: FieldArXivID, Types: []ClaimType{TypeName}, Doc: "the arXiv id the catalog cites"},
	{Field: FieldModelName, Types: []ClaimType{TypeName}, Doc: "a model or system name"},
	{Field: FieldHFID, Types: []ClaimType{TypeName}, Doc: "a Hugging Face model that must exist"},
	{Field: FieldAPIModel, Types: []ClaimType{TypeName}, Doc: "an API model name listed as supported"},
	{Field: FieldReleaseNote, Types: []ClaimType{TypeName}, Doc: "the title of an official release note"},
	{Field: FieldBaseModel, Types: []ClaimType{TypeName}, Doc: "the model it was trained from"},
	{Field: FieldDistilled, Types: []ClaimType{TypeName}, Doc: "a distilled checkpoint"},
	{Field: FieldParamsTotal, Types: []ClaimType{TypeCount}, Unit: UnitParameters, Doc: "total parameters"},
	{Field: FieldParamsActive, Types: []ClaimType{TypeCount}, Unit: UnitParameters, Doc: "parameters activated per token"},
	{Field: FieldModelSizes, Types: []ClaimType{TypeCount}, Unit: UnitParameters, Doc: "model sizes, one size or a range"},
	{Field: FieldTrainingTokens, Types: []ClaimType{TypeCount}, Unit: UnitTokens, Doc: "training tokens"},
	{Field: FieldLanguages, Types: []ClaimType{TypeCount}, Unit: UnitLanguages, Doc: "number of (programming) languages"},
	{Field: FieldContextLength, Types: []ClaimType{TypeContext}, Doc: "context length in tokens"},
	{Field: FieldYear, Types: []ClaimType{TypeDate}, Precision: PrecisionYear, Doc: "the table's Year column"},
	{Field: FieldPublished, Types: []ClaimType{TypeDate}, Doc: "first public appearance of the paper (arXiv v1)"},
	{Field: FieldReleased, Types: []ClaimType{TypeDate}, Doc: "release of the model or note"},
	{Field: FieldFounded, Types: []ClaimType{TypeDate}, Doc: "organisation founded"},
	{Field: FieldVenue, Types: []ClaimType{TypeVenue}, Doc: "publication venue"},
	{Field: FieldLicense, Types: []ClaimType{TypeLicense}, Doc: "licence"},
	{Field: FieldPhrase, Types: []ClaimType{TypePhrase}, Doc: "words an official source must state"},
	{Field: FieldReleaseStatus, Types: []ClaimType{TypeStatus}, Doc: "release status"},
	{Field: FieldRetirement, Types: []ClaimType{TypeDeadline}, Doc: "scheduled discontinuation"},
}

// Vocabulary returns the field table in documentation order (a copy).
func Vocabulary() []FieldSpec {
	out := make([]FieldSpec, len(vocabulary))
	for i, s := range vocabulary {
		s.Types = slices.Clone(s.Types)
		out[i] = s
	}
	return out
}

// LookupField returns the spec of a field of the vocabulary.
func LookupField(field string) (FieldSpec, bool) {
	for _, s := range vocabulary {
		if s.Field == field {
			s.Types = slices.Clone(s.Types)
			return s, true
		}
	}
	return FieldSpec{}, false
}
