package vendors_test

import (
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
)

// Shorthands of the corpus-more files.
const (
	gemmaCard   = "hf/google__gemma-2-2b__README.md"
	gemmaSFP    = "hf/google__gemma-2b-sfp-cpp__README.md@gemma.cpp-87a1c76.md"
	gemmaAbs    = "arxiv/2403.08295.abs-excerpts.md"
	gemmaCkpt   = "github/google-deepmind__gemma__docs_checkpoints.md"
	gemmaTorch  = "github/google__gemma_pytorch__README.md"
	gemmaCpp    = "github/google__gemma.cpp__README.md"
	gemmaChlog  = "changelog/google-deepmind__gemma__CHANGELOG.md"
	gemmaVertex = "docs/cloud.google.com__vertex-ai_generative-ai_docs_learn_model-versions.excerpts.md"

	glm45    = "github/zai-org__GLM-4.5__README.md"
	glm45zh  = "github/zai-org__GLM-4.5__README_zh.md"
	glm4old  = "github/THUDM__GLM-4__README_20240605.md"
	glm4     = "github/THUDM__GLM-4__README.md"
	glmAir   = "hf/zai-org__GLM-4.5-Air__README.md"
	glmAbs   = "arxiv/2508.06471.abs-excerpts.md"
	kimiK2   = "github/MoonshotAI__Kimi-K2__README.md"
	kimiLin  = "github/MoonshotAI__Kimi-Linear__README.md"
	kimiDep  = "github/MoonshotAI__Kimi-K2__docs_deploy_guidance.md"
	kimiAbs  = "arxiv/2507.20534.abs-excerpts.md"
	misCard  = "hf/mistralai__Mistral-7B-v0.1__README.md"
	misAbs7  = "arxiv/2310.06825.abs-excerpts.md"
	misAbsX  = "arxiv/2401.04088.abs-excerpts.md"
	misX     = "docs/platform-docs-public__schema_models__mixtral-8x22b-0-1-0-3.ts"
	misXOld  = "docs/platform-docs-public__schema_models__mixtral-8x22b-0-1-0-3@2026-05-11.ts"
	mis7Old  = "docs/platform-docs-public__schema_models__mistral-7b-0-3@2026-05-11.ts"
	misOv25  = "docs/platform-docs-public__docs_getting-started_models_overview.md@2025-10-03.md"
	misInf   = "github/mistralai__mistral-inference__README.md"
	misCh26  = "changelog/platform-docs-public__changelog_en_2026-06-30.mdx"
	olmoCard = "hf/allenai__OLMo-2-1124-13B__README.md"
	olmoInst = "hf/allenai__OLMo-2-1124-13B-Instruct__README.md"
	olmoCfg  = "hf/allenai__OLMo-2-1124-13B__config.json"
	olmoGH   = "github/allenai__OLMo__README.md"
	olmoAbs  = "arxiv/2501.00656.abs-excerpts.md"
	phi4k    = "docs/Azure__azureml-assets__phi-3-mini-4k-instruct__description.md"
	phi4kY   = "docs/Azure__azureml-assets__phi-3-mini-4k-instruct__spec.yaml"
	phi128Y  = "docs/Azure__azureml-assets__phi-3-mini-128k-instruct__spec.yaml"
	phiMoE   = "docs/Azure__azureml-assets__phi-3.5-moe-128k-instruct__description.md"
	phi4     = "docs/Azure__azureml-assets__Phi-4__description.md"
	phi4Y    = "docs/Azure__azureml-assets__Phi-4__spec.yaml"
	phiFam   = "github/microsoft__PhiCookBook__md_01.Introduction_01_01.PhiFamily.md"
	phiAPI   = "hf/microsoft__Phi-3-mini-4k-instruct__api.partial.json"
	phiAbs   = "arxiv/2404.14219.abs-excerpts.md"
)

// Reasons a fact is not asserted.
const (
	naField  = "not a claim field of the catalog vocabulary"
	naArXiv  = "arXiv dates and versions come from the arXiv API and abs pages, not from a markdown excerpt"
	naDocs   = "API names, lifecycle dates and notice periods are read by the docs extractor from the rendered docs site, not from its source files"
	naBinary = "not stated as a count the page binds to a size unit"
)

func TestGemmaFacts(t *testing.T) {
	t.Parallel()
	check(t, "gemma", []fact{
		{n: 1, file: gemmaCard, field: "license", model: "", value: "gemma"},
		{n: 2, file: gemmaCard, field: "training_tokens", model: "", value: "2 trillion"}, // "2B model" on the gemma-2-2b card: the page's own,
		{n: 3, na: naField + " (a prose language mention; no count)"},
		{n: 4, na: naField + " (hardware)"},
		{n: 5, file: gemmaAbs, field: "model_sizes", model: "", value: "2 billion and 7 billion"},
		{n: 6, file: gemmaAbs, field: "published", model: "", value: "d=2024-03-13"},
		{n: 7, na: naArXiv},
		{n: 8, na: "PDF hyphenation inside a word ('to-kens') is not undone: a hyphen is never dropped inside a word"},
		{n: 9, file: gemmaCkpt, field: "params_total", model: "google/gemma-2/flax/gemma2-2b", value: "2.6B"},
		{n: 10, file: gemmaCkpt, field: "params_total", model: "google/gemma-3/flax/gemma3-27b-it-int4", value: "27B"},
		{n: 11, na: naField + " (checkpoint labels, not sizes with a unit)"},
		{n: 12, na: "a package version's date is not a model's release date"},
		{n: 13, na: naDocs},
		{n: 14, na: naDocs},
		{n: 15, na: naDocs},
		{n: 16, na: naField + " (a naming convention)"},
		{n: 17, na: "'June/July 2024' is a span of two months, not a date"},
		{n: 18, na: naField + " (a link to the base model in prose)"},
		{n: 19, na: "the card's only HTML table is about a sibling (27B): read as a table, it yields no value (see the traps)"},
	}, []trap{
		{gemmaCard, "training_tokens", "", "13 trillion"},
		{gemmaCard, "training_tokens", "", "8 trillion"},
		{gemmaCard, "training_tokens", "2B", "13 trillion"},
		{gemmaCard, "*", "*", "34/76 challenges"},
		{gemmaCard, "params_total", "", "q=9e+09"},
		{gemmaCard, "params_total", "", "q=2.7e+10"},
		{gemmaChlog, "released", "*", "d=2022-01-01"},
	})
}

func TestGLMFacts(t *testing.T) {
	t.Parallel()
	check(t, "glm", []fact{
		{n: 1, file: glm45, field: "params_total", model: "GLM-4.5", value: "355 billion"},
		{n: 2, file: glm45, field: "params_total", model: "GLM-4.5", value: "355B"},
		{n: 3, file: glm45, field: "params_active", model: "GLM-4.5-Air", value: "12B"},
		{n: 4, file: glm45, field: "license", model: "", value: "MIT"},
		{n: 5, file: glmAir, field: "license", model: "", value: "mit"},
		{n: 6, na: "front-matter language codes are tags, not a stated count"},
		{n: 7, file: glm45, field: "context_length", model: "GLM-4.6", value: "200K"},
		{n: 8, file: glm45zh, field: "params_total", model: "GLM-4.5", value: "q=3.55e+11"},
		{n: 9, na: "a release of a series ('the GLM-4-9B series') names no single model"},
		{n: 10, file: glm4old, field: "context_length", model: "GLM-4-9B-Chat", value: "128K"}, // its clause names GLM-4-9B-Chat,
		{n: 11, file: glm4old, field: "languages", model: "", value: "26"},
		{n: 12, file: glm4old, field: "context_length", model: "*", value: "1M"},
		{n: 13, file: glm4old, field: "model_sizes", model: "GLM-4-9B", value: "9B"},
		{n: 14, file: glm4old, field: "license", model: "code", value: "Apache 2.0 license"},
		{n: 15, file: glm4, field: "params_total", model: "GLM-4-32B-0414", value: "32 billion"},
		{n: 16, na: "model names in an HTML showcase table are names, not values"},
		{n: 17, file: glmAbs, field: "training_tokens", model: "", value: "23T"},
		{n: 18, file: glmAbs, field: "published", model: "", value: "d=2025-08-08"},
	}, []trap{
		{glmAir, "params_total", "", "q=3.55e+11"},
		{glmAir, "params_total", "GLM-4.5-Air", "q=3.55e+11"},
		{glm45, "context_length", "", "200K"},
		{glm45, "context_length", "GLM-4.5", "200K"},
		{glm45, "params_total", "GLM-4.5-Air", "q=3.55e+11"},
		{glm45zh, "params_total", "*", "q=3.55e+09"},
		{glm45zh, "params_total", "GLM-4.5-Air", "q=3.55e+11"},
		{glm45zh, "params_total", "GLM-4.5", "q=1.06e+11"},
		{glm45zh, "params_total", "*", "q=3.55e+12"},
		{glm4old, "context_length", "*", "2 million"},
		{glm4old, "released", "*", "d=2024-04-09"},
	})
}

func TestKimiFacts(t *testing.T) {
	t.Parallel()
	check(t, "kimi", []fact{
		{n: 1, file: kimiK2, field: "params_total", model: "", value: "q=1e+12"},
		{n: 2, file: kimiK2, field: "params_active", model: "", value: "32B"},
		{n: 3, file: kimiK2, field: "context_length", model: "", value: "128K"},
		{n: 4, na: naField + " (vocabulary size)"},
		{n: 5, na: naField + " (expert count)"},
		{n: 6, file: kimiK2, field: "training_tokens", model: "", value: "15.5T"},
		{n: 7, na: naField + " (variant names are names, read by the name checks)"},
		{n: 8, na: "'Modified MIT License' is no MIT licence, and no licence name the scanner knows: nothing is read (a trap below)"},
		{n: 9, na: "a badge image URL is not text"},
		{n: 10, na: naField + " (an API platform URL)"},
		{n: 11, na: naField + " (a served model name in a command line)"},
		{n: 12, na: "'128k seqlen' of a deployment unit is a serving setting"},
		{n: 13, file: kimiLin, field: "params_active", model: "Kimi-Linear-Base", value: "3B"},
		{n: 14, file: kimiLin, field: "training_tokens", model: "", value: "5.7T"},
		{n: 15, na: "a command-line flag is a serving setting"},
		{n: 16, na: "a model id in code is a name"},
		{n: 17, file: kimiAbs, field: "params_active", model: "", value: "32 billion"},
		{n: 18, na: naArXiv},
	}, []trap{
		{kimiK2, "params_total", "", "q=2.35e+11"},
		{kimiK2, "params_active", "", "q=2.2e+10"},
		{kimiK2, "params_total", "", "q=7.2e+10"},
		{kimiLin, "context_length", "", "4k"},
		{kimiLin, "context_length", "", "128k"},
		{kimiLin, "training_tokens", "*", "q=1.4e+12"},
		{kimiK2, "license", "", "MIT License"}, // the Modified MIT License
		{kimiK2, "released", "*", "d=2025-01-01"},
		{kimiK2, "context_length", "*", "256"},
		{kimiDep, "context_length", "*", "256"},
	})
}

func TestMistralFacts(t *testing.T) {
	t.Parallel()
	check(t, "mistral", []fact{
		{n: 1, file: misCard, field: "params_total", model: "Mistral-7B-v0.1", value: "7 billion"},
		{n: 2, file: misCard, field: "license", model: "", value: "apache-2.0"},
		{n: 3, file: misAbs7, field: "params_total", model: "", value: "7 billion"},
		{n: 4, file: misAbsX, field: "params_active", model: "", value: "13B"},
		{n: 5, file: misAbsX, field: "published", model: "", value: "d=2024-01-08"},
		{n: 6, na: "'parameters: '141'' carries no unit (billions by the data file's convention)"},
		{n: 7, file: misX, field: "context_length", model: "", value: "64k"},
		{n: 8, file: misXOld, field: "released", model: "", value: "d=2024-04-17"},
		{n: 9, na: naDocs},
		{n: 10, na: naDocs},
		{n: 11, na: naDocs},
		{n: 12, na: naDocs},
		{n: 13, na: naDocs},
		{n: 14, na: "a licence name in a link ('Mistral AI Non-Production (MNPL) License') is not in the licence vocabulary"},
		{n: 15, na: naField + " (vocabulary size)"},
		{n: 16, na: naDocs},
		{n: 17, na: naDocs},
		{n: 18, na: naDocs},
		{n: 19, na: naDocs},
	}, []trap{
		{misOv25, "released", "*", "d=2525-06-06"},
		{misOv25, "retirement", "*", "d=2525-06-06"},
		{misCard, "params_total", "*", "q=64.16"},
		{misCard, "params_total", "*", "64.16"},
		{misAbsX, "params_total", "*", "q=1.76e+11"},
		{misInf, "params_total", "*", "q=1.76e+11"},
		{misX, "params_total", "*", "q=141"},
		{mis7Old, "released", "*", "d=2024-11-30"},
	})
}

func TestOLMoFacts(t *testing.T) {
	t.Parallel()
	check(t, "olmo", []fact{
		{n: 1, file: olmoCard, field: "license", model: "", value: "apache-2.0"},
		{n: 2, na: "'up to 5T tokens' is the largest of a family, not a model's value"},
		{n: 3, file: olmoCard, field: "training_tokens", model: "", value: "5 Trillion"}, // the row links to the card's own id: the page's row,
		{n: 4, file: olmoCard, field: "context_length", model: "", value: "4096"},
		{n: 5, na: "a token count with epochs in a <br> cell of a data-mix table"},
		{n: 6, na: "'13B Model: … (5T tokens)' names a model by size in a bullet key"},
		{n: 7, file: olmoCard, field: "languages", model: "", value: "1"},
		{n: 8, file: olmoCard, field: "license", model: "", value: "Apache 2.0"},
		{n: 9, na: naField + " (a data cutoff)"},
		{n: 10, file: olmoInst, field: "base_model", model: "", value: "allenai/OLMo-2-1124-13B-Instruct-RLVR2"},
		{n: 11, na: "'1/3/2025' reads as two dates (US and day-first): no date"},
		{n: 12, na: naField + " (a month in a long model name)"},
		{n: 13, file: olmoCfg, field: "max_position_embeddings", model: "", value: "4096"},
		{n: 14, na: naField + " (dtype)"},
		{n: 15, na: "safetensors total_size is bytes, not parameters"},
		{n: 16, file: olmoGH, field: "training_tokens", model: "OLMo2 13B", value: "5 Trillion"},
		{n: 17, na: naField + " (a model list of links)"},
		{n: 18, na: "a code release's date is not a model's release date"},
		{n: 19, file: olmoAbs, field: "published", model: "", value: "d=2024-12-31"},
	}, []trap{
		{olmoCard, "training_tokens", "", "4 Trillion"},
		{olmoCard, "training_tokens", "OLMo 2 13B", "4 Trillion"},
		{olmoCard, "context_length", "*", "5120"},
		{olmoCard, "training_tokens", "", "up to 5T"},
		{olmoCard, "training_tokens", "", "5T"},
		{olmoCard, "params_total", "*", "q=5.48647936e+10"},
		{olmoInst, "released", "*", "d=2025-03-01"},
		{olmoInst, "released", "*", "d=2025-01-03"},
		{"changelog/allenai__OLMo__CHANGELOG.md", "released", "*", "d=2024-12-17"},
	})
}

func TestPhiFacts(t *testing.T) {
	t.Parallel()
	check(t, "phi", []fact{
		{n: 1, file: phi4k, field: "params_total", model: "Phi-3-Mini-4K-Instruct", value: "3.8B"},
		{n: 2, na: "'two variants 4K and 128K which is the context length' names two lengths for two variants"},
		{n: 3, file: phi4k, field: "training_tokens", model: "", value: "4.9 trillion"},
		{n: 4, file: phi4kY, field: "context_length", model: "", value: "4096"},
		{n: 5, file: phi128Y, field: "context_length", model: "", value: "131072"},
		{n: 6, file: phi4kY, field: "license", model: "", value: "MIT"},
		{n: 7, na: naDocs},
		{n: 8, na: naField + " (an archived flag of a catalog entry)"},
		{n: 9, na: naField + " (a display name)"},
		{n: 10, file: phiMoE, field: "params_active", model: "Phi-3.5-MoE", value: "6.6B"},
		{n: 11, file: phi4, field: "params_total", model: "Phi-4", value: "14B"},
		{n: 12, file: phi4Y, field: "context_length", model: "", value: "16384"},
		{n: 13, na: "front-matter language codes are tags, not a stated count"},
		{n: 14, na: naField + " (a data cutoff)"},
		{n: 15, file: phiFam, field: "params_total", model: "Phi-4", value: "14B"},
		{n: 16, na: "the capture was trimmed to five keys, without an id: the Hub extractor reads no model from an answer that names none"},
		{n: 17, na: "the capture was trimmed to five keys, without an id: the Hub extractor reads no model from an answer that names none"},
		{n: 18, file: phiAbs, field: "training_tokens", model: "", value: "3.3 trillion"}, // unknown owner: the capture's query line lists names and counts with no verb between
		{n: 19, file: phiAbs, field: "published", model: "", value: "d=2024-04-22"},
	}, []trap{
		{phi4k, "params_total", "*", "q=1.3e+10"},
		{"docs/Azure__azureml-assets__phi-3-mini-128k-instruct__description.md", "params_total", "*", "q=1.3e+10"},
		{phiMoE, "params_total", "*", "q=6.08e+10"},
		{phiMoE, "params_total", "*", "q=8e+09"},
		{phiMoE, "params_total", "*", "q=3.8e+09"},
		{phi4, "languages", "*", "q=8"},
		{phiFam, "params_total", "Phi-3.5-MoE-instruct", "q=6.08e+10"},
		{phiFam, "params_total", "Phi-3-mini-4k-instruct Phi-3-mini-128k-instruct", "3.8B"},
	})
}

// TestMatches keeps the expectation matcher honest: a fact or trap that
// cannot match would make the vendor tests vacuous.
func TestMatches(t *testing.T) {
	t.Parallel()
	q := 13e12
	o := extract.Observation{Field: "training_tokens", Model: "27B", Value: "13 trillion", Quantity: &catalog.Quantity{Value: q}}
	for _, c := range []struct {
		field, model, value string
		want                bool
	}{
		{"training_tokens", "27B", "13 trillion", true}, {"training_tokens", "*", "q=1.3e+13", true}, {"*", "*", "13 trillion", true},
		{"training_tokens", "", "13 trillion", false}, {"training_tokens", "27B", "8 trillion", false}, {"params_total", "*", "13 trillion", false},
		{"training_tokens", "27B", "d=2024-01-01", false},
	} {
		if got := matches(o, c.field, c.model, c.value); got != c.want {
			t.Errorf("matches(%s[%s]=%s) = %v", c.field, c.model, c.value, got)
		}
	}
}
