package venue

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/extracttest"
)

const worldDir = "../../../testdata/world"

func mkRecord(kind record.Kind, key, url string, body []byte) record.Record {
	src := record.SourceVenue
	if kind == record.KindCrossrefWork {
		src = record.SourceCrossref
	}
	return extracttest.Record(record.Resource{Source: src, Kind: kind, Key: key, URL: url}, 200, "", body)
}

// worldRecord builds the crawler's record for a world file.
func worldRecord(t testing.TB, rel string) record.Record {
	url, _, body := extracttest.ReadExchange(t, filepath.Join(worldDir, rel))
	if strings.HasPrefix(url, "https://api.crossref.org/works/") {
		return mkRecord(record.KindCrossrefWork, strings.TrimPrefix(url, "https://api.crossref.org/works/"), url, body)
	}
	return mkRecord(record.KindVenuePage, url, url, body)
}

func worldFiles(t testing.TB) []string {
	var out []string
	for _, host := range []string{"api.crossref.org", "openaccess.thecvf.com", "iclr.cc", "www.nature.com"} {
		m, _ := filepath.Glob(filepath.Join(worldDir, host, "*.http"))
		for _, f := range m {
			if !strings.HasSuffix(f, "robots.txt.http") {
				rel, _ := filepath.Rel(worldDir, f)
				out = append(out, rel)
			}
		}
	}
	sort.Strings(out)
	if len(out) < 6 {
		t.Fatalf("only %d venue world files", len(out))
	}
	return out
}

func TestGoldenWorld(t *testing.T) {
	for _, rel := range worldFiles(t) {
		name := strings.ReplaceAll(strings.TrimSuffix(rel, ".http"), "/", "_")
		t.Run(name, func(t *testing.T) {
			res := Extract(worldRecord(t, rel))
			if len(res.Health) != 0 {
				t.Errorf("health on world data: %+v", res.Health)
			}
			extracttest.Golden(t, name, res)
		})
	}
}

func values(res extract.Result, field string) []string {
	var out []string
	for _, o := range res.Observations {
		if o.Field == field {
			out = append(out, o.Value)
		}
	}
	return out
}

func TestWorldFacts(t *testing.T) {
	const janusFlow = "openaccess.thecvf.com/content_CVPR2025_html_Ma_JanusFlow_Harmonizing_Autoregression_and_Rectified_Flow_for_Unified_Multimodal_Understanding.http"
	const janus = "openaccess.thecvf.com/content_CVPR2025_html_Wu_Janus_Decoupling_Visual_Encoding_for_Unified_Multimodal_Understanding_and_Generation.http"
	for _, tc := range []struct {
		file, field, want, date string
	}{
		{"api.crossref.org/works_10.1038_s41586-025-09422-z.http", "venue", "Nature", ""},
		{"api.crossref.org/works_10.1038_s41586-025-09422-z.http", "published", "2025-09-17", "2025-09-17"},
		{"api.crossref.org/works_10.1038_s41586-025-09422-z.http", "journal_ref", "Nature 645 (8081), 633-638 (2025)", ""},
		{"api.crossref.org/works_10.1038_s41586-025-09422-z.http", "title", "DeepSeek-R1 incentivizes reasoning in LLMs through reinforcement learning", ""},
		{"api.crossref.org/works_10.18653_v1_2024.acl-long.70.http", "venue", "ACL 2024", ""},
		{"api.crossref.org/works_10.18653_v1_2024.acl-long.70.http", "published", "2024", "2024"},
		{janusFlow, "venue", "CVPR 2025", ""},
		{janusFlow, "title", "JanusFlow: Harmonizing Autoregression and Rectified Flow for Unified Multimodal Understanding and Generation", ""},
		{janus, "venue", "CVPR 2025", ""},
		{"iclr.cc/virtual_2025_poster_30193.http", "venue", "ICLR 2025", ""},
		// Regression (end-to-end audit): a dateless proceedings page dates the
		// work to its conference year, so Prover-V1.5's "2025" is its ICLR year.
		{"iclr.cc/virtual_2025_poster_30193.http", "published", "2025", "2025"},
		{"iclr.cc/virtual_2025_poster_30193.http", "title", "DeepSeek-Prover-V1.5: Harnessing Proof Assistant Feedback for Reinforcement Learning and Monte-Carlo Tree Search", ""},
		{"www.nature.com/articles_s41586-025-09422-z.http", "venue", "Nature", ""},
		{"www.nature.com/articles_s41586-025-09422-z.http", "doi", "10.1038/s41586-025-09422-z", ""},
		{"www.nature.com/articles_s41586-025-09422-z.http", "journal_ref", "Nature 645 (8081), 633-638 (2025)", ""},
	} {
		t.Run(tc.file+"/"+tc.field, func(t *testing.T) {
			res := Extract(worldRecord(t, tc.file))
			got := extracttest.Filter(res, func(o extract.Observation) bool { return o.Field == tc.field })
			if len(got) != 1 {
				t.Fatalf("%d %s observations: %+v", len(got), tc.field, got)
			}
			if got[0].Value != tc.want {
				t.Errorf("%s = %q, want %q", tc.field, got[0].Value, tc.want)
			}
			if tc.date != "" && (got[0].Date == nil || got[0].Date.String() != tc.date) {
				t.Errorf("date = %+v, want %s", got[0].Date, tc.date)
			}
		})
	}
}

func TestNatureSubjectIsDOI(t *testing.T) {
	res := Extract(worldRecord(t, "api.crossref.org/works_10.1038_s41586-025-09422-z.http"))
	for _, o := range res.Observations {
		if o.Subject != "doi:10.1038/s41586-025-09422-z" {
			t.Errorf("subject = %q", o.Subject)
		}
	}
}

func TestVenueAcronym(t *testing.T) {
	for _, tc := range []struct {
		name string
		year int
		want string
	}{
		{"Proceedings of the Computer Vision and Pattern Recognition Conference (CVPR)", 2025, "CVPR 2025"},
		{"Proceedings of the Computer Vision and Pattern Recognition Conference", 2025, "CVPR 2025"},
		{"Proceedings of the 62nd Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)", 2024, "ACL 2024"},
		{"The Thirteenth International Conference on Learning Representations", 2025, "ICLR 2025"},
		{"Nature", 2025, "Nature"},
		{"Findings of the Association for Computational Linguistics: NAACL 2024", 2024, "Findings of the Association for Computational Linguistics: NAACL 2024"},
	} {
		if got := VenueValue(tc.name, tc.year); got != tc.want {
			t.Errorf("VenueValue(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCrossrefDates(t *testing.T) {
	body := `{"status":"ok","message":{"DOI":"10.1/x","title":["T"],"container-title":["J"],
	 "published-print":{"date-parts":[[2025,9,18]]},"published-online":{"date-parts":[[2025,9,17]]},"issued":{"date-parts":[[2025]]}}}`
	res := Extract(mkRecord(record.KindCrossrefWork, "10.1/x", "u", []byte(body)))
	for _, o := range res.Observations {
		if o.Field == "published" && o.Date.String() != "2025-09-17" {
			t.Errorf("published = %s, want the earliest exact date", o.Date)
		}
	}
	for _, bad := range []string{``, `{"status":"failed"}`, `Resource not found.`, `{"status":"ok","message":{"date-parts":[[null]]}}`} {
		res := Extract(mkRecord(record.KindCrossrefWork, "10.1/x", "u", []byte(bad)))
		if len(res.Health) == 0 {
			t.Errorf("%q: no health", bad)
		}
	}
}

func TestPageWithoutTitleIsHealth(t *testing.T) {
	res := Extract(mkRecord(record.KindVenuePage, "https://iclr.cc/x", "https://iclr.cc/x", []byte("<html><body><p>Not found</p></body></html>")))
	if len(res.Observations) != 0 || len(res.Health) != 1 {
		t.Errorf("got %+v", res)
	}
}

// TestCorpusFacts checks the world data against the corpus's venue facts.
func TestCorpusFacts(t *testing.T) {
	raw := extracttest.ReadFile(t, extracttest.Corpus(t, "ARXIV_APIDOCS_FACTS.md"))
	facts := string(raw)
	for _, want := range []string{"**645**(8081): **633–638**", "10.1038/s41586-025-09422-z", "Published 17 Sep 2025", "iclr.cc/virtual/2025/poster/30193", "pp. 1280–1297, DOI 10.18653/v1/2024.acl-long.70"} {
		if !strings.Contains(facts, want) {
			t.Fatalf("corpus no longer states %q; re-check the world data", want)
		}
	}
	nature := Extract(worldRecord(t, "api.crossref.org/works_10.1038_s41586-025-09422-z.http"))
	if v := values(nature, "journal_ref"); len(v) != 1 || !strings.Contains(v[0], "645 (8081), 633-638") {
		t.Errorf("nature journal_ref = %v", v)
	}
	acl := Extract(worldRecord(t, "api.crossref.org/works_10.18653_v1_2024.acl-long.70.http"))
	if v := values(acl, "journal_ref"); len(v) != 1 || !strings.Contains(v[0], "1280-1297") {
		t.Errorf("acl journal_ref = %v", v)
	}
}

func FuzzExtractVenue(f *testing.F) {
	for _, rel := range worldFiles(f) {
		_, _, b := extracttest.ReadExchange(f, filepath.Join(worldDir, rel))
		f.Add(b, strings.HasPrefix(rel, "api.crossref.org"))
	}
	f.Add([]byte(`{"status":"ok","message":{"issued":{"date-parts":[[2025,13,40]]},"container-title":[""]}}`), true)
	f.Fuzz(func(t *testing.T, body []byte, crossref bool) {
		kind := record.KindVenuePage
		if crossref {
			kind = record.KindCrossrefWork
		}
		res := extracttest.ExtractWithin(t, 2*time.Second, Extract, mkRecord(kind, "k", "https://iclr.cc/virtual/2025/poster/1", body))
		for _, o := range res.Observations {
			if len(o.Evidence.Quote) > extract.MaxQuote {
				t.Fatalf("quote too long")
			}
		}
	})
}

func BenchmarkExtractCrossref(b *testing.B) {
	extracttest.Bench(b, Extract, worldRecord(b, "api.crossref.org/works_10.1038_s41586-025-09422-z.http"))
}

func BenchmarkExtractVenuePage(b *testing.B) {
	extracttest.Bench(b, Extract, worldRecord(b, "www.nature.com/articles_s41586-025-09422-z.http"))
}
