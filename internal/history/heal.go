package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/claimcheck/claimcheck/crawler/store"
)

// ErrNoHistory is returned by OpenReadOnly for a store that holds no run
// history (no nightly run has written to it).
var ErrNoHistory = errors.New("no run history in the store")

// OpenReadOnly reads the history of st without writing anything (st may be
// a store.OpenReadOnly store): the tables must exist at this program's
// schema version.
func OpenReadOnly(ctx context.Context, st *store.Store) (*History, error) {
	if st == nil {
		return nil, errors.New("history: no state store")
	}
	ok, err := st.HasTable(ctx, "schema_version")
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if !ok {
		return nil, ErrNoHistory
	}
	v, err := st.Version(ctx, Component)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	switch {
	case v == 0:
		return nil, ErrNoHistory
	case v > len(migrations):
		return nil, fmt.Errorf("history: schema version %d is newer than this program (%d)", v, len(migrations))
	case v < len(migrations):
		return nil, fmt.Errorf("history: schema version %d is older than this program (%d): run claimcheck nightly once to upgrade it", v, len(migrations))
	}
	host, _ := os.Hostname()
	return &History{db: st.DB(), host: host, alive: processAlive}, nil
}

// runCols and the finding columns are copied as they are by Adopt.
const runCols = `id, started_at, finished_at, now, catalog_path, catalog_sha256, tool_version, status, host, pid,
	catalog_info, summary, changes`

// Adopt copies the runs and findings of the history kept in legacy (the
// state store, where earlier versions kept it next to the HTTP cache) into
// h, in one transaction, when h holds no run yet and legacy holds a history
// at this program's schema version. Run ids are kept. It returns the number
// of runs copied (0: nothing to adopt). A crash mid-way leaves h empty, and
// the next run adopts again.
func (h *History) Adopt(ctx context.Context, legacy *sql.DB) (int, error) {
	var n int
	if err := h.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM history_runs`).Scan(&n); err != nil {
		return 0, fmt.Errorf("history: adopt: %w", err)
	}
	if n > 0 {
		return 0, nil
	}
	var tables int
	if err := legacy.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'
		AND name IN ('schema_version', 'history_runs', 'history_findings')`).Scan(&tables); err != nil {
		return 0, fmt.Errorf("history: adopt: %w", err)
	}
	if tables != 3 {
		return 0, nil
	}
	var v int
	err := legacy.QueryRowContext(ctx, `SELECT version FROM schema_version WHERE component = ?`, Component).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("history: adopt: %w", err)
	}
	if v != len(migrations) {
		return 0, fmt.Errorf("history: adopt: the state store's history is at schema version %d, not %d", v, len(migrations))
	}
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("history: adopt: %w", err)
	}
	defer tx.Rollback()
	runs, err := copyRows(ctx, legacy, tx, "history_runs", runCols, "id")
	if err != nil {
		return 0, fmt.Errorf("history: adopt: %w", err)
	}
	if _, err := copyRows(ctx, legacy, tx, "history_findings", "run_id, seq, "+findingCols, "run_id, seq"); err != nil {
		return 0, fmt.Errorf("history: adopt: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("history: adopt: %w", err)
	}
	return runs, nil
}

// DropLegacy removes the history tables from legacy once Adopt has copied
// them, so that they are never adopted twice (the schema component goes too).
func DropLegacy(ctx context.Context, legacy *sql.DB) error {
	tx, err := legacy.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("history: drop the state store's copy: %w", err)
	}
	defer tx.Rollback()
	for _, q := range []string{
		`DROP TABLE IF EXISTS history_findings`,
		`DROP TABLE IF EXISTS history_runs`,
		`DELETE FROM schema_version WHERE component = '` + Component + `'`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("history: drop the state store's copy: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("history: drop the state store's copy: %w", err)
	}
	return nil
}

// copyRows copies every row of table (the given columns) from src into tx.
func copyRows(ctx context.Context, src *sql.DB, tx *sql.Tx, table, cols, order string) (int, error) {
	ncol := len(strings.Split(cols, ","))
	rows, err := src.QueryContext(ctx, `SELECT `+cols+` FROM `+table+` ORDER BY `+order)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO `+table+` (`+cols+`) VALUES (?`+strings.Repeat(", ?", ncol-1)+`)`)
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", table, err)
	}
	defer stmt.Close()
	vals := make([]any, ncol)
	ptrs := make([]any, ncol)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, fmt.Errorf("read %s: %w", table, err)
		}
		if _, err := stmt.ExecContext(ctx, vals...); err != nil {
			return 0, fmt.Errorf("copy %s: %w", table, err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("read %s: %w", table, err)
	}
	return n, nil
}
