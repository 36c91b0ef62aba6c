package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/crawler/store"
	"github.com/claimcheck/claimcheck/internal/engine"
	"github.com/claimcheck/claimcheck/internal/history"
)

// openRunHistory opens the nightly run history, kept in its own database
// next to the state store (store.HistoryPath) so that a damaged cache
// cannot take it down. A damaged history database is moved aside and
// rebuilt like the cache. The history an earlier version kept inside the
// state store (cache) is adopted once, then dropped from it. The returned
// store must be closed.
func openRunHistory(ctx context.Context, statePath string, cache *store.Store, log *zap.Logger) (*history.History, *store.Store, error) {
	hst, healed, err := store.OpenHealing(store.HistoryPath(statePath))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: open run history: %w", ErrRuntime, err)
	}
	h, err := history.Open(ctx, hst)
	if err != nil {
		hst.Close()
		return nil, nil, fmt.Errorf("%w: run history %s: %w", ErrRuntime, hst.Path(), err)
	}
	if healed != nil {
		saved, skipped := salvageHistory(ctx, h, healed.MovedTo)
		log.Warn("state store damaged: moved aside and rebuilt, the run goes on",
			zap.String("store", healed.Path), zap.String("moved_to", healed.MovedTo), zap.Error(healed.Cause),
			zap.Int("runs_salvaged", saved), zap.Int("runs_lost", skipped))
	}
	if cache == nil {
		return h, hst, nil
	}
	legacy, err := cache.HasTable(ctx, "history_runs")
	if err != nil || !legacy {
		return h, hst, nil
	}
	n, err := h.Adopt(ctx, cache.DB())
	if err != nil {
		log.Warn("could not move the run history out of the state store; it starts afresh",
			zap.String("store", cache.Path()), zap.String("history", hst.Path()), zap.Error(err))
		return h, hst, nil
	}
	if n > 0 {
		log.Info("moved the run history out of the state store", zap.Int("runs", n),
			zap.String("store", cache.Path()), zap.String("history", hst.Path()))
	}
	if err := history.DropLegacy(ctx, cache.DB()); err != nil {
		log.Warn("could not drop the old copy of the run history from the state store", zap.Error(err))
	}
	return h, hst, nil
}

// salvageHistory copies the runs that can still be read whole from the
// damaged history database moved aside to path; it never fails the run.
func salvageHistory(ctx context.Context, h *history.History, path string) (saved, skipped int) {
	src, err := store.OpenDamaged(path)
	if err != nil {
		return 0, 0
	}
	defer src.Close()
	saved, skipped, _ = h.Salvage(ctx, src.DB())
	return saved, skipped
}

// openHistory opens the run history for reading only (history and history
// show create, migrate and write nothing, so they work on a read-only
// store): the history database next to the state store, or, before any
// nightly run of this version, the history kept inside the state store.
// ok is false when there is no history yet.
func openHistory(ctx context.Context, path string) (h *history.History, st *store.Store, resolved string, ok bool, err error) {
	if path == "" {
		if path, err = store.DefaultPath(); err != nil {
			return nil, nil, "", false, fmt.Errorf("%w: state store: %w", ErrRuntime, err)
		}
	}
	for _, p := range []string{store.HistoryPath(path), path} {
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if st, err = store.OpenReadOnly(p); err != nil {
			return nil, nil, path, false, historyErr(p, err)
		}
		h, err = history.OpenReadOnly(ctx, st)
		if errors.Is(err, history.ErrNoHistory) {
			st.Close()
			continue
		}
		if err != nil {
			st.Close()
			return nil, nil, path, false, historyErr(p, err)
		}
		return h, st, path, true, nil
	}
	return nil, nil, path, false, nil
}

// historyErr is a failure to read the history at p: a runtime failure
// (exit 3); a damaged file says what will heal it.
func historyErr(p string, err error) error {
	if store.IsDamaged(err) {
		return fmt.Errorf("%w: read run history: %s is damaged (%w); the next claimcheck nightly moves it aside and rebuilds it",
			ErrRuntime, p, err)
	}
	return fmt.Errorf("%w: read run history %s: %w", ErrRuntime, p, err)
}

// engineErr maps a failed engine run to its exit code: an invalid option
// (an --only entry that does not exist) is a usage error (exit 2); anything
// else failed inside the run (crawl machinery, spill file, store) and is a
// runtime failure (exit 3), named by the engine's step ("crawl: …",
// "judge: …").
func engineErr(err error) error {
	if errors.Is(err, engine.ErrOption) {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	return fmt.Errorf("%w: %w", ErrRuntime, err)
}
