package mdfacts

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
)

// Limits on hostile input.
const (
	// MaxInput is the most markdown Scan reads; the rest is ignored and
	// Result.Truncated is set.
	MaxInput = 2 << 20
	// DefaultMaxText caps the "text" fact (bytes).
	DefaultMaxText = 48 << 10
	// maxLine is the longest line sentence patterns run on.
	maxLine = 16 << 10
	// maxFacts bounds the facts of one page.
	maxFacts = 2000
)

// Field names used by facts that are not in the catalog vocabulary: the
// observation fields they become.
const (
	FieldArXivLink    = extract.FieldArXivLink
	FieldHFLink       = extract.FieldHFLink
	FieldChatTemplate = extract.FieldChatTemplate
	FieldDeployment   = extract.FieldDeployment
	FieldText         = extract.FieldText
)

// ScopeCode is the Model of a licence fact that covers only the code of a
// repository ("This code repository is licensed under the MIT License"), so
// that it can never stand in for the licence of the weights.
const ScopeCode = "code"

// Fact is one value found on the page.
type Fact struct {
	Field    string
	Model    string
	Value    string
	Quantity *catalog.Quantity
	Date     *catalog.Date
	Locator  string
	Quote    string
	// Binding, when the scan knows it, says whose value this is beyond
	// Model: BindSeries (a family's range), BindVariant (a quantised row),
	// BindNamed (a table row's model). "" lets Observations decide
	// (Attribute).
	Binding string
}

// Options tune a scan.
type Options struct {
	// Name is the page's own model or repository name ("DeepSeek-V3.2-Exp");
	// release-status words in it are reported when the body also states them.
	Name string
	// MaxText caps the text fact; 0 means DefaultMaxText, <0 disables it.
	MaxText int
	// Self is the page's own id where its links name it ("owner/name" of a
	// Hugging Face model card): a table row whose model cell links to it is
	// the page's own row, whatever name the cell spells.
	Self string
}

// Result is what a scan found.
type Result struct {
	Facts []Fact
	// Missing lists fields that README-like pages normally state but this one
	// does not (params_total, context_length, license, arxiv_link).
	Missing []string
	// Truncated is set when the input exceeded MaxInput.
	Truncated bool
}

// Has reports whether a fact with the field exists.
func (r Result) Has(field string) bool {
	for _, f := range r.Facts {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Building blocks of the patterns (RE2, linear time).
const (
	pName = `(?:[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)+|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)`
	pSize = `\b\d{1,4}(?:\.\d{1,3})?\s?[BT](?:-A\d{1,4}(?:\.\d{1,3})?B)?` // \b: never the tail of a longer number; "-A3B": a MoE size
	pNum  = `\b\d{1,4}(?:\.\d{1,3})?`
	pMag  = `(?:B|T|billion|trillion)`
	pCtx  = `\d{1,3}(?:,\d{3})+|\d{1,4}(?:\.\d{1,2})?\s+million\s+tokens\b|\d{1,5}(?:\.\d{1,2})?\s?[KkM]\b|\d{3,7}\b|one million`
	// pGrouped is a count spelt out in digit groups ("671,000,000,000",
	// "16,400,000,000"): at least two groups (≥ 1,000,000), so that a year, a
	// benchmark score or a price ("1,000 tokens") never reads as one.
	pGrouped = `\b\d{1,3}(?:,\d{3}){2,4}`
	// pCount is a parameter or token count: a magnitude ("671B", "236
	// billion") or digit groups.
	pCount = pGrouped + `|` + pNum + `\s*` + pMag
)

var (
	reFence     = regexp.MustCompile("^(```+|~~~+)")
	reHeading   = regexp.MustCompile(`^(#{1,6})\s+(.+?)\s*#*\s*$`)
	reSeparator = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$|^\s*\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?\s*)?$`)
	reName      = regexp.MustCompile(`(?:` + pName + `)(?:\s\d{1,4}(?:\.\d{1,3})?B\b)?`)
	reNameStart = regexp.MustCompile(`^(?:` + pName + `)(?:\s\d{1,4}(?:\.\d{1,3})?B\b)?`)
	reListSep   = regexp.MustCompile(`^\s*(?:,\s*(?:and\s+)?|&\s*|and\s+)`)
	reNameWith  = regexp.MustCompile(`(` + pName + `)(?:\s\d{1,4}(?:\.\d{1,3})?B)?(?:\s+(?:series|family)(?:\s+models?)?,?|\s+models?,?)?\s+(?:with|has|comprises|featuring|:)\s*\(?$`)
	reSizeInNm  = regexp.MustCompile(`(?:^|[\s_-])(\d{1,4}(?:\.\d{1,3})?)\s?B\b`)
	reSentEnd   = regexp.MustCompile(`[.!?](?:\s+|$)|[。！？]\s*`)

	reTotalActive = regexp.MustCompile(`(?i)(` + pCount + `)\s+(?:total\s+)?param(?:eter)?s?\b[^.;]{0,40}?(?:of which|with|\(|,)\s*(` + pCount + `)\s+(?:of (?:them|these)\s+)?(?:are\s+|is\s+)?(?:activated|active)`)
	reOneParam    = regexp.MustCompile(`(?i)(` + pCount + `)\s+(total\s+)?(activated\s+|active\s+)?param(?:eter)?s?\b`)
	reRespect     = regexp.MustCompile(`((?:` + pName + `)(?:\s*,\s*(?:and\s+)?(?:` + pName + `)|\s+and\s+(?:` + pName + `))+),?\s+with\s+((?:` + pSize + `\s*,\s*)*` + pSize + `,?\s+and\s+` + pSize + `)\s+(activated|active|total)?\s*param\w*[^.]{0,40}respectively`)
	reSizeList1   = regexp.MustCompile(`(?i)(?:sizes?|variants?)\b[^.;]{0,30}?((?:` + pSize + `\s*,\s*)*` + pSize + `,?\s+and\s+` + pSize + `(?:\s*,\s*` + pSize + `)*)\b`)
	// reSizeList3: a list followed by what it lists ("in 2B, 9B and 27B sizes").
	reSizeList3 = regexp.MustCompile(`(?i)((?:` + pSize + `\s*,\s*)*` + pSize + `,?\s+and\s+` + pSize + `(?:\s*,\s*` + pSize + `)*)\s+(?:model\s+)?(?:sizes?|variants?|versions?)\b`)
	// reSizeRangeBare: a range whose start carries no unit ("ranging from 0.5
	// to 100 billion parameters"); the start borrows the end's magnitude.
	reSizeRangeBare = regexp.MustCompile(`(?i)(?:rang\w*|sizes?)[^.;]{0,30}?from\s+(` + pNum + `)\s+to\s+(` + pNum + `)\s*(B|T|billion|trillion)\b`)
	// reMoEProse: a MoE size before the model it names ("the 30B-A3B model Foo-Flash").
	reMoEProse   = regexp.MustCompile(`\b(\d{1,4}(?:\.\d{1,3})?)B-A(\d{1,4}(?:\.\d{1,3})?)B\b(?:\s+(?:MoE\s+)?(?:model|variant|version)s?)?(?:\s+(` + pName + `))?`)
	reSizeList2  = regexp.MustCompile(`((?:` + pSize + `\s*,\s*)*` + pSize + `,?\s+and\s+` + pSize + `)\s+param`)
	reSizeRange  = regexp.MustCompile(`(?i)(?:rang\w*|sizes?)[^.;]{0,30}?from\s+(` + pSize + `)\s+to\s+(` + pSize + `)\b`)
	reSizeFromTo = regexp.MustCompile(`(?i)\bfrom\s+(` + pSize + `)\s+to\s+(` + pSize + `)\s+param`)
	reSizeSlash  = regexp.MustCompile(`\b(` + pSize + `(?:/` + pSize + `)+)\b`)
	reSizeTok    = regexp.MustCompile(pNum + `\s?[BT]`)

	reTokens   = regexp.MustCompile(`(?i)((?:more than|over|about|approximately|nearly|around)\s+)?(` + pGrouped + `|` + pNum + `\s*(?:T|B|trillion|billion)\b)((?:[\s,]+[A-Za-z][\w-]*){0,5}?)\s+tokens\b`)
	reTrainKW  = regexp.MustCompile(`(?i)train|corpus|dataset|pre-?train`)
	reCtxKW    = regexp.MustCompile(`(?i)\b(?:context(?:\s+window)?\s+lengths?|context\s+windows?|context\s+size|window\s+size|sequence\s+length|max(?:imum)?\s+context)\b`)
	reCtxFrom  = regexp.MustCompile(`(?i)^[^.;]{0,25}?\bfrom\s+(` + pCtx + `)(?:\s+tokens)?\s+to\s+(` + pCtx + `)`)
	reCtxValue = regexp.MustCompile(`(?i)^[^.;0-9]{0,30}?(` + pCtx + `)`)
	// reCtxBefore: the value stated before the words ("a 128K-token context
	// window", "a 1M-token context", "a 16K window").
	reCtxBefore = regexp.MustCompile(`(?i)\b(\d{1,5}(?:\.\d{1,2})?\s?[KM]|\d{1,3}(?:,\d{3})+)(?:[- ]tokens?)?[- ](?:context|window)\b`)
	reLangFrom  = regexp.MustCompile(`(?i)languages?\b[^.;]{0,20}?\bfrom\s+(\d{1,4})\s+to\s+(\d{1,4})\b`)
	reLangN     = regexp.MustCompile(`(?i)\b(\d{1,4})\s+(?:programming\s+|natural\s+|coding\s+|human\s+|spoken\s+)?languages\b`)
	reBase      = regexp.MustCompile(`(?i:trained based on|trained on top of|built on top of|built upon|built on|builds upon|builds on|initiali[sz]ed (?:with|from)|pre-trained on|pretrained on|fine-tuned from|checkpoint of|starts from|started from|continued (?:pre-?training|training) (?:of|from))\s+(?:the\s+)?(` + pName + `(?:\s\d{1,4}(?:\.\d{1,3})?B\b)?)`)

	reLicenseKW   = regexp.MustCompile(`(?i)licen[cs]ed under|subject to|licen[cs]e`)
	reLicenseName = regexp.MustCompile(`(?i)\b(MIT(?:\s+License)?|Apache(?:\s+License)?(?:,?\s+Version)?\s*2\.0(?:\s+License)?|(?:[A-Za-z][\w.-]*\s+)?Model\s+(?:License|Agreement)|Llama\s?[\d.]+\s+(?:Community\s+)?License|CC[- ]BY(?:-[A-Z]{2})*(?:[- ]\d\.\d)?|GPL-?\d(?:\.\d)?|BSD[- ]\d-Clause)\b`)

	// reLicenseModifier ends a text whose last word makes the licence named
	// after it another one ("Modified MIT License", "a custom Apache 2.0").
	reLicenseModifier = regexp.MustCompile(`(?i)\b(?:modified|custom|adapted|amended|revised|extended|derivative)(?:\s+(?:version|form|variant)\s+of)?(?:\s+(?:the|a|an))?[\s*_-]*$`)
	// reLicenseModifierAfter starts a text that makes the licence named
	// before it another one ("the MIT License (modified)").
	reLicenseModifierAfter = regexp.MustCompile(`(?i)^[\s*_]*\(\s*(?:modified|custom|adapted|amended|revised)\b`)

	reNews   = regexp.MustCompile(`^\s*(?:[-*+]\s+)?(?:✅\s*)?(?:\*\*|<b>|\[)?\s*(\d{4}[./-]\d{1,2}[./-]\d{1,2})\b`)
	reNewsKW = regexp.MustCompile(`(?i)releas|launch|open[- ]?sourc|introduc|publish`)

	reArXivURL  = regexp.MustCompile(`(?i)arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(v\d{1,3})?`)
	reHFPaper   = regexp.MustCompile(`(?i)huggingface\.co/papers/(\d{4}\.\d{4,5})`)
	reArXivRef  = regexp.MustCompile(`(?i)\barxiv:\s?(\d{4}\.\d{4,5})(v\d{1,3})?`)
	reEprint    = regexp.MustCompile(`(?i)\beprint\s*=\s*[{"]?\s*(\d{4}\.\d{4,5})(v\d{1,3})?`)
	reHFLink    = regexp.MustCompile(`(?i)huggingface\.co/([A-Za-z0-9][\w.-]{0,95})/([A-Za-z0-9][\w.-]{0,95})`)
	reBibTitle  = regexp.MustCompile(`(?i)^\s*title\s*=\s*[{"](.+?)[}"]?\s*,?\s*$`)
	reDeployH   = regexp.MustCompile(`(?i)\b(?:run(?:ning)?\b.{0,20}\blocally|how to run|local deployment|deploy\w*|inference|quick\s*start|usage example|example usage|get(?:ting)? started)\b`)
	reDeployC   = regexp.MustCompile(`(?i)\b(?:vllm|sglang|lmdeploy|tensorrt-llm|from transformers import|AutoModelForCausalLM|torchrun)\b`)
	reChatTempl = regexp.MustCompile(`(?i)chat[ _]template`)
	reStatusSen = regexp.MustCompile(`(?i)\b(preview|experimental)\s+(?:version|release|model|variant|checkpoint)s?\b`)
	reExp       = regexp.MustCompile(`[-\s]Exp\b`)
	reBullet    = regexp.MustCompile(`^(?:[-*+>]|\d{1,3}[.)])\s+`)
)

var hfReserved = map[string]bool{"papers": true, "spaces": true, "datasets": true, "docs": true, "blog": true,
	"models": true, "api": true, "collections": true, "learn": true, "tasks": true, "settings": true,
	"organizations": true, "join": true, "login": true, "posts": true, "chat": true, "pricing": true}

type scanner struct {
	opt      Options
	res      Result
	seen     map[string]bool
	text     strings.Builder
	maxText  int
	license  bool // inside a licence section
	deployH  bool
	deployC  *Fact
	chat     bool
	statuses map[string]bool
	h1       []string
	secModel string // the model the current section's heading names
	// lastHeading, lastLevel: the heading the current line stands under.
	lastHeading string
	lastLevel   int
	secLevel    int
	lines       []string // raw lines
	plain       []string // lines with HTML tags (even multi-line ones) blanked
}

// Scan reads markdown and returns the facts it states.
func Scan(md string, opt Options) Result {
	s := newScanner(md, opt)
	var fence codeFence
	for i := 0; i < len(s.lines); i++ {
		raw := strings.TrimRight(s.lines[i], "\r")
		switch {
		case fence.marker(strings.TrimSpace(raw)):
		case fence.inside():
			s.codeLine(raw, i+1)
		case strings.Contains(raw, "|") && i+1 < len(s.lines) && reSeparator.MatchString(s.lines[i+1]):
			i = s.table(i) - 1
		default:
			i = s.bodyLine(raw, i)
		}
	}
	s.finish()
	return s.res
}

// newScanner prepares the scan of md: the input bounded by MaxInput, HTML
// tables rewritten as pipe tables, and each line's tag-free twin.
func newScanner(md string, opt Options) *scanner {
	s := &scanner{opt: opt, seen: map[string]bool{}, statuses: map[string]bool{}}
	s.maxText = opt.MaxText
	if s.maxText == 0 {
		s.maxText = DefaultMaxText
	}
	if len(md) > MaxInput {
		md = Cut(md, MaxInput)
		s.res.Truncated = true
	}
	s.lines = htmlTables(strings.Split(md, "\n"))
	s.plain = strings.Split(StripTags(strings.Join(s.lines, "\n")), "\n")
	return s
}

// codeFence follows the code fences of a document line by line.
type codeFence struct {
	open string // the opening marker ("```" or "~~~") while inside a fence
}

// marker reports whether the trimmed line is a fence marker, and opens or
// closes the fence with it (only a marker of the opening kind closes it).
func (f *codeFence) marker(trimmed string) bool {
	m := reFence.FindString(trimmed)
	if m == "" {
		return false
	}
	switch {
	case f.open == "":
		f.open = m[:3]
	case strings.HasPrefix(m, f.open):
		f.open = ""
	}
	return true
}

// inside reports whether the lines now read are code.
func (f *codeFence) inside() bool { return f.open != "" }

// bodyLine reads line i of the body (outside code and tables): its links, a
// heading, a spec line or a paragraph with the lines that continue it. It
// returns the index of the last line it read.
func (s *scanner) bodyLine(raw string, i int) int {
	ln := i + 1
	trimmed := strings.TrimSpace(raw)
	if len(raw) > maxLine {
		raw = Cut(raw, maxLine)
	}
	s.links(raw, ln, "")
	if reChatTempl.MatchString(raw) {
		s.chatTemplate(raw, ln)
	}
	if m := reHeading.FindStringSubmatch(trimmed); m != nil {
		s.heading(len(m[1]), Plain(m[2]), ln)
		return i
	}
	plain := reBullet.ReplaceAllString(Plain(Cut(s.plain[i], maxLine)), "")
	if plain == "" {
		return i
	}
	s.news(plain, ln)
	if s.specLine(plain, ln) {
		s.addText(plain)
		return i
	}
	p := s.paragraph(raw, plain, i)
	s.addText(p.text)
	s.paragraphSentences(p)
	return p.last
}

// paragraph is a paragraph wrapped over several lines, read as one text so
// that its sentences (and a number split from its unit by the wrap) are read
// whole.
type paragraph struct {
	text string
	// starts[k] is where the k-th line's text starts in text; lines[k] is
	// that line's number.
	starts, lines []int
	last          int // index of the paragraph's last line
}

// paragraph joins to line i (raw, its plain text plain) the lines that
// continue it, reading their links on the way.
func (s *scanner) paragraph(raw, plain string, i int) paragraph {
	p := paragraph{text: plain, starts: []int{0}, lines: []int{i + 1}}
	for n := 0; n < maxJoin && !hardBreak(raw) && i+1 < len(s.lines) && len(p.text) < maxLine; n++ {
		next := strings.TrimRight(s.lines[i+1], "\r")
		if !continuation(next) {
			break
		}
		np := Plain(Cut(s.plain[i+1], maxLine))
		if np == "" {
			break
		}
		i++
		raw = Cut(next, maxLine)
		s.links(raw, i+1, "")
		p.text += " "
		p.starts, p.lines = append(p.starts, len(p.text)), append(p.lines, i+1)
		p.text += np
	}
	p.last = i
	return p
}

// paragraphSentences reads each sentence of p, located at the line it starts on.
func (s *scanner) paragraphSentences(p paragraph) {
	at := 0
	for _, sent := range sentences(p.text) {
		if k := strings.Index(p.text[at:], sent); k >= 0 {
			at += k
		}
		s.sentence(sent, p.lineAt(at))
	}
}

// lineAt is the number of the line on which offset at of the text stands.
func (p paragraph) lineAt(at int) int {
	ln := p.lines[0]
	for j := range p.starts {
		if p.starts[j] <= at {
			ln = p.lines[j]
		}
	}
	return ln
}

func (s *scanner) add(f Fact) {
	if len(s.res.Facts) >= maxFacts {
		return
	}
	bindBySize(&f, s.opt.Name)
	bindThisModel(&f, s.opt.Name)
	key := f.Field + "\x00" + strings.ToLower(f.Model) + "\x00" + strings.ToLower(f.Value)
	if s.seen[key] {
		return
	}
	s.seen[key] = true
	if f.Model == "" && s.secModel != "" && sectionFields[f.Field] && !namesOther(f.Quote, s.secModel) {
		f.Model = s.secModel
	}
	f.Value = Space(f.Value)
	f.Model = Space(f.Model)
	f.Quote = Quote(f.Quote)
	s.res.Facts = append(s.res.Facts, f)
}

func loc(ln int) string { return "line " + strconv.Itoa(ln) }

func (s *scanner) addText(p string) {
	if s.maxText < 0 || s.text.Len() >= s.maxText {
		return
	}
	if s.text.Len() > 0 {
		s.text.WriteByte(' ')
	}
	s.text.WriteString(Cut(p, s.maxText-s.text.Len()))
}

// sentences splits plain text at sentence ends (a dot followed by space or
// the end; decimals such as "14.8" never split).
func sentences(p string) []string {
	var out []string
	start := 0
	for _, m := range reSentEnd.FindAllStringIndex(p, -1) {
		if seg := strings.TrimSpace(p[start:m[1]]); seg != "" {
			out = append(out, seg)
		}
		start = m[1]
	}
	if seg := strings.TrimSpace(p[start:]); seg != "" {
		out = append(out, seg)
	}
	return out
}

func (s *scanner) codeLine(raw string, ln int) {
	if len(raw) > maxLine {
		raw = Cut(raw, maxLine)
	}
	if m := reBibTitle.FindStringSubmatch(raw); m != nil {
		t := strings.NewReplacer("{", "", "}", "").Replace(m[1])
		s.add(Fact{Field: catalog.FieldTitle, Value: t, Locator: loc(ln), Quote: strings.TrimSpace(raw)})
	}
	for _, m := range reEprint.FindAllStringSubmatch(raw, -1) {
		s.add(Fact{Field: FieldArXivLink, Value: m[1], Locator: loc(ln), Quote: strings.TrimSpace(raw)})
	}
	for _, m := range reArXivRef.FindAllStringSubmatch(raw, -1) {
		s.add(Fact{Field: FieldArXivLink, Value: m[1], Locator: loc(ln), Quote: strings.TrimSpace(raw)})
	}
	for _, m := range reArXivURL.FindAllStringSubmatch(raw, -1) {
		s.add(Fact{Field: FieldArXivLink, Value: m[1], Locator: loc(ln), Quote: strings.TrimSpace(raw)})
	}
	if s.deployC == nil && reDeployC.MatchString(raw) {
		s.deployC = &Fact{Field: FieldDeployment, Value: "true", Locator: loc(ln), Quote: strings.TrimSpace(raw)}
	}
	if reChatTempl.MatchString(raw) {
		s.chatTemplate(raw, ln)
	}
}

func (s *scanner) chatTemplate(raw string, ln int) {
	if s.chat {
		return
	}
	s.chat = true
	s.add(Fact{Field: FieldChatTemplate, Value: "true", Locator: loc(ln), Quote: Plain(raw)})
}

func (s *scanner) heading(level int, text string, ln int) {
	s.lastHeading, s.lastLevel = text, level
	s.addText(text)
	s.sectionHeading(level, text)
	s.license = strings.Contains(strings.ToLower(text), "licen")
	if !s.deployH && reDeployH.MatchString(text) {
		s.deployH = true
		s.add(Fact{Field: FieldDeployment, Value: "true", Locator: loc(ln), Quote: text})
	}
	if level == 1 {
		s.h1 = append(s.h1, text)
	}
}

// links reports arXiv ids and Hugging Face model ids linked from the line.
func (s *scanner) links(raw string, ln int, model string) {
	if low := strings.ToLower(raw); !strings.Contains(low, "arxiv") && !strings.Contains(low, "huggingface.co") {
		return
	}
	for _, re := range []*regexp.Regexp{reArXivURL, reHFPaper, reArXivRef} {
		for _, m := range re.FindAllStringSubmatch(raw, -1) {
			s.add(Fact{Field: FieldArXivLink, Value: m[1], Locator: loc(ln), Quote: linkQuote(raw, m[0])})
		}
	}
	for _, m := range reHFLink.FindAllStringSubmatch(raw, -1) {
		if hfReserved[strings.ToLower(m[1])] {
			continue
		}
		name := strings.TrimSuffix(strings.TrimRight(m[2], "."), ".git")
		if name == "" {
			continue
		}
		s.add(Fact{Field: FieldHFLink, Model: model, Value: m[1] + "/" + name, Locator: loc(ln), Quote: linkQuote(raw, m[0])})
	}
}

// linkQuote quotes the markdown link or URL around match.
func linkQuote(raw, match string) string {
	i := strings.Index(raw, match)
	if i < 0 {
		return match
	}
	start := strings.LastIndexAny(raw[:i], "[(\"' <")
	if start < 0 {
		start = 0
	}
	if raw[start] == '(' {
		if j := strings.LastIndex(raw[:start], "["); j >= 0 && start-j < 200 {
			start = j
		}
	}
	end := i + len(match)
	if k := strings.IndexAny(raw[end:], ")\"' >"); k >= 0 {
		end += k + 1
	} else {
		end = len(raw)
	}
	return strings.Trim(raw[start:end], " <>\"'")
}

type columns struct{ model, total, active, context, base, download, tokens int }

func classify(header []string) columns {
	c := columns{-1, -1, -1, -1, -1, -1, -1}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.NewReplacer("#", " ", "*", " ").Replace(Plain(h))))
		h = Space(h)
		switch {
		case h == "model" || h == "models" || h == "model name" || h == "name" || h == "model card" || h == "model id":
			if c.model < 0 {
				c.model = i
			}
		case strings.Contains(h, "base model"):
			c.base = i
		case strings.Contains(h, "param") && strings.Contains(h, "activ"):
			c.active = i
		case strings.Contains(h, "param") && strings.Contains(h, "total"), h == "params", h == "parameters", h == "model size":
			c.total = i
		case strings.Contains(h, "context"), strings.Contains(h, "sequence length"), h == "seq len", h == "seq length", h == "seq. length", h == "max seq length", h == "max length":
			c.context = i
		case strings.Contains(h, "download"), h == "link", h == "links", h == "hugging face", h == "huggingface":
			c.download = i
		case h == "training tokens" || h == "tokens" || h == "number of tokens" || h == "pretraining tokens" || h == "pre-training tokens":
			c.tokens = i
		}
	}
	// "| Size | Variant | Name |": with a model column, a "Size" column is
	// the row's model's size.
	if c.model >= 0 && c.total < 0 {
		for i, h := range header {
			if i != c.model && strings.ToLower(Space(Plain(h))) == "size" {
				c.total = i
				break
			}
		}
	}
	// A first column headed "Size" or "Variant" names the row's model when
	// the other columns are model facts ("| Size | Training Tokens | … |"
	// with rows "| Foo 2 7B | 4 Trillion | … |").
	if c.model < 0 && len(header) > 0 && (c.tokens >= 0 || c.context >= 0 || c.active >= 0 || c.total >= 0) {
		switch strings.ToLower(Space(Plain(header[0]))) {
		case "size", "variant", "variants", "checkpoint", "model variant", "":
			// An empty first header cell over model names ("| | Total
			// Params | Context Length |") is a model column too.
			c.model = 0
		}
	}
	return c
}

func splitRow(line string) []string {
	t := strings.TrimSpace(line)
	t = strings.TrimPrefix(t, "|")
	t = strings.TrimSuffix(t, "|")
	cells := strings.Split(t, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}

// table reads a markdown table starting at header line i and returns the
// index of the first line after it.
func (s *scanner) table(i int) int {
	header := splitRow(s.lines[i])
	c := classify(header)
	s.addText(Plain(s.lines[i]))
	isModel := c.model >= 0 && (c.download >= 0 || c.context >= 0 || c.total >= 0 || c.active >= 0 || c.base >= 0 || c.tokens >= 0)
	rows, end := s.tableRowLines(i)
	if !isModel {
		cells, lines, plain := s.rowCells(rows)
		s.specTable(header, cells, lines, plain)
	}
	for _, j := range rows {
		raw := Cut(strings.TrimRight(s.lines[j], "\r"), maxLine)
		plainRow := Plain(raw)
		s.addText(plainRow)
		if !isModel {
			s.links(raw, j+1, "")
			continue
		}
		s.modelTableRow(splitRow(raw), c, raw, j+1, plainRow)
	}
	return end
}

// tableRowLines lists the indexes of the row lines of the table whose header
// is line i — a cell's continuation line (":      : (PT) :") is no row of its
// own — and returns the index of the first line after the table.
func (s *scanner) tableRowLines(i int) (rows []int, end int) {
	j := i + 2
	for ; j < len(s.lines); j++ {
		raw := strings.TrimRight(s.lines[j], "\r")
		if g3docContinuation(raw) {
			continue
		}
		if strings.TrimSpace(raw) == "" || !strings.Contains(raw, "|") {
			break
		}
		rows = append(rows, j)
	}
	return rows, j
}

// rowCells are the cells, line numbers and plain texts of the given rows.
func (s *scanner) rowCells(rows []int) (cells [][]string, lines []int, plain []string) {
	for _, k := range rows {
		raw := Cut(strings.TrimRight(s.lines[k], "\r"), maxLine)
		cells = append(cells, splitRow(raw))
		lines = append(lines, k+1)
		plain = append(plain, Plain(raw))
	}
	return cells, lines, plain
}

// modelTableRow reads one row of a model table (line ln): the facts of the
// model (or models) its model cell names, bound to the page when the cell
// links to the page's own model, to a variant when the row is a quantised
// artefact's; then the links of its cells.
func (s *scanner) modelTableRow(cells []string, c columns, raw string, ln int, plainRow string) {
	model := rowModel(Plain(cell(cells, c.model)))
	if strings.Trim(model, "-–— ") == "" {
		s.links(raw, ln, "")
		return
	}
	bind := BindNamed
	self := linksToSelf(cell(cells, c.model), s.opt.Self)
	switch {
	case quantisedRow(cells, c):
		bind = BindVariant // a quantised artefact's row never speaks for the main model
	case self:
		bind = BindPage // "[OLMo 2 13B](…/allenai/OLMo-2-1124-13B)" on that model's own card
	}
	first := len(s.res.Facts)
	if bind == BindPage {
		s.modelRow(cells, c, "", ln, plainRow)
	} else {
		// A cell naming several models ("Foo-4k<br/>Foo-128k") gives each
		// the row's values.
		for _, m := range cellModels(cell(cells, c.model), model) {
			s.modelRow(cells, c, m, ln, plainRow)
		}
	}
	for k := first; k < len(s.res.Facts); k++ {
		s.res.Facts[k].Binding = bind
	}
	for k, cl := range cells {
		if k == c.base {
			continue
		}
		s.links(cl, ln, model)
	}
}

// reQuant is a quantisation format or precision that makes an artefact a
// quantised variant of a model (BF16/FP16 are the main weights).
var reQuant = regexp.MustCompile(`(?i)(?:^|[\s_(/-])(?:AWQ|GPTQ|GGUF|GGML|EXL2|HQQ|MLX|bnb|bitsandbytes|FP8|FP4|NVFP4|MXFP4|INT4|INT8|W4A16|W8A8|W4A8|[48]-?bit|Q[2-8]_K(?:_[SML])?|Q[48]_0)(?:$|[\s_)/-])`)

// quantisedRow reports a table row about a quantised artefact: its model
// cell, or a cell other than the download links, names a quantisation.
func quantisedRow(cells []string, c columns) bool {
	for k, cl := range cells {
		if k == c.download {
			continue
		}
		p := Plain(cl)
		if k != c.model && len(p) > 24 {
			continue // a description, not a precision cell
		}
		if reQuant.MatchString(p) {
			return true
		}
	}
	return false
}

// modelRow reports the facts of one model table row about model.
func (s *scanner) modelRow(cells []string, c columns, model string, ln int, plainRow string) {
	if v := Plain(cell(cells, c.total)); v != "" {
		if m := reMoE.FindStringSubmatch(v); m != nil && strings.TrimSpace(v) == strings.TrimSpace(m[0]) {
			s.moe(m, model, loc(ln), plainRow)
		} else if q, ok := ParseCount(v, UnitParams); ok {
			s.add(Fact{Field: catalog.FieldParamsTotal, Model: model, Value: v, Quantity: &q, Locator: loc(ln), Quote: plainRow})
		}
	}
	if v := Plain(cell(cells, c.active)); v != "" {
		if q, ok := ParseCount(v, UnitParams); ok {
			s.add(Fact{Field: catalog.FieldParamsActive, Model: model, Value: v, Quantity: &q, Locator: loc(ln), Quote: plainRow})
		}
	}
	if v := Plain(cell(cells, c.context)); v != "" {
		if q, ok := ParseContext(v); ok {
			s.add(Fact{Field: catalog.FieldContextLength, Model: model, Value: v, Quantity: &q, Locator: loc(ln), Quote: plainRow})
		}
	}
	if v := Plain(cell(cells, c.tokens)); v != "" {
		if m := reAnyCount.FindString(v); m != "" {
			if q, ok := ParseCount(Space(m), UnitTokens); ok && q.Value >= 1e6 {
				s.add(Fact{Field: catalog.FieldTrainingTokens, Model: model, Value: Space(m), Quantity: &q, Locator: loc(ln), Quote: plainRow})
			}
		}
	}
	if v := Plain(cell(cells, c.base)); v != "" && strings.Trim(v, "-–— ") != "" {
		s.add(Fact{Field: catalog.FieldBaseModel, Model: model, Value: v, Locator: loc(ln), Quote: plainRow})
	}
	if m := reSizeInNm.FindStringSubmatch(model); m != nil {
		if q, ok := ParseCount(m[1]+"B", UnitParams); ok {
			s.add(Fact{Field: catalog.FieldModelSizes, Model: model, Value: m[1] + "B", Quantity: &q, Locator: loc(ln), Quote: plainRow})
		}
	}
}

// leadingNames returns the model names a sentence starts with
// ("A-1 & A-2 are …" → [A-1 A-2]).
func leadingNames(sent string) []string {
	var names []string
	rest := sent
	for len(names) < 12 {
		m := reNameStart.FindString(rest)
		if m == "" || !validName(m) {
			break
		}
		names = append(names, m)
		rest = rest[len(m):]
		sep := reListSep.FindString(rest)
		if sep == "" {
			break
		}
		rest = rest[len(sep):]
	}
	return names
}

// nameBefore returns the model name directly before a value ("Foo-Pro with 1.6T").
func nameBefore(prefix string) string {
	if len(prefix) > 200 {
		prefix = prefix[len(prefix)-200:]
	}
	if m := reNameWith.FindStringSubmatch(prefix); m != nil && validName(m[1]) {
		return m[1]
	}
	return ""
}

// reSubjectVerb is what may stand between a sentence's leading model name and
// the count it states: an optional parenthesis or appositive set off by
// commas ("Foo-2-671B, built on Foo-1-Base, has …"), then a verb of having.
var reSubjectVerb = regexp.MustCompile(`^\s*(?:\([^()]{0,80}\)|,[^,.;]{0,80},)?\s*(?:has|have|had|with|comprises|contains|features|totals|拥有|具有)\s*(?:a total of\s+|in total\s+|about\s+|approximately\s+)?$`)

// nameFor returns the model a count at sent[at:] is about: the name directly
// before it ("Foo-Pro with 1.6T"), else the sentence's single leading name
// when only a verb of having (and an appositive) separates it from the count
// ("Foo-2-671B, built on Foo-1-Base, has 671,000,000,000 parameters").
func nameFor(sent string, at int) string {
	if n := nameBefore(sent[:at]); n != "" {
		return n
	}
	lead := reNameStart.FindString(sent)
	if lead == "" || !validName(lead) || at < len(lead) || at-len(lead) > 200 {
		return ""
	}
	if reSubjectVerb.MatchString(sent[len(lead):at]) {
		return lead
	}
	return ""
}

// clauseSeps end a clause: what follows speaks of another model ("Foo has
// 355B, while Foo-Air adopts … 106B").
var clauseSeps = []string{", while ", " while ", ", whereas ", " whereas ", "; ", ", and ", ", but ", " but ", "；"}

// reSizeModel is a model named by its size alone: "the 27B model", "our 9B
// variant".
var reSizeModel = regexp.MustCompile(`(?i)\b(?:the|our|a|an|its)?\s*(\d{1,4}(?:\.\d{1,3})?\s?[BM])[- ](?:parameter\s+)?(?:model|variant|version|checkpoint)s?\b`)

// clauseName returns the model the clause holding sent[at] is about when
// nameFor finds none: the last model name (or "the 27B model") stated in the
// clause before the value, with no other value in between — when the
// sentence is split into clauses ("…, while Foo-Air has 106B") or names
// several models by size ("the 27B model … 13T, the 9B model … 8T"). A
// sentence that merely mentions one other model ("Compared with Foo-V2, it
// has 236B") binds nothing.
func clauseName(sent string, at int) string {
	if n := nameFor(sent, at); n != "" {
		return n
	}
	start := 0
	for _, sep := range clauseSeps {
		if k := strings.LastIndex(sent[:at], sep); k >= 0 && k+len(sep) > start {
			start = k + len(sep)
		}
	}
	bySize := len(reSizeModel.FindAllString(sent, 3)) > 1
	if start == 0 && !bySize {
		return ""
	}
	clause := sent[start:at]
	last, end := "", -1
	for _, m := range reName.FindAllStringIndex(clause, 16) {
		if n := clause[m[0]:m[1]]; validName(n) && m[1] > end {
			last, end = n, m[1]
		}
	}
	for _, m := range reSizeModel.FindAllStringSubmatchIndex(clause, 8) {
		if m[1] > end {
			last, end = strings.ReplaceAll(clause[m[2]:m[3]], " ", ""), m[1]
		}
	}
	if last == "" || start == 0 && reAnyCount.MatchString(clause[end:]) {
		return ""
	}
	return last
}

// validName rejects capitalised ordinary words that merely look like names
// ("Pre-trained", "Step-by-step"): a model name carries a digit or a second
// capital letter.
func validName(n string) bool {
	for i, r := range n {
		if i > 0 && (r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return true
		}
	}
	return false
}

// Names returns the model names text states, in order, each once: tokens of
// a model name's shape (see package doc) that carry a digit or a second
// capital letter ("Foo-V2-Lite", "FooMoE 16B"). At most 32.
func Names(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range reName.FindAllString(text, 64) {
		if validName(n) && !seen[n] && len(out) < 32 {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// reIntro is an abstract's way of introducing its subject ("We present
// Foo-V3, …", "We also release Foo-V2-Lite, …").
var reIntro = regexp.MustCompile(`^(?:In this (?:paper|work|report),?\s+)?(?:[Ww]e\s+(?:also\s+|further\s+)?(?:present|release|introduce|propose|open-source|describe|build|develop)\s+)`)

// LeadingName returns the model a sentence is about when it opens with one:
// "Foo-V2 is …", "We present Foo-V3, …"; "" otherwise.
func LeadingName(sent string) string {
	if m := reIntro.FindString(sent); m != "" {
		sent = sent[len(m):]
	}
	if n := reNameStart.FindString(sent); n != "" && validName(n) {
		return n
	}
	return ""
}

// firstName returns the first valid model name in text.
func firstName(text string) string {
	for _, n := range reName.FindAllString(text, 20) {
		if validName(n) {
			return n
		}
	}
	return ""
}

type span struct{ a, b int }

func overlaps(spans []span, a, b int) bool {
	for _, sp := range spans {
		if a < sp.b && sp.a < b {
			return true
		}
	}
	return false
}

func sizeRange(text string) (catalog.Quantity, bool) {
	var lo, hi float64
	for _, t := range reSizeTokWords.FindAllString(text, -1) {
		q, ok := ParseCount(Space(t), UnitParams)
		if !ok {
			continue
		}
		if lo == 0 || q.Value < lo {
			lo = q.Value
		}
		if q.Value > hi {
			hi = q.Value
		}
	}
	if lo == 0 {
		return catalog.Quantity{}, false
	}
	q := catalog.Quantity{Value: lo, Unit: UnitParams}
	if hi > lo {
		q.Max = hi
	}
	return q, true
}

func (s *scanner) sentence(sent string, ln int) {
	l := loc(ln)
	if strings.ContainsAny(sent, "0123456789") || strings.Contains(sent, "million") || strings.Contains(sent, "languages") {
		s.quantities(sent, l)
	}
	if m := reBase.FindStringSubmatch(sent); m != nil && validName(m[1]) {
		names := leadingNames(sent)
		if len(names) == 0 {
			names = []string{""}
		}
		for _, n := range names {
			if n == m[1] {
				continue
			}
			s.add(Fact{Field: catalog.FieldBaseModel, Model: n, Value: m[1], Locator: l, Quote: sent})
		}
	}
	s.byline(sent, l)
	if s.license || reLicenseKW.MatchString(sent) {
		s.licenseSentence(sent, l)
	}
	if m := reStatusSen.FindStringSubmatch(sent); m != nil {
		s.status(strings.ToLower(m[1]), l, sent)
	}
}

// reRangeBefore: the text before a value ends in the start of a range ("from
// 0.5 to", "from 1B up to", "between 7 and"), so the value is the range's
// upper end, not one model's count.
var reRangeBefore = regexp.MustCompile(`(?i)\b(?:from|between)\s+\d[\d.,]*\s*(?:[BTM]|billion|trillion|million)?\s+(?:to|up to|and|-|–)\s*$`)

// activatedList reports a size list sent[a:b] that counts activated
// parameters: "activate"/"activated" just before or after it.
func activatedList(sent string, a, b int) bool {
	lo, hi := max(0, a-16), min(len(sent), b+24)
	return strings.Contains(strings.ToLower(sent[lo:a]), "activ") || strings.Contains(strings.ToLower(sent[b:hi]), "activ")
}

// quantities finds counts, sizes, context lengths and language counts.
func (s *scanner) quantities(sent, l string) {
	// "a 7-billion-parameter model", "a 3.8B-parameter model": read as words
	// (same length, so offsets hold; quotes stay verbatim).
	q := &sentenceCounts{
		s:    s,
		orig: sent,
		sent: reHyphenCount.ReplaceAllStringFunc(sent, func(m string) string { return strings.ReplaceAll(m, "-", " ") }),
		l:    l,
	}
	q.respectively()
	q.totalAndActive()
	// model size lists: "sizes of 1B, 5.7B, 6.7B and 33B", "7B and 671B parameters",
	// "ranging from 1B to 33B", "7B/67B".
	q.moeSizes()
	q.bareSizeRanges()
	q.sizeLists()
	q.paramCounts()
	q.cjkParamCounts()
	q.trainingTokens()
	q.contextLengths()
	q.languages()
}

// sentenceCounts is one sentence being read for counts: sent is the sentence
// with hyphenated counts spelt as words, orig the sentence as written (the
// quote), l its locator; used holds the spans of sent that a pattern already
// read, so that a later, looser pattern does not read them again.
type sentenceCounts struct {
	s          *scanner
	sent, orig string
	l          string
	used       []span
}

// fact is a fact of the sentence, quoting it as written.
func (q *sentenceCounts) fact(field, model, value string, qty *catalog.Quantity) Fact {
	return Fact{Field: field, Model: model, Value: value, Quantity: qty, Locator: q.l, Quote: q.orig}
}

// respectively reads "A, B and C, with 1.0B, 2.8B and 4.5B activated
// parameters respectively": each name gets its size.
func (q *sentenceCounts) respectively() {
	sent := q.sent
	if !strings.Contains(sent, "respectively") {
		return
	}
	m := reRespect.FindStringSubmatchIndex(sent)
	if m == nil {
		return
	}
	names := reName.FindAllString(sent[m[2]:m[3]], -1)
	sizes := reSizeTok.FindAllString(sent[m[4]:m[5]], -1)
	field := catalog.FieldParamsTotal
	if m[6] >= 0 && strings.HasPrefix(strings.ToLower(sent[m[6]:m[7]]), "activ") {
		field = catalog.FieldParamsActive
	}
	if len(names) != len(sizes) {
		return
	}
	for k := range names {
		v := strings.ReplaceAll(sizes[k], " ", "")
		if n, ok := ParseCount(v, UnitParams); ok {
			q.s.add(q.fact(field, names[k], v, &n))
		}
	}
	q.used = append(q.used, span{m[0], m[1]})
}

// totalAndActive reads a total and an activated count stated together
// ("236B total parameters, of which 21B are activated").
func (q *sentenceCounts) totalAndActive() {
	sent := q.sent
	for _, m := range reTotalActive.FindAllStringSubmatchIndex(sent, -1) {
		if overlaps(q.used, m[0], m[1]) || glued(sent, m[2]) || bounded(sent[:m[0]]) {
			continue
		}
		model := clauseName(sent, m[0])
		tv, av := Space(sent[m[2]:m[3]]), Space(sent[m[4]:m[5]])
		if n, ok := ParseCount(tv, UnitParams); ok {
			q.s.add(q.fact(catalog.FieldParamsTotal, model, tv, &n))
		}
		if n, ok := ParseCount(av, UnitParams); ok {
			q.s.add(q.fact(catalog.FieldParamsActive, model, av, &n))
		}
		q.used = append(q.used, span{m[0], m[1]})
	}
}

// moeSizes reads MoE sizes in prose ("the 30B-A3B model Foo-Flash"), never
// one that is part of a model's name ("Qwen3-235B-A22B").
func (q *sentenceCounts) moeSizes() {
	sent := q.sent
	for _, m := range findAllIf(strings.Contains(sent, "-A"), reMoEProse, sent) {
		if overlaps(q.used, m[0], m[1]) || m[0] > 0 && (sent[m[0]-1] == '-' || sent[m[0]-1] == '_' || isAlnum(sent[m[0]-1])) {
			continue // "Qwen3-235B-A22B": a size inside another model's name
		}
		model := ""
		if m[6] >= 0 && validName(sent[m[6]:m[7]]) {
			model = sent[m[6]:m[7]]
		} else {
			model = clauseName(sent, m[0])
		}
		q.s.moe([]string{sent[m[0]:m[1]], sent[m[2]:m[3]], sent[m[4]:m[5]]}, model, q.l, sent)
		if m[6] >= 0 {
			q.used = append(q.used, span{m[0], m[1]})
		}
	}
}

// bareSizeRanges reads a size range whose start borrows the end's magnitude
// ("ranging from 0.5 to 100 billion parameters").
func (q *sentenceCounts) bareSizeRanges() {
	sent := q.sent
	for _, m := range findAllIf(strings.Contains(sent, "from"), reSizeRangeBare, sent) {
		if overlaps(q.used, m[2], m[7]) || activatedList(sent, m[2], m[7]) {
			continue
		}
		mag := sent[m[6]:m[7]]
		lo, ok1 := ParseCount(sent[m[2]:m[3]]+" "+mag, UnitParams)
		hi, ok2 := ParseCount(sent[m[4]:m[5]]+" "+mag, UnitParams)
		if ok1 && ok2 && lo.Value < hi.Value {
			n := catalog.Quantity{Value: lo.Value, Max: hi.Value, Unit: UnitParams}
			q.s.add(q.fact(catalog.FieldModelSizes, nameBefore(sent[:m[0]]), sent[m[2]:m[7]], &n))
			q.used = append(q.used, span{m[2], m[7]})
		}
	}
}

// sizeLists reads lists, ranges and slashed pairs of model sizes ("sizes of
// 1B, 5.7B and 33B", "from 1B to 33B", "7B/67B"); a list of activated counts
// is skipped.
func (q *sentenceCounts) sizeLists() {
	sent := q.sent
	for _, re := range []*regexp.Regexp{reSizeList1, reSizeList2, reSizeList3, reSizeListWords, reSizeRange, reSizeFromTo, reSizeSlash} {
		for _, m := range re.FindAllStringSubmatchIndex(sent, -1) {
			a, b := m[2], m[3]
			if re == reSizeRange || re == reSizeFromTo {
				b = m[5]
			}
			if overlaps(q.used, a, b) {
				continue
			}
			if activatedList(sent, a, b) {
				q.used = append(q.used, span{a, b})
				continue // "activate 1.0B, 2.8B and 4.5B parameters": not the sizes
			}
			if n, ok := sizeRange(sent[a:b]); ok {
				f := q.fact(catalog.FieldModelSizes, nameBefore(sent[:m[0]]), sent[a:b], &n)
				if f.Model == "" {
					f.Binding = BindSeries // a list or range of sizes is the family's
				}
				q.s.add(f)
			}
			q.used = append(q.used, span{a, b})
		}
	}
}

// paramCounts reads single parameter counts ("671B parameters", "37B
// activated parameters").
func (q *sentenceCounts) paramCounts() {
	sent := q.sent
	for _, m := range reOneParam.FindAllStringSubmatchIndex(sent, -1) {
		if overlaps(q.used, m[0], m[1]) || glued(sent, m[2]) || bounded(sent[:m[0]]) {
			continue
		}
		f, ok := q.paramCount(m, 6)
		if !ok {
			continue
		}
		if f.Model == "" && reRangeBefore.MatchString(sent[:m[0]]) {
			f.Binding = BindSeries // "ranging from 0.5 to 72 billion parameters": the upper end of a range
		}
		q.s.add(f)
	}
}

// cjkParamCounts reads Chinese parameter counts: "拥有 3550 亿总参数量，其中
// 320 亿活跃参数" (亿 = 1e8).
func (q *sentenceCounts) cjkParamCounts() {
	sent := q.sent
	for _, m := range findAllIf(strings.Contains(sent, "参数"), reCJKParams, sent) {
		if overlaps(q.used, m[0], m[1]) {
			continue
		}
		if f, ok := q.paramCount(m, 4); ok {
			q.s.add(f)
		}
	}
}

// paramCount is the parameter count of match m (its first group), an
// activated count when the group starting at m[active] matched, about the
// model of the clause it stands in.
func (q *sentenceCounts) paramCount(m []int, active int) (Fact, bool) {
	v := Space(q.sent[m[2]:m[3]])
	n, ok := ParseCount(v, UnitParams)
	if !ok {
		return Fact{}, false
	}
	field := catalog.FieldParamsTotal
	if m[active] >= 0 {
		field = catalog.FieldParamsActive
	}
	return q.fact(field, clauseName(q.sent, m[0]), v, &n), true
}

// trainingTokens reads a training corpus size in a sentence about training
// ("trained on 14.8 trillion tokens"), never a price unit or an upper bound.
func (q *sentenceCounts) trainingTokens() {
	sent := q.sent
	if !reTrainKW.MatchString(sent) {
		return
	}
	for _, m := range reTokens.FindAllStringSubmatchIndex(sent, -1) {
		words := strings.ToLower(sent[m[6]:m[7]])
		if strings.Contains(words, "param") || strings.Contains(words, "activ") || strings.Contains(words, "train") {
			continue
		}
		if before := strings.ToLower(strings.TrimSpace(sent[:m[0]])); strings.HasSuffix(before, " per") || before == "per" || strings.HasSuffix(before, "$") {
			continue // a price unit ("$0.28 per 1,000,000,000 tokens"), not a corpus
		} else if strings.HasSuffix(before, "up to") {
			continue // "trained on up to 5T tokens": the largest of several, not the value
		}
		v := Space(sent[m[4]:m[5]])
		n, ok := ParseCount(v, UnitTokens)
		if !ok || strings.Contains(v, ",") && n.Value < 1e9 {
			continue
		}
		n.Approx = m[2] >= 0
		q.s.add(q.fact(catalog.FieldTrainingTokens, clauseName(sent, m[0]), Space(sent[m[0]:m[5]]), &n))
	}
}

// contextLengths reads context lengths stated after the words ("context
// length of 128K") or before them ("a 128K-token context window"), about the
// sentence's single leading sized model name when it has one.
func (q *sentenceCounts) contextLengths() {
	sent := q.sent
	ctxModel := ""
	if names := leadingNames(sent); len(names) == 1 && reSizeInNm.MatchString(names[0]) && strings.ContainsAny(names[0], "-") {
		ctxModel = names[0]
	}
	for _, k := range reCtxKW.FindAllStringIndex(sent, -1) {
		tail := sent[k[1]:]
		if len(tail) > 80 {
			tail = tail[:80]
		}
		v := ""
		if m := reCtxFrom.FindStringSubmatch(tail); m != nil {
			v = m[2]
		} else if m := reCtxValue.FindStringSubmatch(tail); m != nil {
			v = m[1]
		}
		if v == "" {
			continue
		}
		n, ok := ParseContext(v)
		if !ok || n.Value < 512 {
			continue
		}
		q.s.add(q.fact(catalog.FieldContextLength, ctxModel, v, &n))
	}
	for _, mi := range reCtxBefore.FindAllStringSubmatchIndex(sent, -1) {
		if mi[0] > 0 && sent[mi[0]-1] == '(' {
			continue // "On RULER (128k context length)": a benchmark's setting, not the model's
		}
		v := sent[mi[2]:mi[3]]
		if n, ok := ParseContext(v); ok && n.Value >= 512 {
			q.s.add(q.fact(catalog.FieldContextLength, ctxModel, v, &n))
		}
	}
}

// languages reads a count of languages: "in addition to …" lists, "from 80
// to 338 languages", else every "N languages" of the sentence.
func (q *sentenceCounts) languages() {
	sent := q.sent
	if m := findIf(strings.Contains(sent, "addition"), reInAddition, sent); m != nil {
		if n, _, ok := languageCount(m[0]); ok {
			q.s.add(q.languageFact(m[0], n))
		}
	} else if m := reLangFrom.FindStringSubmatch(sent); m != nil {
		if n, err := strconv.Atoi(m[2]); err == nil && n > 1 {
			q.s.add(q.languageFact(m[2], n))
		}
	} else {
		for _, m := range reLangN.FindAllStringSubmatch(sent, -1) {
			if n, err := strconv.Atoi(m[1]); err == nil && n > 1 {
				q.s.add(q.languageFact(m[1], n))
			}
		}
	}
}

// languageFact is a languages fact: value as stated, n the count.
func (q *sentenceCounts) languageFact(value string, n int) Fact {
	return q.fact(catalog.FieldLanguages, "", value, &catalog.Quantity{Value: float64(n), Unit: UnitLanguages})
}

func (s *scanner) licenseSentence(sent, l string) {
	var names []string
	for _, ix := range reLicenseName.FindAllStringIndex(sent, -1) {
		if reLicenseModifier.MatchString(sent[:ix[0]]) || reLicenseModifierAfter.MatchString(sent[ix[1]:]) {
			continue // "Modified MIT License" is another licence than MIT
		}
		names = append(names, sent[ix[0]:ix[1]])
	}
	if len(names) == 0 {
		return
	}
	lower := strings.ToLower(sent)
	models := []string{""}
	if strings.Contains(lower, "derived from") {
		if lead := leadingNames(sent); len(lead) > 0 {
			models = lead
		}
	} else if strings.Contains(lower, "code") && !strings.Contains(lower, "model") && !strings.Contains(lower, "weights") {
		models = []string{ScopeCode}
	}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if low := strings.ToLower(n); strings.HasPrefix(low, "the ") {
			n = strings.TrimSpace(n[4:])
		} else if strings.HasPrefix(low, "a ") || strings.HasPrefix(low, "our ") || strings.HasPrefix(low, "this ") {
			n = strings.TrimSpace(n[strings.Index(n, " ")+1:])
		}
		for _, m := range models {
			s.add(Fact{Field: catalog.FieldLicense, Model: m, Value: n, Locator: l, Quote: sent})
		}
	}
}

// news reads a dated news bullet ("- 2024.05.16: We released Foo-Lite.").
func (s *scanner) news(plain string, ln int) {
	m := reNews.FindStringSubmatch(plain)
	if m == nil && reNewsKW.MatchString(plain) {
		// A news line that opens with a prose date ("May 6, 2024: We released …").
		if ds := parseDates(plain, 1); len(ds) == 1 && ds[0].Start <= 2 {
			d := catalogDate(ds[0].Date)
			if d.Precision == catalog.PrecisionDay {
				if model := firstName(plain[ds[0].End:]); model != "" {
					s.add(Fact{Field: catalog.FieldReleased, Model: model, Value: ds[0].Text, Date: &d, Locator: loc(ln), Quote: plain})
				}
			}
		}
		return
	}
	if m == nil || !reNewsKW.MatchString(plain) {
		return
	}
	d, ok := ParseDate(m[1])
	if !ok {
		return
	}
	rest := plain
	if k := strings.Index(plain, m[1]); k >= 0 {
		rest = plain[k+len(m[1]):]
	}
	model := firstName(rest)
	if model == "" {
		return
	}
	s.add(Fact{Field: catalog.FieldReleased, Model: model, Value: m[1], Date: &d, Locator: loc(ln), Quote: plain})
}

var statusWords = []struct {
	canon string
	re    *regexp.Regexp
}{
	{"preview", regexp.MustCompile(`(?i)\bpreview\b`)},
	{"experimental", regexp.MustCompile(`(?i)\bexperimental\b`)},
	{"experimental", reExp},
	{"distilled", regexp.MustCompile(`(?i)\bdistill`)},
	{"speciale", regexp.MustCompile(`(?i)\bspeciale\b`)},
}

func (s *scanner) status(canon, l, quote string) {
	if s.statuses[canon] {
		return
	}
	s.statuses[canon] = true
	s.add(Fact{Field: catalog.FieldReleaseStatus, Value: canon, Locator: l, Quote: quote})
}

// findLine returns the first body line (outside code) matching re.
func (s *scanner) findLine(re *regexp.Regexp) (int, string) {
	fence := false
	for i, raw := range s.lines {
		t := strings.TrimSpace(raw)
		if reFence.MatchString(t) {
			fence = !fence
			continue
		}
		if fence || len(raw) > maxLine {
			continue
		}
		if p := Plain(raw); re.MatchString(p) {
			return i + 1, p
		}
	}
	return 0, ""
}

func (s *scanner) finish() {
	if !s.deployH && s.deployC != nil {
		s.add(*s.deployC)
	}
	// Release-status words in the title (H1) or in the page's own name, quoted
	// from the first line of the body that states them.
	titles := strings.Join(s.h1, " ") + " " + s.opt.Name
	for _, w := range statusWords {
		if s.statuses[w.canon] || !w.re.MatchString(titles) {
			continue
		}
		if ln, line := s.findLine(w.re); ln > 0 {
			s.status(w.canon, loc(ln), line)
		}
	}
	if s.maxText >= 0 && s.text.Len() > 0 {
		t := Space(s.text.String())
		s.add(Fact{Field: FieldText, Value: t, Locator: "body", Quote: t})
	}
	if !s.res.Has(catalog.FieldParamsTotal) && !s.res.Has(catalog.FieldParamsActive) && !s.res.Has(catalog.FieldModelSizes) {
		s.res.Missing = append(s.res.Missing, catalog.FieldParamsTotal)
	}
	for _, f := range []string{catalog.FieldContextLength, catalog.FieldLicense, FieldArXivLink} {
		if !s.res.Has(f) {
			s.res.Missing = append(s.res.Missing, f)
		}
	}
}

// String renders a fact for debugging and test failure messages.
func (f Fact) String() string {
	q := ""
	if f.Quantity != nil {
		q = fmt.Sprintf(" q=%g", f.Quantity.Value)
		if f.Quantity.Max > 0 {
			q += fmt.Sprintf("..%g", f.Quantity.Max)
		}
	}
	if f.Date != nil {
		q += " d=" + f.Date.String()
	}
	return fmt.Sprintf("%s[%s]=%q%s @%s", f.Field, f.Model, f.Value, q, f.Locator)
}

// reTrainingQualifier is a trailing "(SFT)", "(RL)", "(DPO)"… after a model
// name in a table row: how the row's model was trained, not part of its name
// ("DeepSeek-V2-Chat (RL)" is the model DeepSeek-V2-Chat).
var reTrainingQualifier = regexp.MustCompile(`\s*\((?:SFT|RL|DPO|RLHF|SFT\s*\+\s*RL)\)$`)

func rowModel(name string) string {
	return reTrainingQualifier.ReplaceAllString(name, "")
}

// linksToSelf reports whether a table cell links to the page's own model
// (".../owner/name" ending the link target), self "owner/name".
func linksToSelf(cellText, self string) bool {
	if self == "" {
		return false
	}
	low, want := strings.ToLower(cellText), "/"+strings.ToLower(self)
	for i := strings.Index(low, want); i >= 0; {
		end := i + len(want)
		if end == len(low) || strings.ContainsRune(")/\"'> ?#", rune(low[end])) {
			return true
		}
		j := strings.Index(low[end:], want)
		if j < 0 {
			break
		}
		i = end + j
	}
	return false
}
