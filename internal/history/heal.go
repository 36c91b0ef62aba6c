package history

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
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

// Salvage copies what can still be read of a damaged history database
// (src, opened read-only: the file OpenHealing moved aside) into h, run by
// run, each run with all its findings in one transaction. A run whose row
// or findings cannot be read whole is skipped, so every salvaged run is
// exactly as it was stored. Runs already in h are left alone. It returns
// the number of runs salvaged and of runs seen but skipped; an error only
// when nothing at all could be read.
func (h *History) Salvage(ctx context.Context, src *sql.DB) (saved, skipped int, err error) {
	// The ids first, as far as the table can be scanned.
	var ids []int64
	// (No ORDER BY: SQLite may then read the ids from the status index,
	// which can be intact where the table is not.)
	rows, err := src.QueryContext(ctx, `SELECT id FROM history_runs`)
	if err != nil {
		return 0, 0, fmt.Errorf("history: salvage: %w", err)
	}
	for rows.Next() {
		var id int64
		if rows.Scan(&id) != nil {
			break
		}
		ids = append(ids, id)
	}
	scanErr := rows.Err()
	rows.Close()
	if scanErr != nil {
		// The scan broke on a damaged page: look each id up on its own
		// (up to the last id handed out), so runs on sound pages after
		// the damaged one are found too.
		var last int64
		if err := src.QueryRowContext(ctx, `SELECT seq FROM sqlite_sequence WHERE name = 'history_runs'`).Scan(&last); err == nil {
			seen := map[int64]bool{}
			for _, id := range ids {
				seen[id] = true
			}
			for id := int64(1); id <= min(last, maxSalvageProbe); id++ {
				var got int64
				if !seen[id] && src.QueryRowContext(ctx, `SELECT id FROM history_runs WHERE id = ?`, id).Scan(&got) == nil {
					ids = append(ids, got)
				}
			}
		}
	}
	if len(ids) == 0 && scanErr != nil {
		return 0, 0, fmt.Errorf("history: salvage: %w", scanErr)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for _, id := range ids {
		var exists int
		if err := h.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM history_runs WHERE id = ?`, id).Scan(&exists); err != nil {
			return saved, skipped, fmt.Errorf("history: salvage: %w", err)
		}
		if exists > 0 {
			continue
		}
		if err := h.salvageRun(ctx, src, id); err != nil {
			skipped++
			continue
		}
		saved++
	}
	return saved, skipped, nil
}

// maxSalvageProbe bounds the ids Salvage looks up one by one.
const maxSalvageProbe = 100000

// salvageRun copies run id and its findings, or nothing.
func (h *History) salvageRun(ctx context.Context, src *sql.DB, id int64) error {
	runRow, err := readRows(ctx, src, `SELECT `+runCols+` FROM history_runs WHERE id = ?`, id)
	if err != nil || len(runRow) != 1 {
		return fmt.Errorf("run %d: %v", id, err)
	}
	finds, err := readRows(ctx, src, `SELECT run_id, seq, `+findingCols+` FROM history_findings WHERE run_id = ? ORDER BY seq`, id)
	if err != nil {
		return fmt.Errorf("run %d findings: %w", id, err)
	}
	// A finished run must come back with as many findings as its summary
	// counts (a damaged index could hide some without an error).
	status, _ := runRow[0][7].(string)
	if Status(status).Finished() {
		var sum Summary
		raw, _ := runRow[0][11].(string)
		if err := json.Unmarshal([]byte(raw), &sum); err != nil || sum.Findings != len(finds) {
			return fmt.Errorf("run %d: %d findings readable, summary says %d (%v)", id, len(finds), sum.Findings, err)
		}
	}
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO history_runs (`+runCols+`) VALUES (?`+strings.Repeat(", ?", len(runRow[0])-1)+`)`, runRow[0]...); err != nil {
		return err
	}
	for _, f := range finds {
		if _, err := tx.ExecContext(ctx, `INSERT INTO history_findings (run_id, seq, `+findingCols+`) VALUES (?`+strings.Repeat(", ?", len(f)-1)+`)`, f...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// jsonCols are the columns that hold JSON; salvaged values must parse.
var jsonCols = map[string]bool{"catalog_info": true, "summary": true, "changes": true, "evidence": true}

// readRows reads every row of a query whole, or fails. A damaged page can
// read as zeros without an error: a value holding a NUL byte, or a JSON
// column that does not parse, fails the read.
func readRows(ctx context.Context, db *sql.DB, q string, args ...any) ([][]any, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			var text []byte
			switch v := v.(type) {
			case string:
				text = []byte(v)
			case []byte:
				text = v
			}
			if bytes.IndexByte(text, 0) >= 0 {
				return nil, fmt.Errorf("column %s holds a NUL byte (a damaged page)", cols[i])
			}
			if jsonCols[cols[i]] && !json.Valid(text) {
				return nil, fmt.Errorf("column %s is not JSON (a damaged page)", cols[i])
			}
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}
