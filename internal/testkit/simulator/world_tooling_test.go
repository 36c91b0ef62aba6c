package simulator

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// TestAtomEntriesUsesTheReplayReader pins how the simulator splits a
// single-id arXiv answer now that it reads feeds with cassette.ParseFeed.
func TestAtomEntriesUsesTheReplayReader(t *testing.T) {
	t.Parallel()
	const atom = `xmlns="http://www.w3.org/2005/Atom"`
	tests := []struct {
		name    string
		body    string
		want    []string
		wantErr bool
	}{
		{"no entries", `<feed ` + atom + `><title>t</title></feed>`, []string{}, false},
		{"two entries, in order",
			`<feed ` + atom + `><entry><id>a</id></entry><entry><id>b</id></entry></feed>`,
			[]string{`<entry><id>a</id></entry>`, `<entry><id>b</id></entry>`}, false},
		{"a root namespace is copied onto the entry, the standard ones are not",
			`<feed ` + atom + ` xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:x="urn:x"><entry><x:a/><arxiv:doi>d</arxiv:doi></entry></feed>`,
			[]string{`<entry xmlns:x="urn:x"><x:a/><arxiv:doi>d</arxiv:doi></entry>`}, false},
		{"an entry in a comment is text", `<feed ` + atom + `><!-- <entry></entry> --></feed>`, []string{}, false},
		{"a root that is not an Atom feed", `<feed><entry></entry></feed>`, nil, true},
		{"unclosed", `<feed ` + atom + `><entry>`, nil, true},
		{"mismatched end tag", `<feed ` + atom + `><entry></feed></entry>`, nil, true},
		{"not XML", `{"feed": []}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := atomEntries([]byte(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			gotS := make([]string, 0, len(got))
			for _, e := range got {
				gotS = append(gotS, string(e))
			}
			if !slices.Equal(gotS, tt.want) {
				t.Errorf("entries = %q, want %q", gotS, tt.want)
			}
		})
	}
}

// reversedQuery returns u with its query parameters in reverse order.
func reversedQuery(u *url.URL) *url.URL {
	c := *u
	parts := strings.Split(c.RawQuery, "&")
	slices.Reverse(parts)
	c.RawQuery = strings.Join(parts, "&")
	return &c
}

// TestSimulatorAndPlayerServeOneWorld loads the simulator's world with the
// crawler's replay player and checks that both answer every recorded request
// (its query parameters reordered, and as HEAD) the same way: one reader and
// one request key for the recording format.
func TestSimulatorAndPlayerServeOneWorld(t *testing.T) {
	t.Parallel()
	ex, err := cassette.LoadDir(testWorld)
	if err != nil {
		t.Fatal(err)
	}
	p, err := cassette.NewPlayer(testWorld)
	if err != nil {
		t.Fatal(err)
	}
	s := newSim(t, Options{NoLimits: true, NoValidators: true})
	c := client(5 * time.Second)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if len(ex) < 5 {
		t.Fatalf("world has %d exchanges", len(ex))
	}
	for _, e := range ex {
		u, err := url.Parse(e.URL)
		if err != nil {
			t.Fatal(err)
		}
		u = reversedQuery(u)
		req := httptestRequest(t, http.MethodGet, u.String())
		replayed, err := p.RoundTrip(req)
		if err != nil {
			t.Errorf("player: %s: %v", u, err)
			continue
		}
		want, _ := io.ReadAll(replayed.Body)
		replayed.Body.Close()

		base, err := url.Parse(s.URL(SourceForHost(u.Hostname())))
		if err != nil {
			t.Fatal(err)
		}
		simURL := *u
		simURL.Scheme, simURL.Host = base.Scheme, base.Host
		resp, got := get(t, c, simURL.String(), nil)
		if resp.StatusCode != replayed.StatusCode || !bytes.Equal(got, want) {
			t.Errorf("%s: simulator %d (%d bytes), player %d (%d bytes)", u, resp.StatusCode, len(got), replayed.StatusCode, len(want))
		}
		head, err := c.Head(simURL.String())
		if err != nil {
			t.Fatalf("HEAD %s: %v", simURL.String(), err)
		}
		head.Body.Close()
		if head.StatusCode != replayed.StatusCode {
			t.Errorf("HEAD %s: %d, want %d", u, head.StatusCode, replayed.StatusCode)
		}
	}
	if st := s.Stats()[record.SourceArXiv]; st.Requests == 0 {
		t.Error("no request reached the arXiv API server")
	}
}

// httptestRequest is a GET or HEAD request for rawURL.
func httptestRequest(t *testing.T, method, rawURL string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// TestEveryRecordedWorldHasOneFormat reads each recorded world of the
// repository (the hand-written world, the demo recording made from it, the
// OLMo example's recording and this package's small world) with the one
// reader, replays it with the crawler's player and serves it with the
// simulator.
func TestEveryRecordedWorldHasOneFormat(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{
		"../../../testdata/world",
		"../../../testdata/recording",
		"../../../examples/olmo/recording",
		testWorld,
	} {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			ex, err := cassette.LoadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(ex) == 0 {
				t.Fatal("no exchanges")
			}
			p, err := cassette.NewPlayer(dir)
			if err != nil {
				t.Fatal(err)
			}
			if p.Len() != len(ex) {
				t.Errorf("player holds %d exchanges, reader %d", p.Len(), len(ex))
			}
			s, err := New(Options{World: dir, NoLimits: true})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		})
	}
}
