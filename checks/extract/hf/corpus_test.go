package hf

import (
	"path/filepath"
	"testing"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/extracttest"
)

// TestCorpusAPIFormat runs the extractor over the real Hub API responses in
// ../shared/corpus/hf-api-format.
func TestCorpusAPIFormat(t *testing.T) {
	corpus := extracttest.Corpus(t, "hf-api-format")
	list := extracttest.ReadFile(t, filepath.Join(corpus, "list_models_author_deepseek-ai_expand_safetensors.json"))
	res := Extract(mkRecord(record.KindHFAuthorModels, "deepseek-ai",
		"https://huggingface.co/api/models?author=deepseek-ai&expand[]=safetensors&limit=8", 200, list))
	for id, total := range map[string]float64{"deepseek-ai/DeepSeek-V4-Flash-0731": 304180418494, "deepseek-ai/DeepSeek-V4-Pro-0813": 1650497936906} {
		if !has(res, extract.FieldOrgModel, id, id) {
			t.Errorf("org list lacks %s", id)
		}
		o := find(res, extract.FieldSafetensors, id)
		if len(o) != 1 || o[0].Quantity == nil || o[0].Quantity.Value != total || o[0].Quantity.Unit != "parameters" {
			t.Errorf("%s safetensors: %+v", id, o)
		}
	}
	if len(res.Health) != 1 || res.Health[0].Field != extract.FieldCreated {
		t.Errorf("the trimmed expand[] list has no createdAt; want one health item, got %+v", res.Health)
	}

	info := extracttest.ReadFile(t, filepath.Join(corpus, "model_info_OrionLLM_GRM-2.6-Opus.json"))
	m := Extract(mkRecord(record.KindHFModel, "OrionLLM/GRM-2.6-Opus", "https://huggingface.co/api/models/OrionLLM/GRM-2.6-Opus", 200, info))
	for _, w := range []struct{ field, value string }{
		{extract.FieldExists, "true"}, {extract.FieldOwner, "OrionLLM"}, {"license", "apache-2.0"},
		{"base_model", "OrionLLM/GRM-2.6-Plus"}, {"base_model", "rico03/Qwen3.6-27B-Claude-Opus-Reasoning-Distilled"},
		{extract.FieldGated, "false"}, {extract.FieldSafetensors, "27781427952"}, {FieldPipelineTag, "image-text-to-text"},
		{extract.FieldCreated, "2026-05-07T23:25:30.000Z"}, {extract.FieldUpdated, "2026-05-10T22:11:12.000Z"},
	} {
		if !has(m, w.field, "", w.value) {
			t.Errorf("model_info: want %s=%s; have %+v", w.field, w.value, find(m, w.field, ""))
		}
	}
	if n := len(find(m, "base_model", "")); n != 2 {
		t.Errorf("base models must be deduplicated across tags and cardData: %d", n)
	}
}
