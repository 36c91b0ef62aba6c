package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// acmeDocsCatalog declares a docs site nobody defaults to; the run reaches
// it only through --docs-url (a loopback server standing in for it).
const acmeDocsCatalog = `name: acme
as_of: 2025-05-01
hosts: [docs.acme.example]
docs_sites:
  - base: https://docs.acme.example/v2
    release_notes: ["releases/*"]
entries:
  - id: orbit-2
    kind: release_note
    name: Orbit 2 is available
    sources:
      docs: [releases/orbit-2]
    claims:
      - {id: note, type: name, field: release_note, value: Orbit 2 is available}
      - {id: released, type: date, field: released, value: 2025-03-04}
`

const acmeReleasePage = `<!doctype html><html><head><meta name="generator" content="mkdocs-1.6.1">
<meta property="article:published_time" content="2025-03-04T09:00:00Z"><title>Orbit 2</title></head>
<body><div class="md-content"><article class="md-content__inner md-typeset">
<h1>Orbit 2 is available</h1><p>Served as <code>acme-orbit-2</code>.</p></article></div></body></html>`

// TestDocsURLOverridesTheCatalogsDocsSite: an audit of a catalog whose docs
// site is not DeepSeek's, with --docs-url pointing at a loopback server,
// asks that server for the slug under its prefix, and cites the catalog's
// own base in the evidence.
func TestDocsURLOverridesTheCatalogsDocsSite(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		if r.URL.Path == "/mirror/releases/orbit-2" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, acmeReleasePage)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	dir := t.TempDir()
	cat := filepath.Join(dir, "acme.yaml")
	if err := os.WriteFile(cat, []byte(acmeDocsCatalog), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := RunEnv(context.Background(), []string{"audit", "--catalog", cat, "--no-state", "--quiet", "--ignore-robots",
		"--now", "2025-06-01", "--docs-url", srv.URL + "/mirror", "--policy", "docs.min_interval=1ms", "--format", "json"},
		func(string) string { return "" }, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d\nstderr: %s", code, errb.String())
	}
	validReportJSON(t, out.String())
	var rep struct {
		Findings []struct {
			Entry, Claim, Verdict string
			Evidence              []struct{ URL string }
		}
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	verdicts := map[string]string{}
	for _, f := range rep.Findings {
		if f.Entry != "orbit-2" {
			continue
		}
		verdicts[f.Claim] = f.Verdict
		for _, e := range f.Evidence {
			if !strings.HasPrefix(e.URL, "https://docs.acme.example/v2/") {
				t.Errorf("%s/%s cites %s, want the catalog's docs base", f.Entry, f.Claim, e.URL)
			}
		}
	}
	if verdicts["note"] != "verified" || verdicts["released"] != "verified" {
		t.Errorf("verdicts %v (stderr %s)", verdicts, errb.String())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(paths) == 0 || paths[0] != "/mirror/releases/orbit-2" {
		t.Errorf("server asked for %v", paths)
	}
}

// TestDocsURLWithSeveralDocsSitesIsAUsageError: which site the override
// stands for would be a guess; the run stops with exit 2 before any request.
func TestDocsURLWithSeveralDocsSitesIsAUsageError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cat := filepath.Join(dir, "acme.yaml")
	two := strings.Replace(acmeDocsCatalog, "docs_sites:\n  - base: https://docs.acme.example/v2\n",
		"docs_sites:\n  - name: api\n    base: https://docs.acme.example/v2\n  - name: blog\n    base: https://docs.acme.example/blog\n", 1)
	if err := os.WriteFile(cat, []byte(two), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := RunEnv(context.Background(), []string{"audit", "--catalog", cat, "--no-state", "--quiet", "--docs-url", "http://127.0.0.1:9/x"},
		func(string) string { return "" }, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "ambiguous") {
		t.Fatalf("exit %d, stderr %q; want 2 and the ambiguity named", code, errb.String())
	}
	// The environment variable is the same override.
	code = RunEnv(context.Background(), []string{"audit", "--catalog", cat, "--no-state", "--quiet"},
		func(k string) string {
			if k == "CLAIMCHECK_DOCS_URL" {
				return "http://127.0.0.1:9/x"
			}
			return ""
		}, &out, &errb)
	if code != 2 {
		t.Fatalf("env override: exit %d, want 2", code)
	}
}

// TestLintDocsSlugWithoutSite: catalog lint reports a docs slug without a
// declared site at its line (exit 2).
func TestLintDocsSlugWithoutSite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cat := filepath.Join(dir, "c.yaml")
	src := strings.Replace(acmeDocsCatalog, "docs_sites:\n  - base: https://docs.acme.example/v2\n    release_notes: [\"releases/*\"]\n", "", 1)
	if err := os.WriteFile(cat, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := RunEnv(context.Background(), []string{"catalog", "lint", cat}, func(string) string { return "" }, &out, &errb)
	want := cat + `:9:14: entries[0].sources.docs[0]: docs slug "releases/orbit-2" but the catalog declares no docs site`
	if code != 2 || !strings.Contains(errb.String(), want) {
		t.Fatalf("exit %d, stderr %q; want 2 and %q", code, errb.String(), want)
	}
}
