package mdfacts

import (
	"regexp"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
)

// sizedFields are the facts a sentence may state for "the 27B model".
var sizedFields = map[string]bool{
	catalog.FieldParamsTotal: true, catalog.FieldParamsActive: true, catalog.FieldTrainingTokens: true,
	catalog.FieldContextLength: true, catalog.FieldLanguages: true,
}

// reSizedModel is a model named by its size ("the 27B model", "2B model",
// "the 7B variant"); reSizedClause is where one size's statement ends and the
// next begins inside a sentence.
var (
	reSizedModel  = regexp.MustCompile(`(?i)\b(\d{1,4}(?:\.\d{1,2})?)\s?([BMT])[- ](?:parameter\s+)?(?:model|variant|version|checkpoint)s?\b`)
	reSizedClause = regexp.MustCompile(`[,;:]\s`)
)

// bindBySize binds a sentence's value that follows a model named only by
// its size ("The 27B model was trained with 13 trillion tokens, the 9B model
// with 8 trillion tokens, and 2B model with 2 trillion tokens"): to the page
// when the page's own name carries that size (the 2B value on the card of
// "gemma-2-2b"), else to that sized sibling ("27B model"), which is never the
// page's model. Only on pages whose name is known, for facts with no model or
// binding of their own.
func bindBySize(f *Fact, pageName string) {
	// A model the scanner named by its size alone ("27B", from "the 27B
	// model …"): the page's own when its name carries that size.
	if m := reBareSize.FindStringSubmatch(f.Model); m != nil && f.Binding == "" && pageName != "" {
		if pageHasSize(pageName, strings.ToLower(m[1]+m[2])) {
			f.Model, f.Binding = "", BindPage
		} else {
			f.Model, f.Binding = m[1]+strings.ToUpper(m[2])+" model", BindNamed
		}
		return
	}
	if pageName == "" || f.Model != "" || f.Binding != "" || !sizedFields[f.Field] || f.Quote == "" {
		return
	}
	i := ValueIndex(f.Quote, f.Value)
	if i < 0 {
		return
	}
	start := 0
	for _, m := range reSizedClause.FindAllStringIndex(f.Quote[:i], -1) {
		start = m[1]
	}
	ms := reSizedModel.FindAllStringSubmatch(f.Quote[start:i], -1)
	if len(ms) != 1 {
		return
	}
	size := strings.ToLower(ms[0][1] + ms[0][2])
	if pageHasSize(pageName, size) {
		f.Binding = BindPage
		return
	}
	f.Model, f.Binding = ms[0][1]+strings.ToUpper(ms[0][2])+" model", BindNamed
}

// reBareSize is a model named by its size alone: "27B", "2.6B".
var reBareSize = regexp.MustCompile(`(?i)^(\d{1,4}(?:\.\d{1,2})?)\s?([BMT])$`)

// pageHasSize reports whether the page's name carries the size ("2b" in
// "gemma-2-2b").
func pageHasSize(pageName, size string) bool {
	for _, t := range strings.FieldsFunc(strings.ToLower(pageName), func(r rune) bool {
		return r == '-' || r == '_' || r == ' ' || r == '/'
	}) {
		if t == size {
			return true
		}
	}
	return false
}

// reThisModel is a sentence's reference to the page's own model ("This
// model has …", "The model was trained on …", "our checkpoint").
var reThisModel = regexp.MustCompile(`(?i)\b(?:this|the|our)\s+(?:model|checkpoint)\b`)

// bindThisModel binds a value that follows "this model" / "the model" in its
// own clause, with no model named before it in the sentence, to the page: on
// a page about one model (its name is known) that is the page's model, when
// only the words of OwnsValue stand between them. Only
// for facts with no model or binding of their own.
func bindThisModel(f *Fact, pageName string) {
	if pageName == "" || f.Model != "" || f.Binding != "" || !sizedFields[f.Field] || f.Quote == "" {
		return
	}
	i := ValueIndex(f.Quote, f.Value)
	if i < 0 {
		return
	}
	if n, ok := oneName(f.Quote[:i]); !ok || n != "" {
		return // a model is named before the value: Attribute decides
	}
	start := 0
	for _, m := range reSizedClause.FindAllStringIndex(f.Quote[:i], -1) {
		start = m[1]
	}
	// The last "this model" of the clause, with only a verb of having (or a
	// copula, "was trained on") between it and the value: "The model was
	// evaluated with a 4K context" is not the model's context length.
	ms := reThisModel.FindAllStringIndex(f.Quote[start:i], -1)
	if len(ms) > 0 && OwnsValue(f.Quote[start+ms[len(ms)-1][1]:i]) {
		f.Binding = BindPage
	}
}
