package catalog

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// discHdr: a catalog whose keys end on line 10; what a test appends starts on line 11.
const discHdr = hdr

func TestDiscoveryLint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"ok", discHdr + "discovery:\n  arxiv: [\"au:DeepSeek-AI\", \"ti:DeepSeek AND cat:cs.CL\"]\n  github: [deepseek-ai]\nomit:\n  - {family: DeepSeek-LLM, reason: superseded}\n  - {id: deepseek-ai/Janus-1.3B, reason: a research preview}\n  - {id: 2401.02954, reason: covered by the family entry}\n", nil},
		{"empty discovery", discHdr + "discovery: {}\n", nil},
		{"not a mapping", discHdr + "discovery: [au:x]\n", []string{"t.yaml:11:12: discovery: must be a mapping"}},
		{"unknown key", discHdr + "discovery:\n  hf: [x]\n", []string{`t.yaml:12:3: discovery.hf: unknown field "hf" (want one of arxiv, github)`}},
		{"term without field", discHdr + "discovery:\n  arxiv: [DeepSeek]\n", []string{`t.yaml:12:11: discovery.arxiv[0]: must be FIELD:VALUE with FIELD one of ti, au, abs, co, jr, cat, rn, id, all (e.g. au:Org-AI), got "DeepSeek"`}},
		{"unknown search field", discHdr + "discovery:\n  arxiv: [\"xx:DeepSeek\"]\n", []string{`t.yaml:12:11: discovery.arxiv[0]: must be FIELD:VALUE with FIELD one of ti, au, abs, co, jr, cat, rn, id, all (e.g. au:Org-AI), got "xx:DeepSeek"`}},
		{"empty term value", discHdr + "discovery:\n  arxiv: [\"au: \"]\n", []string{"t.yaml:12:11: discovery.arxiv[0]: the value after au: must not be empty"}},
		{"empty term", discHdr + "discovery:\n  arxiv: [\"\"]\n", []string{"t.yaml:12:11: discovery.arxiv[0]: must not be empty"}},
		{"control character", discHdr + "discovery:\n  arxiv: [\"au:a\\tb\"]\n", []string{"t.yaml:12:11: discovery.arxiv[0]: must not contain control characters"}},
		{"term too long", discHdr + "discovery:\n  arxiv: [\"au:" + strings.Repeat("a", MaxSearchTermLen) + "\"]\n", []string{"t.yaml:12:11: discovery.arxiv[0]: too long (203 characters, max 200)"}},
		{"duplicate term", discHdr + "discovery:\n  arxiv: [\"au:X\", \"au:X\"]\n", []string{`t.yaml:12:19: discovery.arxiv[1]: duplicate search term "au:X"`}},
		{"term not a scalar", discHdr + "discovery:\n  arxiv: [[au:X]]\n", []string{"t.yaml:12:11: discovery.arxiv[0]: must be a single value, not a list"}},
		{"arxiv not a list", discHdr + "discovery:\n  arxiv: au:X\n", []string{"t.yaml:12:10: discovery.arxiv: must be a list"}},
		{"github org not official", discHdr + "discovery:\n  github: [someone-else]\n", []string{`t.yaml:12:12: discovery.github[0]: organisation "someone-else" is not an official github organisation (see organisations.github)`}},
		{"github org invalid", discHdr + "discovery:\n  github: [\"-bad-\"]\n", []string{`t.yaml:12:12: discovery.github[0]: invalid github organisation name "-bad-"`}},
		{"omit not a list", discHdr + "omit: {family: X, reason: y}\n", []string{"t.yaml:11:7: omit: must be a list"}},
		{"omit item not a mapping", discHdr + "omit: [DeepSeek-LLM]\n", []string{"t.yaml:11:8: omit[0]: must be a mapping"}},
		{"omit unknown key", discHdr + "omit:\n  - {name: X, reason: y}\n", []string{
			"t.yaml:12:5: omit[0]: missing family or id (the family name, or the id of one item: owner/name, or an arXiv id)",
			`t.yaml:12:6: omit[0].name: unknown field "name" (want one of family, id, reason)`,
		}},
		{"omit both", discHdr + "omit:\n  - {family: X, id: o/x, reason: y}\n", []string{"t.yaml:12:5: omit[0]: give either family or id, not both"}},
		{"omit empty reason", discHdr + "omit:\n  - {family: X, reason: \"  \"}\n", []string{"t.yaml:12:25: omit[0].reason: must not be empty"}},
		{"omit no reason", discHdr + "omit:\n  - {family: X}\n", []string{"t.yaml:12:5: omit[0].reason: missing required field"}},
		{"omit empty family", discHdr + "omit:\n  - {family: \"\", reason: y}\n", []string{"t.yaml:12:14: omit[0].family: must not be empty"}},
		{"omit duplicate", discHdr + "omit:\n  - {family: X, reason: y}\n  - {family: x, reason: z}\n", []string{"t.yaml:13:5: omit[1]: duplicate omission (first at t.yaml:12:5)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Parse("t.yaml", []byte(tt.in))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Parse: unexpected error:\n%v", err)
				}
				if tt.name == "ok" {
					d := c.Discovery
					if d == nil || len(d.ArXiv) != 2 || d.ArXiv[0].Term != "au:DeepSeek-AI" || d.ArXiv[0].Pos.Line != 12 ||
						len(d.GitHub) != 1 || d.GitHub[0].Name != "deepseek-ai" || len(c.Omit) != 3 ||
						c.Omit[0].Family != "DeepSeek-LLM" || c.Omit[1].ID != "deepseek-ai/Janus-1.3B" || c.Omit[2].Reason != "covered by the family entry" || c.Omit[0].Pos.Line != 15 {
						t.Errorf("parsed %+v, omit %+v", d, c.Omit)
					}
				}
				return
			}
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Parse error %v (%T) is not Errors", err, err)
			}
			got := strings.Split(errs.Error(), "\n")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzSearchTerm(f *testing.F) {
	for _, s := range []string{"au:DeepSeek-AI", "ti:x AND au:y", "", "xx:y", "au:", "au:\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		why := CheckSearchTerm(s)
		if why == "" && (strings.TrimSpace(s) == "" || len(s) > MaxSearchTermLen || !strings.Contains(s, ":")) {
			t.Fatalf("CheckSearchTerm accepted %q", s)
		}
	})
}

func TestDiffDiscoveryAndOmit(t *testing.T) {
	parse := func(extra string) *Catalog {
		c, err := Parse("t.yaml", []byte(hdr+extra))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	base := parse("discovery:\n  arxiv: [\"au:X\"]\nomit:\n  - {family: F, reason: r}\n")
	for _, tc := range []struct {
		extra string
		want  []string
	}{
		{"discovery:\n  arxiv: [\"au:X\"]\nomit:\n  - {family: F, reason: r}\n", nil},
		{"discovery:\n  arxiv: [\"au:Y\"]\nomit:\n  - {family: F, reason: r}\n", []string{"discovery"}},
		{"omit:\n  - {family: F, reason: r}\n", []string{"discovery"}},
		{"discovery:\n  arxiv: [\"au:X\"]\nomit:\n  - {family: F, reason: other}\n", []string{"omit"}},
		{"discovery:\n  arxiv: [\"au:X\"]\n", []string{"omit"}},
	} {
		if got := Diff(base, parse(tc.extra)).Catalog; !cmp.Equal(got, tc.want) {
			t.Errorf("%q: catalog changes %v, want %v", tc.extra, got, tc.want)
		}
	}
}

// FuzzParseDiscovery: the discovery and omit keys never panic the loader, and
// what it accepts holds only valid terms and complete omissions.
func FuzzParseDiscovery(f *testing.F) {
	f.Add("discovery:\n  arxiv: [\"au:DeepSeek-AI\"]\n  github: [deepseek-ai]\nomit:\n  - {family: F, reason: r}\n")
	f.Add("discovery: {}\nomit: []\n")
	f.Add("omit:\n  - {id: 2401.02954, reason: \"x\"}\n  - {family: &a F, reason: *a}\n")
	f.Fuzz(func(t *testing.T, extra string) {
		c, err := Parse("t.yaml", []byte(hdr+extra))
		if err != nil || c == nil {
			return
		}
		if c.Discovery != nil {
			for _, s := range c.Discovery.ArXiv {
				if why := CheckSearchTerm(s.Term); why != "" {
					t.Fatalf("accepted term %q: %s", s.Term, why)
				}
			}
		}
		for _, o := range c.Omit {
			if (o.Family == "") == (o.ID == "") || strings.TrimSpace(o.Reason) == "" {
				t.Fatalf("accepted omission %+v", o)
			}
		}
	})
}
