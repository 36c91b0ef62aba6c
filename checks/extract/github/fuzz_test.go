package github

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
)

var kinds = []record.Kind{record.KindGitHubRepo, record.KindGitHubReadme, record.KindGitHubReleases}

func FuzzExtractGitHub(f *testing.F) {
	for _, name := range []string{"repos_deepseek-ai_DeepSeek-V3.http", "repos_deepseek-ai_DeepSeek-R1_readme.http", "repositories_900000001.http"} {
		_, _, body := readExchange(f, filepath.Join(world, name))
		f.Add(body, uint8(0))
		f.Add(body, uint8(1))
	}
	for _, name := range []string{"testdata/releases.json", "testdata/readme_base64.json", "testdata/repo_archived.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(2))
	}
	f.Fuzz(func(t *testing.T, body []byte, k uint8) {
		rec := mkRecord(kinds[int(k)%len(kinds)], "o/r", "https://api.github.com/repos/o/r", 200, body)
		start := time.Now()
		res := Extract(rec)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("extract took %v on %d bytes", d, len(body))
		}
		for _, o := range res.Observations {
			if o.Subject != "github:o/r" || o.Field == "" || o.Evidence.Locator == "" {
				t.Fatalf("bad observation %+v", o)
			}
		}
	})
}

func BenchmarkExtractRepo(b *testing.B) {
	rec := worldRecord(b, "repos_deepseek-ai_DeepSeek-V3.http", record.KindGitHubRepo, "deepseek-ai/DeepSeek-V3")
	b.ReportAllocs()
	b.SetBytes(int64(len(rec.Body)))
	for b.Loop() {
		Extract(rec)
	}
}

func BenchmarkExtractReadme(b *testing.B) {
	body, err := os.ReadFile(filepath.Join(corpus, "DeepSeek-V3", "README.md"))
	if err != nil {
		_, _, body = readExchange(b, filepath.Join(world, "repos_deepseek-ai_DeepSeek-V3_readme.http"))
	}
	rec := mkRecord(record.KindGitHubReadme, "deepseek-ai/DeepSeek-V3", "https://api.github.com/repos/deepseek-ai/DeepSeek-V3/readme", 200, body)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		Extract(rec)
	}
}
