package normalize

import (
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
	"llama32": "llama3.2", "llama3.3": "llama3.3", "llama33": "llama3.3",
}

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
	return k
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
// otherwise it is inconclusive.
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
	if c == o {
		return Match{Result: Agree, Lo: true, Hi: true}
	}
	return Match{Result: Differ}
}
