package checks

import "testing"

func TestPaperConcerns(t *testing.T) {
	for _, tc := range []struct {
		title, model string
		want         bool
	}{
		{"DeepSeek-V4: Towards Highly Efficient Million-Token Context Intelligence", "DeepSeek-V4-Pro", true},
		{"DeepSeek-V4: Towards Highly Efficient Million-Token Context Intelligence", "deepseek-ai/DeepSeek-V4-Flash", true},
		{"DeepSeek-V3 Technical Report", "DeepSeek-V3", true},
		{"DeepSeek-V3 Technical Report", "DeepSeek-V3-Base", true},
		{"DeepSeek-V3.2: Pushing the Frontier", "DeepSeek-V3", false},
		{"DeepSeek-V3 Technical Report", "DeepSeek-V3.2", false},
		{"DeepSeek-Coder: When the Large Language Model Meets Programming", "DeepSeek-Coder-V2", false},
		{"Janus: Decoupling Visual Encoding", "Janus-Pro", false},
		{"DeepSeek-Coder-V2: Breaking the Barrier", "DeepSeek-Coder-V2-Lite-Instruct", true},
		{"DeepSeek LLM: Scaling Open-Source Language Models", "DeepSeek-V3", false},
	} {
		if got := paperConcerns(tc.title, tc.model); got != tc.want {
			t.Errorf("paperConcerns(%q, %q) = %v, want %v", tc.title, tc.model, got, tc.want)
		}
	}
}
