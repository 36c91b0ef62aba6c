package engine

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// spill keeps findings in a temporary file while a run judges, so that the
// findings and the observations they are judged from are never in memory
// together: Run reads the findings back once the observations are released.
// The encoding is private to one run: every field of checks.Finding, strings
// as length and bytes, times as Unix nanoseconds with the index of their
// *time.Location in an in-memory table (so a time comes back in the very
// location it had, minus its monotonic reading).
type spill struct {
	f    *os.File
	w    *bufio.Writer
	n    int
	locs []*time.Location
	buf  []byte
	err  error
}

func newSpill(dir string) (*spill, error) {
	f, err := os.CreateTemp(dir, "claimcheck-findings-*")
	if err != nil {
		return nil, fmt.Errorf("spill findings: %w", err)
	}
	return &spill{f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

// close removes the file.
func (s *spill) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}

func (s *spill) str(v string) {
	s.buf = binary.AppendUvarint(s.buf, uint64(len(v)))
	s.buf = append(s.buf, v...)
}

func (s *spill) int(v int) { s.buf = binary.AppendVarint(s.buf, int64(v)) }

func (s *spill) time(t time.Time) {
	if t.IsZero() {
		s.buf = append(s.buf, 0)
		return
	}
	s.buf = append(s.buf, 1)
	li := -1
	for i, l := range s.locs {
		if l == t.Location() {
			li = i
		}
	}
	if li < 0 {
		li = len(s.locs)
		s.locs = append(s.locs, t.Location())
	}
	s.int(li)
	s.buf = binary.AppendVarint(s.buf, t.UnixNano())
}

func (s *spill) pos(p catalog.Pos) { s.str(p.File); s.int(p.Line); s.int(p.Column) }

// add writes one finding.
func (s *spill) add(f checks.Finding) {
	if s.err != nil {
		return
	}
	s.buf = s.buf[:0]
	for _, v := range []string{f.Entry, f.Claim, f.Check, f.Field, string(f.Verdict), string(f.Severity), f.Expected, f.Observed, f.Message, f.Reason} {
		s.str(v)
	}
	s.pos(f.Location)
	flags := byte(0)
	if f.Disagreement {
		flags |= 1
	}
	if f.Evidence == nil {
		flags |= 2
	}
	s.buf = append(s.buf, flags)
	s.int(f.EvidenceOmitted)
	s.int(len(f.Evidence))
	for _, e := range f.Evidence {
		for _, v := range []string{string(e.Source), e.URL, e.FinalURL, e.SHA256, e.Locator, e.Quote} {
			s.str(v)
		}
		s.time(e.FetchedAt)
		s.int(e.Status)
		s.buf = append(s.buf, evidenceFlags(e))
	}
	_, s.err = s.w.Write(s.buf)
	s.n++
}

// findings reads every finding back, in the order they were added. Strings
// that findings repeat (ids, verdicts, values, URLs, hashes, quotes) share
// one copy; only messages are read each on its own.
func (s *spill) findings() ([]checks.Finding, error) {
	if s.err == nil {
		s.err = s.w.Flush()
	}
	if s.err != nil {
		return nil, fmt.Errorf("spill findings: %w", s.err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("spill findings: %w", err)
	}
	r := &spillReader{r: bufio.NewReaderSize(s.f, 256<<10), locs: s.locs, strs: map[string]string{}}
	out := make([]checks.Finding, s.n)
	for i := range out {
		out[i] = r.finding()
	}
	if r.err != nil {
		return nil, fmt.Errorf("spill findings: read back: %w", r.err)
	}
	return out, nil
}

type spillReader struct {
	r    *bufio.Reader
	locs []*time.Location
	strs map[string]string
	b    []byte
	err  error
}

// spillRead reads one value with next unless an earlier read failed (then
// it gives the zero value), and keeps next's error in r.err.
func spillRead[T any](r *spillReader, next func(io.ByteReader) (T, error)) T {
	var v T
	if r.err != nil {
		return v
	}
	v, r.err = next(r.r)
	return v
}

func (r *spillReader) uvarint() uint64 { return spillRead(r, binary.ReadUvarint) }

func (r *spillReader) int() int { return int(spillRead(r, binary.ReadVarint)) }

func (r *spillReader) byte() byte { return spillRead(r, io.ByteReader.ReadByte) }

func (r *spillReader) raw() []byte {
	n := r.uvarint()
	if r.err != nil {
		return nil
	}
	if n > 1<<30 {
		r.err = errors.New("string too long")
		return nil
	}
	if uint64(cap(r.b)) < n {
		r.b = make([]byte, n)
	}
	r.b = r.b[:n]
	_, r.err = io.ReadFull(r.r, r.b)
	return r.b
}

// str reads a string of its own.
func (r *spillReader) str() string { return string(r.raw()) }

// shared reads a string that other findings repeat: one copy for all.
func (r *spillReader) shared() string {
	b := r.raw()
	if s, ok := r.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	r.strs[s] = s
	return s
}

func (r *spillReader) time() time.Time {
	if r.byte() == 0 {
		return time.Time{}
	}
	li := r.int()
	ns := r.int()
	if r.err != nil || li < 0 || li >= len(r.locs) {
		if r.err == nil {
			r.err = errors.New("bad time location")
		}
		return time.Time{}
	}
	return time.Unix(0, int64(ns)).In(r.locs[li])
}

func (r *spillReader) finding() checks.Finding {
	var f checks.Finding
	f.Entry, f.Claim, f.Check, f.Field = r.shared(), r.shared(), r.shared(), r.shared()
	f.Verdict, f.Severity = checks.Verdict(r.shared()), checks.Severity(r.shared())
	f.Expected, f.Observed, f.Message, f.Reason = r.shared(), r.shared(), r.str(), r.shared()
	f.Location = catalog.Pos{File: r.shared(), Line: r.int(), Column: r.int()}
	flags := r.byte()
	f.Disagreement = flags&1 != 0
	f.EvidenceOmitted = r.int()
	n := r.int()
	if r.err != nil || n < 0 || n > 1<<20 {
		if r.err == nil {
			r.err = errors.New("bad evidence count")
		}
		return f
	}
	if flags&2 == 0 {
		f.Evidence = make([]record.Evidence, n)
	}
	for i := range n {
		e := record.Evidence{Source: record.Source(r.shared()), URL: r.shared()}
		e.FinalURL = r.shared()
		e.SHA256, e.Locator, e.Quote = r.shared(), r.shared(), r.shared()
		e.FetchedAt, e.Status = r.time(), r.int()
		ef := r.byte()
		e.NotModified, e.FromCache = ef&1 != 0, ef&2 != 0
		f.Evidence[i] = e
	}
	return f
}

// evidenceFlags packs where an evidence's body came from: bit 0 NotModified
// (a 304 revalidation), bit 1 FromCache.
func evidenceFlags(e record.Evidence) byte {
	var b byte
	if e.NotModified {
		b |= 1
	}
	if e.FromCache {
		b |= 2
	}
	return b
}
