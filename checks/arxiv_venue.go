package checks

import (
	"fmt"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// checkArXivVenue: a cited paper whose arXiv record states where it was
// published (its journal-ref, or the DOI of the published version) while the
// entry has no venue claim is missing that information. An entry that has a
// venue claim is judged by claim.venue, where the journal-ref is evidence.
func checkArXivVenue(ctx *Context) []Finding {
	const id = "sources.arxiv-venue"
	var out []Finding
	es := ctx.entries()
	for i := range es {
		e := &es[i]
		if hasField(e, catalog.FieldVenue) {
			continue
		}
		for _, r := range e.Sources.ArXiv {
			var jref, doi *extract.Observation
			for _, o := range ctx.officialObs(extract.PrefixArXiv+r.ID, extract.FieldJournalRef, extract.FieldDOI) {
				o := o
				switch {
				case o.Field == extract.FieldJournalRef && jref == nil && strings.TrimSpace(o.Value) != "":
					jref = &o
				case o.Field == extract.FieldDOI && doi == nil && strings.TrimSpace(o.Value) != "":
					doi = &o
				}
			}
			if jref == nil && doi == nil {
				continue
			}
			f := Finding{
				Entry: e.ID, Claim: "venue:arxiv:" + r.ID, Check: id, Field: catalog.FieldVenue,
				Location: r.Pos, Evidence: []record.Evidence{},
			}
			var msg string
			switch {
			case jref != nil && doi != nil:
				f.Observed = jref.Value
				f.Evidence = append(f.Evidence, jref.Evidence, doi.Evidence)
				msg = fmt.Sprintf("arXiv states that %s was published: %s (DOI %s); the entry gives no venue", r.ID, jref.Value, doi.Value)
			case jref != nil:
				f.Observed = jref.Value
				f.Evidence = append(f.Evidence, jref.Evidence)
				msg = fmt.Sprintf("arXiv states that %s was published: %s; the entry gives no venue", r.ID, jref.Value)
			default:
				f.Observed = "DOI " + doi.Value
				f.Evidence = append(f.Evidence, doi.Evidence)
				msg = fmt.Sprintf("arXiv links %s to a published version, DOI %s; the entry gives no venue", r.ID, doi.Value)
			}
			out = append(out, f.with(Missing, msg))
		}
	}
	return out
}

// hasField reports whether an entry has a claim on field.
func hasField(e *catalog.Entry, field string) bool {
	for j := range e.Claims {
		if e.Claims[j].Field == field {
			return true
		}
	}
	return false
}
