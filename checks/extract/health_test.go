package extract

import (
	"testing"

	"github.com/claimcheck/claimcheck/crawler/record"
)

func TestNewHealth(t *testing.T) {
	rec := record.Record{URL: "https://api.github.com/repos/o/r", FinalURL: "https://api.github.com/repositories/1"}
	h := NewHealth(rec, "github:o/r", FieldOwner, "no owner")
	if h != (Health{Subject: "github:o/r", Field: FieldOwner, URL: "https://api.github.com/repos/o/r", Problem: "no owner"}) {
		t.Errorf("NewHealth = %+v", h)
	}
}

func TestDigits(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"2024", 2024}, {"07", 7}, {"0", 0}, {"", 0}, {"12a", 0}, {"-1", 0}, {"1.5", 0},
		{"9999999", 9999999}, {"99999999", 0}, {"２０２４", 0},
	} {
		if got := Digits(tc.in); got != tc.want {
			t.Errorf("Digits(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
