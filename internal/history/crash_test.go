package history

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/crawler/store"
)

const crashEnv = "CLAIMCHECK_HISTORY_CRASH_STORE"

const crashFindings = 150

// crashRunFindings is the deterministic content of run id, so the parent can
// verify every committed run byte for byte.
func crashRunFindings(id int64) []checks.Finding {
	fs := make([]checks.Finding, crashFindings)
	for j := range fs {
		v := checks.Verdicts[(int(id)+j)%len(checks.Verdicts)]
		fs[j] = checks.Finding{
			Entry: fmt.Sprintf("e%03d", j%40), Claim: fmt.Sprintf("c%03d", j), Check: "value", Field: "params_total",
			Verdict: v, Severity: checks.SeverityWarning, Expected: "671B", Observed: strconv.FormatInt(id, 10),
			Message: fmt.Sprintf("run %d finding %d", id, j),
			Evidence: []record.Evidence{{Source: record.SourceGitHub, URL: "https://api.github.com/repos/x/y",
				Status: 200, Quote: strings.Repeat("q", 200)}},
		}
	}
	return fs
}

// TestCrashHelper is the child process of TestCrashSafety: it writes runs
// (and cache entries) in a loop until it is killed, printing the id of every
// run whose transaction committed.
func TestCrashHelper(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("helper process for TestCrashSafety")
	}
	ctx := context.Background()
	st, err := store.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(2)
	}
	h, err := Open(ctx, st)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(2)
	}
	for i := 0; ; i++ {
		r, err := h.Begin(ctx, meta)
		if err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			os.Exit(2)
		}
		if err := st.PutCache(ctx, "k"+strconv.Itoa(i%7), store.CacheEntry{URL: "https://x/" + strconv.Itoa(i), Status: 200,
			Body: []byte(strings.Repeat("b", 4096))}); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			os.Exit(2)
		}
		if _, err := r.Complete(ctx, crashRunFindings(r.ID), Options{}); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stdout, "committed %d\n", r.ID)
		if _, err := h.Prune(ctx, 1000); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			os.Exit(2)
		}
	}
}

// TestCrashSafety kills a process writing runs with SIGKILL at random points,
// at least 20 times, and checks that the store stays sound: integrity_check
// passes, every run reported committed is intact, interrupted runs show as
// interrupted, and the next run starts cleanly.
func TestCrashSafety(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL semantics are unix-only")
	}
	if testing.Short() {
		t.Skip("spawns processes; skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "state.db")
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	committed := map[int64]bool{}
	const kills = 24
	for i := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan int64, 1024)
		first := make(chan struct{})
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(out)
			once := false
			for sc.Scan() {
				if id, ok := strings.CutPrefix(sc.Text(), "committed "); ok {
					n, _ := strconv.ParseInt(id, 10, 64)
					lines <- n
					if !once {
						once = true
						close(first)
					}
				}
			}
		}()
		// Every fourth kill comes after the helper's first commit, so that
		// committed runs exist to be checked however slow the machine is.
		if i%4 == 3 {
			select {
			case <-first:
			case <-time.After(time.Minute):
			}
		}
		// Kill at a random point: during start-up and migration, inside a
		// run's transaction, between runs, while pruning.
		time.Sleep(time.Duration(rng.IntN(250)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		for id := range lines {
			committed[id] = true
		}
		err = cmd.Wait()
		if strings.Contains(stderr.String(), "helper:") {
			t.Fatalf("kill %d: helper failed on its own: %s", i, stderr.String())
		}
		if err == nil {
			t.Fatalf("kill %d: helper exited cleanly", i)
		}
	}
	if len(committed) == 0 {
		t.Fatal("no run committed before any kill: the kills were all too early to test anything")
	}
	t.Logf("%d kills, %d committed runs", kills, len(committed))

	ctx := context.Background()
	st, err := store.Open(path)
	if err != nil {
		t.Fatalf("reopen after kills: %v", err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	h, err := Open(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := h.Runs(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var newestDone int64
	for _, r := range runs {
		switch r.Status {
		case StatusComplete, StatusIncomplete:
			newestDone = max(newestDone, r.ID)
			committed[r.ID] = true // finished but killed before it said so: must be whole too
		case StatusInterrupted:
		default:
			t.Errorf("run %d: status %s after the kills", r.ID, r.Status)
		}
	}
	for id := range committed {
		d, err := h.Get(ctx, id)
		if err != nil {
			t.Errorf("committed run %d: %v", id, err)
			continue
		}
		want := crashRunFindings(id)
		if !d.Status.Finished() || len(d.Findings) != len(want) {
			t.Errorf("committed run %d: status %s, %d findings", id, d.Status, len(d.Findings))
			continue
		}
		for j, f := range d.Findings {
			w := want[j]
			if f.Verdict != w.Verdict || f.Observed != w.Observed || f.Entry != w.Entry || f.Claim != w.Claim ||
				len(f.Evidence) != 1 || f.Evidence[0].Quote != w.Evidence[0].Quote ||
				(f.Message != w.Message && !strings.HasSuffix(f.Message, w.Message)) {
				t.Errorf("committed run %d finding %d = %+v, want %+v", id, j, f, w)
				break
			}
		}
	}
	// The next run starts cleanly and compares with the newest finished run.
	o := complete(t, h, Options{}, crashRunFindings(1)...)
	if o.PreviousRun != newestDone {
		t.Errorf("next run compared with %d, want %d", o.PreviousRun, newestDone)
	}
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}
