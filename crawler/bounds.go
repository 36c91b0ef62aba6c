package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// This file holds the bounds of a run: the time one resource may take (a
// resourceClock carried by the resource's context through every layer), the
// per-source circuit breaker, and the records of a run that ended early.

// resourceClock is the time budget of one resource (Policy.ResourceTimeout):
// the source transport charges every attempt and every backoff to it, across
// retries, redirect hops, pages and the robots.txt fetched for it.
type resourceClock struct {
	mu    sync.Mutex
	limit time.Duration
	spent time.Duration
}

type clockKey struct{}

// withClock gives ctx a fresh resource clock of limit.
func withClock(ctx context.Context, limit time.Duration) context.Context {
	return context.WithValue(ctx, clockKey{}, &resourceClock{limit: limit})
}

// clockFrom is ctx's resource clock; nil (no bound) when it has none.
func clockFrom(ctx context.Context) *resourceClock {
	c, _ := ctx.Value(clockKey{}).(*resourceClock)
	return c
}

// left is the time left; a nil clock never runs out.
func (c *resourceClock) left() time.Duration {
	if c == nil {
		return time.Duration(1<<63 - 1)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.limit - c.spent
}

func (c *resourceClock) spend(d time.Duration) {
	if c == nil || d <= 0 {
		return
	}
	c.mu.Lock()
	c.spent += d
	c.mu.Unlock()
}

// spentErr is the error of a resource whose budget is spent: the last
// failure, if any, keeps its kind and says why it was not retried.
func (c *resourceClock) spentErr(last *record.FetchError) *record.FetchError {
	if last == nil {
		return fetchErr(record.ErrTimeout, "the resource took its whole %s budget (resource_timeout)", c.limit)
	}
	cp := *last
	cp.Message += fmt.Sprintf(" (not retried: the resource's %s budget, resource_timeout, is spent)", c.limit)
	return &cp
}

// breaker is one source's circuit breaker (Policy.BreakerAfter).
type breaker struct {
	mu    sync.Mutex
	after int // 0: disabled
	fails int
	open  *record.FetchError
}

// openErr is the error every resource of an open circuit carries; nil while
// the circuit is closed.
func (b *breaker) openErr() *record.FetchError {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.open == nil {
		return nil
	}
	cp := *b.open
	return &cp
}

// observe counts a finished resource; it reports true when this record
// opened the circuit.
func (b *breaker) observe(fe *record.FetchError) bool {
	if b == nil || b.after <= 0 {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.open != nil {
		return false
	}
	switch {
	case fe == nil || fe.Kind == record.ErrClient:
		b.fails = 0 // the source answered
	case sourceFailure(fe.Kind):
		b.fails++
		if b.fails >= b.after {
			b.open = fetchErr(record.ErrCircuitOpen, "circuit open after %d consecutive failures: %s", b.fails, fe.Error())
			return true
		}
	}
	return false
}

// sourceFailure reports the failures that say the source itself is unwell.
// The others (a policy block, a rate limit, which pauses the source anyway,
// an oversized or malformed body, a missing recording, an interrupted run)
// neither count nor close the count.
func sourceFailure(k record.ErrorKind) bool {
	switch k {
	case record.ErrTimeout, record.ErrRefused, record.ErrServer, record.ErrDNS, record.ErrNetUnreachable:
		return true
	}
	return false
}

// networkDown types the failures that usually mean no network rather than a
// bad server: a name that does not resolve (ErrDNS) and an unreachable
// network or host (ErrNetUnreachable). nil for any other error.
func networkDown(err error) *record.FetchError {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return fetchErr(record.ErrDNS, "%s", unwrapURLError(err))
	}
	if errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH) {
		return fetchErr(record.ErrNetUnreachable, "%s", unwrapURLError(err))
	}
	return nil
}

// onceOnly reports the failures retried at most once, whatever max_retries
// says: they rarely heal within a backoff.
func onceOnly(k record.ErrorKind) bool {
	return k == record.ErrDNS || k == record.ErrNetUnreachable
}

// interruptedErr is the error of a resource the run did not fetch because
// ctx ended: the run's deadline passed or it was interrupted. The cause
// (context.Cause) says which.
func interruptedErr(ctx context.Context, started bool) *record.FetchError {
	cause := context.Cause(ctx)
	if cause == nil {
		cause = errors.New("context ended")
	}
	if started {
		return fetchErr(record.ErrInterrupted, "interrupted while fetching: %v", cause)
	}
	return fetchErr(record.ErrInterrupted, "not fetched, the run was interrupted: %v", cause)
}

// endedByRun reports whether a failure of kind k in a run whose context has
// ended is the run's doing rather than the source's: a cancelled or timed-out
// exchange, or a refused one (a dial cancelled half-way reads as refused).
// A real answer (a status, a policy block) stays what it was.
func endedByRun(k record.ErrorKind) bool {
	switch k {
	case record.ErrInterrupted, record.ErrTimeout, record.ErrRefused:
		return true
	}
	return false
}
