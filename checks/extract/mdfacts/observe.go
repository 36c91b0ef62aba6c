package mdfacts

import (
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Observations turns facts into observations about subject, citing rec.
func Observations(rec record.Record, subject string, facts []Fact) []extract.Observation {
	out := make([]extract.Observation, 0, len(facts))
	for _, f := range facts {
		out = append(out, extract.Observation{
			Subject: subject, Model: f.Model, Field: f.Field, Value: f.Value,
			Quantity: f.Quantity, Date: f.Date, Evidence: rec.Evidence(f.Locator, f.Quote),
		})
	}
	return out
}
