package history

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/crawler/store"
)

func openTemp(t *testing.T) (*History, *store.Store) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h, err := Open(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	return h, st
}

var meta = RunMeta{Now: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), CatalogPath: "cat.yaml", CatalogSHA256: "abc", ToolVersion: "test"}

func complete(t *testing.T, h *History, opts Options, fs ...checks.Finding) *Outcome {
	t.Helper()
	ctx := context.Background()
	r, err := h.Begin(ctx, meta)
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Complete(ctx, fs, opts)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRunsAcrossTheStore(t *testing.T) {
	h, st := openTemp(t)
	ctx := context.Background()
	V, C, U := checks.Verified, checks.Contradicted, checks.Unreachable
	withEvidence := fnd("a", "x", C)
	withEvidence.Evidence = []record.Evidence{{Source: record.SourceArXiv, URL: "https://arxiv.org/abs/2412.19437", Status: 200, Quote: "671B"}}
	withEvidence.Location.File, withEvidence.Location.Line, withEvidence.Location.Column = "cat.yaml", 12, 7

	o1 := complete(t, h, Options{}, withEvidence, fnd("a", "y", V), fnd("b", "z", U))
	if o1.PreviousRun != 0 || o1.Status != StatusIncomplete || !slices.Equal(ids(o1.Changes.New), []string{"a/x:contradicted"}) ||
		o1.Changes.Silenced != 1 {
		t.Fatalf("run 1: %+v", o1)
	}
	o2 := complete(t, h, Options{}, withEvidence, fnd("a", "y", V), fnd("b", "z", U))
	if o2.PreviousRun != o1.RunID || len(o2.Changes.New) != 0 || o2.Changes.PreviousRun != "run 1" {
		t.Fatalf("run 2: prev %d new %v", o2.PreviousRun, ids(o2.Changes.New))
	}
	o3 := complete(t, h, Options{}, fnd("a", "x", V), fnd("a", "y", C), fnd("b", "z", U))
	if !slices.Equal(ids(o3.Changes.New), []string{"a/y:contradicted", "b/z:unreachable"}) ||
		!slices.Equal(ids(o3.Changes.Resolved), []string{"a/x:contradicted"}) || o3.Status != StatusIncomplete {
		t.Fatalf("run 3: new %v resolved %v", ids(o3.Changes.New), ids(o3.Changes.Resolved))
	}

	runs, err := h.Runs(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 3 || runs[0].ID != o3.RunID || runs[2].ID != o1.RunID {
		t.Fatalf("runs = %+v", runs)
	}
	r3 := runs[0]
	if r3.Status != StatusIncomplete || r3.Summary.New != 2 || r3.Summary.Resolved != 1 || r3.Summary.Verdicts[C] != 1 ||
		r3.Summary.Verdicts[U] != 1 || r3.Summary.Findings != 3 || r3.FinishedAt.IsZero() || !r3.Now.Equal(meta.Now) ||
		r3.CatalogSHA256 != "abc" || r3.ToolVersion != "test" {
		t.Errorf("run 3 info = %+v", r3)
	}
	if got, _ := h.Runs(ctx, 2); len(got) != 2 {
		t.Errorf("limit 2: %d runs", len(got))
	}

	d, err := h.Get(ctx, o1.RunID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Findings) != 3 || d.Findings[0].Evidence[0].Quote != "671B" || d.Findings[0].Location.Line != 12 ||
		d.Findings[2].Message != "pending (1/3): unreachable b/z" || len(d.Changes.New) != 1 {
		t.Errorf("run 1 detail = %+v", d)
	}
	if _, err := h.Get(ctx, 99); !errors.Is(err, ErrNoRun) {
		t.Errorf("unknown run: %v", err)
	}
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

func TestFailedAndInterruptedRunsAreSkipped(t *testing.T) {
	h, _ := openTemp(t)
	ctx := context.Background()
	C := checks.Contradicted
	o1 := complete(t, h, Options{}, fnd("a", "x", C))

	failed, err := h.Begin(ctx, meta)
	if err != nil {
		t.Fatal(err)
	}
	if err := failed.Fail(ctx, errors.New("crawl: boom")); err != nil {
		t.Fatal(err)
	}
	killed, err := h.Begin(ctx, meta) // never finished: a killed process
	if err != nil {
		t.Fatal(err)
	}
	h.alive = func(int) bool { return false }
	runs, _ := h.Runs(ctx, 0)
	if runs[0].ID != killed.ID || runs[0].Status != StatusInterrupted || runs[1].Status != StatusFailed || runs[1].Summary.Error != "crawl: boom" {
		t.Fatalf("runs = %+v", runs)
	}
	h.alive = func(int) bool { return true }
	if runs, _ := h.Runs(ctx, 1); runs[0].Status != StatusRunning {
		t.Errorf("live newest run shown as %s", runs[0].Status)
	}

	o4 := complete(t, h, Options{}, fnd("a", "x", C))
	if o4.PreviousRun != o1.RunID || len(o4.Changes.New) != 0 {
		t.Errorf("run after failures compared with %d, new %v", o4.PreviousRun, ids(o4.Changes.New))
	}
	runs, _ = h.Runs(ctx, 0)
	if runs[1].Status != StatusInterrupted {
		t.Errorf("older running row with a later run: %s", runs[1].Status)
	}
	if _, err := killed.Complete(ctx, nil, Options{}); err != nil {
		t.Errorf("a late completion of an old run should still work: %v", err)
	}
	if _, err := killed.Complete(ctx, nil, Options{}); err == nil {
		t.Error("completing twice: no error")
	}
}

func TestStreakSurvivesStore(t *testing.T) {
	h, _ := openTemp(t)
	U := checks.Unreachable
	opts := Options{UnreachableAfter: 3}
	for i := 1; i <= 4; i++ {
		o := complete(t, h, opts, fnd("a", "x", U))
		want := []string{}
		if i == 3 {
			want = []string{"a/x:unreachable"}
		}
		if got := ids(o.Changes.New); !slices.Equal(got, want) {
			t.Errorf("run %d: new %v, want %v", i, got, want)
		}
		if o.Pending != nil && i >= 3 || o.Pending == nil && i < 3 {
			t.Errorf("run %d: pending %d", i, len(o.Pending))
		}
	}
}

func TestPrune(t *testing.T) {
	h, st := openTemp(t)
	ctx := context.Background()
	C := checks.Contradicted
	var last *Outcome
	for range 5 {
		last = complete(t, h, Options{}, fnd("a", "x", C), fnd("a", "y", C))
	}
	// Three failed runs after the last finished one: pruning to 2 must keep
	// the last finished run, which the next run compares with.
	for range 3 {
		r, _ := h.Begin(ctx, meta)
		if err := r.Fail(ctx, errors.New("x")); err != nil {
			t.Fatal(err)
		}
	}
	n, err := h.Prune(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("pruned %d, want 5", n)
	}
	runs, _ := h.Runs(ctx, 0)
	if len(runs) != 3 || runs[2].ID != last.RunID {
		t.Fatalf("after prune: %+v", runs)
	}
	var orphans int
	if err := st.DB().QueryRow(`SELECT COUNT(*) FROM history_findings WHERE run_id NOT IN (SELECT id FROM history_runs)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 {
		t.Errorf("%d findings of pruned runs left", orphans)
	}
	o := complete(t, h, Options{}, fnd("a", "x", C), fnd("a", "y", C))
	if o.PreviousRun != last.RunID || len(o.Changes.New) != 0 {
		t.Errorf("after prune: compared with %d, new %v", o.PreviousRun, ids(o.Changes.New))
	}
	if n, _ := h.Prune(ctx, 0); n != 0 {
		t.Errorf("keep 0 pruned %d", n)
	}
	if o.RunID <= last.RunID+3 {
		t.Errorf("run ids reused after pruning: %d", o.RunID)
	}
}
