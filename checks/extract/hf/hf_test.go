package hf

import (
	"path/filepath"
	"testing"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/extracttest"
)

const world = "../../../testdata/world/huggingface.co"

func mkRecord(kind record.Kind, key, url string, status int, body []byte) record.Record {
	return extracttest.Record(record.Resource{Source: record.SourceHF, Kind: kind, Key: key, URL: url}, status, "", body)
}

func worldRecord(t testing.TB, file string, kind record.Kind, key string) record.Record {
	return extracttest.FromRecording(t, filepath.Join(world, file), record.Resource{Source: record.SourceHF, Kind: kind, Key: key})
}

func find(res extract.Result, field, model string) []extract.Observation {
	return extracttest.Filter(res, func(o extract.Observation) bool { return o.Field == field && o.Model == model })
}

func has(res extract.Result, field, model, value string) bool {
	for _, o := range find(res, field, model) {
		if o.Value == value && o.Evidence.Locator != "" && o.Evidence.Quote != "" {
			return true
		}
	}
	return false
}

func orgRecord(t testing.TB) record.Record {
	matches, _ := filepath.Glob(filepath.Join(world, "api_models_????????.http"))
	if len(matches) != 1 {
		t.Fatalf("want exactly one organisation list in the world data, have %v", matches)
	}
	return extracttest.FromRecording(t, matches[0], record.Resource{Source: record.SourceHF, Kind: record.KindHFAuthorModels, Key: "deepseek-ai"})
}

var cases = []struct {
	name, file string
	kind       record.Kind
	key        string
}{
	{"model_v4_pro", "api_models_deepseek-ai_DeepSeek-V4-Pro.http", record.KindHFModel, "deepseek-ai/DeepSeek-V4-Pro"},
	{"model_v4_flash_0731", "api_models_deepseek-ai_DeepSeek-V4-Flash-0731.http", record.KindHFModel, "deepseek-ai/DeepSeek-V4-Flash-0731"},
	{"model_v3_no_license", "api_models_deepseek-ai_DeepSeek-V3.http", record.KindHFModel, "deepseek-ai/DeepSeek-V3"},
	{"model_distill_qwen14b", "api_models_deepseek-ai_DeepSeek-R1-Distill-Qwen-14B.http", record.KindHFModel, "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B"},
	{"model_not_found_401", "api_models_deepseek-ai_DeepSeek-V4-Ultra.http", record.KindHFModel, "deepseek-ai/DeepSeek-V4-Ultra"},
	{"card_v4_flash", "deepseek-ai_DeepSeek-V4-Flash_raw_main_README.md.http", record.KindHFReadme, "deepseek-ai/DeepSeek-V4-Flash"},
	{"card_v2_lite", "deepseek-ai_DeepSeek-V2-Lite_raw_main_README.md.http", record.KindHFReadme, "deepseek-ai/DeepSeek-V2-Lite"},
	{"card_v32_exp", "deepseek-ai_DeepSeek-V3.2-Exp_raw_main_README.md.http", record.KindHFReadme, "deepseek-ai/DeepSeek-V3.2-Exp"},
	{"card_v32_speciale", "deepseek-ai_DeepSeek-V3.2-Speciale_raw_main_README.md.http", record.KindHFReadme, "deepseek-ai/DeepSeek-V3.2-Speciale"},
	{"card_distill_qwen14b", "deepseek-ai_DeepSeek-R1-Distill-Qwen-14B_raw_main_README.md.http", record.KindHFReadme, "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B"},
	{"card_v31", "deepseek-ai_DeepSeek-V3.1_raw_main_README.md.http", record.KindHFReadme, "deepseek-ai/DeepSeek-V3.1"},
	{"config_v3", "deepseek-ai_DeepSeek-V3_resolve_main_config.json.http", record.KindHFConfig, "deepseek-ai/DeepSeek-V3"},
	{"config_v2_lite_no_maxpos", "deepseek-ai_DeepSeek-V2-Lite_resolve_main_config.json.http", record.KindHFConfig, "deepseek-ai/DeepSeek-V2-Lite"},
}

func TestGolden(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { extracttest.Golden(t, c.name, Extract(worldRecord(t, c.file, c.kind, c.key))) })
	}
	t.Run("org_list", func(t *testing.T) { extracttest.Golden(t, "org_list", Extract(orgRecord(t))) })
	t.Run("card_fixture", func(t *testing.T) {
		extracttest.Golden(t, "card_fixture", Extract(mkRecord(record.KindHFReadme, "example-org/Tiny-VL-Preview", "https://huggingface.co/example-org/Tiny-VL-Preview/raw/main/README.md", 200, extracttest.ReadFile(t, "testdata/card_nested_config.md"))))
	})
	t.Run("config_nested", func(t *testing.T) {
		extracttest.Golden(t, "config_nested", Extract(mkRecord(record.KindHFConfig, "example-org/Tiny-VL-Preview", "https://huggingface.co/example-org/Tiny-VL-Preview/resolve/main/config.json", 200, extracttest.ReadFile(t, "testdata/config_nested.json"))))
	})
}

func TestWorldFacts(t *testing.T) {
	pro := Extract(worldRecord(t, cases[0].file, record.KindHFModel, "deepseek-ai/DeepSeek-V4-Pro"))
	if o := find(pro, extract.FieldCreated, ""); len(o) != 1 || o[0].Date.String() != "2026-04-22" {
		t.Errorf("createdAt: %+v", o)
	}
	if !has(pro, "license", "", "mit") || !has(pro, extract.FieldGated, "", "false") {
		t.Errorf("license/gated missing: %+v", pro.Observations)
	}
	f0731 := Extract(worldRecord(t, cases[1].file, record.KindHFModel, "deepseek-ai/DeepSeek-V4-Flash-0731"))
	if o := find(f0731, extract.FieldSafetensors, ""); len(o) != 1 || o[0].Value != "304180418494" || o[0].Quantity.Value != 304180418494 {
		t.Errorf("safetensors: %+v", o)
	}
	card := Extract(worldRecord(t, "deepseek-ai_DeepSeek-V4-Flash_raw_main_README.md.http", record.KindHFReadme, "deepseek-ai/DeepSeek-V4-Flash"))
	for _, w := range []struct{ field, model, value string }{
		{"params_total", "DeepSeek-V4-Pro", "1.6T"}, {"params_active", "DeepSeek-V4-Pro", "49B"},
		{"params_total", "DeepSeek-V4-Flash", "284B"}, {"params_active", "DeepSeek-V4-Flash", "13B"},
		{"context_length", "", "one million"}, {"release_status", "", "preview"}, {"license", "", "mit"},
		{"chat_template", "", "true"}, {"deployment", "", "true"},
	} {
		if !has(card, w.field, w.model, w.value) {
			t.Errorf("V4-Flash card: want %s[%s]=%s; have %+v", w.field, w.model, w.value, find(card, w.field, w.model))
		}
	}
	if o := find(card, "context_length", ""); len(o) == 0 || o[0].Quantity.Value != 1<<20 {
		t.Errorf("one million tokens must parse as 1M = 1048576: %+v", o)
	}
	if o := find(card, "training_tokens", ""); len(o) != 1 || !o[0].Quantity.Approx || o[0].Quantity.Value != 32e12 {
		t.Errorf("more than 32T: %+v", o)
	}
	cfg := Extract(worldRecord(t, "deepseek-ai_DeepSeek-V3_resolve_main_config.json.http", record.KindHFConfig, "deepseek-ai/DeepSeek-V3"))
	if o := find(cfg, extract.FieldMaxPositions, ""); len(o) != 1 || o[0].Quantity.Value != 163840 {
		t.Errorf("max_position_embeddings: %+v", o)
	}
	org := Extract(orgRecord(t))
	if !has(org, extract.FieldOrgModel, "deepseek-ai/DeepSeek-V4-Pro-0813", "deepseek-ai/DeepSeek-V4-Pro-0813") {
		t.Errorf("org list lacks DeepSeek-V4-Pro-0813")
	}
	for _, o := range org.Observations {
		if o.Subject != "hf-org:deepseek-ai" {
			t.Fatalf("subject %q", o.Subject)
		}
	}
}
