package crawler

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// recTransport answers every request itself (no network) and records the
// hosts it was asked for.
type recTransport struct {
	mu    sync.Mutex
	hosts []string
	route func(r *http.Request) *http.Response
}

func (t *recTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.mu.Lock()
	t.hosts = append(t.hosts, r.URL.Host+r.URL.Path)
	t.mu.Unlock()
	if resp := t.route(r); resp != nil {
		resp.Request = r
		return resp, nil
	}
	return mkResp(r, 404, nil, ""), nil
}

func mkResp(r *http.Request, code int, h http.Header, body string) *http.Response {
	if h == nil {
		h = http.Header{}
	}
	return &http.Response{StatusCode: code, Header: h, Body: io.NopCloser(strings.NewReader(body)), Request: r, ContentLength: int64(len(body))}
}

// contacted reports whether a request went to host (exactly).
func (t *recTransport) contacted(host string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, h := range t.hosts {
		if strings.SplitN(h, "/", 2)[0] == host {
			return true
		}
	}
	return false
}

func (t *recTransport) seen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.hosts, " ")
}

// Attack A: arXiv API (listed) redirects to arxiv.org (not listed).
func TestRedirectHostsArxivRedirectToUnlistedHost(t *testing.T) {
	rt := &recTransport{route: func(r *http.Request) *http.Response {
		if r.URL.Host == "export.arxiv.org" {
			return mkResp(r, 302, http.Header{"Location": {"https://arxiv.org/api/query?id_list=2401.00001"}}, "")
		}
		return mkResp(r, 200, http.Header{"Content-Type": {"application/atom+xml"}}, "<feed/>")
	}}
	c := newTestCrawler(t, Config{IgnoreRobots: true, ContactHosts: []string{"export.arxiv.org"}, Transport: rt})
	res := record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivQuery, Key: "2401.00001", IDs: []string{"2401.00001"}}
	res.URL, _ = BuildURL(res)
	rec := mustFetch(t, c, []record.Resource{res})[0]
	t.Logf("requests: %s; err %v", rt.seen(), rec.Err)
	if rt.contacted("arxiv.org") {
		t.Errorf("arxiv.org (not in ContactHosts) was contacted through a redirect: %s", rt.seen())
	}
}

// Attack B: robots.txt of a listed host redirects to an endpoint host not listed.
func TestRedirectHostsRobotsRedirectToUnlistedHost(t *testing.T) {
	rt := &recTransport{route: func(r *http.Request) *http.Response {
		switch {
		case r.URL.Host == "arxiv.org" && r.URL.Path == "/robots.txt":
			return mkResp(r, 301, http.Header{"Location": {"https://huggingface.co/robots.txt"}}, "")
		case r.URL.Host == "huggingface.co":
			return mkResp(r, 200, http.Header{"Content-Type": {"text/plain"}}, "User-agent: *\nAllow: /\n")
		}
		return mkResp(r, 200, http.Header{"Content-Type": {"text/html"}}, "<html></html>")
	}}
	c := newTestCrawler(t, Config{ContactHosts: []string{"arxiv.org", "export.arxiv.org"}, Transport: rt})
	res := record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivAbs, Key: "2401.00001"}
	res.URL, _ = BuildURL(res)
	rec := mustFetch(t, c, []record.Resource{res})[0]
	t.Logf("requests: %s; err %v", rt.seen(), rec.Err)
	if strings.Contains(rt.seen(), "huggingface.co") {
		t.Errorf("huggingface.co (not in ContactHosts) was contacted through a robots.txt redirect: %s", rt.seen())
	}
}

// Attack C: a venue page (on a listed host) redirects to an unlisted endpoint host.
func TestRedirectHostsVenueRedirectToEndpoint(t *testing.T) {
	rt := &recTransport{route: func(r *http.Request) *http.Response {
		if r.URL.Host == "papers.example.org" {
			return mkResp(r, 302, http.Header{"Location": {"https://api.crossref.org/works/10.1/x"}}, "")
		}
		return mkResp(r, 200, http.Header{"Content-Type": {"text/html"}}, "<html></html>")
	}}
	c := newTestCrawler(t, Config{IgnoreRobots: true, AllowHosts: []string{"papers.example.org"}, ContactHosts: []string{"papers.example.org"}, Transport: rt})
	res := record.Resource{Source: record.SourceVenue, Kind: record.KindVenuePage, Key: "https://papers.example.org/v", URL: "https://papers.example.org/v"}
	rec := mustFetch(t, c, []record.Resource{res})[0]
	t.Logf("requests: %s; err %v", rt.seen(), rec.Err)
	if strings.Contains(rt.seen(), "crossref") {
		t.Errorf("crossref contacted: %s", rt.seen())
	}
}

// Attack D: HF org listing next link (huggingface.co listed) to another host.
func TestRedirectHostsNextLinkOffHost(t *testing.T) {
	rt := &recTransport{route: func(r *http.Request) *http.Response {
		if r.URL.Host == "huggingface.co" {
			return mkResp(r, 200, http.Header{"Content-Type": {"application/json"}, "Link": {`<https://api.github.com/repos/a/b>; rel="next"`}}, "[]")
		}
		return mkResp(r, 200, http.Header{"Content-Type": {"application/json"}}, "[]")
	}}
	c := newTestCrawler(t, Config{IgnoreRobots: true, ContactHosts: []string{"huggingface.co"}, Transport: rt})
	res := record.Resource{Source: record.SourceHF, Kind: record.KindHFAuthorModels, Key: "acme"}
	res.URL, _ = BuildURL(res)
	rec := mustFetch(t, c, []record.Resource{res})[0]
	t.Logf("requests: %s; err %v", rt.seen(), rec.Err)
	if strings.Contains(rt.seen(), "github") {
		t.Errorf("github contacted: %s", rt.seen())
	}
}

// Attack E: a catalog editor's own venue host (listed) answers robots.txt
// with a redirect into an endpoint host the catalog does not list.
func TestRedirectHostsVenueRobotsRedirectToEndpoint(t *testing.T) {
	rt := &recTransport{route: func(r *http.Request) *http.Response {
		if r.URL.Host == "papers.example.org" && r.URL.Path == "/robots.txt" {
			return mkResp(r, 302, http.Header{"Location": {"https://api.github.com/orgs/victim/members?x=1"}}, "")
		}
		return mkResp(r, 404, http.Header{"Content-Type": {"text/html"}}, "")
	}}
	c := newTestCrawler(t, Config{AllowHosts: []string{"papers.example.org"}, ContactHosts: []string{"papers.example.org"}, Transport: rt, GitHubToken: Secret("ghp_SECRET")})
	res := record.Resource{Source: record.SourceVenue, Kind: record.KindVenuePage, Key: "https://papers.example.org/v", URL: "https://papers.example.org/v"}
	rec := mustFetch(t, c, []record.Resource{res})[0]
	t.Logf("requests: %s; err %v", rt.seen(), rec.Err)
	if strings.Contains(rt.seen(), "api.github.com") {
		t.Errorf("api.github.com (not in hosts) contacted through the venue's robots.txt: %s", rt.seen())
	}
}

// Without a hosts list (no ContactHosts), a venue's robots.txt still cannot
// lead into a source endpoint: robots.txt redirects keep out of every
// endpoint their first URL was not under.
func TestRedirectHostsRobotsNeverIntoAnEndpoint(t *testing.T) {
	rt := &recTransport{route: func(r *http.Request) *http.Response {
		if r.URL.Host == "papers.example.org" && r.URL.Path == "/robots.txt" {
			return mkResp(r, 302, http.Header{"Location": {"https://api.github.com/orgs/victim/members?x=1"}}, "")
		}
		return mkResp(r, 404, http.Header{"Content-Type": {"text/html"}}, "")
	}}
	c := newTestCrawler(t, Config{AllowHosts: []string{"papers.example.org"}, Transport: rt})
	res := record.Resource{Source: record.SourceVenue, Kind: record.KindVenuePage, Key: "https://papers.example.org/v", URL: "https://papers.example.org/v"}
	rec := mustFetch(t, c, []record.Resource{res})[0]
	if rt.contacted("api.github.com") {
		t.Errorf("api.github.com contacted through the venue's robots.txt: %s", rt.seen())
	}
	if rec.Err == nil || !strings.Contains(rec.Err.Error(), "leads into the github endpoint") {
		t.Errorf("err %v, want the robots.txt redirect refused", rec.Err)
	}
}
