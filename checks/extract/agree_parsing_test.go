package extract_test

import (
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/extract/mdfacts"
	"github.com/claimcheck/claimcheck/checks/normalize"
)

// TestParsersAgree: the catalog loader, the extractors and the judge's
// normalisation read the same text the same way (they all call
// internal/parse); where the catalog's grammar is narrower it refuses
// rather than reading differently.
func TestParsersAgree(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"128K", "1M", "4096", "32K tokens", "1.5K", "one million tokens", "163,840", "\u00ad128K"} {
		e, eok := extract.ParseContextLength(s)
		m, mok := mdfacts.ParseContext(s)
		if eok != mok || eok && float64(e) != m.Value {
			t.Errorf("context %q: extract %d %v, mdfacts %v %v", s, e, eok, m.Value, mok)
		}
		if c, err := catalog.ParseContext(s); err == nil && (!eok || c.Value != float64(e)) {
			t.Errorf("context %q: catalog %v, extract %d %v", s, c.Value, e, eok)
		}
	}
	for _, s := range []string{"2024-12-26", "2024.05.06", "2024/12/26", "May 6, 2024", "6 May 2024", "Sept. 3rd, 2024", "2024-12-26T04:03:16Z"} {
		e, eok := extract.ParseDate(s)
		m, mok := mdfacts.ParseDate(s)
		if !eok || !mok || e.String() != m.String() {
			t.Errorf("date %q: extract %v %v, mdfacts %v %v", s, e, eok, m, mok)
		}
		if c, err := catalog.ParseDate(s); err == nil && c.String() != e.String() {
			t.Errorf("date %q: catalog %v, extract %v", s, c, e)
		}
	}
	for _, s := range []string{"671B", "14.8T", "16.4B", "1 million", "5.5 trillion", "671,000,000,000"} {
		m, mok := mdfacts.ParseCount(s, "parameters")
		ns := normalize.Numbers(s)
		if !mok || len(ns) != 1 || ns[0].Value != m.Value {
			t.Errorf("count %q: mdfacts %v %v, normalize %+v", s, m.Value, mok, ns)
		}
		if c, err := catalog.ParseQuantity(s, "parameters"); err == nil && c.Value != m.Value {
			t.Errorf("count %q: catalog %v, mdfacts %v", s, c.Value, m.Value)
		}
	}
	// White space: every normaliser drops soft hyphens and zero-width characters.
	in := "Deep\u00adSeek\u200b  V3\u00a0"
	if a, b, c := extract.NormalizeSpace(in), mdfacts.Space(in), normalize.Text(in); a != "DeepSeek V3" || a != b || b != c {
		t.Errorf("space: %q %q %q", a, b, c)
	}
}
