package gate

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/reports"
)

// baseYAML is a small catalog; the tests edit it with strings.Replace.
const baseYAML = `name: Select test
as_of: 2026-05-10
organisations:
  github: [deepseek-ai]
  huggingface: [deepseek-ai]
hosts: [export.arxiv.org, arxiv.org]
entries:
  - id: v3
    kind: paper
    name: DeepSeek-V3 Technical Report
    sources:
      arxiv: [2412.19437]
    claims:
      - id: title
        type: name
        field: title
        value: DeepSeek-V3 Technical Report
      - id: published
        type: date
        field: published
        value: 2024-12
        quote: first on arXiv in December 2024
  - id: r1
    kind: paper
    name: DeepSeek-R1
    sources:
      arxiv: [2501.12948]
    claims:
      - id: published
        type: date
        field: published
        value: 2025-01
`

func mustParse(t *testing.T, name, src string) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Parse(name, []byte(src))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return c
}

// edit applies old→new replacements to baseYAML, failing when one does not apply.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	s := baseYAML
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("edit: %q not in the base catalog", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

type targetKey struct{ ID, Why string }

func TestSelect(t *testing.T) {
	t.Parallel()
	addedClaim := "      - id: published\n        type: date\n        field: published\n        value: 2025-01\n"
	tests := []struct {
		name    string
		head    string
		nilBase bool
		entries []string
		targets []targetKey
		info    reports.GateInfo
	}{
		{name: "nothing changed", head: baseYAML, info: reports.GateInfo{}},
		{name: "only the quote changed", head: edit(t, "first on arXiv in December 2024", "December 2024 on arXiv"), info: reports.GateInfo{}},
		{name: "claims reordered and moved", head: edit(t,
			"      - id: title\n        type: name\n        field: title\n        value: DeepSeek-V3 Technical Report\n", "",
			"        quote: first on arXiv in December 2024\n", "        quote: first on arXiv in December 2024\n      - id: title\n        type: name\n        field: title\n        value: DeepSeek-V3 Technical Report\n"),
			info: reports.GateInfo{}},
		{name: "one value changed", head: edit(t, "value: 2024-12", "value: 2025-01"),
			entries: []string{"v3"}, targets: []targetKey{{"v3/published", WhyChanged}},
			info: reports.GateInfo{Changed: []string{"v3/published"}}},
		{name: "claim added to an existing entry", head: edit(t, "        value: 2025-01\n", "        value: 2025-01\n      - id: title\n        type: name\n        field: title\n        value: DeepSeek-R1\n"),
			entries: []string{"r1"}, targets: []targetKey{{"r1/title", WhyAdded}},
			info: reports.GateInfo{Added: []string{"r1/title"}}},
		{name: "claim removed", head: edit(t, "      - id: title\n        type: name\n        field: title\n        value: DeepSeek-V3 Technical Report\n", ""),
			info: reports.GateInfo{Removed: []string{"v3/title"}}},
		{name: "entry removed", head: baseYAML[:strings.Index(baseYAML, "  - id: r1")],
			info: reports.GateInfo{Removed: []string{"r1"}}},
		{name: "entry added", head: baseYAML + "  - id: math\n    kind: paper\n    name: DeepSeekMath\n    sources:\n      arxiv: [2402.03300]\n    claims:\n" + strings.ReplaceAll(addedClaim, "2025-01", "2024-02"),
			entries: []string{"math"}, targets: []targetKey{{"math/published", WhyAdded}},
			info: reports.GateInfo{Added: []string{"math"}}},
		{name: "entry sources changed: its claims are judged strictly", head: edit(t, "arxiv: [2412.19437]", "arxiv: [2412.19437v2]"),
			entries: []string{"v3"}, targets: []targetKey{{"v3/title", WhyEntryChanged}, {"v3/published", WhyEntryChanged}},
			info: reports.GateInfo{Changed: []string{"v3"}}},
		{name: "entry renamed: selected, claims not strict", head: edit(t, "name: DeepSeek-R1\n", "name: DeepSeek R1\n"),
			entries: []string{"r1"}, info: reports.GateInfo{Changed: []string{"r1"}}},
		{name: "no base: everything added", head: baseYAML, nilBase: true,
			entries: []string{"v3", "r1"}, targets: []targetKey{{"v3/title", WhyAdded}, {"v3/published", WhyAdded}, {"r1/published", WhyAdded}},
			info: reports.GateInfo{Added: []string{"v3", "r1"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var base *catalog.Catalog
			if !tc.nilBase {
				base = mustParse(t, "base.yaml", baseYAML)
			}
			head := mustParse(t, "head.yaml", tc.head)
			s := Select(base, head, "origin/main")
			var got []targetKey
			for _, tg := range s.Targets {
				got = append(got, targetKey{tg.FullID(), tg.Why})
			}
			if diff := cmp.Diff(tc.entries, s.Entries, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("entries (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.targets, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("targets (-want +got):\n%s", diff)
			}
			tc.info.Base = "origin/main"
			if diff := cmp.Diff(tc.info, s.Info, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("gate info (-want +got):\n%s", diff)
			}
			if s.Info.Added == nil || s.Info.Changed == nil || s.Info.Removed == nil {
				t.Errorf("gate info lists must be empty, not nil (JSON [] not null): %+v", s.Info)
			}
			if s.Empty() != (len(tc.entries) == 0) {
				t.Errorf("Empty() = %v with entries %v", s.Empty(), s.Entries)
			}
			for _, tg := range s.Targets {
				if got, ok := s.Target(tg.Entry, tg.Claim); !ok || got.FullID() != tg.FullID() {
					t.Errorf("Target(%s) = %v, %v", tg.FullID(), got, ok)
				}
			}
			if _, ok := s.Target("v3", "no-such-claim"); ok {
				t.Error("Target of an unknown claim found")
			}
		})
	}
}

// lineOf returns the 1-based line of the first line of src containing sub.
func lineOf(t *testing.T, src, sub string) int {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, sub) {
			return i + 1
		}
	}
	t.Fatalf("%q not found", sub)
	return 0
}

func TestPinpoint(t *testing.T) {
	t.Parallel()
	head := edit(t,
		"        value: 2025-01\n", "        subject: DeepSeek-R1\n        value: 2025-01\n",
		"value: 2024-12", "value: 2025-01",
	)
	// The r1 edit adds a subject and keeps the value; the v3 edit changes the value.
	base := mustParse(t, "base.yaml", baseYAML)
	h := mustParse(t, "guide.yaml", head)
	s := Select(base, h, "HEAD")
	pos, err := FieldPositions("guide.yaml", []byte(head))
	if err != nil {
		t.Fatal(err)
	}
	s.Pinpoint(pos)
	want := map[string]catalog.Pos{
		"v3/published": {File: "guide.yaml", Line: lineOf(t, head, "value: 2025-01"), Column: 16},
		"r1/published": {File: "guide.yaml", Line: lineOf(t, head, "subject: DeepSeek-R1"), Column: 18},
	}
	got := map[string]catalog.Pos{}
	for _, tg := range s.Targets {
		got[tg.FullID()] = tg.Pos
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pinpointed positions (-want +got):\n%s", diff)
	}
	// An added claim keeps the claim's own position.
	s2 := Select(nil, h, "HEAD")
	s2.Pinpoint(pos)
	if tg, _ := s2.Target("v3", "title"); tg.Pos != h.Entry("v3").Claim("title").Pos {
		t.Errorf("added claim moved to %v", tg.Pos)
	}
}

func TestFieldPositions(t *testing.T) {
	t.Parallel()
	pos, err := FieldPositions("c.yaml", []byte(baseYAML))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(pos), 3; got != want {
		t.Fatalf("%d claims located, want %d: %v", got, want, pos)
	}
	p := pos["v3/published"]["value"]
	if want := (catalog.Pos{File: "c.yaml", Line: lineOf(t, baseYAML, "value: 2024-12"), Column: 16}); p != want {
		t.Errorf("v3/published value at %v, want %v", p, want)
	}
	if _, err := FieldPositions("bad.yaml", []byte("entries: [\n")); err == nil {
		t.Error("no error for broken YAML")
	}
	for _, odd := range []string{"", "[1, 2]", "entries: 3", "entries: [3, {id: x, claims: 4}, {id: y, claims: [5, {value: 1}]}]"} {
		if _, err := FieldPositions("odd.yaml", []byte(odd)); err != nil {
			t.Errorf("FieldPositions(%q): %v", odd, err)
		}
	}
}

func FuzzFieldPositions(f *testing.F) {
	f.Add([]byte(baseYAML))
	f.Add([]byte("entries:\n  - id: a\n    claims:\n      - {id: b, value: &x 1, unit: *x}\n"))
	f.Add([]byte("entries: [{id: a, claims: [{id: b}]}]"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<14 {
			return
		}
		pos, err := FieldPositions("f.yaml", data)
		if err != nil {
			return
		}
		lines := strings.Count(string(data), "\n") + 1
		for id, keys := range pos {
			if !strings.Contains(id, "/") {
				t.Fatalf("claim id %q has no entry part", id)
			}
			for k, p := range keys {
				if p.File != "f.yaml" || p.Line < 1 || p.Line > lines || p.Column < 1 {
					t.Fatalf("%s.%s at impossible position %v (%d lines)", id, k, p, lines)
				}
			}
		}
	})
}
