package catalog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const diffBase = `name: T
as_of: 2026-05-10
organisations: {github: [deepseek-ai]}
hosts: [github.com]
entries:
  - id: a
    kind: paper
    name: A
    sources: {arxiv: [2412.19437], github: [deepseek-ai/x]}
    claims:
      - {id: p, type: count, field: params_total, value: 671B, unit: parameters, quote: one}
      - {id: c, type: context, field: context_length, value: 128K}
      - {id: r, type: deadline, field: retirement, value: 2026-07-24}
  - id: b
    kind: model
    name: B
    claims:
      - {id: n, type: name, field: model_name, value: B}
`

func TestDiff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(string) string
		want Changes
	}{
		{"identical", func(s string) string { return s }, Changes{}},
		{"moved lines, reordered claims and sources, changed quote", func(s string) string {
			s = strings.Replace(s, "entries:\n", "entries:\n\n\n", 1)
			s = strings.Replace(s, "{arxiv: [2412.19437], github: [deepseek-ai/x]}", "{github: [deepseek-ai/x], arxiv: [2412.19437]}", 1)
			s = strings.Replace(s, "quote: one", "quote: two", 1)
			return strings.Replace(s,
				"      - {id: c, type: context, field: context_length, value: 128K}\n      - {id: r, type: deadline, field: retirement, value: 2026-07-24}\n",
				"      - {id: r, type: deadline, field: retirement, value: 2026-07-24}\n      - {id: c, type: context, field: context_length, value: 128K}\n", 1)
		}, Changes{}},
		{"claim value, unit and until changed", func(s string) string {
			s = strings.Replace(s, "value: 671B, unit: parameters", "value: 685B, unit: parameters", 1)
			return strings.Replace(s, "value: 128K}", "value: 128K, until: 2026-12}", 1)
		}, Changes{ClaimsChanged: []ClaimChange{
			{EntryID: "a", ClaimID: "p", Fields: []string{"value"}, Pos: Pos{"head", 11, 9}, BasePos: Pos{"base", 11, 9}},
			{EntryID: "a", ClaimID: "c", Fields: []string{"until"}, Pos: Pos{"head", 12, 9}, BasePos: Pos{"base", 12, 9}},
		}}},
		{"claim type, field and subject changed", func(s string) string {
			return strings.Replace(s, "{id: n, type: name, field: model_name, value: B}", "{id: n, type: phrase, field: phrase, value: B, subject: x}", 1)
		}, Changes{ClaimsChanged: []ClaimChange{
			{EntryID: "b", ClaimID: "n", Fields: []string{"type", "field", "subject"}, Pos: Pos{"head", 18, 9}, BasePos: Pos{"base", 18, 9}},
		}}},
		{"entry name, kind and sources changed", func(s string) string {
			s = strings.Replace(s, "name: A", "name: A2", 1)
			s = strings.Replace(s, "kind: paper", "kind: model", 1)
			return strings.Replace(s, "arxiv: [2412.19437]", "arxiv: [2412.19437v2]", 1)
		}, Changes{EntriesChanged: []EntryChange{
			{EntryID: "a", Fields: []string{"name", "kind", "sources"}, Pos: Pos{"head", 6, 5}, BasePos: Pos{"base", 6, 5}},
		}}},
		{"entry added and removed, claim added and removed", func(s string) string {
			s = strings.Replace(s, "  - id: b\n    kind: model\n    name: B\n", "  - id: d\n    kind: model\n    name: D\n", 1)
			return strings.Replace(s, "      - {id: c, type: context, field: context_length, value: 128K}\n", "      - {id: c2, type: context, field: context_length, value: 128K}\n", 1)
		}, Changes{
			EntriesAdded:   []EntryChange{{EntryID: "d", Pos: Pos{"head", 14, 5}}},
			EntriesRemoved: []EntryChange{{EntryID: "b", BasePos: Pos{"base", 14, 5}}},
			ClaimsAdded: []ClaimChange{
				{EntryID: "a", ClaimID: "c2", Pos: Pos{"head", 12, 9}},
				{EntryID: "d", ClaimID: "n", Pos: Pos{"head", 18, 9}},
			},
			ClaimsRemoved: []ClaimChange{
				{EntryID: "a", ClaimID: "c", BasePos: Pos{"base", 12, 9}},
				{EntryID: "b", ClaimID: "n", BasePos: Pos{"base", 18, 9}},
			},
		}},
		{"catalog level", func(s string) string {
			s = strings.Replace(s, "as_of: 2026-05-10", "as_of: 2026-06-01", 1)
			return strings.Replace(s, "hosts: [github.com]", "hosts: [github.com, arxiv.org]", 1)
		}, Changes{Catalog: []string{"as_of", "hosts"}}},
	}
	base, err := Parse("base", []byte(diffBase))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			head, err := Parse("head", []byte(tt.edit(diffBase)))
			if err != nil {
				t.Fatalf("head: %v", err)
			}
			got := Diff(base, head)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Diff mismatch (-want +got):\n%s", diff)
			}
			if got.Empty() != cmp.Equal(tt.want, Changes{}) {
				t.Errorf("Empty() = %v", got.Empty())
			}
		})
	}
}
