package simulator

import (
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// TestDripFault: the status and the full Content-Length come at once, the
// body one byte per interval; a client with a deadline gets a few bytes and
// a timeout, never the page.
func TestDripFault(t *testing.T) {
	t.Parallel()
	s := newSim(t, Options{})
	path := "/repos/deepseek-ai/DeepSeek-V3"
	if err := s.SetFault(record.SourceGitHub, path, Drip(50*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	c := client(0)
	req, err := http.NewRequest(http.MethodGet, s.URL(record.SourceGitHub)+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if head := time.Since(start); resp.StatusCode != 200 || head > time.Second {
		t.Fatalf("status %d after %v, want 200 at once", resp.StatusCode, head)
	}
	total, _ := strconv.Atoi(resp.Header.Get("Content-Length"))
	if total < 100 {
		t.Fatalf("Content-Length %q, want the whole page's", resp.Header.Get("Content-Length"))
	}
	got := make(chan int, 1)
	go func() {
		n, _ := io.Copy(io.Discard, resp.Body)
		got <- int(n)
	}()
	time.Sleep(500 * time.Millisecond)
	resp.Body.Close() // the client gives up
	n := <-got
	// About 10 bytes in 500 ms; anything well short of the page shows the drip.
	if n < 1 || n > total/2 || n > 100 {
		t.Errorf("read %d of %d bytes in 500ms, want a trickle", n, total)
	}
	if st := s.Stats()[record.SourceGitHub]; st.Faults != 1 {
		t.Errorf("faults = %d", st.Faults)
	}
}

func TestParseDripFault(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		spec  string
		every time.Duration
		err   bool
	}{
		{"github=drip", 0, false},
		{"docs:/news/*=drip:250ms", 250 * time.Millisecond, false},
		{"github=drip:x", 0, true},
		{"github=drip:-1s", 0, true},
	} {
		_, _, f, err := ParseFault(tt.spec)
		if (err != nil) != tt.err {
			t.Errorf("%s: err = %v", tt.spec, err)
			continue
		}
		if !tt.err && (f.Kind != FaultDrip || f.Every != tt.every) {
			t.Errorf("%s: %+v", tt.spec, f)
		}
	}
}
