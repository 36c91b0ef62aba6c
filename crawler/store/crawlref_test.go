package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// IntegrityCheck and quickCheck read their pragma's lines with one helper
// (checkPragma) and judge them with one rule (soundDB).

func TestSoundDB(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		msgs []string
		want bool
	}{
		{[]string{"ok"}, true},
		{nil, false},
		{[]string{"ok", "ok"}, false},
		{[]string{"*** in database main ***", "Page 3 is never used"}, false},
		{[]string{"OK"}, false},
	} {
		if got := soundDB(c.msgs); got != c.want {
			t.Errorf("soundDB(%q) = %v, want %v", c.msgs, got, c.want)
		}
	}
}

func TestCheckPragmaOnSoundAndClosedStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{`PRAGMA integrity_check`, `PRAGMA quick_check`} {
		msgs, err := s.checkPragma(ctx, stmt)
		if err != nil || !soundDB(msgs) {
			t.Errorf("%s on a fresh store: %q, %v", stmt, msgs, err)
		}
	}
	if err := s.quickCheck(ctx); err != nil {
		t.Errorf("quickCheck on a fresh store: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	err = s.IntegrityCheck(ctx)
	if err == nil || !strings.HasPrefix(err.Error(), "integrity check: ") {
		t.Errorf("IntegrityCheck on a closed store: %v", err)
	}
	err = s.quickCheck(ctx)
	if err == nil || !strings.HasPrefix(err.Error(), "quick check: ") || errors.Is(err, ErrDamaged) {
		t.Errorf("quickCheck on a closed store: %v (an unreadable store is not a damaged one)", err)
	}
}
