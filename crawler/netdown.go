package crawler

import (
	"errors"
	"fmt"
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
// whether the network is down: true once every source has failed at least
// once with a network-down error and no source has answered.
type netWatch struct {
	mu       sync.Mutex
	sources  []record.Source
	failed   map[record.Source]*record.FetchError
	answered bool
	tripped  bool
}

func newNetWatch(sources []record.Source) *netWatch {
	s := slices.Clone(sources)
	slices.Sort(s)
	return &netWatch{sources: s, failed: map[record.Source]*record.FetchError{}}
}

// netDownKind reports the failures that say the network, not the server, is
// missing.
func netDownKind(k record.ErrorKind) bool {
	return k == record.ErrDNS || k == record.ErrNetUnreachable || k == record.ErrRefused
}

// observe records one finished record of src; it returns the stop cause the
// first time the network is judged down, nil otherwise.
func (w *netWatch) observe(src record.Source, fe *record.FetchError) error {
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
			w.failed[src] = fe
		}
	default:
		return nil
	}
	if len(w.failed) < len(w.sources) {
		return nil
	}
	w.tripped = true
	parts := make([]string, 0, len(w.sources))
	for _, s := range w.sources {
		parts = append(parts, fmt.Sprintf("%s: %s", s, w.failed[s].Error()))
	}
	return fmt.Errorf("%w: %s (use --replay DIR for an offline run)", ErrNoNetwork, strings.Join(parts, "; "))
}

// replaying reports a crawl served from recordings: no network is involved,
// so none can be down.
func (c *Crawler) replaying() bool { return c.cfg.ReplayDir != "" }
