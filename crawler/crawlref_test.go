package crawler

import (
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// The tests of this file pin the named steps fetchOne, RoundTrip and
// buildURL were split into: each step alone, on values, without a server.

// buildCase is one resource and the URL BuildURL gives it, or a part of the
// error it refuses it with.
type buildCase struct {
	r       record.Resource
	want    string
	wantErr string
}

// kindKey is a resource of kind with key, of the source the kind belongs to.
func kindKey(src record.Source, kind record.Kind, key string) record.Resource {
	return record.Resource{Source: src, Kind: kind, Key: key}
}

func TestBuildURLEveryKind(t *testing.T) {
	t.Parallel()
	ax, gh, hf := record.SourceArXiv, record.SourceGitHub, record.SourceHF
	query := record.Resource{Source: ax, Kind: record.KindArXivQuery, IDs: []string{"2401.00001", "2401.00002"}}
	cases := []buildCase{
		{query, "https://export.arxiv.org/api/query?id_list=2401.00001,2401.00002&max_results=2", ""},
		{kindKey(ax, record.KindArXivQuery, ""), "", "no arXiv ids"},
		{kindKey(ax, record.KindArXivAbs, "2401.00001"), "https://arxiv.org/abs/2401.00001", ""},
		{kindKey(ax, record.KindArXivAbs, "hep-ex/0406020"), "https://arxiv.org/abs/hep-ex/0406020", ""},
		{kindKey(ax, record.KindArXivSearch, "au:Example Person"), "https://export.arxiv.org/api/query?search_query=au:Example+Person&sortBy=submittedDate&sortOrder=descending&max_results=50", ""},
		{kindKey(ax, record.KindArXivSearch, "a\nb"), "", "invalid arXiv search term"},
		{kindKey(ax, record.KindArXivSearch, "  "), "", "invalid arXiv search term"},
		{kindKey(ax, record.KindArXivHTML, "2401.00001v3"), "https://arxiv.org/html/2401.00001v3", ""},
		{kindKey(ax, record.KindArXivHTML, "2401.00001"), "https://arxiv.org/html/2401.00001", ""},
		{kindKey(gh, record.KindGitHubOrgRepos, "example-org"), "https://api.github.com/orgs/example-org/repos?per_page=100&sort=created&direction=desc", ""},
		{kindKey(gh, record.KindGitHubRepo, "example-org/tool"), "https://api.github.com/repos/example-org/tool", ""},
		{kindKey(gh, record.KindGitHubReadme, "example-org/tool"), "https://api.github.com/repos/example-org/tool/readme", ""},
		{kindKey(gh, record.KindGitHubReleases, "example-org/tool"), "https://api.github.com/repos/example-org/tool/releases?per_page=100", ""},
		{kindKey(hf, record.KindHFModel, "example-org/model-x"), "https://huggingface.co/api/models/example-org/model-x", ""},
		{kindKey(hf, record.KindHFReadme, "example-org/model-x"), "https://huggingface.co/example-org/model-x/raw/main/README.md", ""},
		{kindKey(hf, record.KindHFConfig, "example-org/model-x"), "https://huggingface.co/example-org/model-x/resolve/main/config.json", ""},
		{kindKey(hf, record.KindHFAuthorModels, "example-org"), "https://huggingface.co/api/models?author=example-org&limit=1000", ""},
		{kindKey(record.SourceDocs, record.KindDocsPage, "main:news/release"), "", `docs page "main:news/release": no docs site of the catalog resolves it`},
		{kindKey(record.SourceCrossref, record.KindCrossrefWork, "10.1000/xyz.123"), "https://api.crossref.org/works/10.1000/xyz.123", ""},
		{kindKey(record.SourceVenue, record.KindVenuePage, "https://venue.example/paper?id=1"), "https://venue.example/paper?id=1", ""},
		{kindKey(record.SourceVenue, record.KindVenuePage, ""), "", "empty URL"},
		{kindKey(record.SourceVenue, record.Kind("no_such_kind"), "x"), "", "unknown resource kind"},
	}
	for _, c := range cases {
		got, err := BuildURL(c.r)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%s %q: got %q, %v; want an error with %q", c.r.Kind, c.r.Key, got, err, c.wantErr)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s %q: got %q, %v; want %q", c.r.Kind, c.r.Key, got, err, c.want)
		}
	}
}

func TestPlannerAddKeySkipsEmptyKeys(t *testing.T) {
	t.Parallel()
	p := newPlanner()
	p.addKey(record.SourceCrossref, record.KindCrossrefWork, "")
	p.addKey(record.SourceCrossref, record.KindCrossrefWork, "10.1000/ABC")
	p.addKey(record.SourceCrossref, record.KindCrossrefWork, "10.1000/abc") // same work, other case
	p.addSources(catalog.Sources{DOI: []catalog.DOIRef{{DOI: "  "}}, HuggingFace: []catalog.HFRef{{ID: " / "}}}, false)
	p.addDiscovery(&catalog.Discovery{ArXiv: []catalog.SearchTerm{{Term: "\t"}}, GitHub: []catalog.Organisation{{Name: ""}}})
	if len(p.out) != 1 {
		t.Fatalf("planned %d resources, want 1: %+v", len(p.out), p.out)
	}
	if got, want := p.out[0].URL, "https://api.crossref.org/works/10.1000/ABC"; got != want {
		t.Errorf("URL %q, want %q", got, want)
	}
}

func TestErrorStatusTypesTheAnswer(t *testing.T) {
	t.Parallel()
	want := map[int]record.FetchError{
		503: {Kind: record.ErrServer, Message: "status 503 from https://host.example/p"},
		404: {Kind: record.ErrClient, Message: "status 404 from https://host.example/p"},
		302: {Kind: record.ErrMalformed, Message: "unexpected status 302 from https://host.example/p"},
	}
	for status, w := range want {
		rec := record.Record{FinalURL: "https://host.example/p?token=x#frag"}
		fe := errorStatus(&rec, &result{status: status, body: []byte("why")})
		if fe == nil || fe.Kind != w.Kind || fe.Message != w.Message {
			t.Errorf("%d: got %+v, want %+v", status, fe, w)
		}
		if string(rec.Body) != "why" || rec.SHA256 != sha256hex([]byte("why")) {
			t.Errorf("%d: body %q sha %q not kept", status, rec.Body, rec.SHA256)
		}
	}
}

func TestTakeRecordedAt(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 3, 4, 5, 6, 7, 8, time.UTC)
	for _, c := range []struct {
		name   string
		c      *Crawler
		value  string
		want   time.Time
		strips bool
	}{
		{"replay", &Crawler{replay: true}, at.Format(time.RFC3339Nano), at, true},
		{"record", &Crawler{cfg: Config{RecordDir: "x"}}, at.Format(time.RFC3339Nano), at, true},
		{"replay, unreadable", &Crawler{replay: true}, "yesterday", time.Time{}, true},
		{"network", &Crawler{}, at.Format(time.RFC3339Nano), time.Time{}, false},
	} {
		h := http.Header{}
		h.Set(cassette.RecordedAtHeader, c.value)
		got := c.c.takeRecordedAt(h)
		if !got.Equal(c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
		if stripped := h.Get(cassette.RecordedAtHeader) == ""; stripped != c.strips {
			t.Errorf("%s: header stripped %v, want %v", c.name, stripped, c.strips)
		}
	}
}

func TestCountRecord(t *testing.T) {
	t.Parallel()
	var v SourceMetrics
	countRecord(&v, &record.Record{Err: fetchErr(record.ErrServer, "x")})
	countRecord(&v, &record.Record{NotModified: true, FromCache: true})
	countRecord(&v, &record.Record{})
	if v.Errors != 1 || v.NotModified != 1 || v.FromCache != 1 {
		t.Errorf("got %+v", v)
	}
}

// stepTransport is a source transport whose steps are called directly: a
// fixed clock, 10 ms backoff, at most 2 retries, waits up to a second.
func stepTransport() *sourceTransport {
	pol := Policy{MaxRetries: 2, BaseBackoff: 10 * time.Millisecond, MaxWait: time.Second,
		Timeout: time.Second, ResourceTimeout: time.Minute, MaxBodyBytes: 1 << 20, Parallelism: 1}
	t := newSourceTransport(record.SourceGitHub, pol, nil, &sourceMetrics{})
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	t.now = func() time.Time { return now }
	return t
}

func TestRetryFailureDecides(t *testing.T) {
	t.Parallel()
	refused := errors.New("connection refused")
	dns := &net.DNSError{Err: "no such host", Name: "host.example", IsNotFound: true}
	for _, c := range []struct {
		name       string
		err        error
		attempt    int
		idempotent bool
		budget     time.Duration
		baseWait   time.Duration
		retry      bool
		kind       record.ErrorKind
		msg        string
	}{
		{name: "refused, first attempt", err: refused, idempotent: true, budget: time.Minute, retry: true},
		{name: "not idempotent", err: refused, budget: time.Minute, kind: record.ErrRefused},
		{name: "out of retries", err: refused, attempt: 2, idempotent: true, budget: time.Minute, kind: record.ErrRefused},
		{name: "dns, first attempt", err: dns, idempotent: true, budget: time.Minute, retry: true},
		{name: "dns, retried once already", err: dns, attempt: 1, idempotent: true, budget: time.Minute, kind: record.ErrDNS},
		{name: "too large", err: errBodyTooLarge, idempotent: true, budget: time.Minute, kind: record.ErrTooLarge},
		{name: "backoff beyond MaxWait", err: refused, idempotent: true, budget: time.Minute, baseWait: 2 * time.Second, kind: record.ErrRefused},
		{name: "backoff beyond the clock", err: refused, idempotent: true, budget: 5 * time.Millisecond, kind: record.ErrRefused, msg: "not retried"},
	} {
		st := stepTransport()
		if c.baseWait > 0 {
			st.pol.BaseBackoff = c.baseWait
		}
		clock := &resourceClock{limit: c.budget}
		rs := &retryState{idempotent: c.idempotent, clock: clock}
		d, fe := st.retryFailure(c.err, c.attempt, rs)
		if c.retry {
			if fe != nil || d < 10*time.Millisecond || d > 12*time.Millisecond {
				t.Errorf("%s: got %v, %+v; want a retry after 10–12 ms", c.name, d, fe)
				continue
			}
			if rs.last == nil || clock.left() != c.budget-d {
				t.Errorf("%s: last %+v, clock left %v; want the failure kept and %v charged", c.name, rs.last, clock.left(), d)
			}
			continue
		}
		if fe == nil || fe.Kind != c.kind || d != 0 || !strings.Contains(fe.Message, c.msg) {
			t.Errorf("%s: got %v, %+v; want %s with %q", c.name, d, fe, c.kind, c.msg)
		}
		if rs.last != nil || clock.left() != c.budget {
			t.Errorf("%s: a refused retry changed the state: last %+v, clock left %v", c.name, rs.last, clock.left())
		}
	}
}

func TestRetryAnswerDecides(t *testing.T) {
	t.Parallel()
	answer := func(status int, hdr ...string) *http.Response {
		h := http.Header{}
		for i := 0; i+1 < len(hdr); i += 2 {
			h.Set(hdr[i], hdr[i+1])
		}
		return &http.Response{StatusCode: status, Header: h, Body: http.NoBody}
	}
	for _, c := range []struct {
		name       string
		resp       *http.Response
		attempt    int
		idempotent bool
		retryIn    time.Duration // > 0: a retry that far from now
		returned   bool          // the answer itself comes back
		limited    bool          // a rate-limited error comes back
	}{
		{name: "200", resp: answer(200), idempotent: true, returned: true},
		{name: "404", resp: answer(404), idempotent: true, returned: true},
		{name: "503 with Retry-After", resp: answer(503, "Retry-After", "1"), idempotent: true, retryIn: time.Second},
		{name: "503 not idempotent", resp: answer(503), returned: true},
		{name: "503 out of retries", resp: answer(503), attempt: 2, idempotent: true, returned: true},
		{name: "503 beyond MaxWait", resp: answer(503, "Retry-After", "5"), idempotent: true, limited: true},
		{name: "429 within MaxWait", resp: answer(429, "Retry-After", "1"), idempotent: true, retryIn: time.Second},
		{name: "429 beyond MaxWait", resp: answer(429, "Retry-After", "600"), idempotent: true, limited: true},
		{name: "429 out of retries", resp: answer(429, "Retry-After", "1"), attempt: 2, idempotent: true, limited: true},
	} {
		st := stepTransport()
		now := st.now()
		rs := &retryState{idempotent: c.idempotent}
		retryAt, retry, out, err := st.retryAnswer(c.resp, c.attempt, rs)
		switch {
		case c.retryIn > 0:
			if !retry || out != nil || err != nil || !retryAt.Equal(now.Add(c.retryIn)) {
				t.Errorf("%s: got retry %v at %v, %v, %v; want a retry in %v", c.name, retry, retryAt, out, err, c.retryIn)
			}
		case c.returned:
			if retry || out != c.resp || err != nil {
				t.Errorf("%s: got retry %v, %v, %v; want the answer back", c.name, retry, out, err)
			}
		case c.limited:
			var fe *record.FetchError
			if retry || out != nil || !errors.As(err, &fe) || fe.Kind != record.ErrRateLimited || fe.RetryAt.IsZero() {
				t.Errorf("%s: got retry %v, %v, %v; want a rate-limited error", c.name, retry, out, err)
			}
		}
	}
}
