package catalog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// billionLaughs is the classic alias bomb: nine levels of nine aliases
// would expand to 10^9 strings.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for c := 'b'; c <= 'i'; c++ {
		p := string(c - 1)
		fmt.Fprintf(&b, "%c: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", c, c, p, p, p, p, p, p, p, p, p)
	}
	return b.String()
}

// allocDuring reports the bytes allocated while f runs.
func allocDuring(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestAliasBomb(t *testing.T) {
	// Not parallel: it measures allocations.
	doc := billionLaughs()
	var err error
	start := time.Now()
	alloc := allocDuring(func() { _, err = Parse("bomb.yaml", []byte(doc)) })
	elapsed := time.Since(start)
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Parse(bomb) error = %v, want Errors", err)
	}
	if got := errs[0].Error(); got != "bomb.yaml:1:4: YAML anchors are not allowed in a catalog (&a)" {
		t.Errorf("first error = %q", got)
	}
	if !strings.Contains(err.Error(), "bomb.yaml:2:8: YAML aliases are not allowed in a catalog (*a)") {
		t.Errorf("alias not reported:\n%v", err)
	}
	if alloc > 8<<20 || elapsed > 30*time.Second { // an unbounded expansion takes minutes and gigabytes; 30 s is a hang guard for loaded machines
		t.Errorf("alias bomb cost %d bytes and %v; want bounded", alloc, elapsed)
	}
}

func TestTooLarge(t *testing.T) {
	t.Parallel()
	big := []byte("name: x\n# " + strings.Repeat("x", MaxFileSize) + "\n")
	if _, err := Parse("big.yaml", big); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Parse(big) = %v, want ErrTooLarge", err)
	}
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, big, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Load(big) = %v, want ErrTooLarge", err)
	}
	want := fmt.Sprintf("%s: catalog file too large: more than %d bytes (got %d)", path, MaxFileSize, len(big))
	if err.Error() != want {
		t.Errorf("Load(big) error = %q, want %q", err, want)
	}
	// A reader that never ends is cut at the cap.
	if _, err := ParseReader("stream", endless{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ParseReader(endless) = %v, want ErrTooLarge", err)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	return len(p), nil
}

func TestLoadMissingFile(t *testing.T) {
	t.Parallel()
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want ErrNotExist", err)
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	entries := func(n int) string {
		var b strings.Builder
		b.WriteString("name: T\nas_of: 2026-05-10\nentries:\n")
		for i := range n {
			fmt.Fprintf(&b, "  - {id: e%d, kind: paper, name: N}\n", i)
		}
		return b.String()
	}
	claims := func(n int) string {
		var b strings.Builder
		b.WriteString("name: T\nas_of: 2026-05-10\nentries:\n  - id: e\n    kind: paper\n    name: N\n    claims:\n")
		for i := range n {
			fmt.Fprintf(&b, "      - {id: c%d, type: phrase, field: phrase, value: x}\n", i)
		}
		return b.String()
	}
	manyErrors := func(n int) string {
		var b strings.Builder
		b.WriteString("name: T\nas_of: 2026-05-10\nentries:\n")
		for range n {
			b.WriteString("  - {id: BAD, kind: paper, name: N}\n")
		}
		return b.String()
	}
	tests := []struct {
		name, in string
		want     string // the first error line
		count    int    // number of error lines
	}{
		{"entries at the cap", entries(MaxEntries), "", 0},
		{"too many entries", entries(MaxEntries + 1), fmt.Sprintf("t.yaml:4:3: entries: too many entries (%d, max %d)", MaxEntries+1, MaxEntries), 1},
		{"claims at the cap", claims(MaxClaimsPerEntry), "", 0},
		{"too many claims", claims(MaxClaimsPerEntry + 1), fmt.Sprintf("t.yaml:8:7: entries[0].claims: too many claims in one entry (%d, max %d)", MaxClaimsPerEntry+1, MaxClaimsPerEntry), 1},
		{"value too long", "name: " + strings.Repeat("n", MaxScalarLen+1) + "\nas_of: 2026-05-10\nentries: []\n", fmt.Sprintf("t.yaml:1:7: name: value too long (%d characters, max %d)", MaxScalarLen+1, MaxScalarLen), 1},
		{"errors capped", manyErrors(MaxErrors + 10), `t.yaml:4:10: entries[0].id: invalid id "BAD": want lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (max 128)`, MaxErrors + 1},
		{"yaml depth limit", "name: " + strings.Repeat("[", 20000), "t.yaml:1:1: invalid YAML: exceeded max depth of 10000", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("t.yaml", []byte(tt.in))
			if tt.count == 0 {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Parse error = %v, want Errors", err)
			}
			if len(errs) != tt.count || errs[0].Error() != tt.want {
				t.Errorf("got %d errors, first %q; want %d, first %q", len(errs), errs[0], tt.count, tt.want)
			}
		})
	}
	t.Run("too many claims overall", func(t *testing.T) {
		t.Parallel()
		var b strings.Builder
		b.WriteString("name: T\nas_of: 2026-05-10\nentries:\n")
		per := MaxClaimsPerEntry
		for i := range MaxClaims/per + 1 {
			fmt.Fprintf(&b, "- id: e%d\n  kind: paper\n  name: N\n  claims:\n", i)
			for j := range per {
				fmt.Fprintf(&b, "  - {id: c%d, type: name, field: title, value: x}\n", j)
			}
		}
		if b.Len() > MaxFileSize {
			t.Skipf("document of %d bytes exceeds the size cap first", b.Len())
		}
		_, err := Parse("t.yaml", []byte(b.String()))
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("too many claims in the catalog (max %d)", MaxClaims)) {
			t.Errorf("Parse = %v", err)
		}
	})
}

// TestWorstCaseMemory bounds the memory a maximal hostile file can cost: a
// flow list of MaxFileSize/2 one-character items.
func TestWorstCaseMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("measures a large parse")
	}
	size, bound := MaxFileSize, uint64(256<<20)
	if raceEnabled {
		// The race detector makes this slow; a quarter shows the same bound.
		size, bound = MaxFileSize/4, 64<<20
	}
	doc := "entries: [" + strings.Repeat("a,", (size-20)/2) + "a]\n"
	var err error
	start := time.Now()
	alloc := allocDuring(func() { _, err = Parse("w.yaml", []byte(doc)) })
	t.Logf("worst case: %d bytes in, %d MiB allocated, %v", len(doc), alloc>>20, time.Since(start))
	if err == nil {
		t.Fatal("Parse accepted a hostile document")
	}
	if alloc > bound {
		t.Errorf("worst case allocated %d MiB", alloc>>20)
	}
}
