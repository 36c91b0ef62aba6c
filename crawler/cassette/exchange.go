// Package cassette records HTTP exchanges to plain-text files a person can read
// and edit, and replays them with no network at all.
//
// One file holds one exchange:
//
//	# claimcheck recording v1
//	# recorded-at: 2026-11-20T03:00:00Z
//	GET https://export.arxiv.org/api/query?id_list=2412.19437&max_results=1
//	Accept: application/atom+xml
//
//	HTTP/1.1 200 OK
//	Content-Type: application/atom+xml; charset=utf-8
//	ETag: "a1b2c3"
//
//	<?xml version="1.0" encoding="UTF-8"?>…
//
// Comment lines start with "#", then come the request line, the safe request
// headers, a blank line, the response status line, the response headers, a
// blank line and the body: the rest of the file, byte for byte.
package cassette

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ErrNoRecording is wrapped by the Player's error for a request it has no
// recording of.
var ErrNoRecording = errors.New("no recording")

// MaxFileSize bounds one recording file; larger input is an error.
const MaxFileSize = 64 << 20

// maxHeaderLines bounds the header lines of each section.
const maxHeaderLines = 1000

// Magic is the first comment line written to every file.
const Magic = "# claimcheck recording v1"

// Exchange is one recorded request and its response.
type Exchange struct {
	// RecordedAt comes from the optional "# recorded-at:" comment (zero if absent).
	RecordedAt time.Time
	// Method and URL form the request line; URL is absolute.
	Method, URL string
	// RequestHeader holds only the safe request headers written to the file.
	RequestHeader http.Header
	Status        int
	Header        http.Header
	Body          []byte
	// File is the path the exchange was read from (empty when not read from a file).
	File string
}

// ParseError reports where a recording file is malformed.
type ParseError struct {
	File string // empty when the input had no name
	Line int    // 1-based
	Msg  string
}

func (e *ParseError) Error() string {
	name := e.File
	if name == "" {
		name = "recording"
	}
	return fmt.Sprintf("%s:%d: %s", name, e.Line, e.Msg)
}

// ReadExchange parses one exchange. Errors are *ParseError values naming the
// line (the caller may set File).
func ReadExchange(r io.Reader) (*Exchange, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read recording: %w", err)
	}
	if len(data) > MaxFileSize {
		return nil, &ParseError{Line: 1, Msg: fmt.Sprintf("recording larger than %d bytes", MaxFileSize)}
	}
	p := &parser{data: data}
	return p.parse()
}

type parser struct {
	data []byte
	pos  int
	line int // number of the line last returned by next
}

// next returns the next line without its line ending; ok is false at the end of input.
func (p *parser) next() (line string, ok bool) {
	if p.pos >= len(p.data) {
		return "", false
	}
	rest := p.data[p.pos:]
	i := bytes.IndexByte(rest, '\n')
	var l []byte
	if i < 0 {
		l = rest
		p.pos = len(p.data)
	} else {
		l = rest[:i]
		p.pos += i + 1
	}
	p.line++
	l = bytes.TrimSuffix(l, []byte("\r"))
	return string(l), true
}

func (p *parser) errf(format string, args ...any) error {
	return &ParseError{Line: max(p.line, 1), Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) parse() (*Exchange, error) {
	e := &Exchange{RequestHeader: http.Header{}, Header: http.Header{}}
	// Comments and blank lines, then the request line.
	var reqLine string
	for {
		l, ok := p.next()
		if !ok {
			return nil, p.errf("missing request line")
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		if strings.HasPrefix(l, "#") {
			c := strings.TrimSpace(strings.TrimPrefix(l, "#"))
			if v, ok := strings.CutPrefix(c, "recorded-at:"); ok {
				t, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
				if err != nil {
					return nil, p.errf("bad recorded-at %q: want RFC 3339", strings.TrimSpace(v))
				}
				e.RecordedAt = t
			}
			continue
		}
		reqLine = l
		break
	}
	method, rawURL, ok := strings.Cut(reqLine, " ")
	if !ok || !validMethod(method) {
		return nil, p.errf("bad request line %q: want METHOD URL", clip(reqLine))
	}
	rawURL = strings.TrimSpace(rawURL)
	u, err := url.Parse(rawURL)
	if err == nil && strings.ContainsAny(rawURL, " \t\r") {
		err = errors.New("white space in url")
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, p.errf("bad request URL %q: want an absolute http(s) URL", clip(rawURL))
	}
	e.Method, e.URL = method, rawURL
	if err := p.headers(e.RequestHeader, "request"); err != nil {
		return nil, err
	}
	// Status line.
	l, ok := p.next()
	if !ok {
		return nil, p.errf("missing response status line")
	}
	status, err := parseStatusLine(l)
	if err != nil {
		return nil, p.errf("%v", err)
	}
	e.Status = status
	if err := p.headers(e.Header, "response"); err != nil {
		return nil, err
	}
	e.Body = append([]byte(nil), p.data[p.pos:]...)
	return e, nil
}

// headers reads header lines up to and including the blank line ending them.
func (p *parser) headers(h http.Header, what string) error {
	for n := 0; ; n++ {
		l, ok := p.next()
		if !ok {
			if what == "response" {
				return nil // headers and no body: allowed
			}
			return p.errf("unexpected end of file in %s headers", what)
		}
		if l == "" {
			return nil
		}
		if n >= maxHeaderLines {
			return p.errf("more than %d %s header lines", maxHeaderLines, what)
		}
		name, value, ok := strings.Cut(l, ":")
		if !ok || !validHeaderName(name) {
			return p.errf("bad %s header line %q: want Name: value", what, clip(l))
		}
		if strings.ContainsAny(value, "\r\x00") {
			return p.errf("control character in %s header %s", what, name)
		}
		h.Add(name, strings.TrimSpace(value))
	}
}

func parseStatusLine(l string) (int, error) {
	proto, rest, ok := strings.Cut(l, " ")
	if !ok || (proto != "HTTP/1.1" && proto != "HTTP/1.0" && proto != "HTTP/2" && proto != "HTTP/2.0") {
		return 0, fmt.Errorf("bad status line %q: want HTTP/1.1 CODE REASON", clip(l))
	}
	code, _, _ := strings.Cut(rest, " ")
	n, err := strconv.Atoi(code)
	if err != nil || len(code) != 3 || n < 100 || n > 599 {
		return 0, fmt.Errorf("bad status code %q in status line", clip(code))
	}
	return n, nil
}

func validMethod(m string) bool {
	if m == "" || len(m) > 20 {
		return false
	}
	for _, c := range m {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

func validHeaderName(n string) bool {
	if n == "" || len(n) > 200 {
		return false
	}
	for _, c := range n {
		ok := c == '-' || c == '_' || c == '.' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		if !ok {
			return false
		}
	}
	return true
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// WriteTo writes the exchange in the recording format. Header names are written
// in canonical form, sorted; a value containing a line break is an error.
func (e *Exchange) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	b.WriteString(Magic + "\n")
	if !e.RecordedAt.IsZero() {
		b.WriteString("# recorded-at: " + e.RecordedAt.UTC().Format(time.RFC3339Nano) + "\n")
	}
	if !validMethod(e.Method) {
		return 0, fmt.Errorf("write exchange: bad method %q", e.Method)
	}
	if e.URL == "" || strings.ContainsAny(e.URL, " \r\n") {
		return 0, fmt.Errorf("write exchange: bad url %q", e.URL)
	}
	fmt.Fprintf(&b, "%s %s\n", e.Method, e.URL)
	if err := writeHeader(&b, e.RequestHeader); err != nil {
		return 0, err
	}
	b.WriteString("\n")
	if e.Status < 100 || e.Status > 599 {
		return 0, fmt.Errorf("write exchange: bad status %d", e.Status)
	}
	fmt.Fprintf(&b, "HTTP/1.1 %d", e.Status)
	if t := http.StatusText(e.Status); t != "" {
		b.WriteString(" " + t)
	}
	b.WriteString("\n")
	if err := writeHeader(&b, e.Header); err != nil {
		return 0, err
	}
	b.WriteString("\n")
	b.Write(e.Body)
	return b.WriteTo(w)
}

func writeHeader(b *bytes.Buffer, h http.Header) error {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !validHeaderName(k) {
			return fmt.Errorf("write exchange: bad header name %q", k)
		}
		for _, v := range h[k] {
			if strings.ContainsAny(v, "\r\n") {
				return fmt.Errorf("write exchange: header %s has a line break", k)
			}
			fmt.Fprintf(b, "%s: %s\n", displayName(k), strings.TrimSpace(v))
		}
	}
	return nil
}

// Key is the replay key of a request: METHOD, a space and the URL with a
// lower-case scheme and host, no default port, no fragment, "/" for an empty
// path and the query parameters sorted by key (values of one key keep their
// order).
func Key(method, rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("key for %s: %w", rawURL, err)
	}
	return KeyURL(method, u), nil
}

// KeyURL is Key for a parsed URL.
func KeyURL(method string, u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Host)
	if h, port, ok := strings.Cut(host, ":"); ok && !strings.Contains(port, ":") {
		if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
			host = h
		}
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	k := strings.ToUpper(method) + " " + scheme + "://" + host + p
	if q := SortedQuery(u.RawQuery); q != "" {
		k += "?" + q
	}
	return k
}

// SortedQuery returns raw query with its parameters decoded, sorted by key
// (stable) and re-encoded, so that equal queries compare equal.
func SortedQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type kv struct{ k, v string }
	var pairs []kv
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		pairs = append(pairs, kv{k, v})
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].k < pairs[j].k })
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.v))
	}
	return b.String()
}

// displayName spells a header name the way people write it.
func displayName(k string) string {
	k = http.CanonicalHeaderKey(k)
	if k == "Etag" {
		return "ETag"
	}
	if rest, ok := strings.CutPrefix(k, "X-Ratelimit-"); ok {
		return "X-RateLimit-" + rest
	}
	return k
}
