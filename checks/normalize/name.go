package normalize

import (
	"strings"
	"unicode"
)

// Variants are the checkpoint suffixes that name a variant of one model, not
// another model: a family row "DeepSeek-V3-Base" is a variant of "DeepSeek-V3",
// "DeepSeek-V2-Lite" is not (it is a different, smaller model).
var Variants = []string{"base", "chat", "instruct"}

// Name is the key model names and ids are compared by: zero-width characters
// dropped, lower case, spaces, hyphens, dashes and underscores removed, and
// dots removed unless between two digits (a version "3.2" or a size "1.5b"
// keeps its dot). An "owner/name" id keeps the owner: Name("deepseek-ai/
// DeepSeek-V3") = "deepseek-ai/deepseekv3" — the owner is compared
// separately by SameName. "DeepSeekMath-V2", "DeepSeek-Math-V2" and
// "deepseek math v2" have the same key; "DeepSeek-V2" and "DeepSeek-V2-Lite"
// do not.
func Name(s string) string {
	owner, name := SplitOwner(s)
	if owner != "" {
		return strings.ToLower(Text(owner)) + "/" + nameKey(name)
	}
	return nameKey(name)
}

func nameKey(s string) string {
	rs := []rune(Text(s))
	var b strings.Builder
	for i, r := range rs {
		switch {
		case invisible(r), unicode.IsSpace(r), dash(r), r == '_':
			continue
		case r == '.':
			if i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]) {
				b.WriteByte('.')
			}
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// SplitOwner splits "owner/name" at the last slash; a plain name has no owner.
func SplitOwner(s string) (owner, name string) {
	s = Text(s)
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
	}
	return "", s
}

// SameName reports whether two model names or ids name the same thing: equal
// name keys, and equal owners when both carry one ("deepseek-ai/DeepSeek-V3" =
// "DeepSeek-V3" = "deepseek-ai/deepseek-v3"; never "DeepSeek-V3-Base").
func SameName(a, b string) bool {
	oa, na := SplitOwner(a)
	ob, nb := SplitOwner(b)
	ka, kb := nameKey(na), nameKey(nb)
	if ka == "" || ka != kb {
		return false
	}
	return oa == "" || ob == "" || strings.EqualFold(oa, ob)
}

// Variant reports whether row names a variant of family: the same name, or
// the name followed by one of Variants ("DeepSeek-V3-Base" of "DeepSeek-V3").
// It returns the variant ("" for the name itself).
func Variant(row, family string) (variant string, ok bool) {
	or, nr := SplitOwner(row)
	of, nf := SplitOwner(family)
	if or != "" && of != "" && !strings.EqualFold(or, of) {
		return "", false
	}
	kr, kf := nameKey(nr), nameKey(nf)
	if kf == "" || !strings.HasPrefix(kr, kf) {
		return "", false
	}
	rest := kr[len(kf):]
	if rest == "" {
		return "", true
	}
	for _, v := range Variants {
		if rest == v {
			return v, true
		}
	}
	return "", false
}

// Tokens splits a name into its parts at spaces, hyphens, dashes and
// underscores: "DeepSeek-V4-Flash-0731" → DeepSeek, V4, Flash, 0731.
func Tokens(s string) []string {
	_, n := SplitOwner(s)
	return strings.FieldsFunc(Text(n), func(r rune) bool {
		return unicode.IsSpace(r) || dash(r) || r == '_' || invisible(r)
	})
}

// FamilyMember reports whether name is a later member of family: a proper
// prefix of name's parts has family's key ("DeepSeek-V4-Flash-0731" is a member
// of "DeepSeek-V4-Flash"; "DeepSeek-V3.1" is not a member of "DeepSeek-V3").
// This relation is used only to find newer models; it never verifies a value.
func FamilyMember(name, family string) bool {
	on, _ := SplitOwner(name)
	of, _ := SplitOwner(family)
	if on != "" && of != "" && !strings.EqualFold(on, of) {
		return false
	}
	kf := Name(dropOwner(family))
	if kf == "" || len(name) > maxNameLen {
		return false
	}
	ts := Tokens(name)
	prefix := ""
	for i := 0; i+1 < len(ts) && len(prefix) < len(kf); i++ {
		prefix += nameKey(ts[i])
		if prefix == kf {
			return true
		}
	}
	return false
}

// maxNameLen bounds the names the part-wise relations look at: nothing longer
// is a model name, and the bound keeps hostile input linear.
const maxNameLen = 300

// ShortName reports whether short is the name itself or a trailing part of it
// of at least two parts ("R1-Zero" of "DeepSeek-R1-Zero", "V4-Flash" of
// "DeepSeek-V4-Flash"; never a single part such as "Zero").
func ShortName(short, name string) bool {
	if SameName(short, name) {
		return true
	}
	if len(short) > maxNameLen || len(name) > maxNameLen || len(Tokens(short)) < 2 {
		return false
	}
	ks := nameKey(dropOwner(short))
	ts := Tokens(name)
	suffix := ""
	for i := len(ts) - 1; i >= 1 && len(suffix) < len(ks); i-- {
		suffix = nameKey(ts[i]) + suffix
		if suffix == ks {
			return true
		}
	}
	return false
}

// HasToken reports whether one of name's parts has the key of token
// ("Qwen" in "DeepSeek-R1-Distill-Qwen-7B").
func HasToken(name, token string) bool {
	k := nameKey(token)
	if k == "" {
		return false
	}
	for _, t := range Tokens(name) {
		if nameKey(t) == k {
			return true
		}
	}
	return false
}

func dropOwner(s string) string { _, n := SplitOwner(s); return n }

// nameWord reports characters that continue a name-like word in running text.
func nameWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || dash(r) || r == '_' || r == '.' || r == '/'
}

// MentionsName reports whether text mentions name as a whole: one to four
// consecutive name-like words of text whose joined key equals the name's key.
// "DeepSeek V4 Preview Release" mentions "DeepSeek-V4"; "DeepSeek-V3-0324 is
// out" does not mention "DeepSeek-V3" (the word is a different model's name).
func MentionsName(text, name string) bool {
	k := nameKey(dropOwner(name))
	if k == "" {
		return false
	}
	ws := nameWords(text)
	for i := range ws {
		joined := ""
		for j := i; j < len(ws) && j < i+4; j++ {
			joined += ws[j]
			jk := nameKey(dropOwner(joined))
			if jk == k {
				return true
			}
			if len(jk) >= len(k) {
				break
			}
		}
	}
	return false
}

// MentionsFamily reports whether text mentions name or a later member of its
// family (see FamilyMember) as a whole word.
func MentionsFamily(text, name string) bool {
	if MentionsName(text, name) {
		return true
	}
	for _, w := range nameWords(text) {
		if FamilyMember(w, dropOwner(name)) {
			return true
		}
	}
	return false
}

// nameWords splits text into name-like words, trimming trailing dots.
func nameWords(text string) []string {
	ws := strings.FieldsFunc(Text(text), func(r rune) bool { return !nameWord(r) })
	out := ws[:0]
	for _, w := range ws {
		w = strings.Trim(w, ".-_/")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}
