package normalize

import (
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
)

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  DeepSeek-V3\n  Technical\tReport ", "DeepSeek-V3 Technical Report"},
		{"Deep\u200bSeek\u00a0V3", "DeepSeek V3"},
		{"\ufeffa\u2060b", "ab"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPhrase(t *testing.T) {
	tests := []struct {
		text, phrase string
		want         bool
	}{
		{"introduces Multi-head Latent Attention (MLA)", "multi-head latent attention", true},
		{"introduces Multi\u2010head  Latent\nAttention", "Multi-head Latent Attention", true},
		{"uses “fine-grained” expert segmentation", `"fine-grained" expert segmentation`, true},
		{"**128K** context", "128K context", true},
		{"project-level code corpus", "project level", true},
		{"we scale to DeepSeek-V3.2.", "DeepSeek-V3.2", true},
		{"a GRPOX variant", "GRPO", false},            // word boundary
		{"supports screenshots", "screenshot", false}, // no stemming
		{"", "x", false},
		{"anything", "", false},
	}
	for _, tt := range tests {
		if got := ContainsPhrase(tt.text, tt.phrase); got != tt.want {
			t.Errorf("ContainsPhrase(%q, %q) = %v, want %v", tt.text, tt.phrase, got, tt.want)
		}
	}
	if s := Snippet("The model uses Group Relative Policy Optimization to train.", "GRPO", 10); s != "" {
		t.Errorf("Snippet of absent phrase = %q", s)
	}
	if s := Snippet("The model uses Group Relative Policy Optimization to train.", "relative policy", 6); s != "group relative policy optimization" {
		t.Errorf("Snippet = %q", s)
	}
}

func TestName(t *testing.T) {
	same := []struct{ a, b string }{
		{"DeepSeekMath-V2", "DeepSeek-Math-V2"},
		{"deepseek math v2", "DeepSeek-Math-V2"},
		{"DeepSeek\u200b-V3", "deepseek-v3"},
		{"deepseek-ai/DeepSeek-V3", "DeepSeek-V3"},
		{"deepseek-ai/DeepSeek-V3", "DEEPSEEK-AI/deepseek_v3"},
		{"DeepSeek LLM", "DeepSeek-LLM"},
		{"deepseek-v4-pro", "deepseek-ai/DeepSeek-V4-Pro"},
		{"DeepSeek-V3.2", "DeepSeek V3.2"},
	}
	for _, tt := range same {
		if !SameName(tt.a, tt.b) {
			t.Errorf("SameName(%q, %q) = false", tt.a, tt.b)
		}
	}
	differ := []struct{ a, b string }{
		{"DeepSeek-V2", "DeepSeek-V2-Lite"},
		{"DeepSeek-V3", "DeepSeek-V3-Base"},
		{"DeepSeek-V2-Chat", "DeepSeek-V2-Lite-Chat"},
		{"DeepSeek-R1-Distill-Qwen-1.5B", "DeepSeek-R1-Distill-Qwen-15B"},
		{"deepseek-ai/DeepSeek-V3", "someone/DeepSeek-V3"},
		{"DeepSeek-V3.2", "DeepSeek-V3.2-Exp"},
		{"", ""},
	}
	for _, tt := range differ {
		if SameName(tt.a, tt.b) {
			t.Errorf("SameName(%q, %q) = true", tt.a, tt.b)
		}
	}
}

func TestVariant(t *testing.T) {
	tests := []struct {
		row, family, variant string
		ok                   bool
	}{
		{"DeepSeek-V3-Base", "DeepSeek-V3", "base", true},
		{"DeepSeek-V3", "deepseek-ai/DeepSeek-V3", "", true},
		{"DeepSeek-V2-Chat", "DeepSeek-V2", "chat", true},
		{"DeepSeek LLM 7B Chat", "DeepSeek LLM 7B", "chat", true},
		{"DeepSeek-Coder-V2-Instruct", "DeepSeek-Coder-V2", "instruct", true},
		{"DeepSeek-V2-Lite", "DeepSeek-V2", "", false},
		{"DeepSeek-V2-Lite-Chat", "DeepSeek-V2", "", false},
		{"DeepSeek-V3-0324", "DeepSeek-V3", "", false},
		{"other/DeepSeek-V3-Base", "deepseek-ai/DeepSeek-V3", "", false},
	}
	for _, tt := range tests {
		v, ok := Variant(tt.row, tt.family)
		if v != tt.variant || ok != tt.ok {
			t.Errorf("Variant(%q, %q) = %q, %v; want %q, %v", tt.row, tt.family, v, ok, tt.variant, tt.ok)
		}
	}
}

func TestFamilyAndShortNames(t *testing.T) {
	if !FamilyMember("deepseek-ai/DeepSeek-V4-Flash-0731", "deepseek-ai/DeepSeek-V4-Flash") {
		t.Error("V4-Flash-0731 should be a member of V4-Flash")
	}
	if FamilyMember("DeepSeek-V3.1", "DeepSeek-V3") || FamilyMember("DeepSeek-V4-Flash", "DeepSeek-V4-Flash") {
		t.Error("FamilyMember must need a proper, part-aligned prefix")
	}
	if !ShortName("R1-Zero", "deepseek-ai/DeepSeek-R1-Zero") || !ShortName("V4-Flash", "DeepSeek-V4-Flash") {
		t.Error("trailing parts should be accepted as short names")
	}
	if ShortName("Zero", "DeepSeek-R1-Zero") || ShortName("V4-Flash", "DeepSeek-V4-Flash-0731") {
		t.Error("a single part or a non-trailing part is not a short name")
	}
	if !HasToken("DeepSeek-R1-Distill-Qwen-7B", "qwen") || HasToken("DeepSeek-R1-Distill-Qwen-7B", "Llama") {
		t.Error("HasToken")
	}
}

func TestMentionsName(t *testing.T) {
	tests := []struct {
		text, name string
		want, fam  bool
	}{
		{"DeepSeek V4 Preview Release", "DeepSeek-V4", true, true},
		{"DeepSeek-V3-0324 is out", "DeepSeek-V3", false, true},
		{"We release deepseek-ai/DeepSeek-R1-Zero today.", "DeepSeek-R1-Zero", true, true},
		{"DeepSeek-V4-Pro GA", "deepseek-ai/DeepSeek-V4-Pro", true, true},
		{"DeepSeek-V4-Flash-0731 release", "deepseek-ai/DeepSeek-V4-Flash", false, true},
		{"DeepSeek-V2-Lite", "DeepSeek-V2", false, true},
		{"DeepSeek-V3.1 update", "DeepSeek-V3", false, false},
		{"nothing here", "DeepSeek-V3", false, false},
	}
	for _, tt := range tests {
		if got := MentionsName(tt.text, tt.name); got != tt.want {
			t.Errorf("MentionsName(%q, %q) = %v, want %v", tt.text, tt.name, got, tt.want)
		}
		if got := MentionsFamily(tt.text, tt.name); got != tt.fam {
			t.Errorf("MentionsFamily(%q, %q) = %v, want %v", tt.text, tt.name, got, tt.fam)
		}
	}
}

func q(t *testing.T, s string) catalog.Quantity {
	t.Helper()
	v, err := catalog.ParseQuantity(s, catalog.UnitParameters)
	if err != nil {
		t.Fatalf("ParseQuantity(%q): %v", s, err)
	}
	return v
}

func TestMatchCount(t *testing.T) {
	tests := []struct {
		claim, obs string
		want       Result
		lo, hi     bool
	}{
		{"671B", "671B", Agree, true, true},
		{"671B", "671026419200", Agree, true, true},
		{"671B", "685B", Differ, false, false},
		{"671B", "670.4B", Differ, false, false},
		{"671B", "671.4B", Agree, true, true},
		{"1.6T", "1650497936906", Differ, false, false}, // [1.55T, 1.65T) excludes 1.6505T
		{"1.6T", "1.62T", Agree, true, true},
		{"1.6T", "1549900000000", Differ, false, false},
		{"16.4B", "16B", Agree, true, true}, // the source is less precise
		{"1.3B", "1B", Agree, true, true},   // decided: an official "1B" covers 1.3B
		{"1.3B", "2B", Differ, false, false},
		{"1.3B–33B", "1B-33B", Agree, true, true},
		{"1.3B–33B", "1.3B", Agree, true, false},
		{"1.3B–33B", "33B", Agree, false, true},
		{"1.3B–33B", "6.7B", Inconclusive, false, false},
		{"1.3B–33B", "67B", Differ, false, false},
		{"1.3B–33B", "1.3B-67B", Differ, false, false},
		{"hundreds", "338", Agree, true, true},
		{"hundreds", "86", Differ, false, false},
		{"hundreds", "1200", Differ, false, false},
		{"more than 32T", "more than 32T", Agree, true, true},
		{"more than 32T", "33T", Agree, true, true},
		{"more than 32T", "30T", Differ, false, false},
		{"33T", "more than 32T", Inconclusive, false, false},
		{"30T", "more than 32T", Differ, false, false},
		{"7B", "1B-33B", Inconclusive, false, false},
		{"33B", "1B-33B", Agree, true, true},
		{"338", "338", Agree, true, true},
		{"338", "339", Differ, false, false},
	}
	for _, tt := range tests {
		m := MatchCount(q(t, tt.claim), tt.claim, q(t, tt.obs), tt.obs)
		if m.Result != tt.want || (m.Result == Agree && (m.Lo != tt.lo || m.Hi != tt.hi)) {
			t.Errorf("MatchCount(%q, %q) = %+v, want %v lo=%v hi=%v", tt.claim, tt.obs, m, tt.want, tt.lo, tt.hi)
		}
	}
	if m := MatchCount(q(t, "1.3B"), "1.3B", q(t, "1B"), "1B"); m.Note == "" {
		t.Error("a less precise official value should be noted")
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		in         string
		value, hlf float64
	}{
		{"671B", 671e9, 0.5e9},
		{"1.6T", 1.6e12, 0.05e12},
		{"671,026,419,200", 671026419200, 0.5},
		{"14.8 trillion tokens", 14.8e12, 0.05e12},
		{"2T tokens", 2e12, 0.5e12},
	}
	for _, tt := range tests {
		ns := Numbers(tt.in)
		if len(ns) == 0 || !close(ns[0].Value, tt.value) || !close(ns[0].Half, tt.hlf) {
			t.Errorf("Numbers(%q) = %+v, want %v ± %v", tt.in, ns, tt.value, tt.hlf)
		}
	}
	if s := StatedAs("1-7B", 1e9); !close(s.Half, 0.5e9) {
		t.Errorf("StatedAs borrowing magnitude = %+v", s)
	}
}

func ctx(t *testing.T, s string) catalog.Quantity {
	t.Helper()
	v, err := catalog.ParseContext(s)
	if err != nil {
		t.Fatalf("ParseContext(%q): %v", s, err)
	}
	return v
}

func TestMatchContext(t *testing.T) {
	tests := []struct {
		claim, obs string
		want       Result
		rule       string
	}{
		{"128K", "131072", Agree, "binary"},
		{"128K", "128000", Agree, "decimal"},
		{"128K", "128K", Agree, "binary"},
		{"128K", "163840", Differ, ""},
		{"1M", "1048576", Agree, "binary"},
		{"1M", "1000000", Agree, "decimal"},
		{"1M", "128K", Differ, ""},
		{"4096", "4096", Agree, ""},
		{"4096", "4K", Agree, "binary"},
		{"32K", "32768", Agree, "binary"},
		{"16K", "4096", Differ, ""},
	}
	for _, tt := range tests {
		m := MatchContext(ctx(t, tt.claim), tt.claim, ctx(t, tt.obs), tt.obs)
		if m.Result != tt.want {
			t.Errorf("MatchContext(%q, %q) = %+v, want %v", tt.claim, tt.obs, m, tt.want)
		}
		if tt.rule != "" && !ContainsPhrase(m.Note, tt.rule) {
			t.Errorf("MatchContext(%q, %q) note %q should name the %s reading", tt.claim, tt.obs, m.Note, tt.rule)
		}
	}
	// An observation stated in running text.
	if m := MatchContext(ctx(t, "128K"), "128K", catalog.Quantity{Value: 131072}, "supports a context length of 128K tokens"); m.Result != Agree {
		t.Errorf("text observation: %+v", m)
	}
}

func d(t *testing.T, s string) catalog.Date {
	t.Helper()
	v, err := catalog.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestMatchDate(t *testing.T) {
	tests := []struct {
		claim, obs string
		want       Result
	}{
		{"2024-12", "2024-12-26", Agree},
		{"2024-12", "2025-01-01", Differ},
		{"2024", "2024-02-05", Agree},
		{"2024", "2023-12-31", Differ},
		{"2026-04-24", "2026-04-24", Agree},
		{"2026-04-24", "2026-04-22", Differ},
		{"2026-04-24", "2026-04", Inconclusive},
		{"2026-04-24", "2026-05", Differ},
		{"2024-01", "2024", Inconclusive},
		{"2024", "2024", Agree},
	}
	for _, tt := range tests {
		if m := MatchDate(d(t, tt.claim), d(t, tt.obs)); m.Result != tt.want {
			t.Errorf("MatchDate(%q, %q) = %v, want %v", tt.claim, tt.obs, m.Result, tt.want)
		}
	}
	if !SameDate(d(t, "2025-03"), d(t, "2025-03-25")) || SameDate(d(t, "2025-03-24"), d(t, "2025-03-25")) {
		t.Error("SameDate")
	}
}

func TestVenue(t *testing.T) {
	tests := []struct {
		in   string
		name string
		year int
	}{
		{"ICLR 2025", "ICLR", 2025},
		{"International Conference on Learning Representations 2025", "ICLR", 2025},
		{"The Thirteenth International Conference on Learning Representations", "ICLR", 2025},
		{"CVPR 2025", "CVPR", 2025},
		{"IEEE/CVF Conference on Computer Vision and Pattern Recognition 2025", "CVPR", 2025},
		{"Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR), 2025", "CVPR", 2025},
		{"Nature", "Nature", 0},
		{"Nature 645, 633–638 (2025)", "Nature", 2025},
		{"ICLR 2025 Poster", "ICLR", 2025},
		{"CVPR2025", "CVPR", 2025},
		{"Nature Communications", "nature communications", 0},
	}
	for _, tt := range tests {
		v := Venue(tt.in)
		if v.Name != tt.name || v.Year != tt.year {
			t.Errorf("Venue(%q) = %+v, want %s %d", tt.in, v, tt.name, tt.year)
		}
	}
	matches := []struct {
		claim, obs string
		year       int
		want       Result
	}{
		{"ICLR 2025", "The Thirteenth International Conference on Learning Representations", 0, Agree},
		{"ICLR 2025", "ICLR 2024", 0, Differ},
		{"Nature", "Nature", 2025, Agree},
		{"CVPR 2025", "IEEE/CVF Conference on Computer Vision and Pattern Recognition", 2025, Agree},
		{"CVPR 2025", "ICCV 2025", 0, Differ},
		{"Nature", "Nature Communications", 0, Differ},
		{"ICLR 2025", "", 0, Inconclusive},
	}
	for _, tt := range matches {
		if m := MatchVenue(tt.claim, tt.obs, tt.year); m.Result != tt.want {
			t.Errorf("MatchVenue(%q, %q) = %v, want %v", tt.claim, tt.obs, m.Result, tt.want)
		}
	}
	if !MentionsVenue("Accepted at ICLR 2025 (poster)", "ICLR 2025") || MentionsVenue("Accepted at ICLR 2024", "ICLR 2025") {
		t.Error("MentionsVenue")
	}
}

func TestLicense(t *testing.T) {
	tests := []struct{ in, want string }{
		{"MIT", "mit"}, {"mit", "mit"}, {"MIT License", "mit"}, {"license:mit", "mit"},
		{"Apache License 2.0", "apache-2.0"}, {"apache-2.0", "apache-2.0"},
		{"DeepSeek Model License", "deepseek"}, {"DeepSeek License Agreement", "deepseek"},
		{"DEEPSEEK LICENSE AGREEMENT Version 1.0", "deepseek"}, {"other: deepseek", "deepseek"},
		{"Llama 3.1 Community License", "llama3.1"},
		{"other", ""}, {"Model License", ""},
	}
	for _, tt := range tests {
		if got := License(tt.in); got != tt.want {
			t.Errorf("License(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	matches := []struct {
		claim, obs string
		want       Result
	}{
		{"MIT", "mit", Agree},
		{"DeepSeek Model License", "other: deepseek", Agree},
		{"DeepSeek Model License", "Model License", Agree}, // generic, noted
		{"DeepSeek Model License", "mit", Differ},
		{"MIT", "other", Inconclusive},
		{"Apache 2.0", "MIT License", Differ},
	}
	for _, tt := range matches {
		if m := MatchLicense(tt.claim, tt.obs); m.Result != tt.want {
			t.Errorf("MatchLicense(%q, %q) = %v, want %v", tt.claim, tt.obs, m.Result, tt.want)
		}
	}
}

func TestStatus(t *testing.T) {
	tests := []struct {
		claim, obs string
		want       Result
	}{
		{"preview", "Preview", Agree},
		{"full", "GA", Agree},
		{"ga", "general availability", Agree},
		{"experimental", "Exp", Agree},
		{"experimental", "DeepSeek-V3.2-Exp", Agree},
		{"preview", "ga", Differ},
		{"distilled", "DeepSeek-R1-Distill-Qwen-7B", Agree},
		{"preview", "something", Inconclusive},
	}
	for _, tt := range tests {
		if m := MatchStatus(tt.claim, tt.obs); m.Result != tt.want {
			t.Errorf("MatchStatus(%q, %q) = %v, want %v", tt.claim, tt.obs, m.Result, tt.want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"DeepSeek-V3", "128K", "1.3B–33B", "The Thirteenth International Conference", "license:other", "\u200b", "((((", "1,2,3,4,5"} {
		f.Add(s, "DeepSeek-V3")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		_ = Name(a)
		_ = SameName(a, b)
		_, _ = Variant(a, b)
		_ = FamilyMember(a, b)
		_ = ShortName(a, b)
		_ = MentionsFamily(a, b)
		_ = ContainsPhrase(a, b)
		_ = Snippet(a, b, 20)
		_ = Numbers(a)
		_ = ContextReadings(a, 0)
		_ = Venue(a)
		_ = MatchVenue(a, b, 0)
		_ = MentionsVenue(a, b)
		_ = License(a)
		_ = MatchLicense(a, b)
		_ = MatchStatus(a, b)
		if SameName(a, b) != SameName(b, a) {
			t.Errorf("SameName is not symmetric for %q, %q", a, b)
		}
	})
}
