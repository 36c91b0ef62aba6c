package checks

import (
	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// RankRule says how an observation counts for a claim field. For each claim
// field, Ranking lists rules in order; an observation takes the first rule
// whose Field (and Source, when set) it matches.
type RankRule struct {
	// Field is the observation field the rule applies to.
	Field string `json:"field"`
	// Source restricts the rule to one source ("" = any).
	Source record.Source `json:"source,omitempty"`
	// Tier ranks sources: 1 ranks first. The highest-ranked tier that states
	// a value decides between verified and contradicted.
	Tier int `json:"tier"`
	// Corroborating sources can verify a claim but never contradict it on
	// their own: they measure differently (safetensors totals count MTP and
	// packed weights; config.json holds the trained position limit).
	Corroborating bool `json:"corroborating,omitempty"`
	// Fallback sources are read only when no other source states a value.
	Fallback bool `json:"fallback,omitempty"`
	// Label names the source in messages.
	Label string `json:"label"`
}

func countRules(field string) []RankRule {
	rs := []RankRule{
		{Field: field, Source: record.SourceHF, Tier: 1, Label: "the model card"},
		{Field: field, Source: record.SourceGitHub, Tier: 1, Label: "the GitHub README"},
		{Field: field, Source: record.SourceDocs, Tier: 1, Label: "the API docs"},
		{Field: field, Source: record.SourceArXiv, Tier: 2, Label: "the arXiv abstract"},
		{Field: field, Tier: 3, Label: "an official page"},
	}
	switch field {
	case catalog.FieldParamsTotal:
		rs = append(rs, RankRule{Field: extract.FieldSafetensors, Tier: 4, Corroborating: true, Label: "the Hugging Face safetensors total"})
	case catalog.FieldModelSizes:
		rs = append(rs,
			RankRule{Field: catalog.FieldParamsTotal, Source: record.SourceHF, Tier: 2, Label: "the model card"},
			RankRule{Field: catalog.FieldParamsTotal, Source: record.SourceGitHub, Tier: 2, Label: "the GitHub README"},
			RankRule{Field: catalog.FieldParamsTotal, Tier: 3, Label: "an official page"},
			RankRule{Field: extract.FieldSafetensors, Tier: 4, Corroborating: true, Label: "the Hugging Face safetensors total"})
	}
	return rs
}

// Ranking is the documented ranking of sources per claim field
// (docs/judging.md renders it). Fields judged by presence in a list (hf_id,
// arxiv_id, api_model, model_name, distilled_model) have their own rules in
// their checks and no entry here.
var Ranking = map[string][]RankRule{
	catalog.FieldParamsTotal:    countRules(catalog.FieldParamsTotal),
	catalog.FieldParamsActive:   countRules(catalog.FieldParamsActive),
	catalog.FieldModelSizes:     countRules(catalog.FieldModelSizes),
	catalog.FieldTrainingTokens: countRules(catalog.FieldTrainingTokens),
	catalog.FieldLanguages:      countRules(catalog.FieldLanguages),
	catalog.FieldContextLength: {
		{Field: catalog.FieldContextLength, Source: record.SourceHF, Tier: 1, Label: "the model card"},
		{Field: catalog.FieldContextLength, Source: record.SourceGitHub, Tier: 1, Label: "the GitHub README"},
		{Field: catalog.FieldContextLength, Source: record.SourceDocs, Tier: 1, Label: "the API docs"},
		{Field: catalog.FieldContextLength, Tier: 2, Label: "an official page"},
		{Field: extract.FieldMaxPositions, Tier: 3, Corroborating: true, Label: "config.json max_position_embeddings"},
	},
	catalog.FieldPublished: {
		{Field: catalog.FieldPublished, Source: record.SourceArXiv, Tier: 1, Label: "arXiv (first version)"},
		{Field: extract.FieldVersionDate, Source: record.SourceArXiv, Tier: 1, Label: "arXiv (first version)"}, // only Model "v1", see versionOne
		{Field: catalog.FieldPublished, Source: record.SourceCrossref, Tier: 2, Fallback: true, Label: "Crossref"},
		{Field: catalog.FieldPublished, Tier: 2, Fallback: true, Label: "an official page"},
	},
	catalog.FieldReleased: {
		{Field: catalog.FieldReleased, Source: record.SourceDocs, Tier: 1, Label: "the API docs release note"},
		{Field: extract.FieldChangelogEntry, Source: record.SourceDocs, Tier: 2, Label: "the API docs change log"},
		{Field: catalog.FieldReleased, Source: record.SourceGitHub, Tier: 3, Label: "the GitHub README"},
		{Field: catalog.FieldReleased, Source: record.SourceHF, Tier: 3, Label: "the model card"},
		{Field: catalog.FieldReleased, Tier: 3, Label: "an official page"},
		// A paper's first version is another event than the model's release
		// (DeepSeek LLM's weights came out in November 2023, its paper in
		// January 2024): it can confirm a release date but not refute one.
		{Field: catalog.FieldPublished, Source: record.SourceArXiv, Tier: 4, Fallback: true, Corroborating: true, Label: "arXiv (first version)"},
		{Field: extract.FieldCreated, Source: record.SourceHF, Tier: 5, Fallback: true, Corroborating: true, Label: "the Hugging Face repository creation date"},
		{Field: extract.FieldCreated, Source: record.SourceGitHub, Tier: 5, Fallback: true, Corroborating: true, Label: "the GitHub repository creation date"},
	},
	catalog.FieldYear: {
		{Field: catalog.FieldPublished, Source: record.SourceArXiv, Tier: 1, Label: "arXiv (first version)"},
		{Field: extract.FieldVersionDate, Source: record.SourceArXiv, Tier: 1, Label: "an arXiv version"},
		{Field: extract.FieldUpdated, Source: record.SourceArXiv, Tier: 1, Label: "arXiv (latest version)"},
		{Field: catalog.FieldReleased, Source: record.SourceDocs, Tier: 1, Label: "the API docs release note"},
		{Field: catalog.FieldReleased, Tier: 2, Label: "an official page"},
		{Field: catalog.FieldPublished, Tier: 2, Label: "the venue"},
		{Field: extract.FieldChangelogEntry, Source: record.SourceDocs, Tier: 2, Label: "the API docs change log"},
		{Field: extract.FieldCreated, Tier: 3, Fallback: true, Corroborating: true, Label: "the repository creation date"},
	},
	catalog.FieldFounded: {
		{Field: catalog.FieldFounded, Tier: 1, Label: "an official page"},
		{Field: extract.FieldText, Tier: 2, Label: "an official page's text"}, // "founded in YYYY"
	},
	catalog.FieldVenue: {
		{Field: catalog.FieldVenue, Source: record.SourceCrossref, Tier: 1, Label: "Crossref"},
		{Field: catalog.FieldVenue, Source: record.SourceVenue, Tier: 2, Label: "the venue page"},
		{Field: catalog.FieldVenue, Tier: 2, Label: "an official page"},
		{Field: extract.FieldJournalRef, Source: record.SourceArXiv, Tier: 3, Label: "the arXiv journal-ref"},
		{Field: extract.FieldComment, Source: record.SourceArXiv, Tier: 4, Corroborating: true, Label: "the arXiv comment"},
	},
	catalog.FieldLicense: {
		{Field: catalog.FieldLicense, Source: record.SourceHF, Tier: 1, Label: "the model card"},
		{Field: catalog.FieldLicense, Source: record.SourceGitHub, Tier: 2, Label: "the GitHub repository"},
		{Field: catalog.FieldLicense, Tier: 3, Label: "an official page"},
	},
	catalog.FieldReleaseStatus: {
		{Field: catalog.FieldReleaseStatus, Source: record.SourceDocs, Tier: 1, Label: "the API docs"},
		{Field: catalog.FieldReleaseStatus, Source: record.SourceHF, Tier: 1, Label: "the model card"},
		{Field: catalog.FieldReleaseStatus, Tier: 2, Label: "an official page"},
		{Field: catalog.FieldReleaseNote, Source: record.SourceDocs, Tier: 2, Label: "the API docs release note title"},
		{Field: catalog.FieldTitle, Source: record.SourceDocs, Tier: 2, Label: "the API docs page title"},
		{Field: extract.FieldChangelogEntry, Source: record.SourceDocs, Tier: 2, Label: "the API docs change log"},
		{Field: extract.FieldOrgModel, Tier: 3, Corroborating: true, Label: "the organisation's model list"},
		{Field: extract.FieldHFLink, Tier: 3, Corroborating: true, Label: "a linked model id"},
	},
	catalog.FieldTitle: {
		{Field: catalog.FieldTitle, Source: record.SourceArXiv, Tier: 1, Label: "arXiv"},
		{Field: catalog.FieldTitle, Source: record.SourceCrossref, Tier: 2, Corroborating: true, Label: "Crossref"},
		{Field: catalog.FieldTitle, Source: record.SourceVenue, Tier: 2, Corroborating: true, Label: "the venue page"},
		{Field: catalog.FieldTitle, Tier: 3, Label: "an official page"},
	},
	catalog.FieldReleaseNote: {
		{Field: catalog.FieldReleaseNote, Source: record.SourceDocs, Tier: 1, Label: "the API docs release note"},
		{Field: catalog.FieldTitle, Source: record.SourceDocs, Tier: 1, Label: "the API docs page title"},
		{Field: extract.FieldChangelogEntry, Source: record.SourceDocs, Tier: 2, Corroborating: true, Label: "the API docs change log"},
	},
	catalog.FieldBaseModel: {
		{Field: catalog.FieldBaseModel, Source: record.SourceHF, Tier: 1, Label: "the model card"},
		{Field: catalog.FieldBaseModel, Tier: 2, Label: "an official page"},
	},
	catalog.FieldRetirement: {
		{Field: extract.FieldAPIModelLegacy, Source: record.SourceDocs, Tier: 1, Label: "the API docs (a deprecated or legacy listing)"},
		{Field: extract.FieldAPIModelRetired, Source: record.SourceDocs, Tier: 1, Label: "the API docs"},
		{Field: catalog.FieldRetirement, Tier: 1, Label: "the API docs"},
	},
}

// rankOf returns the rule an observation takes for a claim field.
func rankOf(claimField string, o extract.Observation) (RankRule, bool) {
	for _, r := range Ranking[claimField] {
		if r.Field == o.Field && (r.Source == "" || r.Source == o.Evidence.Source) {
			if r.Field == extract.FieldVersionDate && claimField == catalog.FieldPublished && !versionOne(o.Model) {
				continue
			}
			return r, true
		}
	}
	return RankRule{}, false
}

func versionOne(m string) bool { return m == "v1" || m == "V1" || m == "1" }
