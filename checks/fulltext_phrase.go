package checks

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimcheck/claimcheck/checks/normalize"
)

// fullTextSentence is the first sentence of a full-text paragraph that
// states phrase affirmatively: it holds the phrase and no negation ("not",
// "no", "without", "unlike", "instead of", "rather than", "never", "n't")
// stands before it in the sentence. "Unlike DeepSeek-V3, we do not use
// multi-token prediction" states no phrase. "" when no sentence does.
func fullTextSentence(paragraph, phrase string) string {
	for _, s := range sentences(paragraph) {
		i, _ := normalize.FindPhraseLoose(s, phrase)
		if i < 0 {
			continue
		}
		// A negation anywhere in the sentence — before the phrase, or after
		// it ("… is not used", "… was removed") — leaves it unstated: when
		// in doubt, unverified.
		if negated(normalize.Phrase(s)) || reDenied.MatchString(s) {
			continue
		}
		return s
	}
	return ""
}

// negations are the words (in normalize.Phrase form) that deny what follows
// them in a sentence.
var negations = map[string]bool{
	"not": true, "no": true, "without": true, "unlike": true, "never": true,
	"nor": true, "cannot": true, "neither": true,
}

// negated says whether the Phrase-form words before a match deny it.
func negated(before string) bool {
	w := strings.Fields(before)
	for i, x := range w {
		switch {
		case negations[x]:
			return true
		case x == "t" && i > 0 && strings.HasSuffix(w[i-1], "n"): // don't, isn't, can't
			return true
		case i > 0 && ((w[i-1] == "instead" && x == "of") || (w[i-1] == "rather" && x == "than")):
			return true
		}
	}
	return false
}

// sentences splits a paragraph after '.', '!' or '?' followed by white
// space and an upper-case letter, digit or opening bracket; a sentence that
// cannot be split stays whole (which only makes a negation count more).
func sentences(p string) []string {
	var out []string
	start := 0
	for i := 0; i < len(p); i++ {
		if c := p[i]; c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(p) && (p[j] == ' ' || p[j] == '\n' || p[j] == '\t') {
			j++
		}
		if j == i+1 || j >= len(p) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(p[j:])
		if unicode.IsUpper(r) || unicode.IsDigit(r) || r == '(' || r == '[' {
			if s := strings.TrimSpace(p[start : i+1]); s != "" {
				out = append(out, s)
			}
			start = j
		}
	}
	if s := strings.TrimSpace(p[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// reDenied are words after a phrase that take it back.
var reDenied = regexp.MustCompile(`(?i)\b(?:removed|dropped|omitted|abandoned|discarded|replaced|disabled|not)\b|n't\b`)
