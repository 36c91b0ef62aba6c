package github

import (
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/extracttest"
)

const orgList = `[
  {"name": "Foo-OCR", "full_name": "org/Foo-OCR", "owner": {"login": "org"}, "description": "Contexts  Optical Compression", "fork": false, "created_at": "2025-10-17T06:37:07Z"},
  {"name": "vllm", "full_name": "org/vllm", "owner": {"login": "org"}, "description": "A fork", "fork": true, "created_at": "2025-08-01T00:00:00Z"},
  {"name": "Undated", "full_name": "org/Undated", "owner": {"login": "org"}, "description": null, "fork": false},
  {"name": "Elsewhere", "full_name": "other/Elsewhere", "owner": {"login": "other"}, "fork": false, "created_at": "2025-01-01T00:00:00Z"},
  {"fork": false}
]`

const orgURL = "https://api.github.com/orgs/org/repos?per_page=100&sort=created&direction=desc"

func TestOrgRepos(t *testing.T) {
	res := Extract(mkRecord(record.KindGitHubOrgRepos, "org", orgURL, 200, []byte(orgList)))
	subj := extract.PrefixGitHubOrg + "org"
	got := map[string]extract.Observation{}
	for _, o := range res.Observations {
		if o.Subject != subj {
			t.Errorf("observation off the listing subject: %+v", o)
		}
		got[o.Model+" "+o.Field] = o
	}
	if o := got["org/Foo-OCR org_repo"]; o.Value != "org/Foo-OCR" || o.Date == nil || o.Date.String() != "2025-10-17" || o.Evidence.Locator != "$[0].full_name" {
		t.Errorf("Foo-OCR: %+v", o)
	}
	if o := got["org/Foo-OCR description"]; o.Value != "Contexts Optical Compression" {
		t.Errorf("description: %+v", o)
	}
	if _, ok := got["org/vllm org_repo"]; ok {
		t.Error("a fork was listed")
	}
	if _, ok := got["other/Elsewhere org_repo"]; ok {
		t.Error("another owner's repository was listed")
	}
	if o, ok := got["org/Undated org_repo"]; !ok || o.Date != nil {
		t.Errorf("undated repository: %+v", o)
	}
	if len(res.Health) != 2 { // Undated has no date; the last item has no name
		t.Errorf("health: %+v", res.Health)
	}
}

func TestOrgReposNotAList(t *testing.T) {
	for _, body := range []string{`{"message": "Not Found"}`, `[]`, `nope`} {
		res := Extract(mkRecord(record.KindGitHubOrgRepos, "org", orgURL, 200, []byte(body)))
		if len(res.Observations) != 0 || len(res.Health) != 1 {
			t.Errorf("%s: %+v", body, res)
		}
	}
	// The organisation comes from the URL when the key is empty.
	res := Extract(mkRecord(record.KindGitHubOrgRepos, "", orgURL, 200, []byte(orgList)))
	if len(res.Observations) == 0 || res.Observations[0].Subject != extract.PrefixGitHubOrg+"org" {
		t.Errorf("subject from URL: %+v", res.Observations)
	}
}

func FuzzExtractOrgRepos(f *testing.F) {
	f.Add([]byte(orgList))
	f.Add([]byte(`[{"full_name": "org/a/b"}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		res := extracttest.ExtractWithin(t, 2*time.Second, Extract, mkRecord(record.KindGitHubOrgRepos, "org", orgURL, 200, body))
		for _, o := range res.Observations {
			if o.Subject != extract.PrefixGitHubOrg+"org" || o.Model == "" || o.Field == "" || o.Evidence.Locator == "" {
				t.Fatalf("bad observation %+v", o)
			}
		}
	})
}
