package gate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/claimcheck/claimcheck/catalog"
)

// settingsBase is a small valid catalog: settings first, then one arXiv
// paper and one GitHub model.
const settingsBase = `name: Trust test
as_of: 2026-05-10
organisations:
  github: [deepseek-ai]
  huggingface: [deepseek-ai]
hosts:
  - export.arxiv.org
  - www.nature.com
sources:
  docs: [updates]
entries:
  - id: paper
    kind: paper
    name: A paper
    sources:
      arxiv: [2412.19437]
    claims:
      - id: year
        type: date
        field: year
        value: "2024"
  - id: model
    kind: model
    name: A model
    sources:
      github: [deepseek-ai/DeepSeek-V3]
    claims:
      - id: size
        type: count
        field: params_total
        value: 671B
        unit: parameters
docs_sites: [{base: "https://www.nature.com/docs"}] # last: no line above moves
`

func doc(t testing.TB, s string) *yaml.Node {
	t.Helper()
	d, err := Document([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDiffSettings(t *testing.T) {
	t.Parallel()
	replace := func(old, new string) string {
		if !strings.Contains(settingsBase, old) {
			t.Fatalf("%q not in the base", old)
		}
		return strings.Replace(settingsBase, old, new, 1)
	}
	type change struct {
		Key, Kind, Item, Value string
		Line, Col              int
	}
	tests := []struct {
		name string
		base string // "" = settingsBase; "-" = no base at all
		head string
		want []change
	}{
		{name: "identical", head: settingsBase},
		{name: "entries, name and as_of are not settings",
			head: withEntry(replace("name: Trust test\nas_of: 2026-05-10", "name: Renamed\nas_of: 2026-06-01"), "  - id: new\n    kind: paper\n    name: New\n    sources:\n      arxiv: [2501.12948]\n    claims: []\n")},
		{name: "comments, quoting, flow or block style and order do not matter",
			head: replace("hosts:\n  - export.arxiv.org\n  - www.nature.com\n", "# the allow-list\nhosts: [\"www.nature.com\", 'export.arxiv.org']\n")},
		{name: "mapping keys reordered",
			head: replace("  github: [deepseek-ai]\n  huggingface: [deepseek-ai]\n", "  huggingface: [deepseek-ai]\n  github: [deepseek-ai]\n")},
		{name: "organisation added", head: replace("  github: [deepseek-ai]\n", "  github: [deepseek-ai, evil-org]\n"),
			want: []change{{"organisations", SettingChanged, "organisations.github[1]", "evil-org", 4, 25}}},
		{name: "organisation replaced", head: replace("  github: [deepseek-ai]\n", "  github: [deepseek-al]\n"),
			want: []change{{"organisations", SettingChanged, "organisations.github[0]", "deepseek-al", 4, 12}}},
		{name: "platform added", head: replace("  huggingface: [deepseek-ai]\n", "  huggingface: [deepseek-ai]\n  gitlab: [x]\n"),
			want: []change{{"organisations", SettingChanged, "organisations.gitlab", "gitlab", 6, 3}}},
		{name: "host added", head: replace("  - www.nature.com\n", "  - www.nature.com\n  - evil.example.org\n"),
			want: []change{{"hosts", SettingChanged, "hosts[2]", "evil.example.org", 9, 5}}},
		{name: "host removed points at the key", head: replace("  - www.nature.com\n", ""),
			want: []change{{"hosts", SettingChanged, "", "", 6, 1}}},
		{name: "catalog-wide docs page added", head: replace("  docs: [updates]\n", "  docs: [updates, evil]\n"),
			want: []change{{"sources", SettingChanged, "sources.docs[1]", "evil", 10, 19}}},
		{name: "a duplicate item is a change", head: replace("  docs: [updates]\n", "  docs: [updates, updates]\n"),
			want: []change{{"sources", SettingChanged, "sources.docs[1]", "updates", 10, 19}}},
		{name: "a value's type is a change", head: replace("  docs: [updates]\n", "  docs: [1]\n"),
			base: replace("  docs: [updates]\n", "  docs: [\"1\"]\n"),
			want: []change{{"sources", SettingChanged, "sources.docs[0]", "1", 10, 10}}},
		{name: "a key unknown today is a setting", head: replace("entries:\n", "docs:\n  site: https://docs.example.org\nentries:\n"),
			want: []change{{"docs", SettingAdded, "", "", 11, 1}}},
		{name: "a key removed is reported at the top", head: replace("sources:\n  docs: [updates]\n", ""),
			want: []change{{"sources", SettingRemoved, "", "", 1, 1}}},
		{name: "no base: every setting is added", base: "-", head: settingsBase,
			want: []change{{"organisations", SettingAdded, "", "", 3, 1}, {"hosts", SettingAdded, "", "", 6, 1}, {"sources", SettingAdded, "", "", 9, 1}, {"docs_sites", SettingAdded, "", "", 33, 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var base *yaml.Node
			switch tc.base {
			case "":
				base = doc(t, settingsBase)
			case "-":
			default:
				base = doc(t, tc.base)
			}
			var got []change
			for _, c := range DiffSettings("c.yaml", base, doc(t, tc.head)) {
				if c.Pos.File != "c.yaml" {
					t.Errorf("position file %q", c.Pos.File)
				}
				got = append(got, change{c.Key, c.Kind, c.Item, c.Value, c.Pos.Line, c.Pos.Column})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSettingChangeMessage(t *testing.T) {
	t.Parallel()
	m := SettingChange{Key: "hosts", Kind: SettingChanged, Item: "hosts[2]", Value: "evil.example.org"}.Message("origin/main", "guide.yaml")
	for _, w := range []string{`catalog-wide setting "hosts" changed: hosts[2] ("evil.example.org") is not in the catalog at origin/main`, "from the catalog at origin/main",
		"A maintainer must land it on its own", "claimcheck audit --catalog guide.yaml", "pull request of its own"} {
		if !strings.Contains(m, w) {
			t.Errorf("message lacks %q:\n%s", w, m)
		}
	}
}

func TestTrustBase(t *testing.T) {
	t.Parallel()
	withOrg := strings.Replace(settingsBase, "  github: [deepseek-ai]\n", "  github: [deepseek-ai, evil-org]\n", 1)
	evil := "  - id: evil\n    kind: model\n    name: Evil\n    sources:\n      github: [evil-org/evil]\n    claims: []\n"
	venue := "  - id: venue\n    kind: paper\n    name: Venue\n    sources:\n      urls: [\"https://papers.example.org/x\"]\n    claims: []\n"
	withHost := strings.Replace(settingsBase, "  - www.nature.com\n", "  - www.nature.com\n  - papers.example.org\n", 1)

	t.Run("organisation only the head declares", func(t *testing.T) {
		t.Parallel()
		tr := TrustBase("c.yaml", doc(t, settingsBase), doc(t, withEntry(withOrg, evil)))
		if tr.Catalog == nil {
			t.Fatal(tr.Err)
		}
		if tr.Catalog.Entry("evil") != nil || tr.Catalog.Entry("model") == nil || tr.Catalog.Entry("paper") == nil {
			t.Errorf("entries %v, want paper and model without evil", ids(tr.Catalog))
		}
		if got := tr.Excluded["evil"]; !strings.Contains(got, `entries[2].sources.github[0]: organisation "evil-org" is not an official github organisation`) {
			t.Errorf("excluded[evil] = %q", got)
		}
		if len(tr.Catalog.Organisations) != 2 {
			t.Errorf("organisations %v, want the base's two", tr.Catalog.Organisations)
		}
		for _, o := range tr.Catalog.Organisations {
			if o.Name == "evil-org" {
				t.Error("the head's organisation is trusted")
			}
		}
	})
	t.Run("host only the head declares", func(t *testing.T) {
		t.Parallel()
		tr := TrustBase("c.yaml", doc(t, settingsBase), doc(t, withEntry(withHost, venue)))
		if tr.Catalog == nil {
			t.Fatal(tr.Err)
		}
		if !strings.Contains(tr.Excluded["venue"], `host "papers.example.org" is not on the allow-list`) {
			t.Errorf("excluded = %v", tr.Excluded)
		}
		if diff := cmp.Diff([]string{"export.arxiv.org", "www.nature.com"}, tr.Catalog.Hosts); diff != "" {
			t.Errorf("hosts (-want +got):\n%s", diff)
		}
	})
	t.Run("a setting the head dropped still comes from the base", func(t *testing.T) {
		t.Parallel()
		head := strings.Replace(settingsBase, "sources:\n  docs: [updates]\n", "", 1)
		tr := TrustBase("c.yaml", doc(t, settingsBase), doc(t, head))
		if tr.Catalog == nil || len(tr.Catalog.Sources.Docs) != 1 {
			t.Fatalf("catalog %+v, err %v: want the base's docs page", tr.Catalog, tr.Err)
		}
	})
	t.Run("unchanged settings keep the head's positions", func(t *testing.T) {
		t.Parallel()
		head := "# a new comment line\n" + settingsBase
		tr := TrustBase("c.yaml", doc(t, settingsBase), doc(t, head))
		if tr.Catalog == nil {
			t.Fatal(tr.Err)
		}
		if got := tr.Catalog.Organisations[0].Pos.Line; got != 5 {
			t.Errorf("organisation at line %d, want 5 (the head's)", got)
		}
		if got := tr.Catalog.Entry("model").Pos.Line; got != 23 {
			t.Errorf("entry at line %d, want 23 (the head's)", got)
		}
	})
	t.Run("no base trusts no setting", func(t *testing.T) {
		t.Parallel()
		tr := TrustBase("c.yaml", nil, doc(t, settingsBase))
		if tr.Catalog == nil {
			t.Fatal(tr.Err)
		}
		if len(tr.Catalog.Organisations)+len(tr.Catalog.Hosts)+len(tr.Catalog.Sources.Docs) != 0 {
			t.Errorf("settings from the head: %+v %v %v", tr.Catalog.Organisations, tr.Catalog.Hosts, tr.Catalog.Sources)
		}
		if diff := cmp.Diff([]string{"paper"}, ids(tr.Catalog)); diff != "" {
			t.Errorf("entries (-want +got):\n%s", diff)
		}
		if _, ok := tr.Excluded["model"]; !ok {
			t.Errorf("model (a GitHub source) not excluded: %v", tr.Excluded)
		}
	})
	t.Run("a head that is not a mapping", func(t *testing.T) {
		t.Parallel()
		if tr := TrustBase("c.yaml", nil, doc(t, "- a\n")); tr.Catalog != nil || tr.Err == nil {
			t.Errorf("got %+v", tr)
		}
	})
}

func ids(c *catalog.Catalog) []string {
	var out []string
	for _, e := range c.Entries {
		out = append(out, e.ID)
	}
	return out
}

// FuzzSettings: any YAML pair never panics; a document compared with itself
// has no setting change; and whenever TrustBase gives a catalog, its
// settings are the base's (never a setting only the head has).
func FuzzSettings(f *testing.F) {
	f.Add(settingsBase, settingsBase)
	f.Add(settingsBase, strings.Replace(settingsBase, "  - www.nature.com\n", "  - www.nature.com\n  - x.example.org\n", 1))
	f.Add("hosts: [a]\n", "hosts: {a: 1}\n")
	f.Add("a: &x [1]\nb: *x\n", "a: [1]\nb: [1]\n")
	f.Add("", "entries: []\n")
	f.Fuzz(func(t *testing.T, base, head string) {
		if len(base)+len(head) > 1<<14 {
			return
		}
		var b, h yaml.Node
		if yaml.Unmarshal([]byte(base), &b) != nil || yaml.Unmarshal([]byte(head), &h) != nil {
			return
		}
		if cs := DiffSettings("h.yaml", &h, &h); len(cs) != 0 {
			t.Fatalf("a document differs from itself: %+v", cs)
		}
		tr := TrustBase("h.yaml", &b, &h)
		if tr.Catalog == nil {
			return
		}
		bc, err := catalog.ParseDocument("b.yaml", &b)
		if err != nil {
			bc = &catalog.Catalog{}
		}
		if !sameOrgs(tr.Catalog.Organisations, bc.Organisations) || strings.Join(tr.Catalog.Hosts, ",") != strings.Join(bc.Hosts, ",") {
			// A base that does not parse on its own may still lend valid
			// settings; only compare when it parses.
			if err == nil {
				t.Fatalf("trusted settings %v %v differ from the base's %v %v", tr.Catalog.Organisations, tr.Catalog.Hosts, bc.Organisations, bc.Hosts)
			}
		}
	})
}

func sameOrgs(a, b []catalog.Organisation) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Platform != b[i].Platform || a[i].Name != b[i].Name {
			return false
		}
	}
	return true
}

func TestRenamedFromOutput(t *testing.T) {
	t.Parallel()
	out := "M\x00other.txt\x00R087\x00guide.yaml\x00moved/guide.yaml\x00C100\x00a.yaml\x00b.yaml\x00R100\x00x y.yaml\x00dir/x\ny.yaml\x00"
	for path, want := range map[string]string{
		"moved/guide.yaml": "guide.yaml",
		"dir/x\ny.yaml":    "x y.yaml",
		"b.yaml":           "", // a copy is not a rename
		"guide.yaml":       "",
		"other.txt":        "",
	} {
		if got := renamedFrom([]byte(out), path); got != want {
			t.Errorf("renamedFrom(%q) = %q, want %q", path, got, want)
		}
	}
	if got := renamedFrom([]byte("R087\x00only-one"), "only-one"); got != "" {
		t.Errorf("truncated output: %q", got)
	}
}

func FuzzRenamedFrom(f *testing.F) {
	f.Add([]byte("R087\x00a\x00b\x00"), "b")
	f.Add([]byte("M\x00a\x00R\x00"), "a")
	f.Fuzz(func(t *testing.T, out []byte, path string) {
		got := renamedFrom(out, path)
		if got != "" && !strings.Contains(string(out), "\x00"+got+"\x00"+path) {
			t.Fatalf("renamedFrom(%q, %q) = %q, not a pair of the output", out, path, got)
		}
	})
}

func TestGitRenamedFrom(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	body := strings.Repeat("line of the catalog\n", 20)
	dir := gitRepo(t, map[string]string{"guide.yaml": body, "other.yaml": "x\n"})
	if err := os.MkdirAll(filepath.Join(dir, "moved"), 0o755); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "mv", "guide.yaml", "moved/guide.yaml")
	if err := os.WriteFile(filepath.Join(dir, "moved", "guide.yaml"), []byte(body+"one more line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "new.yaml"), []byte("new\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "add", "new.yaml")
	g := Git{Dir: dir, Timeout: 10 * time.Second}
	for path, want := range map[string]string{"moved/guide.yaml": "guide.yaml", "new.yaml": "", "other.yaml": ""} {
		got, err := g.RenamedFrom(ctx, "HEAD", path)
		if err != nil || got != want {
			t.Errorf("RenamedFrom(%s) = %q, %v; want %q", path, got, err, want)
		}
	}
	if _, err := g.RenamedFrom(ctx, "--output=/tmp/x", "moved/guide.yaml"); err == nil {
		t.Error("a revision that looks like an option was accepted")
	}
}

// Rename detection is bounded by the git time limit like every git command.
func TestGitRenamedFromTimeout(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("needs a shell script")
	}
	bin := filepath.Join(t.TempDir(), "slowdiff")
	script := "#!/bin/sh\ncase \"$1\" in\n  rev-parse) echo 0123456789abcdef0123456789abcdef01234567 ;;\n  diff) exec sleep 300 ;;\nesac\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := Git{Bin: bin, Timeout: 200 * time.Millisecond}.RenamedFrom(context.Background(), "HEAD", "moved/guide.yaml")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want a deadline error", err)
	}
	if d := time.Since(start); d > time.Minute { // the child sleeps 5 minutes unless killed
		t.Errorf("timeout took %v", d)
	}
}

// BenchmarkTrustBase: the settings diff and the re-read of the default
// catalog under its base's settings (what the gate adds to a run).
func BenchmarkTrustBase(b *testing.B) {
	data := catalog.DefaultYAML()
	base, head := doc(b, string(data)), doc(b, string(data))
	b.ReportAllocs()
	for b.Loop() {
		if cs := DiffSettings("c.yaml", base, head); len(cs) != 0 {
			b.Fatal(cs)
		}
		if tr := TrustBase("c.yaml", base, head); tr.Catalog == nil {
			b.Fatal(tr.Err)
		}
	}
}

// withEntry adds an entry at the end of the entries list, before the
// docs_sites key that closes settingsBase.
func withEntry(src, entry string) string {
	return strings.Replace(src, "docs_sites:", entry+"docs_sites:", 1)
}

// Reordering docs_sites changes which site unqualified slugs resolve
// against: a change the gate reports, unlike reordering hosts.
func TestDocsSitesOrderIsASetting(t *testing.T) {
	t.Parallel()
	base := "name: x\nhosts: [a.example.com, b.example.com]\ndocs_sites:\n  - {name: a, base: https://a.example.com}\n  - {name: b, base: https://b.example.com}\nentries: []\n"
	head := "name: x\nhosts: [b.example.com, a.example.com]\ndocs_sites:\n  - {name: b, base: https://b.example.com}\n  - {name: a, base: https://a.example.com}\nentries: []\n"
	var keys []string
	for _, c := range DiffSettings("c.yaml", doc(t, base), doc(t, head)) {
		keys = append(keys, c.Key)
	}
	if strings.Join(keys, ",") != "docs_sites" {
		t.Errorf("changes %v, want docs_sites only (hosts order does not matter)", keys)
	}
}
