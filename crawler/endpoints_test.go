package crawler

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/claimcheck/claimcheck/crawler/record"
)

func TestEndpointsFromEnv(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		EnvGitHub: "http://127.0.0.1:8080/",
		EnvHF:     " https://hf-mirror.example/prefix ",
	}
	e, err := EndpointsFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultEndpoints()
	want := d
	want.GitHub, want.HF = "http://127.0.0.1:8080", "https://hf-mirror.example/prefix"
	if diff := cmp.Diff(want, e); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if got := e.Overridden(); !cmp.Equal(got, []string{"http://127.0.0.1:8080", "https://hf-mirror.example/prefix"}) {
		t.Errorf("Overridden = %v", got)
	}
	for _, bad := range []string{"ftp://x", "http://", "https://u:p@x", "https://x/?q=1", "::"} {
		if _, err := EndpointsFromEnv(func(k string) string {
			if k == EnvDocs {
				return bad
			}
			return ""
		}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestCanonicalAndActualURLs(t *testing.T) {
	t.Parallel()
	sim := endpointsAt("http://127.0.0.1:9999")
	if err := sim.Normalize(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		src       record.Source
		canonical string
	}{
		{record.SourceArXiv, "https://export.arxiv.org/api/query?id_list=2412.19437&max_results=1"},
		{record.SourceArXiv, "https://arxiv.org/abs/2412.19437"},
		{record.SourceArXiv, "https://arxiv.org/robots.txt"},
		{record.SourceGitHub, "https://api.github.com/repos/deepseek-ai/DeepSeek-V3/readme"},
		{record.SourceHF, "https://huggingface.co/api/models?author=deepseek-ai&limit=1000"},
		{record.SourceHF, "https://huggingface.co/deepseek-ai/DeepSeek-V3/raw/main/README.md"},
		{record.SourceDocs, "https://api-docs.deepseek.com/news/news1226"},
		{record.SourceDocs, "https://api-docs.deepseek.com/robots.txt"},
		{record.SourceCrossref, "https://api.crossref.org/works/10.1038/s41586-025-09422-z"},
		{record.SourceVenue, "https://openaccess.thecvf.com/x.html"},
	} {
		actual := sim.ActualURL(tc.src, tc.canonical)
		if tc.src != record.SourceVenue && !strings.HasPrefix(actual, "http://127.0.0.1:9999/") {
			t.Errorf("ActualURL(%s) = %s", tc.canonical, actual)
		}
		if back := sim.CanonicalURLFor(tc.src, actual); back != tc.canonical {
			t.Errorf("CanonicalURLFor(%s, %s) = %s, want %s", tc.src, actual, back, tc.canonical)
		}
		if !strings.HasSuffix(tc.canonical, "robots.txt") {
			if back := sim.CanonicalURL(actual); back != tc.canonical {
				t.Errorf("CanonicalURL(%s) = %s, want %s", actual, back, tc.canonical)
			}
		}
	}
	// A base with a path prefix, and a URL only sharing a prefix of the host.
	e := DefaultEndpoints()
	e.HF = "https://mirror.example/hf"
	if got := e.ActualURL(record.SourceHF, "https://huggingface.co/api/models/a/b"); got != "https://mirror.example/hf/api/models/a/b" {
		t.Errorf("prefix base: %s", got)
	}
	if got := e.CanonicalURL("https://mirror.example/hfx/a"); got != "https://mirror.example/hfx/a" {
		t.Errorf("partial prefix rewritten: %s", got)
	}
}

func TestPoliciesScaleAndDefaults(t *testing.T) {
	t.Parallel()
	d := DefaultPolicies()
	if p := d.For(record.SourceArXiv); p.MinInterval != 3*time.Second || p.Parallelism != 1 || p.MaxBodyBytes != 10<<20 {
		t.Errorf("arxiv default %+v", p)
	}
	if p := d.For(record.SourceVenue); p.MinInterval != 2*time.Second || p.Parallelism != 1 {
		t.Errorf("venue default %+v", p)
	}
	s := d.Scale(0.01)
	if p := s.For(record.SourceArXiv); p.MinInterval != 30*time.Millisecond || p.Parallelism != 1 || p.Timeout != d.For(record.SourceArXiv).Timeout {
		t.Errorf("scaled arxiv %+v", p)
	}
	if p := (Policies{record.SourceGitHub: {}}).For(record.SourceGitHub); p.Parallelism != 1 || p.MinInterval != 0 || p.MaxBodyBytes != DefaultMaxBodyBytes {
		t.Errorf("zero policy %+v", p)
	}
	if err := (Policies{record.SourceHF: {MaxWait: -1}}).Validate(); err == nil {
		t.Error("negative MaxWait accepted")
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"", 0, false}, {"5", 5 * time.Second, true}, {"0", 0, true}, {"-3", 0, false}, {"soon", 0, false},
		{"Thu, 20 Nov 2026 03:01:00 GMT", time.Minute, true},
		{"Thu, 20 Nov 2026 02:00:00 GMT", 0, true}, // in the past: now
	} {
		h := map[string][]string{"Retry-After": {tc.v}}
		at, ok := retryAfter(h, now)
		if ok != tc.ok || (ok && at.Sub(now) != tc.want) {
			t.Errorf("Retry-After %q = %v, %v", tc.v, at.Sub(now), ok)
		}
	}
}

func TestNextLink(t *testing.T) {
	t.Parallel()
	base := "https://huggingface.co/api/models?author=x&limit=1000"
	for h, want := range map[string]string{
		"": "",
		`<https://huggingface.co/api/models?cursor=abc>; rel="next"`: "https://huggingface.co/api/models?cursor=abc",
		`</api/models?cursor=abc>; rel="next"`:                       "https://huggingface.co/api/models?cursor=abc",
		`<https://x/prev>; rel="prev", <https://x/next>; rel=next`:   "https://x/next",
		`<https://x/last>; rel="last"`:                               "",
		`garbage; rel="next"`:                                        "",
	} {
		if got := nextLink(h, base); got != want {
			t.Errorf("nextLink(%q) = %q, want %q", h, got, want)
		}
	}
}

func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"5", "Thu, 20 Nov 2026 03:01:00 GMT", "-1", "99999999999999999999", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		at, ok := retryAfter(map[string][]string{"Retry-After": {v}}, now)
		if ok && at.Before(now) {
			t.Fatalf("Retry-After %q gave a time in the past", v)
		}
	})
}

func FuzzNextLink(f *testing.F) {
	for _, s := range []string{`<https://x/n>; rel="next"`, `</a>; rel=next, <b>; rel="prev"`, `<>;`, `<%zz>; rel=next`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		got := nextLink(h, "https://huggingface.co/api/models")
		if got != "" {
			if _, err := url.Parse(got); err != nil {
				t.Fatalf("nextLink(%q) = unparsable %q", h, got)
			}
		}
	})
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{"http://127.0.0.1:9999/repos/a/b", "http://127.0.0.1:9999/api/query?id_list=1", "http://127.0.0.1:99999", "%%"} {
		f.Add(s)
	}
	sim := endpointsAt("http://127.0.0.1:9999")
	_ = sim.Normalize()
	f.Fuzz(func(t *testing.T, u string) {
		c := sim.CanonicalURL(u)
		if c != u && !strings.HasPrefix(c, "https://") {
			t.Fatalf("CanonicalURL(%q) = %q", u, c)
		}
		for _, src := range Sources {
			// Canonical → actual → canonical is the identity on canonical URLs.
			if strings.HasPrefix(c, "https://") {
				_ = sim.CanonicalURLFor(src, sim.ActualURL(src, c))
			}
		}
	})
}
