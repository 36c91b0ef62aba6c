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
// Foo-4-Air's), else the one named before it in the sentence — but only when
// what stands between the name and the value makes the value the name's own
// (OwnsValue: "Foo has", "Foo, which has", "Foo is a … model with", "Foo was
// trained on"). A value after anything else ("Foo is distilled from a
// 30B-parameter teacher", "Foo rivals models with 70B", "Foo was evaluated
// with a 4K context") has no known owner. ok is false when value is not in
// the sentence as a token of its own (ValueIndex), when several different
// names precede it (in its clause, or in the sentence when its clause names
// none), or when the text between the name and the value does not tie it to
// the name; name is "" when none does.
func NameBeforeValue(sent, value string) (name string, ok bool) {
	i := ValueIndex(sent, value)
	if i < 0 {
		return "", false
	}
	start := 0
	for _, m := range reClause.FindAllStringIndex(sent[:i], -1) {
		start = m[1]
	}
	if start > 0 {
		if n, ok := oneName(sent[start:i]); !ok || n != "" {
			return owned(sent[start:i], n, ok)
		}
	}
	n, ok := oneName(sent[:i])
	return owned(sent[:i], n, ok)
}

// owned keeps a name found in text (the words before a value) only when it
// is not introduced as another model (related) and the words after its last
// mention up to the value tie the value to it (OwnsValue).
func owned(text, name string, ok bool) (string, bool) {
	name, ok = related(text, name, ok)
	if !ok || name == "" {
		return name, ok
	}
	j := strings.LastIndex(text, name)
	if j < 0 {
		return "", false
	}
	if between := text[j+len(name):]; OwnsValue(between) ||
		reTrainVerb.MatchString(text[:j]) && reTrainedOn.MatchString(between) {
		return name, true
	}
	return "", false
}

// reTrainVerb and reTrainedOn are a name as the object of training: "We
// pretrained Foo-2 on a corpus of 8.1 trillion tokens".
var (
	reTrainVerb = regexp.MustCompile(`(?i)\b(?:pre-?)?train(?:ed)?\s+$`)
	reTrainedOn = regexp.MustCompile(`(?i)^\s+on\s+(?:(?:a|an|the)\s+)?(?:(?:corpus|dataset|mixture|total)\s+of\s+)?(?:(?:about|approximately|around|over|more\s+than|nearly)\s+)?$`)
)

// ValueIndex returns the index of value in sent as a token of its own: not
// inside a longer name or number ("1M" is not found in "Nova-9B-Chat-1M",
// "3B" not in "13B"): the byte before it is no letter, digit, '-', '.' or
// '_', and the one after it no letter, digit or '_' (nor a '.' before a
// digit). -1 when there is none.
func ValueIndex(sent, value string) int {
	if value == "" {
		return -1
	}
	for off := 0; off <= len(sent)-len(value); {
		k := strings.Index(sent[off:], value)
		if k < 0 {
			return -1
		}
		i := off + k
		end := i + len(value)
		before := i == 0 || !tokenByte(sent[i-1]) && sent[i-1] != '-' && sent[i-1] != '.'
		after := end == len(sent) || !tokenByte(sent[end]) &&
			!(sent[end] == '.' && end+1 < len(sent) && sent[end+1] >= '0' && sent[end+1] <= '9')
		if before && after {
			return i
		}
		off = i + 1
	}
	return -1
}

func tokenByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// reOwns is what may stand between a model's name and a value the sentence
// states about that model: an optional descriptor ("Large Language Model
// (LLM)"), parenthesis, appositive set off by commas or relative pronoun
// ("Foo-2, built on Foo-1-Base, has", "Foo-3-Mini, which has"), an optional
// adverb, then a verb of having ("has", "with", "comprises", "totals",
// "supports"), a copula ("is", "is a"), "is/was (pre-)trained on", "is a …
// model with", ", a … model trained on", "is a family of … ranging from",
// "(Base/Chat) weights are subject to / licensed under";
// then only quantifiers and the words of a context length ("a total of", "up
// to", "a context length of"). A predicate may be coordinated after one of
// the model's own values ("was trained on 5.5T tokens and supports …", "has
// 16x3.8B parameters with …"). A verb of having with features, and a
// parenthesis "(supporting up to", holds no number between ("also has
// advanced features such as … (supporting up to 128K context)").
var reOwns = regexp.MustCompile(`(?i)^` + ownsLead + `(?:` + ownsPred + `(?:` + ownsCoord + `)?` + `|` + ownsFeatures + `)$`)

const (
	ownsLead = `(?-i:\s+(?:[A-Z][\w-]*\s+){0,3}(?:Model|LLM)\b)?\s*(?:\([^()]{0,80}\)\s*|,[^,.;]{0,80},\s*|,\s*(?:which|that|who)\s+)?`
	ownsAdv  = `(?:(?:also|still|now|only|additionally|each|both|natively)\s+)?`
	ownsVerb = `(?:(?:has|have|had|with|comprises|comprise|contains|contain|features|totals|supports|support|supporting|拥有|具有)` +
		`|(?:is|are|was|were)(?:\s+(?:also|only|natively))?(?:\s+(?:pre-?|further\s+)?trained\s+on)?` +
		`|(?:is|are|was|were)\s+an?\s+[^0-9,.;]{0,80}?\b(?:model|llm|transformer)s?\s+(?:with|that\s+has|which\s+has|featuring|having)` +
		`|,\s*an?\s+[^,;]{0,80}?\b(?:model|llm|transformer)s?\s+(?:with|(?:pre-?)?trained\s+on|that\s+has|which\s+has|featuring|having)` +
		`|(?:[\w/]+\s+)?(?:(?:weights|models?|checkpoints?)\s+)?(?:is|are)\s+(?:subject\s+to|(?:licensed|released|available|distributed)\s+under)` +
		`|(?:is|are)\s+(?:a|an|the)\s+(?:[^0-9,.;()]{0,40}?\s)?(?:family|series|collection|suite)\s+of\s+[^0-9,.;()]{0,60}?\b(?:ranging\s+from|in\s+sizes?\s+(?:of|from)|with\s+sizes?\s+(?:of|from)))`
	ownsFill = `\s*(?:(?:a\s+total\s+of|in\s+total|total\s+of|about|approximately|around|roughly|over|more\s+than|up\s+to|nearly|almost|an?|the|only|just|(?:a\s+)?(?:maximum\s+|native\s+)?context\s+(?:length|window|size)\s+of|(?:a\s+)?(?:maximum\s+|native\s+)?context\s+of)\s*)*`
	ownsPred = ownsAdv + ownsVerb + ownsFill
	// ownsCoord: one of the model's own values, a few words of unit
	// (ownsUnit), then "and"/"with"/", of which" and another predicate of
	// the same subject; up to three times.
	ownsCoord = `(?:\d[\d.,x]*\s?[a-z]*(?:\s+` + ownsUnit + `){0,6}\s*(?:,\s*(?:and\s+|with\s+|of\s+which\s+)?|\s+(?:and|with|of\s+which)\s+)(?:` + ownsAdv + ownsVerb + `)?` + ownsFill + `){1,3}`
	ownsUnit  = `(?:total|active|activated|parameters?|params|tokens?|of|them|are|is|for|each|per|context|length|window|languages?|billion|trillion|million|dense|sparse|in)\b`
	// ownsFeatures: "also has advanced features such as … (supporting up
	// to" — no number, no sentence stop, before the parenthesis.
	ownsFeatures = ownsAdv + `(?:has|have|offers|features|provides)\s+[^0-9;.]{0,300}?\(\s*(?:supporting|supports)\s+(?:up\s+to\s+)?`
)

// reForeign is a word that gives a value between a name and it another
// owner than the name, or another sense: a teacher, a baseline, an
// evaluation or benchmark setting, an extension, a sequence length, an
// embedding layer, a comparison.
var reForeign = regexp.MustCompile(`(?i)\b(?:teachers?|students?|baselines?|evaluat\w*|tested|benchmark\w*|extend\w*|sequence\s+length|embedding\w*|layers?|vocabular\w*|distill\w*|derived|compared|versus|vs|than|rival\w*|outperform\w*|initiali[sz]ed|based\s+on|built\s+(?:on|upon)|like|versions?|cop(?:y|ies)|prun\w*|quantiz\w*|quantis\w*|compress\w*|variants?|successors?|predecessors?|of\s+(?:a|an|the|its|our))\b`)

// OwnsValue reports whether between — the words from the end of a model's
// name to a value — make the value that model's own (see reOwns, reForeign).
func OwnsValue(between string) bool {
	return len(between) <= 400 && reOwns.MatchString(between) && !reForeign.MatchString(between)
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
