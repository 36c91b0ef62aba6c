package engine

import (
	"context"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// demoRecords fetches the embedded catalog's resources from the demo
// recording, bodies kept.
func demoRecords(t *testing.T) []record.Record {
	t.Helper()
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	c, err := crawler.New(crawler.Config{ReplayDir: demoRecording, AllowHosts: cat.Hosts,
		Policies: crawler.DefaultPolicies().Scale(0), Now: func() time.Time { return demoNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	recs, err := c.Fetch(context.Background(), crawler.Plan(cat, crawler.PlanOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// extractSequential is the plain definition of Extract: every extractor's
// output, concatenated in record order.
func extractSequential(recs []record.Record) ([]extract.Observation, []extract.Health) {
	var obs []extract.Observation
	var health []extract.Health
	for _, rec := range recs {
		if !rec.OK() {
			continue
		}
		fn, ok := extractors[rec.Resource.Kind]
		if !ok {
			health = append(health, extract.Health{Subject: rec.Resource.ID(), URL: rec.URL,
				Problem: "no extractor for resource kind " + string(rec.Resource.Kind)})
			continue
		}
		res := fn(rec)
		obs = append(obs, res.Observations...)
		health = append(health, res.Health...)
	}
	return obs, health
}

func TestExtractionInAnyOrderEqualsSequential(t *testing.T) {
	recs := demoRecords(t)
	recs = append(recs, record.Record{Resource: record.Resource{Kind: "unknown-kind", Key: "k"}, URL: "https://x.test/", Body: []byte("?")})
	wantObs, wantHealth := extractSequential(recs)
	if len(wantObs) < 100 {
		t.Fatalf("only %d observations from the demo recording", len(wantObs))
	}
	x := NewExtraction(len(recs))
	order := rand.New(rand.NewPCG(1, 2)).Perm(len(recs))
	var wg sync.WaitGroup
	jobs := make(chan int)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				x.Add(i, recs[i])
			}
		}()
	}
	for _, i := range order {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	obs, health := x.Result()
	if !reflect.DeepEqual(obs, wantObs) {
		t.Errorf("observations differ from the sequential extraction (%d vs %d)", len(obs), len(wantObs))
	}
	if !reflect.DeepEqual(health, wantHealth) {
		t.Errorf("health differs from the sequential extraction:\n got %v\nwant %v", health, wantHealth)
	}
	if cap(obs) != len(obs) {
		t.Errorf("observations: cap %d for %d", cap(obs), len(obs))
	}
	// Extract is the same thing.
	eo, eh := Extract(recs)
	if !reflect.DeepEqual(eo, wantObs) || !reflect.DeepEqual(eh, wantHealth) {
		t.Error("Extract differs from the sequential extraction")
	}
}

// TestExtractionSharesStrings: equal strings of different observations share
// one copy, record strings are the record's, and a quote cut from a larger
// string does not keep it alive.
func TestExtractionSharesStrings(t *testing.T) {
	page := strings.Repeat("x", 1<<16) + "licensed under MIT"
	mk := func(key string) record.Record {
		return record.Record{Resource: record.Resource{Source: record.SourceGitHub, Kind: "fake", Key: key},
			URL: "https://api.github.com/repos/" + key, FinalURL: "https://api.github.com/repos/" + key, SHA256: strings.Repeat("ab", 32)}
	}
	fake := func(rec record.Record) extract.Result {
		var res extract.Result
		for range 3 {
			ev := rec.Evidence("$."+"license", page[len(page)-18:])
			ev.URL = strings.Clone(rec.URL) // an extractor that rebuilt the URL
			res.Observations = append(res.Observations, extract.Observation{
				Subject: "github:" + rec.Resource.Key, Field: strings.Clone(catalog.FieldLicense), Value: "M" + "IT", Evidence: ev})
		}
		return res
	}
	extractors["fake"] = fake
	defer delete(extractors, "fake")
	a, b := mk("o/a"), mk("o/b")
	x := NewExtraction(2)
	x.Add(1, b)
	x.Add(0, a)
	obs, _ := x.Result()
	if len(obs) != 6 {
		t.Fatalf("%d observations", len(obs))
	}
	data := func(s string) *byte { return unsafe.StringData(s) }
	for i, o := range obs {
		if data(o.Value) != data(obs[0].Value) || data(o.Evidence.Quote) != data(obs[0].Evidence.Quote) || data(o.Field) != data(obs[0].Field) {
			t.Errorf("observation %d: value, quote or field not shared", i)
		}
		if data(o.Evidence.Quote) == data(page[len(page)-18:]) {
			t.Errorf("observation %d: the quote still points into the page", i)
		}
		rec := a
		if i >= 3 {
			rec = b
		}
		if data(o.Evidence.URL) != data(rec.URL) || data(o.Evidence.SHA256) != data(rec.SHA256) {
			t.Errorf("observation %d: evidence URL or hash is not the record's own", i)
		}
		if o.Subject != "github:"+rec.Resource.Key {
			t.Errorf("observation %d: subject %q (record order lost)", i, o.Subject)
		}
	}
	if data(obs[0].Subject) == data(obs[3].Subject) {
		t.Error("different subjects share memory")
	}
}

// TestRunDropsBodies: Run keeps no body, but every record keeps its hash.
func TestRunDropsBodies(t *testing.T) {
	_, res := runDemo(t)
	for _, r := range res.Records {
		if r.Body != nil {
			t.Errorf("%s: body kept (%d bytes)", r.URL, len(r.Body))
		}
		if r.OK() && r.SHA256 == "" {
			t.Errorf("%s: no hash", r.URL)
		}
	}
	if res.Index.Len() == 0 {
		t.Error("no observations")
	}
}

// TestExtractionAddKeepsALeanRecord: the record Add returns has no body, the
// same fields otherwise, and shares its final URL with the requested one.
func TestExtractionAddKeepsALeanRecord(t *testing.T) {
	rec := record.Record{Resource: record.Resource{Source: record.SourceGitHub, Kind: record.KindGitHubRepo, Key: "o/r"},
		URL: "https://api.github.com/repos/o/r", FinalURL: strings.Clone("https://api.github.com/repos/o/r"), Status: 200,
		ContentType: "application/json", LastMod: "Tue, 01 Apr 2025 00:00:00 GMT", SHA256: "00", Body: []byte(`{"full_name":"o/r"}`)}
	x := NewExtraction(1)
	got := x.Add(0, rec)
	want := rec
	want.Body = nil
	if got.Body != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Add returned %+v, want %+v", got, want)
	}
	if unsafe.StringData(got.FinalURL) != unsafe.StringData(got.URL) {
		t.Error("final URL equal to the URL is not shared")
	}
	if rec.Body == nil {
		t.Error("Add changed the caller's record")
	}
	if obs, _ := x.Result(); len(obs) == 0 {
		t.Error("no observations from a repository record")
	}
}

// TestStoreEqualsExtract: the store gives, for every subject key, exactly the
// observations of Extract whose subject has that key, in record order — and
// no other key; records were added in any order.
func TestStoreEqualsExtract(t *testing.T) {
	recs := demoRecords(t)
	wantObs, wantHealth := extractSequential(recs)
	want := map[string][]extract.Observation{}
	var wantKeys []string
	for _, o := range wantObs {
		k := checks.SubjectKey(o.Subject)
		if want[k] == nil {
			wantKeys = append(wantKeys, k)
		}
		want[k] = append(want[k], o)
	}
	x := NewExtraction(len(recs))
	for _, i := range rand.New(rand.NewPCG(3, 4)).Perm(len(recs)) {
		x.Add(i, recs[i])
	}
	store, health := x.Store()
	if !reflect.DeepEqual(health, wantHealth) {
		t.Error("health differs from the sequential extraction")
	}
	if !reflect.DeepEqual(store.Keys(), wantKeys) {
		t.Errorf("keys: got %d, want %d in order of first appearance", len(store.Keys()), len(wantKeys))
	}
	if store.Len() != len(wantObs) {
		t.Errorf("store holds %d observations, want %d", store.Len(), len(wantObs))
	}
	for _, k := range wantKeys {
		if got := store.Observations(k); !reflect.DeepEqual(got, want[k]) {
			t.Errorf("%s: %d observations differ from the sequential extraction's %d", k, len(got), len(want[k]))
		}
	}
	if got := store.Observations("github:nobody/nothing"); got != nil {
		t.Errorf("unknown key: %v", got)
	}
	if n := unsafe.Sizeof(compactObs{}); n > 48 {
		t.Errorf("compactObs is %d bytes, want at most 48", n)
	}
}

// TestStoreKeepsForeignEvidence: an observation whose evidence is not its
// record's own (another URL, status or time) keeps its evidence whole.
func TestStoreKeepsForeignEvidence(t *testing.T) {
	extractors["fake"] = func(rec record.Record) extract.Result {
		own := rec.Evidence("$.a", "A")
		other := rec.Evidence("$.b", "B")
		other.URL, other.Status = "https://elsewhere.test/b", 301
		return extract.Result{Observations: []extract.Observation{
			{Subject: "github:o/r", Field: "f", Value: "1", Evidence: own},
			{Subject: "github:o/r", Field: "f", Value: "2", Evidence: other},
		}}
	}
	defer delete(extractors, "fake")
	rec := record.Record{Resource: record.Resource{Source: record.SourceGitHub, Kind: "fake", Key: "o/r"},
		URL: "https://api.github.com/repos/o/r", FinalURL: "https://api.github.com/repos/o/r", Status: 200,
		FetchedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), SHA256: "ff"}
	x := NewExtraction(1)
	x.Add(0, rec)
	store, _ := x.Store()
	got := store.Observations("github:o/r")
	if len(got) != 2 {
		t.Fatalf("%d observations", len(got))
	}
	if got[0].Evidence != rec.Evidence("$.a", "A") {
		t.Errorf("own evidence: %+v", got[0].Evidence)
	}
	if got[1].Evidence.URL != "https://elsewhere.test/b" || got[1].Evidence.Status != 301 || got[1].Evidence.Quote != "B" {
		t.Errorf("foreign evidence lost: %+v", got[1].Evidence)
	}
}
