package hf

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/extracttest"
)

var kinds = []record.Kind{record.KindHFModel, record.KindHFReadme, record.KindHFConfig, record.KindHFAuthorModels}

func FuzzExtractHF(f *testing.F) {
	for i, c := range cases {
		_, _, body := extracttest.ReadExchange(f, filepath.Join(world, c.file))
		f.Add(body, uint8(i))
	}
	for _, name := range []string{"testdata/card_nested_config.md", "testdata/config_nested.json"} {
		b := extracttest.ReadFile(f, name)
		f.Add(b, uint8(1))
		f.Add(b, uint8(2))
	}
	f.Add([]byte("---\na: &a [*a, *a]\nb: *a\n---\n# x"), uint8(1))
	f.Fuzz(func(t *testing.T, body []byte, k uint8) {
		res := extracttest.ExtractWithin(t, 2*time.Second, Extract, mkRecord(kinds[int(k)%len(kinds)], "o/m", "https://huggingface.co/api/models/o/m", 200, body))
		for _, o := range res.Observations {
			if o.Field == "" || o.Evidence.Locator == "" {
				t.Fatalf("bad observation %+v", o)
			}
		}
	})
}

func bench(b *testing.B, rec record.Record) { extracttest.Bench(b, Extract, rec) }

func BenchmarkExtractModel(b *testing.B) {
	bench(b, worldRecord(b, "api_models_deepseek-ai_DeepSeek-V4-Pro.http", record.KindHFModel, "deepseek-ai/DeepSeek-V4-Pro"))
}

func BenchmarkExtractCard(b *testing.B) {
	bench(b, worldRecord(b, "deepseek-ai_DeepSeek-R1-Distill-Qwen-14B_raw_main_README.md.http", record.KindHFReadme, "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B"))
}

func BenchmarkExtractConfig(b *testing.B) {
	bench(b, worldRecord(b, "deepseek-ai_DeepSeek-V3_resolve_main_config.json.http", record.KindHFConfig, "deepseek-ai/DeepSeek-V3"))
}

func BenchmarkExtractOrgList(b *testing.B) { bench(b, orgRecord(b)) }
