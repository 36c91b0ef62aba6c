package catalog

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// docsHdr is a valid head without docs sites (lines 1-6); cases add
// docs_sites from line 7, then entries.
const docsHdr = `name: T
as_of: 2026-05-10
organisations:
  github: [acme]
  huggingface: [acme]
hosts: [docs.acme.example, blog.acme.example, github.com]
`

func TestDocsSitesLint(t *testing.T) {
	t.Parallel()
	entry := func(docs string) string {
		return "entries:\n  - id: e1\n    kind: model\n    name: E\n    sources:\n      docs: " + docs + "\n"
	}
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"one site, plain slugs", docsHdr + "docs_sites:\n  - base: https://docs.acme.example/\n" + entry("[changelog, models/overview]"), nil},
		{"slug without a docs site", docsHdr + "sources:\n  docs: [updates]\n" + entry("[news/a]"), []string{
			`t.yaml:8:10: sources.docs[0]: docs slug "updates" but the catalog declares no docs site: add docs_sites: [{base: https://…}] (its host must be on hosts)`,
			`t.yaml:14:14: entries[0].sources.docs[0]: docs slug "news/a" but the catalog declares no docs site: add docs_sites: [{base: https://…}] (its host must be on hosts)`,
		}},
		{"site host not in hosts", docsHdr + "docs_sites:\n  - base: https://api-docs.other.example\n" + entry("[x]"), []string{
			`t.yaml:8:11: docs_sites[0].base: docs site host "api-docs.other.example" is not on the allow-list (hosts): add it to hosts, or its pages will not be fetched`,
		}},
		{"site host checked wherever the key stands", docsHdr + entry("[x]") + "docs_sites: [{base: https://evil.example/docs}]\n", []string{
			`t.yaml:13:21: docs_sites[0].base: docs site host "evil.example" is not on the allow-list (hosts): add it to hosts, or its pages will not be fetched`,
		}},
		{"malformed bases", docsHdr + "docs_sites:\n" +
			"  - {name: a, base: ftp://docs.acme.example}\n" +
			"  - {name: b, base: 'https://docs.acme.example:8443'}\n" +
			"  - {name: c, base: 'https://docs.acme.example/?x=1'}\n" +
			"  - {name: d, base: 'http://127.0.0.1/docs'}\n" +
			"  - {name: e, base: 'https://user@docs.acme.example'}\n" +
			"  - {name: f, base: 'https://docs.acme.example/a/../b'}\n" +
			entry("[x]"), []string{
			`t.yaml:8:21: docs_sites[0].base: URL "ftp://docs.acme.example" must use https`,
			`t.yaml:9:21: docs_sites[1].base: URL "https://docs.acme.example:8443" must not carry a port`,
			`t.yaml:10:21: docs_sites[2].base: docs site base "https://docs.acme.example/?x=1" must not carry a query or fragment`,
			`t.yaml:11:21: docs_sites[3].base: URL "http://127.0.0.1/docs" must use https, not http (a catalog cites pages over https only)`,
			`t.yaml:12:21: docs_sites[4].base: URL "https://user@docs.acme.example" must not carry user info`,
			`t.yaml:13:21: docs_sites[5].base: docs site base "https://docs.acme.example/a/../b" has a malformed path`,
		}},
		{"several sites need names", docsHdr + "docs_sites:\n  - base: https://docs.acme.example\n  - base: https://blog.acme.example\n" + entry("[x]"), []string{
			`t.yaml:8:5: docs_sites[0].name: missing required field (with several docs sites each needs a name, used as name:slug)`,
			`t.yaml:9:5: docs_sites[1].name: missing required field (with several docs sites each needs a name, used as name:slug)`,
		}},
		{"duplicate names and bases", docsHdr + "docs_sites:\n  - {name: a, base: https://docs.acme.example}\n  - {name: a, base: https://docs.acme.example/}\n" + entry("[x]"), []string{
			`t.yaml:9:12: docs_sites[1].name: duplicate docs site name "a" (first at t.yaml:8:12)`,
			`t.yaml:9:21: docs_sites[1].base: duplicate docs site base "https://docs.acme.example/" (first at t.yaml:8:21)`,
		}},
		{"unknown site in a slug", docsHdr + "docs_sites:\n  - {name: api, base: https://docs.acme.example}\n  - {name: blog, base: https://blog.acme.example}\n" + entry("[api:x, blog:y, news:z]"), []string{
			`t.yaml:15:29: entries[0].sources.docs[2]: docs slug "news:z" names an unknown docs site "news" (declared: api, blog)`,
		}},
		{"qualified slug with an unnamed site", docsHdr + "docs_sites:\n  - base: https://docs.acme.example\n" + entry("[api:x]"), []string{
			`t.yaml:14:14: entries[0].sources.docs[0]: docs slug "api:x" names the site "api", but no docs site has a name (add name: api to it)`,
		}},
		{"bad names and patterns", docsHdr + "docs_sites:\n  - name: Docs Site\n    base: https://docs.acme.example\n    release_notes: [/news/*, 'news/[']\n    models: [models/**]\n" + entry("[x]"), []string{
			`t.yaml:8:11: docs_sites[0].name: invalid docs site name "Docs Site": want lower-case letters, digits, '_' or '-' (max 63)`,
			`t.yaml:10:21: docs_sites[0].release_notes[0]: malformed page pattern "/news/*": want a slug or a glob without leading slash (e.g. news/*, quick_start/pricing, blog/**)`,
			`t.yaml:10:30: docs_sites[0].release_notes[1]: malformed page pattern "news/[": syntax error in pattern`,
		}},
		{"unknown site key", docsHdr + "docs_sites:\n  - base: https://docs.acme.example\n    pricing: [p]\n" + entry("[x]"), []string{
			`t.yaml:9:5: docs_sites[0].pricing: unknown field "pricing" (want one of name, base, release_notes, models, changelog)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Parse("t.yaml", []byte(tt.in))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Parse: unexpected error:\n%v", err)
				}
				return
			}
			if c != nil {
				t.Fatal("Parse returned a catalog along with errors")
			}
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Parse error %v (%T) is not Errors", err, err)
			}
			if diff := cmp.Diff(tt.want, strings.Split(errs.Error(), "\n")); diff != "" {
				t.Errorf("errors mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDocsSitesResolution(t *testing.T) {
	t.Parallel()
	in := docsHdr + `docs_sites:
  - name: api
    base: HTTPS://Docs.Acme.Example/v2/
    release_notes: ["news/*", "releases/**"]
    models: [models/overview]
    changelog: [changelog]
  - name: blog
    base: https://blog.acme.example
sources:
  docs: [changelog, "api:models/overview"]
entries:
  - id: e1
    kind: model
    name: E
    sources:
      docs: [news/launch, "blog:2025/launch", "api:news/launch"]
`
	c, err := Parse("t.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.DocsSites[0].Base; got != "https://docs.acme.example/v2" {
		t.Errorf("base normalised to %q", got)
	}
	var keys []string
	for _, r := range append(c.Sources.Docs, c.Entries[0].Sources.Docs...) {
		keys = append(keys, r.Key()+"@"+c.DocsSite(r.Site).URL(r.Slug))
	}
	want := []string{
		"changelog@https://docs.acme.example/v2/changelog",
		// Naming the first site is the same page as the bare slug.
		"models/overview@https://docs.acme.example/v2/models/overview",
		"news/launch@https://docs.acme.example/v2/news/launch",
		"blog:2025/launch@https://blog.acme.example/2025/launch",
		"news/launch@https://docs.acme.example/v2/news/launch",
	}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("resolution (-want +got):\n%s", diff)
	}
	s := c.DocsSites[0]
	for slug, role := range map[string]string{
		"news/launch": DocsRoleReleaseNotes, "news/a/b": "", "releases/2025/x": DocsRoleReleaseNotes,
		"releases": "", "models/overview": DocsRoleModels, "changelog": DocsRoleChangelog, "faq": "",
	} {
		if got := s.Role(slug); got != role {
			t.Errorf("Role(%q) = %q, want %q", slug, got, role)
		}
	}
	if c.DocsSite("nope") != nil {
		t.Error("DocsSite(unknown) is not nil")
	}
}

func TestMatchSlug(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, slug string
		want          bool
	}{
		{"news/*", "news/news1226", true},
		{"news/*", "news/a/b", false},
		{"news/*", "news", false},
		{"updates", "updates", true},
		{"updates", "zh-cn/updates", false},
		{"*/updates", "zh-cn/updates", true},
		{"blog/**", "blog/2025/x", true},
		{"blog/**", "blog", false},
		{"blog/**", "blogs/x", false},
		{"*/news/**", "zh-cn/news/x", true},
		{"[", "[", false},
	} {
		if got := MatchSlug(tc.pattern, tc.slug); got != tc.want {
			t.Errorf("MatchSlug(%q, %q) = %v, want %v", tc.pattern, tc.slug, got, tc.want)
		}
	}
}

// FuzzDocsSites feeds arbitrary docs_sites values and slugs to the loader:
// it never panics, every error is positioned, and every docs reference of a
// valid catalog resolves to a declared site whose URL starts with its base.
func FuzzDocsSites(f *testing.F) {
	f.Add("https://docs.acme.example", "api", "news/*", "news/x")
	f.Add("https://docs.acme.example/v2/", "", "blog/**", "api:blog/x")
	f.Add("http://[::1]/", "a", "[", "a:b:c")
	f.Fuzz(func(t *testing.T, base, name, pattern, slug string) {
		q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
		in := docsHdr + "docs_sites:\n  - {name: " + q(name) + ", base: " + q(base) + ", release_notes: [" + q(pattern) + "]}\n" +
			"entries:\n  - {id: e1, kind: model, name: E, sources: {docs: [" + q(slug) + "]}}\n"
		c, err := Parse("f.yaml", []byte(in))
		if err != nil {
			var errs Errors
			if !errors.As(err, &errs) {
				return
			}
			for _, e := range errs {
				if e.Pos.Line < 1 {
					t.Fatalf("unpositioned error %v", e)
				}
			}
			return
		}
		for _, e := range c.Entries {
			for _, r := range e.Sources.Docs {
				s := c.DocsSite(r.Site)
				if s == nil {
					t.Fatalf("%q resolves to no site", r.Key())
				}
				if !strings.HasPrefix(s.URL(r.Slug), s.Base+"/") {
					t.Fatalf("URL %q not under base %q", s.URL(r.Slug), s.Base)
				}
				_ = s.Role(r.Slug)
			}
		}
	})
}

// TestDiffReportsDocsSites: a change of the docs sites (base, order, page
// roles) is a catalog-wide change for the gate; moving the key is not.
func TestDiffReportsDocsSites(t *testing.T) {
	t.Parallel()
	mk := func(sites string) *Catalog {
		t.Helper()
		c, err := Parse("t.yaml", []byte(docsHdr+sites+"entries: []\n"))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	base := mk("docs_sites: [{base: https://docs.acme.example}]\n")
	for name, tc := range map[string]struct {
		head string
		want bool
	}{
		"same":         {"docs_sites: [{base: https://docs.acme.example/}]\n", false},
		"other base":   {"docs_sites: [{base: https://blog.acme.example}]\n", true},
		"a role added": {"docs_sites: [{base: https://docs.acme.example, models: [models]}]\n", true},
		"a site added": {"docs_sites: [{name: a, base: https://docs.acme.example}, {name: b, base: https://blog.acme.example}]\n", true},
		"site removed": {"", true},
	} {
		got := slices.Contains(Diff(base, mk(tc.head)).Catalog, "docs_sites")
		if got != tc.want {
			t.Errorf("%s: docs_sites reported %v, want %v", name, got, tc.want)
		}
	}
}

// A docs site base path with escapes or path parameters is a lint error, not
// a request the crawler later refuses (or a server reads as "..").
func TestDocsBaseEscapesRefused(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"https://docs.example.com/%252e%252e", "https://docs.example.com/a%2Fb", "https://docs.example.com/..;", "https://docs.example.com/a;x=1/docs"} {
		if _, _, err := checkDocsBase(base); err == nil {
			t.Errorf("%s accepted", base)
		}
	}
	if _, _, err := checkDocsBase("https://docs.example.com/v2/api"); err != nil {
		t.Errorf("a plain base refused: %v", err)
	}
}
