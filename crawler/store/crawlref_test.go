package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// IntegrityCheck and quickCheck read and judge their pragma's lines with one
// helper (checkPragma).

// freshStore is a new store in a temporary directory; the caller closes it.
func freshStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCheckPragmaJudgesItsLines(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := freshStore(t)
	defer s.Close()
	// Each statement answers with the given lines, as a checking pragma does.
	for stmt, want := range map[string]bool{
		`SELECT 'ok'`:                       true,
		`SELECT 'ok' WHERE 0`:               false,
		`SELECT 'ok' UNION ALL SELECT 'ok'`: false,
		`SELECT 'Page 3 is never used' UNION ALL SELECT 'row 1 missing from index'`: false,
		`SELECT 'OK'`: false,
	} {
		sound, msgs, err := s.checkPragma(ctx, stmt, "test check")
		if err != nil || sound != want {
			t.Errorf("%s: sound %v (%q), %v; want %v", stmt, sound, msgs, err, want)
		}
	}
}

func TestCheckPragmaOnSoundAndClosedStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := freshStore(t)
	for _, stmt := range []string{`PRAGMA integrity_check`, `PRAGMA quick_check`} {
		sound, msgs, err := s.checkPragma(ctx, stmt, "check")
		if err != nil || !sound {
			t.Errorf("%s on a fresh store: %q, %v", stmt, msgs, err)
		}
	}
	if err := s.quickCheck(ctx); err != nil {
		t.Errorf("quickCheck on a fresh store: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	err := s.IntegrityCheck(ctx)
	if err == nil || !strings.HasPrefix(err.Error(), "integrity check: ") {
		t.Errorf("IntegrityCheck on a closed store: %v", err)
	}
	err = s.quickCheck(ctx)
	if err == nil || !strings.HasPrefix(err.Error(), "quick check: ") || errors.Is(err, ErrDamaged) {
		t.Errorf("quickCheck on a closed store: %v (an unreadable store is not a damaged one)", err)
	}
}
