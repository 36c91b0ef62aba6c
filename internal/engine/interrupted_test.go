package engine

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// cutFetcher is the real crawler whose run is interrupted (the context
// cancelled with cause) once after records have been handed over.
type cutFetcher struct {
	*crawler.Crawler
	after  int32
	cancel context.CancelCauseFunc
	cause  error
	seen   atomic.Int32
}

func (f *cutFetcher) FetchEach(ctx context.Context, res []record.Resource, each func(int, record.Record) record.Record) ([]record.Record, error) {
	return f.Crawler.FetchEach(ctx, res, func(i int, r record.Record) record.Record {
		if f.seen.Add(1) == f.after {
			f.cancel(f.cause)
		}
		return each(i, r)
	})
}

// TestInterruptedRunIsJudged: a run interrupted half-way through its crawl
// is judged all the same: Run returns a result (not an error) saying why and
// how many resources were not fetched, and every finding is either what the
// full run says or unreachable "interrupted" — never a verdict the full run
// would not give (a wrong contradicted above all).
func TestInterruptedRunIsJudged(t *testing.T) {
	_, full := runDemo(t)
	want := map[string]checks.Verdict{}
	for _, f := range full.Findings {
		want[findingID(f)+" "+f.Check] = f.Verdict
	}
	for _, after := range []int32{1, 20, 60} {
		cat, err := catalog.Default()
		if err != nil {
			t.Fatal(err)
		}
		c, err := crawler.New(crawler.Config{ReplayDir: demoRecording, AllowHosts: cat.Hosts,
			Policies: crawler.DefaultPolicies().Scale(0),
			Now:      func() time.Time { return time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC) }})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancelCause(context.Background())
		cause := errors.New("test interruption")
		f := &cutFetcher{Crawler: c, after: after, cancel: cancel, cause: cause}
		res, err := Run(ctx, f, Options{Catalog: cat, Now: demoNow})
		cancel(nil)
		c.Close()
		if err != nil {
			t.Fatalf("after %d records: Run failed instead of judging: %v", after, err)
		}
		if !errors.Is(res.Interrupted, cause) || res.NotFetched == 0 || res.Planned != len(res.Resources) || res.NotFetched >= res.Planned {
			t.Fatalf("after %d records: interrupted %v, %d of %d not fetched", after, res.Interrupted, res.NotFetched, res.Planned)
		}
		interrupted, same := 0, 0
		for _, fd := range res.Findings {
			id := findingID(fd) + " " + fd.Check
			switch {
			case fd.Verdict == checks.Unreachable && fd.Reason == string(record.ErrInterrupted):
				interrupted++
				if !strings.Contains(fd.Message, "test interruption") {
					t.Errorf("%s: interrupted without the cause: %s", id, fd.Message)
				}
			case fd.Verdict == want[id]:
				same++
			default:
				t.Errorf("after %d records: %s is %s (%s), the full run says %s", after, id, fd.Verdict, fd.Message, want[id])
			}
		}
		t.Logf("cut after %d records: %d of %d resources not fetched; %d findings as in the full run, %d interrupted",
			after, res.NotFetched, res.Planned, same, interrupted)
		if interrupted == 0 {
			t.Errorf("after %d records: no finding is interrupted", after)
		}
	}
}
