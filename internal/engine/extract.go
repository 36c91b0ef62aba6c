package engine

import (
	"strings"
	"sync"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/extract/arxiv"
	"github.com/claimcheck/claimcheck/checks/extract/docs"
	"github.com/claimcheck/claimcheck/checks/extract/github"
	"github.com/claimcheck/claimcheck/checks/extract/hf"
	"github.com/claimcheck/claimcheck/checks/extract/venue"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// Extractor reads one kind of record.
type Extractor func(record.Record) extract.Result

// extractors maps each resource kind to the extractor that reads it.
var extractors = map[record.Kind]Extractor{
	record.KindArXivQuery:     arxiv.Extract,
	record.KindArXivAbs:       arxiv.Extract,
	record.KindDocsPage:       docs.Extract,
	record.KindGitHubRepo:     github.Extract,
	record.KindGitHubReadme:   github.Extract,
	record.KindGitHubReleases: github.Extract,
	record.KindHFModel:        hf.Extract,
	record.KindHFReadme:       hf.Extract,
	record.KindHFConfig:       hf.Extract,
	record.KindHFAuthorModels: hf.Extract,
	record.KindCrossrefWork:   venue.Extract,
	record.KindVenuePage:      venue.Extract,
}

// Extract runs the matching extractor over every record that carries a body.
// Records with a fetch error are skipped: the judge reads them directly.
// Observations and health come in record order.
func Extract(recs []record.Record) ([]extract.Observation, []extract.Health) {
	x := NewExtraction(len(recs))
	for i, rec := range recs {
		x.Add(i, rec)
	}
	return x.Result()
}

// Extraction extracts records handed over one at a time — in any order, from
// several goroutines at once, as a crawl produces them — so that a record's
// body can be dropped as soon as it has been read. Result gives what Extract
// gives for the same records: observations and health in record order.
//
// It keeps memory small: each record's observations are stored in a slice of
// exactly their number, and the strings they carry (subjects, fields, values,
// locators, quotes) are interned, so the many observations that repeat a
// string share one copy, and none keeps a larger string (a page) alive.
type Extraction struct {
	mu     sync.Mutex
	strs   map[string]string
	obs    [][]extract.Observation
	health [][]extract.Health
}

// NewExtraction prepares the extraction of n records (indices 0..n-1).
func NewExtraction(n int) *Extraction {
	return &Extraction{strs: map[string]string{}, obs: make([][]extract.Observation, n), health: make([][]extract.Health, n)}
}

// Add extracts record i and returns the record to keep: without its body,
// its final URL sharing the requested one when they are equal, its content
// type and Last-Modified interned. Each index is added at most once; Add is
// safe for concurrent use. A record with a fetch error yields nothing.
func (x *Extraction) Add(i int, rec record.Record) record.Record {
	rec.FinalURL = same(rec.FinalURL, rec.URL)
	x.mu.Lock()
	rec.ContentType, rec.LastMod = x.intern(rec.ContentType), x.intern(rec.LastMod)
	x.mu.Unlock()
	x.extract(i, rec)
	rec.Body = nil
	return rec
}

func (x *Extraction) extract(i int, rec record.Record) {
	if !rec.OK() {
		return
	}
	var res extract.Result
	if fn, ok := extractors[rec.Resource.Kind]; ok {
		res = fn(rec)
	} else {
		res.Health = []extract.Health{{
			Subject: rec.Resource.ID(), URL: rec.URL,
			Problem: "no extractor for resource kind " + string(rec.Resource.Kind),
		}}
	}
	var obs []extract.Observation
	var health []extract.Health
	if len(res.Observations) > 0 {
		obs = make([]extract.Observation, len(res.Observations))
		copy(obs, res.Observations)
	}
	if len(res.Health) > 0 {
		health = make([]extract.Health, len(res.Health))
		copy(health, res.Health)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for j := range obs {
		o := &obs[j]
		o.Subject, o.Model, o.Field, o.Value = x.intern(o.Subject), x.intern(o.Model), x.intern(o.Field), x.intern(o.Value)
		e := &o.Evidence
		e.Locator, e.Quote = x.intern(e.Locator), x.intern(e.Quote)
		// The record's own strings: shared with the record, not copied per observation.
		e.URL, e.FinalURL, e.SHA256 = same(e.URL, rec.URL), same(e.FinalURL, rec.FinalURL), same(e.SHA256, rec.SHA256)
	}
	for j := range health {
		h := &health[j]
		h.Subject, h.Field, h.URL, h.Problem = x.intern(h.Subject), x.intern(h.Field), x.intern(h.URL), x.intern(h.Problem)
	}
	x.obs[i], x.health[i] = obs, health
}

// intern returns the one stored copy of s (a clone, so that it never pins
// the string s was cut from). Callers hold x.mu.
func (x *Extraction) intern(s string) string {
	if s == "" {
		return ""
	}
	if t, ok := x.strs[s]; ok {
		return t
	}
	t := strings.Clone(s)
	x.strs[t] = t
	return t
}

// same returns shared when s equals it, s otherwise.
func same(s, shared string) string {
	if s == shared {
		return shared
	}
	return s
}

// Result returns every observation and health report in record order, in
// slices of exactly their length, and releases what the extraction held.
// Call it once, after the last Add.
func (x *Extraction) Result() ([]extract.Observation, []extract.Health) {
	x.mu.Lock()
	defer x.mu.Unlock()
	no, nh := 0, 0
	for i := range x.obs {
		no += len(x.obs[i])
		nh += len(x.health[i])
	}
	var obs []extract.Observation
	var health []extract.Health
	if no > 0 {
		obs = make([]extract.Observation, 0, no)
	}
	if nh > 0 {
		health = make([]extract.Health, 0, nh)
	}
	for i := range x.obs {
		obs = append(obs, x.obs[i]...)
		health = append(health, x.health[i]...)
		x.obs[i], x.health[i] = nil, nil
	}
	x.obs, x.health, x.strs = nil, nil, nil
	return obs, health
}
