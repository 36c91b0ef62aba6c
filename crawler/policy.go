package crawler

import (
	"fmt"
	"time"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// Policy is the politeness and safety policy of one source. It applies to the
// source whatever its endpoint: an overridden endpoint keeps its source's policy.
type Policy struct {
	// MinInterval is the minimum time between the starts of two requests to
	// the source (every attempt and every redirect hop counts).
	MinInterval time.Duration `json:"min_interval" yaml:"min_interval"`
	// Parallelism is the number of requests in flight at once.
	Parallelism int `json:"parallelism" yaml:"parallelism"`
	// MaxRetries is the number of retries after the first attempt, for GET on
	// 429/502/503/504 and network errors.
	MaxRetries int `json:"max_retries" yaml:"max_retries"`
	// BaseBackoff is the first retry delay; it doubles per retry, plus 0–20 % jitter.
	BaseBackoff time.Duration `json:"base_backoff" yaml:"base_backoff"`
	// MaxWait caps any single wait for the source (Retry-After, a rate-limit
	// reset, a pause): a longer wait defers the resource as rate-limited
	// instead of stalling the run.
	MaxWait time.Duration `json:"max_wait" yaml:"max_wait"`
	// Timeout bounds one attempt, body included: a body dripping in byte by
	// byte times out like a server that never answers.
	Timeout time.Duration `json:"timeout" yaml:"timeout"`
	// ResourceTimeout bounds the time one resource spends in exchanges and
	// in the backoff between them: every attempt, retry, redirect hop, page
	// and its robots.txt, together. An attempt never runs past what is left,
	// and no retry starts that could not finish in it. Waiting for the
	// source's turn (pacing, a rate-limit pause, each at most MaxWait) is not
	// counted: it says nothing about the resource.
	ResourceTimeout time.Duration `json:"resource_timeout" yaml:"resource_timeout"`
	// BreakerAfter opens the source's circuit after this many consecutive
	// resources failed with a timeout, a refused connection or a 5xx: the
	// source's remaining resources fail at once ("circuit-open", naming the
	// last failure) without a request. An answer (2xx, 304, 4xx) closes the
	// count. 0 disables the breaker.
	BreakerAfter int `json:"breaker_after" yaml:"breaker_after"`
	// RequestsPerHour is the source's hourly request budget, used to say up
	// front when a run needs more requests than its deadline allows (the
	// gate). 0 means the source's published limit: GitHub 60 an hour
	// anonymous, 1,000 with a token (the GitHub Actions token's limit); no
	// hourly limit for the other sources.
	RequestsPerHour int `json:"requests_per_hour" yaml:"requests_per_hour"`
	// MaxBodyBytes caps a (decompressed) body; a larger body is an error.
	MaxBodyBytes int64 `json:"max_body_bytes" yaml:"max_body_bytes"`
}

// Policies maps each source to its policy.
type Policies map[record.Source]Policy

// DefaultMaxBodyBytes is the default body cap (10 MiB).
const DefaultMaxBodyBytes = 10 << 20

// DefaultResourceTimeout is the default total time of one resource (two
// 30 s attempts at most, where three with backoff took 96 s before).
const DefaultResourceTimeout = 60 * time.Second

// DefaultBreakerAfter is the default number of consecutive failed resources
// that open a source's circuit.
const DefaultBreakerAfter = 5

// DefaultPolicies are the policies used for sources the configuration leaves out.
//
//	arXiv      3 s, 1 in flight (arXiv's API terms: one request every three seconds)
//	GitHub     1 s, 2 (plus x-ratelimit-remaining/reset and secondary limits)
//	HF, docs, Crossref  1 s, 2
//	venue      2 s, 1
func DefaultPolicies() Policies {
	base := Policy{MaxRetries: 2, BaseBackoff: 2 * time.Second, MaxWait: 2 * time.Minute,
		Timeout: 30 * time.Second, ResourceTimeout: DefaultResourceTimeout, BreakerAfter: DefaultBreakerAfter,
		MaxBodyBytes: DefaultMaxBodyBytes}
	with := func(interval time.Duration, par int) Policy {
		p := base
		p.MinInterval, p.Parallelism = interval, par
		return p
	}
	return Policies{
		record.SourceArXiv:    with(3*time.Second, 1),
		record.SourceGitHub:   with(time.Second, 2),
		record.SourceHF:       with(time.Second, 2),
		record.SourceDocs:     with(time.Second, 2),
		record.SourceCrossref: with(time.Second, 2),
		record.SourceVenue:    with(2*time.Second, 1),
	}
}

// Sources are all sources, in a stable order.
var Sources = []record.Source{record.SourceArXiv, record.SourceGitHub, record.SourceHF,
	record.SourceDocs, record.SourceCrossref, record.SourceVenue}

// For returns the policy of src: the configured one (the default when src is
// absent). Policies hold complete values — start from DefaultPolicies and
// change fields: a zero MinInterval means no pacing, zero MaxRetries no
// retries, zero MaxWait no waiting on a rate limit, zero BreakerAfter no
// breaker. Only Parallelism below 1, and a Timeout, ResourceTimeout or
// MaxBodyBytes of zero or less, fall back to the default.
func (p Policies) For(src record.Source) Policy {
	d, ok := DefaultPolicies()[src]
	if !ok {
		d = DefaultPolicies()[record.SourceVenue]
	}
	c, ok := p[src]
	if !ok {
		return d
	}
	if c.Parallelism < 1 {
		c.Parallelism = 1
	}
	if c.Timeout <= 0 {
		c.Timeout = d.Timeout
	}
	if c.ResourceTimeout <= 0 {
		c.ResourceTimeout = d.ResourceTimeout
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = d.MaxBodyBytes
	}
	return c
}

// Validate rejects negative values.
func (p Policies) Validate() error {
	for src, c := range p {
		if c.MinInterval < 0 || c.Parallelism < 0 || c.MaxRetries < 0 || c.BaseBackoff < 0 ||
			c.MaxWait < 0 || c.Timeout < 0 || c.MaxBodyBytes < 0 || c.ResourceTimeout < 0 || c.BreakerAfter < 0 ||
			c.RequestsPerHour < 0 {
			return fmt.Errorf("policy %s: negative value", src)
		}
	}
	return nil
}

// Scale returns the policies with every time interval (MinInterval,
// BaseBackoff, MaxWait) multiplied by f, for a declared relaxation such as
// the simulator bench (f = 0.01). Timeouts, parallelism, caps, the breaker
// and the hourly budget are kept.
// Every source is present in the result.
func (p Policies) Scale(f float64) Policies {
	out := Policies{}
	for _, src := range Sources {
		c := p.For(src)
		c.MinInterval = scaleDur(c.MinInterval, f)
		c.BaseBackoff = scaleDur(c.BaseBackoff, f)
		c.MaxWait = scaleDur(c.MaxWait, f)
		out[src] = c
	}
	return out
}

func scaleDur(d time.Duration, f float64) time.Duration {
	if f <= 0 {
		return 0
	}
	return time.Duration(float64(d) * f)
}
