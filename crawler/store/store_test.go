package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReopenKeepsData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nested", "dir", "state.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	in := CacheEntry{URL: "https://api.github.com/repos/a/b", ETag: `"e1"`, LastModified: "Thu, 20 Nov 2026 00:00:00 GMT",
		Status: 200, FinalURL: "https://api.github.com/repos/a/b", ContentType: "application/json", Body: []byte(`{"x":1}`), StoredAt: at}
	if err := s.PutCache(ctx, "k1", in); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, ok, err := s.GetCache(ctx, "k1")
	if err != nil || !ok {
		t.Fatalf("GetCache after reopen: ok=%v err=%v", ok, err)
	}
	if got.ETag != in.ETag || got.LastModified != in.LastModified || got.Status != 200 || got.FinalURL != in.FinalURL ||
		got.ContentType != in.ContentType || !bytes.Equal(got.Body, in.Body) || !got.StoredAt.Equal(at) || got.URL != in.URL {
		t.Fatalf("entry changed across reopen: %+v", got)
	}
	if got.SHA256 != "5041bf1f713df204784353e82f6a4a535931cb64f1f4b4a5aeaffcb720918b22" {
		t.Fatalf("sha256 = %s", got.SHA256)
	}
	if _, ok, _ := s.GetCache(ctx, "absent"); ok {
		t.Fatal("absent key found")
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	v, err := s.Version(ctx, Component)
	if err != nil || v != len(cacheMigrations) {
		t.Fatalf("version = %d, %v", v, err)
	}
}

func TestPutCacheRejectsErrors(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	for _, status := range []int{0, 199, 304, 404, 429, 500} {
		if err := s.PutCache(context.Background(), "k", CacheEntry{Status: status, Body: []byte("x")}); err == nil {
			t.Errorf("status %d was cached", status)
		}
	}
	if _, ok, _ := s.GetCache(context.Background(), "k"); ok {
		t.Fatal("an error response is in the cache")
	}
	if err := s.PutCache(context.Background(), "k", CacheEntry{Status: 200, Body: []byte("x"), SHA256: "bad"}); err == nil {
		t.Fatal("a wrong sha256 was accepted")
	}
}

func TestReplaceAndDelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTemp(t)
	for i := range 3 {
		if err := s.PutCache(ctx, "k", CacheEntry{Status: 200, ETag: fmt.Sprint(i), Body: []byte{byte(i)}}); err != nil {
			t.Fatal(err)
		}
	}
	got, ok, err := s.GetCache(ctx, "k")
	if err != nil || !ok || got.ETag != "2" || !bytes.Equal(got.Body, []byte{2}) {
		t.Fatalf("got %+v ok=%v err=%v", got, ok, err)
	}
	if err := s.DeleteCache(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.GetCache(ctx, "k"); ok {
		t.Fatal("deleted entry still there")
	}
}

func TestMigrateOtherComponent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTemp(t)
	steps := []string{`CREATE TABLE runs (id INTEGER PRIMARY KEY, at INTEGER)`}
	if err := s.Migrate(ctx, "nightly", steps); err != nil {
		t.Fatal(err)
	}
	// Idempotent, and a later step applies alone.
	steps = append(steps, `ALTER TABLE runs ADD COLUMN note TEXT`)
	if err := s.Migrate(ctx, "nightly", steps); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx, "nightly", steps); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO runs(at, note) VALUES(1, 'x')`); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Version(ctx, "nightly"); v != 2 {
		t.Fatalf("version = %d", v)
	}
	if err := s.Migrate(ctx, "nightly", steps[:1]); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("downgrade not refused: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	if _, err := Open(""); err == nil {
		t.Fatal("empty path accepted")
	}
	f := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(f, []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(f, "state.db")); err == nil {
		t.Fatal("path under a file accepted")
	}
	bad := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(bad, bytes.Repeat([]byte("junk"), 1024), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(bad); err == nil {
		t.Fatal("a non-database file was opened")
	}
}

func TestDefaultPath(t *testing.T) {
	p, err := DefaultPath()
	if err != nil {
		t.Skip("no user cache dir:", err)
	}
	if filepath.Base(p) != "state.db" || filepath.Base(filepath.Dir(p)) != "claimcheck" {
		t.Fatalf("DefaultPath = %s", p)
	}
}

// TestSurvivesKill writes in a child process, kills it mid-stream with SIGKILL,
// then reopens the database: every committed entry is intact.
func TestSurvivesKill(t *testing.T) {
	if os.Getenv("CLAIMCHECK_STORE_WRITER") != "" {
		writerLoop(os.Getenv("CLAIMCHECK_STORE_WRITER"))
		return
	}
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	path := filepath.Join(t.TempDir(), "state.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestSurvivesKill$")
	cmd.Env = append(os.Environ(), "CLAIMCHECK_STORE_WRITER="+path)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the child has committed some entries, then kill it. The
	// deadline is a hang guard only: a race-built child on a loaded machine
	// (load average 27 on 2 cores) took more than 20 s to commit 20 entries.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if n := countCommitted(t, path); n >= 20 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("writer made no progress: %s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := 0; ; i++ {
		e, ok, err := s.GetCache(context.Background(), fmt.Sprint("k", i))
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		if !bytes.Equal(e.Body, bytes.Repeat([]byte{byte(i)}, 4096)) {
			t.Fatalf("entry %d corrupted", i)
		}
		n++
	}
	if n < 20 {
		t.Fatalf("only %d entries survived", n)
	}
}

func countCommitted(t *testing.T, path string) int {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	s, err := Open(path)
	if err != nil {
		return 0
	}
	defer s.Close()
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM http_cache`).Scan(&n); err != nil {
		return 0
	}
	return n
}

func writerLoop(path string) {
	s, err := Open(path)
	if err != nil {
		os.Exit(2)
	}
	for i := 0; ; i++ {
		if err := s.PutCache(context.Background(), fmt.Sprint("k", i), CacheEntry{Status: 200, Body: bytes.Repeat([]byte{byte(i)}, 4096)}); err != nil {
			os.Exit(3)
		}
	}
}

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
