package docs

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/extracttest"
)

// siteRecord is a docs record of a non-default site: key (slug, or
// "site:slug"), its canonical URL, the role the catalog declares, and the
// body with its content type.
func siteRecord(key, url, role, contentType string, body []byte) record.Record {
	res := record.Resource{Source: record.SourceDocs, Kind: record.KindDocsPage, Key: key, URL: url, Role: role}
	return extracttest.Record(res, 200, contentType, body)
}

func frameFixture(t testing.TB, name string) []byte {
	return extracttest.ReadFile(t, filepath.Join("testdata", "frames", name))
}

// summary lists a result's observations as "field model value date" lines
// (subject too when it is not the page's own), sorted, for compact asserts.
func summary(res extract.Result, own string) []string {
	var out []string
	for _, o := range res.Observations {
		if o.Field == extract.FieldText {
			continue
		}
		line := o.Field
		if o.Subject != own {
			line += " @" + o.Subject
		}
		if o.Model != "" {
			line += " [" + o.Model + "]"
		}
		line += " " + o.Value
		if o.Date != nil {
			line += " " + o.Date.String()
		}
		if o.Quantity != nil {
			line += fmt.Sprintf(" =%g", o.Quantity.Value)
		}
		out = append(out, line)
	}
	sort.Strings(out)
	return out
}

func wantLines(t *testing.T, got, want []string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing %q in\n  %s", w, strings.Join(got, "\n  "))
		}
	}
}

func noLine(t *testing.T, got []string, bad *regexp.Regexp) {
	t.Helper()
	for _, g := range got {
		if bad.MatchString(g) {
			t.Errorf("unexpected %q", g)
		}
	}
}

func TestFrameDetection(t *testing.T) {
	t.Parallel()
	for file, want := range map[string]string{
		"mkdocs_release.html":      "mkdocs",
		"mintlify_changelog.html":  "mintlify",
		"nextra_models.html":       "next",
		"plain_lifecycle.html":     "html",
		"docusaurus_prefixed.html": "docusaurus",
	} {
		doc := mustDoc(t, frameFixture(t, file))
		if got := detectFrame(doc).name; got != want {
			t.Errorf("%s: frame %s, want %s", file, got, want)
		}
	}
}

// TestKindByContent: with no role and no telling slug, the content decides.
func TestKindByContent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file, ct, want string
	}{
		{"mkdocs_release.html", "text/html", pageNews},
		{"mintlify_changelog.html", "text/html", pageChangelog},
		{"nextra_models.html", "text/html", pagePricing},
		{"plain_lifecycle.html", "text/html", pageOther},
		{"keepachangelog.md", "text/markdown", pageChangelog},
		{"release_page.mdx", "text/markdown; charset=utf-8", pageChangelog},
	} {
		rec := siteRecord("whatever/page", "https://docs.acme.example/whatever/page", "", tc.ct, frameFixture(t, tc.file))
		body := rec.Body
		p := &page{rec: rec, slug: "whatever/page"}
		if isMarkdown(tc.ct, rec.URL, body) {
			body, p.fm = markdownToHTML(body)
		}
		p.doc = mustDoc(t, body)
		p.frame = detectFrame(p.doc)
		if strings.HasPrefix(tc.ct, "text/markdown") {
			p.frame = frameMarkdown
		}
		art, sel := p.frame.article(p.doc)
		p.artLoc = sel
		if got := p.kindByContent(art); got != tc.want {
			t.Errorf("%s: kind %s, want %s", tc.file, got, tc.want)
		}
	}
}

func TestMkDocsReleaseNote(t *testing.T) {
	t.Parallel()
	res := Extract(siteRecord("releases/orbit-2", "https://docs.acme.example/v2/releases/orbit-2", "", "text/html", frameFixture(t, "mkdocs_release.html")))
	got := summary(res, "docs:releases/orbit-2")
	wantLines(t, got, []string{
		"release_note Orbit 2 is available",
		"released 2025-03-04 2025-03-04",
		// The nav's dated links index the site's notes, slugs under the base.
		"release_note @docs:releases/orbit-1-5 Orbit 1.5 update 2024-11-18",
		"api_model_legacy [acme-orbit-1.5] The previous name acme-orbit-1.5 will be retired on June 30, 2025. 2025-06-30",
	})
	noLine(t, got, regexp.MustCompile(`status|Status`))
	if n := len(find(res, "docs:releases/orbit-2", catalog.FieldReleased, "")); n != 1 {
		t.Errorf("%d released observations; the page's agreeing dates give one", n)
	}
	locs := []string{}
	for _, o := range find(res, "docs:releases/orbit-2", catalog.FieldReleaseNote, "") {
		locs = append(locs, o.Evidence.Locator)
	}
	// The H1 and the page's own dated nav link.
	if !slices.Equal(locs, []string{`nav a[href="/v2/releases/orbit-2/"]`, "article.md-content__inner h1"}) {
		t.Errorf("title locators %q", locs)
	}
	if len(res.Health) != 0 {
		t.Errorf("health %+v", res.Health)
	}
}

func TestMintlifyChangelog(t *testing.T) {
	t.Parallel()
	for _, role := range []string{catalog.DocsRoleChangelog, ""} {
		res := Extract(siteRecord("whats-new", "https://acme.example/docs/whats-new", role, "text/html", frameFixture(t, "mintlify_changelog.html")))
		got := summary(res, "docs:whats-new")
		wantLines(t, got, []string{
			"changelog_entry Nova 3 Mini 2025-05-20",
			"changelog_entry Batch API 2025-02-11",
		})
		noLine(t, got, regexp.MustCompile(`2525`))
		if len(res.Health) != 1 || !strings.Contains(res.Health[0].Problem, "2525") {
			t.Errorf("role %q: health %+v, want the implausible 2525 heading", role, res.Health)
		}
	}
}

func TestNextModelTable(t *testing.T) {
	t.Parallel()
	for _, role := range []string{catalog.DocsRoleModels, ""} {
		res := Extract(siteRecord("docs/models", "https://acme.example/docs/models", role, "text/html", frameFixture(t, "nextra_models.html")))
		got := summary(res, "docs:docs/models")
		wantLines(t, got, []string{
			"api_model [nova-3] nova-3",
			"api_model [nova-3-mini] nova-3-mini",
			"api_model [nova-mini-latest] nova-mini-latest",
			"api_model [acme-embed-2] acme-embed-2",
			"context_length [nova-3] 128K =131072",
			"context_length [nova-3-mini] 64K =65536",
			"context_length [nova-mini-latest] 64K =65536",
		})
		// The display names are not API ids.
		noLine(t, got, regexp.MustCompile(`\[Nova 3`))
		if len(res.Health) != 0 {
			t.Errorf("health %+v", res.Health)
		}
	}
}

func TestPlainLifecycleTable(t *testing.T) {
	t.Parallel()
	res := Extract(siteRecord("lifecycle", "https://acme.example/lifecycle", "", "text/html", frameFixture(t, "plain_lifecycle.html")))
	got := summary(res, "docs:lifecycle")
	wantLines(t, got, []string{"api_model_legacy [nova-2] Retirement date: September 30, 2025 2025-09-30"})
	// No date announced gives nothing; a typo'd year is never a date; a
	// lifecycle table is no list of callable models.
	noLine(t, got, regexp.MustCompile(`nova-2-mini|nova-legacy|2525|^api_model `))
	if len(res.Health) != 1 || !strings.Contains(res.Health[0].Problem, "2525/06/06") {
		t.Errorf("health %+v", res.Health)
	}
}

func TestMarkdownChangelogs(t *testing.T) {
	t.Parallel()
	res := Extract(siteRecord("changelog", "https://acme.example/changelog", "", "text/markdown", frameFixture(t, "keepachangelog.md")))
	got := summary(res, "docs:changelog")
	wantLines(t, got, []string{"changelog_entry [2.1.0] 2025-04-17", "changelog_entry [1.0.0] 2022-01-01"})
	// A version section dates the package, not the models it mentions.
	noLine(t, got, regexp.MustCompile(`\[Nova`))

	res = Extract(siteRecord("changelog/2025-06-30", "https://acme.example/changelog/2025-06-30.mdx", "", "", frameFixture(t, "release_page.mdx")))
	got = summary(res, "docs:changelog/2025-06-30")
	wantLines(t, got, []string{
		"changelog_entry [Nova-4] We released Nova-4 ( nova-4 ), our new flagship model. The older endpoint nova-3-preview will be retired on September 30, 2025. 2025-06-30",
		"api_model_legacy [nova-3-preview] The older endpoint nova-3-preview will be retired on September 30, 2025. 2025-09-30",
	})
}

func TestDocusaurusUnderABasePath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ key, role string }{
		{"release-notes/nova-3", catalog.DocsRoleReleaseNotes},
		{"acme:release-notes/nova-3", catalog.DocsRoleReleaseNotes},
		// No role: the breadcrumb and the page's own dated sidebar link
		// make it a release note.
		{"release-notes/nova-3", ""},
	} {
		key := tc.key
		prefix := strings.TrimSuffix(key, "release-notes/nova-3")
		own := "docs:" + key
		res := Extract(siteRecord(key, "https://docs.acme.example/v2/release-notes/nova-3", tc.role, "text/html", frameFixture(t, "docusaurus_prefixed.html")))
		got := summary(res, own)
		wantLines(t, got, []string{
			"release_note Nova 3 Release",
			"released 2025-05-20 2025-05-20",
			"release_note @docs:" + prefix + "release-notes/nova-2 Nova 2 Release 2024-01-09",
		})
		if len(res.Health) != 0 {
			t.Errorf("%s: health %+v", key, res.Health)
		}
	}
}

func TestIsMarkdown(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ct, url, body string
		want          bool
	}{
		{"text/markdown", "https://x.example/a", "<p>hi</p>", true},
		{"text/html", "https://x.example/a.md", "# hi", false},
		{"", "https://x.example/a.mdx", "hello", true},
		{"", "https://x.example/a", "<!doctype html><html>", false},
		{"text/plain", "https://x.example/a", "---\ndate: 2024-01-01\n---\n- x", true},
		{"text/plain", "https://x.example/a", "just words", false},
	} {
		if got := isMarkdown(tc.ct, tc.url, []byte(tc.body)); got != tc.want {
			t.Errorf("isMarkdown(%q, %q, %q) = %v", tc.ct, tc.url, tc.body, got)
		}
	}
}

func TestFrontMatterNeverExpandsAliases(t *testing.T) {
	t.Parallel()
	fm := readFrontMatter([]byte("a: &a [x, x, x]\nb: &b [*a, *a, *a]\ntitle: T\ndate: 2024-05-06\n"))
	if fm.Title != "T" || fm.Date != "2024-05-06" {
		t.Errorf("front matter %+v", fm)
	}
}

func TestDateIn(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"May 20, 2025":         "2025-05-20",
		"[1.2.0] - 2024-02-26": "2024-02-26",
		"Date: 2025/09/29":     "2025-09-29",
		"3 March 2025":         "2025-03-03",
		"Sept 2024 update":     "2024-09",
		"2525/06/06":           "",
		"2024-02-30":           "",
		"version 24.07":        "",
		"released 2024年12月26日": "2024-12-26",
	} {
		d, _, _, ok := dateIn(in)
		got := ""
		if ok {
			got = d.String()
		}
		if got != want {
			t.Errorf("dateIn(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzExtractAnyFrame: any body, as HTML or Markdown, with or without a
// role, never panics; every observation is of the page or a page of its
// site, and every dated observation has a plausible year.
func FuzzExtractAnyFrame(f *testing.F) {
	for _, name := range []string{"mkdocs_release.html", "mintlify_changelog.html", "nextra_models.html", "plain_lifecycle.html", "keepachangelog.md", "release_page.mdx", "docusaurus_prefixed.html", "mintlify_updates.mdx", "mintlify_updates_rendered.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", "frames", name))
		if err == nil {
			f.Add(b, strings.HasSuffix(name, ".html"), "")
			f.Add(b, !strings.HasSuffix(name, ".html"), catalog.DocsRoleChangelog)
		}
	}
	f.Add([]byte("---\ntitle: &a x\ndate: *a\n---\n# T\n"), false, catalog.DocsRoleReleaseNotes)
	f.Fuzz(func(t *testing.T, body []byte, html bool, role string) {
		ct := "text/markdown"
		if html {
			ct = "text/html"
		}
		res := Extract(siteRecord("s:a/b", "https://docs.acme.example/v2/a/b", role, ct, body))
		for _, o := range res.Observations {
			if !strings.HasPrefix(o.Subject, "docs:s:") {
				t.Fatalf("observation of %q", o.Subject)
			}
			if o.Date != nil && (o.Date.Year < minYear || o.Date.Year > maxYear) {
				if o.Field != catalog.FieldReleased { // a slug date is checked by the slug's own rules
					t.Fatalf("implausible date %v in %+v", o.Date, o)
				}
			}
		}
	})
}

// --- real pages (../shared), skipped when absent ---------------------------

func sharedDir(t *testing.T, rel string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "..", "shared", rel)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("%s absent (a fresh clone has no ../shared)", dir)
	}
	return dir
}

// TestRealDocusaurusMirrorAsMarkdown reads the pandoc'd copies of the
// official zh-cn docs pages: every news page gives the release date the
// corpus's NEWS_INDEX.tsv lists for its slug, and the change log gives one
// entry per "时间:" section heading of the file.
func TestRealDocusaurusMirrorAsMarkdown(t *testing.T) {
	dir := sharedDir(t, "corpus/apidocs")
	index := map[string]string{}
	f, err := os.Open(filepath.Join(dir, "NEWS_INDEX.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) > 4 && strings.HasPrefix(cols[0], "news") && len(cols[4]) >= 10 {
			index[cols[0]] = cols[4][:10]
		}
	}
	mirror := filepath.Join(dir, "mirror_zh-cn_WindGraham_2026-01-30")
	files, _ := filepath.Glob(filepath.Join(mirror, "news-news*.md"))
	if len(files) == 0 {
		t.Skip("no mirrored news pages")
	}
	checked := 0
	defer func() { t.Logf("%d mirrored news pages checked against NEWS_INDEX.tsv", checked) }()
	for _, file := range files {
		slug := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "news-"), ".md")
		want, ok := index[slug]
		if !ok {
			continue
		}
		checked++
		body, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		key := "zh-cn/news/" + slug
		res := Extract(siteRecord(key, "https://api-docs.deepseek.com/"+key, catalog.DocsRoleReleaseNotes, "text/markdown", body))
		var dates []string
		for _, o := range find(res, "docs:"+key, catalog.FieldReleased, "") {
			dates = append(dates, o.Date.String())
		}
		if !slices.Contains(dates, want) {
			t.Errorf("%s: released %v, want %s", slug, dates, want)
		}
		if len(find(res, "docs:"+key, catalog.FieldReleaseNote, "")) == 0 {
			t.Errorf("%s: no title", slug)
		}
	}

	body, err := os.ReadFile(filepath.Join(mirror, "updates.md"))
	if err != nil {
		t.Skip("no mirrored change log")
	}
	headRe := regexp.MustCompile(`(?m)^## (?:时间|日期|Date)\s*[:：]\s*(\d{4}-\d{2}-\d{2})`)
	var want []string
	for _, m := range headRe.FindAllSubmatch(body, -1) {
		want = append(want, string(m[1]))
	}
	res := Extract(siteRecord("zh-cn/updates", "https://api-docs.deepseek.com/zh-cn/updates", "", "text/markdown", body))
	var got []string
	for _, o := range find(res, "docs:zh-cn/updates", extract.FieldChangelogEntry, "") {
		if o.Model == "" {
			got = append(got, o.Date.String())
		}
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("change log sections %v, want %v", got, want)
	}
	t.Logf("change log: %d dated sections, as the file's headings", len(got))
}

// TestRealModelOverviewTables reads two revisions of a vendor's models
// overview (Markdown): the legacy table's retirement dates are read by
// header, not position (the columns moved between revisions), the typo'd
// year 2525 is never a date, and the model tables give API ids with their
// context lengths.
func TestRealModelOverviewTables(t *testing.T) {
	dir := sharedDir(t, "corpus-more/mistral/docs")
	read := func(name string) extract.Result {
		body, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("%s: %v", name, err)
		}
		return Extract(siteRecord("getting-started/models/overview", "https://docs.mistral.example/getting-started/models/overview", "", "text/markdown", body))
	}
	legacy := func(res extract.Result, id string) string {
		for _, o := range res.Observations {
			if o.Field == extract.FieldAPIModelLegacy && o.Model == id && o.Date != nil {
				return o.Date.String()
			}
		}
		return ""
	}
	newer := read("platform-docs-public__docs_getting-started_models_overview.md@2025-10-03.md")
	older := read("platform-docs-public__docs_getting-started_models_overview.md@2024-11-25.md")
	for _, tc := range []struct {
		res       extract.Result
		id, want  string
		revision  string
		healthFor string
	}{
		{newer, "open-mistral-7b", "2025-03-30", "2025-10-03", ""},
		{newer, "mistral-medium-2312", "2025-06-16", "2025-10-03", ""},
		{older, "mistral-medium-2312", "2025-03-30", "2024-11-25", ""},
		{newer, "open-codestral-mamba", "", "2025-10-03", "2525"},
	} {
		if got := legacy(tc.res, tc.id); got != tc.want {
			t.Errorf("%s %s: retirement %q, want %q", tc.revision, tc.id, got, tc.want)
		}
		if tc.healthFor != "" {
			found := false
			for _, h := range tc.res.Health {
				found = found || strings.Contains(h.Problem, tc.healthFor)
			}
			if !found {
				t.Errorf("%s: no health for the %s typo (health %+v)", tc.revision, tc.healthFor, tc.res.Health)
			}
		}
	}
	ctx := ""
	for _, o := range newer.Observations {
		if o.Field == catalog.FieldContextLength && o.Model == "open-mistral-nemo" && o.Quantity != nil {
			ctx = fmt.Sprint(o.Quantity.Value)
		}
	}
	if ctx != "131072" {
		t.Errorf("open-mistral-nemo context %q, want 131072 (128k)", ctx)
	}
	for _, o := range newer.Observations {
		if o.Field == catalog.FieldAPIModel && (o.Model == "open-codestral-mamba" || o.Model == "open-mistral-7b") {
			t.Errorf("a legacy-table model read as a current API model: %+v", o)
		}
	}
}

// TestRealChangelogs: a dated release page (MDX with front matter) dates its
// models and carries the retirement it announces; package change logs
// (keepachangelog) date package versions, never the models they mention.
func TestRealChangelogs(t *testing.T) {
	dir := sharedDir(t, "corpus-more")
	mdx := filepath.Join(dir, "mistral", "changelog", "platform-docs-public__changelog_en_2026-06-30.mdx")
	if body, err := os.ReadFile(mdx); err == nil {
		res := Extract(siteRecord("changelog/2026-06-30", "https://docs.mistral.example/changelog/2026-06-30", "", "", body))
		var sectionDate, retire string
		for _, o := range res.Observations {
			switch {
			case o.Field == extract.FieldChangelogEntry && o.Model == "" && o.Date != nil:
				sectionDate = o.Date.String()
			case o.Field == extract.FieldAPIModelLegacy && o.Date != nil:
				retire = o.Model + " " + o.Date.String()
			}
		}
		if sectionDate != "2026-06-30" {
			t.Errorf("release page date %q, want the front matter's 2026-06-30", sectionDate)
		}
		if retire != "labs-leanstral-1-5 2026-09-30" {
			t.Errorf("retirement %q, want labs-leanstral-1-5 2026-09-30", retire)
		}
	}
	for _, tc := range []struct{ file, version, date string }{
		{filepath.Join(dir, "gemma", "changelog", "google-deepmind__gemma__CHANGELOG.md"), "4.0.0", "2026-04-17"},
		{filepath.Join(dir, "olmo", "changelog", "allenai__OLMo__CHANGELOG.md"), "v0.6.0", "2024-12-17"},
	} {
		body, err := os.ReadFile(tc.file)
		if err != nil {
			continue
		}
		res := Extract(siteRecord("CHANGELOG.md", "https://example.org/CHANGELOG.md", "", "", body))
		found := false
		for _, o := range res.Observations {
			if o.Field != extract.FieldChangelogEntry {
				continue
			}
			if o.Model != "" {
				t.Errorf("%s: a package version dated model %q (%s)", filepath.Base(tc.file), o.Model, o.Date)
			}
			if strings.HasPrefix(o.Value, tc.version) && o.Date != nil && o.Date.String() == tc.date {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no %s section dated %s in %v", filepath.Base(tc.file), tc.version, tc.date, summary(res, ""))
		}
	}
}

func mustDoc(t testing.TB, body []byte) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestMintlifyUpdateComponents: Mintlify change logs written with <Update>
// components, as MDX source: each dated label is a section; a version
// description dates the package, not the models it names; an undated label
// is no section.
func TestMintlifyUpdateComponents(t *testing.T) {
	t.Parallel()
	res := Extract(siteRecord("changelog", "https://docs.acme.example/changelog.mdx", "", "", frameFixture(t, "mintlify_updates.mdx")))
	got := summary(res, "docs:changelog")
	wantLines(t, got, []string{
		// MDX keeps the lines right after <Update> as raw text: the
		// description is the value.
		"changelog_entry Nova-3 launch 2025-04-02",
		"changelog_entry v1.4.0 2025-03",
	})
	noLine(t, got, regexp.MustCompile(`Roadmap|\[Nova-2\]`))
}

// TestMintlifyUpdateComponentsRendered: the same components as a rendered
// Mintlify page: the label and description live in data-component-part
// children of an .update-container.
func TestMintlifyUpdateComponentsRendered(t *testing.T) {
	t.Parallel()
	res := Extract(siteRecord("changelog", "https://docs.acme.example/changelog", "", "text/html", frameFixture(t, "mintlify_updates_rendered.html")))
	got := summary(res, "docs:changelog")
	wantLines(t, got, []string{
		"changelog_entry Nova-3 launch: Nova-3 2025-04-02",
		"changelog_entry v1.3.0 2025-01-15",
	})
	noLine(t, got, regexp.MustCompile(`\[Nova-2\]|\[Nova-3\]`))
	if len(res.Health) != 0 {
		t.Errorf("health %+v", res.Health)
	}
}
