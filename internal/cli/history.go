package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/internal/engine"
	"github.com/claimcheck/claimcheck/internal/history"
	"github.com/claimcheck/claimcheck/reports"
)

func newHistoryCmd(_ func(string) string) *cobra.Command {
	var (
		statePath string
		limit     int
		format    string
	)
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List past nightly runs",
		Long: `history lists the runs kept by claimcheck nightly, newest first: when each
ran, the --now it judged at, its status (complete, incomplete, failed, running,
or interrupted for a run whose process was killed), the count per verdict and
what was new and resolved. "history show RUN" prints one run's findings.`,
		Example: `  claimcheck history --limit 10
  claimcheck history --format json
  claimcheck history show 42 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runHistoryList(cmd.Context(), statePath, limit, format, cmd.OutOrStdout())
		},
	}
	cmd.PersistentFlags().StringVar(&statePath, "state", "", "state store path (default: under the user's cache directory)")
	cmd.Flags().IntVar(&limit, "limit", 20, "list at most N runs (0: all)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")

	var of outputFlags
	show := &cobra.Command{
		Use:   "show RUN",
		Short: "Print a past run's findings",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHistoryShow(cmd.Context(), statePath, args[0], &of, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	of.register(show, "text")
	cmd.AddCommand(show)
	return cmd
}

// historyList is the JSON form of the run list.
type historyList struct {
	State string            `json:"state"`
	Runs  []history.RunInfo `json:"runs"`
}

func runHistoryList(ctx context.Context, statePath string, limit int, format string, stdout io.Writer) error {
	if format != "text" && format != "json" {
		return fmt.Errorf("%w: --format %q: want text or json", ErrUsage, format)
	}
	if limit < 0 {
		return fmt.Errorf("%w: --limit %d: want 0 (all) or more", ErrUsage, limit)
	}
	h, st, path, ok, err := openHistory(ctx, statePath)
	if err != nil {
		return err
	}
	runs := []history.RunInfo{}
	if ok {
		defer st.Close()
		if runs, err = h.Runs(ctx, limit); err != nil {
			return err
		}
		if runs == nil {
			runs = []history.RunInfo{}
		}
	}
	if format == "json" {
		return writeJSON(stdout, historyList{State: path, Runs: runs})
	}
	if len(runs) == 0 {
		_, err := fmt.Fprintf(stdout, "no runs recorded in %s (claimcheck nightly records them)\n", oneLine(path))
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	head := []string{"RUN", "STARTED (UTC)", "NOW", "STATUS"}
	for _, v := range checks.Verdicts {
		head = append(head, strings.ToUpper(string(v)))
	}
	head = append(head, "NEW", "RESOLVED", "SILENCED")
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, r := range runs {
		row := []string{strconv.FormatInt(r.ID, 10), r.StartedAt.Format("2006-01-02 15:04"), r.Now.Format("2006-01-02"), oneLine(string(r.Status))}
		finished := r.Status == history.StatusComplete || r.Status == history.StatusIncomplete
		for _, v := range checks.Verdicts {
			row = append(row, countOrDash(finished, r.Summary.Verdicts[v]))
		}
		row = append(row, countOrDash(finished, r.Summary.New), countOrDash(finished, r.Summary.Resolved), countOrDash(finished, r.Summary.Silenced))
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

func countOrDash(ok bool, n int) string {
	if !ok {
		return "-"
	}
	return strconv.Itoa(n)
}

func runHistoryShow(ctx context.Context, statePath, arg string, of *outputFlags, stdout, stderr io.Writer) error {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id < 1 {
		return fmt.Errorf("%w: RUN %q: want a run id (see claimcheck history)", ErrUsage, arg)
	}
	h, st, path, ok, err := openHistory(ctx, statePath)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: no runs recorded in %s", ErrUsage, path)
	}
	defer st.Close()
	d, err := h.Get(ctx, id)
	if errors.Is(err, history.ErrNoRun) {
		return fmt.Errorf("%w: no run %d in %s", ErrUsage, id, path)
	}
	if err != nil {
		return err
	}
	switch d.Status {
	case history.StatusFailed:
		fmt.Fprintf(stderr, "claimcheck: run %d failed: %s\n", d.ID, oneLine(d.Summary.Error))
	case history.StatusInterrupted:
		fmt.Fprintf(stderr, "claimcheck: run %d was interrupted and never completed: it has no findings\n", d.ID)
	case history.StatusRunning:
		fmt.Fprintf(stderr, "claimcheck: run %d is still running: it has no findings yet\n", d.ID)
	}
	if d.Catalog.Path == "" {
		d.Catalog.Path = d.CatalogPath
	}
	changes := d.Changes
	rep := &reports.Report{
		SchemaVersion: reports.SchemaVersion,
		Tool:          reports.Tool{Name: "claimcheck", Version: d.ToolVersion},
		Catalog:       d.Catalog,
		Now:           d.Now,
		Summary:       engine.Summary(d.Findings),
		Findings:      d.Findings,
		Sources:       []reports.SourceStats{},
		Changes:       &changes,
	}
	return of.write(rep, stdout)
}
