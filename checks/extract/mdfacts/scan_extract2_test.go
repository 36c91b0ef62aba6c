package mdfacts

import (
	"slices"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
)

// Tests pinning the scan steps the extract2 refactor named: code fences
// (shared by Scan and htmlTables), wrapped paragraphs and the line each
// sentence is located at, and the Chinese parameter counts.

func TestCJKParamCountsExtract2(t *testing.T) {
	t.Parallel()
	r := Scan("Foo-4 拥有 3550 亿总参数，其中 320 亿激活参数。", Options{})
	got := map[string]float64{}
	for _, f := range r.Facts {
		if f.Quantity != nil && (f.Field == catalog.FieldParamsTotal || f.Field == catalog.FieldParamsActive) {
			got[f.Field+" "+f.Value] = f.Quantity.Value
		}
	}
	want := map[string]float64{"params_total 3550 亿": 355e9, "params_active 320 亿": 32e9}
	if len(got) != len(want) {
		t.Fatalf("facts = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %g, want %g (all: %v)", k, got[k], v, got)
		}
	}
}

func TestScanStepsExtract2(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		lines  []string
		fields []string
		want   []string
	}{{
		// "~~~" inside a "```" fence and "```" inside a "~~~" fence are
		// code; a table inside a fence is never rewritten or read.
		name: "code fences",
		lines: []string{
			"# Foo-2",
			"```text",
			"~~~",
			"It has 11B parameters.",
			"<table><tr><td>Model</td><td>Context Length</td></tr><tr><td>Foo-2</td><td>8K</td></tr></table>",
			"```",
			"It has 22B parameters.",
			"~~~~",
			"It has 33B parameters.",
			"```",
			"It has 44B parameters.",
			"~~~",
			"It has 55B parameters.",
		},
		fields: []string{catalog.FieldParamsTotal, catalog.FieldContextLength},
		want:   []string{"params_total[]=22B@line 7", "params_total[]=55B@line 13"},
	}, {
		name:   "HTML table outside a fence",
		lines:  []string{"intro", "<table>", "<tr><th>Model</th><th>Context Length</th></tr>", "<tr><td>Foo-2-7B</td><td>8K</td></tr>", "</table>"},
		fields: []string{catalog.FieldContextLength},
		want:   []string{"context_length[Foo-2-7B]=8K@line 4"},
	}, {
		// A sentence of a wrapped paragraph is located at the line it
		// starts on, whatever line its value stands on.
		name: "wrapped paragraph",
		lines: []string{
			"Foo-3 is a model with a",
			"context length of 32K tokens. It was",
			"trained on 2T tokens of text.",
			"",
			"It has 7B parameters.",
		},
		fields: []string{catalog.FieldContextLength, catalog.FieldTrainingTokens, catalog.FieldParamsTotal},
		want:   []string{"context_length[]=32K@line 1", "training_tokens[]=2T@line 2", "params_total[]=7B@line 5"},
	}} {
		got := factsOf(Scan(strings.Join(tc.lines, "\n"), Options{}), tc.fields...)
		if g, w := strings.Join(got, "\n"), strings.Join(tc.want, "\n"); g != w {
			t.Errorf("%s: facts:\n%s\nwant:\n%s", tc.name, g, w)
		}
	}
}

// factsOf lists field[model]=value@locator of r's facts of the given fields.
func factsOf(r Result, fields ...string) []string {
	var out []string
	for _, f := range r.Facts {
		if slices.Contains(fields, f.Field) {
			out = append(out, f.Field+"["+f.Model+"]="+f.Value+"@"+f.Locator)
		}
	}
	return out
}
