package arxiv

import (
	"strings"
	"testing"
)

// TestAbstractBindOtherOwner: a value after the introduced model's name
// that belongs to something else (a teacher, models it rivals, an evaluation
// setting) is not the model's: ambiguous, dropped; the model's own values
// stay bound.
func TestAbstractBindOtherOwner(t *testing.T) {
	for _, c := range []struct {
		summary string
		want    []string // "field[model]=value", exactly
	}{
		{"We present Nova-3-Mini, a compact model distilled from a 70B-parameter teacher.", nil},
		{"We present Nova-3-Mini, which rivals models with 70B parameters.", nil},
		{"Nova-3-Mini was evaluated with a 4K context length on RULER.", nil},
		{"We present Nova-3-Mini, a compact language model with 3B parameters, distilled from a 70B-parameter teacher.",
			[]string{"params_total[Nova-3-Mini]=3B"}},
		{"We have also launched the Nova-9B-Chat-1M model that supports 1M context length.", nil},
	} {
		var got []string
		for _, f := range AbstractFacts(c.summary) {
			got = append(got, f.Field+"["+f.Model+"]="+f.Value)
		}
		if strings.Join(got, "; ") != strings.Join(c.want, "; ") {
			t.Errorf("%q: got %q, want %q", c.summary, got, c.want)
		}
	}
}
