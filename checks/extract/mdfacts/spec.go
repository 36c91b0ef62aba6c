package mdfacts

// Spec lists: "Key: value" lines and bullets ("- **Context Length:** Full
// 131,072 tokens and generation 8,192 tokens"), label/value tables ("| **Total
// Parameters** | 1T |", often under an empty header) and transposed tables
// whose columns are models ("| | Foo 7B | Foo 13B |" / "| Number of tokens |
// 4 Trillion | 5 Trillion |"). A key is read only when it names a field of
// the vocabulary below; every other key ("Vocabulary Size", "Hidden Size",
// "Number of Experts") is ignored.

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/internal/parse"
)

// FieldLayers is the number of layers a spec list states (not a catalog
// field; reported for completeness).
const FieldLayers = "num_layers"

var (
	// reSpecLine is a "Key: value" line (bullets and emphasis already removed).
	reSpecLine = regexp.MustCompile(`^([A-Z#][A-Za-z0-9#()/'’ .-]{1,60}?)\s*[:：]\s*(\S.{0,400})$`)
	// reDataLine is a "camelCaseKey: 'value'," line of a YAML or JS data file.
	reDataLine = regexp.MustCompile(`^\s*([a-z][A-Za-z0-9]{1,40})\s*:\s*['"]?([^'"{}\[\]]{1,200}?)['"]?\s*,?\s*$`)
	reCamel    = regexp.MustCompile(`([a-z0-9])([A-Z])`)
	reParen    = regexp.MustCompile(`\([^()]*\)`)
	reTimes    = regexp.MustCompile(`\d\s*[x×]\s*\d`)
	// reMoE is a mixture-of-experts size: "355B-A32B", "48B-A3B", "30B A3B".
	reMoE = regexp.MustCompile(`(?i)\b(\d{1,4}(?:\.\d{1,3})?)\s?B[-\s]A(\d{1,4}(?:\.\d{1,3})?)\s?B\b`)
	// reAnyCount is the first count of a value ("1T", "9.4 billion", "671,000,000,000").
	reAnyCount = regexp.MustCompile(`(?i)(` + pGrouped + `|` + pNum + `\s*(?:[KMBT]|thousand|million|billion|trillion)\b)`)
	// reAnyContext is the first context length of a value.
	reAnyContext = regexp.MustCompile(`(?i)(\d{1,3}(?:,\d{3})+|\d{1,5}(?:\.\d{1,2})?\s?[KM]\b|\d{3,7}\b|(?:one|1)\s+million)`)
	reInt        = regexp.MustCompile(`(?i)^\s*(\d{1,4}|` + parse.PWords + `)\b`)
	// reInAddition is "N (other) languages in addition to English" (N + 1).
	reInAddition = regexp.MustCompile(`(?i)\b(\d{1,3}|` + parse.PWords + `)\s+(?:other\s+|additional\s+|more\s+)?(?:natural\s+)?languages\s+in\s+addition\s+to\s+[A-Z][a-z]+\b`)
	// reCountedList is "languages: A, B, …, and H" or "languages such as/including"
	// is not a full list and is never counted.
	reListItemSep = regexp.MustCompile(`\s*(?:,\s*(?:and\s+|or\s+)?|;\s*|\s+and\s+|\s*&\s*)`)
	reListItem    = regexp.MustCompile(`^[A-Z][\p{L}-]{1,30}(?:\s[A-Z(][\p{L})-]{1,30})?$`)
)

// specField maps a spec key to the field it states, "" for keys that state
// none of ours. The key is compared in lower case with parentheses, "#",
// "(s)" and a trailing "size"/"count" qualifier kept apart.
func specField(key string) string {
	k := strings.ToLower(reCamel.ReplaceAllString(Plain(key), "$1 $2"))
	k = strings.ReplaceAll(k, "(s)", "s")
	k = reParen.ReplaceAllString(k, " ")
	k = strings.NewReplacer("#", " ", "*", " ", "_", " ", ":", " ", ".", " ").Replace(k)
	k = Space(k)
	k = strings.TrimPrefix(k, "the ")
	switch k {
	case "total parameters", "total params", "parameters", "params", "number of parameters", "num parameters",
		"parameter count", "parameters count", "model size", "total parameter count", "total model size", "size in parameters":
		return catalog.FieldParamsTotal
	case "activated parameters", "active parameters", "activated params", "active params", "number of activated parameters",
		"number of active parameters", "activated parameter count", "active parameter count", "active":
		return catalog.FieldParamsActive
	case "context length", "context window", "context", "max context", "maximum context", "context size", "max context length",
		"maximum context length", "sequence length", "max sequence length", "maximum sequence length", "context window size",
		"input context length", "context length tokens", "seq length", "max length", "text context window", "context size tokens":
		return catalog.FieldContextLength
	case "training tokens", "number of tokens", "tokens", "training data size", "pretraining tokens", "pre training tokens",
		"number of training tokens", "training tokens count", "tokens seen", "training data tokens":
		return catalog.FieldTrainingTokens
	case "languages", "language", "supported languages", "supported language", "natural languages", "programming languages",
		"supported programming languages", "languages supported", "languages nlp", "language nlp":
		return catalog.FieldLanguages
	case "number of layers", "layers", "num layers", "layer count", "number of hidden layers", "hidden layers":
		return FieldLayers
	case "release date", "released", "date released", "release", "released on", "launch date", "date of release", "model release date":
		return catalog.FieldReleased
	case "license", "licence", "model license", "model licence":
		return catalog.FieldLicense
	}
	return ""
}

// spec reads one spec entry: key, value as written (markdown allowed),
// the model it is about ("" for the page's own) and the quote.
func (s *scanner) spec(key, value, model, l, quote string) bool {
	field := specField(key)
	if field == "" {
		return false
	}
	v := Plain(value)
	if v == "" || strings.Trim(v, "-–—/ ") == "" {
		return false
	}
	switch field {
	case catalog.FieldParamsTotal, catalog.FieldParamsActive:
		if m := reMoE.FindStringSubmatch(v); m != nil && field == catalog.FieldParamsTotal {
			s.moe(m, model, l, quote)
			return true
		}
		if reTimes.MatchString(v) {
			return false // "16x3.8B" is experts × expert size, not a total
		}
		m := reAnyCount.FindString(v)
		if m == "" {
			return false
		}
		if q, ok := ParseCount(Space(m), UnitParams); ok {
			s.add(Fact{Field: field, Model: model, Value: Space(m), Quantity: &q, Locator: l, Quote: quote})
			return true
		}
	case catalog.FieldTrainingTokens:
		m := reAnyCount.FindString(v)
		if m == "" {
			return false
		}
		if q, ok := ParseCount(Space(m), UnitTokens); ok && q.Value >= 1e6 {
			s.add(Fact{Field: field, Model: model, Value: Space(m), Quantity: &q, Locator: l, Quote: quote})
			return true
		}
	case catalog.FieldContextLength:
		if strings.Contains(v, "->") || strings.Contains(v, "→") {
			return false // "32K -> 128K": native and extended, not one length
		}
		m := reAnyContext.FindString(v)
		if m == "" {
			return false
		}
		if q, ok := ParseContext(Space(m)); ok && q.Value >= 512 {
			s.add(Fact{Field: field, Model: model, Value: Space(m), Quantity: &q, Locator: l, Quote: quote})
			return true
		}
	case FieldLayers:
		if m := reInt.FindStringSubmatch(v); m != nil {
			if n, ok := parse.Integer(m[1]); ok && n > 0 {
				s.add(Fact{Field: field, Model: model, Value: m[1], Quantity: &catalog.Quantity{Value: float64(n)}, Locator: l, Quote: quote})
				return true
			}
		}
	case catalog.FieldLanguages:
		if n, text, ok := languageCount(v); ok {
			s.add(Fact{Field: field, Model: model, Value: text, Quantity: &catalog.Quantity{Value: float64(n), Unit: UnitLanguages}, Locator: l, Quote: quote})
			return true
		}
	case catalog.FieldReleased:
		if ds := parse.FindDates(v, 1); len(ds) == 1 {
			d := catalogDate(ds[0].Date)
			s.add(Fact{Field: field, Model: model, Value: ds[0].Text, Date: &d, Locator: l, Quote: quote})
			return true
		}
	case catalog.FieldLicense:
		s.licenseSentence(Plain(key)+": "+v, l)
		return true
	}
	return false
}

func catalogDate(d parse.Date) catalog.Date { return catalog.DateOf(d) }

// moe reports a mixture-of-experts size "355B-A32B": 355B total, 32B activated.
func (s *scanner) moe(m []string, model, l, quote string) {
	tv, av := m[1]+"B", m[2]+"B"
	if q, ok := ParseCount(tv, UnitParams); ok {
		s.add(Fact{Field: catalog.FieldParamsTotal, Model: model, Value: tv, Quantity: &q, Locator: l, Quote: quote})
	}
	if q, ok := ParseCount(av, UnitParams); ok {
		s.add(Fact{Field: catalog.FieldParamsActive, Model: model, Value: av, Quantity: &q, Locator: l, Quote: quote})
	}
}

// languageCount reads a language count from a spec value: a number ("26",
// "26 languages", "eight"), "N languages in addition to English" (N + 1),
// or a full list ("English, French, …, and Thai" counts its items). A list
// that says it is partial ("including", "such as", "e.g.", "etc") or an
// open-ended one is not counted.
func languageCount(v string) (int, string, bool) {
	if m := reInAddition.FindStringSubmatch(v); m != nil {
		if n, ok := parse.Integer(m[1]); ok {
			return int(n) + 1, m[0], true
		}
	}
	if m := reInt.FindStringSubmatch(v); m != nil {
		if n, ok := parse.Integer(m[1]); ok && n > 0 {
			rest := strings.ToLower(strings.TrimSpace(v[len(m[0]):]))
			if rest == "" || strings.HasPrefix(rest, "language") || strings.HasPrefix(rest, "(") {
				return int(n), m[1], true
			}
		}
	}
	return countedList(v)
}

var rePartial = regexp.MustCompile(`(?i)\b(?:including|includes|such as|e\.g|etc|among others|and more|and others|for example|like|primarily|mainly|mostly)\b|…|\.\.\.`)

// countedList counts the items of a list of names ("English, French and
// German" → 3; "English" → 1). Every item must look like a name (capitalised
// words); a partial or open-ended list is not counted.
func countedList(v string) (int, string, bool) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "."))
	if v == "" || len(v) > 1200 || rePartial.MatchString(v) {
		return 0, "", false
	}
	items := reListItemSep.Split(v, 200)
	n := 0
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		if !reListItem.MatchString(it) {
			return 0, "", false
		}
		n++
	}
	if n == 0 {
		return 0, "", false
	}
	return n, strconv.Itoa(n), true
}

// specLine reads a "Key: value" line; it reports whether the key was one of
// ours (then the line is not read again as a sentence).
func (s *scanner) specLine(plain string, ln int) bool {
	m := reSpecLine.FindStringSubmatch(plain)
	if m == nil {
		m = reDataLine.FindStringSubmatch(plain)
	}
	if m == nil {
		return false
	}
	first := len(s.res.Facts)
	ok := s.spec(m[1], m[2], "", loc(ln), plain)
	// A spec line that names no model, on a page about one model (its name
	// is known), is that model's own spec: "Number of Parameters: 9.4B" on
	// the 9B card. A model named in the section heading has set Model.
	if s.opt.Name != "" && len(Names(plain)) == 0 && s.ownSection() {
		for k := first; k < len(s.res.Facts); k++ {
			if f := &s.res.Facts[k]; f.Model == "" && f.Binding == "" {
				f.Binding = BindPage
			}
		}
	}
	return ok
}

// genericHeader reports a header cell that names no column: empty, or a word
// such as "Property"/"Value".
func genericHeader(h string) bool {
	switch strings.ToLower(strings.Trim(Space(Plain(h)), "*:# ")) {
	case "", "property", "properties", "value", "values", "key", "field", "attribute", "item", "spec", "specs",
		"specification", "specifications", "detail", "details", "feature", "features", "parameter", "description", "info":
		return true
	}
	return false
}

// specTable reads a table whose first column holds keys: a two-column
// label/value table (values about the page's own model) or a transposed
// table whose other header cells name models. It reports whether any row
// held one of our keys.
func (s *scanner) specTable(header []string, rows [][]string, lines []int, plainRows []string) bool {
	if len(header) < 2 {
		return false
	}
	models := make([]string, len(header))
	labelValue := len(header) == 2 && genericHeader(header[0]) && genericHeader(header[1])
	if !labelValue {
		if !genericHeader(header[0]) {
			return false
		}
		for k := 1; k < len(header); k++ {
			models[k] = rowModel(Space(Plain(header[k])))
			if models[k] == "" {
				return false
			}
		}
	}
	any := false
	for r, cells := range rows {
		if len(cells) < 2 || specField(cells[0]) == "" {
			continue
		}
		for k := 1; k < len(cells) && k < len(header); k++ {
			if s.spec(cells[0], cells[k], models[k], loc(lines[r]), plainRows[r]) {
				any = true
			}
		}
	}
	return any
}

// maxJoin bounds the lines joined into one paragraph.
const maxJoin = 40

// hardBreak reports a markdown line that ends its paragraph line on purpose
// (two trailing spaces, a backslash or <br>).
func hardBreak(raw string) bool {
	t := strings.TrimRight(raw, "\r")
	return strings.HasSuffix(t, "  ") || strings.HasSuffix(t, "\\") || strings.HasSuffix(strings.ToLower(strings.TrimSpace(t)), "<br>") ||
		strings.HasSuffix(strings.ToLower(strings.TrimSpace(t)), "<br/>")
}

var reBlockStart = regexp.MustCompile(`^\s*(?:[-*+>]\s|\d{1,3}[.)]\s|#|\||<|` + "```" + `|~~~|:)`)

// continuation reports whether a line continues the paragraph above it: it
// is not blank and starts no block of its own (list item, heading, table,
// quote, fence, HTML).
func continuation(line string) bool {
	if strings.TrimSpace(line) == "" || reBlockStart.MatchString(line) {
		return false
	}
	p := Plain(Cut(line, maxLine))
	return !reDataLine.MatchString(p) && !(reSpecLine.MatchString(p) && specField(reSpecLine.FindStringSubmatch(p)[1]) != "")
}

// sectionFields are the fields a section heading that names one model binds
// to that model ("### Foo-4.6" then "The context window grows to 200K").
var sectionFields = map[string]bool{
	catalog.FieldParamsTotal: true, catalog.FieldParamsActive: true, catalog.FieldTrainingTokens: true,
	catalog.FieldContextLength: true, catalog.FieldModelSizes: true, catalog.FieldLanguages: true, FieldLayers: true,
}

var reHeadingNumber = regexp.MustCompile(`^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)`)

// sectionHeading tracks the model a section is about: a heading that is
// exactly one model name ("### Foo-4.6", "## 2. Foo-V2-Lite") opens its
// section; any other heading at the same or a higher level closes it.
func (s *scanner) sectionHeading(level int, text string) {
	t := strings.TrimSpace(reHeadingNumber.ReplaceAllString(text, ""))
	if n := reNameStart.FindString(t); level > 1 && n != "" && n == t && validName(n) && !strings.EqualFold(n, s.opt.Name) {
		s.secModel, s.secLevel = n, level
		return
	}
	if s.secModel != "" && level <= s.secLevel {
		s.secModel, s.secLevel = "", 0
	}
}

// parseDates is parse.FindDates (a seam for the scanner's date readers).
func parseDates(text string, max int) []parse.Found { return parse.FindDates(text, max) }

func isAlnum(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// glued reports a number that continues a longer token: "3.8B" read from
// "16x3.8B" or "13.8B", a size after a dot, an "x" or a digit.
func glued(sent string, at int) bool {
	if at <= 0 || at > len(sent) {
		return false
	}
	switch c := sent[at-1]; {
	case c == '.' || c == 'x' || c == 'X' || c >= '0' && c <= '9':
		return true
	}
	return strings.HasSuffix(sent[:at], "×")
}

var reBoundBefore = regexp.MustCompile(`(?i)\b(?:less|fewer|smaller|larger|greater|more)\s+than\s*$|\b(?:under|below|above|over|up\s+to|at\s+most|at\s+least|beyond|exceeding)\s*$`)

// bounded reports a count stated as a bound ("models with fewer than 13
// billion parameters", "scaled up to 32B parameters"): a threshold, not the
// model's value.
func bounded(before string) bool { return reBoundBefore.MatchString(before) }

// namesOther reports whether a quote names a model other than name.
func namesOther(quote, name string) bool {
	for _, n := range Names(quote) {
		if n != name {
			return true
		}
	}
	return false
}

var (
	// reHyphenCount is a count written as a hyphenated adjective.
	reHyphenCount = regexp.MustCompile(`(?i)\b\d{1,4}(?:\.\d{1,3})?(?:-(?:billion|trillion|million)-|[BT]-)param`)
	// reSizeListWords: "2 billion and 7 billion parameters".
	reSizeListWords = regexp.MustCompile(`(?i)((?:` + pNum + `\s+(?:billion|trillion)\s*,\s*)*` + pNum + `\s+(?:billion|trillion),?\s+and\s+` + pNum + `\s+(?:billion|trillion))\s+param`)
	reSizeTokWords  = regexp.MustCompile(`(?i)` + pNum + `\s?(?:[BT]\b|billion|trillion)`)
	// reByline is a page's own publication date: "Published 31 Dec 2024",
	// "[Submitted on 8 Jan 2024]", "Posted on May 6, 2024 by …".
	reByline = regexp.MustCompile(`(?i)\b(?:published|submitted|posted)(?:\s+on)?\s+$`)
)

// byline reports the date a sentence gives as the page's publication date.
func (s *scanner) byline(sent, l string) {
	if !strings.Contains(sent, "ublished") && !strings.Contains(sent, "ubmitted") && !strings.Contains(sent, "osted") &&
		!strings.Contains(sent, "UBLISHED") {
		return
	}
	for _, d := range parseDates(sent, 4) {
		if d.Precision == 0 || !reByline.MatchString(sent[:d.Start]) {
			continue
		}
		cd := catalogDate(d.Date)
		s.add(Fact{Field: catalog.FieldPublished, Value: d.Text, Date: &cd, Locator: l, Quote: sent})
		return
	}
}

// reCJKParams is a parameter count in Chinese units: "3550 亿总参数量",
// "320 亿活跃参数" (activated).
var reCJKParams = regexp.MustCompile(`(\d{1,6}(?:\.\d{1,3})?\s*[亿万])\s*(活跃|激活)?(?:总)?参数`)

// g3docContinuation reports a g3doc table line that continues the cells of
// the row above (":      : (PT)        :   :").
func g3docContinuation(raw string) bool {
	t := strings.TrimSpace(raw)
	return len(t) > 1 && t[0] == ':' && t[len(t)-1] == ':' && !strings.Contains(t, "|")
}

var reCellBreak = regexp.MustCompile(`(?i)<br\s*/?>`)

// cellModels lists the models a model cell names: one per <br>-separated
// part when there are several, else the row's model.
func cellModels(raw, model string) []string {
	parts := reCellBreak.Split(raw, 8)
	var out []string
	for _, p := range parts {
		if m := rowModel(Plain(p)); strings.Trim(m, "-–— ") != "" {
			out = append(out, m)
		}
	}
	if len(out) < 2 {
		return []string{model}
	}
	return out
}

// findAllIf runs re over s only when a cheap test says it may match.
func findAllIf(may bool, re *regexp.Regexp, s string) [][]int {
	if !may {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s, -1)
}

// findIf is findAllIf for the first match, as strings.
func findIf(may bool, re *regexp.Regexp, s string) []string {
	if !may {
		return nil
	}
	return re.FindStringSubmatch(s)
}

// reModelSection is a heading under which a spec list describes the model as
// a whole ("Model summary", "Specifications").
var reModelSection = regexp.MustCompile(`(?i)^\W*(?:model\s+)?(?:summary|overview|details|description|specifications?|specs|information|info|card|quick\s*facts|at\s+a\s+glance|key\s+(?:facts|specs|features))\W*$`)

// ownSection reports whether the current line stands where a spec list is
// the page's model's own: before any heading, under the document's title,
// under a heading naming the page's model, or under a generic model-summary
// heading — not under a component's section ("Vision encoder").
func (s *scanner) ownSection() bool {
	h := strings.TrimSpace(reHeadingNumber.ReplaceAllString(s.lastHeading, ""))
	switch {
	case h == "" || s.lastLevel == 1:
		return true
	case s.opt.Name != "" && strings.Contains(strings.ToLower(h), strings.ToLower(s.opt.Name)):
		return true
	}
	return reModelSection.MatchString(h)
}
