package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/internal/gate"
)

// checkGateBudget says up front, before any request, when the entries the
// change touched need more requests than the sources' budgets allow within
// what is left of the run's --deadline (fctx's deadline): the gate would
// otherwise run into the deadline (or the CI job's limit) and verify
// nothing. It fails with ErrIncomplete (exit 3): the catalog and the
// command are valid — the verification cannot be done in the time given,
// which is what "incomplete" means; the message says how to make it fit.
// Under GitHub Actions the message is an ::error annotation too.
func checkGateBudget(fctx context.Context, c *crawler.Crawler, cat *catalog.Catalog, entries []string,
	file string, actions bool, stdout io.Writer) error {
	dl, ok := fctx.Deadline()
	if !ok {
		return nil
	}
	within := time.Until(dl).Round(time.Second)
	plan := crawler.Plan(cat, crawler.PlanOptions{Only: entries})
	var over []string
	github := false
	for _, e := range c.Estimate(plan, within) {
		if e.Over() {
			over = append(over, e.String())
			github = github || e.Source == "github"
		}
	}
	if len(over) == 0 {
		return nil
	}
	how := "split the pull request into smaller ones, or raise --deadline (and the CI job's time limit)"
	if github {
		how += "; for GitHub, set GITHUB_TOKEN (or requests_per_hour for a personal token, docs/configuration.md)"
	}
	msg := fmt.Sprintf("the %d changed %s need more requests than the sources allow within the run's --deadline: %s; nothing was fetched: %s",
		len(entries), plural(len(entries), "entry", "entries"), strings.Join(over, "; "), how)
	if actions {
		if err := gate.WriteAnnotations(stdout, []gate.Annotation{{Level: gate.LevelError, File: file,
			Title: "claimcheck gate: over the source budgets", Message: msg}}); err != nil {
			return err
		}
	}
	return fmt.Errorf("%w: gate: %s", ErrIncomplete, msg)
}
