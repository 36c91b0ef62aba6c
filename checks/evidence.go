package checks

import (
	"net/url"
	"slices"
	"strings"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// MaxSupportingEvidence is how many pages a finding cites after the deciding one.
const MaxSupportingEvidence = 3

// TidyEvidence makes a finding's evidence something a reader can use: the
// first piece (the deciding page and quote, as the check put it) stays
// first; each page is cited once — a later piece from a page already cited
// adds its quote and locator to that page's piece (joined by QuoteSep and
// LocatorSep; an identical quote is not repeated), so a disagreement within one
// page stays quoted in full; after the deciding page at most
// MaxSupportingEvidence pages remain, and the pages left out are counted in
// EvidenceOmitted.
//
// The judge applies it to every finding it emits (JudgeEach), so checks may
// list evidence freely; they decide only which piece comes first.
func TidyEvidence(f Finding) Finding {
	if len(f.Evidence) <= 1 {
		return f
	}
	out := make([]record.Evidence, 0, min(len(f.Evidence), 1+MaxSupportingEvidence))
	at := make(map[string]int, len(f.Evidence)) // page → index in out; -1: left out
	omitted := 0
	for _, e := range f.Evidence {
		k := pageKey(e)
		if i, ok := at[k]; ok && k != "" {
			if i >= 0 {
				out[i] = mergeEvidence(out[i], e)
			}
			continue
		}
		if len(out) == 1+MaxSupportingEvidence {
			omitted++
			if k != "" {
				at[k] = -1
			}
			continue
		}
		if k != "" {
			at[k] = len(out)
		}
		out = append(out, e)
	}
	f.Evidence = out
	f.EvidenceOmitted += omitted
	return f
}

// QuoteSep joins two quotes, LocatorSep two locators, from one page in a
// piece of evidence.
const (
	QuoteSep   = " … "
	LocatorSep = "; "
)

// mergeEvidence adds b's quote and locator (from the same page) to a.
func mergeEvidence(a, b record.Evidence) record.Evidence {
	switch {
	case b.Quote != "" && !containsPart(a.Quote, b.Quote, QuoteSep):
		a.Quote = joinNonEmpty(a.Quote, b.Quote, QuoteSep)
		a.Locator = joinNonEmpty(a.Locator, b.Locator, LocatorSep)
	case b.Locator != "" && !containsPart(a.Locator, b.Locator, LocatorSep):
		a.Locator = joinNonEmpty(a.Locator, b.Locator, LocatorSep)
	}
	return a
}

func containsPart(joined, part, sep string) bool {
	for _, p := range strings.Split(joined, sep) {
		if p == part {
			return true
		}
	}
	return false
}

func joinNonEmpty(a, b, sep string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + sep + b
}

// pageKey identifies the page a piece of evidence cites: the URL after
// redirects (the requested one when unknown) without its fragment, so
// page#a and page#b are one page. "" when the evidence names no URL.
func pageKey(e record.Evidence) string {
	u := e.FinalURL
	if u == "" {
		u = e.URL
	}
	u, _, _ = strings.Cut(u, "#")
	return u
}

// noteEvidence collects the evidence of one release note (or one group of
// notes of a date) in the order a reader needs it: pieces read on a page
// that is itself about the subject (the note's own page, whose title or H1
// names it; the change log's entry) first, in the order seen; then one
// mention on another page — the docs sidebar, which every page carries,
// links every note: the first such mention says what the index calls the
// note, the others repeat it.
type noteEvidence struct {
	own, mentions []record.Evidence
}

// add files o's evidence, once per page and locator.
func (n *noteEvidence) add(o extract.Observation) {
	dst := &n.mentions
	if ownPage(o) {
		dst = &n.own
	}
	if !slices.ContainsFunc(*dst, func(e record.Evidence) bool { return e.URL == o.Evidence.URL && e.Locator == o.Evidence.Locator }) {
		*dst = append(*dst, o.Evidence)
	}
}

// list is the evidence to cite: never empty when anything was added.
func (n *noteEvidence) list() []record.Evidence {
	out := slices.Clone(n.own)
	if len(n.mentions) > 0 {
		out = append(out, n.mentions[0])
	}
	return out
}

// ownPage reports whether a docs observation was read on the page its
// subject names (docs:news/x read on …/news/x), not mentioned on another
// page. An observation that is not about a docs page, or whose URL cannot
// be read, counts as its own page.
func ownPage(o extract.Observation) bool {
	slug, ok := strings.CutPrefix(SubjectKey(o.Subject), extract.PrefixDocs)
	if !ok {
		return true
	}
	u, err := url.Parse(o.Evidence.URL)
	if err != nil || u.Path == "" {
		return true
	}
	path, slug := strings.ToLower(strings.Trim(u.Path, "/")), strings.ToLower(strings.Trim(slug, "/"))
	// The site may live under a base path (…/docs/news/x); a path may
	// also carry the subject prefix itself (…/docs:news/x).
	return path == slug || strings.HasSuffix(path, "/"+slug) || strings.HasSuffix(path, ":"+slug)
}
