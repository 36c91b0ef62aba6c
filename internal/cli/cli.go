// Package cli is claimcheck's command line: Run parses arguments, runs one
// command and maps its outcome to an exit code.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// Exit codes (documented in the README).
const (
	ExitOK         = 0 // clean
	ExitFindings   = 1 // findings at or above the failure threshold
	ExitUsage      = 2 // usage error or invalid input
	ExitIncomplete = 3 // verification incomplete (sources unreachable) or a runtime failure
)

// Sentinel errors mapped to exit codes by Run.
var (
	ErrUsage      = errors.New("usage")
	ErrInvalid    = errors.New("invalid input")
	ErrFindings   = errors.New("findings at or above the failure threshold")
	ErrIncomplete = errors.New("verification incomplete")
	// ErrRuntime is a failure of the run itself (state store, spill file,
	// crawl machinery), not of the input: exit 3, like an incomplete run,
	// with a message naming the step that failed.
	ErrRuntime = errors.New("runtime failure")
)

// Version is set at build time with -ldflags "-X …/internal/cli.Version=…".
var Version = "dev"

// Run runs claimcheck with args (without the program name).
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return RunEnv(ctx, args, os.Getenv, stdout, stderr)
}

// RunEnv is Run with the environment given as a lookup function (tests).
func RunEnv(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	root := newRoot(getenv, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return exitCode(err, stderr)
}

// exitCode maps err to the exit status and prints it on one line with
// control characters shown visibly (error messages quote catalog text).
func exitCode(err error, stderr io.Writer) int {
	if err != nil {
		err = visibleError{err}
	}
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, ErrFindings):
		fmt.Fprintln(stderr, "claimcheck:", err)
		return ExitFindings
	case errors.Is(err, ErrIncomplete), errors.Is(err, ErrRuntime):
		fmt.Fprintln(stderr, "claimcheck:", err)
		return ExitIncomplete
	case errors.Is(err, ErrInvalid), errors.Is(err, ErrUsage):
		fmt.Fprintln(stderr, "claimcheck:", err)
		return ExitUsage
	default:
		// cobra's own argument and flag errors are usage errors.
		fmt.Fprintln(stderr, "claimcheck:", err)
		return ExitUsage
	}
}

// visibleError prints as textsafe.Line of its error and unwraps to it.
type visibleError struct{ err error }

func (e visibleError) Error() string { return oneLine(e.err.Error()) }
func (e visibleError) Unwrap() error { return e.err }

func newRoot(getenv func(string) string, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "claimcheck",
		Short: "Check a research catalog's claims against the official sources",
		Long: `claimcheck reads a research catalog as typed claims, crawls the official
sources politely (arXiv, GitHub, Hugging Face, the API docs, venue pages),
and judges every claim: verified, contradicted, outdated, expired, missing,
unverified or unreachable, with the evidence behind each verdict.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newVersionCmd())
	root.AddCommand(newCatalogCmd())
	root.AddCommand(newAuditCmd(getenv))
	root.AddCommand(newNightlyCmd(getenv))
	root.AddCommand(newHistoryCmd(getenv))
	root.AddCommand(newGateCmd(getenv))
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print claimcheck's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "claimcheck %s\n", Version)
			return err
		},
	}
}
