package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lint says which hosts a catalog's sources contact, warns at the hosts
// line of each one the list leaves out, and still exits 0 (the catalog is
// valid; those requests are refused).
func TestLintSaysWhichHostsTheSourcesNeed(t *testing.T) {
	t.Parallel()
	const body = `name: t
as_of: 2025-01-10
organisations:
  github: [allenai]
  huggingface: [allenai]
%HOSTS%entries:
  - id: p
    kind: paper
    name: P
    sources:
      arxiv: [2501.00656]
      github: [allenai/OLMo]
    claims: [{id: open, type: phrase, field: phrase, value: fully open}]
  - id: m
    kind: model
    name: M
    sources:
      huggingface: [allenai/OLMo-2-1124-13B]
`
	for _, tc := range []struct {
		name, hosts, out, err string
	}{
		{"listed", "hosts: [export.arxiv.org, arxiv.org, api.github.com, huggingface.co, github.com]\n",
			"ok: 2 entries, 1 claims\ncontacts: export.arxiv.org api.github.com arxiv.org huggingface.co\nlisted, not needed by the sources (reached only if a redirect leads there): github.com\n", ""},
		{"endpoints left out", "hosts:\n  - export.arxiv.org\n",
			"ok: 2 entries, 1 claims\ncontacts: export.arxiv.org\nrefused (needed, not in hosts): api.github.com arxiv.org huggingface.co\n",
			"%F:7:3: hosts: warning: api.github.com is needed by the github source (entry p at line 9) but is not listed: its requests are refused; add it to hosts\n" +
				"%F:7:3: hosts: warning: arxiv.org is needed by the arxiv source (entry p at line 9) but is not listed: its requests are refused; add it to hosts\n" +
				"%F:7:3: hosts: warning: huggingface.co is needed by the huggingface source (entry m at line 16) but is not listed: its requests are refused; add it to hosts\n"},
		{"no hosts key", "",
			"ok: 2 entries, 1 claims\ncontacts: export.arxiv.org api.github.com arxiv.org huggingface.co\nhosts: not declared; the hosts above are the ones the sources need (list them under hosts to pin them)\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "c.yaml")
			src := strings.ReplaceAll(body, "%HOSTS%", tc.hosts)
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errs := runCLI(t, "catalog", "lint", "--now", "2025-02-01", path)
			if code != ExitOK || out != tc.out || errs != strings.ReplaceAll(tc.err, "%F", path) {
				t.Errorf("exit %d\nstdout %q\nwant   %q\nstderr %q\nwant   %q", code, out, tc.out, errs, strings.ReplaceAll(tc.err, "%F", path))
			}
		})
	}
}
