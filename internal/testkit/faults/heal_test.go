package faults

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// historyRuns lists the run ids and statuses `claimcheck history` prints.
func historyRuns(t *testing.T, env func(string) string, state string) []string {
	t.Helper()
	r := runCLI(t, env, time.Minute, "history", "--state", state, "--format", "json", "--limit", "0")
	if r.code != 0 {
		t.Fatalf("history: exit %d\n%s", r.code, r.stderr)
	}
	var list struct {
		Runs []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("history JSON: %v\n%s", err, r.stdout)
	}
	var out []string
	for _, x := range list.Runs {
		out = append(out, strconv.FormatInt(x.ID, 10)+":"+x.Status)
	}
	return out
}

// A damaged state store (the HTTP cache: cut short, or not a database at
// all) no longer stops the nightly run: the next run moves it aside (kept,
// named in the log), rebuilds it, warns, completes with the verdicts of an
// undamaged run, and the history of the completed runs is still listed.
func TestDamagedStateStoreHeals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"truncated", func(t *testing.T, path string) {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			size := min(int64(500000), fi.Size()/2)
			if err := os.Truncate(path, size); err != nil {
				t.Fatal(err)
			}
		}},
		{"garbage", func(t *testing.T, path string) {
			if err := os.WriteFile(path, bytes.Repeat([]byte("\x00garbage\xff"), 50000), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			f := writeInputs(t, dir)
			sim := newSim(t)
			env := envOf(sim, nil)
			state := filepath.Join(dir, "state", "state.db")
			nightly := []string{"nightly", "--catalog", f.catalog, "--config", f.config, "--now", now,
				"--format", "json", "--quiet", "--fail-on", "none", "--state", state}
			first := runCLI(t, env, 3*time.Minute, nightly...)
			if first.code != 0 {
				t.Fatalf("first nightly: exit %d\n%s", first.code, first.stderr)
			}
			base := verdicts(parseReport(t, first.stdout))
			if fi, err := os.Stat(state); err != nil || fi.Size() < 100<<10 {
				t.Fatalf("the cache holds too little to damage meaningfully (%v, %v)", fi, err)
			}
			before := historyRuns(t, env, state)
			if len(before) != 1 || before[0] != "1:complete" {
				t.Fatalf("history after the first run: %v", before)
			}

			tc.damage(t, state)
			damaged, _ := os.ReadFile(state)

			second := runCLI(t, env, 3*time.Minute, nightly...)
			if second.code != 0 {
				t.Fatalf("nightly after the damage: exit %d (want 0: it heals and goes on)\n%s", second.code, second.stderr)
			}
			if !strings.Contains(second.stderr, "state store damaged: moved aside and rebuilt") ||
				!strings.Contains(second.stderr, state+".corrupt-") {
				t.Errorf("no warning naming the moved-aside store:\n%s", second.stderr)
			}
			moved, _ := filepath.Glob(state + ".corrupt-*")
			if len(moved) != 1 {
				t.Fatalf("moved-aside files: %v", moved)
			}
			if kept, _ := os.ReadFile(moved[0]); !bytes.Equal(kept, damaged) {
				t.Error("the damaged store was not kept as it was")
			}
			// Same verdicts as the undamaged run; nothing new (the history
			// still compares with run 1).
			rep := parseReport(t, second.stdout)
			got := verdicts(rep)
			for k, want := range base {
				if g, ok := got[k]; !ok || g.Verdict != want.Verdict {
					t.Errorf("%s: %s after healing, %s before", k, g.Verdict, want.Verdict)
				}
			}
			if rep.Changes == nil || len(rep.Changes.New) != 0 || rep.Changes.PreviousRun != "run 1" {
				t.Errorf("changes after healing = %+v, want nothing new since run 1", rep.Changes)
			}
			after := historyRuns(t, env, state)
			if strings.Join(after, " ") != "2:complete 1:complete" {
				t.Errorf("history after healing: %v, want runs 2 and 1 complete", after)
			}
			// A third run finds the rebuilt store sound: no second heal.
			third := runCLI(t, env, 3*time.Minute, nightly...)
			if third.code != 0 || strings.Contains(third.stderr, "damaged") {
				t.Errorf("third nightly: exit %d\n%s", third.code, third.stderr)
			}
		})
	}
}
