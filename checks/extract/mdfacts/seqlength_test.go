package mdfacts

import (
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
)

// A "Seq Length" column (with a footnote star) is the context length.
func TestSeqLengthColumnIsTheContext(t *testing.T) {
	t.Parallel()
	md := "| Model | Type | Seq Length* | Download |\n|---|---|---|---|\n| Foo-4-9B | Base | 8K | link |\n| Foo-4-9B-Chat-1M | Chat | 1M | link |\n"
	got := map[string]string{}
	for _, f := range Scan(md, Options{}).Facts {
		if f.Field == catalog.FieldContextLength {
			got[f.Model] = f.Value
		}
	}
	if got["Foo-4-9B"] != "8K" || got["Foo-4-9B-Chat-1M"] != "1M" {
		t.Errorf("context lengths %v", got)
	}
}
