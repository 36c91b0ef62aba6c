// Package textsafe makes untrusted text (catalog values from a pull request,
// text fetched from the web) safe to show to a person: on a terminal, in a
// log, in an HTML page. It is the one place that decides which characters are
// dangerous and how they are shown.
//
// A dangerous character is never silently passed through and never silently
// dropped: it is shown as a visible escape (ESC as `\x1b`, RIGHT-TO-LEFT
// OVERRIDE as `\u202e`), so a reviewer sees that something is there. The
// dangerous characters are
//
//   - C0 controls other than \n and \t (ESC starts CSI, OSC 8 hyperlinks and
//     OSC 52 clipboard writes; BS and CR overwrite what was printed), DEL;
//   - C1 controls U+0080–U+009F (U+009B is a one-character CSI, U+009D an OSC);
//   - format characters (Unicode category Cf) except ZERO WIDTH JOINER, which
//     emoji sequences need: the bidi embeddings, overrides and isolates
//     U+202A–U+202E and U+2066–U+2069, LRM/RLM/ALM, zero-width spaces, the
//     BOM, invisible tags;
//   - the line and paragraph separators U+2028 and U+2029;
//   - bytes that are not valid UTF-8 (shown as `\xNN`).
package textsafe

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Unsafe reports whether r is shown escaped by Visible (\n and \t are not:
// they are the only controls multi-line text keeps).
func Unsafe(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == '\u200d': // ZERO WIDTH JOINER: emoji sequences
		return false
	case r == '\u2028', r == '\u2029':
		return true
	case r < 0xad:
		return false
	}
	return unicode.Is(unicode.Cf, r)
}

// Escape is the visible form of a dangerous rune: `\x1b` up to U+00FF,
// `\u202e` in the BMP, `\U000e0001` beyond.
func Escape(r rune) string {
	return string(appendEscape(nil, r))
}

func appendEscape(b []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	switch {
	case r <= 0xff:
		return append(b, '\\', 'x', hex[r>>4], hex[r&0xf])
	case r <= 0xffff:
		return append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
	}
	b = append(b, '\\', 'U')
	s := strconv.FormatInt(int64(r), 16)
	for i := len(s); i < 8; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// clean reports whether s is valid UTF-8 without a dangerous character (the
// common case, which then costs no allocation).
func clean(s string, keepNewlines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == '\t' || c == '\n' && keepNewlines || c >= 0x20 && c != 0x7f {
				continue
			}
			return false
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || Unsafe(r) {
			return false
		}
		i += n - 1
	}
	return true
}

// Visible returns s with every dangerous character shown as a visible escape.
// Line breaks (\n, and \r\n, which becomes \n) and tabs are kept; a \r on its
// own is shown as `\x0d`.
func Visible(s string) string {
	if clean(s, true) {
		return s
	}
	b := make([]byte, 0, len(s)+16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = appendEscape(b, rune(s[i]))
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
			// CRLF is a line break: keep the LF only.
		case Unsafe(r):
			b = appendEscape(b, r)
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

// Line returns s on one line: runs of white space (line breaks and tabs
// included) become one space, leading and trailing space is trimmed, and
// every other dangerous character is shown as a visible escape.
func Line(s string) string {
	if clean(s, false) && !hasSpaceRun(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x21 && c < 0x7f { // printable ASCII, the common case
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			r = -1
		}
		if r >= 0 && unicode.IsSpace(r) {
			space = b.Len() > 0
			i += n
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		switch {
		case r < 0:
			b.Write(appendEscape(nil, rune(s[i])))
		case Unsafe(r):
			b.Write(appendEscape(nil, r))
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// hasSpaceRun reports whether Line would change the white space of s (which
// clean has checked holds no \n and no non-ASCII danger).
func hasSpaceRun(s string) bool {
	prevSpace := true // a leading space is trimmed
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if sp && (prevSpace || r != ' ') {
			return true
		}
		prevSpace = sp
	}
	return prevSpace && s != ""
}

// JSON rewrites encoded JSON so that it holds no raw dangerous character:
// each one becomes a \uXXXX escape (a surrogate pair beyond the BMP), which
// decodes to the same value. encoding/json escapes C0 controls itself but
// writes DEL, C1 controls and bidi overrides raw, and those reach a terminal
// when the JSON is printed there. Bytes that are not valid UTF-8 (which
// encoding/json never writes) become \ufffd.
func JSON(b []byte) []byte {
	if clean(string(b), true) {
		return b
	}
	const hex = "0123456789abcdef"
	u := func(out []byte, r rune) []byte {
		return append(out, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
	}
	out := make([]byte, 0, len(b)+32)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			out = u(out, utf8.RuneError)
		case r == '\r' || !Unsafe(r):
			out = append(out, b[i:i+n]...)
		case r > 0xffff:
			r1, r2 := surrogates(r)
			out = u(u(out, r1), r2)
		default:
			out = u(out, r)
		}
		i += n
	}
	return out
}

func surrogates(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}
