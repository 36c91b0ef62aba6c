package simulator

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// TestRecordSimulatorThenReplay records a crawl of the simulator under the
// official URLs, then replays it with the simulator gone.
func TestRecordSimulatorThenReplay(t *testing.T) {
	t.Parallel()
	s, err := New(Options{World: testWorld, NoLimits: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	rec, err := cassette.NewRecorder(dir, &http.Transport{DisableKeepAlives: true}, s.Canonical)
	if err != nil {
		t.Fatal(err)
	}
	paths := map[record.Source][]string{
		record.SourceArXiv:  {"/api/query?id_list=2412.19437,2501.12948&max_results=2"},
		record.SourceGitHub: {"/repos/deepseek-ai/DeepSeek-V3-old", "/repos/deepseek-ai/DeepSeek-V3/readme"},
		record.SourceHF:     {"/api/models?author=deepseek-ai&limit=1000"},
		record.SourceVenue:  {"/articles/s41586-025-09422-z"},
	}
	bodies := map[string]string{}
	c := &http.Client{Transport: rec, Timeout: 5 * time.Second}
	for src, ps := range paths {
		for _, p := range ps {
			u, _ := url.Parse(s.URL(src) + p)
			resp, err := c.Get(u.String())
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			bodies[s.Canonical(u).String()] = string(b)
		}
	}
	s.Close()
	p, err := cassette.NewPlayer(dir)
	if err != nil {
		t.Fatal(err)
	}
	if p.Len() != 7 { // 5 requests + the redirect target, + nothing else
		t.Logf("%d recordings", p.Len())
	}
	rc := &http.Client{Transport: p}
	for u, want := range bodies {
		if !strings.HasPrefix(u, "https://") || strings.Contains(u, "127.0.0.1") {
			t.Errorf("not canonical: %s", u)
		}
		resp, err := rc.Get(u)
		if err != nil {
			t.Fatalf("replay %s: %v", u, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != want {
			t.Errorf("replay %s differs", u)
		}
	}
	e, ok := p.Lookup("GET", "https://api.github.com/repos/deepseek-ai/DeepSeek-V3-old")
	if !ok || e.Header.Get("Location") != "https://api.github.com/repos/deepseek-ai/DeepSeek-V3" {
		t.Errorf("redirect not recorded canonically: %+v", e)
	}
	if e, ok := p.Lookup("GET", "https://www.nature.com/articles/s41586-025-09422-z"); !ok || e.Header.Get("ETag") == "" {
		t.Errorf("venue recording: %v %+v", ok, e)
	}
}
