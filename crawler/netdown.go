package crawler

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// ErrNoNetwork is the cause of a crawl stopped because every source failed
// at its first requests with a network-down error (a name that does not
// resolve, an unreachable network, a refused connection) and none answered:
// the machine has no network, and waiting for every resource's retries and
// timeouts would only delay the same answer.
var ErrNoNetwork = errors.New("no network? every source failed")

// netWatch decides, from the first records of each source of one crawl,
// whether the network is down: no record has answered, and every source has
// failed with a network-down error (a name that does not resolve, an
// unreachable network) on two of its resources — on two distinct hosts for a
// source of several hosts; one for a source of one resource. A refused
// connection is one server down, not the network.
type netWatch struct {
	mu       sync.Mutex
	sources  []record.Source
	plan     map[record.Source]planSize
	failed   map[record.Source]map[string]*record.FetchError // per source: host → first failure
	fails    map[record.Source]int
	answered bool
	tripped  bool
}

// planSize is how much of a source the crawl asks for.
type planSize struct{ resources, hosts int }

func newNetWatch(sources []record.Source, plan map[record.Source]planSize) *netWatch {
	s := slices.Clone(sources)
	slices.Sort(s)
	return &netWatch{sources: s, plan: plan, failed: map[record.Source]map[string]*record.FetchError{}, fails: map[record.Source]int{}}
}

// netDownKind reports the failures that say the network, not a server, is
// missing.
func netDownKind(k record.ErrorKind) bool {
	return k == record.ErrDNS || k == record.ErrNetUnreachable
}

// observe records one finished record of src fetched from host; it returns
// the stop cause the first time the network is judged down, nil otherwise.
func (w *netWatch) observe(src record.Source, host string, fe *record.FetchError) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.tripped || w.answered {
		return nil
	}
	switch {
	case fe == nil || fe.Kind == record.ErrClient || fe.Kind == record.ErrServer || fe.Kind == record.ErrRateLimited:
		w.answered = true // something answered: the network is there
		return nil
	case netDownKind(fe.Kind):
		if w.failed[src] == nil {
			w.failed[src] = map[string]*record.FetchError{}
		}
		if w.failed[src][host] == nil {
			w.failed[src][host] = fe
		}
		w.fails[src]++
	default:
		return nil
	}
	for _, s := range w.sources {
		p := w.plan[s]
		if w.fails[s] < min(2, max(1, p.resources)) || len(w.failed[s]) < min(2, max(1, p.hosts)) {
			return nil
		}
	}
	w.tripped = true
	parts := make([]string, 0, len(w.sources))
	for _, s := range w.sources {
		hs := make([]string, 0, len(w.failed[s]))
		for h := range w.failed[s] {
			hs = append(hs, h)
		}
		slices.Sort(hs)
		parts = append(parts, fmt.Sprintf("%s: %s", s, w.failed[s][hs[0]].Error()))
	}
	return fmt.Errorf("%w: %s (use --replay DIR for an offline run)", ErrNoNetwork, strings.Join(parts, "; "))
}

// replaying reports a crawl served from recordings: no network is involved,
// so none can be down.
func (c *Crawler) replaying() bool { return c.cfg.ReplayDir != "" }

// hostOf is the lower-case host of a URL ("" when it has none).
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}
