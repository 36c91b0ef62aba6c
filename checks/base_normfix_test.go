package checks

import (
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/normalize"
)

// A card naming its direct parent does not contradict a claim naming an
// ancestor: the stated base is the claimed name plus suffixes. A different
// model (another size, another version, another family) still differs.
func TestCompareBaseAncestor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		claim, obs string
		want       normalize.Result
	}{
		{"allenai/OLMo-2-1124-13B", "allenai/OLMo-2-1124-13B-Instruct-RLVR2", normalize.Inconclusive},
		{"OLMo-2-1124-13B", "allenai/OLMo-2-1124-13B-SFT", normalize.Inconclusive},
		{"Qwen/Qwen2.5-7B", "Qwen/Qwen2.5-7B-Instruct", normalize.Inconclusive},
		{"allenai/OLMo-2-1124-13B", "allenai/OLMo-2-1124-13B", normalize.Agree},
		{"allenai/OLMo-2-1124-13B", "allenai/OLMo-2-1124-7B", normalize.Differ},
		{"Qwen/Qwen2.5-7B", "Qwen/Qwen2.5-72B", normalize.Differ},
		{"meta-llama/Llama-3", "meta-llama/Llama-3.1-8B", normalize.Differ},
		{"Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-7B", normalize.Differ},
		{"mistralai/Mistral-7B-v0.1", "Qwen/Qwen2.5-7B", normalize.Differ},
	} {
		c := &catalog.Claim{Field: catalog.FieldBaseModel, Value: tc.claim}
		if m := compareBase(c, extract.Observation{Value: tc.obs}); m.Result != tc.want {
			t.Errorf("compareBase(%q, %q) = %v (%s), want %v", tc.claim, tc.obs, m.Result, m.Note, tc.want)
		}
	}
}
