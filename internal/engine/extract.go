package engine

import (
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/extract/arxiv"
	"github.com/claimcheck/claimcheck/checks/extract/docs"
	"github.com/claimcheck/claimcheck/checks/extract/github"
	"github.com/claimcheck/claimcheck/checks/extract/hf"
	"github.com/claimcheck/claimcheck/checks/extract/venue"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Extractor reads one kind of record.
type Extractor func(record.Record) extract.Result

// extractors maps each resource kind to the extractor that reads it.
var extractors = map[record.Kind]Extractor{
	record.KindArXivQuery:     arxiv.Extract,
	record.KindArXivAbs:       arxiv.Extract,
	record.KindDocsPage:       docs.Extract,
	record.KindGitHubRepo:     github.Extract,
	record.KindGitHubReadme:   github.Extract,
	record.KindGitHubReleases: github.Extract,
	record.KindHFModel:        hf.Extract,
	record.KindHFReadme:       hf.Extract,
	record.KindHFConfig:       hf.Extract,
	record.KindHFAuthorModels: hf.Extract,
	record.KindCrossrefWork:   venue.Extract,
	record.KindVenuePage:      venue.Extract,
}

// Extract runs the matching extractor over every record that carries a body.
// Records with a fetch error are skipped: the judge reads them directly.
func Extract(recs []record.Record) ([]extract.Observation, []extract.Health) {
	var obs []extract.Observation
	var health []extract.Health
	for _, rec := range recs {
		if !rec.OK() {
			continue
		}
		fn, ok := extractors[rec.Resource.Kind]
		if !ok {
			health = append(health, extract.Health{
				Subject: rec.Resource.ID(), URL: rec.URL,
				Problem: "no extractor for resource kind " + string(rec.Resource.Kind),
			})
			continue
		}
		res := fn(rec)
		obs = append(obs, res.Observations...)
		health = append(health, res.Health...)
	}
	return obs, health
}
