package mdfacts

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseCount(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"671B", 671e9, true}, {"16.4B", 16.4e9, true}, {"2T", 2e12, true}, {"1.6T", 1.6e12, true},
		{"14.8 trillion", 14.8e12, true}, {"67 billion", 67e9, true}, {"2.4b", 2.4e9, true},
		{"500", 500, true}, {"671,000,000,000", 671e9, true}, {"16,400,000,000", 16.4e9, true}, {"1,000B", 0, false}, {"1,00", 0, false}, {"-", 0, false}, {"", 0, false}, {"B", 0, false}, {"1.2.3B", 0, false},
	} {
		q, ok := ParseCount(c.in, UnitParams)
		if ok != c.ok || ok && q.Value != c.want {
			t.Errorf("ParseCount(%q) = %v, %v; want %v, %v", c.in, q.Value, ok, c.want, c.ok)
		}
	}
}

func TestParseContext(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"128K", 131072, true}, {"128k", 131072, true}, {"32k", 32768, true}, {"1M", 1 << 20, true},
		{"4096", 4096, true}, {"163,840", 163840, true}, {"one million", 1 << 20, true},
		{"one million tokens", 1 << 20, true}, {"16K tokens", 16384, true}, {"lots", 0, false},
	} {
		q, ok := ParseContext(c.in)
		if ok != c.ok || ok && q.Value != c.want {
			t.Errorf("ParseContext(%q) = %v, %v; want %v, %v", c.in, q.Value, ok, c.want, c.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024.05.06": "2024-05-06", "2024-03-11": "2024-03-11", "2025/10/20": "2025-10-20",
		"2026-04-22T06:04:45.000Z": "2026-04-22", "2025-2-6": "2025-02-06",
	} {
		d, ok := ParseDate(in)
		if !ok || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, d, ok, want)
		}
	}
	for _, bad := range []string{"2024-02-30", "2024-13-01", "May 2024", ""} {
		if _, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

func TestSpaceAndPlain(t *testing.T) {
	if got := Space(" a\u200b\u00a0 b\n\tc\ufeff "); got != "a b c" {
		t.Errorf("Space = %q", got)
	}
	if got := Plain("**Bold** [link](https://x.y/z) `code` <b>tag</b> ![img](p.png)[^1]"); got != "Bold link code tag" {
		t.Errorf("Plain = %q", got)
	}
	if got := Cut("héllo", 2); got != "h" {
		t.Errorf("Cut = %q", got)
	}
	doc := "a <img\n alt=\"x\"\n src=\"y\"/> b\nnext"
	if got := StripTags(doc); strings.Count(got, "\n") != strings.Count(doc, "\n") || strings.Contains(got, "src") {
		t.Errorf("StripTags = %q", got)
	}
}

func facts(md string) []Fact { return Scan(md, Options{MaxText: -1}).Facts }

func TestScanRules(t *testing.T) {
	cases := []struct {
		name, md, want string // want: one "field[model]=value" that must be present
	}{
		{"total+active sentence", "It has 236B total parameters, of which 21B are activated per token.", "params_active[]=21B"},
		{"named total+active", "We present Foo-Pro with 1.6T parameters (49B activated) and Foo-Flash with 284B parameters (13B activated).", "params_active[Foo-Flash]=13B"},
		{"respectively", "Three variants: Bar-1-Tiny, Bar-1-Small and Bar-1, with 1.0B, 2.8B and 4.5B activated parameters respectively.", "params_active[Bar-1-Small]=2.8B"},
		{"context from..to", "It extends the context length from 16K to 128K.", "context_length[]=128K"},
		{"window size", "Each model uses a window size of 16K.", "context_length[]=16K"},
		{"languages", "Support for programming languages grows from 86 to 338.", "languages[]=338"},
		{"tokens", "It is trained from scratch on 2T tokens.", "training_tokens[]=2T"},
		{"size list", "Offered in model sizes of 1B, 5.7B, 6.7B and 33B.", "model_sizes[]=1B, 5.7B, 6.7B and 33B"},
		{"news", "- 2024.05.16: We released the Foo-V2-Lite.", "released[Foo-V2-Lite]=2024.05.16"},
		{"base model", "Foo-R1 & Foo-R1-Zero are trained based on Foo-V3-Base.", "base_model[Foo-R1-Zero]=Foo-V3-Base"},
		{"licence code", "## License\nThis code repository is licensed under the MIT License.", "license[code]=MIT License"},
		{"licence model", "The use of Foo models is subject to the Model License.", "license[]=Model License"},
		{"bibtex", "```\n@misc{x,\n  title={Foo: {A} Study},\n  eprint={2401.02954},\n}\n```", "title[]=Foo: A Study"},
		{"arxiv versioned", "[paper](https://arxiv.org/abs/2412.19437v2)", "arxiv_link[]=2412.19437"},
		{"hf link", "[w](https://huggingface.co/org-x/Model-1/tree/main) [p](https://huggingface.co/papers/2401.1)", "hf_link[]=org-x/Model-1"},
		{"chat template", "## Chat Template\nUse it.", "chat_template[]=true"},
		{"deploy from code", "```python\nfrom vllm import LLM\n```", "deployment[]=true"},
		{"status sentence", "This is a preview version of the Foo series.", "release_status[]=preview"},
		{"digit-grouped total", "Foo-2-671B, built on Foo-1-Base, has 671,000,000,000 parameters in total.", "params_total[Foo-2-671B]=671,000,000,000"},
		{"digit-grouped total+active", "It has 16,400,000,000 total parameters, of which 2,400,000,000 are activated.", "params_active[]=2,400,000,000"},
		{"digit-grouped tokens", "Foo-2 is pre-trained on 14,800,000,000,000 tokens.", "training_tokens[]=14,800,000,000,000"},
		{"total, N of them active", "Foo-2 has 236B total parameters, 21B of them active for each token.", "params_active[Foo-2]=21B"},
		{"subject with verb", "Foo-9 (our largest model) comprises 1.6T parameters.", "params_total[Foo-9]=1.6T"},
		{"starts from", "Foo-3-Exp is an experimental version: it starts from V2.1-Terminus and adds sparse attention.", "base_model[Foo-3-Exp]=V2.1-Terminus"},
		{"builds upon", "As a next step, V3-Exp builds upon V2.1-Terminus by adding a sparse mechanism.", "base_model[]=V2.1-Terminus"},
		{"table", "| Model | #Total Params | #Activated Params | Context Length |\n|---|---|---|---|\n| Foo-2-Lite-Chat[^1] | 16B | 2.4B | 32k |", "context_length[Foo-2-Lite-Chat]=32k"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, f := range facts(c.md) {
				got = append(got, f.Field+"["+f.Model+"]="+f.Value)
				if f.Locator == "" || f.Quote == "" {
					t.Errorf("fact without evidence: %v", f)
				}
			}
			for _, g := range got {
				if g == c.want {
					return
				}
			}
			t.Errorf("want %s; got %v", c.want, got)
		})
	}
}

func TestScanNegatives(t *testing.T) {
	for _, md := range []string{
		"| Model | #TP | #AP | HumanEval |\n|---|---|---|---|\n| Foo-Base | 22B | 22B | 83.0 |", // benchmark table
		"The new version averages 23K tokens per question.",                                     // not training tokens
		"Pre-trained on project-level code corpus.",                                             // no base model
		"- 2024.10.20: Fix a bug in the tokenizer.",                                             // news without release
		"Compared with the 7B model, it needs 2.5 times the activated parameters.",              // no number
		"Pricing: $0.28 per 1,000,000,000 tokens of training data cache.",                       // a price, not a corpus
		"The 2,024 training samples cover 1,000 tokens each.",                                   // small grouped numbers
		"Foo-2 scores 1,234 on the arena; it started from scratch.",                             // no count, no base model
		"It has 12345678B parameters in total.",                                                 // never the tail of a longer number
	} {
		for _, f := range facts(md) {
			t.Errorf("%q: unexpected %v", md, f)
		}
	}
}

// The sentence's leading name owns a count only when a verb of having (and an
// appositive) is all that stands between them.
func TestScanLeadingSubject(t *testing.T) {
	for md, want := range map[string]string{
		"Foo-2 outperforms dense models with 405B parameters.":                   "",
		"Foo-2, built on Foo-1-Base, has 671B parameters.":                       "Foo-2",
		"Foo-2 has 7B parameters.":                                               "Foo-2",
		"Foo-2 is compared with a model that has 70B parameters.":                "",
		"Foo-2 and Bar-3 have 7B parameters.":                                    "",
		"Foo-2 (a preview of the next series) has 1,600,000,000,000 parameters.": "Foo-2",
	} {
		var got []string
		for _, f := range facts(md) {
			if f.Field == "params_total" {
				got = append(got, f.Model)
			}
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("%q: params_total models %q, want [%q]", md, got, want)
		}
	}
}

func TestScanBoundedAndMissing(t *testing.T) {
	r := Scan("# Empty\n\nNothing here.", Options{})
	if len(r.Missing) != 4 {
		t.Errorf("missing = %v", r.Missing)
	}
	// Bounded: nothing past MaxInput is read, so what follows it cannot
	// change the result (speed is measured by BenchmarkScan, not here).
	big := strings.Repeat("| a | b |\n", 1000) + strings.Repeat("x", MaxInput)
	r = Scan(big, Options{})
	if !r.Truncated {
		t.Error("oversized input not flagged")
	}
	more := Scan(big+"\nIt has 999B total parameters.\n"+strings.Repeat("| c | d |\n", 1000), Options{})
	if !reflect.DeepEqual(r, more) {
		t.Errorf("text past MaxInput changed the scan:\n%+v\n%+v", r, more)
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"It has 236B total parameters, of which 21B are activated.",
		"| Model | #Total Params |\n|---|---|\n| A-1 | 1B |",
		"```\ntitle={x}\n", "<img\nsrc=\"x\">", "- 2024.05.06: We released the A-1.",
		"A-1, B-2 and C-3, with 1B, 2B and 3B activated parameters respectively",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		start := time.Now()
		r := Scan(md, Options{})
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("scan of %d bytes took %v", len(md), d)
		}
		for _, x := range r.Facts {
			if len(x.Quote) > MaxQuote {
				t.Fatalf("quote too long: %d", len(x.Quote))
			}
		}
	})
}

func BenchmarkScan(b *testing.B) {
	md := strings.Repeat("DeepX-V2 comprises 236B total parameters, of which 21B are activated for each token.\n"+
		"| Model | #Total Params | #Activated Params | Context Length |\n|---|---|---|---|\n| DeepX-V2 | 236B | 21B | 128k |\n\n", 50)
	b.ReportAllocs()
	b.SetBytes(int64(len(md)))
	for b.Loop() {
		Scan(md, Options{})
	}
}

func TestJSONQuoteAndDateOf(t *testing.T) {
	for _, tc := range []struct {
		key  string
		v    any
		want string
	}{
		{"pushed_at", "2025-08-28T01:02:03Z", `"pushed_at": "2025-08-28T01:02:03Z"`},
		{"archived", false, `"archived": false`},
		{"tags", []string{"a", "b\u00a0c"}, `"tags": ["a","b c"]`},
		{"bad", func() {}, "bad"},
		{"long", strings.Repeat("x", 400), `"long": "` + strings.Repeat("x", MaxQuote-len(`"long": "`))},
	} {
		if got := JSONQuote(tc.key, tc.v); got != tc.want {
			t.Errorf("JSONQuote(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
	if d := DateOf("2026-04-22T06:04:45.000Z"); d == nil || d.String() != "2026-04-22" {
		t.Errorf("DateOf = %v", d)
	}
	for _, s := range []string{"", "2025-02-30", "soon"} {
		if d := DateOf(s); d != nil {
			t.Errorf("DateOf(%q) = %v, want nil", s, d)
		}
	}
}
