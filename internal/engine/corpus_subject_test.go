package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// TestCorpusMoreCardsJudgedBySubject runs real model cards of other vendors
// (../shared/corpus-more; skipped when absent) through the card extractor and
// the judge: a true claim about the card's own model is never contradicted by
// a value the card states for a sibling or for the whole series (the
// FACTS.md traps), and the card's own statement verifies it.
func TestCorpusMoreCardsJudgedBySubject(t *testing.T) {
	t.Parallel()
	type cl struct {
		field, value string
		want         checks.Verdict
	}
	for _, tc := range []struct {
		vendor, file, id string
		claims           []cl
	}{
		// The Air card's first numbers (355B/32B) are GLM-4.5's.
		{"glm", "hf/zai-org__GLM-4.5-Air__README.md", "zai-org/GLM-4.5-Air", []cl{
			{"params_total", "106B", checks.Verified},
			{"params_active", "12B", checks.Verified},
			{"params_total", "355B", checks.Contradicted}, // the sibling's count, contradicted by the Air clause's own 106B
		}},
		// One sentence gives 13T, 8T and 2T tokens for the 27B, 9B and 2B models.
		{"gemma", "hf/google__gemma-2-2b__README.md", "google/gemma-2-2b", []cl{
			{"training_tokens", "2T", checks.Verified},
			{"training_tokens", "13T", checks.Contradicted},    // the 27B model's count; the 2B card's own is 2T
			{"license", "Gemma Terms of Use", checks.Verified}, // front matter: license: gemma
		}},
		// "among models with less than 13 billion parameters" is a threshold,
		// not this model's size (Azure's copy of the card, no front matter).
		{"phi", "docs/Azure__azureml-assets__phi-3-mini-4k-instruct__description.md", "microsoft/Phi-3-mini-4k-instruct", []cl{
			{"params_total", "3.8B", checks.Verified},
			{"training_tokens", "4.9T", checks.Verified},
		}},
		// Mistral 7B's card: leaderboard scores are no counts.
		{"mistral", "hf/mistralai__Mistral-7B-v0.1__README.md", "mistralai/Mistral-7B-v0.1", []cl{
			{"params_total", "7B", checks.Verified},
		}},
		// Sibling rows (7B: 4 Trillion) on the 13B card; the family sentence "up to 5T".
		{"olmo", "hf/allenai__OLMo-2-1124-13B__README.md", "allenai/OLMo-2-1124-13B", []cl{
			{"training_tokens", "5T", checks.Verified},
			{"license", "Apache License 2.0", checks.Verified},
		}},
	} {
		t.Run(tc.vendor, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(filepath.Join(moduleRootDir(t), "..", "shared", "corpus-more", tc.vendor, filepath.FromSlash(tc.file)))
			if err != nil {
				t.Skipf("corpus-more not available: %v", err)
			}
			owner, _, _ := strings.Cut(tc.id, "/")
			var claims strings.Builder
			for i, c := range tc.claims {
				typ := map[string]string{"params_total": "count", "params_active": "count", "training_tokens": "count", "license": "license"}[c.field]
				unit := ""
				if typ == "count" {
					unit = ", unit: parameters"
					if c.field == "training_tokens" {
						unit = ", unit: tokens"
					}
				}
				fmt.Fprintf(&claims, "      - {id: c%d, type: %s, field: %s, value: %q%s}\n", i, typ, c.field, c.value, unit)
			}
			yaml := fmt.Sprintf("name: corpus\nas_of: 2025-06-01\norganisations:\n  huggingface: [%s]\nhosts: [huggingface.co]\nentries:\n  - id: m\n    kind: model\n    name: %s\n    sources:\n      huggingface: [%s]\n    claims:\n%s",
				owner, tc.id, tc.id, claims.String())
			cat, err := catalog.Parse("corpus.yaml", []byte(yaml))
			if err != nil {
				t.Fatalf("catalog: %v\n%s", err, yaml)
			}
			u := "https://huggingface.co/" + tc.id + "/raw/main/README.md"
			sum := sha256.Sum256(body)
			rec := record.Record{Resource: record.Resource{Source: record.SourceHF, Kind: record.KindHFReadme, Key: tc.id, URL: u},
				URL: u, FinalURL: u, Status: 200, ContentType: "text/plain", Body: body, SHA256: hex.EncodeToString(sum[:]), FetchedAt: defaultNow}
			recs := []record.Record{rec}
			obs, health := Extract(recs)
			fs := checks.Judge(checks.Input{Catalog: cat, Records: recs, Observations: obs, Health: health, Now: defaultNow})
			for i, c := range tc.claims {
				for _, f := range fs {
					if f.Entry == "m" && f.Claim == fmt.Sprintf("c%d", i) && f.Verdict != c.want {
						t.Errorf("%s %s: %s, want %s (%s)", c.field, c.value, f.Verdict, c.want, f.Message)
					}
				}
			}
		})
	}
}

// moduleRootDir is the directory holding go.mod above the working directory.
func moduleRootDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}
