package catalog

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the loader: it must never panic, and it
// returns either a valid catalog or Errors (or ErrTooLarge); every error has a
// position in the file, and a valid catalog has the parsed form every claim
// type promises.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(hdr))
	f.Add([]byte(diffBase))
	f.Add([]byte(billionLaughs()))
	f.Add([]byte(claimHdr + "        type: count\n        field: model_sizes\n        value: 1.3B–33B\n        unit: parameters\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("name: [[[[[[[[[[[[[[[[[[[[\n"))
	f.Add([]byte{0xff, 0xfe, 0x00})
	if files, _ := filepath.Glob("testdata/*.yaml"); len(files) > 0 {
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add(DefaultYAML())
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.yaml", data)
		if err != nil {
			if c != nil {
				t.Fatal("catalog returned along with an error")
			}
			if errors.Is(err, ErrTooLarge) {
				return
			}
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error %v (%T) is neither Errors nor ErrTooLarge", err, err)
			}
			for _, e := range errs {
				if e.Pos.File != "fuzz.yaml" || e.Pos.Line < 1 || e.Pos.Column < 1 || e.Msg == "" {
					t.Fatalf("error without a position or message: %#v", e)
				}
			}
			return
		}
		if c == nil {
			t.Fatal("nil catalog and nil error")
		}
		ids := map[string]bool{}
		for _, e := range c.Entries {
			if e.ID == "" || ids[e.ID] || e.Pos.Line < 1 {
				t.Fatalf("bad entry %q at %v", e.ID, e.Pos)
			}
			ids[e.ID] = true
			for _, cl := range e.Claims {
				switch cl.Type {
				case TypeCount, TypeContext:
					if cl.Quantity == nil || cl.Quantity.Value <= 0 {
						t.Fatalf("claim %s has no quantity", cl.FullID(e.ID))
					}
				case TypeDate, TypeDeadline:
					if cl.Date == nil {
						t.Fatalf("claim %s has no date", cl.FullID(e.ID))
					}
				}
			}
		}
	})
}
