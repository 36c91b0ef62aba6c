package normalize

import "testing"

func TestFamily(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"deepseek-ai/deepseek-llm-7b-base", "deepseek-llm"},
		{"deepseek-ai/deepseek-llm-67b-chat", "deepseek-llm"},
		{"DeepSeek-R1-Distill-Qwen-7B", "DeepSeek-R1"},
		{"DeepSeek-V3-0324", "DeepSeek-V3"},
		{"DeepSeek-V3", "DeepSeek-V3"},
		{"deepseek-coder-6.7b-instruct", "deepseek-coder"},
		{"DeepSeek-Coder-V2-Lite-Instruct", "DeepSeek-Coder-V2-Lite"},
		{"DeepSeek-V2-Lite", "DeepSeek-V2-Lite"},
		{"DeepSeek-V2.5", "DeepSeek-V2.5"},
		{"DeepSeek-V2.5-1210", "DeepSeek-V2.5"},
		{"Janus-Pro-7B", "Janus-Pro"},
		{"Foo-Math-7B-Instruct-AWQ", "Foo-Math"},
		{"Foo-R1-20250528", "Foo-R1"},
		{"7B", "7B"}, // the first part is kept
		{"Base", "Base"},
		{"", ""},
	} {
		if got := Family(tc.name); got != tc.want {
			t.Errorf("Family(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	// Families are distinct models, never a shared prefix.
	if Name(Family("DeepSeek-V3.2-Exp")) == Name(Family("DeepSeek-V3")) {
		t.Error("V3.2-Exp folded into V3")
	}
}

func FuzzFamily(f *testing.F) {
	for _, s := range []string{"deepseek-ai/deepseek-llm-7b-base", "A-Distill-B-7B", "x-0324-awq", "--", "a/b/c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fam := Family(s)
		if len(fam) > 3*len(s) { // invalid UTF-8 becomes U+FFFD
			t.Fatalf("Family(%q) = %q is longer than the name", s, fam)
		}
		if again := Family(fam); len(fam) <= maxNameLen && again != fam {
			t.Fatalf("Family(%q) = %q, but Family(%q) = %q", s, fam, fam, again)
		}
	})
}
