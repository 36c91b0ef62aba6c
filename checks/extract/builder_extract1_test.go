package extract

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/record"
)

func builderRecord() record.Record {
	return record.Record{
		Resource: record.Resource{Source: record.SourceVenue, Kind: record.KindVenuePage, Key: "k"},
		URL:      "https://example.org/paper", FinalURL: "https://example.org/paper/", Status: 200, SHA256: "abc",
	}
}

func TestBuilderAddIsPageBoundAndTruncatesTheQuote(t *testing.T) {
	t.Parallel()
	rec := builderRecord()
	b := &Builder{Rec: rec, Subject: PrefixURL + "x"}
	long := strings.Repeat("word ", MaxQuote) // longer than the evidence limit
	d := &catalog.Date{Year: 2025, Precision: catalog.PrecisionYear}
	b.Add(catalog.FieldTitle, "T", "h1", long, d)
	want := []Observation{{
		Subject: PrefixURL + "x", Binding: BoundPage, Field: catalog.FieldTitle, Value: "T", Date: d,
		Evidence: rec.Evidence("h1", TruncateQuote(long)),
	}}
	if diff := cmp.Diff(want, b.Result.Observations); diff != "" {
		t.Fatalf("observations (-want +got):\n%s", diff)
	}
	if q := b.Result.Observations[0].Evidence.Quote; len(q) > MaxQuote || !strings.HasSuffix(q, "…") {
		t.Errorf("quote not truncated to %d bytes: %d bytes", MaxQuote, len(q))
	}
	if b.Result.Health != nil {
		t.Errorf("Add raised health: %v", b.Result.Health)
	}
}

func TestBuilderAddForBindsByModel(t *testing.T) {
	t.Parallel()
	for model, want := range map[string]Binding{"": BoundPage, "v2": BoundNamed} {
		b := &Builder{Rec: builderRecord(), Subject: PrefixArXiv + "2401.00001"}
		b.AddFor(model, FieldVersionDate, "Tue, 7 May 2024", "div", "q", nil)
		got := b.Result.Observations[0]
		if got.Model != model || got.Binding != want {
			t.Errorf("AddFor(%q): model %q binding %q, want %q %q", model, got.Model, got.Binding, model, want)
		}
	}
}

func TestBuilderHealthUsesTheSubjectAtTheTime(t *testing.T) {
	t.Parallel()
	b := &Builder{Rec: builderRecord(), Subject: PrefixDOI + "requested"}
	b.Health("", "first")
	b.Subject = PrefixDOI + "stated"
	b.Health(FieldDOI, "second")
	want := []Health{
		{Subject: PrefixDOI + "requested", URL: "https://example.org/paper", Problem: "first"},
		{Subject: PrefixDOI + "stated", Field: FieldDOI, URL: "https://example.org/paper", Problem: "second"},
	}
	if diff := cmp.Diff(want, b.Result.Health); diff != "" {
		t.Fatalf("health (-want +got):\n%s", diff)
	}
}

func TestResultMergeKeepsOrder(t *testing.T) {
	t.Parallel()
	r := Result{Observations: []Observation{{Field: "a"}}, Health: []Health{{Problem: "1"}}}
	r.Merge(Result{Observations: []Observation{{Field: "b"}, {Field: "c"}}})
	r.Merge(Result{Health: []Health{{Problem: "2"}}})
	want := Result{
		Observations: []Observation{{Field: "a"}, {Field: "b"}, {Field: "c"}},
		Health:       []Health{{Problem: "1"}, {Problem: "2"}},
	}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Fatalf("merged (-want +got):\n%s", diff)
	}
}

// ownerRepo reads "/repos/{owner}/{repo}/…" paths, as the GitHub extractor does.
func ownerRepo(p []string) string {
	if len(p) >= 3 && p[0] == "repos" {
		return p[1] + "/" + p[2]
	}
	return ""
}

func TestResourceKey(t *testing.T) {
	t.Parallel()
	type input struct{ key, url string }
	for want, in := range map[string]input{
		"acme/model": {"  acme/model  ", "https://api.example.org/repos/other/repo"}, // the key wins
		"acme/tool":  {" ", "https://api.example.org/repos/acme/tool/readme"},        // a blank key: the path
		"acme/x":     {"", "https://api.example.org/repos/acme/x"},                   // no key: the path
		"":           {"", "https://api.example.org/users/acme"},                     // a path not understood
	} {
		rec := record.Record{Resource: record.Resource{Key: in.key}, URL: in.url}
		if got := ResourceKey(rec, ownerRepo); got != want {
			t.Errorf("ResourceKey(key %q, URL %q) = %q, want %q", in.key, in.url, got, want)
		}
	}
	if got := ResourceKey(record.Record{URL: "http://[::1"}, ownerRepo); got != "" {
		t.Errorf("ResourceKey of an unparsable URL = %q, want \"\"", got)
	}
}

func TestUnknownKind(t *testing.T) {
	t.Parallel()
	rec := record.Record{Resource: record.Resource{Kind: record.KindDocsPage}, URL: "https://example.org/x"}
	got := UnknownKind(rec, "hf", PrefixHF+"acme/m")
	want := Result{Health: []Health{{Subject: PrefixHF + "acme/m", URL: "https://example.org/x", Problem: `hf extractor cannot read kind "docs-page"`}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func FuzzResourceKey(f *testing.F) {
	for _, seed := range [][2]string{{"", "https://api.example.org/repos/acme/tool"}, {" acme/m ", ""}, {"", "http://[::1"}, {"", "/a//b/"}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, key, rawURL string) {
		var segments []string
		rec := record.Record{Resource: record.Resource{Key: key}, URL: rawURL}
		got := ResourceKey(rec, func(p []string) string {
			segments = p
			return strings.Join(p, "/")
		})
		if k := strings.TrimSpace(key); k != "" {
			if got != k || segments != nil {
				t.Fatalf("key %q: got %q (path read: %v), want the trimmed key", key, got, segments != nil)
			}
			return
		}
		if segments != nil && got != strings.Join(segments, "/") {
			t.Fatalf("the path reader's answer was not returned: %q", got)
		}
	})
}

func TestBuilderAddStructuredFoldsTheValueAndKeepsTheQuote(t *testing.T) {
	t.Parallel()
	rec := builderRecord()
	b := &Builder{Rec: rec, Subject: PrefixHF + "acme/m"}
	long := `"description": "` + strings.Repeat("x", 2*MaxQuote) + `"`
	q := &catalog.Quantity{Value: 7e9, Unit: "params"}
	b.AddStructured("acme/m-7b", FieldSafetensors, "  7000000000 \n", "$.safetensors.total", long, q, nil)
	want := []Observation{{
		Subject: PrefixHF + "acme/m", Model: "acme/m-7b", Binding: BoundNamed, Field: FieldSafetensors, Value: "7000000000", Quantity: q,
		Evidence: rec.Evidence("$.safetensors.total", long),
	}}
	if diff := cmp.Diff(want, b.Result.Observations); diff != "" {
		t.Fatalf("observations (-want +got):\n%s", diff)
	}
}
