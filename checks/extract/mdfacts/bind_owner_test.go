package mdfacts

import (
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks/extract"
)

// TestBindOwnerCard: on a card, a value after the page's model name is that
// model's only when a verb of having, a copula or an appositive stands
// between them; a value that belongs to a teacher, to "models with", to an
// evaluation setting, an extension, an embedding layer is unknown (it may
// verify, never contradict).
func TestBindOwnerCard(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		md, field, value, model string
		want                    extract.Binding
	}{
		// Another owner: unknown.
		{"Nova-3-Mini-X is distilled from a 30B-parameter teacher model.\n", "params_total", "30B", "", extract.BoundUnknown},
		{"Nova-3-Mini-X rivals models with 70B parameters.\n", "params_total", "70B", "", extract.BoundUnknown},
		{"Nova-3-Mini-X was evaluated with a 4K context length on RULER.\n", "context_length", "4K", "", extract.BoundUnknown},
		{"Nova-3-Mini-X is pre-trained with a sequence length of 4096 and extended to 32K.\n", "context_length", "4096", "", extract.BoundUnknown},
		{"Nova-3-Mini-X is pre-trained with a sequence length of 4096 and extended to 32K.\n", "context_length", "32K", "", extract.BoundUnknown},
		{"Nova-3-Mini-X's embedding layer has 0.5B parameters.\n", "params_total", "0.5B", "", extract.BoundUnknown},
		{"Nova-3-Mini-X was trained on 2T tokens, while its teacher saw 18T tokens.\n", "training_tokens", "18T", "", extract.BoundUnknown},
		{"Nova-3-Mini-X has 3B parameters and the teacher model with 30B parameters.\n", "params_total", "30B", "", extract.BoundUnknown},
		// The model's own: named.
		{"Nova-3-Mini-X has 3B parameters.\n", "params_total", "3B", "Nova-3-Mini-X", extract.BoundNamed},
		{"We also release Nova-3-Mini-X, which has 3B total parameters.\n", "params_total", "3B", "Nova-3-Mini-X", extract.BoundNamed},
		{"Nova-3-Mini-X is a compact language model with 3B parameters.\n", "params_total", "3B", "Nova-3-Mini-X", extract.BoundNamed},
		{"Nova-3-Mini-X was pre-trained on over 5.5 trillion tokens and supports a context window of 1 million tokens.\n", "context_length", "1 million tokens", "Nova-3-Mini-X", extract.BoundNamed},
		{"The Nova-3-Mini-X Large Language Model (LLM) is a pretrained generative text model with 7 billion parameters.\n", "params_total", "7 billion", "Nova-3-Mini-X", extract.BoundNamed},
	} {
		var got []bound
		found := false
		for _, f := range Scan(tc.md, Options{MaxText: -1}).Facts {
			m, b := Attribute(f)
			got = append(got, bound{f.Field, m, f.Value, b})
			if f.Field == tc.field && f.Value == tc.value {
				found = true
				if m != tc.model || b != tc.want {
					t.Errorf("%q: %s bound to %q (%s), want %q (%s)", tc.md, tc.value, m, b, tc.model, tc.want)
				}
			}
		}
		if !found && tc.want != extract.BoundUnknown {
			t.Errorf("%q: no %s fact %q; have %+v", tc.md, tc.field, tc.value, got)
		}
		// An unknown one read with a model of its own would be a defect
		// too: nothing in these sentences may bind the value to the model.
		if tc.want == extract.BoundUnknown {
			for _, g := range got {
				if g.value == tc.value && (g.b == extract.BoundNamed || g.b == extract.BoundPage) {
					t.Errorf("%q: %s bound to %q (%s)", tc.md, tc.value, g.model, g.b)
				}
			}
		}
	}
}

// TestBindOwnerThisModel: "the model" on a page about one model binds only
// through the same words as a name.
func TestBindOwnerThisModel(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		md, value string
		want      extract.Binding
	}{
		{"The model was pre-trained on 2 trillion tokens.\n", "2 trillion", extract.BoundPage},
		{"The model was evaluated with a 4K context length on RULER.\n", "4K", extract.BoundUnknown},
		{"The model is distilled from a 30B-parameter teacher.\n", "30B", extract.BoundUnknown},
	} {
		for _, f := range Scan(tc.md, Options{Name: "nova-3-mini-x", MaxText: -1}).Facts {
			if f.Value != tc.value {
				continue
			}
			if _, b := Attribute(f); b != tc.want {
				t.Errorf("%q: %s bound %s, want %s", tc.md, tc.value, b, tc.want)
			}
		}
	}
}

// TestValueIndex: a value is found as a token of its own, never inside a
// model's name.
func TestValueIndex(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		sent, value string
		want        int
	}{
		{"We have also launched the Nova-9B-Chat-1M model that supports 1M context length", "1M", 62},
		{"Nova-9B-Chat-1M", "1M", -1},
		{"Nova-9B has 9B parameters", "9B", 12},
		{"a 30B-parameter teacher", "30B", 2},
		{"13B and 3B", "3B", 8},
		{"3.5B", "3", -1},
		{"128K.", "128K", 0},
		{"", "1M", -1},
		{"1M", "", -1},
	} {
		if got := ValueIndex(tc.sent, tc.value); got != tc.want {
			t.Errorf("ValueIndex(%q, %q) = %d, want %d", tc.sent, tc.value, got, tc.want)
		}
	}
	// The reviewer's sentence: 1M is not Nova-9B-Chat's.
	if n, ok := NameBeforeValue("We have also launched the Nova-9B-Chat-1M model that supports 1M context length", "1M"); ok && n == "Nova-9B-Chat" {
		t.Errorf("1M bound to %q", n)
	}
}

// TestOwnsValue: the words between a name and a value.
func TestOwnsValue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		between string
		want    bool
	}{
		{" has ", true},
		{", which has ", true},
		{" is a Mixture-of-Experts (MoE) language model with ", true},
		{" is a Mixture-of-Experts (MoE) language model with 236B total parameters, of which ", true},
		{" has 16x3.8B parameters with ", true},
		{" Base/Chat weights are subject to the ", true},
		{" also has advanced features such as web browsing and long text reasoning (supporting up to ", true},
		{" is distilled from a ", false},
		{" rivals models with ", false},
		{" was evaluated with a ", false},
		{" is pre-trained with a sequence length of ", false},
		{"'s embedding layer has ", false},
		{" was trained on 2T tokens, while its teacher saw ", false},
		{", a compact model distilled from a ", false},
		{" is the strongest model under ", false},
		{strings.Repeat(" has", 200), false},
	} {
		if got := OwnsValue(tc.between); got != tc.want {
			t.Errorf("OwnsValue(%q) = %v, want %v", tc.between, got, tc.want)
		}
	}
}

func FuzzValueIndex(f *testing.F) {
	f.Add("We have also launched the Nova-9B-Chat-1M model that supports 1M context length", "1M")
	f.Add("13B and 3B", "3B")
	f.Fuzz(func(t *testing.T, sent, value string) {
		i := ValueIndex(sent, value)
		if i < 0 {
			return
		}
		if !strings.HasPrefix(sent[i:], value) {
			t.Fatalf("ValueIndex(%q, %q) = %d: not the value", sent, value, i)
		}
		if i > 0 && (tokenByte(sent[i-1]) || sent[i-1] == '-' || sent[i-1] == '.') {
			t.Errorf("ValueIndex(%q, %q) = %d: inside a longer token", sent, value, i)
		}
		if e := i + len(value); e < len(sent) && tokenByte(sent[e]) {
			t.Errorf("ValueIndex(%q, %q) = %d: followed by a token byte", sent, value, i)
		}
	})
}

func FuzzOwnsValue(f *testing.F) {
	f.Add(" is a Mixture-of-Experts (MoE) language model with 236B total parameters, of which ")
	f.Add(" was trained on 2T tokens, while its teacher saw ")
	f.Fuzz(func(t *testing.T, between string) {
		if OwnsValue(between) && reForeign.MatchString(between) {
			t.Errorf("OwnsValue(%q) with a foreign owner word", between)
		}
	})
}
