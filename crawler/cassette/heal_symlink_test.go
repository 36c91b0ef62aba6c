package cassette

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const okRecording = `# claimcheck recording v1
GET https://api.github.com/repos/o/r

HTTP/1.1 200 OK
Content-Type: application/json

{}
`

// A symbolic link that leads out of the recording directory is refused,
// and the error quotes neither the target's content nor its path.
func TestReplayRefusesSymlinkOutOfDirectory(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	rec := filepath.Join(base, "rec")
	for _, d := range []string{outside, rec} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	const secret = "SECRET-TOKEN-c0ffee first line of a private file"
	secretFile := filepath.Join(outside, "id_rsa")
	if err := os.WriteFile(secretFile, []byte(secret+"\nmore\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rec, "a.http"), []byte(okRecording), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, target string }{
		{"absolute", secretFile},
		{"relative", "../outside/id_rsa"},
		{"to a directory outside", outside},
		{"dangling", filepath.Join(outside, "nope")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "rec")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "a.http"), []byte(okRecording), 0o644); err != nil {
				t.Fatal(err)
			}
			target := tc.target
			if !filepath.IsAbs(target) {
				// relative to the link's directory: make it lead to the secret
				rel, err := filepath.Rel(dir, secretFile)
				if err != nil {
					t.Fatal(err)
				}
				target = rel
			}
			if err := os.Symlink(target, filepath.Join(dir, "z-evil.http")); err != nil {
				t.Skip("no symbolic links here:", err)
			}
			p, err := NewPlayer(dir)
			if err == nil {
				t.Fatalf("NewPlayer accepted a link out of the directory (%d recordings)", p.Len())
			}
			if !errors.Is(err, ErrUnsafeRecording) {
				t.Errorf("error %v: want ErrUnsafeRecording", err)
			}
			msg := err.Error()
			for _, leak := range []string{"SECRET", "c0ffee", "first line", "id_rsa", outside} {
				if strings.Contains(msg, leak) {
					t.Errorf("error %q leaks %q", msg, leak)
				}
			}
			if !strings.Contains(msg, "z-evil.http") {
				t.Errorf("error %q does not name the link", msg)
			}
		})
	}
}

// A link that stays inside the recording directory still replays.
func TestReplayFollowsSymlinkInsideDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "store", "real.txt"), []byte(okRecording), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("store", "real.txt"), filepath.Join(dir, "a.http")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	p, err := NewPlayer(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Lookup("GET", "https://api.github.com/repos/o/r"); !ok || p.Len() != 1 {
		t.Errorf("recording behind an inside link not loaded (len %d)", p.Len())
	}
}
