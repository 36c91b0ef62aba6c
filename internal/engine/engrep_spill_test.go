package engine

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"testing"
)

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
	if got := r.byte(); got != 0 || r.err != io.EOF {
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
