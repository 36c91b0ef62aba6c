package checks

import (
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
)

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

func TestOmittedItem(t *testing.T) {
	ctx := NewContext(Input{Catalog: &catalog.Catalog{Omit: []catalog.Omission{
		{ID: "2401.02954", Reason: "paper"}, {Family: "Janus-Pro", Reason: "family"}, {ID: "deepseek-ai/Janus-1.3B", Reason: "one model"},
	}}})
	for _, tc := range []struct {
		d    discovered
		want string
	}{
		{discovered{kind: "paper", id: "2401.02954", title: "DeepSeek LLM: Scaling"}, "paper"},
		{discovered{kind: "paper", id: "2401.02955", title: "Something else"}, ""},
		{discovered{kind: "repository", id: "deepseek-ai/Janus-Pro", title: "Janus-Pro"}, "family"},
		{discovered{kind: "model", id: "deepseek-ai/Janus-Pro-7B", title: "Janus-Pro-7B"}, "family"},
		{discovered{kind: "model", id: "deepseek-ai/Janus-1.3B", title: "Janus-1.3B"}, "one model"},
		{discovered{kind: "model", id: "deepseek-ai/JanusFlow-1.3B", title: "JanusFlow-1.3B"}, ""},
		{discovered{kind: "repository", id: "deepseek-ai/Janus", title: "Janus"}, ""},
	} {
		got := ""
		if o := ctx.omitted(tc.d); o != nil {
			got = o.Reason
		}
		if got != tc.want {
			t.Errorf("omitted(%s) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
