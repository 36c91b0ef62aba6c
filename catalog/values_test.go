package catalog

import (
	"testing"
)

func TestParseQuantity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, unit string
		want     Quantity
		err      string
	}{
		{"671B", UnitParameters, Quantity{Value: 671e9, Unit: UnitParameters}, ""},
		{"14.8T", UnitTokens, Quantity{Value: 14.8e12, Unit: UnitTokens}, ""},
		{"1.6T", UnitParameters, Quantity{Value: 1.6e12, Unit: UnitParameters}, ""},
		{"37B", UnitParameters, Quantity{Value: 37e9, Unit: UnitParameters}, ""},
		{"338", UnitLanguages, Quantity{Value: 338, Unit: UnitLanguages}, ""},
		{"2k", UnitTokens, Quantity{Value: 2000, Unit: UnitTokens}, ""},
		{"1.5 M", UnitTokens, Quantity{Value: 1.5e6, Unit: UnitTokens}, ""},
		{"1.3B–33B", UnitParameters, Quantity{Value: 1.3e9, Max: 33e9, Unit: UnitParameters}, ""},
		{"1.3B-33B", UnitParameters, Quantity{Value: 1.3e9, Max: 33e9, Unit: UnitParameters}, ""},
		{"1.3B to 33B", UnitParameters, Quantity{Value: 1.3e9, Max: 33e9, Unit: UnitParameters}, ""},
		{"1.5-7B", UnitParameters, Quantity{Value: 1.5e9, Max: 7e9, Unit: UnitParameters}, ""},
		{"hundreds", UnitLanguages, Quantity{Value: 100, Max: 999, Unit: UnitLanguages, Approx: true}, ""},
		{"Thousands", UnitLanguages, Quantity{Value: 1000, Max: 9999, Unit: UnitLanguages, Approx: true}, ""},
		{"more than 32T", UnitTokens, Quantity{Value: 32e12, Unit: UnitTokens, Approx: true}, ""},
		{"over 2T", UnitTokens, Quantity{Value: 2e12, Unit: UnitTokens, Approx: true}, ""},
		{"at least 300", UnitLanguages, Quantity{Value: 300, Unit: UnitLanguages, Approx: true}, ""},
		{"671B", "", Quantity{}, "missing unit"},
		{"671B", "params", Quantity{}, `unknown unit "params" (want one of parameters, tokens, languages)`},
		{"", UnitTokens, Quantity{}, "empty count"},
		{"lots", UnitTokens, Quantity{}, `count "lots": want a number with an optional K, M, B or T suffix`},
		{"671X", UnitTokens, Quantity{}, `count "671X": want a number with an optional K, M, B or T suffix`},
		{"-5", UnitTokens, Quantity{}, `count range "-5": want a number with an optional K, M, B or T suffix`},
		{"0", UnitTokens, Quantity{}, `count "0": count must be positive`},
		{"33B-1.3B", UnitParameters, Quantity{}, `count range "33B-1.3B": low end must be below high end`},
		{"1B-", UnitParameters, Quantity{}, `count range "1B-": want a number with an optional K, M, B or T suffix`},
		{"more than lots", UnitTokens, Quantity{}, `count "more than lots": want a number with an optional K, M, B or T suffix`},
		{"99999999T", UnitTokens, Quantity{}, `count "99999999T": number out of range`},
		{"1e9", UnitTokens, Quantity{}, `count "1e9": want a number with an optional K, M, B or T suffix`},
	}
	for _, tt := range tests {
		got, err := ParseQuantity(tt.in, tt.unit)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseQuantity(%q, %q) error = %v, want %q", tt.in, tt.unit, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseQuantity(%q, %q) = %+v, %v; want %+v", tt.in, tt.unit, got, err, tt.want)
		}
	}
}

func TestParseContext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want float64
		err  string
	}{
		{"128K", 131072, ""},
		{"1M", 1048576, ""},
		{"16K", 16384, ""},
		{"4096", 4096, ""},
		{"64k", 65536, ""},
		{"128K tokens", 131072, ""},
		{"0.5K", 512, ""},
		{"128B", 0, `context length "128B": suffix must be K or M`},
		{"128Q", 0, `context length "128Q": want a number with an optional K or M suffix (128K, 1M, 4096)`},
		{"", 0, `context length "": want a number with an optional K or M suffix (128K, 1M, 4096)`},
		{"0.3K", 0, `context length "0.3K": not a whole positive number of tokens`},
		{"0", 0, `context length "0": not a whole positive number of tokens`},
		{"1.5 million", 0, `context length "1.5 million": want a number with an optional K or M suffix (128K, 1M, 4096)`},
	}
	for _, tt := range tests {
		got, err := ParseContext(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseContext(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != (Quantity{Value: tt.want, Unit: UnitTokens}) {
			t.Errorf("ParseContext(%q) = %+v, %v; want %v tokens", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Date
		err  string
	}{
		{"2024", Date{Year: 2024, Precision: PrecisionYear}, ""},
		{"2024-12", Date{Year: 2024, Month: 12, Precision: PrecisionMonth}, ""},
		{"2026-07-24", Date{2026, 7, 24, PrecisionDay}, ""},
		{"2024-02-29", Date{2024, 2, 29, PrecisionDay}, ""},
		{" 2025-01 ", Date{Year: 2025, Month: 1, Precision: PrecisionMonth}, ""},
		{"2025-02-29", Date{}, `date "2025-02-29": day out of range`},
		{"2024-13", Date{}, `date "2024-13": month out of range`},
		{"2024-00", Date{}, `date "2024-00": month out of range`},
		{"2024-12-00", Date{}, `date "2024-12-00": day out of range`},
		{"0999", Date{}, `date "0999": year out of range`},
		{"24-12-01", Date{}, `date "24-12-01": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{"July 24, 2026", Date{}, `date "July 24, 2026": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{"2026/07/24", Date{}, `date "2026/07/24": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{"2026-7-24", Date{}, `date "2026-7-24": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{"", Date{}, `date "": want YYYY, YYYY-MM or YYYY-MM-DD`},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseDate(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseStatus(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"preview": "preview", "Preview": "preview", " EXPERIMENTAL ": "experimental", "distilled": "distilled", "full": "full", "GA": "ga", "beta": "beta"} {
		if got, err := ParseStatus(in); err != nil || got != want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseStatus("alpha"); err == nil || err.Error() != `unknown status "alpha" (want one of preview, experimental, distilled, full, ga, beta)` {
		t.Errorf("ParseStatus(alpha) error = %v", err)
	}
}

func TestParseArXivID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want ArXivRef
		err  string
	}{
		{"2412.19437", ArXivRef{ID: "2412.19437"}, ""},
		{"2501.12948v3", ArXivRef{ID: "2501.12948", Version: 3}, ""},
		{"0704.0001", ArXivRef{ID: "0704.0001"}, ""},
		{"1412.7878v12", ArXivRef{ID: "1412.7878", Version: 12}, ""},
		{"hep-ex/0406020", ArXivRef{ID: "hep-ex/0406020"}, ""},
		{"math.GT/0309136v2", ArXivRef{ID: "math.GT/0309136", Version: 2}, ""},
		{"cs/9108001", ArXivRef{ID: "cs/9108001"}, ""},
		{"2412.1943", ArXivRef{}, `malformed arXiv id "2412.1943": ids from 1501 on have 5 digits after the dot`},
		{"1412.12345", ArXivRef{}, `malformed arXiv id "1412.12345": ids before 1501 have 4 digits after the dot`},
		{"0703.1234", ArXivRef{}, `malformed arXiv id "0703.1234": new-style ids start in 0704`},
		{"2413.12345", ArXivRef{}, `malformed arXiv id "2413.12345": month out of range`},
		{"hep-ex/0413020", ArXivRef{}, `malformed arXiv id "hep-ex/0413020": month out of range`},
		{"cs/0704001", ArXivRef{}, `malformed arXiv id "cs/0704001": old-style ids run from 9108 to 0703`},
		{"cs/9107001", ArXivRef{}, `malformed arXiv id "cs/9107001": old-style ids run from 9108 to 0703`},
		{"arXiv:2412.19437", ArXivRef{}, `malformed arXiv id "arXiv:2412.19437": drop the arXiv: prefix`},
		{"2412.19437v", ArXivRef{}, `malformed arXiv id "2412.19437v": want YYMM.NNNNN or archive/YYMMNNN, optionally with vN`},
		{"2412.19437v0", ArXivRef{}, `malformed arXiv id "2412.19437v0": want YYMM.NNNNN or archive/YYMMNNN, optionally with vN`},
		{"HEP-EX/0406020", ArXivRef{}, `malformed arXiv id "HEP-EX/0406020": want YYMM.NNNNN or archive/YYMMNNN, optionally with vN`},
		{"https://arxiv.org/abs/2412.19437", ArXivRef{}, `malformed arXiv id "https://arxiv.org/abs/2412.19437": want YYMM.NNNNN or archive/YYMMNNN, optionally with vN`},
	}
	for _, tt := range tests {
		got, err := ParseArXivID(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseArXivID(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseArXivID(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		if got.String() != tt.in {
			t.Errorf("ParseArXivID(%q).String() = %q", tt.in, got.String())
		}
	}
}
