package crawler

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// TestClassifyNetworkDown: a name that does not resolve and an unreachable
// network are their own kinds, as http.Transport wraps them.
func TestClassifyNetworkDown(t *testing.T) {
	t.Parallel()
	wrap := func(err error) error {
		return &url.Error{Op: "Get", URL: "https://api.github.com/x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: err}}
	}
	for _, tc := range []struct {
		name string
		err  error
		want record.ErrorKind
	}{
		{"no such host", wrap(&net.DNSError{Err: "no such host", Name: "api.github.com", IsNotFound: true}), record.ErrDNS},
		{"dns timeout", wrap(&net.DNSError{Err: "i/o timeout", Name: "api.github.com", IsTimeout: true}), record.ErrDNS},
		{"network unreachable", wrap(os.NewSyscallError("connect", syscall.ENETUNREACH)), record.ErrNetUnreachable},
		{"host unreachable", wrap(os.NewSyscallError("connect", syscall.EHOSTUNREACH)), record.ErrNetUnreachable},
		{"refused", wrap(os.NewSyscallError("connect", syscall.ECONNREFUSED)), record.ErrRefused},
		{"reset", wrap(os.NewSyscallError("read", syscall.ECONNRESET)), record.ErrRefused},
		{"blocked by the dial guard", wrap(&record.FetchError{Kind: record.ErrBlocked, Message: "internal"}), record.ErrBlocked},
	} {
		if got := classify(tc.err); got.Kind != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, got, tc.want)
		}
	}
}

// failingNet is a network transport that fails every request with err and
// counts them; it never dials.
type failingNet struct {
	err error
	n   atomic.Int32
}

func (f *failingNet) RoundTrip(*http.Request) (*http.Response, error) {
	f.n.Add(1)
	return nil, f.err
}

// TestNetworkDownRetriedOnce: a DNS failure or an unreachable network is
// retried once, whatever max_retries says; a refused connection as often as
// it allows.
func TestNetworkDownRetriedOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err      error
		want     record.ErrorKind
		attempts int32
	}{
		{&net.DNSError{Err: "no such host", Name: "example.invalid", IsNotFound: true}, record.ErrDNS, 2},
		{&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ENETUNREACH)}, record.ErrNetUnreachable, 2},
		{&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, record.ErrRefused, 5},
	} {
		t.Run(string(tc.want), func(t *testing.T) {
			t.Parallel()
			fn := &failingNet{err: tc.err}
			p := fast(0, 1)
			p.MaxRetries = 4
			c := newTestCrawler(t, Config{Policies: withPolicy(record.SourceGitHub, p), Transport: fn})
			recs, err := c.Fetch(context.Background(), []record.Resource{repo("o/r")})
			if err != nil && !errors.Is(err, ErrNoNetwork) { // the only source failed: the network is down
				t.Fatal(err)
			}
			if errKind(recs[0]) != tc.want || fn.n.Load() != tc.attempts {
				t.Errorf("%v after %d attempts, want %s after %d", recs[0].Err, fn.n.Load(), tc.want, tc.attempts)
			}
		})
	}
}
