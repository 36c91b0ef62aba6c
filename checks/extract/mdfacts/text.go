// Package mdfacts finds model facts in README-style markdown (GitHub READMEs
// and Hugging Face model cards): model tables, fact sentences, links, licence
// statements, citation titles, release-news dates and section markers. It
// knows page layouts, not any particular organisation: model names are
// recognised by shape (capitalised, hyphenated tokens such as "Foo-V2-Lite"),
// never by a vendor word.
//
// The package is pure: no I/O, no clock, no globals beyond compiled patterns.
// Input is bounded (MaxInput) and every pattern is a linear-time RE2 regexp,
// so hostile input costs at most linear time.
package mdfacts

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/internal/parse"
)

// MaxQuote is the longest quote an observation carries (in bytes, cut on a
// rune boundary): extract.MaxQuote.
const MaxQuote = extract.MaxQuote

// Space normalises whitespace the way every observation Value is normalised
// (parse.Space): zero-width characters, soft hyphens and invalid UTF-8 bytes
// are dropped, NBSP and every other Unicode space become a plain space, runs
// collapse to one space, ends are trimmed.
func Space(s string) string { return parse.Space(s) }

// Cut returns s cut to at most n bytes on a rune boundary.
func Cut(s string, n int) string { return parse.Cut(s, n) }

// Quote normalises s and cuts it to MaxQuote.
func Quote(s string) string { return Cut(Space(s), MaxQuote) }

// JSONQuote renders `"key": value`, v as JSON, as the quote of an
// observation read from a JSON document; key alone when v does not marshal.
func JSONQuote(key string, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return key
	}
	return Quote(strconv.Quote(key) + ": " + string(b))
}

var (
	reImage    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	reLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	reFootnote = regexp.MustCompile(`\[\^[^\]]{0,50}\]`)
	reTag      = regexp.MustCompile(`<[^<>]*>`)
	reEntity   = regexp.MustCompile(`&(?:nbsp|amp|lt|gt|quot|#39);`)
)

var entities = map[string]string{"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": `"`, "&#39;": "'"}

// Plain turns one line of markdown/inline HTML into plain text: images and
// tags removed, links reduced to their text, emphasis and code marks dropped,
// footnote marks removed, whitespace normalised.
func Plain(s string) string {
	s = reImage.ReplaceAllString(s, " ")
	s = reLink.ReplaceAllString(s, "$1")
	s = reFootnote.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "<br>", " ")
	s = reTag.ReplaceAllString(s, " ")
	s = reEntity.ReplaceAllStringFunc(s, func(e string) string { return entities[e] })
	s = strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
	return Space(s)
}

var reAnyTag = regexp.MustCompile(`<[!/?A-Za-z][^<>]{0,1000}>`)

// StripTags blanks every HTML tag of a document, including tags that span
// lines, keeping the line structure (each newline inside a tag survives).
func StripTags(doc string) string {
	return reAnyTag.ReplaceAllStringFunc(doc, func(t string) string {
		return " " + strings.Repeat("\n", strings.Count(t, "\n"))
	})
}
