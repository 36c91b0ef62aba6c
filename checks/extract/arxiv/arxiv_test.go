package arxiv

import (
	"bytes"
	"os"
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

func mkRecord(kind record.Kind, key string, ids []string, url string, body []byte) record.Record {
	return extracttest.Record(record.Resource{Source: record.SourceArXiv, Kind: kind, Key: key, IDs: ids, URL: url}, 200, "application/atom+xml", body)
}

// worldRecord builds the record the crawler would make for a world file.
func worldRecord(t testing.TB, path string) record.Record {
	url, _, body := extracttest.ReadExchange(t, path)
	if strings.Contains(url, "/abs/") {
		id := url[strings.LastIndex(url, "/abs/")+5:]
		return mkRecord(record.KindArXivAbs, id, nil, url, body)
	}
	if i := strings.Index(url, "search_query="); i >= 0 {
		term := url[i+len("search_query="):]
		return mkRecord(record.KindArXivSearch, term[:strings.Index(term, "&")], nil, url, body)
	}
	q := url[strings.Index(url, "id_list=")+8:]
	q = q[:strings.Index(q, "&")]
	ids := strings.Split(q, ",")
	return mkRecord(record.KindArXivQuery, q, ids, url, body)
}

func worldFiles(t testing.TB) []string {
	var files []string
	for _, pat := range []string{"export.arxiv.org/*.http", "arxiv.org/abs_*.http"} {
		m, err := filepath.Glob(filepath.Join(worldDir, pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("no world files for arXiv")
	}
	return files
}

func TestGoldenWorld(t *testing.T) {
	for _, f := range worldFiles(t) {
		name := strings.TrimSuffix(filepath.Base(filepath.Dir(f))+"_"+filepath.Base(f), ".http")
		t.Run(name, func(t *testing.T) {
			res := Extract(worldRecord(t, f))
			if len(res.Health) != 0 {
				t.Errorf("unexpected health on world data: %+v", res.Health)
			}
			extracttest.Golden(t, name, res)
		})
	}
}

func TestGoldenFixtures(t *testing.T) {
	for _, tc := range []struct {
		file string
		ids  []string
	}{
		{"api_error.xml", []string{"2412.1943"}},
		{"batch_missing.xml", []string{"2499.99999", "2401.02954"}},
	} {
		body := extracttest.ReadFile(t, filepath.Join("testdata", tc.file))
		res := Extract(mkRecord(record.KindArXivQuery, strings.Join(tc.ids, ","), tc.ids, "https://export.arxiv.org/api/query?id_list="+strings.Join(tc.ids, ","), body))
		extracttest.Golden(t, strings.TrimSuffix(tc.file, ".xml"), res)
	}
}

// find returns the observations for subject/field (and model when not "").
func find(res extract.Result, subject, field, model string) []extract.Observation {
	return extracttest.Filter(res, func(o extract.Observation) bool {
		return o.Subject == subject && o.Field == field && (model == "" || o.Model == model)
	})
}

func one(t *testing.T, res extract.Result, subject, field, model string) extract.Observation {
	t.Helper()
	return extracttest.One(t, find(res, subject, field, model), subject+" "+field+" "+model)
}

func TestWorldFacts(t *testing.T) {
	type fact struct {
		file, subject, field, model, value, date string
	}
	for _, f := range []fact{
		{"export.arxiv.org/api_query_id_list_2405.04434.http", "arxiv:2405.04434", "latest_version", "", "v5", ""},
		{"export.arxiv.org/api_query_id_list_2405.04434.http", "arxiv:2405.04434", "published", "", "2024-05-07T15:56:43Z", "2024-05-07"},
		{"export.arxiv.org/api_query_id_list_2405.04434.http", "arxiv:2405.04434", "updated", "", "2024-06-19T06:04:17Z", "2024-06-19"},
		{"export.arxiv.org/api_query_id_list_2501.12948.http", "arxiv:2501.12948", "latest_version", "", "v2", ""},
		{"export.arxiv.org/api_query_id_list_2501.12948.http", "arxiv:2501.12948", "updated", "", "2026-01-04T08:12:55Z", "2026-01-04"},
		{"export.arxiv.org/api_query_id_list_2412.19437.http", "arxiv:2412.19437", "title", "", "DeepSeek-V3 Technical Report", ""},
		{"arxiv.org/abs_2405.04434.http", "arxiv:2405.04434", "version_date", "v1", "Tue, 7 May 2024 15:56:43 UTC", "2024-05-07"},
		{"arxiv.org/abs_2405.04434.http", "arxiv:2405.04434", "version_date", "v2", "Wed, 8 May 2024 02:43:34 UTC", "2024-05-08"},
		{"arxiv.org/abs_2405.04434.http", "arxiv:2405.04434", "version_date", "v3", "Thu, 16 May 2024 17:25:01 UTC", "2024-05-16"},
		{"arxiv.org/abs_2405.04434.http", "arxiv:2405.04434", "version_date", "v4", "Fri, 24 May 2024 15:24:58 UTC", "2024-05-24"},
		{"arxiv.org/abs_2405.04434.http", "arxiv:2405.04434", "version_date", "v5", "Wed, 19 Jun 2024 06:04:17 UTC", "2024-06-19"},
		{"arxiv.org/abs_2405.04434.http", "arxiv:2405.04434", "latest_version", "", "v5", ""},
		{"arxiv.org/abs_2501.12948.http", "arxiv:2501.12948", "version_date", "v2", "Sun, 4 Jan 2026 08:12:55 UTC", "2026-01-04"},
		{"arxiv.org/abs_2501.12948.http", "arxiv:2501.12948", "published", "", "Wed, 22 Jan 2025 15:19:35 UTC", "2025-01-22"},
		// Counts from the abstract, tied to the model the sentence is about.
		{"export.arxiv.org/api_query_id_list_2405.04434.http", "arxiv:2405.04434", "params_total", "DeepSeek-V2", "236B", ""},
		{"export.arxiv.org/api_query_id_list_2405.04434.http", "arxiv:2405.04434", "params_active", "DeepSeek-V2", "21B", ""},
		{"export.arxiv.org/api_query_id_list_2405.04434.http", "arxiv:2405.04434", "context_length", "DeepSeek-V2", "128K", ""},
		{"export.arxiv.org/api_query_id_list_2405.04434.http", "arxiv:2405.04434", "training_tokens", "", "8.1T", ""},
		{"export.arxiv.org/api_query_id_list_2405.04434.http", "arxiv:2405.04434", "params_total", "DeepSeek-V2-Lite", "15.7B", ""},
		{"export.arxiv.org/api_query_id_list_2412.19437.http", "arxiv:2412.19437", "params_active", "DeepSeek-V3", "37B", ""},
		{"export.arxiv.org/api_query_id_list_2606.19348.http", "arxiv:2606.19348", "params_total", "DeepSeek-V4-Pro", "1.6T", ""},
		{"export.arxiv.org/api_query_id_list_2401.14196.http", "arxiv:2401.14196", "model_sizes", "", "1.3B to 33B", ""},
	} {
		t.Run(f.subject+"/"+f.field+"/"+f.model, func(t *testing.T) {
			res := Extract(worldRecord(t, filepath.Join(worldDir, f.file)))
			o := one(t, res, f.subject, f.field, f.model)
			if o.Value != f.value {
				t.Errorf("value = %q, want %q", o.Value, f.value)
			}
			if f.date != "" && (o.Date == nil || o.Date.String() != f.date) {
				t.Errorf("date = %v, want %s", o.Date, f.date)
			}
			if o.Evidence.Locator == "" || o.Evidence.Quote == "" || o.Evidence.URL == "" {
				t.Errorf("evidence incomplete: %+v", o.Evidence)
			}
		})
	}
}

// AbstractFacts: counts and context lengths from abstract sentences, tied to
// a model only when the sentence is about it, dropped when it is ambiguous.
func TestAbstractFacts(t *testing.T) {
	for _, c := range []struct {
		name, summary string
		want          []string // "field[model]=value", exactly
	}{
		{"paper level", "The model is pre-trained on 2 trillion tokens with a 16K window.",
			[]string{"training_tokens[]=2 trillion", "context_length[]=16K"}},
		{"leading model", "Foo-V2 is a mixture-of-experts model with 236B total parameters, 21B of them active for each token.",
			[]string{"params_total[Foo-V2]=236B", "params_active[Foo-V2]=21B"}},
		{"introduced model", "We also release Foo-V2-Lite, a smaller model with 15.7B parameters.",
			[]string{"params_total[Foo-V2-Lite]=15.7B"}},
		{"named before the value", "Foo-Pro has 1.6T parameters (49B activated) and Foo-Flash has 284B parameters (13B activated).",
			[]string{"params_total[Foo-Pro]=1.6T", "params_active[Foo-Pro]=49B", "params_total[Foo-Flash]=284B", "params_active[Foo-Flash]=13B"}},
		{"another model is the origin", "Starting from a checkpoint of Foo-V2 it is further pre-trained on 6 trillion tokens.", nil},
		{"two models before", "FooMoE 2B matches a dense model, and FooMoE 16B, with 16.4B parameters, matches Foo 7B.",
			[]string{"params_total[FooMoE 16B]=16.4B"}}, // the clause after ", and" is about FooMoE 16B
		{"both support", "Foo-V4-Pro has 1.6T total parameters and Foo-V4-Flash is smaller; both support a 1M-token context.",
			[]string{"params_total[Foo-V4-Pro]=1.6T"}},
		{"activated sizes are not model sizes", "Three variants, Tiny, Small and base, activate 1.0B, 2.8B and 4.5B parameters.", nil},
		{"digit groups", "Foo-9 has 671,000,000,000 parameters.", []string{"params_total[Foo-9]=671,000,000,000"}},
		{"no counts", "We study scaling laws and report results on benchmarks from 2023 and 2024.", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, f := range AbstractFacts(c.summary) {
				got = append(got, f.Field+"["+f.Model+"]="+f.Value)
				if f.Quantity == nil || f.Quote == "" {
					t.Errorf("fact without quantity or quote: %v", f)
				}
			}
			if strings.Join(got, "; ") != strings.Join(c.want, "; ") {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestAbsPhraseText(t *testing.T) {
	res := Extract(worldRecord(t, filepath.Join(worldDir, "arxiv.org/abs_2405.04434.http")))
	text := one(t, res, "arxiv:2405.04434", "text", "").Value
	for _, phrase := range []string{"Multi-head Latent Attention", "DeepSeekMoE", "236B total parameters", "21B are activated", "128K"} {
		if !strings.Contains(text, phrase) {
			t.Errorf("abs text lacks %q", phrase)
		}
	}
	if strings.Contains(text, "Abstract:") {
		t.Errorf("descriptor not removed: %q", text[:80])
	}
}

func TestBatchMissingAndHealth(t *testing.T) {
	body := extracttest.ReadFile(t, "testdata/batch_missing.xml")
	ids := []string{"2499.99999", "2401.02954v1"}
	res := Extract(mkRecord(record.KindArXivQuery, "x", ids, "u", body))
	assertAbsentIsHealth(t, res, "arxiv:2499.99999")
	if v := one(t, res, "arxiv:2401.02954", "exists", "").Value; v != "true" {
		t.Errorf("present id exists = %q", v)
	}
	if v := one(t, res, "arxiv:2401.02954", "title", "").Value; v != "DeepSeek LLM: Scaling Open-Source Language Models with Longtermism" {
		t.Errorf("title not normalised: %q", v)
	}
	if v := one(t, res, "arxiv:2401.02954", "text", "").Value; strings.Contains(v, "\u200b") || strings.Contains(v, "  ") {
		t.Errorf("text not normalised: %q", v)
	}
	var published bool
	for _, h := range res.Health {
		if h.Subject == "arxiv:2401.02954" && h.Field == "published" {
			published = true
		}
	}
	if !published {
		t.Errorf("missing <published> not reported as health: %+v", res.Health)
	}
	if len(find(res, "arxiv:2401.02954", "published", "")) != 0 {
		t.Error("an observation was made for a missing <published>")
	}
}

func TestAPIErrorIsHealth(t *testing.T) {
	body := extracttest.ReadFile(t, "testdata/api_error.xml")
	res := Extract(mkRecord(record.KindArXivQuery, "2412.1943", []string{"2412.1943"}, "u", body))
	if len(res.Observations) != 0 {
		t.Errorf("an API error produced observations: %+v", res.Observations)
	}
	if len(res.Health) != 1 || !strings.Contains(res.Health[0].Problem, "incorrect id format") {
		t.Errorf("health = %+v", res.Health)
	}
}

func TestNotAtom(t *testing.T) {
	for _, body := range []string{"", "<html><body>503</body></html>", "{\"x\":1}", "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"} {
		res := Extract(mkRecord(record.KindArXivQuery, "2405.04434", []string{"2405.04434"}, "u", []byte(body)))
		if len(res.Observations) != 0 || len(res.Health) == 0 {
			t.Errorf("body %q: obs=%d health=%d", body, len(res.Observations), len(res.Health))
		}
	}
}

func TestSplitID(t *testing.T) {
	for _, tc := range []struct {
		in   string
		id   string
		vers int
	}{
		{"http://arxiv.org/abs/2405.04434v5", "2405.04434", 5},
		{"https://arxiv.org/abs/2405.04434", "2405.04434", 0},
		{"2501.12948v2", "2501.12948", 2},
		{"arXiv:2412.19437", "2412.19437", 0},
		{"http://arxiv.org/abs/hep-ex/0406020v1", "hep-ex/0406020", 1},
		{"cond-mat/0603029v1", "cond-mat/0603029", 1},
		{"solv-int/9901001", "solv-int/9901001", 0},
		{"http://arxiv.org/api/errors#incorrect_id_format_for_1", "", 0},
		{"0704.0001", "0704.0001", 0},
		{"24050.4434", "", 0},
		{"", "", 0},
	} {
		id, v := SplitID(tc.in)
		if id != tc.id || v != tc.vers {
			t.Errorf("SplitID(%q) = %q, %d; want %q, %d", tc.in, id, v, tc.id, tc.vers)
		}
	}
}

// corpusDir is the shared corpus of real third-party files.
func corpusDir(t testing.TB) string { return extracttest.Corpus(t, "arxiv", "format") }

func TestCorpusAtom(t *testing.T) {
	dir := corpusDir(t)
	read := func(name string) []byte { return extracttest.ReadFile(t, filepath.Join(dir, name)) }
	// Current format, one of two ids unknown: it is dropped silently.
	res := Extract(mkRecord(record.KindArXivQuery, "", []string{"0808.05394", "1707.08567"}, "u", read("atom2026_body_id_0808.05394_1707.08567.xml")))
	assertAbsentIsHealth(t, res, "arxiv:0808.05394")
	if v := one(t, res, "arxiv:1707.08567", "latest_version", "").Value; v != "v1" {
		t.Errorf("latest = %s", v)
	}
	if v := one(t, res, "arxiv:1707.08567", "comment", "").Value; !strings.HasPrefix(v, "44 pages") {
		t.Errorf("comment = %q", v)
	}
	// Legacy format: inline namespaces, multi-line title, doi + journal ref.
	res = Extract(mkRecord(record.KindArXivQuery, "", []string{"1111.2011"}, "u", read("atom_legacy_idlist_1111.2011v2.xml")))
	checks := map[string]string{
		"title":          "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit",
		"doi":            "10.1103/PhysRevB.85.115117",
		"journal_ref":    "Phys. Rev. B 85, 115117 (2012)",
		"latest_version": "v2",
		"comment":        "8 pages, 3 figures. Published version",
	}
	for field, want := range checks {
		if v := one(t, res, "arxiv:1111.2011", field, "").Value; v != want {
			t.Errorf("legacy %s = %q, want %q", field, v, want)
		}
	}
	if d := one(t, res, "arxiv:1111.2011", "published", "").Date; d.String() != "2011-11-08" {
		t.Errorf("legacy published = %v", d)
	}
	if d := one(t, res, "arxiv:1111.2011", "updated", "").Date; d.String() != "2012-04-02" {
		t.Errorf("legacy updated = %v", d)
	}
	// Old-style identifier.
	res = Extract(mkRecord(record.KindArXivQuery, "", []string{"hep-ex/0406020"}, "u", read("atom2026_body_id_hep-ex_0406020v1.xml")))
	if v := one(t, res, "arxiv:hep-ex/0406020", "title", "").Value; v != "Sparticle Reconstruction at LHC" {
		t.Errorf("old-style title = %q", v)
	}
	// Search answers parse too (no ids requested).
	for _, f := range []string{"atom2026_body_q_testing_s5_m10.xml", "atom_legacy_search_checkerboard.xml", "atom2026_body_id_1605.08386.xml"} {
		res := Extract(mkRecord(record.KindArXivQuery, "", nil, "u", read(f)))
		if len(find(res, "", "", "")) != 0 {
			t.Fatal("unreachable")
		}
		var titles int
		for _, o := range res.Observations {
			if o.Field == "title" {
				titles++
			}
		}
		if titles == 0 || len(res.Health) != 0 {
			t.Errorf("%s: %d titles, health %+v", f, titles, res.Health)
		}
	}
}

// TestCorpusAbsTemplate checks that the markup the abs reader relies on is
// what arXiv's own renderer (arxiv-browse abs.html + arxiv-base macros) emits.
func TestCorpusAbsTemplate(t *testing.T) {
	dir := corpusDir(t)
	var all []byte
	for _, f := range []string{"arxiv_browse_templates_abs_abs.html", "arxiv_base_templates_base_macros.html"} {
		all = append(all, extracttest.ReadFile(t, filepath.Join(dir, f))...)
	}
	for _, marker := range []string{
		`<div class="submission-history">`, `<strong>[v{{ version_entry.version }}]</strong>`,
		`strftime('%a, %-d %b %Y %H:%M:%S %Z')`, `<h1 class="title mathjax"><span class="descriptor">Title:</span>`,
		`<td class="tablecell comments mathjax">`, `<td class="tablecell jref">`, `<td class="tablecell doi">`,
		`Journal&nbsp;reference:`, `<blockquote class="abstract mathjax">`,
	} {
		if !bytes.Contains(all, []byte(marker)) {
			t.Errorf("arXiv renderer no longer emits %q", marker)
		}
	}
	// The raw template is not a page: the reader must say so, not invent values.
	res := Extract(mkRecord(record.KindArXivAbs, "2405.04434", nil, "u", all))
	for _, o := range res.Observations {
		if o.Field == "version_date" {
			t.Errorf("version date read from a template: %+v", o)
		}
	}
	if len(res.Health) == 0 {
		t.Error("no health for a template without history")
	}
}

func TestAbsNotAPage(t *testing.T) {
	res := Extract(mkRecord(record.KindArXivAbs, "2405.04434", nil, "https://arxiv.org/abs/2405.04434", []byte("<html><body><p>Rate exceeded.</p></body></html>")))
	if len(res.Observations) != 0 || len(res.Health) != 1 || res.Health[0].Subject != "arxiv:2405.04434" {
		t.Errorf("got %+v", res)
	}
}

func FuzzExtractAtom(f *testing.F) {
	for _, p := range []string{"testdata/api_error.xml", "testdata/batch_missing.xml", worldDir + "/export.arxiv.org/api_query_id_list_2405.04434.http"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/1v</id></entry></feed>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		res := extracttest.ExtractWithin(t, 2*time.Second, Extract, mkRecord(record.KindArXivQuery, "2405.04434", []string{"2405.04434", "2501.12948"}, "u", body))
		for _, o := range res.Observations {
			if len(o.Evidence.Quote) > extract.MaxQuote {
				t.Fatalf("quote too long: %d", len(o.Evidence.Quote))
			}
		}
	})
}

func FuzzExtractAbs(f *testing.F) {
	for _, p := range []string{worldDir + "/arxiv.org/abs_2405.04434.http", worldDir + "/arxiv.org/abs_2501.12948.http"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<div class="submission-history"><strong>[v1]</strong> Tue, 7 May 2024 15:56:43 UTC (431 KB)<br/></div><h1 class="title">x</h1>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		extracttest.ExtractWithin(t, 2*time.Second, Extract, mkRecord(record.KindArXivAbs, "2405.04434", nil, "u", body))
	})
}

func BenchmarkExtractAtom(b *testing.B) {
	extracttest.Bench(b, Extract, worldRecord(b, filepath.Join(worldDir, "export.arxiv.org/api_query_id_list_2405.04434.http")))
}

func BenchmarkExtractAbs(b *testing.B) {
	extracttest.Bench(b, Extract, worldRecord(b, filepath.Join(worldDir, "arxiv.org/abs_2405.04434.http")))
}
