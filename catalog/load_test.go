package catalog

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/claimcheck/claimcheck/internal/testkit/golden"
)

func TestLoadValidGolden(t *testing.T) {
	t.Parallel()
	c, err := Load("testdata/valid.yaml")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	golden.CheckJSON(t, filepath.Join("testdata", "valid.golden.json"), c)
}

func TestLoadValid(t *testing.T) {
	t.Parallel()
	c, err := Load("testdata/valid.yaml")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got, want := c.Pos, (Pos{"testdata/valid.yaml", 1, 1}); got != want {
		t.Errorf("catalog pos = %v, want %v", got, want)
	}
	if c.Name != "Example research guide" || c.AsOf != (Date{2026, 5, 10, PrecisionDay}) {
		t.Errorf("name/as_of = %q/%v", c.Name, c.AsOf)
	}
	if len(c.Entries) != 2 || c.ClaimCount() != 8 {
		t.Fatalf("entries=%d claims=%d, want 2 and 8", len(c.Entries), c.ClaimCount())
	}
	e := c.Entry("deepseek-v3")
	if e == nil {
		t.Fatal("entry deepseek-v3 not found")
	}
	if c.Entry("nope") != nil {
		t.Error("Entry(nope) != nil")
	}
	if got, want := e.Pos, (Pos{"testdata/valid.yaml", 15, 5}); got != want {
		t.Errorf("entry pos = %v, want %v", got, want)
	}
	if got, want := e.Sources.ArXiv, []ArXivRef{{ID: "2412.19437", Version: 2, Pos: Pos{"testdata/valid.yaml", 21, 15}}}; !cmp.Equal(got, want) {
		t.Errorf("arxiv = %v, want %v", got, want)
	}
	if got := e.Sources.GitHub[0]; got.Owner != "deepseek-ai" || got.Repo != "DeepSeek-V3" || got.Pos.Line != 22 {
		t.Errorf("github = %+v", got)
	}
	if got := e.Sources.URLs[0].Pos; got != (Pos{"testdata/valid.yaml", 26, 14}) {
		t.Errorf("url pos = %v", got)
	}
	p := e.Claim("params-total")
	if p == nil || p.Pos != (Pos{"testdata/valid.yaml", 28, 9}) {
		t.Fatalf("claim params-total = %+v", p)
	}
	if *p.Quantity != (Quantity{Value: 671e9, Unit: UnitParameters}) || p.Subject != "deepseek-ai/DeepSeek-V3" {
		t.Errorf("params-total = %+v %+v", p, p.Quantity)
	}
	if got := e.Claim("tokens").Quantity.Value; got != 14.8e12 {
		t.Errorf("tokens = %v", got)
	}
	if got := e.Claim("context").Quantity; *got != (Quantity{Value: 131072, Unit: UnitTokens}) {
		t.Errorf("context = %+v", got)
	}
	if got := e.Claim("published").Date; *got != (Date{Year: 2024, Month: 12, Precision: PrecisionMonth}) {
		t.Errorf("published = %+v", got)
	}
	api := c.Entry("deepseek-api")
	if got := api.Claim("chat-retirement").Date; *got != (Date{2026, 7, 24, PrecisionDay}) {
		t.Errorf("retirement = %+v", got)
	}
	if got := api.Claim("chat-listed").Until; got == nil || *got != (Date{2026, 7, 24, PrecisionDay}) {
		t.Errorf("until = %+v", got)
	}
	if got := api.Claim("v4-status").Value; got != "preview" {
		t.Errorf("status normalised to %q, want preview", got)
	}
	if got := *api.Claim("languages").Quantity; got != (Quantity{Value: 100, Max: 999, Unit: UnitLanguages, Approx: true}) {
		t.Errorf("languages = %+v", got)
	}
}

func TestDefault(t *testing.T) {
	t.Parallel()
	c, err := Default()
	if err != nil {
		t.Fatalf("embedded catalog is invalid:\n%v", err)
	}
	if c.Path != DefaultPath || len(c.Entries) == 0 {
		t.Errorf("Default() path=%q entries=%d", c.Path, len(c.Entries))
	}
	for _, e := range c.Entries {
		if e.Pos.File != DefaultPath || e.Pos.Line == 0 {
			t.Errorf("entry %s has position %v", e.ID, e.Pos)
		}
	}
	// Each call returns a fresh catalog.
	c.Entries[0].ID = "changed"
	c2, _ := Default()
	if c2.Entries[0].ID == "changed" {
		t.Error("Default() returned a shared catalog")
	}
}

// hdr is a valid catalog head: lines 1-10; cases append from line 11.
const hdr = `name: T
as_of: 2026-05-10
organisations:
  github: [deepseek-ai]
  huggingface: [deepseek-ai]
hosts: [github.com, openaccess.thecvf.com]
entries:
  - id: e1
    kind: paper
    name: E
`

// claimHdr opens a claims list: lines 11-12; the claim's keys start on line 13.
const claimHdr = hdr + `    claims:
      - id: c1
`

func TestValidationErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"ok", hdr, nil},
		// catalog level
		{"top not a mapping", "- a\n", []string{"t.yaml:1:1: (root): must be a mapping"}},
		{"unknown top field", hdr + "nmae: x\n", []string{`t.yaml:11:1: nmae: unknown field "nmae" (want one of name, as_of, organisations, hosts, docs_sites, sources, discovery, omit, checklist, entries)`}},
		{"duplicate key", hdr + "name: U\n", []string{"t.yaml:11:1: name: duplicate key (first at line 1)"}},
		{"missing name and as_of", "entries: []\n", []string{
			"t.yaml:1:1: as_of: missing required field",
			"t.yaml:1:1: name: missing required field",
		}},
		{"missing entries", "name: T\nas_of: 2026-05-10\n", []string{"t.yaml:1:1: entries: missing required field"}},
		{"empty name", strings.Replace(hdr, "name: T", "name: ''", 1), []string{"t.yaml:1:7: name: must not be empty"}},
		{"name not a scalar", strings.Replace(hdr, "name: T", "name: [T]", 1), []string{"t.yaml:1:7: name: must be a single value, not a list"}},
		{"as_of unparsable", strings.Replace(hdr, "as_of: 2026-05-10", "as_of: May 10, 2026", 1), []string{`t.yaml:2:8: as_of: date "May 10, 2026": want YYYY, YYYY-MM or YYYY-MM-DD`}},
		{"as_of month", strings.Replace(hdr, "as_of: 2026-05-10", "as_of: 2026-05", 1), []string{`t.yaml:2:8: as_of: must be a full date YYYY-MM-DD, got "2026-05"`}},
		{"as_of missing day", strings.Replace(hdr, "as_of: 2026-05-10", "as_of: 2026-02-30", 1), []string{`t.yaml:2:8: as_of: date "2026-02-30": day out of range`}},
		{"unknown platform", strings.Replace(hdr, "  github: [deepseek-ai]", "  gitlab: [deepseek-ai]", 1), []string{`t.yaml:4:3: organisations.gitlab: unknown field "gitlab" (want one of github, huggingface)`}},
		{"bad organisation name", strings.Replace(hdr, "  github: [deepseek-ai]", "  github: [deepseek-ai, -bad]", 1), []string{`t.yaml:4:25: organisations.github[1]: invalid github organisation name "-bad"`}},
		{"duplicate organisation", strings.Replace(hdr, "  github: [deepseek-ai]", "  github: [deepseek-ai, DeepSeek-AI]", 1), []string{`t.yaml:4:25: organisations.github[1]: duplicate organisation "DeepSeek-AI"`}},
		{"host with scheme", strings.Replace(hdr, "hosts: [github.com,", "hosts: [https://github.com,", 1), []string{
			`t.yaml:6:9: hosts[0]: "https://github.com" is not a bare host name (no scheme, port, path or user; e.g. github.com)`,
		}},
		{"host with port and path", strings.Replace(hdr, "hosts: [github.com, openaccess.thecvf.com]", "hosts: [github.com, 'a.org:443', a.org/x]", 1), []string{
			`t.yaml:6:21: hosts[1]: "a.org:443" is not a bare host name (no scheme, port, path or user; e.g. github.com)`,
			`t.yaml:6:34: hosts[2]: "a.org/x" is not a bare host name (no scheme, port, path or user; e.g. github.com)`,
		}},
		{"internal hosts", strings.Replace(hdr, "hosts: [github.com, openaccess.thecvf.com]", "hosts: [github.com, openaccess.thecvf.com, 169.254.169.254, localhost, 2130706433, metadata.google.internal, intranet]", 1), []string{
			`t.yaml:6:44: hosts[2]: "169.254.169.254" is an IP address: an official host is a public DNS name (a catalog must never point claimcheck at internal addresses)`,
			`t.yaml:6:61: hosts[3]: "localhost" is a local name: an official host is a public DNS name (a catalog must never point claimcheck at internal addresses)`,
			`t.yaml:6:72: hosts[4]: "2130706433" is an IP address: an official host is a public DNS name (a catalog must never point claimcheck at internal addresses)`,
			`t.yaml:6:84: hosts[5]: "metadata.google.internal" is a name reserved for local or internal use: an official host is a public DNS name (a catalog must never point claimcheck at internal addresses)`,
			`t.yaml:6:110: hosts[6]: "intranet" is a single-label (intranet) name: an official host is a public DNS name (a catalog must never point claimcheck at internal addresses)`,
		}},
		{"duplicate host", strings.Replace(hdr, "hosts: [github.com,", "hosts: [github.com, GitHub.com,", 1), []string{`t.yaml:6:21: hosts[1]: duplicate host "GitHub.com"`}},
		{"hosts not a list", strings.Replace(hdr, "hosts: [github.com, openaccess.thecvf.com]", "hosts: github.com", 1), []string{`t.yaml:6:8: hosts: must be a list`}},
		// entries
		{"entries not a list", "name: T\nas_of: 2026-05-10\nentries: {a: b}\n", []string{"t.yaml:3:10: entries: must be a list"}},
		{"entry not a mapping", hdr + "  - just text\n", []string{"t.yaml:11:5: entries[1]: must be a mapping"}},
		{"unknown entry field", hdr + "    titel: x\n", []string{`t.yaml:11:5: entries[0].titel: unknown field "titel" (want one of id, kind, name, year, topic, sources, claims)`}},
		{"missing entry fields", hdr + "  - year: '2024'\n", []string{
			"t.yaml:11:5: entries[1].id: missing required field",
			"t.yaml:11:5: entries[1].kind: missing required field",
			"t.yaml:11:5: entries[1].name: missing required field",
		}},
		{"bad entry id", strings.Replace(hdr, "id: e1", "id: E_1!", 1), []string{
			`t.yaml:8:9: entries[0].id: invalid id "E_1!": want lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (max 128)`,
		}},
		{"unknown kind", strings.Replace(hdr, "kind: paper", "kind: blog", 1), []string{
			`t.yaml:9:11: entries[0].kind: unknown kind "blog" (want one of paper, model, release_note, api, organisation)`,
		}},
		{"duplicate entry id", hdr + "  - id: e1\n    kind: model\n    name: F\n", []string{`t.yaml:11:9: entries[1].id: duplicate entry id "e1" (first at t.yaml:8:9)`}},
		// sources
		{"unknown source kind", hdr + "    sources:\n      gitlab: [a/b]\n", []string{
			`t.yaml:12:7: entries[0].sources.gitlab: unknown field "gitlab" (want one of arxiv, github, huggingface, docs, doi, urls)`,
		}},
		{"source list not a list", hdr + "    sources:\n      arxiv: 2412.19437\n", []string{"t.yaml:12:14: entries[0].sources.arxiv: must be a list"}},
		{"arxiv ids", hdr + "    sources:\n      arxiv: [2412.1943, 'arXiv:2412.19437', 1413.12345, 0612.1234, 1412.12345, hep-ex/0406020v2, math.GT/0309136, hep-ex/1206020, 2412.19437v0]\n", []string{
			`t.yaml:12:15: entries[0].sources.arxiv[0]: malformed arXiv id "2412.1943": ids from 1501 on have 5 digits after the dot`,
			`t.yaml:12:26: entries[0].sources.arxiv[1]: malformed arXiv id "arXiv:2412.19437": drop the arXiv: prefix`,
			`t.yaml:12:46: entries[0].sources.arxiv[2]: malformed arXiv id "1413.12345": month out of range`,
			`t.yaml:12:58: entries[0].sources.arxiv[3]: malformed arXiv id "0612.1234": new-style ids start in 0704`,
			`t.yaml:12:69: entries[0].sources.arxiv[4]: malformed arXiv id "1412.12345": ids before 1501 have 4 digits after the dot`,
			`t.yaml:12:116: entries[0].sources.arxiv[7]: malformed arXiv id "hep-ex/1206020": old-style ids run from 9108 to 0703`,
			`t.yaml:12:132: entries[0].sources.arxiv[8]: malformed arXiv id "2412.19437v0": want YYMM.NNNNN or archive/YYMMNNN, optionally with vN`,
		}},
		{"github repos", hdr + "    sources:\n      github: [deepseek-ai, deepseek-ai/DeepSeek-V3.git, someone/repo, deepseek-ai/a/b]\n", []string{
			`t.yaml:12:16: entries[0].sources.github[0]: malformed GitHub repository "deepseek-ai": want owner/repo`,
			`t.yaml:12:29: entries[0].sources.github[1]: malformed GitHub repository "deepseek-ai/DeepSeek-V3.git": drop the .git suffix`,
			`t.yaml:12:58: entries[0].sources.github[2]: organisation "someone" is not an official github organisation (see organisations.github)`,
			`t.yaml:12:72: entries[0].sources.github[3]: malformed GitHub repository "deepseek-ai/a/b": want owner/repo`,
		}},
		{"huggingface ids", hdr + "    sources:\n      huggingface: [deepseek-ai/, evil/model, deepseek-ai/x--y, deepseek-ai/DeepSeek-R1]\n", []string{
			`t.yaml:12:21: entries[0].sources.huggingface[0]: malformed Hugging Face id "deepseek-ai/": want owner/name`,
			`t.yaml:12:35: entries[0].sources.huggingface[1]: organisation "evil" is not an official huggingface organisation (see organisations.huggingface)`,
			`t.yaml:12:47: entries[0].sources.huggingface[2]: malformed Hugging Face id "deepseek-ai/x--y": want owner/name`,
		}},
		{"docs slugs", hdr + "    sources:\n      docs: [/news/x, 'news?x=1', news/../x, news/news1226]\n", []string{
			`t.yaml:12:14: entries[0].sources.docs[0]: malformed docs slug "/news/x": want a page path without leading slash, query or fragment (e.g. news/news1226)`,
			`t.yaml:12:23: entries[0].sources.docs[1]: malformed docs slug "news?x=1": want a page path without leading slash, query or fragment (e.g. news/news1226)`,
			`t.yaml:12:35: entries[0].sources.docs[2]: malformed docs slug "news/../x": want a page path without leading slash, query or fragment (e.g. news/news1226)`,
			`t.yaml:12:46: entries[0].sources.docs[3]: docs slug "news/news1226" but the catalog declares no docs site: add docs_sites: [{base: https://…}] (its host must be on hosts)`,
		}},
		{"dois", hdr + "    sources:\n      doi: [11.1000/x, 10.1/x, 'https://doi.org/10.1038/x', 10.1038/s41586-025-09422-z]\n", []string{
			`t.yaml:12:13: entries[0].sources.doi[0]: DOI "11.1000/x" must start with "10."`,
			`t.yaml:12:24: entries[0].sources.doi[1]: malformed DOI "10.1/x": want 10.NNNN/suffix`,
			`t.yaml:12:32: entries[0].sources.doi[2]: DOI "https://doi.org/10.1038/x" must start with "10."`,
		}},
		{"urls", hdr + "    sources:\n      urls:\n" +
			"        - ftp://github.com/x\n" +
			"        - https://evil.example.com/x\n" +
			"        - https://github.com:8443/x\n" +
			"        - https://user@github.com/\n" +
			"        - not a url\n" +
			"        - https://GitHub.com/deepseek-ai\n" +
			"        - https:///x\n", []string{
			`t.yaml:13:11: entries[0].sources.urls[0]: URL "ftp://github.com/x" must use https`,
			`t.yaml:14:11: entries[0].sources.urls[1]: host "evil.example.com" is not on the allow-list (hosts); the URL will not be fetched`,
			`t.yaml:15:11: entries[0].sources.urls[2]: URL "https://github.com:8443/x" must not carry a port`,
			`t.yaml:16:11: entries[0].sources.urls[3]: URL "https://user@github.com/" must not carry user info`,
			`t.yaml:17:11: entries[0].sources.urls[4]: URL "not a url" must not contain white space`,
			`t.yaml:19:11: entries[0].sources.urls[6]: URL "https:///x" has no host`,
		}},
		{"duplicate source", hdr + "    sources:\n      arxiv: [2412.19437, 2412.19437]\n", []string{
			`t.yaml:12:27: entries[0].sources.arxiv[1]: duplicate source "2412.19437" (first at t.yaml:12:15)`,
		}},
		{"empty source", hdr + "    sources:\n      arxiv: ['']\n", []string{`t.yaml:12:15: entries[0].sources.arxiv[0]: must not be empty`}},
		{"catalog-wide sources", strings.Replace(hdr, "entries:", "sources:\n  docs: [/updates]\nentries:", 1), []string{
			`t.yaml:8:10: sources.docs[0]: malformed docs slug "/updates": want a page path without leading slash, query or fragment (e.g. news/news1226)`,
		}},
		{"no organisations", "name: T\nas_of: 2026-05-10\nentries:\n  - id: e\n    kind: model\n    name: E\n    sources: {github: [deepseek-ai/x]}\n", []string{
			`t.yaml:7:24: entries[0].sources.github[0]: organisation "deepseek-ai" is not an official github organisation (see organisations.github)`,
		}},
		// claims
		{"unknown claim field", claimHdr + "        type: name\n        field: title\n        valu: x\n", []string{
			`t.yaml:12:9: entries[0].claims[0].value: missing required field`,
			`t.yaml:15:9: entries[0].claims[0].valu: unknown field "valu" (want one of id, type, field, value, unit, subject, until, quote)`,
		}},
		{"missing claim fields", hdr + "    claims:\n      - quote: x\n", []string{
			`t.yaml:12:9: entries[0].claims[0].field: missing required field`,
			`t.yaml:12:9: entries[0].claims[0].id: missing required field`,
			`t.yaml:12:9: entries[0].claims[0].type: missing required field`,
			`t.yaml:12:9: entries[0].claims[0].value: missing required field`,
		}},
		{"claims not a list", hdr + "    claims: {a: b}\n", []string{"t.yaml:11:13: entries[0].claims: must be a list"}},
		{"duplicate claim id", claimHdr + "        type: name\n        field: title\n        value: x\n      - {id: c1, type: name, field: title, value: y}\n", []string{
			`t.yaml:16:14: entries[0].claims[1].id: duplicate claim id "c1" in entry (first at t.yaml:12:13)`,
		}},
		{"same claim id in two entries", claimHdr + "        type: name\n        field: title\n        value: x\n  - id: e2\n    kind: model\n    name: F\n    claims: [{id: c1, type: name, field: title, value: y}]\n", nil},
		{"bad claim id", strings.Replace(claimHdr, "id: c1", "id: -c", 1) + "        type: name\n        field: title\n        value: x\n", []string{
			`t.yaml:12:13: entries[0].claims[0].id: invalid id "-c": want lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (max 128)`,
		}},
		{"unknown claim type", claimHdr + "        type: number\n        field: params_total\n        value: 1B\n", []string{
			`t.yaml:13:15: entries[0].claims[0].type: unknown claim type "number" (want one of count, context, date, name, venue, license, phrase, status, deadline)`,
		}},
		{"field not in vocabulary", claimHdr + "        type: name\n        field: params\n        value: x\n", []string{
			`t.yaml:14:16: entries[0].claims[0].field: unknown field "params" (not in the field vocabulary)`,
		}},
		{"field not allowed for type", claimHdr + "        type: name\n        field: params_total\n        value: 671B\n", []string{
			`t.yaml:14:16: entries[0].claims[0].field: field params_total does not take name claims (want count)`,
		}},
		{"count without unit", claimHdr + "        type: count\n        field: params_total\n        value: 671B\n", []string{
			`t.yaml:12:9: entries[0].claims[0].unit: missing required field (count claims need a unit: parameters, tokens, languages)`,
		}},
		{"unit on a non-count", claimHdr + "        type: context\n        field: context_length\n        value: 128K\n        unit: tokens\n", []string{
			`t.yaml:16:15: entries[0].claims[0].unit: unit is only allowed on count claims`,
		}},
		{"unknown unit", claimHdr + "        type: count\n        field: params_total\n        value: 671B\n        unit: params\n", []string{
			`t.yaml:16:15: entries[0].claims[0].unit: unknown unit "params" (want one of parameters, tokens, languages)`,
		}},
		{"unit not the field's", claimHdr + "        type: count\n        field: params_total\n        value: 671B\n        unit: tokens\n", []string{
			`t.yaml:16:15: entries[0].claims[0].unit: field params_total counts parameters, not tokens`,
		}},
		{"unparsable count", claimHdr + "        type: count\n        field: params_total\n        value: lots\n        unit: parameters\n", []string{
			`t.yaml:15:16: entries[0].claims[0].value: count "lots": want a number with an optional K, M, B or T suffix`,
		}},
		{"backwards range", claimHdr + "        type: count\n        field: model_sizes\n        value: 33B-1.3B\n        unit: parameters\n", []string{
			`t.yaml:15:16: entries[0].claims[0].value: count range "33B-1.3B": low end must be below high end`,
		}},
		{"unparsable context", claimHdr + "        type: context\n        field: context_length\n        value: 128Q\n", []string{
			`t.yaml:15:16: entries[0].claims[0].value: context length "128Q": want a number with an optional K or M suffix (128K, 1M, 4096)`,
		}},
		{"bad date", claimHdr + "        type: date\n        field: released\n        value: 2024-13\n", []string{
			`t.yaml:15:16: entries[0].claims[0].value: date "2024-13": month out of range`,
		}},
		{"deadline without day", claimHdr + "        type: deadline\n        field: retirement\n        value: 2026-07\n", []string{
			`t.yaml:15:16: entries[0].claims[0].value: a deadline needs a full date YYYY-MM-DD, got "2026-07"`,
		}},
		{"year field with a month", claimHdr + "        type: date\n        field: year\n        value: 2024-12\n", []string{
			`t.yaml:15:16: entries[0].claims[0].value: field year takes a date of year precision, got "2024-12"`,
		}},
		{"unknown status", claimHdr + "        type: status\n        field: release_status\n        value: alpha\n", []string{
			`t.yaml:15:16: entries[0].claims[0].value: unknown status "alpha" (want one of preview, experimental, distilled, full, ga, beta)`,
		}},
		{"bad until", claimHdr + "        type: name\n        field: api_model\n        value: deepseek-chat\n        until: soon\n", []string{
			`t.yaml:16:16: entries[0].claims[0].until: date "soon": want YYYY, YYYY-MM or YYYY-MM-DD`,
		}},
		{"empty value", claimHdr + "        type: phrase\n        field: phrase\n        value: ' '\n", []string{
			`t.yaml:15:16: entries[0].claims[0].value: must not be empty`,
		}},
		{"value a mapping", claimHdr + "        type: venue\n        field: venue\n        value: {a: b}\n", []string{
			`t.yaml:15:16: entries[0].claims[0].value: must be a single value, not a mapping`,
		}},
		// YAML level
		{"anchor and alias", hdr + "    topic: &t x\n    year: *t\n", []string{
			"t.yaml:11:12: YAML anchors are not allowed in a catalog (&t)",
			"t.yaml:12:11: YAML aliases are not allowed in a catalog (*t)",
		}},
		{"merge key", hdr + "  - &e {id: e2, kind: paper, name: F}\n  - <<: *e\n    id: e3\n", []string{
			"t.yaml:11:5: YAML anchors are not allowed in a catalog (&e)",
			"t.yaml:12:9: YAML aliases are not allowed in a catalog (*e)",
		}},
		{"explicit tag", hdr + "    topic: !!binary aGVsbG8=\n", []string{"t.yaml:11:12: YAML tag !!binary is not allowed in a catalog"}},
		{"str tag allowed", hdr + "    topic: !!str 2024\n", nil},
		{"multiple documents", hdr + "---\nname: U\n", []string{"t.yaml:11:1: multiple YAML documents: a catalog is exactly one document"}},
		{"empty file", "", []string{"t.yaml:1:1: empty catalog"}},
		{"comments only", "# nothing\n", []string{"t.yaml:1:1: empty catalog"}},
		{"syntax error", hdr + "    name: [unclosed\n", []string{"t.yaml:11:1: invalid YAML: did not find expected ',' or ']'"}},
		{"tab in indentation", "name: x\nas_of: 2026-01-01\nentries:\n  - id: a\n\tkind: paper\n", []string{"t.yaml:5:1: invalid YAML: found a tab character that violates indentation"}},
		{"tab in a folded scalar", "name: >\n\tfoo\nas_of: 2026-01-01\nentries: []\n", []string{"t.yaml:2:1: invalid YAML: found a tab character where an indentation space is expected"}},
		{"mapping value in a value", hdr + "    topic: a: b\n", []string{"t.yaml:11:1: invalid YAML: mapping values are not allowed in this context"}},
		{"bad indentation", hdr + "    topic: a\n   year: b\n", []string{"t.yaml:8:1: invalid YAML: did not find expected '-' indicator"}},
		{"tab indentation", "name: T\n\tas_of: x\n", []string{"t.yaml:2:1: invalid YAML: found a tab character that violates indentation"}},
		{"too deep", hdr + "    topic: " + strings.Repeat("[", 20) + strings.Repeat("]", 20) + "\n", []string{"t.yaml:11:21: nesting deeper than 12 levels"}},
		{"all at once", strings.Replace(hdr, "hosts: [github.com,", "hosts: [github.com, 'http://x.org',", 1) +
			"    sources: {urls: ['https://bad.example/x']}\n  - {id: e1, kind: model, name: X, claims: [{id: d, type: date, field: released, value: 2024-13}]}\n", []string{
			`t.yaml:6:21: hosts[1]: "http://x.org" is not a bare host name (no scheme, port, path or user; e.g. github.com)`,
			`t.yaml:11:22: entries[0].sources.urls[0]: host "bad.example" is not on the allow-list (hosts); the URL will not be fetched`,
			`t.yaml:12:10: entries[1].id: duplicate entry id "e1" (first at t.yaml:8:9)`,
			`t.yaml:12:89: entries[1].claims[0].value: date "2024-13": month out of range`,
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
				if c == nil {
					t.Fatal("Parse returned nil catalog and nil error")
				}
				return
			}
			if c != nil {
				t.Errorf("Parse returned a catalog along with errors")
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
