package normalize

import "strings"

// statusWords maps release-status words to the catalog's statuses. "full",
// "GA", "general availability", "official release" and "stable" are one status,
// "ga": a full release.
var statusWords = map[string]string{
	"preview": "preview", "exp": "experimental", "experimental": "experimental", "experiment": "experimental",
	"distill": "distilled", "distilled": "distilled", "distillation": "distilled",
	"full": "ga", "full release": "ga", "ga": "ga", "general availability": "ga", "generally available": "ga",
	"official release": "ga", "stable": "ga", "beta": "beta",
}

// Status normalises a release status ("Preview" → "preview", "GA" and "full"
// → "ga", "Exp" → "experimental"); "" when the text is no known status.
func Status(s string) string {
	return statusWords[strings.ToLower(Text(s))]
}

// StatusFromName reads a status from a model or release name's parts:
// "DeepSeek-V3.2-Exp" → experimental, "DeepSeek-R1-Distill-Qwen-7B" →
// distilled, "DeepSeek V4 Preview Release" → preview; "" when none.
func StatusFromName(name string) string {
	for _, t := range strings.FieldsFunc(Phrase(name), func(r rune) bool { return r == ' ' }) {
		switch t {
		case "preview":
			return "preview"
		case "exp", "experimental":
			return "experimental"
		case "distill", "distilled":
			return "distilled"
		case "ga":
			return "ga"
		case "beta":
			return "beta"
		}
	}
	return ""
}

// MatchStatus compares a catalog status with an official one (both normalised
// by Status; an unknown official word is inconclusive).
func MatchStatus(claim, obs string) Match {
	c, o := Status(claim), Status(obs)
	if o == "" {
		o = StatusFromName(obs)
	}
	switch {
	case o == "" || c == "":
		return Match{}
	case c == o:
		return Match{Result: Agree, Lo: true, Hi: true}
	}
	return Match{Result: Differ}
}
