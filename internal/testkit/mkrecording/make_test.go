package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/cassette"
)

const world = "../../../testdata/world"

func TestMakeIsCompleteAndDeterministic(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	base := t.TempDir()
	out := filepath.Join(base, "recording")
	// An old recording is replaced as a whole.
	if err := os.MkdirAll(filepath.Join(out, "stale.example"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "stale.example", "x.http"), []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := Make(ctx, Options{World: world, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Resources == 0 || sum.OK+sum.NotFound != sum.Resources || sum.Files < sum.Resources {
		t.Errorf("summary %+v", sum)
	}
	if _, err := os.Stat(filepath.Join(out, "stale.example")); !os.IsNotExist(err) {
		t.Errorf("old recording left behind: %v", err)
	}
	exs, err := cassette.LoadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var robots, batch int
	for _, e := range exs {
		if strings.Contains(e.URL, "127.0.0.1") || !strings.HasPrefix(e.URL, "https://") {
			t.Errorf("not a canonical URL: %s", e.URL)
		}
		if !e.RecordedAt.Equal(DefaultRecordedAt) {
			t.Errorf("%s recorded at %v", e.URL, e.RecordedAt)
		}
		if strings.HasSuffix(e.URL, "/robots.txt") {
			robots++
		}
		if strings.Contains(e.URL, "export.arxiv.org/api/query?id_list=") && strings.Contains(e.URL, ",") {
			batch++
		}
	}
	if robots == 0 || batch != 1 {
		t.Errorf("%d robots.txt exchanges, %d arXiv batches; want some and 1", robots, batch)
	}
	// A second run writes the same bytes.
	out2 := filepath.Join(base, "again")
	if _, err := Make(ctx, Options{World: world, Out: out2}); err != nil {
		t.Fatal(err)
	}
	if d := diffDirs(t, out, out2); d != "" {
		t.Errorf("not deterministic: %s", d)
	}
	// No leftovers beside the output.
	ents, _ := os.ReadDir(base)
	if len(ents) != 2 {
		t.Errorf("leftovers in %s: %v", base, ents)
	}
}

func TestMakeFailsLeavingOutputAlone(t *testing.T) {
	out := filepath.Join(t.TempDir(), "recording")
	if _, err := Make(context.Background(), Options{World: filepath.Join(t.TempDir(), "none"), Out: out}); err == nil {
		t.Fatal("no error for a missing world")
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output created on failure: %v", err)
	}
}

func diffDirs(t *testing.T, a, b string) string {
	t.Helper()
	read := func(root string) map[string][]byte {
		m := map[string][]byte{}
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				m[rel], _ = os.ReadFile(p)
			}
			return nil
		})
		return m
	}
	ma, mb := read(a), read(b)
	if len(ma) != len(mb) {
		return "file counts differ"
	}
	for k, v := range ma {
		if !bytes.Equal(v, mb[k]) {
			return k + " differs"
		}
	}
	return ""
}

// The committed demo recording is what the world gives today: after editing
// testdata/world, run `make recording`.
func TestCommittedRecordingIsCurrent(t *testing.T) {
	out := filepath.Join(t.TempDir(), "recording")
	if _, err := Make(context.Background(), Options{World: world, Out: out}); err != nil {
		t.Fatal(err)
	}
	if d := diffDirs(t, "../../../testdata/recording", out); d != "" {
		t.Errorf("testdata/recording is stale (%s): run `make recording`", d)
	}
}
