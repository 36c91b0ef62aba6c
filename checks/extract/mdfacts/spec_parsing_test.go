package mdfacts

import (
	"strings"
	"testing"
)

// factSet renders the facts of md as "field[model]=value".
func factSet(md string) []string {
	var out []string
	for _, f := range Scan(md, Options{MaxText: -1}).Facts {
		out = append(out, f.Field+"["+f.Model+"]="+f.Value)
	}
	return out
}

func TestSpecFormats(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, md string
		want     []string // each must be present
		not      []string // none may be present
	}{
		{"key value bullets",
			"### Model Summary\n- **Number of Parameters:** 9.4B\n- **Number of Layers:** 40\n- **Context Length:** Full 131,072 tokens and generation 8,192 tokens\n- **Vocabulary Size:** 151,552\n",
			[]string{"params_total[]=9.4B", "num_layers[]=40", "context_length[]=131,072"},
			[]string{"params_total[]=151,552"}},
		{"counted list", "Supported languages: English, French, German, Spanish, Italian, Portuguese, Japanese, and Thai.",
			[]string{"languages[]=8"}, nil},
		{"partial list not counted", "Languages: English, French, German, and more.", nil, []string{"languages[]=3"}},
		{"in addition to English", "- Languages: 12 languages in addition to English",
			[]string{"languages[]=12 languages in addition to English"}, nil},
		{"in addition to (prose)", "The model handles eleven other languages in addition to English.",
			[]string{"languages[]=eleven other languages in addition to English"}, nil},
		{"coding languages", "Supporting 92 coding languages, it …", []string{"languages[]=92"}, nil},
		{"release date spec", "- **Release Date:** Sept 3, 2024", []string{"released[]=Sept 3, 2024"}, nil},
		{"label value table (empty header)",
			"| | |\n|:---:|:---:|\n| **Total Parameters** | 1T |\n| **Activated Parameters** | 32B |\n| **Context Length** | 128K |\n| **Vocabulary Size** | 160K |\n",
			[]string{"params_total[]=1T", "params_active[]=32B", "context_length[]=128K"}, []string{"context_length[]=160K"}},
		{"transposed table",
			"|  | Foo-2 1B | Foo-2 7B |\n|---|---|---|\n| Number of tokens | 4 Trillion | 5 Trillion |\n| Checkpoint | a | b |\n",
			[]string{"training_tokens[Foo-2 1B]=4 Trillion", "training_tokens[Foo-2 7B]=5 Trillion"}, nil},
		{"benchmark table is not a spec", "| | Foo-2 1B | Foo-2 7B |\n|---|---|---|\n| MMLU | 64.2 | 71.0 |\n", nil,
			[]string{"params_total[Foo-2 1B]=64.2"}},
		{"size column names the row",
			"| Size | Training Tokens | Layers | Hidden Size | Context Length |\n|---|---|---|---|---|\n| [Foo 2 7B](https://huggingface.co/o/Foo-2-7B) | 4 Trillion | 32 | 4096 | 4096 |\n",
			[]string{"training_tokens[Foo 2 7B]=4 Trillion", "context_length[Foo 2 7B]=4096"}, nil},
		{"model table, first header cell empty",
			"|  | Total Params | Context Length |\n|---|---|---|\n| Foo-2-7B | 7B | 4K |\n| Foo-2-70B | 70B | 32K |\n",
			[]string{"params_total[Foo-2-7B]=7B", "context_length[Foo-2-70B]=32K"}, []string{"params_total[]=7B"}},
		{"g3doc continuation rows and a Size column",
			"| Size | Variant | Name |\n| --- | --- | --- |\n| 1B | Pre-trained | `foo/v3/foo3-1b` |\n:    : (PT)        :    :\n| 27B | Instruction | `foo/v3/foo3-27b-it` |\n:    : Tuned (IT)  :    :\n",
			[]string{"params_total[foo/v3/foo3-1b]=1B", "params_total[foo/v3/foo3-27b-it]=27B"}, nil},
		{"pipe-less table",
			"Size | Variant | Name\n---- | ------- | ----\n2.6B | Pre-trained (PT) | `foo/v2/foo2-2b`\n9B | Pre-trained (PT) | `foo/v2/foo2-9b`\n",
			[]string{"params_total[foo/v2/foo2-2b]=2.6B", "params_total[foo/v2/foo2-9b]=9B"}, nil},
		{"single-dash separator, a cell naming two models",
			"| Model Card |Parameters| Vision |\n| - | - | - |\n|[Foo-3-4k](https://huggingface.co/o/Foo-3-4k)<br/>[Foo-3-128k](https://huggingface.co/o/Foo-3-128k)|3.8B| NO |\n",
			[]string{"params_total[Foo-3-4k]=3.8B", "params_total[Foo-3-128k]=3.8B"}, []string{"params_total[Foo-3-4k Foo-3-128k]=3.8B"}},
		{"a setext underline is no table", "Title | x\n-\n\nText.", nil, []string{"params_total[]=x"}},
		{"MoE size column",
			"| Model | Download | Model Size | Precision |\n|---|---|---|---|\n| Foo-4.5-Air | [hf](https://huggingface.co/o/Foo-4.5-Air) | 106B-A12B | BF16 |\n",
			[]string{"params_total[Foo-4.5-Air]=106B", "params_active[Foo-4.5-Air]=12B"}, nil},
		{"experts times size is no total", "- Parameters: 16x3.8B", nil, []string{"params_total[]=3.8B"}},
		{"paragraph wrapped between number and unit",
			"Foo-4.5 has **355** billion total\nparameters with **32** billion active parameters, while Foo-4.5-Air adopts a compact design with **106** billion\ntotal parameters and **12** billion active parameters.",
			[]string{"params_total[Foo-4.5]=355 billion", "params_active[Foo-4.5]=32 billion", "params_total[Foo-4.5-Air]=106 billion", "params_active[Foo-4.5-Air]=12 billion"},
			[]string{"params_total[]=106 billion", "params_total[Foo-4.5]=106 billion"}},
		{"models named by size",
			"The 27B model was trained with 13 trillion tokens, the 9B model was trained with 8 trillion tokens, and 2B model was trained with 2 trillion tokens.",
			[]string{"training_tokens[27B]=13 trillion", "training_tokens[9B]=8 trillion", "training_tokens[2B]=2 trillion"},
			[]string{"training_tokens[]=13 trillion"}},
		{"section heading names the model",
			"# Foo\n\n### Foo-4.6\n\nThe context window has been expanded from 128K to 200K tokens.\n\n### Foo-4.5\n\nIt keeps a context length of 128K.\n",
			[]string{"context_length[Foo-4.6]=200K", "context_length[Foo-4.5]=128K"}, []string{"context_length[]=200K"}},
		{"own name heading binds nothing", "## 1. Introduction\n\nIt supports a context length of 128K tokens.", []string{"context_length[]=128K"}, nil},
		{"one other model mentioned", "Compared with Foo-V2, it has 236B parameters.", []string{"params_total[]=236B"}, []string{"params_total[Foo-V2]=236B"}},
		{"MoE name in prose", "We also provide the lightweight 30B-A3B model Foo-4.7-Flash.",
			[]string{"params_total[Foo-4.7-Flash]=30B", "params_active[Foo-4.7-Flash]=3B"}, nil},
		{"MoE size list", "Available in 7B, 14B, 32B and 48B-A3B, 106B-A12B sizes.",
			[]string{"model_sizes[]=7B, 14B, 32B and 48B-A3B, 106B-A12B"}, nil},
		{"unit-less range start", "A family of models ranging from 0.5 to 100 billion parameters.",
			[]string{"model_sizes[]=0.5 to 100 billion"}, nil},
		{"sizes in prose", "Foo comes in 2B, 9B and 27B sizes.", []string{"model_sizes[]=2B, 9B and 27B"}, nil},
		{"over N trillion tokens", "Foo was pre-trained on over 5.5 trillion tokens.", []string{"training_tokens[]=over 5.5 trillion"}, nil},
		{"up to is not the value", "A family trained on up to 5T tokens.", nil, []string{"training_tokens[]=5T", "training_tokens[]=up to 5T"}},
		{"1 million context", "It supports a context window of 1 million tokens.", []string{"context_length[]=1 million tokens"}, nil},
		{"prose date news", "- **May 6, 2024**: We released Foo-V2-Lite.", []string{"released[Foo-V2-Lite]=May 6, 2024"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := factSet(c.md)
			for _, w := range c.want {
				if !contains(got, w) {
					t.Errorf("want %s; got %v", w, got)
				}
			}
			for _, n := range c.not {
				if contains(got, n) {
					t.Errorf("must not have %s; got %v", n, got)
				}
			}
		})
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestCountedList(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{
		"English": 1, "English, French and German": 3, "English, French, and German": 3,
		"Arabic, Chinese (Simplified), English": 3, "English; French; German": 3,
	} {
		if n, _, ok := countedList(in); !ok || n != want {
			t.Errorf("countedList(%q) = %d, %v; want %d", in, n, ok, want)
		}
	}
	for _, bad := range []string{"", "English, French, etc.", "including English and French", "English, French …", "the model is good", "26"} {
		if n, _, ok := countedList(bad); ok {
			t.Errorf("countedList(%q) = %d, want rejected", bad, n)
		}
	}
	if strings.Contains(strings.Join(factSet("- Language(s) (NLP): English"), " "), "languages[]=1") == false {
		t.Error("a one-language spec line is a count of 1")
	}
}

func TestHTMLTable(t *testing.T) {
	t.Parallel()
	md := "Intro.\n\n<table>\n  <thead>\n    <tr>\n      <th>Model</th>\n      <th>Total Params</th>\n      <th>Context Length</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <td>Foo-2-Lite</td>\n      <td>16B</td>\n      <td>32K</td>\n    </tr>\n  </tbody>\n</table>\n"
	res := Scan(md, Options{MaxText: -1})
	var found bool
	for _, f := range res.Facts {
		if f.Field == "context_length" && f.Model == "Foo-2-Lite" && f.Value == "32K" {
			found = true
			if f.Locator != "line 5" {
				t.Errorf("locator %s, want a line of the table (line 5: header on the <table> line 3, separator, row)", f.Locator)
			}
		}
	}
	if !found {
		t.Errorf("HTML table row not read: %v", factSet(md))
	}
	// A table about another model: its values are never the page's own.
	got := factSet("<table>\n<tr>\n<th>Evaluation</th>\n<th>Foo 2 IT 27B</th>\n</tr>\n<tr>\n<td>CTF</td>\n<td>34/76 challenges</td>\n</tr>\n</table>\n")
	for _, g := range got {
		if !strings.HasPrefix(g, "text[") {
			t.Errorf("benchmark HTML table yields %s", g)
		}
	}
	// Rows on one line are left alone (no line for a separator).
	one := []string{"<table><tr><td>a</td></tr><tr><td>b</td></tr></table>"}
	if out := htmlTables(append([]string(nil), one...)); out[0] != one[0] {
		t.Errorf("one-line table rewritten: %q", out[0])
	}
}
