package cassette

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ReadFile reads one recording file; a malformed file gives a *ParseError
// naming the file and the line.
func ReadFile(path string) (*Exchange, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open recording: %w", err)
	}
	defer f.Close()
	e, err := ReadExchange(f)
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			pe.File = path
			return nil, pe
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	e.File = path
	return e, nil
}

// LoadDir reads every *.http file under dir (recursively, in lexical order)
// and returns the exchanges in that order. Two files with the same key (see
// Key) are an error naming both.
//
// A symbolic link among the recordings is followed only when it leads to a
// regular file inside dir: one that leads out of it (or to anything but a
// regular file) is refused with an error naming the link, never the target
// or its content.
func LoadDir(dir string) ([]*Exchange, error) {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, fmt.Errorf("scan recordings in %s: %w", dir, err)
	}
	if root, err = filepath.Abs(root); err != nil {
		return nil, fmt.Errorf("scan recordings in %s: %w", dir, err)
	}
	var files []string
	real := map[string]string{} // link → the file inside root it leads to
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".http") {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := insideLink(root, p)
			if err != nil {
				return err
			}
			real[p] = target
		} else if !d.Type().IsRegular() {
			return fmt.Errorf("%s: %w", p, ErrUnsafeRecording)
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan recordings in %s: %w", dir, err)
	}
	sort.Strings(files)
	seen := make(map[string]string, len(files))
	out := make([]*Exchange, 0, len(files))
	for _, f := range files {
		var e *Exchange
		if target, ok := real[f]; ok {
			e, err = ReadFile(target)
			if e != nil {
				e.File = f
			}
		} else {
			e, err = ReadFile(f)
		}
		if err != nil {
			return nil, err
		}
		k, err := Key(e.Method, e.URL)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if prev, dup := seen[k]; dup {
			return nil, fmt.Errorf("duplicate recording for %s: %s and %s", k, prev, f)
		}
		seen[k] = f
		out = append(out, e)
	}
	return out, nil
}

// ErrUnsafeRecording is returned (wrapped) for a recording that is a
// symbolic link leading out of the recording directory, or not a regular file.
var ErrUnsafeRecording = errors.New("recording is a symbolic link out of the recording directory or not a regular file: refused")

// insideLink resolves the symbolic link p and returns its target when that is
// a regular file under root (itself resolved); anything else is refused with
// an error that names p only.
func insideLink(root, p string) (string, error) {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", fmt.Errorf("%s: %w", p, ErrUnsafeRecording)
	}
	if target, err = filepath.Abs(target); err != nil {
		return "", fmt.Errorf("%s: %w", p, ErrUnsafeRecording)
	}
	rel, err := filepath.Rel(root, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", fmt.Errorf("%s: %w", p, ErrUnsafeRecording)
	}
	fi, err := os.Stat(target)
	if err != nil || !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s: %w", p, ErrUnsafeRecording)
	}
	return target, nil
}

// Player is an http.RoundTripper that answers from recordings only; it never
// touches the network.
type Player struct {
	byKey map[string]*Exchange
	// atom indexes the entries of recorded arXiv id_list answers, so that a
	// query for a subset (or a union) of recorded papers is answered too.
	atom map[string]map[string]atomEntry
}

// NewPlayer loads every *.http file under dir.
func NewPlayer(dir string) (*Player, error) {
	ex, err := LoadDir(dir)
	if err != nil {
		return nil, err
	}
	p := &Player{byKey: make(map[string]*Exchange, len(ex))}
	for _, e := range ex {
		k, _ := Key(e.Method, e.URL) // checked by LoadDir
		p.byKey[k] = e
	}
	p.atom = indexAtom(ex)
	return p, nil
}

// Len is the number of recorded exchanges.
func (p *Player) Len() int { return len(p.byKey) }

// Lookup returns the exchange recorded for method and URL, if any.
func (p *Player) Lookup(method, rawURL string) (*Exchange, bool) {
	k, err := Key(method, rawURL)
	if err != nil {
		return nil, false
	}
	e, ok := p.byKey[k]
	return e, ok
}

// RoundTrip answers req from the recordings: the recorded response, a 304
// when the request's validators match the recorded ones, or an error wrapping
// ErrNoRecording that names the method and URL.
func (p *Player) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	e, ok := p.byKey[KeyURL(req.Method, req.URL)]
	if !ok && req.Method == http.MethodGet {
		var missing []string
		if e, missing, ok = p.atomSubset(req.URL); !ok && len(missing) > 0 {
			return nil, fmt.Errorf("%w for %s %s (no recorded arXiv answer holds %s): record it with --record DIR on a machine with network",
				ErrNoRecording, req.Method, req.URL.String(), strings.Join(missing, ", "))
		}
	}
	if !ok {
		return nil, fmt.Errorf("%w for %s %s: record it with --record DIR on a machine with network", ErrNoRecording, req.Method, req.URL.String())
	}
	if NotModified(req.Header, e.Status, e.Header) {
		h := http.Header{}
		for _, k := range []string{"Etag", "Last-Modified"} {
			if v := e.Header.Values(k); len(v) > 0 {
				h[k] = append([]string(nil), v...)
			}
		}
		return response(req, http.StatusNotModified, h, nil), nil
	}
	h := e.Header.Clone()
	if !e.RecordedAt.IsZero() {
		h.Set(RecordedAtHeader, e.RecordedAt.UTC().Format(time.RFC3339Nano))
	}
	return response(req, e.Status, h, e.Body), nil
}

// RecordedAtHeader is set on every response the Recorder returns and on every
// replayed response whose recording has a recorded-at time, so that a record
// says when the page was really fetched, the same whether it is made while
// recording or while replaying. It is never written to a recording.
const RecordedAtHeader = "X-Claimcheck-Recorded-At"

func response(req *http.Request, status int, h http.Header, body []byte) *http.Response {
	if h == nil {
		h = http.Header{}
	}
	h.Del("Content-Encoding")
	h.Del("Transfer-Encoding")
	if status != http.StatusNotModified {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	return &http.Response{
		Status:        strconv.Itoa(status) + " " + http.StatusText(status),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// NotModified reports whether a request with header reqH, answered by a
// response with status and header respH, should instead be answered 304: the
// response is 2xx and If-None-Match matches its ETag (weak comparison), or,
// when the request has no If-None-Match, If-Modified-Since is not older than
// its Last-Modified.
func NotModified(reqH http.Header, status int, respH http.Header) bool {
	if status < 200 || status > 299 {
		return false
	}
	if inm := reqH.Get("If-None-Match"); inm != "" {
		etag := respH.Get("Etag")
		if etag == "" {
			return false
		}
		return ETagMatch(inm, etag)
	}
	ims := reqH.Get("If-Modified-Since")
	lm := respH.Get("Last-Modified")
	if ims == "" || lm == "" {
		return false
	}
	t1, err1 := http.ParseTime(ims)
	t2, err2 := http.ParseTime(lm)
	if err1 != nil || err2 != nil {
		return false
	}
	return !t1.Before(t2)
}

// ETagMatch reports whether an If-None-Match list matches etag (weak
// comparison; "*" matches anything).
func ETagMatch(ifNoneMatch, etag string) bool {
	want := strings.TrimPrefix(strings.TrimSpace(etag), "W/")
	for c := range strings.SplitSeq(ifNoneMatch, ",") {
		c = strings.TrimSpace(c)
		if c == "*" {
			return true
		}
		if c != "" && strings.TrimPrefix(c, "W/") == want {
			return true
		}
	}
	return false
}
