package github

import (
	"path/filepath"
	"testing"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/extracttest"
)

const world = "../../../testdata/world/api.github.com"

func mkRecord(kind record.Kind, key, url string, status int, body []byte) record.Record {
	return extracttest.Record(record.Resource{Source: record.SourceGitHub, Kind: kind, Key: key, URL: url}, status, "", body)
}

func worldRecord(t testing.TB, file string, kind record.Kind, key string) record.Record {
	return extracttest.FromRecording(t, filepath.Join(world, file), record.Resource{Source: record.SourceGitHub, Kind: kind, Key: key})
}

func TestGolden(t *testing.T) {
	cases := []struct {
		name string
		rec  func(t *testing.T) record.Record
	}{
		{"repo_v3", func(t *testing.T) record.Record {
			return worldRecord(t, "repos_deepseek-ai_DeepSeek-V3.http", record.KindGitHubRepo, "deepseek-ai/DeepSeek-V3")
		}},
		{"repo_r1_mit", func(t *testing.T) record.Record {
			return worldRecord(t, "repos_deepseek-ai_DeepSeek-R1.http", record.KindGitHubRepo, "deepseek-ai/DeepSeek-R1")
		}},
		{"repo_renamed_via_301", func(t *testing.T) record.Record {
			// the crawler followed the 301 for deepseek-ai/Janus-Pro to /repositories/{id}
			r := worldRecord(t, "repositories_900000001.http", record.KindGitHubRepo, "deepseek-ai/Janus-Pro")
			r.URL = "https://api.github.com/repos/deepseek-ai/Janus-Pro"
			return r
		}},
		{"repo_case_only", func(t *testing.T) record.Record {
			return worldRecord(t, "repos_deepseek-ai_DeepSeek-V3.http", record.KindGitHubRepo, "DeepSeek-AI/deepseek-v3")
		}},
		{"repo_fixture_archived_nolicense", func(t *testing.T) record.Record {
			return mkRecord(record.KindGitHubRepo, "example-org/old-model", "https://api.github.com/repos/example-org/old-model", 200, extracttest.ReadFile(t, "testdata/repo_archived.json"))
		}},
		{"repo_not_json", func(t *testing.T) record.Record {
			return mkRecord(record.KindGitHubRepo, "a/b", "https://api.github.com/repos/a/b", 200, []byte("<html>rate limited</html>"))
		}},
		{"readme_v2", func(t *testing.T) record.Record {
			return worldRecord(t, "repos_deepseek-ai_DeepSeek-V2_readme.http", record.KindGitHubReadme, "deepseek-ai/DeepSeek-V2")
		}},
		{"readme_r1", func(t *testing.T) record.Record {
			return worldRecord(t, "repos_deepseek-ai_DeepSeek-R1_readme.http", record.KindGitHubReadme, "deepseek-ai/DeepSeek-R1")
		}},
		{"readme_vl2", func(t *testing.T) record.Record {
			return worldRecord(t, "repos_deepseek-ai_DeepSeek-VL2_readme.http", record.KindGitHubReadme, "deepseek-ai/DeepSeek-VL2")
		}},
		{"readme_v32exp", func(t *testing.T) record.Record {
			return worldRecord(t, "repos_deepseek-ai_DeepSeek-V3.2-Exp_readme.http", record.KindGitHubReadme, "deepseek-ai/DeepSeek-V3.2-Exp")
		}},
		{"readme_base64_json", func(t *testing.T) record.Record {
			return mkRecord(record.KindGitHubReadme, "example-org/tiny", "https://api.github.com/repos/example-org/tiny/readme", 200, extracttest.ReadFile(t, "testdata/readme_base64.json"))
		}},
		{"releases", func(t *testing.T) record.Record {
			return mkRecord(record.KindGitHubReleases, "example-org/tiny", "https://api.github.com/repos/example-org/tiny/releases?per_page=100", 200, extracttest.ReadFile(t, "testdata/releases.json"))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { extracttest.Golden(t, c.name, Extract(c.rec(t))) })
	}
}

// find returns the observations with field and model.
func find(res extract.Result, field, model string) []extract.Observation {
	return extracttest.Filter(res, func(o extract.Observation) bool { return o.Field == field && o.Model == model })
}

func TestRepoBehaviour(t *testing.T) {
	v3 := Extract(worldRecord(t, "repos_deepseek-ai_DeepSeek-V3.http", record.KindGitHubRepo, "deepseek-ai/DeepSeek-V3"))
	if got := find(v3, extract.FieldRenamedTo, ""); len(got) != 0 {
		t.Errorf("same name reported as rename: %+v", got)
	}
	if got := find(v3, extract.FieldUpdated, ""); len(got) != 1 || got[0].Date.String() != "2025-08-28" || got[0].Evidence.Locator != "$.pushed_at" {
		t.Errorf("pushed_at: %+v", got)
	}
	if got := find(v3, "license", ""); len(got) != 1 || got[0].Value != "Other" {
		t.Errorf("NOASSERTION licence: %+v", got)
	}
	if len(v3.Health) == 0 || v3.Health[0].Field != "license" {
		t.Errorf("NOASSERTION licence must raise health: %+v", v3.Health)
	}
	ren := worldRecord(t, "repositories_900000001.http", record.KindGitHubRepo, "deepseek-ai/Janus-Pro")
	if got := find(Extract(ren), extract.FieldRenamedTo, ""); len(got) != 1 || got[0].Value != "deepseek-ai/Janus" {
		t.Errorf("rename: %+v", got)
	}
	caseOnly := worldRecord(t, "repos_deepseek-ai_DeepSeek-V3.http", record.KindGitHubRepo, "deepseek-ai/deepseek-v3")
	if got := find(Extract(caseOnly), extract.FieldRenamedTo, ""); len(got) != 0 {
		t.Errorf("case-only difference reported as rename: %+v", got)
	}
	nf := worldRecord(t, "repos_deepseek-ai_DeepSeek-Prover-V1.http", record.KindGitHubRepo, "deepseek-ai/DeepSeek-Prover-V1")
	if nf.Status != 404 {
		t.Fatalf("world 404 fixture has status %d", nf.Status)
	}
	res := Extract(nf) // never passed by the crawler (Err set), but must not invent facts
	if len(res.Observations) != 0 || len(res.Health) != 1 {
		t.Errorf("404 body: %+v", res)
	}
}

func TestReadmeWorldFacts(t *testing.T) {
	for _, c := range []struct {
		repo, field, model, value string
		q                         float64
	}{
		{"DeepSeek-V2", "params_total", "DeepSeek-V2", "236B", 236e9},
		{"DeepSeek-V2", "params_active", "DeepSeek-V2-Lite", "2.4B", 2.4e9},
		{"DeepSeek-V2", "context_length", "DeepSeek-V2-Lite-Chat", "32k", 32768},
		{"DeepSeek-V2", "params_total", "", "236B", 236e9},
		{"DeepSeek-V3", "context_length", "DeepSeek-V3", "128K", 131072},
		{"DeepSeek-V3", "training_tokens", "", "14.8 trillion", 14.8e12},
		{"DeepSeek-Coder-V2", "languages", "", "338", 338},
		{"DeepSeek-VL2", "params_active", "DeepSeek-VL2-Small", "2.8B", 2.8e9},
		{"DeepSeek-R1", "base_model", "DeepSeek-R1-Distill-Llama-70B", "Llama-3.3-70B-Instruct", 0},
		{"DeepSeek-Coder", "context_length", "", "16K", 16384},
		{"DeepSeek-MoE", "params_total", "DeepSeekMoE 16B", "16.4B", 16.4e9}, // the sentence names its model before the value
	} {
		res := Extract(worldRecord(t, "repos_deepseek-ai_"+c.repo+"_readme.http", record.KindGitHubReadme, "deepseek-ai/"+c.repo))
		ok := false
		for _, o := range find(res, c.field, c.model) {
			if o.Value == c.value && (c.q == 0 || o.Quantity != nil && o.Quantity.Value == c.q) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%s: no %s[%s]=%s; have %+v", c.repo, c.field, c.model, c.value, find(res, c.field, c.model))
		}
	}
}
