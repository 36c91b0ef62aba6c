package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/crawler/store"
	"github.com/claimcheck/claimcheck/internal/history"
)

// dirNames lists a directory's entries.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// The run history lives in its own database next to the state store: a
// nightly run writes both, and the state store holds no history tables.
func TestNightlyKeepsHistoryInItsOwnFile(t *testing.T) {
	e := newNightlyEnv(t, "v1")
	e.nightly(ExitOK)
	if _, err := os.Stat(store.HistoryPath(e.state)); err != nil {
		t.Fatalf("no history database: %v", err)
	}
	st, err := store.Open(e.state)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, err := st.HasTable(context.Background(), "history_runs"); ok || err != nil {
		t.Errorf("the state store holds the history (%v, %v)", ok, err)
	}
}

// A state store written by an earlier version (history inside it) is
// adopted by the first nightly run: the old runs are listed, compared with,
// and dropped from the state store.
func TestNightlyAdoptsHistoryFromStateStore(t *testing.T) {
	e := newNightlyEnv(t, "v1")
	// First run, then move its history back into the state store, as an
	// earlier version kept it.
	e.nightly(ExitOK)
	ctx := context.Background()
	hst, err := store.Open(store.HistoryPath(e.state))
	if err != nil {
		t.Fatal(err)
	}
	old, err := store.Open(e.state)
	if err != nil {
		t.Fatal(err)
	}
	oh, err := history.Open(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := oh.Adopt(ctx, hst.DB()); n != 1 || err != nil {
		t.Fatalf("setup: adopt = %d, %v", n, err)
	}
	hst.Close()
	old.Close()
	if err := os.Remove(store.HistoryPath(e.state)); err != nil {
		t.Fatal(err)
	}
	// history reads the old layout, read-only.
	code, out, stderr := e.cli("history", "--state", e.state)
	if code != ExitOK || !strings.Contains(out, "1    ") {
		t.Fatalf("history of the old layout: exit %d\n%s%s", code, out, stderr)
	}
	if _, err := os.Stat(store.HistoryPath(e.state)); !os.IsNotExist(err) {
		t.Error("history created the history database")
	}
	r, _ := e.nightly(ExitOK, "--log-level", "info")
	if r.Changes.PreviousRun != "run 1" || len(r.Changes.New) != 0 {
		t.Errorf("after adoption: previous %q, new %v", r.Changes.PreviousRun, findingIDs(r.Changes.New))
	}
	code, out, _ = e.cli("history", "--state", e.state, "--format", "json")
	if code != ExitOK || !strings.Contains(out, `"id": 2`) || !strings.Contains(out, `"id": 1`) {
		t.Errorf("history after adoption: exit %d\n%s", code, out)
	}
	st, err := store.Open(e.state)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, _ := st.HasTable(ctx, "history_runs"); ok {
		t.Error("the adopted history is still in the state store")
	}
}

// history and history show only read: they work on a read-only store
// directory and files, and create nothing there (no -wal, no -shm).
func TestHistoryReadOnlyStore(t *testing.T) {
	e := newNightlyEnv(t, "v1")
	e.nightly(ExitOK)
	e.nightly(ExitOK)
	dir := filepath.Dir(e.state)
	before := dirNames(t, dir)
	for _, n := range before {
		if err := os.Chmod(filepath.Join(dir, n), 0o444); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	hist, _ := os.ReadFile(store.HistoryPath(e.state))
	dirInfo, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := e.cli("history", "--state", e.state)
	if code != ExitOK || !strings.Contains(out, "complete") || strings.Count(out, "\n") != 3 {
		t.Errorf("history on a read-only store: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = e.cli("history", "show", "2", "--state", e.state, "--format", "json")
	if code != ExitOK || !strings.Contains(out, `"findings"`) {
		t.Errorf("history show on a read-only store: exit %d\n%s", code, stderr)
	}
	if after := dirNames(t, dir); !slices.Equal(after, before) {
		t.Errorf("history changed the directory: %v → %v", before, after)
	}
	// Even a -shm or -wal file created and removed again shows in the
	// directory's modification time (and root ignores the modes above).
	if fi, err := os.Stat(dir); err != nil || !fi.ModTime().Equal(dirInfo.ModTime()) {
		t.Errorf("history created or removed files in the store directory (mtime %v → %v)", dirInfo.ModTime(), fi.ModTime())
	}
	if now, _ := os.ReadFile(store.HistoryPath(e.state)); !bytes.Equal(now, hist) {
		t.Error("history changed the history database")
	}
}

// A damaged history database: history says so and exits 3 (a runtime
// failure, not a usage error); the next nightly moves it aside, warns, and
// runs; history then lists the new run.
func TestDamagedHistoryDatabase(t *testing.T) {
	e := newNightlyEnv(t, "v1")
	e.nightly(ExitOK)
	hpath := store.HistoryPath(e.state)
	if err := os.WriteFile(hpath, bytes.Repeat([]byte("garbage!"), 4096), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := e.cli("history", "--state", e.state)
	if code != ExitIncomplete || !strings.Contains(stderr, "is damaged") || !strings.Contains(stderr, "next claimcheck nightly moves it aside") {
		t.Errorf("history on a damaged database: exit %d: %s", code, stderr)
	}
	_, stderr = e.nightly(ExitOK)
	if !strings.Contains(stderr, "state store damaged: moved aside and rebuilt") || !strings.Contains(stderr, hpath+".corrupt-") {
		t.Errorf("no warning:\n%s", stderr)
	}
	code, out, _ := e.cli("history", "--state", e.state, "--format", "json")
	if code != ExitOK || !strings.Contains(out, `"status": "complete"`) {
		t.Errorf("history after healing: exit %d\n%s", code, out)
	}
}

// A history database cut short: the next nightly moves it aside, salvages
// the runs it can still read whole, and goes on after them.
func TestTruncatedHistoryDatabaseSalvaged(t *testing.T) {
	e := newNightlyEnv(t, "v1")
	for range 4 {
		e.nightly(ExitOK)
	}
	hpath := store.HistoryPath(e.state)
	fi, err := os.Stat(hpath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(hpath, fi.Size()*9/10); err != nil {
		t.Fatal(err)
	}
	r, stderr := e.nightly(ExitOK)
	if !strings.Contains(stderr, `"runs_salvaged"`) || !strings.Contains(stderr, hpath+".corrupt-") {
		t.Fatalf("no warning with the salvage count:\n%s", stderr)
	}
	code, out, _ := e.cli("history", "--state", e.state, "--format", "json", "--limit", "0")
	if code != ExitOK || strings.Count(out, `"status": "complete"`) < 1 {
		t.Fatalf("history after salvage: exit %d\n%s", code, out)
	}
	// Whatever was salvaged, the new run compares with the newest of it.
	n := strings.Count(out, `"status": "complete"`)
	t.Logf("%d runs listed after salvage; compared with %q", n, r.Changes.PreviousRun)
	if n > 1 && r.Changes.PreviousRun == "" {
		t.Error("runs were salvaged but the new run compared with none")
	}
}
