package cassette

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzReadExchange checks that the parser never panics and that whatever it
// accepts survives a write and a second read unchanged.
func FuzzReadExchange(f *testing.F) {
	f.Add([]byte(arxivRecording))
	f.Add([]byte("GET https://x.org/\n\nHTTP/1.1 304 Not Modified\nETag: \"a\"\n"))
	f.Add([]byte("# claimcheck recording v1\r\nGET https://api.github.com/repos/a/b\r\nAccept: application/json\r\n\r\nHTTP/1.1 301 Moved Permanently\r\nLocation: https://api.github.com/repositories/1\r\n\r\n"))
	f.Add([]byte("POST https://x.org/a?b=1&a=2\n\nHTTP/2 503\nRetry-After: 30\n\n\n\nbody\x00\xff"))
	f.Add([]byte("GET https://x.org/\n\nHTTP/1.1 200 OK\nA: b\r\x00c\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		e, err := ReadExchange(bytes.NewReader(data))
		if err != nil {
			if e != nil {
				t.Fatal("exchange and error both returned")
			}
			return
		}
		var buf bytes.Buffer
		if _, err := e.WriteTo(&buf); err != nil {
			t.Fatalf("accepted exchange cannot be written: %v", err)
		}
		back, err := ReadExchange(&buf)
		if err != nil {
			t.Fatalf("written exchange cannot be read: %v\n%s", err, buf.Bytes())
		}
		if d := cmp.Diff(e, back, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("round trip differs:\n%s", d)
		}
		if _, err := Key(e.Method, e.URL); err != nil {
			t.Fatalf("accepted URL has no key: %v", err)
		}
	})
}
