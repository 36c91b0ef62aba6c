package checks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/normalize"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// recordState splits a subject's records into read, gone and failed ones.
func (ctx *Context) recordState(keys ...string) (read, missing, bad []record.Record) {
	for _, k := range keys {
		for _, i := range ctx.recs[SubjectKey(k)] {
			r := ctx.in.Records[i]
			switch {
			case ctx.restricted(r):
				read = append(read, r) // an answer about access, not existence
			case gone(r):
				missing = append(missing, r)
			case r.Err != nil:
				bad = append(bad, r)
			default:
				read = append(read, r)
			}
		}
	}
	return read, missing, bad
}

// officialObs returns the official observations of a subject with one of the fields.
func (ctx *Context) officialObs(subject string, fields ...string) []extract.Observation {
	if ok, _ := ctx.Official(subject); !ok {
		return nil
	}
	var out []extract.Observation
	for _, o := range ctx.obsOf(SubjectKey(subject)) {
		if len(fields) == 0 || containsString(fields, o.Field) {
			out = append(out, o)
		}
	}
	return out
}

// judgeHFID: a Hugging Face model must exist under an official organisation.
func (ctx *Context) judgeHFID(e *catalog.Entry, c *catalog.Claim) Finding {
	f := claimFinding(e, c, "claim.hf-id", Unverified)
	id := normalize.Text(c.Value)
	k := SubjectKey(extract.PrefixHF + id)
	if d, ok := ctx.expired(c); ok {
		return ctx.expiredFinding(f, d, nil)
	}
	if ok, why := ctx.Official(k); !ok {
		f = f.with(Contradicted, fmt.Sprintf("%s is not an official model: %s", id, why))
		for _, o := range ctx.Observations(k) {
			if o.Field == extract.FieldOwner || o.Field == extract.FieldRenamedTo {
				f.Evidence = append(f.Evidence, o.Evidence)
			}
		}
		return f
	}
	obs := ctx.officialObs(k)
	for _, o := range obs {
		if o.Field == extract.FieldExists && strings.EqualFold(o.Value, "false") {
			f = f.with(Contradicted, fmt.Sprintf("Hugging Face says %s does not exist", id))
			f.Observed, f.Evidence = "does not exist", []record.Evidence{o.Evidence}
			return f
		}
	}
	read, missing, bad := ctx.recordState(k)
	// Only the model's own record answers whether it exists: a 404 on one of
	// its files (config.json, the card) says that file is absent, not the
	// model — the model record may have failed or not been fetched at all.
	missing = slices.DeleteFunc(slices.Clone(missing), func(r record.Record) bool { return r.Resource.Kind != record.KindHFModel })
	ev := evidenceOfFields(obs, extract.FieldExists, extract.FieldCreated)
	for _, r := range read {
		if len(ev) == 0 {
			ev = append(ev, r.Evidence("", ""))
		}
	}
	for _, w := range ctx.wide {
		for _, o := range ctx.officialObs(w, extract.FieldOrgModel) {
			if normalize.SameName(orgModelName(o), id) {
				ev = append(ev, o.Evidence)
			}
		}
	}
	switch {
	case len(ev) > 0:
		f = f.with(Verified, fmt.Sprintf("%s exists on Hugging Face under an official organisation", id))
		f.Observed, f.Evidence = id, ev
	default:
		f = notListed(f, "Hugging Face", id, id, missing, bad)
	}
	return f
}

// notListed decides an identifier no official source lists: contradicted
// when the platform answered that it does not exist (missing), unreachable
// when a record of it failed (bad), unverified otherwise. what is the
// identifier in the platform's answer, listed how the message names it.
func notListed(f Finding, platform, what, listed string, missing, bad []record.Record) Finding {
	switch {
	case len(missing) > 0:
		f = f.with(Contradicted, fmt.Sprintf("%s answered %d for %s: it does not exist", platform, missing[0].Status, what))
		f.Observed, f.Evidence = "does not exist", []record.Evidence{missing[0].Evidence("", "")}
	case len(bad) > 0:
		f = f.unreachableFrom(bad)
	default:
		f = f.with(Unverified, fmt.Sprintf("no source that was read lists %s", listed))
	}
	return f
}

// evidenceOfFields quotes the observations of the given fields, else the
// first observation (nil when there is none).
func evidenceOfFields(obs []extract.Observation, fields ...string) []record.Evidence {
	var ev []record.Evidence
	for _, o := range obs {
		if containsString(fields, o.Field) {
			ev = append(ev, o.Evidence)
		}
	}
	if len(ev) == 0 && len(obs) > 0 {
		ev = append(ev, obs[0].Evidence)
	}
	return ev
}

// orgModelName is the model id an organisation-list observation names.
func orgModelName(o extract.Observation) string {
	if o.Model != "" {
		return o.Model
	}
	return o.Value
}

// parseVersion reads "v5" (or "5") as 5.
func parseVersion(s string) int {
	s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "v")
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// latestVersion is the latest arXiv version observed for an id, with its observation.
func (ctx *Context) latestVersion(id string) (int, *extract.Observation) {
	best, var0 := 0, (*extract.Observation)(nil)
	for _, o := range ctx.officialObs(extract.PrefixArXiv+id, extract.FieldLatestVersion, extract.FieldVersionDate) {
		v := parseVersion(o.Value)
		if o.Field == extract.FieldVersionDate {
			v = parseVersion(o.Model)
		}
		if v > best {
			o := o
			best, var0 = v, &o
		}
	}
	return best, var0
}

// judgeArXivID: the paper must exist on arXiv; a pinned version is outdated
// when arXiv has a later one.
func (ctx *Context) judgeArXivID(e *catalog.Entry, c *catalog.Claim) Finding {
	f := claimFinding(e, c, "claim.arxiv-id", Unverified)
	if d, ok := ctx.expired(c); ok {
		return ctx.expiredFinding(f, d, nil)
	}
	ref, err := catalog.ParseArXivID(normalize.Text(c.Value))
	if err != nil {
		return f.with(Unverified, fmt.Sprintf("%q is not an arXiv id", c.Value))
	}
	k := SubjectKey(extract.PrefixArXiv + ref.ID)
	// An observation that the paper does not exist is set apart: any positive
	// sign (a record of the paper, an official link to it) outweighs it.
	var obs, absent []extract.Observation
	for _, o := range ctx.officialObs(k) {
		if o.Field == extract.FieldExists && strings.EqualFold(o.Value, "false") {
			absent = append(absent, o)
			continue
		}
		obs = append(obs, o)
	}
	ev := evidenceOfFields(obs, catalog.FieldTitle, catalog.FieldPublished)
	for _, s := range EntrySubjects(e) {
		for _, o := range ctx.officialObs(s, extract.FieldArXivLink) {
			if r, err := catalog.ParseArXivID(strings.TrimSpace(o.Value)); err == nil && r.ID == ref.ID {
				ev = append(ev, o.Evidence)
			}
		}
	}
	read, missing, bad := ctx.recordState(k)
	_ = read
	switch {
	case len(ev) == 0 && len(absent) > 0:
		f = f.with(Contradicted, fmt.Sprintf("arXiv has no paper %s", ref.ID))
		f.Observed, f.Evidence = "does not exist", []record.Evidence{absent[0].Evidence}
	case len(ev) > 0:
		latest, lo := ctx.latestVersion(ref.ID)
		if ref.Version > 0 && latest > ref.Version {
			f = f.with(Outdated, fmt.Sprintf("the catalog cites %s, but arXiv's latest version is v%d", ref, latest))
			f.Observed, f.Evidence = fmt.Sprintf("%sv%d", ref.ID, latest), append([]record.Evidence{lo.Evidence}, ev...)
			return f
		}
		f = f.with(Verified, fmt.Sprintf("arXiv lists %s", ref))
		f.Observed, f.Evidence = ref.String(), ev
	default:
		f = notListed(f, "arXiv", ref.String(), "arXiv "+ref.String(), missing, bad)
	}
	return f
}

// apiStatusWords says in words what the docs state of a legacy or retired
// API name: "legacy, retiring 2026-07-24", "model retired (name still accepted)".
func apiStatusWords(o extract.Observation) string {
	w := "legacy"
	if o.Field == extract.FieldAPIModelRetired {
		w = "model retired (name still accepted)"
	}
	if o.Date != nil {
		w += ", retiring " + o.Date.String()
	}
	return w
}

// apiNames are the observation fields that list API model names.
var apiNames = []string{catalog.FieldAPIModel, extract.FieldAPIModelScheduled, extract.FieldAPIModelLegacy, extract.FieldAPIModelRetired}

func namesAPIModel(o extract.Observation, name string) bool {
	return normalize.SameName(o.Value, name) || (o.Model != "" && normalize.SameName(o.Model, name))
}

// docsSubjects are the docs pages an entry may be judged by: its own and the
// catalog-wide ones.
func (ctx *Context) docsSubjects(e *catalog.Entry) []string {
	var out []string
	for _, k := range append(EntrySubjects(e), ctx.wide...) {
		if strings.HasPrefix(k, extract.PrefixDocs) {
			out = appendUnique(out, k)
		}
	}
	return out
}

// judgeAPIModel: an API model name must be listed by the docs as supported. A
// name the docs list as legacy or whose model was retired is outdated; a name
// absent from a model list that was read is contradicted.
func (ctx *Context) judgeAPIModel(e *catalog.Entry, c *catalog.Claim) Finding {
	f := claimFinding(e, c, "claim.api-model", Unverified)
	name := normalize.Text(c.Value)
	current, legacy, listed := ctx.apiModelObs(e, name)
	if d, ok := ctx.expired(c); ok {
		return ctx.expiredAPIModel(f, d, current, legacy)
	}
	switch {
	case len(legacy) > 0:
		f = outdatedAPIModel(f, name, legacy, current)
	case len(current) > 0 && ctx.docsUnread(e) != nil:
		// A docs page that could list the name as legacy or retired was not
		// read: "supported" cannot be vouched for.
		bad := ctx.docsUnread(e)
		f = f.unreachableFrom(bad)
		f.Message = fmt.Sprintf("the API docs that were read list %s as supported, but %s could not be fetched (%s) and may list it as legacy or retired", name, bad[0].URL, bad[0].Err.Error())
		f.Observed = "listed as a supported model"
	case len(current) > 0:
		f = f.with(Verified, fmt.Sprintf("the API docs list %s as a supported model", name))
		f.Observed = current[0].Value
		for _, x := range current {
			f.Evidence = append(f.Evidence, x.Evidence)
		}
	case len(listed) > 0:
		f = ctx.unlistedAPIModel(f, e, name, listed)
	default:
		return ctx.noAPIModelList(f, e, c)
	}
	return f
}

// apiModelObs reads the docs an entry may be judged by for an API model
// name: the observations listing it as supported (current) and as legacy or
// retired (legacy), and every supported name the docs list.
func (ctx *Context) apiModelObs(e *catalog.Entry, name string) (current, legacy []extract.Observation, listed []string) {
	for _, k := range ctx.docsSubjects(e) {
		for _, o := range ctx.officialObs(k, apiNames...) {
			if o.Field == catalog.FieldAPIModel {
				listed = appendUnique(listed, o.Value)
			}
			if !namesAPIModel(o, name) {
				continue
			}
			if o.Field == catalog.FieldAPIModel || o.Field == extract.FieldAPIModelScheduled {
				current = append(current, o)
			} else {
				legacy = append(legacy, o)
			}
		}
	}
	return current, legacy, listed
}

// expiredAPIModel is the expired verdict of an API model claim, observing
// what the docs state of the name now.
func (ctx *Context) expiredAPIModel(f Finding, d catalog.Date, current, legacy []extract.Observation) Finding {
	var ev []record.Evidence
	for _, o := range append(legacy, current...) {
		ev = append(ev, o.Evidence)
	}
	f = ctx.expiredFinding(f, d, ev)
	switch {
	case len(legacy) > 0:
		f.Observed = apiStatusWords(legacy[0])
	case len(current) > 0:
		f.Observed = "listed as a supported model"
	}
	return f
}

// outdatedAPIModel is the outdated verdict of a name the docs list as
// legacy or as a retired model's.
func outdatedAPIModel(f Finding, name string, legacy, current []extract.Observation) Finding {
	o := legacy[0]
	what := "as legacy"
	if o.Field == extract.FieldAPIModelRetired {
		what = "as a name whose model was retired (still accepted)"
	}
	msg := fmt.Sprintf("the API docs list %s %s", name, what)
	if o.Date != nil {
		msg += ", retiring " + o.Date.String()
	}
	f = f.with(Outdated, msg)
	f.Observed = apiStatusWords(o)
	for _, x := range append(legacy, current...) {
		f.Evidence = append(f.Evidence, x.Evidence)
	}
	return f
}

// unlistedAPIModel decides a name the docs' model lists leave out: any docs
// page may list the name, so its absence from the pages that were read
// contradicts the claim only when every docs page was read.
func (ctx *Context) unlistedAPIModel(f Finding, e *catalog.Entry, name string, listed []string) Finding {
	stated := map[string]bool{}
	for _, k := range ctx.docsSubjects(e) {
		for _, o := range ctx.officialObs(k, apiNames...) {
			stated[o.Evidence.URL] = true
		}
	}
	u := ctx.unreadSources(ctx.docsSubjects(e), "", stated, func(src record.Source) (string, bool) {
		return "the API docs", src == record.SourceDocs
	})
	if !u.empty() {
		f = u.finding(f, fmt.Sprintf("the API docs that were read list %s but not %s, which is no contradiction while a docs page that could list it could not be read", strings.Join(listed, ", "), name))
		f.Observed = strings.Join(listed, ", ")
		return f
	}
	if ev, ok := ctx.apiNameMentioned(e, name); ok {
		// A row or passage names it that no list reader understood (a
		// typo'd date, an unusual table): absence is not established.
		f.Message = fmt.Sprintf("the API docs list %s as supported, not %s; but %s mentions %s outside the lists of supported, legacy or retired models that could be read, which is no contradiction",
			fewNames(listed, 5), name, ev.URL, name)
		f.Observed = "mentioned, not listed"
		f.Evidence = []record.Evidence{ev}
		return f
	}
	f = f.with(Contradicted, fmt.Sprintf("the API docs list %s but not %s", strings.Join(listed, ", "), name))
	f.Observed = strings.Join(listed, ", ")
	for _, k := range ctx.docsSubjects(e) {
		for _, o := range ctx.officialObs(k, catalog.FieldAPIModel) {
			f.Evidence = append(f.Evidence, o.Evidence)
		}
	}
	return f
}

// apiNameMentioned finds name, as a whole token (case aside), in the text of
// a docs page the entry is judged by, with the evidence quoting it.
func (ctx *Context) apiNameMentioned(e *catalog.Entry, name string) (record.Evidence, bool) {
	for _, k := range ctx.docsSubjects(e) {
		for _, o := range ctx.officialObs(k, extract.FieldText) {
			if i := tokenIndex(o.Value, name); i >= 0 {
				ev := o.Evidence
				ev.Quote = strings.ToValidUTF8(normalize.SnippetAround(o.Value, i, i+len(name), 60), "")
				return ev, true
			}
		}
	}
	return record.Evidence{}, false
}

// fewNames joins at most n names, saying how many more there are.
func fewNames(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}

// tokenIndex is the byte index of name in text, case aside, where it
// stands as a whole identifier (no letter, digit, '.', '_' or '-' on either
// side); -1 when it does not.
func tokenIndex(text, name string) int {
	if name == "" {
		return -1
	}
	lt, ln := asciiLower(text), asciiLower(name) // byte offsets kept
	for from := 0; from < len(lt); {
		i := strings.Index(lt[from:], ln)
		if i < 0 {
			return -1
		}
		i += from
		j := i + len(ln)
		if (i == 0 || !identByte(lt[i-1])) && (j == len(lt) || !identByte(lt[j]) || endOfSentence(lt, j)) {
			return i
		}
		from = i + 1
	}
	return -1
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay those of s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// endOfSentence reports a '.' at t[j] that ends a sentence (followed by
// nothing or by a space), not one inside an identifier ("v1.5").
func endOfSentence(t string, j int) bool {
	return t[j] == '.' && (j+1 == len(t) || t[j+1] == ' ' || t[j+1] == '\n')
}

// identByte reports whether b may stand inside an API model identifier.
func identByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '.' || b == '_' || b == '-'
}

// noAPIModelList decides a name when no docs page read lists API models: a
// docs page of the entry that does not exist contradicts it; otherwise no
// evidence (noEvidence).
func (ctx *Context) noAPIModelList(f Finding, e *catalog.Entry, c *catalog.Claim) Finding {
	if gone := ctx.missingDocsPages(e); len(gone) > 0 {
		r := gone[0]
		f = f.with(Contradicted, fmt.Sprintf("the API docs page %s answered %d (does not exist)", r.URL, r.Status))
		f.Observed, f.Evidence = "does not exist", []record.Evidence{r.Evidence("", "")}
		return f
	}
	return ctx.noEvidence(f, e, c, true, nil)
}

// missingDocsPages are the entry's docs pages that answered "does not exist".
func (ctx *Context) missingDocsPages(e *catalog.Entry) []record.Record {
	_, missing, _ := ctx.recordState(EntrySubjects(e)...)
	var out []record.Record
	for _, r := range missing {
		if r.Resource.Kind == record.KindDocsPage {
			out = append(out, r)
		}
	}
	return out
}

// nameFields are the observation fields whose Value is a model name.
var nameFields = []string{catalog.FieldModelName, catalog.FieldDistilled, extract.FieldHFLink, extract.FieldOrgModel, catalog.FieldBaseModel, catalog.FieldHFID}

// textFields are the observation fields searched for phrases and mentions.
var textFields = []string{extract.FieldText, catalog.FieldTitle, extract.FieldComment, catalog.FieldReleaseNote}

// phraseFields are textFields and a paper's full-text paragraphs, which only
// phrase claims read (a paper's body states many models' numbers and names).
var phraseFields = []string{extract.FieldText, catalog.FieldTitle, extract.FieldComment, catalog.FieldReleaseNote, extract.FieldFullText}

// judgeName: a model name (or a distilled checkpoint's base family) must be
// named by an official source: as a model or id it lists, as the name of an
// official repository that exists, or in its text.
func (ctx *Context) judgeName(e *catalog.Entry, c *catalog.Claim) Finding {
	f := claimFinding(e, c, "claim.model-name", Unverified)
	if d, ok := ctx.expired(c); ok {
		return ctx.expiredFinding(f, d, nil)
	}
	v := normalize.Text(c.Value)
	matches := func(cand string) bool {
		if cand == "" {
			return false
		}
		// The organisation's accounts on other platforms are its own.
		if ctx.sameName(v, cand) || normalize.ShortName(ctx.unowned(v), ctx.unowned(cand)) {
			return true
		}
		return c.Field == catalog.FieldDistilled && normalize.HasToken(cand, v) && normalize.HasToken(cand, "distill")
	}
	var ev []record.Evidence
	observed := ""
	hit := func(name string, e record.Evidence) {
		if observed == "" {
			observed = name
		}
		ev = append(ev, e)
	}
	own := EntrySubjects(e)
	for _, k := range ctx.claimSubjects(e, c, true) {
		ownSubject := containsString(own, k)
		obs := ctx.officialObs(k)
		for _, o := range obs {
			if m := o.Model; m != "" && o.Field != extract.FieldVersionDate && matches(m) {
				hit(m, o.Evidence)
				continue
			}
			if containsString(nameFields, o.Field) && matches(o.Value) {
				hit(o.Value, o.Evidence)
				continue
			}
			if ownSubject && containsString(textFields, o.Field) && normalize.MentionsName(o.Value, v) {
				e := o.Evidence
				if s := normalize.Snippet(o.Value, v, 60); s != "" && o.Field == extract.FieldText {
					e.Quote = s
				}
				hit(v, e)
			}
		}
		// An official repository or model that exists names itself.
		if strings.HasPrefix(k, extract.PrefixHF) || strings.HasPrefix(k, extract.PrefixGitHub) {
			if ok, _ := ctx.Official(k); ok {
				read, _, _ := ctx.recordState(k)
				id := k[strings.IndexByte(k, ':')+1:]
				orig := subjectID(e, c, k, id)
				if len(read) > 0 && matches(orig) {
					hit(orig, read[0].Evidence("", ""))
				}
			}
		}
	}
	if len(ev) > 0 {
		f = f.with(Verified, fmt.Sprintf("official sources name %s", observed))
		f.Observed, f.Evidence = observed, ev
		return f
	}
	return ctx.noEvidence(f, e, c, true, nil)
}

// subjectID recovers the id of a subject key as the catalog spells it.
func subjectID(e *catalog.Entry, c *catalog.Claim, k, lower string) string {
	for _, r := range e.Sources.HuggingFace {
		if SubjectKey(extract.PrefixHF+r.ID) == k {
			return r.ID
		}
	}
	for _, r := range e.Sources.GitHub {
		if SubjectKey(extract.PrefixGitHub+r.String()) == k {
			return r.String()
		}
	}
	if c.Subject != "" && SubjectKey(extract.PrefixHF+c.Subject) == k {
		return c.Subject
	}
	return lower
}

// judgePhrase: the words must appear in the text of an official source of the
// entry (of the claim's subject, when it has one).
func (ctx *Context) judgePhrase(e *catalog.Entry, c *catalog.Claim) Finding {
	f := claimFinding(e, c, "claim.phrase", Unverified)
	if d, ok := ctx.expired(c); ok {
		return ctx.expiredFinding(f, d, nil)
	}
	id := ctx.identityOf(e, c)
	subjects := EntrySubjects(e)
	if c.Subject != "" {
		subjects = ctx.claimSubjects(e, c, false)
	}
	var ev, body []record.Evidence
	for _, k := range subjects {
		for _, o := range ctx.officialObs(k, phraseFields...) {
			if c.Subject != "" && id.scope(o) == outOfScope {
				continue
			}
			if o.Field == extract.FieldFullText {
				// The body counts only a sentence that affirms the phrase;
				// the sentence is the quote.
				if s := fullTextSentence(o.Value, c.Value); s != "" {
					e := o.Evidence
					e.Quote = extract.NormalizeSpace(s)
					if len(e.Quote) > extract.MaxQuote {
						e.Quote = normalize.PhraseSnippet(s, c.Value, 80)
					}
					body = append(body, e)
				}
				continue
			}
			if s := normalize.PhraseSnippet(o.Value, c.Value, 80); s != "" {
				e := o.Evidence
				e.Quote = s
				ev = append(ev, e)
			}
		}
	}
	if len(ev) > 0 {
		f = f.with(Verified, fmt.Sprintf("%d official text(s) state %q", len(ev), c.Value))
		f.Observed, f.Evidence = c.Value, ev
		return f
	}
	// Only the paper's body states it: cite where (its first section).
	if len(body) > 0 {
		const most = 3
		f = f.with(Verified, fmt.Sprintf("the paper's full text states %q (%s)", c.Value, body[0].Locator))
		f.Observed, f.Evidence = c.Value, body[:min(len(body), most)]
		return f
	}
	// A full text that was asked for and could not be fetched (not a 404:
	// a paper with no HTML rendering is an answer) leaves the phrase
	// unreachable, not unverified.
	var failed []record.Record
	for _, r := range e.Sources.ArXiv {
		_, _, bad := ctx.recordState(fullTextKey(r.ID))
		failed = append(failed, bad...)
	}
	if len(failed) > 0 {
		return f.unreachableFrom(failed)
	}
	return ctx.noEvidence(f, e, c, false, nil)
}

// judgeReleaseNote: the release note's title must match an official docs page;
// the entry's own docs page answering 404 contradicts it.
func (ctx *Context) judgeReleaseNote(e *catalog.Entry, c *catalog.Claim) Finding {
	f := ctx.judgeValue(e, c, valueSpec{check: "claim.release-note", compare: compareTitle, same: sameTitle, wide: true})
	if gone := ctx.missingDocsPages(e); f.Verdict == Unverified && len(gone) > 0 {
		r := gone[len(gone)-1]
		f = f.with(Contradicted, fmt.Sprintf("the release note page %s answered %d (does not exist)", r.URL, r.Status))
		f.Observed, f.Evidence = "does not exist", []record.Evidence{r.Evidence("", "")}
	}
	return f
}

// compareStatus compares a status with a status observation or with the
// status a name or title carries ("… Preview Release", "…-Exp", "… GA").
func compareStatus(c *catalog.Claim, o extract.Observation) normalize.Match {
	if o.Field == catalog.FieldReleaseStatus {
		return normalize.MatchStatus(c.Value, o.Value)
	}
	s := normalize.StatusFromName(orgModelName(o))
	if o.Field != extract.FieldOrgModel && o.Field != extract.FieldHFLink {
		s = normalize.StatusFromName(o.Value)
	}
	if s == "" {
		return normalize.Match{}
	}
	return normalize.MatchStatus(c.Value, s)
}

var prerelease = map[string]bool{"preview": true, "experimental": true, "beta": true}

// judgeStatus: release status; a preview (experimental, beta) that an official
// source now calls a full release is outdated.
func (ctx *Context) judgeStatus(e *catalog.Entry, c *catalog.Claim) Finding {
	spec := valueSpec{check: "claim.status", compare: compareStatus, same: func(a, b extract.Observation) bool {
		return compareStatus(&catalog.Claim{Value: statusOf(a)}, b).Result != normalize.Differ
	}, wide: true, allDocs: true,
		// Family members (R1-Distill-* of R1) speak only for "distilled": a
		// newer member's status (V3.2-Exp's "experimental") is not V3.2's.
		members: normalize.Status(c.Value) == "distilled"}
	f := ctx.judgeValue(e, c, spec)
	if f.Verdict == Expired || !prerelease[normalize.Status(c.Value)] {
		return f
	}
	cands, _ := ctx.gather(e, c, spec)
	var ga []candidate
	for _, cd := range cands {
		if statusOf(cd.o) == "ga" {
			ga = append(ga, cd)
		}
	}
	if len(ga) == 0 {
		return f
	}
	g := ga[0]
	f = f.with(Outdated, fmt.Sprintf("the claim says %s, but %s now states a full release: %q", c.Value, g.rule.Label, g.o.Value))
	f.Observed = "ga"
	f.Disagreement = false
	f.Evidence = evidenceOf(ga)
	for _, cd := range cands {
		if cd.m.Result == normalize.Agree {
			f.Evidence = append(f.Evidence, cd.o.Evidence)
		}
	}
	return f
}

func statusOf(o extract.Observation) string {
	if o.Field == catalog.FieldReleaseStatus {
		if s := normalize.Status(o.Value); s != "" {
			return s
		}
	}
	if o.Field == extract.FieldOrgModel || o.Field == extract.FieldHFLink {
		return normalize.StatusFromName(orgModelName(o))
	}
	return normalize.StatusFromName(o.Value)
}

// compareDeadline compares a deadline with a retirement date the docs state.
func compareDeadline(c *catalog.Claim, o extract.Observation) normalize.Match {
	d, ok := claimDate(c)
	if !ok || o.Date == nil {
		return normalize.Match{}
	}
	return normalize.MatchDate(d, *o.Date)
}

// judgeDeadline: a scheduled date must match the docs while it lies ahead, and
// is expired once it has passed at Now.
func (ctx *Context) judgeDeadline(e *catalog.Entry, c *catalog.Claim) Finding {
	return ctx.judgeValue(e, c, valueSpec{check: "claim.deadline", compare: compareDeadline, same: sameDate, wide: true})
}

// docsUnread are the failed records of the docs pages an entry may be judged
// by (nil when every one was read).
func (ctx *Context) docsUnread(e *catalog.Entry) []record.Record {
	var bad []record.Record
	for _, k := range ctx.docsSubjects(e) {
		_, _, b := ctx.recordState(k)
		bad = append(bad, b...)
	}
	return bad
}
