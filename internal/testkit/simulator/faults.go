package simulator

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// FaultKind names a way a source misbehaves.
type FaultKind string

const (
	FaultTimeout      FaultKind = "timeout"         // hang until the client gives up (or Close)
	FaultReset        FaultKind = "reset"           // connection reset: hijack and close with RST
	FaultBurst5xx     FaultKind = "5xx"             // N answers of 503, then normal answers
	FaultTruncated    FaultKind = "truncated"       // Content-Length larger than the body sent
	FaultMalformed    FaultKind = "malformed"       // 200 with broken JSON/XML/HTML
	FaultRedirectLoop FaultKind = "redirect-loop"   // 302 to the same path, forever
	FaultOversized    FaultKind = "oversized"       // 200 with a body of Size bytes
	FaultGzipBomb     FaultKind = "gzip-bomb"       // Content-Encoding gzip, tiny compressed, Size decompressed
	FaultWrongType    FaultKind = "wrong-type"      // the body under a wrong Content-Type
	FaultFieldRemoved FaultKind = "field-removed"   // 200 with the body edited by Edit
	FaultRetryFar     FaultKind = "retry-after-far" // 429 with a Retry-After far beyond any cap
	FaultDrip         FaultKind = "drip"            // the answer's headers at once, its body one byte every Every
)

// FaultKinds lists every fault kind.
var FaultKinds = []FaultKind{
	FaultTimeout, FaultReset, FaultBurst5xx, FaultTruncated, FaultMalformed, FaultRedirectLoop,
	FaultOversized, FaultGzipBomb, FaultWrongType, FaultFieldRemoved, FaultRetryFar, FaultDrip,
}

// Fault is a misbehaviour injected into a source's answers.
type Fault struct {
	Kind FaultKind
	// N: for FaultBurst5xx the number of 503 answers before normal ones (default
	// 3); for the other kinds, when > 0, the fault applies to the next N matching
	// requests only (0 = every matching request).
	N int
	// Size is the body size for FaultOversized and the decompressed size for
	// FaultGzipBomb (defaults 64 MiB and 1 GiB).
	Size int64
	// ContentType is served by FaultWrongType (default: HTML for a JSON or XML
	// answer, JSON otherwise).
	ContentType string
	// RetryAfter is the wait FaultRetryFar announces (default 30 days).
	RetryAfter time.Duration
	// Edit rewrites the body for FaultFieldRemoved.
	Edit func([]byte) []byte
	// Every is FaultDrip's pause between two bytes of the body (default 1s).
	Every time.Duration
}

// Timeout hangs until the client gives up.
func Timeout() Fault { return Fault{Kind: FaultTimeout} }

// ConnReset resets the connection without an answer.
func ConnReset() Fault { return Fault{Kind: FaultReset} }

// Burst5xx answers n times 503, then normally.
func Burst5xx(n int) Fault { return Fault{Kind: FaultBurst5xx, N: n} }

// Truncated declares a Content-Length larger than the body it sends.
func Truncated() Fault { return Fault{Kind: FaultTruncated} }

// Malformed answers 200 with a broken JSON, XML or HTML body.
func Malformed() Fault { return Fault{Kind: FaultMalformed} }

// RedirectLoop redirects to the same path forever.
func RedirectLoop() Fault { return Fault{Kind: FaultRedirectLoop} }

// Oversized answers a body of size bytes.
func Oversized(size int64) Fault { return Fault{Kind: FaultOversized, Size: size} }

// GzipBomb answers a small gzip body that decompresses to size bytes.
func GzipBomb(size int64) Fault { return Fault{Kind: FaultGzipBomb, Size: size} }

// WrongContentType serves the answer under contentType ("" picks a wrong one).
func WrongContentType(contentType string) Fault {
	return Fault{Kind: FaultWrongType, ContentType: contentType}
}

// FieldRemoved answers 200 with the body rewritten by edit (e.g. a field removed).
func FieldRemoved(edit func([]byte) []byte) Fault { return Fault{Kind: FaultFieldRemoved, Edit: edit} }

// Drip sends the answer's status and headers at once, then its body one
// byte every every (0 = 1s): a server that never stalls long enough for a
// header or idle timeout, but takes minutes for a page.
func Drip(every time.Duration) Fault { return Fault{Kind: FaultDrip, Every: every} }

// RetryAfterFar answers 429 with Retry-After d (0 = 30 days).
func RetryAfterFar(d time.Duration) Fault { return Fault{Kind: FaultRetryFar, RetryAfter: d} }

func (f Fault) validate() error {
	known := false
	for _, k := range FaultKinds {
		known = known || k == f.Kind
	}
	if !known {
		return fmt.Errorf("unknown fault kind %q", f.Kind)
	}
	if f.N < 0 || f.Size < 0 || f.RetryAfter < 0 || f.Every < 0 {
		return fmt.Errorf("fault %s: negative parameter", f.Kind)
	}
	if f.Kind == FaultFieldRemoved && f.Edit == nil {
		return fmt.Errorf("fault %s: no edit function", f.Kind)
	}
	return nil
}

// faultRule is a fault bound to a path pattern, with its remaining count.
type faultRule struct {
	pattern string
	fault   Fault
	left    int // remaining applications; -1 = unlimited
}

func (r *faultRule) matches(p string) bool {
	if r.pattern == "" || r.pattern == "*" {
		return true
	}
	if prefix, ok := strings.CutSuffix(r.pattern, "/**"); ok {
		return p == prefix || strings.HasPrefix(p, prefix+"/")
	}
	ok, _ := path.Match(r.pattern, p)
	return ok
}

// ParseFault parses a command-line fault spec:
//
//	SOURCE[:PATTERN]=KIND[:ARG]
//
// e.g. "github:/repos/*/*/readme=5xx:3", "arxiv=timeout", "hf=gzip-bomb:1073741824",
// "docs=retry-after-far:720h", "crossref=wrong-type:text/html", "github=drip:2s". FaultFieldRemoved
// needs a function and cannot be given on the command line.
func ParseFault(spec string) (record.Source, string, Fault, error) {
	lhs, rhs, ok := strings.Cut(spec, "=")
	if !ok {
		return "", "", Fault{}, fmt.Errorf("fault %q: want SOURCE[:PATTERN]=KIND[:ARG]", spec)
	}
	srcName, pattern, _ := strings.Cut(lhs, ":")
	src := record.Source(srcName)
	if !knownSource(src) {
		return "", "", Fault{}, fmt.Errorf("fault %q: unknown source %q", spec, srcName)
	}
	if _, err := path.Match(pattern, "/"); err != nil {
		return "", "", Fault{}, fmt.Errorf("fault %q: bad path pattern: %w", spec, err)
	}
	kind, arg, hasArg := strings.Cut(rhs, ":")
	f := Fault{Kind: FaultKind(kind)}
	var err error
	switch f.Kind {
	case FaultBurst5xx:
		f.N = 3
		if hasArg {
			f.N, err = strconv.Atoi(arg)
		}
	case FaultOversized, FaultGzipBomb:
		if hasArg {
			f.Size, err = strconv.ParseInt(arg, 10, 64)
		}
	case FaultWrongType:
		f.ContentType = arg
	case FaultRetryFar:
		if hasArg {
			f.RetryAfter, err = time.ParseDuration(arg)
		}
	case FaultDrip:
		if hasArg {
			f.Every, err = time.ParseDuration(arg)
		}
	case FaultFieldRemoved:
		return "", "", Fault{}, fmt.Errorf("fault %q: %s needs a Go function; use Sim.SetFault", spec, f.Kind)
	default:
		if hasArg {
			f.N, err = strconv.Atoi(arg)
		}
	}
	if err != nil {
		return "", "", Fault{}, fmt.Errorf("fault %q: bad argument: %w", spec, err)
	}
	if err := f.validate(); err != nil {
		return "", "", Fault{}, fmt.Errorf("fault %q: %w", spec, err)
	}
	return src, pattern, f, nil
}

func knownSource(s record.Source) bool {
	for _, k := range Sources {
		if k == s {
			return true
		}
	}
	return false
}

// malform breaks a body in a way that fits its content type: cut in the middle
// and followed by a stray fragment, so no parser can read it whole.
func malform(body []byte, contentType string) []byte {
	half := body[:len(body)/2]
	ct := strings.ToLower(contentType)
	var junk string
	switch {
	case strings.Contains(ct, "json"):
		junk = `{"unterminated": [1, 2,`
	case strings.Contains(ct, "xml"):
		junk = "<entry><title>unclosed</entry></feed><"
	case strings.Contains(ct, "html"):
		junk = "<div class=\"theme-doc-markdown\"><h1>unclosed <table><tr><td"
	default:
		junk = "\x00\xff\xfe"
	}
	out := make([]byte, 0, len(half)+len(junk))
	return append(append(out, half...), junk...)
}

// wrongType picks a content type that does not fit the answer.
func wrongType(contentType string) string {
	ct := strings.ToLower(contentType)
	if strings.Contains(ct, "json") || strings.Contains(ct, "xml") {
		return "text/html; charset=utf-8"
	}
	return "application/json"
}

// gzipMember is one gzip member holding 1 MiB of zeros; members concatenate
// into a valid multi-member gzip stream.
var gzipMember = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	return b.Bytes()
})
