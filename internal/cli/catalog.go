package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/internal/textsafe"
)

func newCatalogCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "Validate and inspect a catalog",
		Long: `The catalog commands read a catalog file (see docs/catalog.md), or the
embedded default catalog (catalog/default) when no FILE is given.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newCatalogLintCmd(), newCatalogListCmd(), newCatalogInitCmd())
	return cmd
}

func newCatalogLintCmd() *cobra.Command {
	var now string
	cmd := &cobra.Command{
		Use:   "lint [FILE]",
		Short: "Validate a catalog and report every problem as file:line:col",
		Long: `lint validates a catalog file (the embedded default catalog when FILE is
omitted). A valid catalog prints a one-line summary
and exits 0. An invalid one prints every problem on standard error, one per
line as "file:line:col: field: message", and exits 2. An as_of later than
--now (default: the current time) is an error.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			at, err := (&runFlags{now: now}).nowTime()
			if err != nil {
				return err
			}
			c, err := loadCatalogAt(args, at, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if _, err := fmt.Fprintf(cmd.OutOrStdout(), "ok: %d entries, %d claims\n", len(c.Entries), c.ClaimCount()); err != nil {
				return err
			}
			return writeHostNeeds(cmd.OutOrStdout(), cmd.ErrOrStderr(), c)
		},
	}
	cmd.Flags().StringVar(&now, "now", "", "judge as_of against this time (RFC 3339 or YYYY-MM-DD; default: the current time)")
	return cmd
}

// writeHostNeeds says which hosts the catalog's sources contact (stdout)
// and warns, at the hosts list, of each one its declared hosts leave out
// (stderr): those requests are refused.
func writeHostNeeds(stdout, stderr io.Writer, c *catalog.Catalog) error {
	needs := crawler.HostNeeds(c)
	var contacted, missing []string
	needed := map[string]bool{}
	for _, n := range needs {
		needed[n.Host] = true
		if !c.HostsDeclared() || slices.Contains(c.Hosts, n.Host) {
			contacted = append(contacted, n.Host)
		}
	}
	for _, n := range crawler.MissingFrom(c, needs) {
		missing = append(missing, n.Host)
		at := c.HostsPos
		if at.File == "" {
			at.File = c.Path
		}
		if _, err := fmt.Fprintln(stderr, textsafe.Line(fmt.Sprintf("%s: hosts: warning: %s is needed by the %s source (%s) but is not listed: its requests are refused; add it to hosts",
			at, n.Host, n.Source, needWhere(n)))); err != nil {
			return err
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "contacts: %s\n", dash(oneLine(strings.Join(contacted, " "))))
	if len(missing) > 0 {
		fmt.Fprintf(&b, "refused (needed, not in hosts): %s\n", oneLine(strings.Join(missing, " ")))
	}
	if !c.HostsDeclared() {
		b.WriteString("hosts: not declared; the hosts above are the ones the sources need (list them under hosts to pin them)\n")
	}
	var unneeded []string
	for _, h := range c.Hosts {
		if !needed[h] {
			unneeded = append(unneeded, h)
		}
	}
	if len(unneeded) > 0 {
		fmt.Fprintf(&b, "listed, not needed by the sources (reached only if a redirect leads there): %s\n", oneLine(strings.Join(unneeded, " ")))
	}
	_, err := io.WriteString(stdout, b.String())
	return err
}

// needWhere names what needs a host, with its position when known.
func needWhere(n crawler.HostNeed) string {
	if n.Pos.Line > 0 {
		return fmt.Sprintf("%s at line %d", n.By, n.Pos.Line)
	}
	return n.By
}

func newCatalogListCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list [--format text|json] [FILE]",
		Short: "List a catalog's entries with their sources and typed claims",
		Long: `list prints the catalog (the embedded default catalog when FILE is
omitted): as a readable table of entries, their sources
and claims (--format text), or as the whole typed catalog in JSON
(--format json). An invalid catalog is reported as by lint and exits 2.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return fmt.Errorf("%w: --format must be text or json, not %q", ErrUsage, format)
			}
			c, err := loadCatalog(args, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(cmd.OutOrStdout(), c)
			}
			return writeCatalogText(cmd.OutOrStdout(), c)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// loadCatalog loads FILE or the embedded catalog. Validation
// errors are printed to stderr one per line and returned wrapping ErrInvalid.
func loadCatalog(args []string, stderr io.Writer) (*catalog.Catalog, error) {
	var (
		c    *catalog.Catalog
		err  error
		name = catalog.DefaultPath
	)
	switch {
	case len(args) == 0:
		c, err = catalog.Default()
	default:
		name = args[0]
		c, err = catalog.Load(name)
	}
	if err == nil {
		return c, nil
	}
	return nil, catalogProblems(name, err, stderr)
}

// loadCatalogAt is loadCatalog that also refuses an as_of later than now.
func loadCatalogAt(args []string, now time.Time, stderr io.Writer) (*catalog.Catalog, error) {
	c, err := loadCatalog(args, stderr)
	if err != nil {
		return nil, err
	}
	if err := catalog.CheckAsOf(c, now); err != nil {
		return nil, catalogProblems(c.Path, err, stderr)
	}
	return c, nil
}

// catalogProblems prints a catalog's problems to stderr, one per line, and
// returns the error wrapping ErrInvalid.
func catalogProblems(name string, err error, stderr io.Writer) error {
	var errs catalog.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			if _, werr := fmt.Fprintln(stderr, textsafe.Line(e.Error())); werr != nil {
				return werr
			}
		}
		return fmt.Errorf("%w: %s: %d %s", ErrInvalid, name, len(errs), plural(len(errs), "problem", "problems"))
	}
	return fmt.Errorf("%w: %w", ErrInvalid, err)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeCatalogText renders the catalog as a table per entry. Every value
// from the catalog goes through oneLine: a catalog under review (a pull
// request's) cannot send escape sequences, bidi overrides or line breaks to
// the reviewer's terminal; they are shown as visible escapes.
func writeCatalogText(w io.Writer, c *catalog.Catalog) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (as of %s): %d entries, %d claims\n", oneLine(c.Name), oneLine(c.AsOf.String()), len(c.Entries), c.ClaimCount())
	fmt.Fprintf(&b, "file: %s\n", oneLine(c.Path))
	var orgs []string
	for _, o := range c.Organisations {
		orgs = append(orgs, oneLine(o.Platform+":"+o.Name))
	}
	fmt.Fprintf(&b, "organisations: %s\n", strings.Join(orgs, " "))
	fmt.Fprintf(&b, "hosts: %s\n", oneLine(strings.Join(c.Hosts, " ")))
	for i, d := range c.DocsSites {
		name := d.Name
		if i == 0 {
			name += " (default)"
		}
		var roles []string
		for _, r := range []struct {
			role string
			pats []string
		}{{catalog.DocsRoleReleaseNotes, d.ReleaseNotes}, {catalog.DocsRoleModels, d.Models}, {catalog.DocsRoleChangelog, d.Changelog}} {
			if len(r.pats) > 0 {
				roles = append(roles, r.role+"="+strings.Join(r.pats, ","))
			}
		}
		fmt.Fprintf(&b, "docs site: %s %s", oneLine(strings.TrimSpace(name)), oneLine(d.Base))
		if len(roles) > 0 {
			fmt.Fprintf(&b, "  %s", oneLine(strings.Join(roles, " ")))
		}
		b.WriteByte('\n')
	}
	if refs := c.Sources.Refs(); len(refs) > 0 {
		fmt.Fprintf(&b, "sources: %s\n", oneLine(strings.Join(refs, " ")))
	}
	for _, e := range c.Entries {
		fmt.Fprintf(&b, "\n%s  [%s]  %s\n", oneLine(e.ID), oneLine(string(e.Kind)), oneLine(e.Name))
		fmt.Fprintf(&b, "  at: %s\n", oneLine(e.Pos.String()))
		if e.Year != "" || e.Topic != "" {
			fmt.Fprintf(&b, "  year: %s  topic: %s\n", dash(e.Year), dash(e.Topic))
		}
		if refs := e.Sources.Refs(); len(refs) > 0 {
			fmt.Fprintf(&b, "  sources: %s\n", oneLine(strings.Join(refs, " ")))
		}
		if len(e.Claims) == 0 {
			continue
		}
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  CLAIM\tTYPE\tFIELD\tVALUE\tPARSED\tSUBJECT\tUNTIL\tLINE")
		for _, cl := range e.Claims {
			until := "-"
			if cl.Until != nil {
				until = cl.Until.String()
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n",
				oneLine(cl.ID), oneLine(string(cl.Type)), oneLine(cl.Field), textsafe.Clip(oneLine(cl.Value), 48), oneLine(parsed(cl)), dash(cl.Subject), oneLine(until), cl.Pos.Line)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// parsed renders the typed form of a claim's value.
func parsed(c catalog.Claim) string {
	switch {
	case c.Quantity != nil:
		q := c.Quantity
		s := fmt.Sprintf("%.0f", q.Value)
		switch {
		case q.Max > 0:
			s += fmt.Sprintf("..%.0f", q.Max)
		case q.Approx:
			s = ">=" + s
		}
		return s + " " + q.Unit
	case c.Date != nil:
		return c.Date.String() + " (" + string(c.Date.Precision) + ")"
	default:
		return "-"
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return oneLine(s)
}

// oneLine is textsafe.Line: catalog or fetched text on one line, with
// control, bidi and other invisible format characters shown as visible
// escapes (\x1b, \u202e) for the terminal.
func oneLine(s string) string { return textsafe.Line(s) }

// writeJSON writes v as indented JSON with the characters encoding/json
// leaves raw that could act on a terminal (C1 controls, bidi overrides)
// written as \u escapes: the same document to a JSON reader.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	_, err := w.Write(textsafe.JSON(buf.Bytes()))
	return err
}
