// Package golden compares what a test produced with a golden file under the
// package's testdata and, when the test binary runs with -update, rewrites
// the file instead:
//
//	go test ./reports -update                              # rewrite the report goldens
//	go test ./internal/engine -run TestEndToEndDemo -update
//
// It owns the one -update flag of every test binary that imports it
// (directly, or through checks/extract/extracttest): the flag is a
// package-level variable, registered when the package is initialised, and a
// test package must not define a flag of that name itself. It is imported by
// tests only.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files (and the want sections of scenario archives) from the tests' output")

// Update reports whether the test binary runs with -update: a harness that
// rewrites only part of a file (a txtar want section) asks it, then calls
// Write.
func Update() bool { return *update }

// Check compares got with the file at path. With -update it writes got to
// path instead (creating its directory). A missing file fails the test at
// once, saying how to create it; a different content fails it with the
// first differing line and a -want +got diff.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	CheckWith(t, path, got, Diff)
}

// CheckJSON is Check on v marshalled as indented JSON (two spaces) with a
// final newline.
func CheckJSON(t testing.TB, path string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatalf("marshal %s: %v", path, err)
	}
	Check(t, path, append(got, '\n'))
}

// CheckWith is Check with its own comparison: diff returns what separates
// want from got, "" when the test should pass (an order-insensitive list,
// for example). With -update got is written as it is.
func CheckWith(t testing.TB, path string, got []byte, diff func(want, got []byte) string) {
	t.Helper()
	if Update() {
		Write(t, path, got)
		return
	}
	want := read(t, path)
	if d := diff(want, got); d != "" {
		t.Errorf("output differs from golden file %s (run go test -update and review the diff):\n%s", path, d)
	}
}

// Write writes data to the golden file path, creating its directory.
func Write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatalf("write golden file: %v", err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatalf("write golden file: %v", err)
	}
}

// read returns the content of the golden file path; a missing file fails
// the test, saying how to create it.
func read(t testing.TB, path string) []byte {
	t.Helper()
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file: %v (run go test -update to create it)", err)
	}
	return want
}

// Diff returns "" when want and got are the same bytes; otherwise the first
// line where got departs from want, then a diff of the lines (-want +got,
// unchanged runs elided).
func Diff(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	w, g := lines(want), lines(got)
	return firstDiff(w, g) + "\n-want +got:\n" + cmp.Diff(w, g)
}

// lines splits b at each newline (a final newline leaves an empty last line).
func lines(b []byte) []string {
	var out []string
	for _, l := range bytes.Split(b, []byte("\n")) {
		out = append(out, string(l))
	}
	return out
}

// firstDiff names the first line where the lines g depart from the lines w.
func firstDiff(w, g []string) string {
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return fmt.Sprintf("first difference at line %d:\n  want %q\n  got  %q", i+1, wl, gl)
		}
	}
	// Unreachable for different inputs: splitting on "\n" keeps every byte.
	return "the contents differ"
}
