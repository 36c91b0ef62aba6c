package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
)

func TestLoadPolicies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml string
		wantErr    string // "" = valid
		check      func(t *testing.T, p crawler.Policies)
	}{
		{"single field keeps the other defaults", "policies:\n  arxiv:\n    min_interval: 5s\n", "", func(t *testing.T, p crawler.Policies) {
			def := crawler.DefaultPolicies()[record.SourceArXiv]
			got := p[record.SourceArXiv]
			if got.MinInterval != 5*time.Second || got.Parallelism != def.Parallelism || got.Timeout != def.Timeout {
				t.Errorf("arxiv policy %+v", got)
			}
		}},
		{"every field", "policies:\n  github: {min_interval: 2s, parallelism: 1, max_retries: 0, base_backoff: 1s, max_wait: 30s, timeout: 10s, max_body_bytes: 1024}\n", "", func(t *testing.T, p crawler.Policies) {
			got := p[record.SourceGitHub]
			if got.MaxBodyBytes != 1024 || got.MaxWait != 30*time.Second || got.MaxRetries != 0 {
				t.Errorf("github policy %+v", got)
			}
		}},
		{"misspelt field", "policies:\n  arxiv:\n    min_intervall: 30s\n", "p.yaml:3:5: policies.arxiv.min_intervall: unknown field", nil},
		{"unknown source", "policies:\n  gitlab: {parallelism: 1}\n", "p.yaml:2:3: policies.gitlab: unknown source", nil},
		{"negative duration", "policies:\n  arxiv:\n    timeout: -5s\n", "p.yaml:3:14: policies.arxiv.timeout: want a duration ≥ 0", nil},
		{"not a number", "policies:\n  docs: {parallelism: many}\n", "p.yaml:2:23: policies.docs.parallelism: want a whole number", nil},
		{"unknown top-level key", "polices:\n  arxiv: {}\n", "p.yaml:1:1: polices: unknown field", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "p.yaml")
			if err := os.WriteFile(path, []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			p, err := loadPolicies(path)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				tc.check(t, p)
				return
			}
			if err == nil || !strings.Contains(err.Error(), strings.Replace(tc.wantErr, "p.yaml", path, 1)) {
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestPolicyFlags(t *testing.T) {
	t.Parallel()
	pol := crawler.DefaultPolicies()
	if err := applyPolicyFlags(pol, []string{"arxiv.min_interval=10s", "huggingface.parallelism=1"}); err != nil {
		t.Fatal(err)
	}
	if pol[record.SourceArXiv].MinInterval != 10*time.Second || pol[record.SourceHF].Parallelism != 1 {
		t.Fatalf("flags not applied: %+v %+v", pol[record.SourceArXiv], pol[record.SourceHF])
	}
	for _, bad := range []string{"arxiv.min_interval", "arxiv=3s", "gitlab.timeout=1s", "arxiv.speed=1", "arxiv.timeout=-1s"} {
		if err := applyPolicyFlags(crawler.DefaultPolicies(), []string{bad}); err == nil {
			t.Errorf("--policy %s accepted", bad)
		}
	}
	// Through the CLI: a bad --policy is a usage error before anything is fetched.
	code, _, errs := runCLI(t, "audit", "--replay", world, "--no-state", "--policy", "arxiv.speed=1")
	if code != ExitUsage || !strings.Contains(errs, "unknown field") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}
