package engine

import (
	"testing"

	"github.com/claimcheck/claimcheck/checks/extract"
)

// The compact store keeps an observation's binding with its model: every
// binding, with and without a model, comes back as it went in, and the
// demo's observations carry bindings at all (else the round trip in
// TestStoreEqualsExtract would prove nothing about them).
func TestPackModelKeepsBinding(t *testing.T) {
	t.Parallel()
	for _, b := range extract.Bindings {
		for _, m := range []string{"", "Foo-2-7B", "org/Foo-2-7B-AWQ", "v2", "code"} {
			gm, gb := unpackModel(packModel(m, b))
			if gm != m || gb != b {
				t.Errorf("packModel(%q, %q) came back as (%q, %q)", m, b, gm, gb)
			}
		}
	}
	if packModel("Foo", extract.BoundUnknown) != "Foo" {
		t.Error("an unknown binding must cost nothing: the model string alone")
	}
	obs, _ := extractSequential(demoRecords(t))
	seen := map[extract.Binding]int{}
	for _, o := range obs {
		seen[o.Binding]++
	}
	for _, b := range []extract.Binding{extract.BoundPage, extract.BoundNamed, extract.BoundUnknown, extract.BoundSeries} {
		if seen[b] == 0 {
			t.Errorf("no demo observation is bound %q (have %v)", b, seen)
		}
	}
}

func FuzzPackModel(f *testing.F) {
	f.Add("Foo-2-7B", "named")
	f.Add("", "page")
	f.Add("\x00x\x00y", "")
	f.Fuzz(func(t *testing.T, m, b string) {
		bind := extract.Binding(b)
		if m != "" && m[0] == 0 || b == "" && len(m) > 0 && m[0] == 0 {
			return // model names never start with NUL (extractors normalise control characters away)
		}
		for i := 0; i < len(b); i++ {
			if b[i] == 0 {
				return // bindings are the extract.Bound* words
			}
		}
		gm, gb := unpackModel(packModel(m, bind))
		if gm != m || gb != bind {
			t.Errorf("packModel(%q, %q) came back as (%q, %q)", m, b, gm, gb)
		}
	})
}
