package checks

import "testing"

func TestOtherModel(t *testing.T) {
	t.Parallel()
	named := func(names ...string) func(string) bool {
		return func(n string) bool {
			for _, x := range names {
				if x == n {
					return true
				}
			}
			return false
		}
	}
	for _, tc := range []struct {
		name, head string
		page       func(string) bool
		want       bool
	}{
		{"GLM-4.7-Flash", "zai-org/GLM-4.5", named(), true}, // a version the source lacks
		{"Gemma 2 27B", "google/gemma-2-2b", named(), true}, // a sibling's card
		{"OLMo 2 7B", "allenai/OLMo-2-1124-13B", named(), true},
		{"GLM-4.5-Air", "zai-org/GLM-4.5", named("GLM-4.5-Air"), true}, // the page names it apart
		{"GLM-4.5-Air", "zai-org/GLM-4.5", named(), false},             // nothing says it is another model
		{"GLM-4.5", "zai-org/GLM-4.5", named("GLM-4.5"), false},        // the same model
		{"Mistral 7B", "mistralai/Mistral-7B-v0.1", named(), false},    // the source is narrower
		{"OLMo 2 13B", "allenai/OLMo-2-1124-13B", named(), false},
		{"DeepSeek LLM", "deepseek-ai/DeepSeek-LLM", named(), false},
		{"DeepSeek-V4 Technical Materials", "deepseek-ai/DeepSeek-V4-Pro", named("DeepSeek-V4-Flash"), false}, // words, not a model
		{"", "zai-org/GLM-4.5", named(), false},
	} {
		if got := otherModel(tc.name, tc.head, tc.page); got != tc.want {
			t.Errorf("otherModel(%q, %q) = %v, want %v", tc.name, tc.head, got, tc.want)
		}
	}
}

func TestVariantOfAll(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		heads []string
		want  bool
	}{
		{"Kimi-K2-Instruct", []string{"MoonshotAI/Kimi-K2"}, true},
		{"GLM-4.5-Base", []string{"zai-org/GLM-4.5"}, true},
		{"GLM-4.5-Air", []string{"zai-org/GLM-4.5"}, false}, // another model, not a variant
		{"Kimi-K2-Instruct", nil, false},
	} {
		if got := variantOfAll(tc.name, tc.heads); got != tc.want {
			t.Errorf("variantOfAll(%q, %v) = %v, want %v", tc.name, tc.heads, got, tc.want)
		}
	}
}

// Names spelled apart from their source, or with a parenthesised note, are
// still the source's own model (the review's real pairs).
func TestOtherModelSpelling(t *testing.T) {
	t.Parallel()
	none := func(string) bool { return true } // even a page naming the entry's model apart
	for _, tc := range []struct{ name, head string }{
		{"Llama3 8B", "meta-llama/Meta-Llama-3-8B"},
		{"Qwen 2.5 72B", "Qwen/Qwen2.5-72B-Instruct"},
		{"DeepSeek-R1 (671B)", "deepseek-ai/DeepSeek-R1"},
		{"Phi-3-mini (3.8B)", "microsoft/Phi-3-mini-4k-instruct"},
		{"DeepSeek V2.5", "deepseek-ai/DeepSeek-V2_5"},
		{"OLMo 2 13B", "allenai/OLMo-2-1124-13B"},
	} {
		if otherModel(tc.name, tc.head, none) {
			t.Errorf("otherModel(%q, %q) = true, want the source's own model", tc.name, tc.head)
		}
	}
}

func TestWordsBeyond(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, head string
		want       bool
	}{
		{"Phi-4-mini", "microsoft/phi-4", true},
		{"Mistral NeMo", "mistralai/Mistral-7B-v0.1", true},
		{"DeepSeek-V4 Technical Materials", "deepseek-ai/DeepSeek-V4-Pro", true},
		{"Mistral 7B", "mistralai/Mistral-7B-v0.1", false},
		{"Kimi-Linear-48B-A3B", "MoonshotAI/Kimi-Linear", false},
		{"DeepSeek-R1 (671B)", "deepseek-ai/DeepSeek-R1", false},
	} {
		if got := wordsBeyond(tc.name, tc.head); got != tc.want {
			t.Errorf("wordsBeyond(%q, %q) = %v, want %v", tc.name, tc.head, got, tc.want)
		}
	}
}
