package engine

import (
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
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
	record.KindArXivHTML:      arxiv.Extract,
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
	record.KindArXivSearch:    arxiv.Extract,
	record.KindGitHubOrgRepos: github.Extract,
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
// gives for the same records: observations and health in record order;
// Store gives the same observations grouped by subject, compactly.
//
// It keeps memory small: each observation is held compactly (see
// ObservationStore), its strings (subjects, fields, values, locators,
// quotes) interned, so the many observations that repeat a string share one
// copy, and none keeps a larger string (a page) alive; the evidence fields
// that come from the record (source, URLs, time, status, hash) are the
// record's, stored once per record.
type Extraction struct {
	mu     sync.Mutex
	ids    map[string]uint32
	strs   []string
	bases  []record.Evidence // per record: the evidence its observations cite, without locator and quote
	evs    []record.Evidence // evidence that differs from its record's
	obs    [][]compactObs
	health [][]extract.Health
	// override replaces the extractor of its kinds; log gets the stack of
	// an extractor that panicked (nil: none).
	override map[record.Kind]Extractor
	log      *zap.Logger
}

// compactObs is one observation in 48 bytes instead of 208: string ids, the
// record whose evidence it cites, and the parsed forms.
type compactObs struct {
	subject, model, field, value, locator, quote uint32
	rec                                          int32 // index of the record (its evidence base)
	ev                                           int32 // -1, or the index of its own evidence in evs
	q                                            *catalog.Quantity
	d                                            *catalog.Date
}

// NewExtraction prepares the extraction of n records (indices 0..n-1).
func NewExtraction(n int) *Extraction {
	return &Extraction{ids: map[string]uint32{"": 0}, strs: []string{""}, bases: make([]record.Evidence, n),
		obs: make([][]compactObs, n), health: make([][]extract.Health, n)}
}

// Add extracts record i and returns the record to keep: without its body,
// its final URL sharing the requested one when they are equal, its content
// type and Last-Modified interned. Each index is added at most once; Add is
// safe for concurrent use. A record with a fetch error yields nothing.
func (x *Extraction) Add(i int, rec record.Record) record.Record {
	rec.FinalURL = same(rec.FinalURL, rec.URL)
	x.mu.Lock()
	rec.ContentType, rec.LastMod = x.internString(rec.ContentType), x.internString(rec.LastMod)
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
	fn, ok := x.override[rec.Resource.Kind]
	if !ok {
		fn, ok = extractors[rec.Resource.Kind]
	}
	if ok {
		res = x.guard(fn, rec)
	} else {
		res.Health = []extract.Health{{
			Subject: rec.Resource.ID(), URL: rec.URL,
			Problem: "no extractor for resource kind " + string(rec.Resource.Kind),
		}}
	}
	base := rec.Evidence("", "")
	var obs []compactObs
	var health []extract.Health
	if len(res.Health) > 0 {
		health = make([]extract.Health, len(res.Health))
		copy(health, res.Health)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if len(res.Observations) > 0 {
		obs = make([]compactObs, len(res.Observations))
	}
	for j, o := range res.Observations {
		e := o.Evidence
		c := compactObs{
			subject: x.id(o.Subject), model: x.id(packModel(o.Model, o.Binding)), field: x.id(o.Field), value: x.id(o.Value),
			locator: x.id(e.Locator), quote: x.id(e.Quote), rec: int32(i), ev: -1, q: o.Quantity, d: o.Date,
		}
		if e.Source != base.Source || e.URL != base.URL || e.FinalURL != base.FinalURL || e.FetchedAt != base.FetchedAt ||
			e.Status != base.Status || e.SHA256 != base.SHA256 {
			// Not the record's own evidence: kept whole (its strings
			// shared with the record's where equal).
			e.URL, e.FinalURL, e.SHA256 = same(e.URL, rec.URL), same(e.FinalURL, rec.FinalURL), same(e.SHA256, rec.SHA256)
			e.Locator, e.Quote = x.strs[c.locator], x.strs[c.quote]
			c.ev = int32(len(x.evs))
			x.evs = append(x.evs, e)
		}
		obs[j] = c
	}
	for j := range health {
		h := &health[j]
		h.Subject, h.Field, h.URL, h.Problem = x.internString(h.Subject), x.internString(h.Field), x.internString(h.URL), x.internString(h.Problem)
	}
	x.obs[i], x.health[i], x.bases[i] = obs, health, base
}

// guard runs an extractor; a panic is recovered as a health report about
// the whole record (Field ""), one per subject the record is about, so the
// judge treats the record as unread: no observation from it, and no claim
// contradicted for want of what it would have said (checks/guard.go) —
// unverified instead. The stack goes to the debug log.
func (x *Extraction) guard(fn Extractor, rec record.Record) (res extract.Result) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if x.log != nil {
			x.log.Warn("extractor failed: recovered, its record counts as unread", zap.String("kind", string(rec.Resource.Kind)),
				zap.String("url", rec.URL), zap.Any("panic", v))
			x.log.Debug("extractor panic stack", zap.String("url", rec.URL), zap.ByteString("stack", debug.Stack()))
		}
		problem := fmt.Sprintf("extractor for %s failed (internal error: %v); nothing was read from this record", rec.Resource.Kind, v)
		subjects := checks.RecordSubjects(rec.Resource)
		if len(subjects) == 0 {
			subjects = []string{rec.Resource.ID()}
		}
		res = extract.Result{}
		for _, s := range subjects {
			res.Health = append(res.Health, extract.Health{Subject: s, URL: rec.URL, Problem: problem})
		}
	}()
	return fn(rec)
}

// id returns the id of s in the string table, adding a clone of s (so that
// it never pins the string s was cut from). Callers hold x.mu.
func (x *Extraction) id(s string) uint32 {
	if id, ok := x.ids[s]; ok {
		return id
	}
	id := uint32(len(x.strs))
	t := strings.Clone(s)
	x.strs = append(x.strs, t)
	x.ids[t] = id
	return id
}

// internString returns the one stored copy of s. Callers hold x.mu.
func (x *Extraction) internString(s string) string { return x.strs[x.id(s)] }

// same returns shared when s equals it, s otherwise.
func same(s, shared string) string {
	if s == shared {
		return shared
	}
	return s
}

// packModel stores an observation's binding with its model in one interned
// string ("\x00binding\x00model"), so that compactObs stays 48 bytes; the
// few distinct pairs share their copies like any other string. A model name
// never holds a NUL (extractors normalise white space and control
// characters away); an unknown binding is the model alone.
func packModel(model string, b extract.Binding) string {
	if b == extract.BoundUnknown {
		return model
	}
	return "\x00" + string(b) + "\x00" + model
}

// unpackModel reverses packModel.
func unpackModel(s string) (string, extract.Binding) {
	if !strings.HasPrefix(s, "\x00") {
		return s, extract.BoundUnknown
	}
	b, model, _ := strings.Cut(s[1:], "\x00")
	return model, extract.Binding(b)
}

// observation rebuilds an observation.
func observation(strs []string, bases, evs []record.Evidence, c compactObs) extract.Observation {
	model, b := unpackModel(strs[c.model])
	o := extract.Observation{Subject: strs[c.subject], Model: model, Binding: b, Field: strs[c.field], Value: strs[c.value],
		Quantity: c.q, Date: c.d}
	if c.ev >= 0 {
		o.Evidence = evs[c.ev]
	} else {
		o.Evidence = bases[c.rec]
		o.Evidence.Locator, o.Evidence.Quote = strs[c.locator], strs[c.quote]
	}
	return o
}

// healthResult concatenates the health reports in record order. Callers hold x.mu.
func (x *Extraction) healthResult() []extract.Health {
	return drain(x.health, func(h extract.Health) extract.Health { return h })
}

// drain concatenates parts in order, each element converted by conv, into
// a slice of exactly the total length (nil when there is nothing), and
// clears each part once it is read so that it can be freed.
func drain[S, T any](parts [][]S, conv func(S) T) []T {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	var out []T
	if n > 0 {
		out = make([]T, 0, n)
	}
	for i, p := range parts {
		for _, s := range p {
			out = append(out, conv(s))
		}
		parts[i] = nil
	}
	return out
}

// Result returns every observation and health report in record order, in
// slices of exactly their length, and releases what the extraction held.
// Call it (or Store) once, after the last Add.
func (x *Extraction) Result() ([]extract.Observation, []extract.Health) {
	x.mu.Lock()
	defer x.mu.Unlock()
	obs := drain(x.obs, func(c compactObs) extract.Observation { return observation(x.strs, x.bases, x.evs, c) })
	health := x.healthResult()
	x.release()
	return obs, health
}

func (x *Extraction) release() {
	x.obs, x.health, x.ids, x.strs, x.bases, x.evs = nil, nil, nil, nil, nil, nil
}

// Store returns the observations grouped by subject key (in record order
// within a subject) in an ObservationStore, and the health reports in
// record order, and releases what the extraction held. Call it (or Result)
// once, after the last Add.
func (x *Extraction) Store() (*ObservationStore, []extract.Health) {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := &ObservationStore{strs: x.strs, bases: x.bases, evs: x.evs, spans: map[string]span{}}
	// Subject key of each subject string id, and each key's size, in order
	// of first appearance.
	keyOf := map[uint32]string{}
	count := map[string]int{}
	for i := range x.obs {
		for _, c := range x.obs[i] {
			k, ok := keyOf[c.subject]
			if !ok {
				k = checks.SubjectKey(x.strs[c.subject])
				keyOf[c.subject] = k
			}
			if count[k] == 0 {
				s.keys = append(s.keys, k)
			}
			count[k]++
		}
	}
	n := 0
	next := make(map[string]int, len(s.keys))
	for _, k := range s.keys {
		next[k] = n
		s.spans[k] = span{int32(n), int32(n + count[k])}
		n += count[k]
	}
	s.obs = make([]compactObs, n)
	for i := range x.obs {
		for _, c := range x.obs[i] {
			k := keyOf[c.subject]
			s.obs[next[k]] = c
			next[k]++
		}
		x.obs[i] = nil
	}
	health := x.healthResult()
	x.release()
	return s, health
}

// span is a subject's observations in ObservationStore.obs: [start, end).
type span struct{ start, end int32 }

// ObservationStore holds a run's observations compactly, grouped by subject
// key, and builds each subject's observations on demand: it is the
// checks.ObservationIndex the engine judges with. At 48 bytes an
// observation (plus its interned strings), it is about a quarter of the
// []extract.Observation it replaces. It is read-only and safe for
// concurrent use.
type ObservationStore struct {
	strs  []string
	bases []record.Evidence
	evs   []record.Evidence
	keys  []string
	spans map[string]span
	obs   []compactObs
}

var _ checks.ObservationIndex = (*ObservationStore)(nil)

// Keys lists the subject keys, in order of first appearance.
func (s *ObservationStore) Keys() []string {
	if s == nil {
		return nil
	}
	return s.keys
}

// Observations builds the observations of a subject key, in record order.
func (s *ObservationStore) Observations(key string) []extract.Observation {
	if s == nil {
		return nil
	}
	sp, ok := s.spans[key]
	if !ok {
		return nil
	}
	out := make([]extract.Observation, 0, sp.end-sp.start)
	for _, c := range s.obs[sp.start:sp.end] {
		out = append(out, observation(s.strs, s.bases, s.evs, c))
	}
	return out
}

// Len is the number of observations.
func (s *ObservationStore) Len() int {
	if s == nil {
		return 0
	}
	return len(s.obs)
}
