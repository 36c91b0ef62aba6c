package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/internal/testkit/golden"
)

const validCatalog = "../../catalog/testdata/valid.yaml"

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCatalogLint(t *testing.T) {
	t.Parallel()
	def, err := catalog.Default()
	if err != nil {
		t.Fatalf("embedded catalog: %v", err)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: T\nas_of: 2026-05-10\nentries:\n  - {id: x, kind: paper}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		code       int
		out, err   string
		errPattern string
	}{
		{"embedded", []string{"catalog", "lint"}, ExitOK, fmt.Sprintf("ok: %d entries, %d claims\n", len(def.Entries), def.ClaimCount()) +
			"contacts: export.arxiv.org api.github.com arxiv.org iclr.cc openaccess.thecvf.com huggingface.co api-docs.deepseek.com api.crossref.org www.nature.com github.com\n" +
			"listed, not needed by the sources (reached only if a redirect leads there): doi.org\n", "", ""},
		{"file", []string{"catalog", "lint", validCatalog}, ExitOK, "ok: 2 entries, 8 claims\n" +
			"contacts: arxiv.org export.arxiv.org api.github.com huggingface.co api-docs.deepseek.com api.crossref.org openaccess.thecvf.com\n" +
			"listed, not needed by the sources (reached only if a redirect leads there): github.com\n", "", ""},
		{"invalid file", []string{"catalog", "lint", bad}, ExitUsage, "",
			bad + ":4:5: entries[0].name: missing required field\nclaimcheck: invalid input: " + bad + ": 1 problem\n", ""},
		{"missing file", []string{"catalog", "lint", filepath.Join(dir, "nope.yaml")}, ExitUsage, "", "", `^claimcheck: invalid input: open catalog: open .*nope.yaml: no such file or directory\n$`},
		{"too many args", []string{"catalog", "lint", "a", "b"}, ExitUsage, "", "", `accepts at most 1 arg\(s\), received 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := run(t, tt.args...)
			if code != tt.code || out != tt.out {
				t.Errorf("exit %d, stdout %q; want %d, %q (stderr %q)", code, out, tt.code, tt.out, errs)
			}
			if tt.errPattern != "" {
				if !regexp.MustCompile(tt.errPattern).MatchString(errs) {
					t.Errorf("stderr %q does not match %q", errs, tt.errPattern)
				}
			} else if errs != tt.err {
				t.Errorf("stderr = %q, want %q", errs, tt.err)
			}
		})
	}
}

// find returns the value node of key in mapping m.
func find(t *testing.T, m *yaml.Node, key string) *yaml.Node {
	t.Helper()
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	t.Fatalf("key %q not found at line %d", key, m.Line)
	return nil
}

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }

// TestCatalogLintBrokenCopy breaks a copy of the embedded catalog three ways
// (a URL host not on the allow-list, a duplicate entry id, a bad date) and
// expects all three reported with file:line:col, and exit 2.
func TestCatalogLintBrokenCopy(t *testing.T) {
	t.Parallel()
	var doc yaml.Node
	if err := yaml.Unmarshal(catalog.DefaultYAML(), &doc); err != nil {
		t.Fatal(err)
	}
	entries := find(t, doc.Content[0], "entries")
	if len(entries.Content) < 2 {
		t.Skip("the embedded catalog has fewer than two entries")
	}
	e0, e1 := entries.Content[0], entries.Content[1]
	// 1. a URL whose host is not on the allow-list
	srcs := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(e0.Content); i += 2 {
		if e0.Content[i].Value == "sources" {
			srcs = e0.Content[i+1]
		}
	}
	if len(srcs.Content) == 0 {
		e0.Content = append(e0.Content, scalar("sources"), srcs)
	}
	urls := &yaml.Node{Kind: yaml.SequenceNode}
	for i := 0; i+1 < len(srcs.Content); i += 2 {
		if srcs.Content[i].Value == "urls" {
			urls = srcs.Content[i+1]
		}
	}
	if len(urls.Content) == 0 {
		srcs.Content = append(srcs.Content, scalar("urls"), urls)
	}
	urls.Content = append(urls.Content, scalar("https://evil.example.com/paper"))
	// 2. a duplicate entry id
	find(t, e1, "id").Value = find(t, e0, "id").Value
	// 3. a bad date
	claims := find(t, e0, "claims")
	claims.Content = append(claims.Content, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		scalar("id"), scalar("zz-bad-date"), scalar("type"), scalar("date"),
		scalar("field"), scalar("released"), scalar("value"), scalar("2024-13"),
	}})
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "copy.yaml")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}

	// Where the three problems sit in the copy, read back from the file.
	var back yaml.Node
	if err := yaml.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	be := find(t, back.Content[0], "entries")
	b0, b1 := be.Content[0], be.Content[1]
	bu := find(t, find(t, b0, "sources"), "urls")
	badURL := bu.Content[len(bu.Content)-1]
	dupID := find(t, b1, "id")
	bc := find(t, b0, "claims")
	badDate := find(t, bc.Content[len(bc.Content)-1], "value")
	want := []string{
		fmt.Sprintf(`%s:%d:%d: entries[0].sources.urls[%d]: host "evil.example.com" is not on the allow-list (hosts); the URL will not be fetched`,
			path, badURL.Line, badURL.Column, len(bu.Content)-1),
		fmt.Sprintf(`%s:%d:%d: entries[0].claims[%d].value: date "2024-13": month out of range`,
			path, badDate.Line, badDate.Column, len(bc.Content)-1),
		fmt.Sprintf(`%s:%d:%d: entries[1].id: duplicate entry id %q (first at %s:%d:%d)`,
			path, dupID.Line, dupID.Column, dupID.Value, path, find(t, b0, "id").Line, find(t, b0, "id").Column),
	}
	// sorted by position: the url and the claim are in entry 0, the id in entry 1
	if badDate.Line < badURL.Line {
		want[0], want[1] = want[1], want[0]
	}
	want = append(want, fmt.Sprintf("claimcheck: invalid input: %s: 3 problems", path), "")

	code, stdout, stderr := run(t, "catalog", "lint", path)
	if code != ExitUsage || stdout != "" {
		t.Errorf("exit %d, stdout %q; want 2 and nothing", code, stdout)
	}
	if diff := cmp.Diff(want, strings.Split(stderr, "\n")); diff != "" {
		t.Errorf("stderr mismatch (-want +got):\n%s", diff)
	}
}

func TestCatalogList(t *testing.T) {
	t.Parallel()
	t.Run("text golden", func(t *testing.T) {
		t.Parallel()
		code, out, errs := run(t, "catalog", "list", validCatalog)
		if code != ExitOK || errs != "" {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		golden.Check(t, filepath.Join("testdata", "catalog", "list.txt"), []byte(out))
	})
	t.Run("json golden", func(t *testing.T) {
		t.Parallel()
		code, out, errs := run(t, "catalog", "list", "--format", "json", validCatalog)
		if code != ExitOK || errs != "" {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		golden.Check(t, filepath.Join("testdata", "catalog", "list.json"), []byte(out))
	})
	t.Run("json of the embedded catalog", func(t *testing.T) {
		t.Parallel()
		code, out, errs := run(t, "catalog", "list", "--format=json")
		if code != ExitOK || errs != "" {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		var got catalog.Catalog
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("output is not a catalog: %v", err)
		}
		want, _ := catalog.Default()
		want.Pos, want.AsOfPos, want.HostsPos = catalog.Pos{}, catalog.Pos{}, catalog.Pos{} // not serialised
		if diff := cmp.Diff(*want, got); diff != "" {
			t.Errorf("json does not round-trip the embedded catalog (-want +got):\n%s", diff)
		}
		for _, e := range got.Entries {
			if len(e.Claims) == 0 || e.Pos.Line == 0 {
				t.Errorf("entry %s: %d claims, location %v", e.ID, len(e.Claims), e.Pos)
			}
		}
	})
	t.Run("text of the embedded catalog", func(t *testing.T) {
		t.Parallel()
		code, out, _ := run(t, "catalog", "list")
		def, _ := catalog.Default()
		if code != ExitOK {
			t.Fatalf("exit %d", code)
		}
		for _, e := range def.Entries {
			if !strings.Contains(out, "\n"+e.ID+"  ["+string(e.Kind)+"]") {
				t.Errorf("entry %s missing from the text listing", e.ID)
			}
		}
	})
	t.Run("bad format", func(t *testing.T) {
		t.Parallel()
		code, out, errs := run(t, "catalog", "list", "--format", "xml")
		if code != ExitUsage || out != "" || errs != "claimcheck: usage: --format must be text or json, not \"xml\"\n" {
			t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
		}
	})
	t.Run("invalid catalog", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "x.yaml")
		if err := os.WriteFile(path, []byte("name: T\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errs := run(t, "catalog", "list", path)
		want := path + ":1:1: as_of: missing required field\n" + path + ":1:1: entries: missing required field\nclaimcheck: invalid input: " + path + ": 2 problems\n"
		if code != ExitUsage || out != "" || errs != want {
			t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
		}
	})
}

func TestCatalogHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--help"}, {"catalog", "--help"}, {"catalog"}, {"catalog", "lint", "--help"}, {"catalog", "list", "--help"}, {"help", "catalog", "list"},
	} {
		code, out, errs := run(t, args...)
		if code != ExitOK || !strings.Contains(out, "Usage:") || errs != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	_, out, _ := run(t, "catalog", "list", "--help")
	if !strings.Contains(out, "--format string") {
		t.Errorf("list --help does not show --format:\n%s", out)
	}
}
