package crawler

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// mixedNet fails one resource's requests as a resolver without the name
// would, and answers every other one after a while. Nothing is dialled.
type mixedNet struct{}

func (mixedNet) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.Contains(r.URL.Path, "dead") {
		return nil, &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}
	}
	time.Sleep(300 * time.Millisecond)
	body := `{"full_name":"o/slow"}`
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
}

// One resource failing with a DNS error while another request of the same
// crawl is still under way (and then answers) is no "no network" stop.
func TestOneDeadResourceIsNoNetworkStop(t *testing.T) {
	t.Parallel()
	p := fast(0, 2)
	c := newTestCrawler(t, Config{Policies: withPolicy(record.SourceGitHub, p), Transport: mixedNet{}})
	recs, err := c.Fetch(context.Background(), []record.Resource{repo("o/dead"), repo("o/slow"), repo("o/slow2")})
	if err != nil {
		t.Fatalf("fetch stopped: %v", err)
	}
	if errKind(recs[0]) != record.ErrDNS || recs[1].Err != nil || recs[2].Err != nil {
		t.Errorf("records: %v / %v / %v; want dns, ok, ok", recs[0].Err, recs[1].Err, recs[2].Err)
	}
}
