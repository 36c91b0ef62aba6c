package normalize

import (
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// Loose phrase matching, for phrase claims ("the abstract says 'scaling
// laws'"). A phrase matches a text when its words, in order and adjacent,
// match words of the text (both in Phrase form, so case, hyphens, dashes,
// quotes and markup are ignored), where two words match when
//   - they are the same word;
//   - they are inflections of one word (SameWord): both regenerate from one
//     base by regular inflection (-s, -es, -ies, -ed, -ing, with e-drop and
//     consonant doubling), their Snowball (Porter 2) English stems agree,
//     and neither is a lexicalised word of its own: "law"/"laws",
//     "scaling"/"scale", "model"/"modelling", "study"/"studies"; not
//     "unit"/"united", "mean"/"meaning", "general"/"generally",
//     "compute"/"computer", "attention"/"attentive";
//   - one is two adjacent words of the other written as one, the first a
//     compound prefix ("pretrained" / "pre-trained" / "pre trained"; not
//     "therapist" / "the rapist");
//
// and a phrase also matches when the text defines an acronym ("Multi-head
// Latent Attention (MLA)": the initials of the words before the bracket spell
// it) and the phrase uses the acronym where the text uses the long form, or
// the long form where the text uses the acronym. Words with digits
// ("v3", "128k") match only exactly. docs/judging.md documents the rule.

// SameWord reports whether two lower-case words are the same word or
// inflections of one (see the package's phrase rules): both regenerate from
// one base by regular English inflection (-s, -es, -ies, -ed, -ied, -ing,
// with e-drop and consonant doubling), their Snowball stems agree, and
// neither is a lexicalised form that is a word of its own ("united" is not
// "unit" + -ed).
func SameWord(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) < 3 || len(b) < 3 || a[0] != b[0] || hasDigit(a) || hasDigit(b) {
		return false
	}
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	if p < 3 {
		return false
	}
	ok := false
	for _, x := range append(bases(a), a) {
		if (x == a || inflects(x, a)) && (x == b || inflects(x, b)) && !lexicalised(x, a) && !lexicalised(x, b) {
			ok = true
			break
		}
	}
	return ok && english.Stem(a, true) == english.Stem(b, true)
}

// lexicalisedForms are inflection-shaped words that are words of their own,
// with the bases they do not inflect ("united" is not "unit" + -ed).
var lexicalisedForms = map[string]string{
	"united": "unit", "meaning": "mean", "meanings": "mean", "bedding": "bed", "routing": "rout", "routed": "rout",
	"singed": "sing", "longing": "long", "evening": "even", "evenings": "even", "ceiling": "ceil", "morning": "morn",
	"during": "dur",
}

func lexicalised(base, form string) bool {
	return base != form && lexicalisedForms[form] == base
}

// bases lists the bases w may be an inflection of ("scaling" → scal,
// scale; "studies" → study; "running" → run).
func bases(w string) []string {
	var out []string
	for _, suf := range []string{"ing", "ed", "es", "s", "d"} {
		st, ok := strings.CutSuffix(w, suf)
		if !ok || len(st) < 2 {
			continue
		}
		out = append(out, st, st+"e")
		if n := len(st); n >= 2 && st[n-1] == st[n-2] {
			out = append(out, st[:n-1])
		}
		if strings.HasSuffix(st, "i") {
			out = append(out, st[:len(st)-1]+"y")
		}
	}
	return out
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// inflects reports whether form is base plus a regular inflectional ending:
// -s/-es, -ies and -ied after a consonant and y, -ed/-d and -ing with
// e-drop, and with the final consonant doubled after a single vowel (always
// for one syllable: "run" → "running"; optional for more: "model" →
// "modeling", "modelling").
func inflects(base, form string) bool {
	n := len(base)
	if n < 2 || len(form) <= n {
		return false
	}
	last := base[n-1]
	if form == base+"s" || form == base+"es" && strings.ContainsRune("sxzho", rune(last)) {
		return true
	}
	if last == 'y' && !isVowel(base[n-2]) && (form == base[:n-1]+"ies" || form == base[:n-1]+"ied") {
		return true
	}
	if last == 'e' {
		return form == base+"d" || form == base[:n-1]+"ing" || strings.HasSuffix(base, "ee") && form == base+"ing"
	}
	for _, suf := range []string{"ed", "ing"} {
		if last == 'y' && suf == "ed" && !isVowel(base[n-2]) {
			continue // study → studied, not studyed
		}
		cvc := !isVowel(last) && !strings.ContainsRune("wxy", rune(last)) && isVowel(base[n-2]) && (n < 3 || !isVowel(base[n-3]))
		doubled := form == base+string(last)+suf
		plain := form == base+suf
		switch {
		case cvc && syllables(base) == 1:
			if doubled {
				return true
			}
		case cvc:
			if doubled || plain {
				return true
			}
		case plain:
			return true
		}
	}
	return false
}

// syllables counts the vowel groups of a word (y after a consonant counts).
func syllables(w string) int {
	n, prev := 0, false
	for i := 0; i < len(w); i++ {
		v := isVowel(w[i]) || w[i] == 'y' && i > 0 && !isVowel(w[i-1])
		if v && !prev {
			n++
		}
		prev = v
	}
	return n
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// token is a word of a Phrase-form string with its byte span.
type token struct {
	w    string
	a, b int
}

func tokens(s string) []token {
	var out []token
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if i > start {
				out = append(out, token{s[start:i], start, i})
			}
			start = i + 1
		}
	}
	return out
}

// joinPrefixes are the first parts of compounds written as one word, with a
// hyphen or with a space ("pretrained", "pre-trained", "pre trained"); only
// they join, so "the rapist" is not "therapist" nor "a way" "away".
var joinPrefixes = map[string]bool{
	"pre": true, "post": true, "multi": true, "non": true, "co": true, "re": true, "sub": true, "open": true,
	"fine": true, "long": true, "self": true, "cross": true, "semi": true, "anti": true, "inter": true,
	"intra": true, "mid": true, "meta": true, "hyper": true, "super": true, "ultra": true, "auto": true,
	"over": true, "under": true, "de": true, "bi": true, "tri": true, "mini": true, "micro": true, "macro": true,
	"zero": true, "few": true, "high": true, "low": true, "large": true, "small": true, "short": true, "head": true,
	"instruction": true, "chain": true, "mixed": true, "hand": true, "human": true, "text": true, "speech": true,
	"data": true, "code": true, "key": true, "work": true, "down": true, "up": true,
}

// matchAt reports whether the phrase words p match text words t from t[0]
// on, and how many text words the match uses.
func matchAt(t []token, p []string) (int, bool) {
	i, j := 0, 0
	for j < len(p) {
		if i >= len(t) {
			return 0, false
		}
		switch {
		case SameWord(t[i].w, p[j]):
			i, j = i+1, j+1
		case j+1 < len(p) && joinPrefixes[p[j]] && strings.HasPrefix(t[i].w, p[j]) && !hasDigit(t[i].w) && SameWord(t[i].w, p[j]+p[j+1]):
			i, j = i+1, j+2
		case i+1 < len(t) && joinPrefixes[t[i].w] && strings.HasPrefix(p[j], t[i].w) && !hasDigit(p[j]) && SameWord(t[i].w+t[i+1].w, p[j]):
			i, j = i+2, j+1
		default:
			return 0, false
		}
	}
	return i, true
}

// maxPhraseScan bounds the text words a loose match scans.
const maxPhraseScan = 200000

// findLoose finds the phrase words p in the text words t.
func findLoose(t []token, p []string) (start, end int) {
	if len(p) == 0 {
		return -1, -1
	}
	for i := range t {
		if i > maxPhraseScan {
			break
		}
		if n, ok := matchAt(t[i:], p); ok {
			return t[i].a, t[i+n-1].b
		}
	}
	return -1, -1
}

// acronym is a definition found in a text: Short stands for Long (both in
// Phrase form).
type acronym struct{ Short, Long string }

// smallWords may be skipped when initials spell an acronym ("Mixture of
// Experts (MoE)" is spelt with its "of", "Reinforcement Learning from Human
// Feedback (RLHF)" without its "from").
var smallWords = map[string]bool{"of": true, "and": true, "the": true, "for": true, "from": true, "with": true, "in": true, "on": true, "to": true, "a": true}

// Acronyms lists the acronyms text defines, at most 64: a bracketed word of
// 2–8 letters starting with a capital ("(MLA)") whose initials the words
// before it spell. It scans for brackets, so it costs one pass over text.
func Acronyms(text string) []acronym {
	var out []acronym
	for from := 0; len(out) < 64; {
		k := strings.IndexByte(text[from:], '(')
		if k < 0 {
			break
		}
		open := from + k
		from = open + 1
		close := strings.IndexByte(text[from:min(len(text), from+10)], ')')
		if close < 2 {
			continue
		}
		short := text[from : from+close]
		if !acronymShape(short) {
			continue
		}
		words := wordsBefore(text[max(0, open-200):open], 8)
		if long := spell(words, strings.TrimSuffix(strings.ToLower(short), "s")); long != "" {
			out = append(out, acronym{Short: Phrase(short), Long: Phrase(long)})
		}
	}
	return out
}

// acronymShape: 2–8 ASCII letters, the first a capital.
func acronymShape(s string) bool {
	if len(s) < 2 || len(s) > 8 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// wordsBefore returns up to n words (letters, digits and hyphens) that end
// s, in order; a character of another kind stops it.
func wordsBefore(s string, n int) []string {
	fields := strings.Fields(s)
	var out []string
	for i := len(fields) - 1; i >= 0 && len(out) < n; i-- {
		w := fields[i]
		ok := w != ""
		for _, r := range w {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
				ok = false
				break
			}
		}
		if !ok {
			break
		}
		out = append(out, w)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// spell returns the shortest tail of words whose initials spell letters
// (small words may be skipped or counted), "" when none does.
func spell(words []string, letters string) string {
	for k := 1; k <= len(words); k++ {
		tail := words[len(words)-k:]
		if smallWords[strings.ToLower(tail[0])] {
			continue
		}
		if initialsSpell(tail, letters) {
			return strings.Join(tail, " ")
		}
	}
	return ""
}

// initialsSpell reports whether the words' initials spell letters: a
// hyphenated word gives its first initial ("Multi-head" → m) or one per part
// ("Mixture-of-Experts" → m, o, e); a small word is counted or skipped.
func initialsSpell(words []string, letters string) bool {
	if len(words) == 0 {
		return letters == ""
	}
	if letters == "" {
		return false
	}
	w := strings.ToLower(strings.Trim(words[0], "-"))
	if w == "" {
		return initialsSpell(words[1:], letters)
	}
	if w[0] == letters[0] && initialsSpell(words[1:], letters[1:]) {
		return true
	}
	if parts := strings.Split(w, "-"); len(parts) > 1 && partsSpell(parts, words[1:], letters) {
		return true
	}
	return smallWords[w] && initialsSpell(words[1:], letters)
}

// partsSpell is initialsSpell over the parts of one hyphenated word, then
// the words after it.
func partsSpell(parts, rest []string, letters string) bool {
	if len(parts) == 0 {
		return initialsSpell(rest, letters)
	}
	if parts[0] == "" {
		return partsSpell(parts[1:], rest, letters)
	}
	if letters != "" && parts[0][0] == letters[0] && partsSpell(parts[1:], rest, letters[1:]) {
		return true
	}
	return smallWords[parts[0]] && partsSpell(parts[1:], rest, letters)
}

// FindPhraseLoose looks phrase up in text by the loose rules above and
// returns the byte offsets of the match in Phrase(text), or -1, -1.
func FindPhraseLoose(text, phrase string) (start, end int) {
	t, p := Phrase(text), Phrase(phrase)
	if p == "" {
		return -1, -1
	}
	tt := tokens(t)
	pw := strings.Fields(p)
	if i, j := findLoose(tt, pw); i >= 0 {
		return i, j
	}
	for _, ac := range Acronyms(text) {
		for _, alt := range []string{replaceWords(p, ac.Short, ac.Long), replaceWords(p, ac.Long, ac.Short)} {
			if alt == p {
				continue
			}
			if i, j := findLoose(tt, strings.Fields(alt)); i >= 0 {
				return i, j
			}
		}
	}
	return -1, -1
}

// replaceWords replaces the whole words old by new in the Phrase-form s.
func replaceWords(s, old, new string) string {
	if old == "" {
		return s
	}
	return strings.TrimSpace(strings.ReplaceAll(" "+s+" ", " "+old+" ", " "+new+" "))
}

// PhraseSnippet is Snippet with the loose rules of FindPhraseLoose: the part
// of Phrase(text) around the match, at most about width bytes on each side;
// "" when the phrase is not found.
func PhraseSnippet(text, phrase string, width int) string {
	i, j := FindPhraseLoose(text, phrase)
	return SnippetAround(Phrase(text), i, j, width)
}
