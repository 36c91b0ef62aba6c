package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/normalize"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/extracttest"
)

const worldDir = "../../../testdata/world/api-docs.deepseek.com"

func mkRecord(slug string, body []byte) record.Record {
	url := "https://api-docs.deepseek.com/" + slug
	return extracttest.Record(record.Resource{Source: record.SourceDocs, Kind: record.KindDocsPage, Key: slug, URL: url}, 200, "text/html; charset=utf-8", body)
}

func worldRecord(t testing.TB, name string) record.Record {
	url, _, body := extracttest.ReadExchange(t, filepath.Join(worldDir, name))
	return mkRecord(strings.TrimPrefix(url, "https://api-docs.deepseek.com/"), body)
}

func fixture(t testing.TB, name, slug string) record.Record {
	return mkRecord(slug, extracttest.ReadFile(t, filepath.Join("testdata", name)))
}

// find returns the observations for field, of subject and model when not "".
func find(res extract.Result, subject, field, model string) []extract.Observation {
	return extracttest.Filter(res, func(o extract.Observation) bool {
		return (subject == "" || o.Subject == subject) && o.Field == field && (model == "" || o.Model == model)
	})
}

func one(t *testing.T, res extract.Result, subject, field, model string) extract.Observation {
	t.Helper()
	return extracttest.One(t, find(res, subject, field, model), subject+" "+field+" "+model)
}

func TestGoldenWorld(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(worldDir, "*.http"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no world files: %v", err)
	}
	sort.Strings(files)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".http")
		if strings.HasPrefix(name, "robots") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			res := Extract(worldRecord(t, filepath.Base(f)))
			if len(res.Health) != 0 {
				t.Errorf("health on world data: %+v", res.Health)
			}
			extracttest.Golden(t, name, res)
		})
	}
}

func TestGoldenFixtures(t *testing.T) {
	for _, tc := range []struct{ file, slug string }{
		{"home_v4_preview.html", ""},
		{"news_date_disagreement.html", "news/news250325"},
		{"pricing_v32exp.html", "quick_start/pricing"},
		{"pricing_no_table.html", "quick_start/pricing"},
		{"updates_zh.html", "zh-cn/updates"},
		{"not_docusaurus.html", "news/news1226"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			extracttest.Golden(t, strings.TrimSuffix(tc.file, ".html"), Extract(fixture(t, tc.file, tc.slug)))
		})
	}
}

func TestNewsPage(t *testing.T) {
	for _, tc := range []struct {
		file, title, date string
	}{
		{"news_news1226.http", "Introducing DeepSeek-V3", "2024-12-26"},
		{"news_news250120.http", "DeepSeek-R1 Release", "2025-01-20"},
		{"news_news260424.http", "DeepSeek V4 Preview Release", "2026-04-24"},
		{"news_news0725.http", "New API Features", "2024-07-25"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rec := worldRecord(t, tc.file)
			res := Extract(rec)
			subj := "docs:" + rec.Resource.Key
			h1 := find(res, subj, "release_note", "")
			// The page's own H1 plus its own sidebar entry.
			if len(h1) != 2 {
				t.Fatalf("release_note observations for %s: %+v", subj, h1)
			}
			if h1[0].Value != tc.title && h1[1].Value != tc.title {
				t.Errorf("title = %q / %q, want %q", h1[0].Value, h1[1].Value, tc.title)
			}
			rel := one(t, res, subj, "released", "")
			if rel.Date == nil || rel.Date.String() != tc.date {
				t.Errorf("released = %+v, want %s", rel.Date, tc.date)
			}
		})
	}
}

func TestNewsDateDisagreement(t *testing.T) {
	res := Extract(fixture(t, "news_date_disagreement.html", "news/news250325"))
	rel := find(res, "docs:news/news250325", "released", "")
	got := map[string]string{}
	for _, o := range rel {
		got[o.Date.String()] = o.Evidence.Locator
	}
	if len(got) != 2 || !strings.Contains(got["2025-03-24"], "breadcrumbs") || !strings.Contains(got["2025-03-25"], "menu__link") {
		t.Errorf("disagreeing dates not both reported: %v", got)
	}
}

func TestSidebarIndex(t *testing.T) {
	res := Extract(worldRecord(t, "quick_start_pricing.http"))
	notes := map[string]string{}
	for _, o := range res.Observations {
		if o.Field == "release_note" {
			notes[o.Subject] = o.Date.String() + " " + o.Value
		}
	}
	want := map[string]string{
		"docs:news/news0725":   "2024-07-25 New API Features",
		"docs:news/news1226":   "2024-12-26 Introducing DeepSeek-V3",
		"docs:news/news250929": "2025-09-29 DeepSeek-V3.2-Exp Release",
		"docs:news/news260424": "2026-04-24 DeepSeek V4 Preview Release",
		"docs:news/news260821": "2026-08-21 DeepSeek-V4-Flash-Vision-Exp Release",
	}
	for k, v := range want {
		if notes[k] != v {
			t.Errorf("sidebar %s = %q, want %q", k, notes[k], v)
		}
	}
	if len(notes) != 18 {
		t.Errorf("sidebar lists %d notes, want 18", len(notes))
	}
}

func TestPricingLatest(t *testing.T) {
	res := Extract(worldRecord(t, "quick_start_pricing.http"))
	subj := "docs:quick_start/pricing"
	var models []string
	for _, o := range find(res, subj, "api_model", "") {
		models = append(models, o.Value)
	}
	if strings.Join(models, ",") != "deepseek-flash,deepseek-v4-pro" {
		t.Errorf("api models = %v", models)
	}
	for _, m := range []string{"deepseek-flash", "deepseek-v4-pro"} {
		if q := one(t, res, subj, "context_length", m).Quantity; q == nil || q.Value != 1048576 {
			t.Errorf("%s context = %+v", m, q)
		}
		if q := one(t, res, subj, "max_output", m).Quantity; q == nil || q.Value != 393216 {
			t.Errorf("%s max output = %+v", m, q)
		}
	}
	if v := one(t, res, subj, "model_name", "deepseek-flash").Value; v != "DeepSeek-V4.1-Flash-1017" {
		t.Errorf("flash version = %q", v)
	}
	if v := one(t, res, subj, "model_name", "deepseek-v4-pro").Value; v != "DeepSeek-V4-Pro-0813" {
		t.Errorf("pro version = %q", v)
	}
	for _, m := range []string{"deepseek-v4-flash", "deepseek-v4-flash-vision-exp"} {
		o := one(t, res, subj, "api_model_retired", m)
		if o.Value != "served by DeepSeek-V4.1-Flash-1017" {
			t.Errorf("%s retired value = %q", m, o.Value)
		}
	}
	if n := len(find(res, subj, "api_model_retired", "deepseek-flash")); n != 0 {
		t.Error("the current name was reported retired")
	}
	for _, m := range []string{"deepseek-chat", "deepseek-reasoner"} {
		if n := len(find(res, subj, "api_model", m)); n != 0 {
			t.Errorf("%s listed on the late-2026 pricing page", m)
		}
	}
}

func TestPricingPerModelOutput(t *testing.T) {
	res := Extract(fixture(t, "pricing_v32exp.html", "quick_start/pricing"))
	subj := "docs:quick_start/pricing"
	for m, want := range map[string]float64{"deepseek-chat": 8192, "deepseek-reasoner": 65536} {
		if q := one(t, res, subj, "max_output", m).Quantity; q == nil || q.Value != want {
			t.Errorf("%s max output = %+v, want %v", m, q, want)
		}
		if q := one(t, res, subj, "context_length", m).Quantity; q == nil || q.Value != 131072 {
			t.Errorf("%s context = %+v", m, q)
		}
	}
	if v := one(t, res, subj, "model_name", "deepseek-reasoner").Value; v != "DeepSeek-V3.2-Exp (Thinking Mode)" {
		t.Errorf("version = %q", v)
	}
}

func TestPricingWithoutTableIsHealth(t *testing.T) {
	res := Extract(fixture(t, "pricing_no_table.html", "quick_start/pricing"))
	if len(find(res, "", "api_model", "")) != 0 {
		t.Error("api models from a page without a table")
	}
	if len(res.Health) == 0 || res.Health[0].Field != "api_model" {
		t.Errorf("health = %+v", res.Health)
	}
}

func TestLegacyNotes(t *testing.T) {
	for _, tc := range []struct {
		name string
		rec  record.Record
		subj string
	}{
		{"home", fixture(t, "home_v4_preview.html", ""), "docs:"},
		{"news260424", worldRecord(t, "news_news260424.http"), "docs:news/news260424"},
		{"updates", worldRecord(t, "updates.http"), "docs:updates"},
		{"updates_zh", fixture(t, "updates_zh.html", "zh-cn/updates"), "docs:zh-cn/updates"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Extract(tc.rec)
			for _, m := range []string{"deepseek-chat", "deepseek-reasoner"} {
				o := one(t, res, tc.subj, "api_model_legacy", m)
				if o.Date == nil || o.Date.String() != "2026-07-24" {
					t.Errorf("%s retirement date = %+v", m, o.Date)
				}
				if !strings.Contains(o.Value, "deepseek-v4-flash") {
					t.Errorf("%s mapping missing from %q", m, o.Value)
				}
			}
			if n := len(find(res, tc.subj, "api_model_legacy", "deepseek-v4-flash")); n != 0 {
				t.Error("the routing target was reported as legacy")
			}
		})
	}
}

func TestChangelog(t *testing.T) {
	res := Extract(worldRecord(t, "updates.http"))
	var entries []extract.Observation
	for _, o := range find(res, "docs:updates", "changelog_entry", "") {
		if o.Model == "" {
			entries = append(entries, o)
		}
	}
	if len(entries) != 21 {
		t.Errorf("%d change-log sections, want 21", len(entries))
	}
	// A section headed by the API name names its model in the text: one more
	// entry with that Model, the same Value and date, quoting the sentence.
	m := one(t, res, "docs:updates", "changelog_entry", "DeepSeek-V3-0324")
	if m.Date.String() != "2025-03-24" || m.Value != "deepseek-chat" || !strings.Contains(m.Evidence.Quote, "upgraded to DeepSeek-V3-0324") {
		t.Errorf("2025-03-24 model entry = %s %q %q", m.Date, m.Value, m.Evidence.Quote)
	}
	// Models the headings already name, and API ids, get no entry of their own.
	for _, o := range find(res, "docs:updates", "changelog_entry", "") {
		if o.Model != "" && (normalize.MentionsName(o.Value, o.Model) || strings.ToLower(o.Model) == o.Model) {
			t.Errorf("%s: model entry %q repeats the heading %q or is an API id", o.Date, o.Model, o.Value)
		}
	}
	v4 := map[string]bool{}
	for _, o := range find(res, "docs:updates", "changelog_entry", "") {
		if o.Date.String() == "2026-04-24" {
			v4[o.Model] = true
		}
	}
	if !v4["DeepSeek-V4-Pro"] || !v4["DeepSeek-V4-Flash"] || !v4[""] || len(v4) != 3 {
		t.Errorf("2026-04-24 entries: %v, want the section and V4-Pro, V4-Flash", v4)
	}
	first, last := entries[0], entries[len(entries)-1]
	if first.Date.String() != "2026-09-10" || first.Value != "DeepSeek-V4.1-Flash" {
		t.Errorf("first = %s %q", first.Date, first.Value)
	}
	if last.Date.String() != "2024-05-17" {
		t.Errorf("last = %s", last.Date)
	}
	for _, o := range entries {
		if o.Date.String() == "2025-12-01" && o.Value != "DeepSeek-V3.2; DeepSeek-V3.2-Speciale" {
			t.Errorf("2025-12-01 = %q", o.Value)
		}
		if strings.Contains(o.Value, "\u200b") {
			t.Errorf("zero-width space kept in %q", o.Value)
		}
	}
	zh := Extract(fixture(t, "updates_zh.html", "zh-cn/updates"))
	var dates []string
	for _, o := range find(zh, "", "changelog_entry", "") {
		if o.Model == "" {
			dates = append(dates, o.Date.String())
		}
	}
	if strings.Join(dates, ",") != "2025-12-01,2024-12-10,2026-04-24" {
		t.Errorf("zh dates = %v", dates)
	}
}

// TestNotDocusaurus: a maintenance page served at a release note's address
// is read as plain HTML — its text only: it states no date of its own, so it
// gives no release note title and no date (a health problem says why).
func TestNotDocusaurus(t *testing.T) {
	for _, role := range []string{"", catalog.DocsRoleReleaseNotes} {
		rec := fixture(t, "not_docusaurus.html", "news/news1226")
		rec.Resource.Role = role
		res := Extract(rec)
		for _, o := range res.Observations {
			if o.Field != extract.FieldText {
				t.Errorf("role %q: maintenance page gave %s %q", role, o.Field, o.Value)
			}
		}
		// Declared a release note, the page's missing date is a problem;
		// undeclared, it is just a page.
		if want := map[string]int{"": 0, catalog.DocsRoleReleaseNotes: 1}[role]; len(res.Health) != want {
			t.Errorf("role %q: health %+v, want %d problems", role, res.Health, want)
		}
	}
}

func TestSplitLabelAndSlugDate(t *testing.T) {
	for _, tc := range []struct{ in, title, date string }{
		{"DeepSeek-V3.2-Exp Release 2025/09/29", "DeepSeek-V3.2-Exp Release", "2025-09-29"},
		{"DeepSeek-V3.2 正式版发布\n        2025/12/01", "DeepSeek-V3.2 正式版发布", "2025-12-01"},
		{"News", "News", ""},
		{"Bad 2025/13/45", "Bad 2025/13/45", ""},
	} {
		title, d := splitLabel(tc.in)
		ds := ""
		if d != nil {
			ds = d.String()
		}
		if title != tc.title || ds != tc.date {
			t.Errorf("splitLabel(%q) = %q, %q", tc.in, title, ds)
		}
	}
	for _, tc := range []struct {
		slug string
		year int
		want string
	}{
		{"news/news250120", 0, "2025-01-20"},
		{"news/news1226", 2024, "2024-12-26"},
		{"news/news1226", 0, ""},
		{"zh-cn/news/news260424", 0, "2026-04-24"},
		{"news/news251340", 0, ""},
		{"updates", 0, ""},
	} {
		d, ok := slugDate(tc.slug, tc.year)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tc.want {
			t.Errorf("slugDate(%q, %d) = %q, want %q", tc.slug, tc.year, got, tc.want)
		}
	}
}

func corpusDir(t testing.TB) string { return extracttest.Corpus(t, "apidocs") }

// TestCorpusMirror runs the heading and label logic over the real (pandoc'd)
// zh-cn pages and checks the world data covers what they state.
func TestCorpusMirror(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "mirror_zh-cn_WindGraham_2026-01-30")
	raw := extracttest.ReadFile(t, filepath.Join(dir, "updates.md"))
	anchor := regexp.MustCompile(`\[\x{200b}?\]\(.*$`)
	var mirrorDates []string
	for _, line := range strings.Split(string(raw), "\n") {
		if !strings.HasPrefix(line, "## ") {
			continue
		}
		heading := extract.NormalizeSpace(anchor.ReplaceAllString(strings.TrimPrefix(line, "## "), ""))
		m := changelogDateRe.FindStringSubmatch(heading)
		if m == nil {
			t.Errorf("real change-log heading not recognised: %q", heading)
			continue
		}
		mirrorDates = append(mirrorDates, m[1])
	}
	if len(mirrorDates) < 15 {
		t.Fatalf("only %d headings recognised", len(mirrorDates))
	}
	world := map[string]bool{}
	for _, o := range find(Extract(worldRecord(t, "updates.http")), "", "changelog_entry", "") {
		world[o.Date.String()] = true
	}
	for _, d := range mirrorDates {
		if !world[d] {
			t.Errorf("world change log lacks the %s entry the official zh-cn page has", d)
		}
	}
	// Sidebar labels of the real zh-cn pages: "Title\n    YYYY/MM/DD](/zh-cn/news/newsNNNN)".
	label := regexp.MustCompile(`(?s)\[([^\[\]]+?\d{4}/\d{2}/\d{2})\]\(/zh-cn/(news/news\d+)\)`)
	worldNotes := map[string]string{}
	for _, o := range find(Extract(worldRecord(t, "updates.http")), "", "release_note", "") {
		worldNotes[strings.TrimPrefix(o.Subject, "docs:")] = o.Date.String()
	}
	slugs := map[string]bool{}
	for _, m := range label.FindAllStringSubmatch(string(raw), -1) {
		_, d := splitLabel(m[1])
		if d == nil {
			t.Errorf("real label %q has no date", m[1])
			continue
		}
		slugs[m[2]] = true
		if got, _ := slugDate(m[2], d.Year); got == nil || got.String() != d.String() {
			t.Errorf("slug %s disagrees with its real label %q", m[2], m[1])
		}
		if worldNotes[m[2]] != d.String() {
			t.Errorf("world sidebar: %s = %q, official label says %s", m[2], worldNotes[m[2]], d)
		}
	}
	if len(slugs) != 14 {
		t.Errorf("%d real sidebar news slugs, want 14", len(slugs))
	}
}

func FuzzExtractDocs(f *testing.F) {
	for _, p := range []string{worldDir + "/quick_start_pricing.http", worldDir + "/updates.http", worldDir + "/news_news260424.http", "testdata/updates_zh.html", "testdata/home_v4_preview.html"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, "quick_start/pricing")
			f.Add(b, "news/news260424")
			f.Add(b, "updates")
		}
	}
	f.Add([]byte(`<div id="__docusaurus"><table><tr><td colspan="999" rowspan="999">MODEL</td><td>x</td></tr></table></div>`), "quick_start/pricing")
	f.Fuzz(func(t *testing.T, body []byte, slug string) {
		res := extracttest.ExtractWithin(t, 3*time.Second, Extract, mkRecord(slug, body))
		for _, o := range res.Observations {
			if len(o.Evidence.Quote) > extract.MaxQuote {
				t.Fatalf("quote too long: %d", len(o.Evidence.Quote))
			}
		}
	})
}

func benchmark(b *testing.B, name string) { extracttest.Bench(b, Extract, worldRecord(b, name)) }

func BenchmarkExtractDocsNews(b *testing.B)      { benchmark(b, "news_news260424.http") }
func BenchmarkExtractDocsPricing(b *testing.B)   { benchmark(b, "quick_start_pricing.http") }
func BenchmarkExtractDocsChangelog(b *testing.B) { benchmark(b, "updates.http") }
