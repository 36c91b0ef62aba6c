package extracttest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// recorder is a testing.TB that keeps failures instead of reporting them;
// like testing.T, Fatal ends the goroutine, so calls that may fail run under
// call.
type recorder struct {
	testing.TB
	errs  []string
	fatal bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.fatal = true
	runtime.Goexit()
}

// call runs f on its own goroutine and waits for it to end.
func call(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}
func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

func TestRecord(t *testing.T) {
	res := record.Resource{Source: record.SourceGitHub, Kind: record.KindGitHubRepo, Key: "o/r", URL: "https://api.github.com/repos/o/r"}
	r := Record(res, 404, "application/json", []byte("abc"))
	if r.URL != res.URL || r.FinalURL != res.URL || r.Status != 404 || r.ContentType != "application/json" || !r.FetchedAt.Equal(FetchedAt) {
		t.Errorf("record = %+v", r)
	}
	// SHA-256 of "abc".
	if r.SHA256 != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" || string(r.Body) != "abc" || r.Resource.Key != "o/r" {
		t.Errorf("hash or body: %+v", r)
	}
}

func TestReadExchange(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.http")
	rec := "# claimcheck recording v1\nGET https://example.org/a?b=1\nAccept: text/html\n\nHTTP/1.1 301 Moved\nLocation: /b\n\nline 1\r\n\nline 3"
	if err := os.WriteFile(p, []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	url, status, body := ReadExchange(t, p)
	if url != "https://example.org/a?b=1" || status != 301 || string(body) != "line 1\r\n\nline 3" {
		t.Errorf("got %q %d %q", url, status, body)
	}
	r := &recorder{TB: t}
	call(func() { ReadExchange(r, filepath.Join(dir, "absent.http")) })
	if !r.fatal {
		t.Error("a missing recording did not fail the test")
	}
}

func TestGolden(t *testing.T) {
	t.Chdir(t.TempDir())
	// Start without -update, whatever the test binary was given, and leave
	// the flag as it was found.
	was := Updating()
	if err := flag.Set("update", "false"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = flag.Set("update", fmt.Sprint(was)) })
	res := extract.Result{Observations: []extract.Observation{{Subject: "s", Field: "f", Value: "v"}}}
	r := &recorder{TB: t}
	call(func() { Golden(r, "absent", res) })
	if !r.fatal || !strings.Contains(r.errs[0], "-update") {
		t.Errorf("missing golden file: %v", r.errs)
	}
	if err := flag.Set("update", "true"); err != nil {
		t.Fatal(err)
	}
	Golden(t, "one", res)
	if err := flag.Set("update", "false"); err != nil {
		t.Fatal(err)
	}
	r = &recorder{TB: t}
	call(func() { Golden(r, "one", res) })
	if len(r.errs) != 0 {
		t.Errorf("the file -update wrote does not match: %v", r.errs)
	}
	res.Observations[0].Value = "w"
	call(func() { Golden(r, "one", res) })
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], `want "      \"value\": \"v\","`) {
		t.Errorf("a changed value was not reported at its line: %v", r.errs)
	}
}

func TestCorpus(t *testing.T) {
	root := moduleRoot(t)
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Errorf("module root %s: %v", root, err)
	}
	if p, want := CorpusPath(t, "a", "b.md"), filepath.Join(filepath.Dir(root), "shared", "corpus", "a", "b.md"); p != want {
		t.Errorf("CorpusPath = %s, want %s", p, want)
	}
	t.Setenv(RequireCorpusEnv, "") // as in a fresh clone: absent means skip
	skipped := false
	t.Run("absent", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		Corpus(t, "no-such-corpus-entry")
	})
	if !skipped {
		t.Error("an absent corpus entry did not skip the test")
	}
}

func TestFromRecording(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.http")
	if err := os.WriteFile(p, []byte("GET https://example.org/m\n\nHTTP/1.1 404 Not Found\n\nnope"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := FromRecording(t, p, record.Resource{Source: record.SourceHF, Kind: record.KindHFModel, Key: "o/m"})
	if r.URL != "https://example.org/m" || r.Resource.URL != r.URL || r.Status != 404 || string(r.Body) != "nope" || r.Resource.Key != "o/m" {
		t.Errorf("record = %+v", r)
	}
}

func TestFilterAndOne(t *testing.T) {
	res := extract.Result{Observations: []extract.Observation{{Field: "a", Value: "1"}, {Field: "b", Value: "2"}, {Field: "a", Value: "3"}}}
	a := Filter(res, func(o extract.Observation) bool { return o.Field == "a" })
	if len(a) != 2 || a[0].Value != "1" || a[1].Value != "3" {
		t.Errorf("Filter = %+v", a)
	}
	if o := One(t, Filter(res, func(o extract.Observation) bool { return o.Field == "b" }), "b"); o.Value != "2" {
		t.Errorf("One = %+v", o)
	}
	for _, obs := range [][]extract.Observation{nil, a} {
		r := &recorder{TB: t}
		call(func() { One(r, obs, "field a") })
		if !r.fatal || !strings.HasPrefix(r.errs[0], "field a: got ") {
			t.Errorf("%d observations: %v", len(obs), r.errs)
		}
	}
}

func TestExtractWithin(t *testing.T) {
	rec := Record(record.Resource{URL: "u"}, 200, "", []byte("body"))
	want := extract.Result{Observations: []extract.Observation{{Field: "f"}}}
	if got := ExtractWithin(t, time.Minute, func(record.Record) extract.Result { return want }, rec); len(got.Observations) != 1 {
		t.Errorf("result not passed on: %+v", got)
	}
	r := &recorder{TB: t}
	call(func() {
		ExtractWithin(r, time.Nanosecond, func(record.Record) extract.Result { time.Sleep(time.Millisecond); return want }, rec)
	})
	if !r.fatal || !strings.Contains(r.errs[0], "on 4 bytes") {
		t.Errorf("a slow extractor passed: %v", r.errs)
	}
}
