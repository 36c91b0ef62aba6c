package gate

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// gitRepo makes a repository in a temporary directory with one commit
// holding files, and returns its directory.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(t, dir, "init", "-q")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "base")
	return dir
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=gate test", "-c", "user.email=gate@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func TestGit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := gitRepo(t, map[string]string{"cat/guide.yaml": "name: base\n", "other.txt": "x\n"})
	// Change the file after the commit: Show must read the committed version.
	if err := os.WriteFile(filepath.Join(dir, "cat", "guide.yaml"), []byte("name: head\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g := Git{Dir: filepath.Join(dir, "cat")}
	root, err := g.Root(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if real, _ := filepath.EvalSymlinks(dir); root != real && root != dir {
		t.Errorf("root = %q, want %q", root, dir)
	}
	rel, err := RepoPath(root, filepath.Join(dir, "cat", "guide.yaml"))
	if err != nil || rel != "cat/guide.yaml" {
		t.Errorf("RepoPath = %q, %v; want cat/guide.yaml", rel, err)
	}
	if _, err := RepoPath(root, filepath.Join(t.TempDir(), "x.yaml")); !errors.Is(err, ErrOutsideRepository) {
		t.Errorf("RepoPath outside: %v, want ErrOutsideRepository", err)
	}

	tests := []struct {
		name, rev, path string
		want            string
		found           bool
		err             error
	}{
		{"committed version", "HEAD", "cat/guide.yaml", "name: base\n", true, nil},
		{"leading ./", "HEAD", "./cat/guide.yaml", "name: base\n", true, nil},
		{"missing at rev", "HEAD", "cat/new.yaml", "", false, nil},
		{"unknown revision", "no-such-branch", "cat/guide.yaml", "", false, ErrBadRevision},
		{"option-like revision", "--output=/tmp/x", "cat/guide.yaml", "", false, ErrBadRevision},
		{"empty revision", "", "cat/guide.yaml", "", false, ErrBadRevision},
		{"revision with a newline", "HEAD\n", "cat/guide.yaml", "", false, ErrBadRevision},
	}
	for _, tc := range tests {
		data, found, err := Git{Dir: root}.Show(ctx, tc.rev, tc.path)
		if !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.err)
			continue
		}
		if found != tc.found || string(data) != tc.want {
			t.Errorf("%s: Show = %q, %v; want %q, %v", tc.name, data, found, tc.want, tc.found)
		}
	}
	if c, err := (Git{Dir: root}).Commit(ctx, "HEAD"); err != nil || len(c) != 40 {
		t.Errorf("Commit(HEAD) = %q, %v", c, err)
	}
}

func TestGitNotRepository(t *testing.T) { // not parallel: sets the environment
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	// A ceiling stops git from finding a repository above the temp dir.
	g := Git{Dir: dir, Bin: "git"}
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	if _, err := g.Root(context.Background()); !errors.Is(err, ErrNotRepository) {
		t.Errorf("Root outside a repository: %v, want ErrNotRepository", err)
	}
}

func TestGitTimeout(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("needs a shell script")
	}
	bin := filepath.Join(t.TempDir(), "slowgit")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\nexec sleep 300\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := Git{Bin: bin, Timeout: 50 * time.Millisecond}.Root(context.Background())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want a deadline error", err)
	}
	if d := time.Since(start); d > time.Minute { // the child sleeps 5 minutes unless killed
		t.Errorf("timeout took %v", d)
	}
}

func TestShowTooLarge(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("# filler line of a catalog that is far too big\n", maxOutput/40)
	dir := gitRepo(t, map[string]string{"big.yaml": big})
	data, found, err := Git{Dir: dir}.Show(context.Background(), "HEAD", "big.yaml")
	if err != nil || !found {
		t.Fatalf("Show = %v, %v", found, err)
	}
	if len(data) != maxOutput {
		t.Errorf("read %d bytes, want the cut at %d (the catalog parser then refuses it)", len(data), maxOutput)
	}
}
