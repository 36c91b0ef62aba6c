// Package extracttest is the test plumbing the extractor packages share: it
// builds the record.Record the crawler would make from a recording or a
// fixture file, compares an extractor's result with a golden JSON file
// (rewritten with the -update flag), finds the shared corpus of real
// third-party files (skipping the test when it is absent) and runs the
// common benchmark loop.
//
// It is imported by tests only. The -update flag belongs to
// internal/testkit/golden, which Golden delegates to; a test package using
// this one must not define a flag of that name.
package extracttest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/golden"
)

// FetchedAt is the fetch time of every record the helpers build: the time
// the world recordings were made.
var FetchedAt = time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)

// Updating reports whether the test binary runs with -update.
func Updating() bool { return golden.Update() }

// Record builds the record the crawler makes of a fetch of res: URL and
// FinalURL are res.URL, it was fetched at FetchedAt, and SHA256 is the hash
// of body. contentType may be empty.
func Record(res record.Resource, status int, contentType string, body []byte) record.Record {
	sum := sha256.Sum256(body)
	return record.Record{
		Resource: res,
		URL:      res.URL, FinalURL: res.URL, Status: status, FetchedAt: FetchedAt,
		ContentType: contentType, SHA256: hex.EncodeToString(sum[:]), Body: body,
	}
}

// ReadExchange reads a recording (.http) file and returns its request URL,
// its response status and its response body; a missing or malformed file
// fails the test.
func ReadExchange(t testing.TB, path string) (url string, status int, body []byte) {
	t.Helper()
	e, err := cassette.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return e.URL, e.Status, e.Body
}

// FromRecording is the record the crawler makes of the recorded exchange at
// path: a fetch of res from the recorded request URL, with the recorded
// status and body.
func FromRecording(t testing.TB, path string, res record.Resource) record.Record {
	t.Helper()
	url, status, body := ReadExchange(t, path)
	res.URL = url
	return Record(res, status, "", body)
}

// ReadFile returns the content of a fixture file; a missing file fails the
// test.
func ReadFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Golden compares v, as indented JSON with a final newline, with
// testdata/golden/<name>.json. With -update it writes the file instead.
func Golden(t testing.TB, name string, v any) {
	t.Helper()
	golden.CheckJSON(t, filepath.Join("testdata", "golden", name+".json"), v)
}

// Filter returns the observations of res that keep accepts, in order.
func Filter(res extract.Result, keep func(extract.Observation) bool) []extract.Observation {
	var out []extract.Observation
	for _, o := range res.Observations {
		if keep(o) {
			out = append(out, o)
		}
	}
	return out
}

// One returns the only observation of obs; none or several fail the test,
// naming what was looked for.
func One(t testing.TB, obs []extract.Observation, what string) extract.Observation {
	t.Helper()
	if len(obs) != 1 {
		t.Fatalf("%s: got %d observations, want 1: %+v", what, len(obs), obs)
	}
	return obs[0]
}

// ExtractWithin runs extract over rec and fails the test when it takes
// longer than limit (fuzz targets: hostile input must cost linear time).
func ExtractWithin(t testing.TB, limit time.Duration, extract func(record.Record) extract.Result, rec record.Record) extract.Result {
	t.Helper()
	start := time.Now()
	res := extract(rec)
	if d := time.Since(start); d > limit {
		t.Fatalf("extract took %v on %d bytes", d, len(rec.Body))
	}
	return res
}

var root struct {
	once sync.Once
	dir  string
	err  error
}

// moduleRoot is the directory holding go.mod, found from the working
// directory (the package under test) upwards.
func moduleRoot(t testing.TB) string {
	t.Helper()
	root.once.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			root.err = err
			return
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				root.dir = dir
				return
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				root.err = fmt.Errorf("no go.mod above the working directory")
				return
			}
			dir = parent
		}
	})
	if root.err != nil {
		t.Fatal(root.err)
	}
	return root.dir
}

// CorpusPath is the path of elem in the shared corpus of real third-party
// files, <module root>/../shared/corpus; it may not exist.
func CorpusPath(t testing.TB, elem ...string) string {
	t.Helper()
	return filepath.Join(append([]string{moduleRoot(t), "..", "shared", "corpus"}, elem...)...)
}

// Corpus is CorpusPath, skipping the test when that path is absent (or
// failing it under CLAIMCHECK_REQUIRE_CORPUS, as CI does).
func Corpus(t testing.TB, elem ...string) string {
	t.Helper()
	p := CorpusPath(t, elem...)
	RequireShared(t, p)
	return p
}

// RequireCorpusEnv names the variable that makes tests of the shared corpus
// required: set (as .ci/run sets it, since CI always has ../shared), a test
// whose corpus file is absent fails instead of skipping.
const RequireCorpusEnv = "CLAIMCHECK_REQUIRE_CORPUS"

// RequireShared skips the test when path (a file or folder under ../shared)
// is absent — a fresh clone has no ../shared — or fails it when
// CLAIMCHECK_REQUIRE_CORPUS is set.
func RequireShared(t testing.TB, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv(RequireCorpusEnv) != "" {
			t.Fatalf("%s is set but the shared corpus is not available: %v", RequireCorpusEnv, err)
		}
		t.Skipf("corpus not available: %v", err)
	}
}

// Bench runs extract over rec in a benchmark loop, reporting allocations and
// the body size.
func Bench(b *testing.B, extract func(record.Record) extract.Result, rec record.Record) {
	b.Helper()
	b.ReportAllocs()
	b.SetBytes(int64(len(rec.Body)))
	for b.Loop() {
		extract(rec)
	}
}
