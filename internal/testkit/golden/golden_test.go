package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTB is a testing.TB that keeps the failures it is told of. Its
// Fatalf stops the helper by panicking with stopped, which run recovers, so
// a check that fails at once can be tested on the test's own goroutine.
type fakeTB struct {
	testing.TB
	errs  []string
	fatal bool
}

// stopped is the panic value of fakeTB.Fatalf.
type stopped struct{}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) { f.report(false, format, args) }
func (f *fakeTB) Fatalf(format string, args ...any) { f.report(true, format, args) }

// report keeps a failure; a fatal one stops the check.
func (f *fakeTB) report(fatal bool, format string, args []any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
	if fatal {
		f.fatal = true
		panic(stopped{})
	}
}

// run calls check with f, ending quietly where f.Fatalf stopped it.
func (f *fakeTB) run(check func(testing.TB)) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(stopped); !ok {
				panic(r)
			}
		}
	}()
	check(f)
}

// setUpdate sets the -update flag for the rest of the test and restores it
// afterwards, so that the tests hold with and without -update.
func setUpdate(t *testing.T, on bool) {
	t.Helper()
	was := Update()
	if err := flag.Set("update", fmt.Sprint(on)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := flag.Set("update", fmt.Sprint(was)); err != nil {
			t.Error(err)
		}
	})
}

// The flag is registered by the package itself, under the name the docs
// use, and Update reads it.
func TestFlagRegistered(t *testing.T) {
	f := flag.Lookup("update")
	if f == nil {
		t.Fatal("-update is not registered")
	}
	if f.DefValue != "false" {
		t.Errorf("-update defaults to %s, want false", f.DefValue)
	}
	setUpdate(t, false)
	if Update() {
		t.Error("Update() = true with -update=false")
	}
	setUpdate(t, true)
	if !Update() {
		t.Error("Update() = false with -update=true")
	}
}

func TestCheck(t *testing.T) {
	setUpdate(t, false)
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "out.golden")

	r := &fakeTB{TB: t}
	r.run(func(tb testing.TB) { Check(tb, path, []byte("a\nb\n")) })
	if !r.fatal || len(r.errs) != 1 || !strings.Contains(r.errs[0], "-update") {
		t.Errorf("a missing golden file: fatal=%v %q, want one fatal error naming -update", r.fatal, r.errs)
	}

	setUpdate(t, true)
	Check(t, path, []byte("a\nb\n")) // creates sub/
	if b, err := os.ReadFile(path); err != nil || string(b) != "a\nb\n" {
		t.Fatalf("-update wrote %q, %v", b, err)
	}
	setUpdate(t, false)

	r = &fakeTB{TB: t}
	r.run(func(tb testing.TB) { Check(tb, path, []byte("a\nb\n")) })
	if len(r.errs) != 0 {
		t.Errorf("the file -update wrote does not match: %q", r.errs)
	}
	r.run(func(tb testing.TB) { Check(tb, path, []byte("a\nc\n")) })
	if r.fatal || len(r.errs) != 1 {
		t.Fatalf("a changed line: fatal=%v %q, want one error", r.fatal, r.errs)
	}
	for _, want := range []string{path, "line 2", `want "b"`, `got  "c"`} {
		if !strings.Contains(r.errs[0], want) {
			t.Errorf("the mismatch message lacks %q:\n%s", want, r.errs[0])
		}
	}
	// go-cmp varies its spacing on purpose: match the diff lines loosely.
	var minus, plus bool
	for _, l := range strings.Split(r.errs[0], "\n") {
		minus = minus || strings.HasPrefix(l, "-") && strings.HasSuffix(l, `"b",`)
		plus = plus || strings.HasPrefix(l, "+") && strings.HasSuffix(l, `"c",`)
	}
	if !minus || !plus {
		t.Errorf("the mismatch message has no line diff (- \"b\", + \"c\"):\n%s", r.errs[0])
	}
}

func TestCheckJSON(t *testing.T) {
	setUpdate(t, false)
	path := filepath.Join(t.TempDir(), "v.json")
	v := struct {
		A string `json:"a"`
		B []int  `json:"b"`
	}{"x", []int{1}}
	want := "{\n  \"a\": \"x\",\n  \"b\": [\n    1\n  ]\n}\n"
	if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &fakeTB{TB: t}
	r.run(func(tb testing.TB) { CheckJSON(tb, path, v) })
	if len(r.errs) != 0 {
		t.Errorf("indented JSON with a final newline does not match: %q", r.errs)
	}
	v.A = "y"
	r.run(func(tb testing.TB) { CheckJSON(tb, path, v) })
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], `want "  \"a\": \"x\","`) {
		t.Errorf("a changed value was not reported at its line: %q", r.errs)
	}
	r = &fakeTB{TB: t}
	r.run(func(tb testing.TB) { CheckJSON(tb, path, func() {}) })
	if !r.fatal {
		t.Error("a value JSON cannot encode did not fail the test")
	}
}

func TestCheckWith(t *testing.T) {
	setUpdate(t, false)
	path := filepath.Join(t.TempDir(), "lines.golden")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var seen [][]byte
	sameLines := func(want, got []byte) string {
		seen = append(seen, want, got)
		if len(want) != len(got) {
			return "lengths differ"
		}
		return ""
	}
	r := &fakeTB{TB: t}
	r.run(func(tb testing.TB) { CheckWith(tb, path, []byte("b\na\n"), sameLines) })
	if len(r.errs) != 0 || len(seen) != 2 || string(seen[0]) != "a\nb\n" || string(seen[1]) != "b\na\n" {
		t.Errorf("CheckWith: errs %q, diff called with %q", r.errs, seen)
	}
	r.run(func(tb testing.TB) { CheckWith(tb, path, []byte("abcdef\n"), sameLines) })
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "lengths differ") {
		t.Errorf("the diff's answer is not reported: %q", r.errs)
	}

	setUpdate(t, true)
	seen = nil
	CheckWith(t, path, []byte("c\n"), sameLines)
	if b, _ := os.ReadFile(path); string(b) != "c\n" || seen != nil {
		t.Errorf("-update: file %q, diff called %d times; want the output written and no comparison", b, len(seen))
	}
}

func TestWriteFails(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{filepath.Join(blocker, "x.golden"), dir} {
		r := &fakeTB{TB: t}
		r.run(func(tb testing.TB) { Write(tb, path, []byte("x")) })
		if !r.fatal {
			t.Errorf("Write(%s) did not fail the test", path)
		}
	}
}

func TestDiff(t *testing.T) {
	cases := []struct {
		name, want, got string
		has             []string // "" means Diff must return ""
	}{
		{"equal", "a\nb\n", "a\nb\n", nil},
		{"empty", "", "", nil},
		{"changed line", "a\nb\nc\n", "a\nX\nc\n", []string{"line 2", `want "b"`, `got  "X"`}},
		{"added line", "a\n", "a\nb\n", []string{"line 2", `want ""`, `got  "b"`}},
		{"removed line", "a\nb\n", "a\n", []string{"line 2", `want "b"`, `got  ""`}},
		{"missing final newline", "a\n", "a", []string{"line 2", `want ""`, `got  ""`}},
		{"carriage return", "a\n", "a\r\n", []string{"line 1", `want "a"`, `got  "a\r"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := Diff([]byte(c.want), []byte(c.got))
			if c.has == nil {
				if d != "" {
					t.Errorf("Diff of equal contents = %q", d)
				}
				return
			}
			for _, s := range c.has {
				if !strings.Contains(d, s) {
					t.Errorf("Diff lacks %q:\n%s", s, d)
				}
			}
		})
	}
}

// FuzzDiff: Diff is empty exactly when the contents are equal, and a
// non-empty diff always names a line.
func FuzzDiff(f *testing.F) {
	f.Add([]byte("a\nb\n"), []byte("a\nb\n"))
	f.Add([]byte("a\nb\n"), []byte("a\nc\n"))
	f.Add([]byte("a"), []byte("a\n"))
	f.Add([]byte(""), []byte("\n\n"))
	f.Fuzz(func(t *testing.T, want, got []byte) {
		d := Diff(want, got)
		if (d == "") != bytes.Equal(want, got) {
			t.Fatalf("Diff(%q, %q) = %q", want, got, d)
		}
		if d != "" && !strings.HasPrefix(d, "first difference at line ") {
			t.Fatalf("Diff(%q, %q) names no line: %q", want, got, d)
		}
	})
}
