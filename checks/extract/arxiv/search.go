package arxiv

import (
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// extractSearch reads an Atom API search answer (record kind arxiv-search):
// the same feed as an id_list answer, read by the same extractor, whose
// observations are moved to the listing's subject (arxiv-search:TERM): one
// search_result per paper (Model = the unversioned id, Value = the title,
// Date = the first version's date), with its latest version and that
// version's date (Model = the id). A paper found by a search says nothing
// about the paper a catalog cites under that id: its observations stay off
// the arxiv:ID subject.
func extractSearch(rec record.Record) extract.Result {
	subject := extract.PrefixArXivSearch + rec.Resource.Key
	r := rec
	r.Resource.IDs, r.Resource.Key = nil, "" // nothing was requested by id
	atom := extractAtom(r)
	var res extract.Result
	type paper struct {
		title, published *extract.Observation
		rest             []extract.Observation
	}
	papers := map[string]*paper{}
	var order []string
	for _, o := range atom.Observations {
		rest, ok := strings.CutPrefix(o.Subject, extract.PrefixArXiv)
		id, _ := SplitID(rest)
		if !ok || id == "" || o.Model != "" {
			continue
		}
		p := papers[id]
		if p == nil {
			p = &paper{}
			papers[id] = p
			order = append(order, id)
		}
		o := o
		o.Subject, o.Model = subject, id
		switch o.Field {
		case catalog.FieldTitle:
			p.title = &o
		case catalog.FieldPublished:
			p.published = &o
		case extract.FieldLatestVersion, extract.FieldUpdated:
			p.rest = append(p.rest, o)
		}
	}
	for _, id := range order {
		p := papers[id]
		if p.title == nil {
			res.Health = append(res.Health, extract.NewHealth(rec, subject, extract.FieldSearchResult, "result "+id+" has no title"))
			continue
		}
		o := *p.title
		o.Field = extract.FieldSearchResult
		if p.published != nil {
			o.Date = p.published.Date
			o.Evidence.Quote = extract.TruncateQuote(o.Value + " (published " + p.published.Value + ")")
		}
		res.Observations = append(res.Observations, o)
		if p.published != nil {
			res.Observations = append(res.Observations, *p.published)
		}
		res.Observations = append(res.Observations, p.rest...)
	}
	for _, h := range atom.Health {
		if h.Field == extract.FieldText || h.Field == extract.FieldLatestVersion {
			continue // what a listing does not need
		}
		h.Subject = subject
		res.Health = append(res.Health, h)
	}
	return res
}
