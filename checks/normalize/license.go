package normalize

import (
	"fmt"
	"strings"
)

// spdx maps compact licence names (lower case, letters and digits only) to
// SPDX ids.
var spdx = map[string]string{
	"mit": "mit", "mitlicense": "mit", "themitlicense": "mit",
	"apache2.0": "apache-2.0", "apache20": "apache-2.0", "apache2": "apache-2.0", "apachelicense2.0": "apache-2.0",
	"apachelicense20": "apache-2.0", "apachelicenseversion2.0": "apache-2.0", "apachelicenseversion20": "apache-2.0",
	"bsd3clause": "bsd-3-clause", "bsd2clause": "bsd-2-clause", "gpl3.0": "gpl-3.0", "gpl30": "gpl-3.0", "gplv3": "gpl-3.0",
	"ccby4.0": "cc-by-4.0", "ccby40": "cc-by-4.0", "ccbync4.0": "cc-by-nc-4.0", "ccbync40": "cc-by-nc-4.0",
	"ccbysa4.0": "cc-by-sa-4.0", "ccbysa40": "cc-by-sa-4.0", "openrail": "openrail",
	"llama2": "llama2", "llama3": "llama3", "llama3.1": "llama3.1", "llama31": "llama3.1", "llama3.2": "llama3.2",
	"llama32": "llama3.2", "llama3.3": "llama3.3", "llama33": "llama3.3", "llama4": "llama4",
}

// licenceNames maps licence ids (SPDX, and the Hugging Face Hub's licence
// ids, which name vendors' own licences) to the compact forms of their full
// names (lower case, letters, digits and dots; generic words such as
// "license", "model", "community", "agreement", "version", "terms of use"
// dropped, as License drops them), so that a card's `license: <id>` and a
// catalog's full name compare equal.
var licenceNames = map[string][]string{
	"mit":                                 {"mit"},
	"apache-2.0":                          {"apache2.0"},
	"bsd-2-clause":                        {"bsd2clause", "bsd2clausesimplified", "simplifiedbsd"},
	"bsd-3-clause":                        {"bsd3clause", "bsd3clausenewrevised", "newbsd", "revisedbsd"},
	"bsl-1.0":                             {"boostsoftware1.0", "boostsoftware"},
	"gpl-2.0":                             {"gnugeneralpublic2.0", "gnugeneralpublicv2.0", "gnugeneralpublicv2", "gplv2", "gpl2.0", "gnugplv2", "gnugpl2.0", "gnugplv2.0"},
	"gpl-3.0":                             {"gnugeneralpublic3.0", "gnugeneralpublicv3.0", "gnugeneralpublicv3", "gplv3", "gpl3.0", "gnugplv3", "gnugpl3.0", "gnugplv3.0"},
	"lgpl-2.1":                            {"gnulessergeneralpublic2.1", "gnulessergeneralpublicv2.1", "lgplv2.1"},
	"lgpl-3.0":                            {"gnulessergeneralpublic3.0", "gnulessergeneralpublicv3.0", "lgplv3"},
	"agpl-3.0":                            {"gnuafferogeneralpublic3.0", "gnuafferogeneralpublicv3.0", "agplv3"},
	"mpl-2.0":                             {"mozillapublic2.0"},
	"epl-2.0":                             {"eclipsepublic2.0"},
	"isc":                                 {"isc"},
	"zlib":                                {"zlib"},
	"unlicense":                           {"unlicense"},
	"cc0-1.0":                             {"cc01.0", "creativecommonszero1.0", "creativecommonszerov1.0universal", "cc0"},
	"cc-by-4.0":                           {"ccby4.0", "creativecommonsattribution4.0international", "creativecommonsattribution4.0"},
	"cc-by-sa-4.0":                        {"ccbysa4.0", "creativecommonsattributionsharealike4.0international", "creativecommonsattributionsharealike4.0"},
	"cc-by-nc-4.0":                        {"ccbync4.0", "creativecommonsattributionnoncommercial4.0international", "creativecommonsattributionnoncommercial4.0"},
	"cc-by-nc-sa-4.0":                     {"ccbyncsa4.0", "creativecommonsattributionnoncommercialsharealike4.0international"},
	"cc-by-nc-nd-4.0":                     {"ccbyncnd4.0", "creativecommonsattributionnoncommercialnoderivatives4.0international"},
	"cc-by-nd-4.0":                        {"ccbynd4.0", "creativecommonsattributionnoderivatives4.0international"},
	"odc-by":                              {"odcby", "opendatacommonsattribution"},
	"odbl":                                {"odbl", "opendatabase", "opendatacommonsopendatabase"},
	"pddl":                                {"pddl", "opendatacommonspublicdomaindedicationand"},
	"openrail":                            {"openrail", "responsibleai"},
	"openrail++":                          {"openrail++"},
	"creativeml-openrail-m":               {"creativemlopenrailm"},
	"bigscience-openrail-m":               {"bigscienceopenrailm", "bigscienceresponsibleaim"},
	"bigcode-openrail-m":                  {"bigcodeopenrailm"},
	"llama2":                              {"llama2"},
	"llama3":                              {"llama3", "metallama3"},
	"llama3.1":                            {"llama3.1"},
	"llama3.2":                            {"llama3.2"},
	"llama3.3":                            {"llama3.3"},
	"llama4":                              {"llama4"},
	"gemma":                               {"gemma"},
	"apple-amlr":                          {"applemachinelearningresearch", "appleamlr"},
	"apple-ascl":                          {"applesamplecode", "appleascl"},
	"fair-noncommercial-research-license": {"fairnoncommercialresearch"},
	"intel-research":                      {"intelresearch"},
	"ms-pl":                               {"microsoftpublic"},
	"artistic-2.0":                        {"artistic2.0"},
	"afl-3.0":                             {"academicfree3.0", "academicfreev3.0"},
	"ofl-1.1":                             {"silopenfont1.1", "openfont1.1"},
	"postgresql":                          {"postgresql"},
	"wtfpl":                               {"wtfpl", "dowhatthefuckyouwanttopublic"},
}

// licenceByName is licenceNames inverted: a compact name → its id.
var licenceByName = func() map[string]string {
	m := map[string]string{}
	for id, names := range licenceNames {
		m[compact(id)] = id
		for _, n := range names {
			m[n] = id
		}
	}
	return m
}()

// licenceStop are the generic words of licence names.
var licenceStop = map[string]bool{
	"the": true, "license": true, "licence": true, "licensed": true, "agreement": true, "model": true, "models": true,
	"community": true, "version": true, "terms": true, "of": true, "use": true, "under": true, "other": true,
	"v1": true, "v1.0": true, "1.0": true, "code": true, "weights": true, "is": true, "and": true,
}

// License is the key licences are compared by: an SPDX id when the name is a
// known licence ("MIT", "mit", "MIT License" → "mit"; "Apache License 2.0" →
// "apache-2.0"), else the name's words without generic ones, joined by "-"
// ("DeepSeek Model License", "DEEPSEEK LICENSE AGREEMENT Version 1.0" and a
// Hugging Face "license:other" with license_name "deepseek" → "deepseek").
// "" means the text names no particular licence ("other", "Model License").
func License(s string) string {
	t := strings.ToLower(Text(s))
	t = strings.TrimPrefix(t, "license:")
	t = strings.ReplaceAll(t, "licence", "license")
	// SPDX "-only" and "-or-later" ("+") forms name the base licence.
	for _, suf := range []string{"-only", "-or-later", "+"} {
		if b := strings.TrimSuffix(t, suf); b != t && b != "" && isDigit(b[len(b)-1]) {
			t = b
			break
		}
	}
	if k, ok := spdx[compact(t)]; ok {
		return k
	}
	var words []string
	for _, w := range strings.FieldsFunc(t, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r > 127)
	}) {
		w = strings.Trim(w, ".")
		if w != "" && !licenceStop[w] {
			words = append(words, w)
		}
	}
	k := strings.Join(words, "-")
	if id, ok := spdx[compact(k)]; ok {
		return id
	}
	if id, ok := licenceByName[compact(k)]; ok {
		return id
	}
	return k
}

// knownLicence reports whether a key is a licence id of the table (an SPDX
// or Hub id with a known full name).
func knownLicence(k string) bool {
	_, ok := licenceNames[k]
	return ok
}

// idShaped reports whether a licence text is an identifier (one token such
// as "apple-amlr", "qwen", "llama3.1", "license:other"), not a name in words.
func idShaped(s string) bool {
	t := strings.TrimPrefix(strings.ToLower(Text(s)), "license:")
	return t != "" && !strings.ContainsAny(t, " \t")
}

// acronymOf reports whether id's tokens spell the licence name raw (in
// words): each token is a word of the name or the initials of a run of its
// words (generic words included: "owl" = Open Weights License), and every
// word that is not generic is covered ("apple-amlr" = Apple Machine Learning
// Research).
func acronymOf(id, raw string) bool {
	toks := strings.Split(id, "-")
	words := strings.FieldsFunc(strings.ToLower(Text(raw)), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r > 127)
	})
	if id == "" || len(words) == 0 {
		return false
	}
	covered := make([]bool, len(words))
	for _, t := range toks {
		hit := false
		for i := 0; i < len(words) && !hit; i++ {
			if words[i] == t {
				covered[i], hit = true, true
				continue
			}
			if len(t) < 2 || i+len(t) > len(words) || words[i][0] != t[0] {
				continue
			}
			// Initials of consecutive words; a generic word such as "AI"
			// may be left out of them ("mrl" = Mistral AI Research License).
			w, ok := i, true
			for j := 0; j < len(t); j, w = j+1, w+1 {
				for w < len(words) && words[w][0] != t[j] && initialsSkip[strings.Trim(words[w], ".")] {
					w++
				}
				if w >= len(words) || words[w][0] != t[j] {
					ok = false
					break
				}
			}
			if ok {
				for j := i; j < w; j++ {
					covered[j] = true
				}
				hit = true
			}
		}
		if !hit {
			return false
		}
	}
	for i, c := range covered {
		if !c && !licenceStop[strings.Trim(words[i], ".")] {
			return false
		}
	}
	return true
}

// initialsSkip are generic words a licence id's initials may leave out.
var initialsSkip = map[string]bool{"ai": true, "the": true, "of": true, "and": true, "for": true, "inc": true}

// shareWord reports whether two licence keys have a word in common (ignoring
// version numbers).
func shareWord(a, b string) bool {
	for _, x := range strings.Split(a, "-") {
		if x == "" || strings.Trim(x, "0123456789.") == "" {
			continue
		}
		for _, y := range strings.Split(b, "-") {
			if x == y || len(x) >= 3 && strings.HasPrefix(y, x) || len(y) >= 3 && strings.HasPrefix(x, y) {
				return true
			}
		}
	}
	return false
}

func compact(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' {
			b.WriteRune(r)
		}
	}
	return strings.Trim(b.String(), ".")
}

// MatchLicense compares a catalog licence with an official statement. Equal
// keys agree. A statement that names no particular licence ("subject to the
// Model License") agrees when its words are part of the claimed name, noted;
// otherwise it is inconclusive. A licence id against a name in words agrees
// when the id abbreviates the name (its tokens are the name's words or their
// initials: "apple-amlr" = Apple Machine Learning Research); an id that is
// not a known licence and shares a word with the name (a vendor's id for one
// of its licences) is inconclusive, never a contradiction.
func MatchLicense(claim, obs string) Match {
	c, o := License(claim), License(obs)
	if c == "" {
		return Match{}
	}
	if o == "" {
		p := Phrase(strings.TrimPrefix(strings.ToLower(Text(obs)), "license:"))
		if p != "" && p != "other" && ContainsPhrase(claim, p) {
			return Match{Result: Agree, Lo: true, Hi: true, Note: "the source names the licence generically"}
		}
		return Match{}
	}
	if c == o || compact(c) == compact(o) {
		// GPL-2.0-only and GPL-2.0-or-later are different grants of one
		// licence: when both sides say which, they must say the same.
		if a, b := spdxGrant(claim), spdxGrant(obs); a != "" && b != "" && a != b {
			return Match{Result: Inconclusive, Note: "one side says -only, the other -or-later"}
		}
		return Match{Result: Agree, Lo: true, Hi: true}
	}
	// A version-less family name against a precise licence of that family
	// ("Apache License" / apache-2.0, "GPL" / gpl-3.0, "Llama" / llama3.1)
	// is less precise, not different.
	if lessPreciseLicence(c, o) || lessPreciseLicence(o, c) {
		return Match{Result: Inconclusive, Note: "one source names the licence family without its version or variant"}
	}
	// A licence id against a name in words: the id may abbreviate the name.
	if idShaped(obs) != idShaped(claim) {
		id, name, raw := o, c, claim
		if idShaped(claim) {
			id, name, raw = c, o, obs
		}
		if acronymOf(id, raw) {
			return Match{Result: Agree, Lo: true, Hi: true, Note: fmt.Sprintf("the licence id %q abbreviates %q", id, Text(raw))}
		}
		// A known id is precise; an id the tables do not know may still
		// be the vendor's id for the named licence (or for another of its
		// licences): when they share a word (the vendor's), nothing is
		// decided.
		if !knownLicence(id) && shareWord(id, name) {
			return Match{Note: fmt.Sprintf("the licence id %q may or may not stand for %q", id, Text(raw))}
		}
	}
	return Match{Result: Differ}
}

// licenceFamilyAlias maps version-less family names in words to the family
// token of the ids ("creative-commons" → "cc", "gnu-gpl" → "gpl").
var licenceFamilyAlias = map[string]string{
	"creative-commons": "cc", "gnu-gpl": "gpl", "gnu-general-public": "gpl", "gnu-lgpl": "lgpl",
	"gnu-lesser-general-public": "lgpl", "gnu-agpl": "agpl", "gnu-affero-general-public": "agpl",
	"general-public": "gpl", "lesser-general-public": "lgpl", "bsd-style": "bsd",
}

// licenceFamily is the family of a known licence id: its first token without
// a version ("apache-2.0" → "apache", "llama3.1" → "llama", "cc-by-4.0" →
// "cc", "bsd-3-clause" → "bsd"); "" for an id the tables do not know.
func licenceFamily(id string) string {
	if !knownLicence(id) {
		return ""
	}
	tok, _, _ := strings.Cut(id, "-")
	return strings.TrimRight(tok, "0123456789.")
}

// lessPreciseLicence reports whether key a names only the family of the
// known licence b: a has no version ("apache", "gpl", "llama", "creative-
// commons") and is b's family.
func lessPreciseLicence(a, b string) bool {
	if a == "" || strings.ContainsAny(a, "0123456789") {
		return false
	}
	if x, ok := licenceFamilyAlias[a]; ok {
		a = x
	}
	f := licenceFamily(b)
	return f != "" && f != b && a == f
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// spdxGrant is "only" or "later" for a licence written with an SPDX -only or
// -or-later ("+") suffix, "" otherwise.
func spdxGrant(s string) string {
	t := strings.ToLower(strings.TrimSpace(s))
	switch {
	case strings.HasSuffix(t, "-only"):
		return "only"
	case strings.HasSuffix(t, "-or-later"), strings.HasSuffix(t, "+"):
		return "later"
	}
	return ""
}
