package mdfacts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks/extract"
)

// bound is one fact as Observations would bind it.
type bound struct {
	field, model, value string
	b                   extract.Binding
}

func scanBound(md string) []bound {
	var out []bound
	for _, f := range Scan(md, Options{MaxText: -1}).Facts {
		m, b := Attribute(f)
		out = append(out, bound{f.Field, m, f.Value, b})
	}
	return out
}

// TestBindings: whose value each kind of statement is (docs/judging.md §1).
func TestBindings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		md   string
		want []bound // each must be among the facts
		not  []bound // none of these may be
	}{
		{"series range, unit only at the end",
			"Foo-2 is a family of open models ranging from 0.5 to 72 billion parameters.\n",
			[]bound{{"model_sizes", "Foo-2", "0.5 to 72 billion", extract.BoundNamed}},
			[]bound{{"params_total", "", "72 billion", extract.BoundUnknown}, {"params_total", "", "72 billion", extract.BoundPage}}},
		{"size range with units is the series'",
			"The series includes models ranging from 0.5B to 72B parameters.\n",
			[]bound{{"model_sizes", "", "0.5B to 72B", extract.BoundSeries}}, nil},
		{"own sentence names the model",
			"Foo-2-7B has 7.6B parameters in total.\n",
			[]bound{{"params_total", "Foo-2-7B", "7.6B", extract.BoundNamed}}, nil},
		{"sibling named before the value",
			"Foo-3 has 30B total parameters. We also release Foo-3-Mini, which has 3B total parameters.\n",
			[]bound{{"params_total", "Foo-3", "30B", extract.BoundNamed}, {"params_total", "Foo-3-Mini", "3B", extract.BoundNamed}},
			[]bound{{"params_total", "", "3B", extract.BoundUnknown}, {"params_total", "", "3B", extract.BoundPage}}},
		{"the value's own clause names its model",
			"Foo-4 has 355B total parameters, while Foo-4-Air adopts a compact design with 106B total parameters.\n",
			[]bound{{"params_total", "Foo-4-Air", "106B", extract.BoundNamed}}, nil},
		{"two models before the value in one clause: unknown",
			"Compared with Foo-1 and Foo-2, the model has 106B total parameters.\n",
			[]bound{{"params_total", "", "106B", extract.BoundUnknown}}, nil},
		{"no model in the sentence: unknown",
			"The model was pre-trained on 2 trillion tokens of text.\n",
			[]bound{{"training_tokens", "", "2 trillion", extract.BoundUnknown}}, nil},
		{"quantised rows are the variant's",
			"| Model | Context Length | Precision |\n|---|---|---|\n| Foo-2-7B | 32K | BF16 |\n| Foo-2-7B | 8K | AWQ (INT4) |\n| Foo-2-7B-GGUF | 4K | Q4_K_M |\n",
			[]bound{{"context_length", "Foo-2-7B", "32K", extract.BoundNamed}, {"context_length", "Foo-2-7B", "8K", extract.BoundVariant}, {"context_length", "Foo-2-7B-GGUF", "4K", extract.BoundVariant}},
			[]bound{{"context_length", "Foo-2-7B", "8K", extract.BoundNamed}}},
		{"page facts are the page's",
			"See [the paper](https://arxiv.org/abs/2401.00001).\n",
			[]bound{{"arxiv_link", "", "2401.00001", extract.BoundPage}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := scanBound(tc.md)
			for _, w := range tc.want {
				if !containsBound(got, w) {
					t.Errorf("missing %+v; have %+v", w, got)
				}
			}
			for _, n := range tc.not {
				if containsBound(got, n) {
					t.Errorf("unexpected %+v; have %+v", n, got)
				}
			}
		})
	}
}

// TestBindBySize: one sentence states a count for each size of a family; on
// the card of one size, only that size's value is the page's.
func TestBindBySize(t *testing.T) {
	t.Parallel()
	md := "The 27B model was trained with 13 trillion tokens, the 9B model was trained with 8 trillion tokens, and 2B model was trained with 2 trillion tokens.\n"
	var got []bound
	for _, f := range Scan(md, Options{Name: "foo-2-2b", MaxText: -1}).Facts {
		m, b := Attribute(f)
		got = append(got, bound{f.Field, m, f.Value, b})
	}
	for _, w := range []bound{
		{"training_tokens", "", "2 trillion", extract.BoundPage},
		{"training_tokens", "27B model", "13 trillion", extract.BoundNamed},
		{"training_tokens", "9B model", "8 trillion", extract.BoundNamed},
	} {
		if !containsBound(got, w) {
			t.Errorf("missing %+v; have %+v", w, got)
		}
	}
	// Without the page's name no value is the page's: each stays with the
	// model its clause names by size.
	for _, f := range Scan(md, Options{MaxText: -1}).Facts {
		if m, b := Attribute(f); f.Field == "training_tokens" && (b == extract.BoundPage || m == "" && b != extract.BoundUnknown) {
			t.Errorf("without a page name: %s bound to %q (%s)", f.Value, m, b)
		}
	}
}

// TestBindThisModel: "this model" / "the model" on a page about one model is
// the page's model; without the page's name, or with a model named before
// the value, it is not.
func TestBindThisModel(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		md, name, value string
		model           string
		want            extract.Binding
	}{
		{"This model has 7B parameters.\n", "foo-7b", "7B", "", extract.BoundPage},
		{"The model was pre-trained on 2 trillion tokens.\n", "foo-7b", "2 trillion", "", extract.BoundPage},
		{"The model was pre-trained on 2 trillion tokens.\n", "", "2 trillion", "", extract.BoundUnknown},
		{"These models were pre-trained on 2 trillion tokens.\n", "foo-7b", "2 trillion", "", extract.BoundUnknown},
		// A model introduced by a relation ("compared with") is not the
		// sentence's subject: the value's owner is unknown, never Foo-1.
		{"Compared with Foo-1, the model was pre-trained on 2 trillion tokens.\n", "foo-7b", "2 trillion", "", extract.BoundUnknown},
		{"Foo-7B is initialized with Foo-1 7B and pre-trained for 500B tokens.\n", "foo-7b", "500B", "", extract.BoundUnknown},
		{"We pretrained Foo-2 on a corpus of 8.1 trillion tokens.\n", "foo-2", "8.1 trillion", "Foo-2", extract.BoundNamed},
	} {
		var got []bound
		for _, f := range Scan(tc.md, Options{Name: tc.name, MaxText: -1}).Facts {
			m, b := Attribute(f)
			got = append(got, bound{f.Field, m, f.Value, b})
		}
		found := false
		for _, g := range got {
			if g.value == tc.value {
				found = true
				if g.b != tc.want || g.model != tc.model {
					t.Errorf("%q (page %q): %s bound to %q (%s), want %q (%s)", tc.md, tc.name, g.value, g.model, g.b, tc.model, tc.want)
				}
			}
		}
		if !found {
			t.Errorf("%q: no fact %q; have %+v", tc.md, tc.value, got)
		}
	}
}

func containsBound(bs []bound, w bound) bool {
	for _, b := range bs {
		if b == w {
			return true
		}
	}
	return false
}

func TestNameBeforeValue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		sent, value, name string
		ok                bool
	}{
		{"We also release Foo-3-Mini, which has 3B total parameters.", "3B", "Foo-3-Mini", true},
		{"It has 3B total parameters.", "3B", "", true},
		{"Foo-4 has 355B, while Foo-4-Air has 106B.", "106B", "Foo-4-Air", true},
		{"Foo-4 has 355B, and Foo-4-Air has 106B.", "106B", "", false},
		// A pronoun after another value: the owner is not tied by the words
		// between name and value, so it stays unknown (verifies, never
		// contradicts).
		{"Foo-4 has 355B; it was trained on 23T tokens.", "23T", "", false},
		{"Foo-4 has 355B, while Foo-4-Air has 106B.", "355B", "Foo-4", true},
		{"no value here", "7B", "", false},
		{"", "", "", false},
	} {
		n, ok := NameBeforeValue(tc.sent, tc.value)
		if n != tc.name || ok != tc.ok {
			t.Errorf("NameBeforeValue(%q, %q) = %q, %v; want %q, %v", tc.sent, tc.value, n, ok, tc.name, tc.ok)
		}
	}
}

func FuzzNameBeforeValue(f *testing.F) {
	f.Add("We also release Foo-3-Mini, which has 3B total parameters.", "3B")
	f.Add("Foo-4 has 355B, while Foo-4-Air has 106B.", "106B")
	f.Fuzz(func(t *testing.T, sent, value string) {
		n, ok := NameBeforeValue(sent, value)
		if !ok && n != "" {
			t.Errorf("a name without ok: %q", n)
		}
		if n != "" {
			i := ValueIndex(sent, value)
			if i < 0 || !strings.Contains(sent[:i], n) {
				t.Errorf("name %q is not before %q in %q", n, value, sent)
			}
		}
	})
}

// Corpus traps (../shared/corpus-more): a value that belongs to another model
// is never bound to the page's own model.
func TestCorpusMoreBindings(t *testing.T) {
	t.Parallel()
	read := func(t *testing.T, p string) string {
		t.Helper()
		b, err := readCorpus(p)
		if err != nil {
			t.Skipf("corpus-more not available: %v", err)
		}
		return string(b)
	}
	t.Run("glm air card opens with the bigger sibling's counts", func(t *testing.T) {
		md := read(t, "glm/hf/zai-org__GLM-4.5-Air__README.md")
		for _, b := range scanBound(md) {
			if (b.field == "params_total" || b.field == "params_active") && strings.HasPrefix(b.value, "355") &&
				(b.b == extract.BoundPage || b.b == extract.BoundNamed && !strings.EqualFold(b.model, "GLM-4.5")) {
				t.Errorf("the sibling's 355B is bound to %q (%s)", b.model, b.b)
			}
		}
	})
	t.Run("gemma 2b card: the 27B and 9B token counts are not the page's", func(t *testing.T) {
		md := read(t, "gemma/hf/google__gemma-2-2b__README.md")
		for _, b := range scanBound(md) {
			if b.field == "training_tokens" && (strings.HasPrefix(b.value, "13 trillion") || strings.HasPrefix(b.value, "8 trillion")) && b.b == extract.BoundPage {
				t.Errorf("a sibling's token count %q is bound to the page", b.value)
			}
		}
	})
	t.Run("olmo 13b card: sibling rows are bound to their row's model", func(t *testing.T) {
		md := read(t, "olmo/hf/allenai__OLMo-2-1124-13B__README.md")
		for _, b := range scanBound(md) {
			if b.b == extract.BoundPage && (b.field == "training_tokens" || b.field == "params_total" || b.field == "context_length") {
				t.Errorf("a count bound to the page without naming it: %+v", b)
			}
		}
	})
}

// readCorpus reads a file of <module root>/../shared/corpus-more.
func readCorpus(p string) ([]byte, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, os.ErrNotExist
		}
		dir = parent
	}
	return os.ReadFile(filepath.Join(dir, "..", "shared", "corpus-more", filepath.FromSlash(p)))
}

// FuzzBindings: any page, any page name: every fact gets a known binding, a
// named one carries its model, and a page-bound one carries none.
func FuzzBindings(f *testing.F) {
	f.Add("The 27B model was trained with 13 trillion tokens, and 2B model with 2 trillion tokens.", "foo-2-2b")
	f.Add("Foo-4 has 355B total parameters, while Foo-4-Air has 106B total parameters.", "Foo-4-Air")
	f.Add("| Model | Context Length | Precision |\n|---|---|---|\n| Foo | 8K | AWQ |\n", "Foo")
	f.Add("This model has 7B parameters; the series ranges from 0.5 to 72 billion parameters.", "x")
	f.Fuzz(func(t *testing.T, md, name string) {
		for _, fact := range Scan(md, Options{Name: name, MaxText: -1}).Facts {
			m, b := Attribute(fact)
			known := false
			for _, k := range extract.Bindings {
				known = known || b == k
			}
			if !known {
				t.Fatalf("unknown binding %q for %v", b, fact)
			}
			if b == extract.BoundNamed && m == "" {
				t.Errorf("named without a model: %v", fact)
			}
			if b == extract.BoundPage && m != "" && !pageFields[fact.Field] {
				t.Errorf("page-bound with a model %q: %v", m, fact)
			}
		}
	})
}
