package mdfacts

import (
	"regexp"
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

// NameBeforeValue returns the model (a name of the shape of a versioned
// model, with a digit) that sentence names before value: the one named in the
// value's own clause ("Foo-4 has 355B, while Foo-4-Air has 106B": 106B is
// Foo-4-Air's), else the one named before it in the sentence. ok is false
// when value is not in the sentence or several different names precede it
// (in its clause, or in the sentence when its clause names none); name is ""
// when none does.
func NameBeforeValue(sent, value string) (name string, ok bool) {
	i := strings.Index(sent, value)
	if value == "" || i < 0 {
		return "", false
	}
	start := 0
	for _, m := range reClause.FindAllStringIndex(sent[:i], -1) {
		start = m[1]
	}
	if start > 0 {
		if n, ok := oneName(sent[start:i]); !ok || n != "" {
			return related(sent[start:i], n, ok)
		}
	}
	n, ok := oneName(sent[:i])
	return related(sent[:i], n, ok)
}

// reRelation ends a phrase that introduces a model other than the sentence's
// subject: "DeepSeekMath is initialized with Coder-v1.5 7B and … 500B
// tokens" — 500B is not Coder-v1.5's. Only a model named as the subject may
// own the value.
var reRelation = regexp.MustCompile(`(?i)\b(?:initiali[sz]ed\s+(?:with|from)|based\s+on|built\s+(?:on|upon)|(?:fine-?tuned|distilled|derived|continued|trained|started|starting|upgraded|converted)\s+from|compared\s+(?:with|to)|(?:relative|similar|superior|inferior|equal)\s+to|comparable\s+(?:with|to)|(?:together|along)\s+with|than|versus|vs\.?|over|like|such\s+as|including|from)\s+(?:the\s+|a\s+|an\s+|our\s+)?$`)

// related keeps a name found before a value only when the text does not
// introduce it as another model than the subject (initialised from, based
// on, compared with…); such a name makes the owner unknown (ok false).
func related(text, name string, ok bool) (string, bool) {
	if !ok || name == "" {
		return name, ok
	}
	j := strings.Index(text, name)
	if j >= 0 && reRelation.MatchString(text[:j]) {
		return "", false
	}
	return name, true
}

// reClause is where a sentence turns to another subject: ", while",
// ", whereas", ", but", "; ".
var reClause = regexp.MustCompile(`(?i),\s*(?:while|whereas|but)\b|;\s`)

// oneName returns the single versioned model name text holds ("" if none),
// ok false if it holds several.
func oneName(text string) (string, bool) {
	var names []string
	for _, n := range Names(text) {
		if strings.ContainsAny(n, "0123456789") {
			names = append(names, n)
		}
	}
	switch len(names) {
	case 0:
		return "", true
	case 1:
		return names[0], true
	}
	return "", false
}
