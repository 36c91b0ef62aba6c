package crawler

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// TestFetchEachHandsOverEveryRecord: each sees every index once, with the
// body (a duplicate too, under its own Resource), and the record it returns
// is the one kept.
func TestFetchEachHandsOverEveryRecord(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler("{}"))
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL)})
	in := []record.Resource{repo("a/b"), repo("c/d"), repo("a/b"), docs("x"), repo("a/b")}
	in[2].IDs = []string{"dup"} // same ID, distinguishable Resource
	var mu sync.Mutex
	seen := map[int]int{}
	recs, err := c.FetchEach(context.Background(), in, func(i int, rec record.Record) record.Record {
		mu.Lock()
		seen[i]++
		mu.Unlock()
		if rec.Resource.Key != in[i].Key || len(rec.Resource.IDs) != len(in[i].IDs) {
			t.Errorf("each(%d) got resource %+v, want %+v", i, rec.Resource, in[i])
		}
		if rec.Err == nil && string(rec.Body) != "{}" {
			t.Errorf("each(%d): body %q", i, rec.Body)
		}
		rec.Body = nil
		rec.ContentType = fmt.Sprint("seen-", i)
		return rec
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range in {
		if seen[i] != 1 {
			t.Errorf("each called %d times for index %d", seen[i], i)
		}
		if recs[i].Body != nil || recs[i].ContentType != fmt.Sprint("seen-", i) {
			t.Errorf("record %d is not the one each returned: %+v", i, recs[i])
		}
	}
	if len(recs[2].Resource.IDs) != 1 {
		t.Errorf("duplicate lost its own resource: %+v", recs[2].Resource)
	}
	if n := srv.count("/repos/a/b"); n != 1 {
		t.Errorf("a/b fetched %d times", n)
	}
}

// TestFetchEachSeesCanceledRecords: resources never fetched because the run
// was canceled still reach each, typed ErrCanceled.
func TestFetchEachSeesCanceledRecords(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler("x"))
	pols := allFast()
	pols[record.SourceDocs] = fast(5*time.Second, 1)
	c := newTestCrawler(t, Config{Endpoints: endpointsAt(srv.URL), Policies: pols, IgnoreRobots: true})
	ctx, cancel := context.WithCancel(context.Background())
	in := []record.Resource{docs("p0"), docs("p1"), docs("p2"), docs("p1")}
	var mu sync.Mutex
	kinds := map[int]record.ErrorKind{}
	// Cancel as soon as the first record is handed over (the next request
	// is paced 5 s later): no dependence on how fast the machine is.
	_, err := c.FetchEach(ctx, in, func(i int, rec record.Record) record.Record {
		if i == 0 {
			cancel()
		}
		mu.Lock()
		defer mu.Unlock()
		if _, dup := kinds[i]; dup {
			t.Errorf("each called twice for %d", i)
		}
		kinds[i] = errKind(rec)
		return rec
	})
	if err == nil {
		t.Error("no error after cancel")
	}
	want := map[int]record.ErrorKind{0: "", 1: record.ErrCanceled, 2: record.ErrCanceled, 3: record.ErrCanceled}
	for i, k := range want {
		if got, ok := kinds[i]; !ok || got != k {
			t.Errorf("index %d: each saw %q (called %v), want %q", i, got, ok, k)
		}
	}
}
