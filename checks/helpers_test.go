package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

var testNow = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

func date(t testing.TB, s string) *catalog.Date {
	t.Helper()
	d, err := catalog.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return &d
}

// cat builds a catalog with the official organisation "org" and catalog-wide
// docs pages "updates" and "quick_start/pricing".
func cat(t testing.TB, entries ...catalog.Entry) *catalog.Catalog {
	t.Helper()
	for i := range entries {
		entries[i].Pos = catalog.Pos{File: "c.yaml", Line: 10 * (i + 1), Column: 5}
		for j := range entries[i].Claims {
			entries[i].Claims[j].Pos = catalog.Pos{File: "c.yaml", Line: 10*(i+1) + j + 1, Column: 9}
		}
	}
	return &catalog.Catalog{
		Path: "c.yaml", Name: "test", AsOf: *date(t, "2026-05-10"),
		Organisations: []catalog.Organisation{{Platform: "github", Name: "org"}, {Platform: "huggingface", Name: "org"}},
		Sources:       catalog.Sources{Docs: []catalog.DocsRef{{Slug: "updates"}, {Slug: "quick_start/pricing"}}},
		Entries:       entries,
		Pos:           catalog.Pos{File: "c.yaml", Line: 1, Column: 1},
	}
}

func claim(id, typ, field, value string) catalog.Claim {
	return catalog.Claim{ID: id, Type: catalog.ClaimType(typ), Field: field, Value: value}
}

func withSubject(c catalog.Claim, s string) catalog.Claim { c.Subject = s; return c }

func rec(kind record.Kind, src record.Source, key string) record.Record {
	r := record.Record{
		Resource: record.Resource{Source: src, Kind: kind, Key: key},
		URL:      "https://example.test/" + string(kind) + "/" + key, Status: 200,
		FetchedAt: time.Date(2026, 11, 19, 12, 0, 0, 0, time.UTC), SHA256: "abc",
	}
	r.FinalURL = r.URL
	if kind == record.KindArXivQuery {
		r.Resource.IDs = strings.Split(key, ",")
	}
	return r
}

func failedRec(r record.Record, kind record.ErrorKind, status int) record.Record {
	r.Status = status
	r.Err = &record.FetchError{Kind: kind, Message: "boom"}
	return r
}

// ob builds an observation bound to its model, or to the page's subject when
// model is "" (extract.Bound); src is taken from the subject prefix.
func ob(subject, model, field, value string) extract.Observation {
	src := record.SourceDocs
	switch {
	case strings.HasPrefix(subject, "hf"):
		src = record.SourceHF
	case strings.HasPrefix(subject, "github:"):
		src = record.SourceGitHub
	case strings.HasPrefix(subject, "arxiv:"):
		src = record.SourceArXiv
	case strings.HasPrefix(subject, "doi:"):
		src = record.SourceCrossref
	case strings.HasPrefix(subject, "url:"):
		src = record.SourceVenue
	}
	return extract.Observation{
		Subject: subject, Model: model, Binding: extract.Bound(model), Field: field, Value: value,
		Evidence: record.Evidence{Source: src, URL: "https://example.test/" + subject, Locator: "line 1", Quote: value},
	}
}

func withDate(t testing.TB, o extract.Observation, d string) extract.Observation {
	o.Date = date(t, d)
	return o
}

// judge runs the judge and returns the findings by "entry/claim".
func judge(t testing.TB, in Input) map[string]Finding {
	t.Helper()
	if in.Now.IsZero() {
		in.Now = testNow
	}
	out := map[string]Finding{}
	for _, f := range Judge(in) {
		k := f.Entry + "/" + f.Claim
		if _, dup := out[k]; dup {
			t.Errorf("two findings for %s", k)
		}
		out[k] = f
	}
	return out
}

func want(t testing.TB, fs map[string]Finding, key string, v Verdict) Finding {
	t.Helper()
	f, ok := fs[key]
	if !ok {
		keys := make([]string, 0, len(fs))
		for k := range fs {
			keys = append(keys, k)
		}
		t.Fatalf("no finding for %s; have %v", key, keys)
	}
	if f.Verdict != v {
		t.Errorf("%s: verdict %s, want %s (%s)", key, f.Verdict, v, f.Message)
	}
	return f
}
