package crawler

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// GitHub's published hourly limits of the REST API, used when the github
// policy leaves requests_per_hour at 0.
const (
	GitHubAnonymousPerHour = 60
	GitHubTokenPerHour     = 1000 // the GitHub Actions token; a personal token has 5,000
)

// SourceEstimate is the least a plan asks of one source, and the most the
// source's policy allows within a time.
type SourceEstimate struct {
	Source record.Source
	// Requests is the least number of requests the plan needs: one per
	// resource, plus one robots.txt per origin of HTML pages. Retries,
	// redirects and further pages only add to it; the cache does not lower
	// it (a conditional request is a request).
	Requests int
	// Within is the time the estimate is for.
	Within time.Duration
	// MinInterval and PerHour are the source's limits (0: none).
	MinInterval time.Duration
	PerHour     int
	// Allowed is the most requests the limits let start within Within.
	Allowed int
}

// Over reports whether the plan needs more requests than the source allows.
func (e SourceEstimate) Over() bool { return e.Requests > e.Allowed }

// Budget describes the limits, e.g. "1 request every 3s" or "60 requests an hour".
func (e SourceEstimate) Budget() string {
	var parts []string
	if e.MinInterval > 0 {
		parts = append(parts, fmt.Sprintf("1 request every %s", e.MinInterval))
	}
	if e.PerHour > 0 {
		parts = append(parts, fmt.Sprintf("%d requests an hour", e.PerHour))
	}
	if len(parts) == 0 {
		return "no limit"
	}
	return strings.Join(parts, " and ")
}

// String says what the source needs and allows, e.g. "github: at least 2001
// requests needed, but 60 requests an hour allow 60 within 20m0s".
func (e SourceEstimate) String() string {
	return fmt.Sprintf("%s: at least %d requests needed, but %s allow at most %d within %s",
		e.Source, e.Requests, e.Budget(), e.Allowed, e.Within)
}

// Estimate says, per source used by resources, the least number of requests
// they need and the most the source's policy lets start within d (pacing:
// one every MinInterval; the hourly budget: PerHour for every hour begun).
// In replay mode nothing is limited: no source is contacted. Sources come in
// the order of Sources.
func (c *Crawler) Estimate(resources []record.Resource, d time.Duration) []SourceEstimate {
	need := map[record.Source]int{}
	seen := map[string]bool{}
	origins := map[string]bool{}
	for _, r := range resources {
		if seen[r.ID()] {
			continue
		}
		seen[r.ID()] = true
		need[r.Source]++
		if htmlKind(r.Kind) && !c.cfg.IgnoreRobots && !c.replay {
			if u, err := url.Parse(c.ep.ActualURL(r.Source, r.URL)); err == nil && u.Host != "" {
				key := string(r.Source) + " " + u.Scheme + "://" + u.Host
				if !origins[key] {
					origins[key] = true
					need[r.Source]++
				}
			}
		}
	}
	var out []SourceEstimate
	for _, src := range Sources {
		n, ok := need[src]
		if !ok {
			continue
		}
		e := SourceEstimate{Source: src, Requests: n, Within: d, Allowed: n}
		if r, ok := c.runners[src]; ok && !c.replay {
			e.MinInterval = r.pol.MinInterval
			e.PerHour = c.perHour(src, r.pol)
			e.Allowed = allowedWithin(d, e.MinInterval, e.PerHour)
		}
		out = append(out, e)
	}
	return out
}

// perHour is the hourly budget of src: the policy's, else the source's
// published limit.
func (c *Crawler) perHour(src record.Source, p Policy) int {
	if p.RequestsPerHour > 0 || src != record.SourceGitHub {
		return p.RequestsPerHour
	}
	if c.cfg.GitHubToken != "" {
		return GitHubTokenPerHour
	}
	return GitHubAnonymousPerHour
}

// allowedWithin is the most requests that can start within d: one at once,
// then one every interval; perHour for every hour begun.
func allowedWithin(d, interval time.Duration, perHour int) int {
	const unlimited = int(^uint(0) >> 1)
	allowed := unlimited
	if d <= 0 {
		return allowed
	}
	if interval > 0 {
		allowed = int(d/interval) + 1
	}
	if perHour > 0 {
		hours := int((d + time.Hour - 1) / time.Hour)
		allowed = min(allowed, perHour*hours)
	}
	return allowed
}
