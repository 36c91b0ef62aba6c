package engine

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"reflect"
	"testing"

	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// TestDrain: the parts come out in order, converted, in a slice of exactly
// their total length (nil for nothing), and every part is cleared.
func TestDrain(t *testing.T) {
	for _, tc := range []struct {
		name  string
		parts [][]int
		want  []string
	}{
		{"several", [][]int{{1, 2}, nil, {3}, {}}, []string{"1", "2", "3"}},
		{"empty parts", [][]int{nil, {}}, nil},
		{"no parts", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := drain(tc.parts, func(i int) string { return fmt.Sprint(i) })
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("drain = %#v, want %#v", got, tc.want)
			}
			if cap(got) != len(got) {
				t.Errorf("cap %d, len %d: want exactly the length", cap(got), len(got))
			}
			for i, p := range tc.parts {
				if p != nil {
					t.Errorf("part %d not cleared: %v", i, p)
				}
			}
		})
	}
}

// TestSpillReadKeepsFirstError: after a read fails, every later read gives
// the zero value and the first error stays.
func TestSpillReadKeepsFirstError(t *testing.T) {
	var b []byte
	b = binary.AppendUvarint(b, 300)
	b = binary.AppendVarint(b, -7)
	b = append(b, 0xAB)
	r := &spillReader{r: bufio.NewReader(bytes.NewReader(b))}
	if got := r.uvarint(); got != 300 {
		t.Errorf("uvarint = %d, want 300", got)
	}
	if got := r.int(); got != -7 {
		t.Errorf("int = %d, want -7", got)
	}
	if got := r.byte(); got != 0xAB {
		t.Errorf("byte = %#x, want 0xab", got)
	}
	if r.err != nil {
		t.Fatalf("err = %v before the end", r.err)
	}
	if got := r.byte(); got != 0 || !errors.Is(r.err, io.EOF) {
		t.Fatalf("byte past the end = %d, err %v; want 0, EOF", got, r.err)
	}
	first := r.err
	r.r = bufio.NewReader(bytes.NewReader(binary.AppendUvarint(nil, 5))) // readable, but the reader has failed
	if got := r.uvarint(); got != 0 || r.err != first {
		t.Errorf("uvarint after a failure = %d, err %v; want 0, the first error", got, r.err)
	}
	if got := r.int(); got != 0 || r.err != first {
		t.Errorf("int after a failure = %d, err %v; want 0, the first error", got, r.err)
	}
}

func TestOnlySet(t *testing.T) {
	if onlySet(nil) != nil || onlySet([]string{}) != nil {
		t.Error("no --only: want nil (every entry)")
	}
	got := onlySet([]string{"a", "b", "a"})
	if want := map[string]bool{"a": true, "b": true}; !reflect.DeepEqual(got, want) {
		t.Errorf("onlySet = %v, want %v", got, want)
	}
}

// TestCrawlFailed: an error ends the run unless the crawl stopped early
// (the run's context ended, or no network) with every record returned.
func TestCrawlFailed(t *testing.T) {
	live := context.Background()
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	noNet := fmt.Errorf("fetch: %w", crawler.ErrNoNetwork)
	other := errors.New("disk full")
	for _, tc := range []struct {
		name      string
		ctx       context.Context
		err       error
		got, want int
		failed    bool
	}{
		{"no error", live, nil, 3, 3, false},
		{"no error, records missing", live, nil, 1, 3, false},
		{"other error", live, other, 3, 3, true},
		{"context ended, every record", ended, other, 3, 3, false},
		{"context ended, records missing", ended, other, 2, 3, true},
		{"no network, every record", live, noNet, 3, 3, false},
		{"no network, records missing", live, noNet, 0, 3, true},
	} {
		if got := crawlFailed(tc.ctx, tc.err, tc.got, tc.want); got != tc.failed {
			t.Errorf("%s: crawlFailed = %v, want %v", tc.name, got, tc.failed)
		}
	}
}

func TestCountInterrupted(t *testing.T) {
	recs := []record.Record{
		{},
		{Err: &record.FetchError{Kind: record.ErrInterrupted}},
		{Err: &record.FetchError{Kind: "timeout"}},
		{Err: &record.FetchError{Kind: record.ErrInterrupted}},
	}
	if got := countInterrupted(recs); got != 2 {
		t.Errorf("countInterrupted = %d, want 2", got)
	}
}

// TestReadBack: findings come from the spill when there is one (nil when it
// holds none), and an --only run never gives nil.
func TestReadBack(t *testing.T) {
	mem := []checks.Finding{{Entry: "a", Claim: "c"}}
	for _, tc := range []struct {
		name    string
		spilled []checks.Finding // nil: no spill
		mem     []checks.Finding
		keep    map[string]bool
		want    []checks.Finding
	}{
		{"in memory", nil, mem, nil, mem},
		{"in memory, none", nil, nil, nil, nil},
		{"in memory, none, --only", nil, nil, map[string]bool{"a": true}, []checks.Finding{}},
		{"spilled", mem, nil, nil, mem},
		{"spilled, none", []checks.Finding{}, nil, nil, nil},
		{"spilled, none, --only", []checks.Finding{}, nil, map[string]bool{"a": true}, []checks.Finding{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sp *spill
			if tc.spilled != nil {
				var err error
				if sp, err = newSpill(t.TempDir()); err != nil {
					t.Fatal(err)
				}
				defer sp.close()
				for _, f := range tc.spilled {
					sp.add(f)
				}
			}
			got, err := readBack(sp, tc.mem, tc.keep)
			if err != nil {
				t.Fatal(err)
			}
			if (got == nil) != (tc.want == nil) || len(got) != len(tc.want) {
				t.Fatalf("readBack = %#v, want %#v", got, tc.want)
			}
			for i := range got {
				if got[i].Entry != tc.want[i].Entry || got[i].Claim != tc.want[i].Claim {
					t.Errorf("finding %d = %s/%s, want %s/%s", i, got[i].Entry, got[i].Claim, tc.want[i].Entry, tc.want[i].Claim)
				}
			}
		})
	}
}

// TestFaultHealth: a check's panic becomes a health item on its claim (or
// its entry when it failed outside a claim).
func TestFaultHealth(t *testing.T) {
	for _, tc := range []struct {
		fl      checks.Fault
		subject string
	}{
		{checks.Fault{Check: "claim.x", Entry: "e", Claim: "c", Value: "boom"}, "e/c"},
		{checks.Fault{Check: "claim.x", Entry: "e", Value: "boom"}, "e"},
	} {
		h := faultHealth(zap.NewNop(), tc.fl)
		if h.Subject != tc.subject || h.Problem != tc.fl.Problem() {
			t.Errorf("faultHealth(%+v) = %+v, want subject %q and the fault's problem", tc.fl, h, tc.subject)
		}
	}
}
