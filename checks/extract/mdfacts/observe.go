package mdfacts

import (
	"strings"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Bindings a scan sets on a fact itself (the same strings as the
// extract.Bound* constants; see Fact.Binding).
const (
	BindSeries  = "series"
	BindVariant = "variant"
	BindPage    = "page"
	BindNamed   = "named"
)

// pageFields are the facts about the page as a whole: its text, the links
// and instructions it carries, its title and release status.
var pageFields = map[string]bool{
	FieldText: true, FieldArXivLink: true, FieldHFLink: true, FieldChatTemplate: true, FieldDeployment: true,
	"title": true, "release_status": true,
}

// Observations turns facts into observations about subject, citing rec.
// Each says whose value it is (extract.Binding): the binding the scan set
// (a table row's model, a quantised row, a series range), else a fact about
// the page as a whole is the page's; a fact tied to a model is that model's;
// a sentence's value with no model of its own is the one model the sentence
// names before the value, if it names exactly one, else unknown.
func Observations(rec record.Record, subject string, facts []Fact) []extract.Observation {
	out := make([]extract.Observation, 0, len(facts))
	for _, f := range facts {
		model, b := Attribute(f)
		out = append(out, extract.Observation{
			Subject: subject, Model: model, Binding: b, Field: f.Field, Value: f.Value,
			Quantity: f.Quantity, Date: f.Date, Evidence: rec.Evidence(f.Locator, f.Quote),
		})
	}
	return out
}

// Attribute returns the model and binding of a fact read from a README or
// model card (see Observations).
func Attribute(f Fact) (string, extract.Binding) {
	switch {
	case f.Binding != "":
		return f.Model, extract.Binding(f.Binding)
	case pageFields[f.Field]:
		return f.Model, extract.Bound(f.Model)
	case f.Model != "":
		return f.Model, extract.BoundNamed
	}
	if n, ok := NameBeforeValue(f.Quote, f.Value); ok && n != "" {
		return n, extract.BoundNamed
	}
	return "", extract.BoundUnknown
}

// NameBeforeValue returns the model names of the shape of a versioned model
// (with a digit) that sentence names before value: ok is false when value is
// not in the sentence or several different names precede it; name is "" when
// none does.
func NameBeforeValue(sent, value string) (name string, ok bool) {
	i := strings.Index(sent, value)
	if value == "" || i < 0 {
		return "", false
	}
	var before []string
	for _, n := range Names(sent[:i]) {
		if strings.ContainsAny(n, "0123456789") {
			before = append(before, n)
		}
	}
	switch len(before) {
	case 0:
		return "", true
	case 1:
		return before[0], true
	}
	return "", false
}
