// Package parse is the one place where text is turned into the values
// claimcheck compares: white space, numbers and their magnitudes, counts with
// their qualifiers ("over", "up to"), context lengths and calendar dates. The
// catalog loader, every extractor and the judge's normalisation use it, so a
// form that one accepts the others accept too.
//
// The package is a leaf (it imports only the standard library) and pure:
// every function is safe on arbitrary input, runs in linear time (RE2
// patterns only) and keeps no state.
package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Invisible reports the characters dropped everywhere: zero-width spaces and
// joiners (U+200B, U+200C, U+200D), the word joiner (U+2060), the byte-order
// mark (U+FEFF) and the soft hyphen (U+00AD).
func Invisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return false
}

// Space normalises white space the way every value is normalised: invisible
// characters (see Invisible) and invalid UTF-8 bytes (and U+FFFD, which is
// what they decode to) are dropped, every Unicode space (NBSP and U+202F
// included) and line break becomes a plain space, runs collapse to one space
// and both ends are trimmed.
func Space(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError, Invisible(r):
			continue
		case unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Cut returns s cut to at most n bytes on a rune boundary.
func Cut(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
