package checks

import (
	"github.com/claimcheck/claimcheck/catalog"
)

// FullTextWanted lists the arXiv papers whose full text could decide a
// phrase claim that the texts already read (abstract, model card, README,
// docs) do not state: every arXiv ref of each entry that has such a claim
// (only the entries in only, when only is not nil), once per id and version,
// in catalog order. Counts are not read from a full text: a paper's body
// states the numbers of many models, its baselines included, and a count
// taken from it would speak for the wrong subject.
func FullTextWanted(in Input, only map[string]bool) []catalog.ArXivRef {
	if in.Catalog == nil {
		return nil
	}
	ctx := NewContext(in)
	seen := map[string]bool{}
	var out []catalog.ArXivRef
	for i := range in.Catalog.Entries {
		e := &in.Catalog.Entries[i]
		if (only != nil && !only[e.ID]) || len(e.Sources.ArXiv) == 0 {
			continue
		}
		ectx := ctx.inScope(i, i+1)
		for j := range e.Claims {
			c := &e.Claims[j]
			if c.Field != catalog.FieldPhrase || !unstatedPhrase(ectx, e, c) {
				continue
			}
			for _, r := range e.Sources.ArXiv {
				k := SubjectKey("arxiv:"+r.ID) + "/" + r.String()
				if !seen[k] {
					seen[k] = true
					out = append(out, r)
				}
			}
			break
		}
	}
	return out
}

// unstatedPhrase reports whether the phrase claim c is unverified by the texts
// read so far; a judge that panics on it asks for nothing (the judging pass
// proper reports the failure).
func unstatedPhrase(ctx *Context, e *catalog.Entry, c *catalog.Claim) (unstated bool) {
	defer func() {
		if recover() != nil {
			unstated = false
		}
	}()
	return ctx.judgePhrase(e, c).Verdict == Unverified
}
