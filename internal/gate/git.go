// Package gate is claimcheck's CI gate on catalog edits: it reads the catalog
// as it was at a git revision, selects what a change added, changed and
// removed, decides the gate's outcome from the judge's findings (changed
// claims strictly, the rest as warnings) and writes GitHub Actions workflow
// commands (annotations). It never fetches or judges itself.
package gate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
)

// DefaultGitTimeout bounds one git command.
const DefaultGitTimeout = 30 * time.Second

// Errors of the git access, wrapped by Git's methods.
var (
	// ErrNotRepository: the directory is not inside a git work tree (or git is missing).
	ErrNotRepository = errors.New("not a git repository")
	// ErrBadRevision: the revision does not name a commit.
	ErrBadRevision = errors.New("unknown revision")
	// ErrOutsideRepository: the catalog file is not inside the repository.
	ErrOutsideRepository = errors.New("file outside the repository")
)

// Git runs read-only git commands in a work tree. The zero value runs in the
// current directory with DefaultGitTimeout.
type Git struct {
	// Dir is any directory inside the work tree ("" = the current directory).
	Dir string
	// Timeout bounds each command (0 = DefaultGitTimeout).
	Timeout time.Duration
	// Bin is the git executable ("" = "git" from PATH).
	Bin string
}

// maxOutput bounds what one git command may write to stdout: a catalog larger
// than catalog.MaxFileSize is refused anyway.
const maxOutput = catalog.MaxFileSize + 1

// run runs git with args; stdout is returned, bounded by maxOutput (more is
// cut, and the caller sees a too-large catalog).
func (g Git) run(ctx context.Context, args ...string) ([]byte, error) {
	timeout := g.Timeout
	if timeout <= 0 {
		timeout = DefaultGitTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	bin := g.Bin
	if bin == "" {
		bin = "git"
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = g.Dir
	// A killed git may leave a child holding the pipes; do not wait for it.
	cmd.WaitDelay = time.Second
	// Never prompt for credentials, never take optional locks (read-only).
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
	out := &limitedBuffer{max: maxOutput}
	var stderr limitedBuffer
	stderr.max = 4096
	cmd.Stdout, cmd.Stderr = out, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("git %s: %w", strings.Join(args, " "), ctx.Err())
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return out.Bytes(), &gitError{args: args, msg: msg, err: err}
	}
	return out.Bytes(), nil
}

type gitError struct {
	args []string
	msg  string
	err  error
}

func (e *gitError) Error() string { return "git " + strings.Join(e.args, " ") + ": " + e.msg }
func (e *gitError) Unwrap() error { return e.err }

// limitedBuffer keeps the first max bytes written and silently drops the rest
// (git must not fail on a short write). The buffer is a field, not embedded:
// an embedded bytes.Buffer's ReadFrom would let io.Copy bypass the limit.
type limitedBuffer struct {
	buf bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); room > 0 {
		if len(p) > room {
			b.buf.Write(p[:room])
		} else {
			b.buf.Write(p)
		}
	}
	return len(p), nil
}

func (b *limitedBuffer) Bytes() []byte  { return b.buf.Bytes() }
func (b *limitedBuffer) String() string { return b.buf.String() }

// Root returns the top directory of the work tree (git rev-parse --show-toplevel).
func (g Git) Root(ctx context.Context) (string, error) {
	out, err := g.run(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
			return "", err
		}
		return "", fmt.Errorf("%w: %w", ErrNotRepository, err)
	}
	root := strings.TrimSpace(string(out))
	if root == "" {
		return "", fmt.Errorf("%w: git rev-parse --show-toplevel printed nothing", ErrNotRepository)
	}
	return root, nil
}

// checkRev refuses revisions git could read as options.
func checkRev(rev string) error {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\x00\n\r") {
		return fmt.Errorf("%w: %q", ErrBadRevision, rev)
	}
	return nil
}

// Commit resolves rev to a commit id.
func (g Git) Commit(ctx context.Context, rev string) (string, error) {
	if err := checkRev(rev); err != nil {
		return "", err
	}
	out, err := g.run(ctx, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
			return "", err
		}
		return "", fmt.Errorf("%w: %q does not name a commit (is the history fetched? actions/checkout needs fetch-depth: 0)", ErrBadRevision, rev)
	}
	return strings.TrimSpace(string(out)), nil
}

// Show returns the content of path (relative to the repository root, with
// forward slashes) at rev. found is false when the file did not exist at rev;
// a bad revision is an error wrapping ErrBadRevision.
func (g Git) Show(ctx context.Context, rev, path string) (data []byte, found bool, err error) {
	commit, err := g.Commit(ctx, rev)
	if err != nil {
		return nil, false, err
	}
	path = strings.TrimPrefix(filepath.ToSlash(path), "./")
	obj := commit + ":" + path
	// cat-file -e tells "no such path at this commit" apart from real failures.
	if _, err := g.run(ctx, "cat-file", "-e", obj); err != nil {
		if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
			return nil, false, err
		}
		return nil, false, nil
	}
	out, err := g.run(ctx, "show", obj)
	if err != nil {
		return nil, false, fmt.Errorf("read %s at %s: %w", path, rev, err)
	}
	return out, true, nil
}

// RepoPath returns file (absolute or relative to the current directory) as a
// path relative to root with forward slashes, the form git and GitHub use.
// Symbolic links are resolved on both sides (git reports the real top level).
func RepoPath(root, file string) (string, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", file, err)
	}
	// Only the directories are resolved: a symbolic link at the file's own
	// path is its own path (git tracks the link, not its target), so the
	// file compared with the base is never another file the link points to.
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(dir, filepath.Base(abs))
	}
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", fmt.Errorf("%w: %s is not under %s", ErrOutsideRepository, file, root)
	}
	return filepath.ToSlash(rel), nil
}

// RenamedFrom returns the path that path had at rev when the change since
// rev moved or renamed it: git's rename detection (git diff -M
// --name-status) between rev and the work tree, which pairs a deleted file
// with an added one of similar content (50 % by default). It returns ""
// when path was not renamed (a new file, or one edited beyond recognition).
// Only renames are listed (--diff-filter=R), so the output stays small; it
// is bounded like every git command, in size and time.
func (g Git) RenamedFrom(ctx context.Context, rev, path string) (string, error) {
	commit, err := g.Commit(ctx, rev)
	if err != nil {
		return "", err
	}
	path = strings.TrimPrefix(filepath.ToSlash(path), "./")
	out, err := g.run(ctx, "diff", "--no-color", "--no-ext-diff", "--name-status", "-z",
		"--find-renames", "--diff-filter=R", commit, "--")
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
			return "", err
		}
		return "", fmt.Errorf("rename detection since %s: %w", rev, err)
	}
	return renamedFrom(out, path), nil
}

// renamedFrom reads git diff --name-status -z output ("R087\x00old\x00new\x00"
// per rename; other statuses have one path) for the old name of path.
func renamedFrom(out []byte, path string) string {
	fields := strings.Split(string(out), "\x00")
	for i := 0; i < len(fields); {
		status := fields[i]
		if status == "" {
			i++
			continue
		}
		switch status[0] {
		case 'R', 'C':
			if i+2 >= len(fields) {
				return ""
			}
			if status[0] == 'R' && fields[i+2] == path {
				return fields[i+1]
			}
			i += 3
		default:
			i += 2
		}
	}
	return ""
}
