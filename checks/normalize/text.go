// Package normalize holds the comparison rules of the judge: how text, names,
// counts, context lengths, dates, venues, licences and release statuses are
// brought to a canonical form before a catalog value is compared with an
// official one. Every function is pure and safe on arbitrary input.
// docs/judging.md documents each rule.
package normalize

import (
	"strings"
	"unicode"

	"github.com/claimcheck/claimcheck/internal/parse"
)

// invisible are the characters dropped everywhere (parse.Invisible):
// zero-width spaces and joiners, the word joiner, the byte-order mark and the
// soft hyphen.
func invisible(r rune) bool { return parse.Invisible(r) }

// Text collapses runs of white space (including NBSP) to one space, drops
// zero-width characters, soft hyphens and invalid bytes, and trims
// (parse.Space).
func Text(s string) string { return parse.Space(s) }

// dash reports hyphen and dash characters of every kind.
func dash(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe63', '\uff0d':
		return true
	}
	return false
}

// Phrase is the form used to look a phrase up in a page's text: lower case,
// zero-width characters dropped, every character that is not a letter or digit
// turned into a space (hyphens, dashes, quotes, markdown emphasis, brackets),
// except a dot between two letters or digits ("v3.2", "e.g"), and white space
// collapsed. "Multi-head  “Latent” Attention" and "multi head latent attention"
// have the same form.
func Phrase(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i, r := range rs {
		if invisible(r) {
			continue
		}
		keep := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '%' || r == '+'
		if r == '.' && i > 0 && i+1 < len(rs) && alnum(rs[i-1]) && alnum(rs[i+1]) {
			keep = true
		}
		if !keep {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func alnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// FindPhrase looks phrase up in text, both in Phrase form, on word boundaries.
// It returns the byte offsets of the match in Phrase(text), or -1, -1.
func FindPhrase(text, phrase string) (start, end int) {
	t, p := Phrase(text), Phrase(phrase)
	if p == "" {
		return -1, -1
	}
	from := 0
	for from <= len(t) {
		i := strings.Index(t[from:], p)
		if i < 0 {
			return -1, -1
		}
		i += from
		j := i + len(p)
		if (i == 0 || t[i-1] == ' ') && (j == len(t) || t[j] == ' ') {
			return i, j
		}
		from = i + 1
	}
	return -1, -1
}

// ContainsPhrase reports whether text states phrase (see FindPhrase).
func ContainsPhrase(text, phrase string) bool {
	i, _ := FindPhrase(text, phrase)
	return i >= 0
}

// Snippet returns the part of Phrase(text) around a match of phrase, at most
// about width bytes on each side, for quoting; "" when phrase is not found.
func Snippet(text, phrase string, width int) string {
	i, j := FindPhrase(text, phrase)
	return SnippetAround(Phrase(text), i, j, width)
}

// SnippetAround is the part of t around t[i:j], widened by about width bytes
// on each side to whole words; "" when i < 0 (no match).
func SnippetAround(t string, i, j, width int) string {
	if i < 0 {
		return ""
	}
	lo, hi := max(0, i-width), min(len(t), j+width)
	for lo > 0 && lo < len(t) && t[lo-1] != ' ' {
		lo--
	}
	for hi < len(t) && t[hi] != ' ' {
		hi++
	}
	return strings.TrimSpace(t[lo:hi])
}

// TextKey is the form titles are compared in: Phrase form, so case, white
// space, hyphens, dashes ("--" vs "—") and quotes do not matter.
func TextKey(s string) string { return Phrase(s) }
