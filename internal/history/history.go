// Package history is the memory of claimcheck's nightly run: every run and
// its verdicts, kept in the same embedded store as the crawler's cache, and
// the rules that turn two runs into "what is new and what was resolved".
//
// Crash safety: a run is a 'running' marker row written when it starts and
// one transaction when it ends (run row, findings, all at once). A process
// killed at any point leaves earlier runs intact and its own run marked as
// never completed; History shows such a run as interrupted.
package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/crawler/store"
	"github.com/claimcheck/claimcheck/reports"
)

// Component is this package's schema component in the store.
const Component = "history"

// Status of a run.
type Status string

const (
	StatusRunning    Status = "running"    // started, not finished (yet)
	StatusComplete   Status = "complete"   // finished, every needed source was read
	StatusIncomplete Status = "incomplete" // finished, some claims were unreachable
	StatusFailed     Status = "failed"     // the pipeline failed; no findings
	// StatusInterrupted is never stored: History reports a 'running' run whose
	// process is gone (killed, crashed) as interrupted.
	StatusInterrupted Status = "interrupted"
)

// Finished reports whether a run of this status has findings to compare with.
func (s Status) Finished() bool { return s == StatusComplete || s == StatusIncomplete }

// migrations are the history schema steps; step i brings the component to
// version i+1. Never edit a released step: append one.
var migrations = []string{
	`CREATE TABLE history_runs (
		id             INTEGER PRIMARY KEY AUTOINCREMENT,
		started_at     TEXT NOT NULL,
		finished_at    TEXT NOT NULL DEFAULT '',
		now            TEXT NOT NULL,
		catalog_path   TEXT NOT NULL,
		catalog_sha256 TEXT NOT NULL,
		tool_version   TEXT NOT NULL,
		status         TEXT NOT NULL CHECK (status IN ('running', 'complete', 'incomplete', 'failed')),
		host           TEXT NOT NULL DEFAULT '',
		pid            INTEGER NOT NULL DEFAULT 0,
		catalog_info   TEXT NOT NULL DEFAULT '{}',
		summary        TEXT NOT NULL DEFAULT '{}',
		changes        TEXT NOT NULL DEFAULT '{}'
	)`,
	`CREATE TABLE history_findings (
		run_id       INTEGER NOT NULL REFERENCES history_runs(id) ON DELETE CASCADE,
		seq          INTEGER NOT NULL,
		entry        TEXT NOT NULL,
		claim        TEXT NOT NULL,
		check_id     TEXT NOT NULL,
		field        TEXT NOT NULL,
		verdict      TEXT NOT NULL,
		severity     TEXT NOT NULL,
		expected     TEXT NOT NULL,
		observed     TEXT NOT NULL,
		message      TEXT NOT NULL,
		file         TEXT NOT NULL,
		line         INTEGER NOT NULL,
		col          INTEGER NOT NULL,
		evidence     TEXT NOT NULL,
		reason       TEXT NOT NULL,
		disagreement INTEGER NOT NULL,
		silenced     TEXT NOT NULL,
		basis        TEXT NOT NULL,
		streak       INTEGER NOT NULL,
		is_new       INTEGER NOT NULL,
		PRIMARY KEY (run_id, seq)
	)`,
	`CREATE INDEX history_runs_status ON history_runs(status, id)`,
}

// History is the run history inside a state store.
type History struct {
	db   *sql.DB
	host string
	// alive reports whether process pid runs on this host (tests replace it).
	alive func(pid int) bool
}

// Open brings the history tables of st up to date.
func Open(ctx context.Context, st *store.Store) (*History, error) {
	if st == nil {
		return nil, errors.New("history: no state store")
	}
	if err := st.Migrate(ctx, Component, migrations); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	host, _ := os.Hostname()
	return &History{db: st.DB(), host: host, alive: processAlive}, nil
}

// RunMeta describes a run when it starts.
type RunMeta struct {
	Now           time.Time
	CatalogPath   string
	CatalogSHA256 string
	ToolVersion   string
	// Catalog describes the catalog for reports rebuilt from the history.
	Catalog reports.CatalogInfo
}

// Summary is a finished run's counts.
type Summary struct {
	Verdicts map[checks.Verdict]int `json:"verdicts"`
	Findings int                    `json:"findings"`
	New      int                    `json:"new"`
	Resolved int                    `json:"resolved"`
	Silenced int                    `json:"silenced"`
	Pending  int                    `json:"pending"`
	// Error is why a failed run failed.
	Error string `json:"error,omitempty"`
}

// RunInfo is one run as listed by History.
type RunInfo struct {
	ID            int64               `json:"id"`
	StartedAt     time.Time           `json:"started_at"`
	FinishedAt    time.Time           `json:"finished_at,omitzero"`
	Now           time.Time           `json:"now"`
	CatalogPath   string              `json:"catalog_path"`
	CatalogSHA256 string              `json:"catalog_sha256"`
	ToolVersion   string              `json:"tool_version"`
	Catalog       reports.CatalogInfo `json:"catalog"`
	Status        Status              `json:"status"`
	Summary       Summary             `json:"summary"`
}

// Run is a run in progress: its 'running' row is committed.
type Run struct {
	ID        int64
	StartedAt time.Time
	Meta      RunMeta
	h         *History
	done      bool
}

const timeLayout = time.RFC3339Nano

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) time.Time {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// Begin records that a run started (a committed 'running' row).
func (h *History) Begin(ctx context.Context, meta RunMeta) (*Run, error) {
	started := time.Now().UTC()
	info, err := json.Marshal(meta.Catalog)
	if err != nil {
		return nil, fmt.Errorf("history: begin run: %w", err)
	}
	res, err := h.db.ExecContext(ctx, `INSERT INTO history_runs
		(started_at, now, catalog_path, catalog_sha256, tool_version, status, host, pid, catalog_info)
		VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?)`,
		fmtTime(started), fmtTime(meta.Now), meta.CatalogPath, meta.CatalogSHA256, meta.ToolVersion, h.host, os.Getpid(), string(info))
	if err != nil {
		return nil, fmt.Errorf("history: begin run: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, fmt.Errorf("history: begin run: %w", err)
	}
	return &Run{ID: id, StartedAt: started, Meta: meta, h: h}, nil
}

// Outcome is what Complete decided and stored.
type Outcome struct {
	Evaluation
	RunID  int64
	Status Status
	// PreviousRun is the id of the run compared with (0: none).
	PreviousRun int64
}

// Complete judges findings against the last finished run and stores the run
// with its findings in one transaction. The previous run is read inside the
// same transaction, so concurrent runs on one store are serialised.
func (r *Run) Complete(ctx context.Context, findings []checks.Finding, opts Options) (*Outcome, error) {
	if r.done {
		return nil, fmt.Errorf("history: run %d already finished", r.ID)
	}
	tx, err := r.h.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("history: complete run %d: %w", r.ID, err)
	}
	defer tx.Rollback()
	prevID, err := lastFinished(ctx, tx, r.ID)
	if err != nil {
		return nil, fmt.Errorf("history: complete run %d: %w", r.ID, err)
	}
	var prior []Prior
	if prevID != 0 {
		if prior, err = loadPriors(ctx, tx, prevID); err != nil {
			return nil, fmt.Errorf("history: complete run %d: %w", r.ID, err)
		}
	}
	ev := Evaluate(prior, findings, opts)
	out := &Outcome{Evaluation: *ev, RunID: r.ID, Status: StatusComplete, PreviousRun: prevID}
	if prevID != 0 {
		out.Changes.PreviousRun = fmt.Sprintf("run %d", prevID)
	}
	sum := Summary{Verdicts: map[checks.Verdict]int{}, Findings: len(ev.Decisions),
		New: len(ev.Changes.New), Resolved: len(ev.Changes.Resolved), Silenced: ev.Changes.Silenced, Pending: len(ev.Pending)}
	for _, v := range checks.Verdicts {
		sum.Verdicts[v] = 0
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO history_findings
		(run_id, seq, entry, claim, check_id, field, verdict, severity, expected, observed, message,
		 file, line, col, evidence, reason, disagreement, silenced, basis, streak, is_new)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, fmt.Errorf("history: complete run %d: %w", r.ID, err)
	}
	defer stmt.Close()
	for i, d := range ev.Decisions {
		f := d.Finding
		sum.Verdicts[f.Verdict]++
		if f.Verdict == checks.Unreachable {
			out.Status = StatusIncomplete
		}
		evJSON, err := json.Marshal(evidenceOrEmpty(f.Evidence))
		if err != nil {
			return nil, fmt.Errorf("history: complete run %d: %w", r.ID, err)
		}
		if _, err := stmt.ExecContext(ctx, r.ID, i, f.Entry, f.Claim, f.Check, f.Field, string(f.Verdict), string(f.Severity),
			f.Expected, f.Observed, f.Message, f.Location.File, f.Location.Line, f.Location.Column, string(evJSON), f.Reason,
			boolInt(f.Disagreement), string(d.Silenced), string(d.Basis), d.Streak, boolInt(d.New)); err != nil {
			return nil, fmt.Errorf("history: complete run %d: store finding %d: %w", r.ID, i, err)
		}
	}
	sumJSON, err := json.Marshal(sum)
	if err != nil {
		return nil, fmt.Errorf("history: complete run %d: %w", r.ID, err)
	}
	chJSON, err := json.Marshal(out.Changes)
	if err != nil {
		return nil, fmt.Errorf("history: complete run %d: %w", r.ID, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE history_runs SET status = ?, finished_at = ?, summary = ?, changes = ?
		WHERE id = ? AND status = 'running'`, string(out.Status), fmtTime(time.Now()), string(sumJSON), string(chJSON), r.ID)
	if err != nil {
		return nil, fmt.Errorf("history: complete run %d: %w", r.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, fmt.Errorf("history: complete run %d: its running row is gone (pruned by another run?)", r.ID)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("history: complete run %d: %w", r.ID, err)
	}
	r.done = true
	return out, nil
}

// Fail records that the run failed (no findings are kept). It is best
// effort on a fresh context when ctx is already cancelled.
func (r *Run) Fail(ctx context.Context, cause error) error {
	if r.done {
		return nil
	}
	if ctx.Err() != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
	}
	msg := "unknown error"
	if cause != nil {
		msg = cause.Error()
	}
	sum, err := json.Marshal(Summary{Verdicts: map[checks.Verdict]int{}, Error: msg})
	if err != nil {
		return fmt.Errorf("history: fail run %d: %w", r.ID, err)
	}
	if _, err := r.h.db.ExecContext(ctx, `UPDATE history_runs SET status = 'failed', finished_at = ?, summary = ?
		WHERE id = ? AND status = 'running'`, fmtTime(time.Now()), string(sum), r.ID); err != nil {
		return fmt.Errorf("history: fail run %d: %w", r.ID, err)
	}
	r.done = true
	return nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// lastFinished is the newest finished run before run id (0: none).
func lastFinished(ctx context.Context, q querier, before int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM history_runs
		WHERE status IN ('complete', 'incomplete') AND id < ? ORDER BY id DESC LIMIT 1`, before).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("find last finished run: %w", err)
	}
	return id, nil
}

// LastFinished is the id of the newest finished run (0: none yet).
func (h *History) LastFinished(ctx context.Context) (int64, error) {
	return lastFinished(ctx, h.db, 1<<62)
}

const findingCols = `entry, claim, check_id, field, verdict, severity, expected, observed, message,
	file, line, col, evidence, reason, disagreement, silenced, basis, streak, is_new`

// storedFinding is one row of history_findings.
type storedFinding struct {
	Finding  checks.Finding
	Silenced Silence
	Basis    checks.Verdict
	Streak   int
	New      bool
}

func scanFindings(rows *sql.Rows) ([]storedFinding, error) {
	defer rows.Close()
	var out []storedFinding
	for rows.Next() {
		var (
			s                 storedFinding
			f                 = &s.Finding
			verdict, severity string
			evJSON            string
			silenced, basis   string
			disagree, isNew   int
		)
		if err := rows.Scan(&f.Entry, &f.Claim, &f.Check, &f.Field, &verdict, &severity, &f.Expected, &f.Observed,
			&f.Message, &f.Location.File, &f.Location.Line, &f.Location.Column, &evJSON, &f.Reason, &disagree,
			&silenced, &basis, &s.Streak, &isNew); err != nil {
			return nil, fmt.Errorf("read findings: %w", err)
		}
		f.Verdict, f.Severity = checks.Verdict(verdict), checks.Severity(severity)
		f.Disagreement = disagree != 0
		f.Evidence = []record.Evidence{}
		if err := json.Unmarshal([]byte(evJSON), &f.Evidence); err != nil {
			return nil, fmt.Errorf("read findings: evidence of %s/%s: %w", f.Entry, f.Claim, err)
		}
		s.Silenced, s.Basis, s.New = Silence(silenced), checks.Verdict(basis), isNew != 0
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read findings: %w", err)
	}
	return out, nil
}

func loadPriors(ctx context.Context, q querier, runID int64) ([]Prior, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+findingCols+` FROM history_findings WHERE run_id = ? ORDER BY seq`, runID)
	if err != nil {
		return nil, fmt.Errorf("read run %d: %w", runID, err)
	}
	sf, err := scanFindings(rows)
	if err != nil {
		return nil, fmt.Errorf("read run %d: %w", runID, err)
	}
	out := make([]Prior, len(sf))
	for i, s := range sf {
		out[i] = Prior{Finding: s.Finding, Basis: s.Basis, Streak: s.Streak}
	}
	return out, nil
}

// Runs lists the newest runs first (limit ≤ 0: all).
func (h *History) Runs(ctx context.Context, limit int) ([]RunInfo, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := h.db.QueryContext(ctx, `SELECT id, started_at, finished_at, now, catalog_path, catalog_sha256,
		tool_version, status, host, pid, summary, catalog_info FROM history_runs ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("history: list runs: %w", err)
	}
	infos, err := h.scanRuns(ctx, rows)
	if err != nil {
		return nil, fmt.Errorf("history: list runs: %w", err)
	}
	return infos, nil
}

func (h *History) scanRuns(ctx context.Context, rows *sql.Rows) ([]RunInfo, error) {
	defer rows.Close()
	type raw struct {
		info RunInfo
		host string
		pid  int
	}
	var rs []raw
	for rows.Next() {
		var (
			r                        raw
			started, finished, now   string
			status, summary, catinfo string
		)
		if err := rows.Scan(&r.info.ID, &started, &finished, &now, &r.info.CatalogPath, &r.info.CatalogSHA256,
			&r.info.ToolVersion, &status, &r.host, &r.pid, &summary, &catinfo); err != nil {
			return nil, err
		}
		r.info.StartedAt, r.info.FinishedAt, r.info.Now = parseTime(started), parseTime(finished), parseTime(now)
		r.info.Status = Status(status)
		if err := json.Unmarshal([]byte(summary), &r.info.Summary); err != nil {
			return nil, fmt.Errorf("summary of run %d: %w", r.info.ID, err)
		}
		if err := json.Unmarshal([]byte(catinfo), &r.info.Catalog); err != nil {
			return nil, fmt.Errorf("catalog of run %d: %w", r.info.ID, err)
		}
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(rs) == 0 {
		return nil, nil
	}
	var newest int64
	if err := h.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM history_runs`).Scan(&newest); err != nil {
		return nil, err
	}
	out := make([]RunInfo, len(rs))
	for i, r := range rs {
		if r.info.Status == StatusRunning && h.interrupted(r.info.ID, newest, r.host, r.pid) {
			r.info.Status = StatusInterrupted
		}
		out[i] = r.info
	}
	return out, nil
}

// interrupted decides whether a 'running' row belongs to a process that is
// gone: a later run has started, or its process no longer runs on this host.
func (h *History) interrupted(id, newest int64, host string, pid int) bool {
	if id < newest || pid <= 0 {
		return true
	}
	if host != h.host {
		return false // another machine's run: cannot tell
	}
	return !h.alive(pid)
}

// RunDetail is a past run with its findings.
type RunDetail struct {
	RunInfo
	Findings []checks.Finding `json:"findings"`
	Changes  reports.Changes  `json:"changes"`
}

// ErrNoRun is returned by Get for an unknown run id.
var ErrNoRun = errors.New("no such run")

// Get reads run id with its findings and changes.
func (h *History) Get(ctx context.Context, id int64) (*RunDetail, error) {
	rows, err := h.db.QueryContext(ctx, `SELECT id, started_at, finished_at, now, catalog_path, catalog_sha256,
		tool_version, status, host, pid, summary, catalog_info FROM history_runs WHERE id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("history: run %d: %w", id, err)
	}
	infos, err := h.scanRuns(ctx, rows)
	if err != nil {
		return nil, fmt.Errorf("history: run %d: %w", id, err)
	}
	if len(infos) == 0 {
		return nil, fmt.Errorf("history: run %d: %w", id, ErrNoRun)
	}
	d := &RunDetail{RunInfo: infos[0], Findings: []checks.Finding{}}
	var chJSON string
	if err := h.db.QueryRowContext(ctx, `SELECT changes FROM history_runs WHERE id = ?`, id).Scan(&chJSON); err != nil {
		return nil, fmt.Errorf("history: run %d: %w", id, err)
	}
	if err := json.Unmarshal([]byte(chJSON), &d.Changes); err != nil {
		return nil, fmt.Errorf("history: run %d: changes: %w", id, err)
	}
	if d.Changes.New == nil {
		d.Changes.New = []checks.Finding{}
	}
	if d.Changes.Resolved == nil {
		d.Changes.Resolved = []checks.Finding{}
	}
	frows, err := h.db.QueryContext(ctx, `SELECT `+findingCols+` FROM history_findings WHERE run_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("history: run %d: %w", id, err)
	}
	sf, err := scanFindings(frows)
	if err != nil {
		return nil, fmt.Errorf("history: run %d: %w", id, err)
	}
	for _, s := range sf {
		d.Findings = append(d.Findings, s.Finding)
	}
	return d, nil
}

// Prune deletes every run but the newest keep, always keeping the newest
// finished run (the next run compares with it). keep ≤ 0 keeps everything.
// It returns the number of runs deleted.
func (h *History) Prune(ctx context.Context, keep int) (int, error) {
	if keep <= 0 {
		return 0, nil
	}
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("history: prune: %w", err)
	}
	defer tx.Rollback()
	const doomed = `SELECT id FROM history_runs
		WHERE id NOT IN (SELECT id FROM history_runs ORDER BY id DESC LIMIT ?)
		  AND id <> (SELECT COALESCE(MAX(id), 0) FROM history_runs WHERE status IN ('complete', 'incomplete'))`
	if _, err := tx.ExecContext(ctx, `DELETE FROM history_findings WHERE run_id IN (`+doomed+`)`, keep); err != nil {
		return 0, fmt.Errorf("history: prune: %w", err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM history_runs WHERE id IN (`+doomed+`)`, keep)
	if err != nil {
		return 0, fmt.Errorf("history: prune: %w", err)
	}
	n, _ := res.RowsAffected()
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("history: prune: %w", err)
	}
	return int(n), nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func evidenceOrEmpty(e []record.Evidence) []record.Evidence {
	if e == nil {
		return []record.Evidence{}
	}
	return e
}
