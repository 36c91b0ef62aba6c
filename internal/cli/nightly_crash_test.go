package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/store"
	"github.com/claimcheck/claimcheck/internal/history"
)

const (
	crashStateEnv = "CLAIMCHECK_NIGHTLY_CRASH_STATE"
	crashURLEnv   = "CLAIMCHECK_NIGHTLY_CRASH_URL"
)

// TestNightlyCrashHelper is the child of TestNightlyCrashSafety: it runs
// `claimcheck nightly` in a loop until it is killed.
func TestNightlyCrashHelper(t *testing.T) {
	state, url := os.Getenv(crashStateEnv), os.Getenv(crashURLEnv)
	if state == "" || url == "" {
		t.Skip("helper process for TestNightlyCrashSafety")
	}
	for {
		var out, errb bytes.Buffer
		code := RunEnv(context.Background(), []string{"nightly", "--catalog", filepath.Join(nightlyDir, "catalog.yaml"),
			"--state", state, "--now", "2026-11-28", "--arxiv-api-url", url, "--config", filepath.Join(nightlyDir, "policies.yaml"),
			"--quiet", "--format", "json", "--keep", "15"}, func(string) string { return "" }, &out, &errb)
		if code == ExitUsage {
			fmt.Fprintln(os.Stderr, "helper:", errb.String())
			os.Exit(2)
		}
		fmt.Println("finished", code)
	}
}

// TestNightlyCrashSafety kills `claimcheck nightly` with SIGKILL at random
// points (≥ 20 times) while the official source alternates between two
// states, then checks the store: integrity_check passes, every run is either
// finished with all its findings or shown as interrupted, and the next
// nightly run starts cleanly against the last finished run.
func TestNightlyCrashSafety(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL semantics are unix-only")
	}
	if testing.Short() {
		t.Skip("spawns processes; skipped with -short")
	}
	e := newNightlyEnv(t, "v1")
	v1, err := cassette.NewPlayer(filepath.Join(nightlyDir, "v1"))
	if err != nil {
		t.Fatal(err)
	}
	v2, err := cassette.NewPlayer(filepath.Join(nightlyDir, "v2"))
	if err != nil {
		t.Fatal(err)
	}
	e.srv.alternate.Store(&[2]*cassette.Player{v1, v2})

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 11))
	// 22 kills at random points; every fifth one comes only after the
	// helper has finished a run, so that finished runs exist to be checked
	// however slow the machine is (a run under -race on a loaded machine can
	// outlast every random kill point).
	const kills, afterFinish = 22, 5
	for i := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestNightlyCrashHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashStateEnv+"="+e.state, crashURLEnv+"="+e.srv.URL)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		finished := make(chan struct{})
		go func() {
			sc := bufio.NewScanner(out)
			once := false
			for sc.Scan() {
				if strings.HasPrefix(sc.Text(), "finished ") && !once {
					once = true
					close(finished)
				}
			}
		}()
		if i%afterFinish == afterFinish-1 {
			select {
			case <-finished:
			case <-time.After(2 * time.Minute):
				t.Errorf("kill %d: no run finished within 2 minutes", i)
			}
		}
		time.Sleep(time.Duration(50+rng.IntN(300)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		if strings.Contains(stderr.String(), "helper:") {
			t.Fatalf("kill %d: nightly failed on its own: %s", i, stderr.String())
		}
	}

	ctx := context.Background()
	st, err := store.Open(store.HistoryPath(e.state)) // the run history's own database
	if err != nil {
		t.Fatalf("reopen after kills: %v", err)
	}
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	h, err := history.Open(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := h.Runs(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var newest int64
	finished := 0
	for _, r := range runs {
		switch r.Status {
		case history.StatusComplete:
			finished++
			newest = max(newest, r.ID)
			d, err := h.Get(ctx, r.ID)
			if err != nil || len(d.Findings) != r.Summary.Findings || len(d.Findings) == 0 {
				t.Errorf("run %d: %v, %d findings stored, summary says %d", r.ID, err, len(d.Findings), r.Summary.Findings)
			}
		case history.StatusInterrupted:
		default:
			t.Errorf("run %d: status %s after the kills", r.ID, r.Status)
		}
	}
	st.Close()
	if finished == 0 {
		t.Fatal("no nightly run finished before a kill: the test exercised nothing")
	}
	t.Logf("%d kills, %d runs kept, %d finished", kills, len(runs), finished)

	// The next run starts cleanly and compares with the last finished run.
	e.srv.alternate.Store(nil)
	e.srv.serve(t, "v1")
	r, _ := e.nightly(ExitOK, "--keep", "15")
	if r.Changes.PreviousRun != fmt.Sprintf("run %d", newest) {
		t.Errorf("next run compared with %q, want run %d", r.Changes.PreviousRun, newest)
	}
	st, err = store.Open(e.state)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}
