package history

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/store"
)

// filledHistory writes n finished runs of 60 findings each (with long
// messages, so that they span many pages) to a history database at path.
func filledHistory(t *testing.T, path string, n int) {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := Open(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	for r := range n {
		var fs []checks.Finding
		for i := range 60 {
			f := fnd(fmt.Sprintf("e%d", i%7), fmt.Sprintf("c%d", i), checks.Verified)
			f.Message = strings.Repeat(fmt.Sprintf("run %d finding %d ", r, i), 20)
			fs = append(fs, f)
		}
		complete(t, h, Options{}, fs...)
	}
	st.Close()
}

// Salvage copies every run that can be read whole from a damaged history,
// each exactly as stored, and nothing half.
func TestSalvageDamagedHistory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		keep     float64 // fraction of the file kept by the truncation; 0: garbage
		minSaved int
	}{
		{"truncated to 60%", 0.6, 0}, // the run rows themselves may be past the cut
		{"truncated to 90%", 0.9, 1},
		{"garbage", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "state.history.db")
			filledHistory(t, path, 12)
			if tc.keep > 0 {
				fi, _ := os.Stat(path)
				if err := os.Truncate(path, int64(float64(fi.Size())*tc.keep)); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(path, bytes.Repeat([]byte("junk"), 10000), 0o600); err != nil {
				t.Fatal(err)
			}
			st, healed, err := store.OpenHealing(path)
			if err != nil || healed == nil {
				t.Fatalf("OpenHealing: %v, %v", healed, err)
			}
			defer st.Close()
			h, err := Open(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			src, err := store.OpenDamaged(healed.MovedTo)
			saved, skipped := 0, 0
			if err == nil {
				saved, skipped, err = h.Salvage(ctx, src.DB())
				src.Close()
			}
			t.Logf("saved %d, skipped %d", saved, skipped)
			if saved < tc.minSaved {
				t.Errorf("saved %d runs, want at least %d", saved, tc.minSaved)
			}
			runs, err := h.Runs(ctx, 0)
			if err != nil || len(runs) != saved {
				t.Fatalf("%d runs listed after salvaging %d: %v", len(runs), saved, err)
			}
			for _, r := range runs {
				d, err := h.Get(ctx, r.ID)
				if err != nil || len(d.Findings) != 60 || r.Summary.Findings != 60 || r.Status != StatusComplete {
					t.Errorf("run %d: %v, %d findings, summary %d, %s", r.ID, err, len(d.Findings), r.Summary.Findings, r.Status)
					continue
				}
				if want := fmt.Sprintf("run %d finding 59 ", r.ID-1); !strings.HasPrefix(d.Findings[59].Message, want) {
					t.Errorf("run %d: finding 59 is %.40q", r.ID, d.Findings[59].Message)
				}
			}
			// The next run continues after the salvaged ids.
			if saved > 0 {
				run, err := h.Begin(ctx, meta)
				if err != nil || run.ID <= runs[0].ID {
					t.Errorf("next run id %v after salvaged %d: %v", run, runs[0].ID, err)
				}
			}
		})
	}
}
