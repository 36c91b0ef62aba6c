package crawler

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// MaxSearchResults bounds one arXiv discovery query: the newest items only.
const MaxSearchResults = 50

// addDiscovery plans the catalog's discovery listings (catalog.Discovery):
// one arXiv Atom search per term, newest submissions first, at most
// MaxSearchResults results; one page of each GitHub organisation's
// repositories, newest first. Each is one request, paced and cached like
// every request to its source.
func (p *planner) addDiscovery(d *catalog.Discovery) {
	if d == nil {
		return
	}
	for _, t := range d.ArXiv {
		p.addKey(record.SourceArXiv, record.KindArXivSearch, strings.TrimSpace(t.Term))
	}
	for _, o := range d.GitHub {
		p.addKey(record.SourceGitHub, record.KindGitHubOrgRepos, o.Name)
	}
}

// ArXivSearchURL is the Atom API query for a search term on the API at base:
// newest submissions first, at most MaxSearchResults. The term is query
// escaped, its field separator ("au:") kept readable.
func ArXivSearchURL(base, term string) string {
	q := strings.ReplaceAll(url.QueryEscape(term), "%3A", ":")
	return base + "/api/query?search_query=" + q + "&sortBy=submittedDate&sortOrder=descending&max_results=" + strconv.Itoa(MaxSearchResults)
}
