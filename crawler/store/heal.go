package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
)

// ErrDamaged is wrapped by the errors of a store file that is not a SQLite
// database, is malformed, fails PRAGMA quick_check or cannot be read.
var ErrDamaged = errors.New("state store damaged")

// SQLite primary result codes that say the file itself is bad.
const (
	sqliteCorrupt        = 11
	sqliteCantOpen       = 14
	sqliteNotADB         = 26
	sqliteReadOnly       = 8
	sqliteIOErrShortRead = 10 | 2<<8 // a file cut short
)

// damaged reports whether err is SQLite saying the database file is bad (as
// opposed to busy, locked, or a programming error).
func damaged(err error) bool {
	if errors.Is(err, ErrDamaged) {
		return true
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqliteCorrupt, sqliteNotADB:
		return true
	}
	return se.Code() == sqliteIOErrShortRead
}

// IsDamaged reports whether err (from Open, OpenReadOnly or a query) says the
// store file is damaged: not a database, malformed, or failing quick_check.
func IsDamaged(err error) bool { return damaged(err) }

// Healed says what OpenHealing did with a damaged store.
type Healed struct {
	// Path is the store that was damaged (and is now a fresh, empty store).
	Path string
	// MovedTo is where the damaged file was moved, kept for inspection
	// ("state.db.corrupt-20261202T031500Z"); its -wal and -shm files, if
	// any, were moved next to it under the same name plus "-wal"/"-shm".
	MovedTo string
	// Cause is why the store was judged damaged.
	Cause error
}

// OpenHealing opens the store at path like Open. When the file is damaged —
// not a SQLite database, malformed, failing PRAGMA quick_check, or an
// existing file that cannot be read — it is moved aside (never deleted) to
// path.corrupt-<UTC time> with its -wal and -shm files, and a fresh store is
// created in its place; healed then says so, for the caller to warn. healed
// is nil when the store was sound. Errors that do not say the file is
// damaged (a directory that cannot be written, a busy database) are
// returned as they are.
func OpenHealing(path string) (s *Store, healed *Healed, err error) {
	s, err = Open(path)
	if err == nil {
		err = s.quickCheck(context.Background())
		if err == nil {
			return s, nil, nil
		}
		s.db.Close()
	}
	if !damaged(err) && !unreadable(path) {
		return nil, nil, err
	}
	cause := err
	moved, merr := moveAside(path, time.Now())
	if merr != nil {
		return nil, nil, fmt.Errorf("open state %s: %w (and it could not be moved aside: %w)", path, cause, merr)
	}
	if s, err = Open(path); err != nil {
		return nil, nil, fmt.Errorf("open state %s after moving the damaged store to %s: %w", path, moved, err)
	}
	return s, &Healed{Path: path, MovedTo: moved, Cause: cause}, nil
}

// unreadable reports an existing file that this process may not open for
// reading (its mode, not a missing or misplaced path).
func unreadable(path string) bool {
	f, err := os.Open(path)
	if err == nil {
		f.Close()
		return false
	}
	return errors.Is(err, fs.ErrPermission)
}

// moveAside renames path (and its -wal/-shm files) to a free
// path.corrupt-<time> name and returns that name.
func moveAside(path string, now time.Time) (string, error) {
	stamp := now.UTC().Format("20060102T150405Z")
	dst := path + ".corrupt-" + stamp
	for i := 2; ; i++ {
		if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
			break
		}
		if i > 1000 {
			return "", fmt.Errorf("move aside %s: no free name", path)
		}
		dst = fmt.Sprintf("%s.corrupt-%s-%d", path, stamp, i)
	}
	if err := os.Rename(path, dst); err != nil {
		return "", fmt.Errorf("move aside %s: %w", path, err)
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Rename(path+suffix, dst+suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return dst, fmt.Errorf("move aside %s: %w", path+suffix, err)
		}
	}
	return dst, nil
}

// quickCheck runs PRAGMA quick_check (O(size), without the index
// cross-checks of integrity_check); a failure wraps ErrDamaged.
func (s *Store) quickCheck(ctx context.Context) error {
	sound, msgs, err := s.checkPragma(ctx, `PRAGMA quick_check`, "quick check")
	if err != nil || sound {
		return err
	}
	if len(msgs) > 3 {
		msgs = append(msgs[:3], fmt.Sprintf("and %d more", len(msgs)-3))
	}
	return fmt.Errorf("%w: quick check: %s", ErrDamaged, strings.Join(msgs, "; "))
}

// OpenReadOnly opens an existing store for reading only: nothing is
// created, migrated or written, not even a -wal or -shm file, so it works on
// a read-only file in a read-only directory. When another process has the
// store open for writing (its -wal file exists), it reads through SQLite's
// shared memory as usual; otherwise it opens the file as immutable. The
// caller must not write through it.
func OpenReadOnly(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open state: empty path")
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open state: %w", err)
	}
	_, walErr := os.Stat(path + "-wal")
	writer := walErr == nil
	var err error
	for _, immutable := range []bool{!writer, true} {
		var db *sql.DB
		if db, err = openRO(path, immutable, false); err == nil {
			return &Store{db: db, path: path}, nil
		}
		if immutable || !retryImmutable(err) {
			break
		}
		// A -wal file without the shared memory SQLite needs to read it
		// (a crashed writer in a read-only directory): read the main
		// file alone, as immutable; the last commits in the WAL are
		// not seen.
	}
	return nil, fmt.Errorf("open state %s read-only: %w", path, err)
}

// retryImmutable reports an error of a read-only open that reading the file
// as immutable can avoid (no shared memory, no lock).
func retryImmutable(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	c := se.Code() & 0xff
	return c == sqliteCantOpen || c == sqliteReadOnly
}

// openRO opens path read-only and reads its schema, so that a file that
// cannot be read fails here and not at the first query.
func openRO(path string, immutable, salvage bool) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	if salvage {
		// Read on past a page count that the file no longer has (a
		// truncated file): SQLite refuses it as corrupt otherwise.
		q.Add("_pragma", "writable_schema(1)")
	}
	q.Set("mode", "ro")
	if immutable {
		// No writer: immutable tells SQLite to create no -shm and take no
		// locks (a read-only directory could hold neither).
		q.Set("immutable", "1")
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM sqlite_master`).Scan(&n); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// OpenDamaged opens a damaged store file (one OpenHealing moved aside) to
// read what can still be read: read-only, as immutable, and tolerating a
// file shorter than its header says. Queries may fail or silently miss
// rows on damaged pages: callers check what they read.
func OpenDamaged(path string) (*Store, error) {
	db, err := openRO(path, true, true)
	if err != nil {
		return nil, fmt.Errorf("open damaged state %s: %w", path, err)
	}
	return &Store{db: db, path: path}, nil
}

// HasTable reports whether the store has a table of that name.
func (s *Store) HasTable(ctx context.Context, name string) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, name).Scan(&n); err != nil {
		return false, fmt.Errorf("look up table %s: %w", name, err)
	}
	return n > 0, nil
}

// HistoryPath is where the nightly run history is kept for the state store
// at path: next to it, in its own database ("state.db" → "state.history.db";
// a name without the .db extension gets ".history.db" appended), so that a
// damaged cache cannot take the history down with it.
func HistoryPath(path string) string {
	dir, name := filepath.Split(path)
	if base, ok := strings.CutSuffix(name, ".db"); ok && base != "" {
		return filepath.Join(dir, base+".history.db")
	}
	return path + ".history.db"
}
