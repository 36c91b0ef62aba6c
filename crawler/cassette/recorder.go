package cassette

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// DefaultMaxBody bounds the body a Recorder buffers to write; a larger body is
// passed through unrecorded.
const DefaultMaxBody = 32 << 20

// Request and response headers a Recorder writes; nothing else is ever written.
var (
	requestHeaders  = []string{"Accept", "If-None-Match", "If-Modified-Since"}
	responseHeaders = []string{"Content-Type", "Etag", "Last-Modified", "Location", "Retry-After", "Link"}
)

// Recorder is an http.RoundTripper that sends each request through next and
// writes the exchange to a file under its directory.
type Recorder struct {
	dir     string
	next    http.RoundTripper
	rewrite func(*url.URL) *url.URL
	// MaxBody bounds the body that is buffered and written (DefaultMaxBody).
	MaxBody int64
	// Now stamps recorded-at (time.Now when nil).
	Now func() time.Time

	mu      sync.Mutex
	written map[string]bool // keys written by this recorder
}

// NewRecorder returns a Recorder writing under dir (created if needed). rewrite
// maps the URL actually requested to the canonical URL written to the file (and
// rewrites absolute Location headers the same way); nil keeps URLs as they are,
// and a rewrite returning nil skips recording that exchange.
func NewRecorder(dir string, next http.RoundTripper, rewrite func(*url.URL) *url.URL) (*Recorder, error) {
	if next == nil {
		return nil, errors.New("new recorder: nil transport")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("new recorder: %w", err)
	}
	return &Recorder{dir: dir, next: next, rewrite: rewrite, MaxBody: DefaultMaxBody, written: map[string]bool{}}, nil
}

// RoundTrip sends req through the next transport and records the exchange. The
// response returned has the same status, headers and (decoded) body. A
// transport error is returned unrecorded.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	canon := r.canonical(req.URL)
	if canon == nil {
		return resp, nil
	}
	body, ok, err := r.recordableBody(req, canon, resp)
	if err != nil {
		return nil, err
	}
	if !ok {
		return resp, nil
	}
	e := r.exchangeOf(req, canon, resp, body)
	if err := r.write(e); err != nil {
		return nil, fmt.Errorf("record %s %s: %w", req.Method, e.URL, err)
	}
	// The caller learns the time written to the recording, so that the record
	// it makes now and the one a replay makes later carry the same time.
	resp.Header.Set(RecordedAtHeader, e.RecordedAt.Format(time.RFC3339Nano))
	return resp, nil
}

// recordableBody reads resp's body within MaxBody and decodes it; ok is
// false when the exchange is passed on unrecorded (too large, an encoding
// it cannot decode within the bound), with resp's body left whole for the
// caller either way.
func (r *Recorder) recordableBody(req *http.Request, canon *url.URL, resp *http.Response) (body []byte, ok bool, err error) {
	limit := r.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		resp.Body.Close()
		return nil, false, fmt.Errorf("record %s %s: read body: %w", req.Method, canon.Redacted(), err)
	}
	if int64(len(raw)) > limit {
		// Too large to record: hand the caller the whole stream, unrecorded.
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(raw), resp.Body), resp.Body}
		return nil, false, nil
	}
	resp.Body.Close()
	body = raw
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip":
		dec, derr := gunzip(raw, limit)
		if derr != nil {
			// Not decodable within the bound: pass it on unrecorded, as received.
			resp.Body = io.NopCloser(bytes.NewReader(raw))
			return nil, false, nil
		}
		body = dec
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = int64(len(body))
		resp.Uncompressed = true
	default:
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		return nil, false, nil
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return body, true, nil
}

// exchangeOf is the exchange recorded for req and its (decoded) answer: the
// canonical URL, the request and response headers kept, and a Location
// rewritten to its canonical form.
func (r *Recorder) exchangeOf(req *http.Request, canon *url.URL, resp *http.Response, body []byte) *Exchange {
	e := &Exchange{
		Method:        req.Method,
		URL:           canon.String(),
		RequestHeader: http.Header{},
		Status:        resp.StatusCode,
		Header:        http.Header{},
		Body:          body,
	}
	if r.Now != nil {
		e.RecordedAt = r.Now().UTC()
	} else {
		e.RecordedAt = time.Now().UTC().Truncate(time.Second)
	}
	for _, k := range requestHeaders {
		copyHeader(e.RequestHeader, req.Header, k)
	}
	for _, k := range responseHeaders {
		copyHeader(e.Header, resp.Header, k)
	}
	for k := range resp.Header {
		if strings.HasPrefix(strings.ToLower(k), "x-ratelimit-") {
			copyHeader(e.Header, resp.Header, k)
		}
	}
	if loc := e.Header.Get("Location"); loc != "" {
		if lu, err := url.Parse(loc); err == nil && lu.IsAbs() {
			if c := r.canonical(lu); c != nil {
				e.Header.Set("Location", c.String())
			}
		}
	}
	return e
}

type readCloser struct {
	io.Reader
	io.Closer
}

func (r *Recorder) canonical(u *url.URL) *url.URL {
	c := *u
	c.User = nil
	c.Fragment = ""
	if r.rewrite == nil {
		return &c
	}
	out := r.rewrite(&c)
	if out == nil {
		return nil
	}
	o := *out
	o.User = nil
	return &o
}

func gunzip(b []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(out)) > limit {
		return nil, errors.New("decoded body too large")
	}
	return out, nil
}

// secretName reports whether a header name must never be written.
func secretName(k string) bool {
	l := strings.ToLower(k)
	if l == "cookie" || l == "set-cookie" {
		return true
	}
	return strings.Contains(l, "token") || strings.Contains(l, "auth") || strings.Contains(l, "key")
}

func copyHeader(dst, src http.Header, k string) {
	if secretName(k) {
		return
	}
	for _, v := range src.Values(k) {
		if strings.ContainsAny(v, "\r\n") {
			continue
		}
		dst.Add(k, v)
	}
}

// write stores e atomically. A 304 never replaces a fuller recording of the
// same request made by this recorder.
func (r *Recorder) write(e *Exchange) error {
	k, err := Key(e.Method, e.URL)
	if err != nil {
		return err
	}
	rel := FileName(e.Method, e.URL)
	path := filepath.Join(r.dir, rel)
	r.mu.Lock()
	defer r.mu.Unlock()
	if e.Status == http.StatusNotModified && r.written[k] {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*.partial")
	if err != nil {
		return err
	}
	if _, err := e.WriteTo(tmp); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	r.written[k] = true
	return nil
}

// FileName is the relative path a Recorder writes an exchange to:
// <host>/<path with "/" → "_">[_<hash>].http, with a non-GET method as a
// prefix. The hash (of the key) is added when the URL has a query or its path
// had to be altered to make a file name, so distinct requests never share a file.
func FileName(method, rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		u = &url.URL{Host: "invalid", Path: rawURL}
	}
	host := sanitize(strings.ToLower(u.Host))
	if host == "" {
		host = "nohost"
	}
	p := strings.Trim(u.EscapedPath(), "/")
	name := sanitize(strings.ReplaceAll(p, "/", "_"))
	// "_" stands for "/", so a path that has its own "_" is ambiguous too.
	lossy := name != strings.ReplaceAll(p, "/", "_") || strings.Contains(p, "_")
	if name == "" {
		name = "index"
	}
	if len(name) > 100 {
		name, lossy = name[:100], true
	}
	if method != http.MethodGet {
		name = sanitize(method) + "_" + name
	}
	if u.RawQuery != "" || lossy {
		sum := sha256.Sum256([]byte(KeyURL(method, u)))
		name += "_" + hex.EncodeToString(sum[:])[:12]
	}
	return filepath.Join(host, name+".http")
}

func sanitize(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c == '-' || c == '_' || c == '.' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z'):
			b.WriteRune(c)
		default:
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), ".")
}
