package normalize

import (
	"regexp"
	"strings"
)

// checkpointSuffix matches a name part that names a checkpoint of a model,
// not another model: a variant (Base, Chat, Instruct), a quantisation or
// weight format, a size ("7B", "1.3b", "236B") or a date ("0324", "1210",
// "20250528").
var checkpointSuffix = regexp.MustCompile(`^(?i:base|chat|instruct|it|awq|gptq|gguf|mlx|exl2|fp8|fp16|bf16|int4|int8|w4a16|w8a8|[248]bit|q[2-8](?:_k(?:_[sml])?|_0|_1)?|\d+(?:\.\d+)?[bm]|\d{4}|\d{6}|\d{8})$`)

// Family is the family an item's name belongs to, for grouping the items an
// organisation published: the name without its owner, cut before a
// "Distill" part (a distilled checkpoint folds into the model it was
// distilled from), and without its trailing checkpoint parts (variants,
// quantisations, sizes, dates): "deepseek-ai/deepseek-llm-7b-base" →
// "deepseek-llm", "DeepSeek-R1-Distill-Qwen-7B" → "DeepSeek-R1",
// "DeepSeek-V3-0324" → "DeepSeek-V3". A different model is never folded:
// "DeepSeek-V2-Lite" and "DeepSeek-V2.5" keep their names. The first part
// is always kept. Compare families with Name.
func Family(name string) string {
	if len(name) > maxNameLen {
		return ""
	}
	ts := Tokens(name)
	for i, t := range ts {
		if i > 0 && (strings.EqualFold(t, "distill") || strings.EqualFold(t, "distilled")) {
			ts = ts[:i]
			break
		}
	}
	for len(ts) > 1 && checkpointSuffix.MatchString(ts[len(ts)-1]) {
		ts = ts[:len(ts)-1]
	}
	return strings.Join(ts, "-")
}
