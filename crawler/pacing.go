package crawler

import (
	"context"
	"net/http/httptrace"
)

// traceSent makes the source's pacing count from when a request's headers
// were actually written, not only from when it was allowed to start: a
// request delayed between its start and the wire (dialling a new
// connection, a busy scheduler) would otherwise reach the server less than
// MinInterval before the next one, which a strict server (arXiv: one request
// every 3 s) refuses. Only ever moves lastStart later.
func (t *sourceTransport) traceSent(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteHeaders: func() {
		t.mu.Lock()
		if now := t.now(); now.After(t.lastStart) {
			t.lastStart = now
		}
		t.mu.Unlock()
	}})
}
