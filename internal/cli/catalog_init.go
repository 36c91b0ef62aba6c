package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/claimcheck/claimcheck/catalog"
)

// initFlags are the flags of catalog init.
type initFlags struct {
	name, docs, now, out string
	github, hf, search   []string
}

func newCatalogInitCmd() *cobra.Command {
	var f initFlags
	cmd := &cobra.Command{
		Use:   "init --name NAME [--github ORG] [--huggingface ORG] [--docs URL] [--arxiv-search TERM] [-o FILE]",
		Short: "Write a commented starter catalog for an organisation",
		Long: `init writes a starter catalog for an organisation: its accounts per platform
(--github, --huggingface; repeatable, and they may differ), its documentation
site (--docs https://…), and the arXiv search terms that find its papers
(--arxiv-search, e.g. 'au:Acme_AI'; see arXiv's API query syntax; with search
terms, discovery also lists the GitHub accounts' repositories). The hosts
the catalog may contact are derived from them. The checklist is empty (no
checklist item applies until you list some), and the entries list is empty,
with a commented example. The result lints clean; add entries, then
"claimcheck catalog lint FILE" and "claimcheck audit --catalog FILE".
Without -o the catalog goes to standard output; an existing file is never
overwritten.`,
		Example: `  claimcheck catalog init --name "Acme models" --github acme --huggingface acme-ai --docs https://docs.acme.example --arxiv-search 'au:Acme_AI' -o acme.yaml`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCatalogInit(&f, cmd.OutOrStdout())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.name, "name", "", "the catalog's name (required)")
	fl.StringArrayVar(&f.github, "github", nil, "the organisation's GitHub account (repeatable)")
	fl.StringArrayVar(&f.hf, "huggingface", nil, "the organisation's Hugging Face account (repeatable)")
	fl.StringVar(&f.docs, "docs", "", "the organisation's documentation site, an https base URL")
	fl.StringArrayVar(&f.search, "arxiv-search", nil, "an arXiv search term that finds the organisation's papers, FIELD:VALUE (repeatable)")
	fl.StringVar(&f.now, "now", "", "the catalog's as_of (YYYY-MM-DD; default: today)")
	fl.StringVarP(&f.out, "output", "o", "", "write the catalog to FILE (default: standard output)")
	return cmd
}

func runCatalogInit(f *initFlags, stdout io.Writer) error {
	if strings.TrimSpace(f.name) == "" {
		return fmt.Errorf("%w: catalog init needs --name", ErrUsage)
	}
	at, err := (&runFlags{now: f.now}).nowTime()
	if err != nil {
		return err
	}
	data, err := starterCatalog(f, at.Format("2006-01-02"))
	if err != nil {
		return err
	}
	// What init writes must lint clean: a bad flag value is named here.
	if _, err := catalog.Parse("catalog init", data); err != nil {
		var errs catalog.Errors
		if errors.As(err, &errs) && len(errs) > 0 {
			return fmt.Errorf("%w: the flags make an invalid catalog: %s", ErrUsage, errs[0].Error())
		}
		return fmt.Errorf("%w: the flags make an invalid catalog: %w", ErrUsage, err)
	}
	if f.out == "" || f.out == "-" {
		_, err := stdout.Write(data)
		return err
	}
	file, err := os.OpenFile(f.out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%w: %s exists: catalog init never overwrites a file", ErrUsage, f.out)
		}
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if _, err := file.Write(data); err != nil {
		file.Close()
		return fmt.Errorf("write %s: %w", f.out, err)
	}
	if err := file.Close(); err != nil {
		return fmt.Errorf("write %s: %w", f.out, err)
	}
	fmt.Fprintf(stdout, "wrote %s: add entries, then run claimcheck catalog lint %s\n", f.out, f.out)
	return nil
}

// yamlList renders items as a YAML flow list of quoted strings.
func yamlList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// starterCatalog is the commented catalog init writes.
func starterCatalog(f *initFlags, asOf string) ([]byte, error) {
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# A claimcheck catalog (%s): typed claims about papers and models, and\n", oneLine(f.name))
	w("# the official sources that state them (format: docs/catalog.md).\n")
	w("#   claimcheck catalog lint FILE        validate it\n")
	w("#   claimcheck audit --catalog FILE     check every claim against the sources\n")
	w("name: %s\n", strconv.Quote(f.name))
	w("# The day the claims were last checked by hand: news after it is reported.\n")
	w("as_of: %s\n", asOf)
	hosts := []string{"export.arxiv.org", "arxiv.org"}
	hostNote := map[string]string{"export.arxiv.org": "arXiv API", "arxiv.org": "arXiv pages and full texts"}
	if len(f.github)+len(f.hf) > 0 {
		w("# The organisation's accounts, per platform (names may differ): only\n# sources under them count as official.\norganisations:\n")
		if len(f.github) > 0 {
			w("  github: %s\n", yamlList(f.github))
			hosts = append(hosts, "api.github.com")
			hostNote["api.github.com"] = "GitHub API (repositories, READMEs)"
		}
		if len(f.hf) > 0 {
			w("  huggingface: %s\n", yamlList(f.hf))
			hosts = append(hosts, "huggingface.co")
			hostNote["huggingface.co"] = "Hugging Face (models, cards, config.json)"
		}
	}
	var docsHost string
	if f.docs != "" {
		u, err := url.Parse(f.docs)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return nil, fmt.Errorf("%w: --docs %q: want an https base URL", ErrUsage, f.docs)
		}
		docsHost = strings.ToLower(u.Hostname())
		if !slices.Contains(hosts, docsHost) {
			hosts = append(hosts, docsHost)
			hostNote[docsHost] = "the documentation site"
		}
	}
	w("# Exactly the hosts claimcheck may contact (and a redirect may reach): the\n# endpoints of the sources below. `claimcheck catalog lint` lists what the\n# entries' sources need and warns of any missing here.\nhosts:\n")
	for _, h := range hosts {
		if n := hostNote[h]; n != "" {
			w("  - %-22s # %s\n", h, n)
		} else {
			w("  - %s\n", h)
		}
	}
	if f.docs != "" {
		w("# The documentation site: a docs: slug of an entry (e.g. news/release-1)\n# resolves against its base.\ndocs_sites:\n  - base: %s\n", strconv.Quote(strings.TrimRight(f.docs, "/")))
	}
	if len(f.search) > 0 {
		// Discovery is on with search terms: new papers and repositories,
		// and families the catalog omits, are reported.
		w("# Where to look for official work the catalog does not cite yet.\ndiscovery:\n")
		w("  arxiv: %s\n", yamlList(f.search))
		if len(f.github) > 0 {
			w("  github: %s\n", yamlList(f.github))
		}
	}
	w("# The checklist items that apply to every entry; none yet. The items:\n")
	w("#   %s\n", strings.Join(catalog.ChecklistItems, ", "))
	w("checklist: []\n")
	w(`# One entry per paper, model or release note, each with its sources and
# the claims to check. For example:
#
# - id: example-7b
#   kind: model
#   name: Example-7B
#   sources:
#     huggingface: [org/Example-7B]
#     arxiv: [2501.00001]
#   claims:
#     - {id: params, type: count, field: params_total, value: 7B, unit: parameters}
#     - {id: context, type: context, field: context_length, value: 32K}
#     - {id: license, type: license, field: license, value: Apache-2.0}
entries: []
`)
	return b.Bytes(), nil
}
