package history

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseBaseline(t *testing.T) {
	b, err := ParseBaseline("base.yaml", []byte(`# accepted findings
- claim: deepseek-v3/params
  reason: "the tech report rounds; accepted"
  expires: 2027-01-31
- claim: "r1/released#value"
  reason: waiting for the docs page
  expires: 2026-12-15
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Entries) != 2 {
		t.Fatalf("entries = %d", len(b.Entries))
	}
	e := b.Entries[1]
	if e.Entry != "r1" || e.ClaimID != "released" || e.Check != "value" || e.Reason != "waiting for the docs page" ||
		e.ExpiresDate() != "2026-12-15" || e.Pos.Line != 5 || e.Pos.File != "base.yaml" {
		t.Errorf("entry = %+v", e)
	}
	if !e.Active(time.Date(2026, 12, 14, 23, 59, 0, 0, time.UTC)) || e.Active(time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)) {
		t.Error("expiry is not 00:00 UTC of the date")
	}
	for _, empty := range []string{"", "# nothing\n", "~\n", "[]\n"} {
		b, err := ParseBaseline("e.yaml", []byte(empty))
		if err != nil || len(b.Entries) != 0 {
			t.Errorf("%q: %v, %d entries", empty, err, len(b.Entries))
		}
	}
}

func TestParseBaselineErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // every substring must appear
	}{
		{"not a list", "claim: a/b\n", []string{"f.yaml:1: want a list"}},
		{"missing reason", "- claim: a/b\n  expires: 2027-01-01\n", []string{"f.yaml:1: [0].reason: required"}},
		{"empty reason", "- claim: a/b\n  reason: ' '\n  expires: 2027-01-01\n", []string{"f.yaml:1: [0].reason: required"}},
		{"bad date", "- claim: a/b\n  reason: r\n  expires: next year\n", []string{"f.yaml:3: [0].expires: want a date YYYY-MM-DD"}},
		{"bad selector", "- claim: just-an-entry\n  reason: r\n  expires: 2027-01-01\n", []string{"f.yaml:1: [0].claim: want entry/claim"}},
		{"empty check", "- claim: a/b#\n  reason: r\n  expires: 2027-01-01\n", []string{"f.yaml:1: [0].claim: want entry/claim"}},
		{"unknown field", "- claim: a/b\n  reason: r\n  expires: 2027-01-01\n  until: 2028-01-01\n", []string{"f.yaml:4: [0].until: unknown field"}},
		{"duplicate", "- {claim: a/b, reason: r, expires: 2027-01-01}\n- {claim: a/b, reason: r, expires: 2027-01-01}\n",
			[]string{"f.yaml:2: [1].claim: a/b is already listed at line 1"}},
		{"nested value", "- claim: [a/b]\n  reason: r\n  expires: 2027-01-01\n", []string{"f.yaml:1: [0].claim: want a single value"}},
		{"several problems all reported", "- claim: a/b\n- reason: r\n", []string{"f.yaml:1: [0].reason: required", "f.yaml:2: [1].claim: required"}},
		{"syntax", "- claim: a/b\n  reason: [unclosed\n", []string{"f.yaml:"}},
		{"alias is not a value", "- claim: &c a/b\n  reason: *c\n  expires: 2027-01-01\n", []string{"[0].reason: want a single value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseBaseline("f.yaml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestLoadBaseline(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "b.yaml")
	if err := os.WriteFile(p, []byte("- {claim: a/b, reason: r, expires: 2027-01-01}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := LoadBaseline(p)
	if err != nil || len(b.Entries) != 1 || b.Entries[0].Pos.File != p {
		t.Fatalf("load: %v %+v", err, b)
	}
	if _, err := LoadBaseline(filepath.Join(dir, "absent.yaml")); err == nil {
		t.Error("absent file: no error")
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte(strings.Repeat("#", MaxBaselineBytes+10)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadBaseline(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("huge file: %v", err)
	}
}

func FuzzParseBaseline(f *testing.F) {
	f.Add([]byte("- claim: a/b\n  reason: r\n  expires: 2027-01-01\n"))
	f.Add([]byte("- {claim: a/b#c, reason: r, expires: 2027-01-01}\n- {claim: x/y, reason: r, expires: 1999-12-31}\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Add([]byte("- claim: a/b\n  reason: [\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseBaseline("fuzz.yaml", data)
		if err != nil {
			if b != nil {
				t.Fatal("error with a baseline")
			}
			if !strings.Contains(err.Error(), "fuzz.yaml:") {
				t.Fatalf("error without file:line: %v", err)
			}
			return
		}
		for _, e := range b.Entries {
			if e.Entry == "" || e.ClaimID == "" || e.Reason == "" || e.Expires.IsZero() || e.Pos.Line < 1 {
				t.Fatalf("accepted an incomplete entry %+v", e)
			}
		}
	})
}
