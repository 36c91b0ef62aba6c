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

func TestBuildURLEveryKind(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		r       record.Resource
		want    string
		wantErr string
	}{
		{r: record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivQuery, IDs: []string{"2401.00001", "2401.00002"}},
			want: "https://export.arxiv.org/api/query?id_list=2401.00001,2401.00002&max_results=2"},
		{r: record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivQuery}, wantErr: "no arXiv ids"},
		{r: record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivAbs, Key: "2401.00001"},
			want: "https://arxiv.org/abs/2401.00001"},
		{r: record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivAbs, Key: "hep-ex/0406020"},
			want: "https://arxiv.org/abs/hep-ex/0406020"},
		{r: record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivSearch, Key: "au:Example Person"},
			want: "https://export.arxiv.org/api/query?search_query=au:Example+Person&sortBy=submittedDate&sortOrder=descending&max_results=50"},
		{r: record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivSearch, Key: "a\nb"}, wantErr: "invalid arXiv search term"},
		{r: record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivSearch, Key: "  "}, wantErr: "invalid arXiv search term"},
		{r: record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivHTML, Key: "2401.00001v3"},
			want: "https://arxiv.org/html/2401.00001v3"},
		{r: record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivHTML, Key: "2401.00001"},
			want: "https://arxiv.org/html/2401.00001"},
		{r: record.Resource{Source: record.SourceGitHub, Kind: record.KindGitHubOrgRepos, Key: "example-org"},
			want: "https://api.github.com/orgs/example-org/repos?per_page=100&sort=created&direction=desc"},
		{r: record.Resource{Source: record.SourceGitHub, Kind: record.KindGitHubRepo, Key: "example-org/tool"},
			want: "https://api.github.com/repos/example-org/tool"},
		{r: record.Resource{Source: record.SourceGitHub, Kind: record.KindGitHubReadme, Key: "example-org/tool"},
			want: "https://api.github.com/repos/example-org/tool/readme"},
		{r: record.Resource{Source: record.SourceGitHub, Kind: record.KindGitHubReleases, Key: "example-org/tool"},
			want: "https://api.github.com/repos/example-org/tool/releases?per_page=100"},
		{r: record.Resource{Source: record.SourceHF, Kind: record.KindHFModel, Key: "example-org/model-x"},
			want: "https://huggingface.co/api/models/example-org/model-x"},
		{r: record.Resource{Source: record.SourceHF, Kind: record.KindHFReadme, Key: "example-org/model-x"},
			want: "https://huggingface.co/example-org/model-x/raw/main/README.md"},
		{r: record.Resource{Source: record.SourceHF, Kind: record.KindHFConfig, Key: "example-org/model-x"},
			want: "https://huggingface.co/example-org/model-x/resolve/main/config.json"},
		{r: record.Resource{Source: record.SourceHF, Kind: record.KindHFAuthorModels, Key: "example-org"},
			want: "https://huggingface.co/api/models?author=example-org&limit=1000"},
		{r: record.Resource{Source: record.SourceDocs, Kind: record.KindDocsPage, Key: "main:news/release"},
			wantErr: `docs page "main:news/release": no docs site of the catalog resolves it`},
		{r: record.Resource{Source: record.SourceCrossref, Kind: record.KindCrossrefWork, Key: "10.1000/xyz.123"},
			want: "https://api.crossref.org/works/10.1000/xyz.123"},
		{r: record.Resource{Source: record.SourceVenue, Kind: record.KindVenuePage, Key: "https://venue.example/paper?id=1"},
			want: "https://venue.example/paper?id=1"},
		{r: record.Resource{Source: record.SourceVenue, Kind: record.KindVenuePage}, wantErr: "empty URL"},
		{r: record.Resource{Source: record.SourceVenue, Kind: record.Kind("no_such_kind"), Key: "x"}, wantErr: "unknown resource kind"},
	} {
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
	for _, c := range []struct {
		status int
		kind   record.ErrorKind
		msg    string
	}{
		{503, record.ErrServer, "status 503 from https://host.example/p"},
		{404, record.ErrClient, "status 404 from https://host.example/p"},
		{302, record.ErrMalformed, "unexpected status 302 from https://host.example/p"},
	} {
		rec := record.Record{FinalURL: "https://host.example/p?token=x#frag"}
		fe := errorStatus(&rec, &result{status: c.status, body: []byte("why")})
		if fe == nil || fe.Kind != c.kind || fe.Message != c.msg {
			t.Errorf("%d: got %+v, want %s %q", c.status, fe, c.kind, c.msg)
		}
		if string(rec.Body) != "why" || rec.SHA256 != sha256hex([]byte("why")) {
			t.Errorf("%d: body %q sha %q not kept", c.status, rec.Body, rec.SHA256)
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
