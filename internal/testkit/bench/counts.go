// Package bench measures claimcheck against the official-sources simulator
// (internal/testkit/simulator): the cold and warm audit figures, the CI gate
// and scale runs over generated catalogs. The audit runner and routing
// transport it uses are in internal/testkit/faultkit.
package bench

import (
	"net/url"
	"sort"
	"strings"

	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// TotalRequests sums the crawler's requests over every source.
func TotalRequests(m crawler.Metrics) int {
	n := 0
	for _, s := range m.Sources {
		n += s.Requests
	}
	return n
}

// HTMLHosts are the distinct hosts of the plan's HTML resources: each needs
// one robots.txt request per run.
func HTMLHosts(res []record.Resource) []string {
	seen := map[string]bool{}
	for _, r := range res {
		if r.Kind != record.KindArXivAbs && r.Kind != record.KindArXivHTML && r.Kind != record.KindDocsPage && r.Kind != record.KindVenuePage {
			continue
		}
		if u, err := url.Parse(r.URL); err == nil {
			seen[strings.ToLower(u.Host)] = true
		}
	}
	out := make([]string, 0, len(seen))
	for h := range seen {
		out = append(out, h)
	}
	sort.Strings(out)
	return out
}
