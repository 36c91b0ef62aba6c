package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSameWord(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"law", "laws", true}, {"scaling", "scale", true}, {"scaling", "scaled", true}, {"model", "modelling", true},
		{"model", "modeling", true}, {"study", "studies", true}, {"studied", "study", true}, {"expert", "experts", true},
		{"train", "training", true}, {"train", "trained", true}, {"run", "running", true}, {"attention", "attention", true},
		{"general", "generally", false}, {"compute", "computer", false}, {"universe", "university", false},
		{"attention", "attentive", false}, {"train", "trainer", false}, {"organ", "organization", false},
		{"news", "new", false}, {"v3", "v3s", false}, {"128k", "128", false}, {"law", "lawyer", false},
		{"as", "a", false}, {"experts", "expertise", false},
	} {
		if got := SameWord(tc.a, tc.b); got != tc.want {
			t.Errorf("SameWord(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := SameWord(tc.b, tc.a); got != tc.want {
			t.Errorf("SameWord(%q, %q) = %v, want %v (symmetry)", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestFindPhraseLoose(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text, phrase string
		want         string // the matched words in Phrase form, "" for no match
	}{
		{"We study scaling laws in detail.", "scaling law", "scaling laws"},
		{"We study the law of scaling.", "scaling law", ""},
		{"Mixture-of-Experts models", "mixture of expert", "mixture of experts"},
		{"a pre-trained model", "pretrained model", "pre trained model"},
		{"a pretrained model", "pre-trained models", "pretrained model"},
		{"It uses Multi-head Latent Attention (MLA) and DeepSeekMoE.", "MLA", "mla"},
		{"It uses Multi-head Latent Attention (MLA). MLA compresses the cache.", "multi-head latent attention", "multi head latent attention"},
		{"Multi-head Latent Attention (MLA) is used. We cache less with MLA caching.", "multi-head latent attention caching", "mla caching"},
		{"Group Relative Policy Optimization (GRPO) trains it.", "GRPO trains", "grpo trains"},
		{"It is a Mixture of Experts (MoE) model.", "MoE model", "moe model"},
		{"Mixed Latent Attention (MLA)", "multi-head latent attention", ""},
		{"general purpose", "generally purpose", ""},
		{"DeepSeek-V3 technical report", "DeepSeek-V3s technical report", ""},
		{"reasoning models", "reasoned model", "reasoning models"},
		{"", "anything", ""},
		{"text", "", ""},
	} {
		i, j := FindPhraseLoose(tc.text, tc.phrase)
		got := ""
		if i >= 0 {
			got = Phrase(tc.text)[i:j]
		}
		if got != tc.want {
			t.Errorf("FindPhraseLoose(%q, %q) = %q, want %q", tc.text, tc.phrase, got, tc.want)
		}
	}
	if s := PhraseSnippet("Our findings on scaling laws guide the design.", "scaling law", 10); !strings.Contains(s, "scaling laws") {
		t.Errorf("PhraseSnippet = %q", s)
	}
	if s := PhraseSnippet("nothing here", "scaling law", 10); s != "" {
		t.Errorf("PhraseSnippet of a missing phrase = %q", s)
	}
}

func TestAcronyms(t *testing.T) {
	t.Parallel()
	got := Acronyms("We use Multi-head Latent Attention (MLA), a Mixture-of-Experts (MoE), Reinforcement Learning from Human Feedback (RLHF) and a thing (XYZ).")
	want := map[string]string{"mla": "multi head latent attention", "moe": "mixture of experts", "rlhf": "reinforcement learning from human feedback"}
	if len(got) != len(want) {
		t.Fatalf("Acronyms = %+v", got)
	}
	for _, a := range got {
		if want[a.Short] != a.Long {
			t.Errorf("%s = %q, want %q", a.Short, a.Long, want[a.Short])
		}
	}
}

func FuzzFindPhraseLoose(f *testing.F) {
	f.Add("We study scaling laws (SL).", "scaling law")
	f.Add("Multi-head Latent Attention (MLA)", "MLA")
	f.Add("a\xffb (AB)", "ab")
	f.Fuzz(func(t *testing.T, text, phrase string) {
		if len(text) > 4096 || len(phrase) > 256 {
			return
		}
		i, j := FindPhraseLoose(text, phrase)
		p := Phrase(text)
		if i >= 0 && (i > j || j > len(p) || !utf8.ValidString(p[i:j])) {
			t.Fatalf("FindPhraseLoose(%q, %q) = %d, %d over %q", text, phrase, i, j, p)
		}
		if ContainsPhrase(text, phrase) && i < 0 {
			t.Fatalf("an exact match (%q in %q) must also match loosely", phrase, text)
		}
	})
}
