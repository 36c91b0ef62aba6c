// Package store is claimcheck's embedded state: a SQLite database (pure Go,
// modernc.org/sqlite) holding the conditional-request cache of the crawler and,
// through DB and Migrate, tables other packages add (nightly run history…).
//
// The database runs in WAL mode with synchronous=NORMAL and a busy timeout;
// every write is a transaction, so a killed process loses at most the write in
// flight and never corrupts what was committed.
package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Component is the schema component of this package in the schema_version table.
const Component = "http_cache"

// Store is an open state database. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
}

// CacheEntry is a stored 2xx response, kept to answer a later 304.
type CacheEntry struct {
	URL          string // canonical URL of the request
	ETag         string
	LastModified string
	Status       int    // the status of the stored response (2xx)
	FinalURL     string // canonical URL after redirects
	ContentType  string
	Body         []byte
	SHA256       string // hex SHA-256 of Body; PutCache fills it when empty
	StoredAt     time.Time
}

// DefaultPath is <user cache dir>/claimcheck/state.db.
func DefaultPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("locate user cache dir: %w", err)
	}
	return filepath.Join(dir, "claimcheck", "state.db"), nil
}

// Open opens (creating if needed, with its parent directories) the database at
// path and brings the cache schema up to date.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open state: empty path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("open state: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	if err := s.Migrate(ctx, Component, cacheMigrations); err != nil {
		db.Close()
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	return s, nil
}

// cacheMigrations are the schema steps of the cache, in order; step i brings
// the component to version i+1. Never edit a released step: append one.
var cacheMigrations = []string{
	`CREATE TABLE http_cache (
		key           TEXT PRIMARY KEY,
		url           TEXT NOT NULL,
		etag          TEXT NOT NULL DEFAULT '',
		last_modified TEXT NOT NULL DEFAULT '',
		status        INTEGER NOT NULL,
		final_url     TEXT NOT NULL DEFAULT '',
		content_type  TEXT NOT NULL DEFAULT '',
		body          BLOB NOT NULL,
		sha256        TEXT NOT NULL,
		stored_at     INTEGER NOT NULL
	)`,
}

// Migrate brings component's tables to version len(steps): every step not yet
// applied runs, with the version bump, in its own transaction. Other packages
// use it for their own tables under their own component name.
func (s *Store) Migrate(ctx context.Context, component string, steps []string) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		component TEXT PRIMARY KEY,
		version   INTEGER NOT NULL
	)`); err != nil {
		return fmt.Errorf("migrate %s: %w", component, err)
	}
	for {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate %s: %w", component, err)
		}
		var v int
		err = tx.QueryRowContext(ctx, `SELECT version FROM schema_version WHERE component = ?`, component).Scan(&v)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			tx.Rollback()
			return fmt.Errorf("migrate %s: %w", component, err)
		}
		if v > len(steps) {
			tx.Rollback()
			return fmt.Errorf("migrate %s: database schema version %d is newer than this program (%d)", component, v, len(steps))
		}
		if v == len(steps) {
			return tx.Rollback()
		}
		if _, err := tx.ExecContext(ctx, steps[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s to version %d: %w", component, v+1, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version(component, version) VALUES(?, ?)
			ON CONFLICT(component) DO UPDATE SET version = excluded.version`, component, v+1); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s to version %d: %w", component, v+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate %s to version %d: %w", component, v+1, err)
		}
	}
}

// Version is the schema version of component (0 if never migrated).
func (s *Store) Version(ctx context.Context, component string) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version WHERE component = ?`, component).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("schema version of %s: %w", component, err)
	}
	return v, nil
}

// Path is the file the store was opened from.
func (s *Store) Path() string { return s.path }

// DB is the underlying database, for packages that keep their own tables
// (create them with Migrate).
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close state: %w", err)
	}
	return nil
}

// GetCache returns the entry stored under key.
func (s *Store) GetCache(ctx context.Context, key string) (CacheEntry, bool, error) {
	var e CacheEntry
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT url, etag, last_modified, status, final_url, content_type, body, sha256, stored_at
		FROM http_cache WHERE key = ?`, key).
		Scan(&e.URL, &e.ETag, &e.LastModified, &e.Status, &e.FinalURL, &e.ContentType, &e.Body, &e.SHA256, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return CacheEntry{}, false, nil
	}
	if err != nil {
		return CacheEntry{}, false, fmt.Errorf("read cache %s: %w", key, err)
	}
	e.StoredAt = time.Unix(0, at).UTC()
	if e.Body == nil {
		e.Body = []byte{}
	}
	// A row whose body does not match its hash is treated as absent: the
	// crawler then fetches unconditionally and overwrites it.
	if sum := sha256.Sum256(e.Body); hex.EncodeToString(sum[:]) != e.SHA256 {
		return CacheEntry{}, false, nil
	}
	return e, true, nil
}

// PutCache stores e under key, replacing any previous entry, in a transaction.
// Only 2xx responses may be stored: errors are never cached.
func (s *Store) PutCache(ctx context.Context, key string, e CacheEntry) error {
	if e.Status < 200 || e.Status > 299 {
		return fmt.Errorf("put cache %s: status %d is not cacheable", key, e.Status)
	}
	if e.Body == nil {
		e.Body = []byte{}
	}
	sum := sha256.Sum256(e.Body)
	h := hex.EncodeToString(sum[:])
	if e.SHA256 != "" && e.SHA256 != h {
		return fmt.Errorf("put cache %s: sha256 does not match body", key)
	}
	e.SHA256 = h
	if e.StoredAt.IsZero() {
		e.StoredAt = time.Now()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("put cache %s: %w", key, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO http_cache(key, url, etag, last_modified, status, final_url, content_type, body, sha256, stored_at)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(key) DO UPDATE SET url = excluded.url, etag = excluded.etag,
			last_modified = excluded.last_modified, status = excluded.status,
			final_url = excluded.final_url, content_type = excluded.content_type,
			body = excluded.body, sha256 = excluded.sha256, stored_at = excluded.stored_at`,
		key, e.URL, e.ETag, e.LastModified, e.Status, e.FinalURL, e.ContentType, e.Body, e.SHA256, e.StoredAt.UnixNano())
	if err != nil {
		tx.Rollback()
		return fmt.Errorf("put cache %s: %w", key, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("put cache %s: %w", key, err)
	}
	return nil
}

// DeleteCache removes the entry under key (no error if absent).
func (s *Store) DeleteCache(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM http_cache WHERE key = ?`, key); err != nil {
		return fmt.Errorf("delete cache %s: %w", key, err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns an error unless the
// database reports "ok".
func (s *Store) IntegrityCheck(ctx context.Context) error {
	sound, msgs, err := s.checkPragma(ctx, `PRAGMA integrity_check`, "integrity check")
	if err != nil || sound {
		return err
	}
	return fmt.Errorf("integrity check failed: %v", msgs)
}

// checkPragma runs a checking pragma statement (PRAGMA integrity_check,
// PRAGMA quick_check): sound when it reports "ok" alone, else the lines it
// reports. An error that keeps it from running is prefixed with what.
func (s *Store) checkPragma(ctx context.Context, stmt, what string) (sound bool, msgs []string, err error) {
	rows, err := s.db.QueryContext(ctx, stmt)
	if err != nil {
		return false, nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return false, nil, fmt.Errorf("%s: %w", what, err)
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return false, nil, fmt.Errorf("%s: %w", what, err)
	}
	return len(msgs) == 1 && msgs[0] == "ok", msgs, nil
}
