package faults

import (
	"strings"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// hitsDiscovery reports whether a fault case faults a discovery listing: an
// arXiv API fault ("/api/query") also hits the search query, a GitHub
// organisation fault the repository list.
func hitsDiscovery(c faultCase) bool {
	for _, in := range c.inject {
		if (in.src == record.SourceArXiv && in.pattern == "/api/query") || (in.src == record.SourceGitHub && strings.HasPrefix(in.pattern, "/orgs")) {
			return true
		}
	}
	return false
}

// discoveryMayVanish: a finding read from a discovery listing is gone when
// the listing is faulted (the listing's own unreachable finding, or its
// extractor health, says so).
func discoveryMayVanish(c faultCase, f checks.Finding) bool {
	return hitsDiscovery(c) && (f.Check == "coverage.discovery" || f.Check == "coverage.omitted-families")
}

// discoveryListingUnreachable: the one finding a faulted discovery listing
// adds — unreachable, naming the listing.
func discoveryListingUnreachable(c faultCase, f checks.Finding) bool {
	return hitsDiscovery(c) && f.Check == "coverage.discovery" && f.Verdict == checks.Unreachable && strings.HasPrefix(f.Claim, "discovery:")
}
