// Package arxiv extracts observations from arXiv: the export API's Atom feed
// (record kind arxiv-query, a batch of ids) and the abs page (record kind
// arxiv-abs, one id with its full submission history).
package arxiv

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/extract/mdfacts"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Namespaces of the arXiv Atom API (both the legacy 2016 format, which
// declares them inline per element, and the current one, which declares them
// on the root; encoding/xml resolves both the same way).
const (
	nsAtom       = "http://www.w3.org/2005/Atom"
	nsArXiv      = "http://arxiv.org/schemas/atom"
	nsOpenSearch = "http://a9.com/-/spec/opensearch/1.1/"
)

// Extract reads an arXiv record: the Atom API answer for KindArXivQuery, the
// abs page for KindArXivAbs. Any other kind is sniffed from the body.
func Extract(rec record.Record) extract.Result {
	switch rec.Resource.Kind {
	case record.KindArXivAbs:
		return extractAbs(rec)
	case record.KindArXivQuery:
		return extractAtom(rec)
	case record.KindArXivHTML:
		return extractFullText(rec)
	case record.KindArXivSearch:
		return extractSearch(rec) // search.go
	}
	head := bytes.TrimSpace(rec.Body)
	if len(head) > 512 {
		head = head[:512]
	}
	if bytes.HasPrefix(head, []byte("<?xml")) || bytes.HasPrefix(head, []byte("<feed")) {
		return extractAtom(rec)
	}
	return extractAbs(rec)
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"http://www.w3.org/2005/Atom title"`
	Total   string      `xml:"http://a9.com/-/spec/opensearch/1.1/ totalResults"`
	Entries []atomEntry `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomEntry struct {
	ID         *string `xml:"http://www.w3.org/2005/Atom id"`
	Title      *string `xml:"http://www.w3.org/2005/Atom title"`
	Summary    *string `xml:"http://www.w3.org/2005/Atom summary"`
	Published  *string `xml:"http://www.w3.org/2005/Atom published"`
	Updated    *string `xml:"http://www.w3.org/2005/Atom updated"`
	Comment    *string `xml:"http://arxiv.org/schemas/atom comment"`
	JournalRef *string `xml:"http://arxiv.org/schemas/atom journal_ref"`
	DOI        *string `xml:"http://arxiv.org/schemas/atom doi"`
}

// absIDRe splits an entry id URL ("http://arxiv.org/abs/2405.04434v5",
// "…/abs/hep-ex/0406020v1") into the bare id and its version.
var absIDRe = regexp.MustCompile(`/abs/([A-Za-z.\-]+/\d{7}|\d{4}\.\d{4,5})(?:v(\d+))?/?$`)

// bareIDRe matches a requested id, optionally with a version.
var bareIDRe = regexp.MustCompile(`^([A-Za-z.\-]+/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?$`)

// SplitID returns the unversioned id and the version number (0 when absent)
// of an arXiv id or abs URL: "2405.04434v5" → ("2405.04434", 5).
func SplitID(s string) (string, int) {
	s = strings.TrimSpace(s)
	if m := absIDRe.FindStringSubmatch(s); m != nil {
		return m[1], extract.Digits(m[2])
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "arXiv:"), "arxiv:")
	if bareIDRe.MatchString(s) {
		if i := strings.LastIndex(s, "v"); i > 0 && !strings.Contains(s[i:], "/") && !strings.Contains(s[i:], ".") {
			if v := extract.Digits(s[i+1:]); v > 0 {
				return s[:i], v
			}
		}
		return s, 0
	}
	return "", 0
}

// extractAtom reads an Atom API answer: each entry's facts, and a health
// item for every requested id the feed does not answer for.
func extractAtom(rec record.Record) extract.Result {
	var res extract.Result
	requested := requestedIDs(rec)
	feed, problem := decodeFeed(rec.Body)
	if problem != "" {
		healthAll(&res, rec, requested, "", problem)
		return res
	}
	found := map[string]bool{}
	for i, e := range feed.Entries {
		id, entry := readEntry(rec, i+1, e)
		if id != "" {
			found[id] = true
		}
		res.Merge(entry)
	}
	missingIDs(&res, rec, feed, requested, found)
	return res
}

// decodeFeed parses an Atom feed; problem says why the feed does not answer
// (not an Atom feed, or an API error), "" when it does.
func decodeFeed(body []byte) (feed atomFeed, problem string) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	if err := dec.Decode(&feed); err != nil {
		return feed, fmt.Sprintf("not an Atom feed: %v", err)
	}
	// An API error answers with a single entry titled "Error" whose id points
	// into /api/errors; the feed did not answer the question.
	for _, e := range feed.Entries {
		if e.Title != nil && strings.TrimSpace(*e.Title) == "Error" && e.ID != nil && strings.Contains(*e.ID, "/api/errors") {
			problem := "arXiv API error"
			if e.Summary != nil {
				problem += ": " + extract.NormalizeSpace(*e.Summary)
			}
			return feed, problem
		}
	}
	return feed, ""
}

// entryReader reads entry n (1-based) of a feed into its builder.
type entryReader struct {
	*extract.Builder
	n int
}

// loc is the locator of an element of the entry: "entry[2]/title".
func (r entryReader) loc(elem string) string { return fmt.Sprintf("entry[%d]/%s", r.n, elem) }

// readEntry reads entry n (1-based): the paper's id (returned; "" when the
// entry has none) and what the entry states about it.
func readEntry(rec record.Record, n int, e atomEntry) (string, extract.Result) {
	r := entryReader{Builder: &extract.Builder{Rec: rec, Subject: extract.PrefixArXiv + "?"}, n: n}
	if e.ID == nil {
		r.Health(extract.FieldExists, r.loc("id")+" missing")
		return "", r.Result
	}
	rawID := extract.NormalizeSpace(*e.ID)
	id, version := SplitID(rawID)
	if id == "" {
		r.Health(extract.FieldExists, fmt.Sprintf("%s %q is not an arXiv abs URL", r.loc("id"), rawID))
		return "", r.Result
	}
	r.Subject = extract.PrefixArXiv + id
	r.Add(extract.FieldExists, "true", r.loc("id"), rawID, nil)
	if version > 0 {
		r.Add(extract.FieldLatestVersion, fmt.Sprintf("v%d", version), r.loc("id"), rawID, nil)
	} else {
		r.Health(extract.FieldLatestVersion, r.loc("id")+" carries no version")
	}
	title := ""
	if e.Title != nil {
		title = extract.NormalizeSpace(*e.Title)
	}
	if title != "" {
		r.Add(catalog.FieldTitle, title, r.loc("title"), title, nil)
	} else {
		r.Health(catalog.FieldTitle, r.loc("title")+" missing or empty")
	}
	r.date(catalog.FieldPublished, "published", e.Published)
	r.date(extract.FieldUpdated, "updated", e.Updated)
	r.optional(extract.FieldComment, "arxiv:comment", e.Comment)
	r.optional(extract.FieldJournalRef, "arxiv:journal_ref", e.JournalRef)
	r.optional(extract.FieldDOI, "arxiv:doi", e.DOI)
	r.summary(title, e.Summary)
	return id, r.Result
}

// date records the date element elem as field, or says it is missing or
// not a date.
func (r entryReader) date(field, elem string, p *string) {
	if p == nil || strings.TrimSpace(*p) == "" {
		r.Health(field, r.loc(elem)+" missing")
		return
	}
	v := extract.NormalizeSpace(*p)
	d, ok := extract.ParseDate(v)
	if !ok {
		r.Health(field, fmt.Sprintf("%s %q is not a date", r.loc(elem), v))
		return
	}
	r.Add(field, v, r.loc(elem), v, d)
}

// optional records the element elem as field when the entry has it.
func (r entryReader) optional(field, elem string, p *string) {
	if p == nil {
		return
	}
	if v := extract.NormalizeSpace(*p); v != "" {
		r.Add(field, v, r.loc(elem), v, nil)
	}
}

// summary records the paper's text (title and abstract) and the facts its
// abstract states.
func (r entryReader) summary(title string, p *string) {
	summary := ""
	if p != nil {
		summary = extract.NormalizeSpace(*p)
	}
	if summary == "" {
		r.Health(extract.FieldText, r.loc("summary")+" missing or empty")
	}
	if text := joinText(title, summary); text != "" {
		r.Add(extract.FieldText, text, r.loc("summary"), summary, nil)
	}
	for _, f := range AbstractFacts(summary) {
		r.Result.Observations = append(r.Result.Observations, extract.Observation{
			Subject: r.Subject, Model: f.Model, Binding: abstractBinding(f), Field: f.Field, Value: f.Value, Quantity: f.Quantity,
			Evidence: r.Rec.Evidence(r.loc("summary"), extract.TruncateQuote(f.Quote)),
		})
	}
}

// missingIDs raises a health item for each requested id the feed did not
// return (and one when a feed answering no particular ids is empty).
//
// The API drops an unknown id silently, but it also answers 200 with an
// empty or short feed when it is unwell (no entries, or totalResults above
// the entries it sent), so an absence is no answer: the ids get a health
// item (the claim stays unverified), never exists=false. Only an abs page
// that answers 404 says a paper does not exist.
func missingIDs(res *extract.Result, rec record.Record, feed atomFeed, requested []string, found map[string]bool) {
	var missing []string
	for _, id := range requested {
		if !found[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		problem := fmt.Sprintf("the feed returned %d entries for %d requested ids", len(feed.Entries), len(requested))
		if t := strings.TrimSpace(feed.Total); t != "" {
			problem += fmt.Sprintf(" (totalResults %s)", t)
		}
		problem += "; an id missing from the feed is not an answer that it does not exist"
		healthAll(res, rec, missing, extract.FieldExists, problem)
	}
	if len(feed.Entries) == 0 && len(requested) == 0 {
		res.Health = append(res.Health, extract.NewHealth(rec, extract.PrefixArXiv+"?", extract.FieldExists, "feed holds no entries"))
	}
}

// joinText is the phrase-claim text of a paper: its title and abstract.
func joinText(title, abstract string) string {
	switch {
	case title == "":
		return abstract
	case abstract == "":
		return title
	}
	return title + ". " + abstract
}

// requestedIDs are the unversioned, sorted, de-duplicated ids of the batch.
func requestedIDs(rec record.Record) []string {
	ids := rec.Resource.IDs
	if len(ids) == 0 && rec.Resource.Key != "" {
		ids = strings.Split(rec.Resource.Key, ",")
	}
	seen := map[string]bool{}
	var out []string
	for _, s := range ids {
		id, _ := SplitID(s)
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// healthAll raises the same health item about each of ids (about "?" when
// there are none).
func healthAll(res *extract.Result, rec record.Record, ids []string, field, problem string) {
	if len(ids) == 0 {
		ids = []string{"?"}
	}
	for _, id := range ids {
		res.Health = append(res.Health, extract.NewHealth(rec, extract.PrefixArXiv+id, field, problem))
	}
}

// abstractFields are the facts an abstract's sentences may state.
var abstractFields = map[string]bool{
	catalog.FieldParamsTotal: true, catalog.FieldParamsActive: true, catalog.FieldModelSizes: true,
	catalog.FieldTrainingTokens: true, catalog.FieldContextLength: true, catalog.FieldLanguages: true,
}

// AbstractFacts reads counts (parameters, active parameters, model sizes,
// training tokens, languages) and context lengths from an abstract with the
// README sentence scanner (mdfacts.Scan over plain text). A fact the scanner
// ties to a model keeps it ("Foo-Pro with 1.6T parameters"). Otherwise the
// sentence decides: when it opens with a model ("Foo-V2 is …", "We also
// release Foo-V2-Lite, …") and names no other model before the value, the
// fact is that model's; when it names no model before the value, it is the
// paper's (Model ""); when it names another model or several ("FooMoE 2B …,
// and FooMoE 16B, with 16.4B parameters"; "Starting from Foo-V2 it is
// trained on 6T tokens"), it is ambiguous and dropped.
func AbstractFacts(summary string) []mdfacts.Fact {
	if summary == "" {
		return nil
	}
	var out []mdfacts.Fact
	for _, f := range mdfacts.Scan(summary, mdfacts.Options{MaxText: -1}).Facts {
		if !abstractFields[f.Field] {
			continue
		}
		if f.Model == "" {
			model, ok := abstractModel(f.Quote, f.Value)
			if !ok {
				continue
			}
			f.Model = model
		}
		out = append(out, f)
	}
	return out
}

// abstractBinding is whose value an abstract's fact states: the scan's own
// binding (a series range), the model it names, else the paper itself.
func abstractBinding(f mdfacts.Fact) extract.Binding {
	switch {
	case f.Binding != "":
		return extract.Binding(f.Binding)
	case f.Model != "":
		return extract.BoundNamed
	}
	return extract.BoundPage
}

// namesModelAfter reports a model named in the rest of a sentence after a
// value, as a name with a digit or a lower-case model id, up to the next
// clause of its own (a semicolon).
func namesModelAfter(rest string) bool {
	if j := strings.IndexByte(rest, ';'); j >= 0 {
		rest = rest[:j]
	}
	// Only models the clause names as the value's owners ("…, called
	// foo-3-small"), not models it compares with ("… and it outperforms
	// Bar 2 70B").
	m := reNamingCue.FindStringIndex(rest)
	if m == nil {
		return false
	}
	rest = rest[m[1]:]
	for _, n := range mdfacts.Names(rest) {
		if strings.ContainsAny(n, "0123456789") {
			return true
		}
	}
	return reLowerModel.MatchString(rest)
}

// reNamingCue introduces the names of what a clause describes.
var reNamingCue = regexp.MustCompile(`(?i)\b(?:called|named|dubbed|denoted|referred to as|namely|known as)\b`)

// reLowerModel is a hyphenated model-like identifier with a digit, such as a
// name written in lower case ("foo-3-mini", "bar-4o-mini").
var reLowerModel = regexp.MustCompile(`\b[A-Za-z][A-Za-z]*(?:-[A-Za-z0-9.]*[0-9][A-Za-z0-9.]*)(?:-[A-Za-z0-9.]+)*\b`)

// abstractModel attributes a value of sentence sent (see AbstractFacts).
func abstractModel(sent, value string) (string, bool) {
	i := mdfacts.ValueIndex(sent, value)
	if i < 0 {
		return "", false
	}
	var before []string
	for _, n := range mdfacts.Names(sent[:i]) {
		if strings.ContainsAny(n, "0123456789") {
			before = append(before, n)
		}
	}
	// A model named in lower case ("We introduce foo-3-mini, a 3.8 billion
	// parameter …") is a model all the same: the value is not the paper's.
	for _, n := range reLowerModel.FindAllString(sent[:i], -1) {
		if !slices.ContainsFunc(before, func(b string) bool { return strings.EqualFold(b, n) }) {
			before = append(before, n)
		}
	}
	switch {
	case len(before) == 0 && namesModelAfter(sent[min(len(sent), i+len(value)):]):
		// "… 7B and 14B models trained for 4.8T tokens, called foo-3-small
		// and foo-3-medium": the value is the models named after it.
		return "", false
	case len(before) == 0:
		return "", true
	case len(before) == 1 && before[0] == mdfacts.LeadingName(sent):
		// Only when the words between the name and the value make it the
		// model's own ("Foo-V2, a MoE language model with 236B"), not
		// another's ("Foo-Mini, a compact model distilled from a
		// 70B-parameter teacher"): that is ambiguous and dropped.
		if j := strings.LastIndex(sent[:i], before[0]); j >= 0 && mdfacts.OwnsValue(sent[j+len(before[0]):i]) {
			return before[0], true
		}
	}
	return "", false
}
