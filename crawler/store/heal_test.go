package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// filledStore writes a store of about 1.2 MB (300 cache rows of 4 KiB) and
// closes it.
func filledStore(t *testing.T, path string) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := range 300 {
		body := bytes.Repeat([]byte{byte('a' + i%26)}, 4096)
		if err := s.PutCache(ctx, fmt.Sprintf("k%03d", i), CacheEntry{URL: "https://example.org/", Status: 200, Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenHealingMovesDamagedStoreAside(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"truncated", func(t *testing.T, path string) {
			filledStore(t, path)
			if err := os.Truncate(path, 500000); err != nil {
				t.Fatal(err)
			}
		}},
		{"garbage", func(t *testing.T, path string) {
			if err := os.WriteFile(path, bytes.Repeat([]byte("not a database\n"), 1000), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"zeroed header", func(t *testing.T, path string) {
			filledStore(t, path)
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteAt(make([]byte, 100), 0); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "state.db")
			tc.damage(t, path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Open(path); err == nil {
				// Open alone may not see the damage; OpenHealing must.
				t.Log("Open accepted the damaged store")
			}
			s, healed, err := OpenHealing(path)
			if err != nil {
				t.Fatalf("OpenHealing: %v", err)
			}
			defer s.Close()
			if healed == nil {
				t.Fatal("no heal reported for a damaged store")
			}
			if healed.Path != path || !strings.HasPrefix(healed.MovedTo, path+".corrupt-") || healed.Cause == nil {
				t.Errorf("healed = %+v", healed)
			}
			kept, err := os.ReadFile(healed.MovedTo)
			if err != nil || !bytes.Equal(kept, before) {
				t.Errorf("the damaged file was not kept as it was (%v)", err)
			}
			ctx := context.Background()
			if err := s.IntegrityCheck(ctx); err != nil {
				t.Errorf("rebuilt store: %v", err)
			}
			if err := s.PutCache(ctx, "k", CacheEntry{URL: "u", Status: 200, Body: []byte("x")}); err != nil {
				t.Errorf("rebuilt store refuses writes: %v", err)
			}
			if _, ok, err := s.GetCache(ctx, "k000"); ok || err != nil {
				t.Errorf("rebuilt store holds old rows (%v, %v)", ok, err)
			}
		})
	}
}

func TestOpenHealingKeepsSoundStore(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.db")
	filledStore(t, path)
	s, healed, err := OpenHealing(path)
	if err != nil || healed != nil {
		t.Fatalf("OpenHealing on a sound store: healed %+v, err %v", healed, err)
	}
	defer s.Close()
	if _, ok, err := s.GetCache(context.Background(), "k299"); !ok || err != nil {
		t.Errorf("row lost: %v %v", ok, err)
	}
	matches, _ := filepath.Glob(path + ".corrupt-*")
	if len(matches) != 0 {
		t.Errorf("a sound store was moved aside: %v", matches)
	}
}

// Two heals within the same second keep both damaged files.
func TestMoveAsideNeverOverwrites(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "state.db")
	var moved []string
	for i := range 3 {
		if err := os.WriteFile(path, []byte(fmt.Sprintf("garbage %d", i)), 0o600); err != nil {
			t.Fatal(err)
		}
		s, h, err := OpenHealing(path)
		if err != nil || h == nil {
			t.Fatalf("heal %d: %v %v", i, h, err)
		}
		s.Close()
		moved = append(moved, h.MovedTo)
		// The next garbage replaces the rebuilt store.
		os.Remove(path)
		os.Remove(path + "-wal")
		os.Remove(path + "-shm")
	}
	for i, m := range moved {
		b, err := os.ReadFile(m)
		if err != nil || string(b) != fmt.Sprintf("garbage %d", i) {
			t.Errorf("%s = %q, %v", m, b, err)
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(moved)))) != 3 {
		t.Errorf("names reused: %v", moved)
	}
}

// moveAside takes the -wal and -shm files along, under the new name.
func TestMoveAsideTakesWALAlong(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.WriteFile(path+suffix, []byte(suffix), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	dst, err := moveAside(path, time.Date(2026, 12, 2, 3, 15, 0, 0, time.UTC))
	if err != nil || dst != path+".corrupt-20261202T031500Z" {
		t.Fatalf("moveAside = %q, %v", dst, err)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if b, err := os.ReadFile(dst + suffix); err != nil || string(b) != suffix {
			t.Errorf("%s: %q, %v", dst+suffix, b, err)
		}
		if _, err := os.Stat(path + suffix); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still there", path+suffix)
		}
	}
}

func TestOpenHealingLeavesOtherErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// The store path is a directory: not a damaged file, nothing moved.
	path := filepath.Join(dir, "state.db")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, h, err := OpenHealing(path); err == nil || h != nil {
		t.Fatalf("OpenHealing on a directory: %v, %v", h, err)
	}
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		t.Errorf("the directory was moved: %v", err)
	}
}

// OpenReadOnly reads a store in a read-only directory and creates nothing:
// no -wal, no -shm, the file unchanged.
func TestOpenReadOnlyCreatesNothing(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "state.db")
	filledStore(t, path)
	before, _ := os.ReadFile(path)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	dirInfo, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	ctx := context.Background()
	if _, ok, err := s.GetCache(ctx, "k123"); !ok || err != nil {
		t.Errorf("read: %v %v", ok, err)
	}
	if ok, err := s.HasTable(ctx, "http_cache"); !ok || err != nil {
		t.Errorf("HasTable: %v %v", ok, err)
	}
	if err := s.PutCache(ctx, "new", CacheEntry{URL: "u", Status: 200}); err == nil {
		t.Error("a read-only store accepted a write")
	}
	s.Close()
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"state.db"}) {
		t.Errorf("directory holds %v after a read-only open", names)
	}
	// A -shm or -wal created and removed again shows in the directory's
	// modification time (root ignores the modes above).
	if fi, err := os.Stat(dir); err != nil || !fi.ModTime().Equal(dirInfo.ModTime()) {
		t.Errorf("files were created in the store directory (mtime %v → %v)", dirInfo.ModTime(), fi.ModTime())
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Error("the store file changed")
	}
}

func TestOpenReadOnlyDamaged(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.db")
	if err := os.WriteFile(path, []byte("garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := OpenReadOnly(path)
	if err == nil || !IsDamaged(err) {
		t.Fatalf("OpenReadOnly on garbage: %v (damaged: %v)", err, IsDamaged(err))
	}
	if _, err := OpenReadOnly(filepath.Join(t.TempDir(), "none.db")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenReadOnly on a missing file: %v", err)
	}
}

func TestHistoryPath(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/var/lib/claimcheck/state.db": "/var/lib/claimcheck/state.history.db",
		"state.db":                     "state.history.db",
		"/x/state":                     "/x/state.history.db",
		"/x/state.sqlite":              "/x/state.sqlite.history.db",
		"/x/.db":                       "/x/.db.history.db",
	} {
		if got := HistoryPath(in); got != want {
			t.Errorf("HistoryPath(%q) = %q, want %q", in, got, want)
		}
	}
}
