package github

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/extracttest"
)

var kinds = []record.Kind{record.KindGitHubRepo, record.KindGitHubReadme, record.KindGitHubReleases}

func FuzzExtractGitHub(f *testing.F) {
	for _, name := range []string{"repos_deepseek-ai_DeepSeek-V3.http", "repos_deepseek-ai_DeepSeek-R1_readme.http", "repositories_900000001.http"} {
		_, _, body := extracttest.ReadExchange(f, filepath.Join(world, name))
		f.Add(body, uint8(0))
		f.Add(body, uint8(1))
	}
	for _, name := range []string{"testdata/releases.json", "testdata/readme_base64.json", "testdata/repo_archived.json"} {
		f.Add(extracttest.ReadFile(f, name), uint8(2))
	}
	f.Fuzz(func(t *testing.T, body []byte, k uint8) {
		res := extracttest.ExtractWithin(t, 2*time.Second, Extract, mkRecord(kinds[int(k)%len(kinds)], "o/r", "https://api.github.com/repos/o/r", 200, body))
		for _, o := range res.Observations {
			if o.Subject != "github:o/r" || o.Field == "" || o.Evidence.Locator == "" {
				t.Fatalf("bad observation %+v", o)
			}
		}
	})
}

func BenchmarkExtractRepo(b *testing.B) {
	extracttest.Bench(b, Extract, worldRecord(b, "repos_deepseek-ai_DeepSeek-V3.http", record.KindGitHubRepo, "deepseek-ai/DeepSeek-V3"))
}

func BenchmarkExtractReadme(b *testing.B) {
	body, err := os.ReadFile(extracttest.CorpusPath(b, "github", "DeepSeek-V3", "README.md"))
	if err != nil {
		_, _, body = extracttest.ReadExchange(b, filepath.Join(world, "repos_deepseek-ai_DeepSeek-V3_readme.http"))
	}
	extracttest.Bench(b, Extract, mkRecord(record.KindGitHubReadme, "deepseek-ai/DeepSeek-V3", "https://api.github.com/repos/deepseek-ai/DeepSeek-V3/readme", 200, body))
}
