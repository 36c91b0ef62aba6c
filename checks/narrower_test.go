package checks

import "testing"

func TestNarrowerThan(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		heads []string
		want  bool
	}{
		{"GLM-4.5-Air", []string{"zai-org/GLM-4.5"}, true},
		{"GLM 4.5 Air", []string{"zai-org/GLM-4.5"}, true},
		{"GLM-4.5", []string{"zai-org/GLM-4.5"}, false},                            // the same model
		{"Mistral 7B", []string{"mistralai/Mistral-7B-v0.1"}, false},               // the source is narrower
		{"OLMo 2 13B", []string{"allenai/OLMo-2-1124-13B"}, false},                 // differs otherwise
		{"GLM-4.5-Air", []string{"zai-org/GLM-4.5", "zai-org/GLM-4.5-Air"}, false}, // one source is the model's own
		{"GLM-4.5-Air", []string{"zai-org/GLM-4.6"}, false},
		{"", []string{"zai-org/GLM-4.5"}, false},
	} {
		if got := narrowerThan(tc.name, tc.heads); got != tc.want {
			t.Errorf("narrowerThan(%q, %v) = %v, want %v", tc.name, tc.heads, got, tc.want)
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
