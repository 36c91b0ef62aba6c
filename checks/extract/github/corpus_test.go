package github

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/extracttest"
)

// TestCorpusReadmes runs the README extractor over the real READMEs in
// ../shared/corpus and asserts the facts GITHUB_HF_FACTS.md records, each
// with the model it is bound to: the model its sentence names as subject
// ("We pre-train DeepSeek-V3 on 14.8 trillion … tokens"), or none (unknown:
// it may verify, never contradict) when the words between the name and the
// value are not a verb of having ("DeepSeekMath is initialized with
// DeepSeek-Coder-v1.5 7B … for 500B tokens": 500B is not Coder's; "V3.2-Exp
// builds upon V3.1-Terminus").
func TestCorpusReadmes(t *testing.T) {
	corpus := extracttest.Corpus(t, "github")
	type want struct {
		field, model, value string
		q                   float64 // 0: not checked
	}
	cases := map[string][]want{
		"DeepSeek-V2": {
			{"params_total", "DeepSeek-V2", "236B", 236e9}, {"params_active", "DeepSeek-V2", "21B", 21e9},
			{"context_length", "DeepSeek-V2", "128k", 131072},
			{"params_total", "DeepSeek-V2-Lite", "16B", 16e9}, {"params_active", "DeepSeek-V2-Lite", "2.4B", 2.4e9},
			{"context_length", "DeepSeek-V2-Lite", "32k", 32768},
			{"params_active", "DeepSeek-V2-Lite-Chat", "2.4B", 2.4e9},
			{"params_total", "", "236B", 236e9}, {"params_active", "", "21B", 21e9},
			{"training_tokens", "", "8.1 trillion", 8.1e12},
			{"released", "DeepSeek-V2", "2024.05.06", 0}, {"released", "DeepSeek-V2-Lite", "2024.05.16", 0},
			{"arxiv_link", "", "2405.04434", 0}, {"hf_link", "DeepSeek-V2-Lite", "deepseek-ai/DeepSeek-V2-Lite", 0},
			{"license", "code", "MIT License", 0}, {"license", "DeepSeek-V2", "Model License", 0},
			{"title", "", "DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model", 0},
			{"deployment", "", "true", 0},
		},
		"DeepSeek-V3": {
			{"params_total", "DeepSeek-V3", "671B", 671e9}, {"params_active", "DeepSeek-V3", "37B", 37e9},
			{"context_length", "DeepSeek-V3", "128K", 131072}, {"context_length", "DeepSeek-V3-Base", "128K", 131072},
			{"training_tokens", "DeepSeek-V3", "14.8 trillion", 14.8e12},
			{"arxiv_link", "", "2412.19437", 0}, {"title", "", "DeepSeek-V3 Technical Report", 0},
		},
		"DeepSeek-R1": {
			{"params_total", "DeepSeek-R1-Zero", "671B", 671e9}, {"context_length", "DeepSeek-R1", "128K", 131072},
			{"base_model", "DeepSeek-R1", "DeepSeek-V3-Base", 0}, {"base_model", "DeepSeek-R1-Zero", "DeepSeek-V3-Base", 0},
			{"base_model", "DeepSeek-R1-Distill-Qwen-1.5B", "Qwen2.5-Math-1.5B", 0},
			{"base_model", "DeepSeek-R1-Distill-Qwen-7B", "Qwen2.5-Math-7B", 0},
			{"base_model", "DeepSeek-R1-Distill-Llama-8B", "Llama-3.1-8B", 0},
			{"base_model", "DeepSeek-R1-Distill-Qwen-14B", "Qwen2.5-14B", 0},
			{"base_model", "DeepSeek-R1-Distill-Qwen-32B", "Qwen2.5-32B", 0},
			{"base_model", "DeepSeek-R1-Distill-Llama-70B", "Llama-3.3-70B-Instruct", 0},
			{"license", "", "MIT License", 0}, {"license", "DeepSeek-R1-Distill-Llama-70B", "Llama3.3 license", 0},
			{"arxiv_link", "", "2501.12948", 0},
		},
		"DeepSeek-Coder-V2": {
			{"languages", "", "338", 338}, {"params_total", "DeepSeek-Coder-V2-Instruct", "236B", 236e9},
			{"params_active", "DeepSeek-Coder-V2-Lite-Base", "2.4B", 2.4e9}, {"context_length", "DeepSeek-Coder-V2-Lite-Base", "128k", 131072},
			{"training_tokens", "", "6 trillion", 6e12}, {"arxiv_link", "", "2406.11931", 0},
		},
		"DeepSeek-VL2": {
			{"params_active", "DeepSeek-VL2-Tiny", "1.0B", 1e9}, {"params_active", "DeepSeek-VL2-Small", "2.8B", 2.8e9},
			{"params_active", "DeepSeek-VL2", "4.5B", 4.5e9}, {"context_length", "DeepSeek-VL2-small", "4096", 4096},
			{"released", "DeepSeek-VL2", "2024-12-13", 0}, {"license", "DeepSeek-VL2", "DeepSeek Model License", 0},
		},
		"DeepSeek-LLM": {
			{"training_tokens", "", "2 trillion", 2e12}, {"context_length", "DeepSeek LLM 67B Base", "4096", 4096},
			{"model_sizes", "DeepSeek LLM 67B Chat", "67B", 67e9}, {"hf_link", "DeepSeek LLM 67B Base", "deepseek-ai/deepseek-llm-67b-base", 0},
		},
		"DeepSeek-MoE":         {{"params_total", "DeepSeekMoE 16B", "16.4B", 16.4e9}, {"training_tokens", "", "2T", 2e12}},
		"DeepSeek-Coder":       {{"training_tokens", "", "2T", 2e12}, {"context_length", "", "16K", 16384}, {"model_sizes", "", "1B, 5.7B, 6.7B and 33B", 1e9}, {"arxiv_link", "", "2401.14196", 0}},
		"DeepSeek-Math":        {{"training_tokens", "", "500B", 500e9}, {"context_length", "DeepSeekMath-RL 7B", "4096", 4096}, {"arxiv_link", "", "2402.03300", 0}},
		"DeepSeek-VL":          {{"released", "DeepSeek-VL", "2024-03-11", 0}, {"context_length", "DeepSeek-VL-7B-chat", "4096", 4096}},
		"Janus":                {{"released", "Janus-Pro", "2025.01.27", 0}, {"arxiv_link", "", "2501.17811", 0}, {"context_length", "Janus-Pro-7B", "4096", 4096}},
		"DeepSeek-Prover-V1.5": {{"params_total", "DeepSeek-Prover-V1.5", "7B", 7e9}, {"base_model", "", "DeepSeekMath-Base", 0}},
		"DeepSeek-Prover-V2":   {{"model_sizes", "", "7B and 671B", 7e9}, {"context_length", "DeepSeek-Prover-V2-7B", "32K", 32768}, {"base_model", "DeepSeek-Prover-V2-671B", "DeepSeek-V3-Base", 0}},
		"DeepSeek-V3.2-Exp":    {{"release_status", "", "experimental", 0}, {"license", "", "MIT License", 0}, {"base_model", "", "V3.1-Terminus", 0}},
		"DeepSeek-Math-V2":     {{"base_model", "DeepSeekMath-V2", "DeepSeek-V3.2-Exp-Base", 0}, {"hf_link", "", "deepseek-ai/DeepSeek-Math-V2", 0}},
		"DeepSeek-OCR":         {{"arxiv_link", "", "2510.18234", 0}, {"released", "DeepSeek-OCR", "2025/10/20", 0}},
		"DeepSeek-OCR-2":       {{"arxiv_link", "", "2601.20552", 0}, {"title", "", "DeepSeek-OCR 2: Visual Causal Flow", 0}},
	}
	for repo, wants := range cases {
		body, err := os.ReadFile(filepath.Join(corpus, repo, "README.md"))
		if err != nil {
			t.Errorf("%s: %v", repo, err)
			continue
		}
		res := Extract(mkRecord(record.KindGitHubReadme, "deepseek-ai/"+repo, "https://api.github.com/repos/deepseek-ai/"+repo+"/readme", 200, body))
		for _, w := range wants {
			ok := false
			for _, o := range find(res, w.field, w.model) {
				if o.Value == w.value && (w.q == 0 || o.Quantity != nil && o.Quantity.Value == w.q) && o.Evidence.Quote != "" && o.Evidence.Locator != "" {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s: want %s[%s]=%s (%g); have %+v", repo, w.field, w.model, w.value, w.q, find(res, w.field, w.model))
			}
		}
		// Identity guard: the V2 rows never carry the Lite numbers and vice versa.
		for _, o := range res.Observations {
			if o.Field == "params_total" && o.Model == "DeepSeek-V2" && o.Value != "236B" {
				t.Errorf("V2 row carries %s", o.Value)
			}
			if o.Field == "context_length" && o.Model == "DeepSeek-V2-Lite" && o.Value != "32k" {
				t.Errorf("V2-Lite row carries %s", o.Value)
			}
		}
	}
}
