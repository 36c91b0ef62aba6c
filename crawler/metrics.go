package crawler

import (
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// SourceMetrics are one source's crawl counters (the fields of
// reports.SourceStats).
type SourceMetrics struct {
	Source record.Source `json:"source"`
	// Planned and Done count the resources handed to Fetch and finished (for
	// a progress display); duplicates within one Fetch count once.
	Planned int `json:"planned"`
	Done    int `json:"done"`
	// Requests counts HTTP attempts sent (retries, redirect hops and
	// robots.txt included); in replay mode, exchanges served by the player.
	Requests int `json:"requests"`
	// NotModified counts 304 answers to conditional requests.
	NotModified int `json:"not_modified"`
	// FromCache counts records whose body came from the store.
	FromCache int `json:"from_cache"`
	// Bytes is the body bytes received (before decompression).
	Bytes    int64         `json:"bytes"`
	Retries  int           `json:"retries"`
	Waits    int           `json:"waits"`
	WaitTime time.Duration `json:"wait_time"`
	Errors   int           `json:"errors"` // records with an error
}

// WaitSeconds is WaitTime in seconds (reports.SourceStats.WaitSeconds).
func (m SourceMetrics) WaitSeconds() float64 { return m.WaitTime.Seconds() }

// Metrics are the counters of every source that saw traffic, in Sources order.
type Metrics struct {
	Sources []SourceMetrics `json:"sources"`
}

// Source returns the counters of src (zero if it saw nothing).
func (m Metrics) Source(src record.Source) SourceMetrics {
	for _, s := range m.Sources {
		if s.Source == src {
			return s
		}
	}
	return SourceMetrics{Source: src}
}

type sourceMetrics struct {
	mu sync.Mutex
	v  SourceMetrics
}

func (m *sourceMetrics) add(f func(*SourceMetrics)) {
	m.mu.Lock()
	f(&m.v)
	m.mu.Unlock()
}

func (m *sourceMetrics) request()      { m.add(func(v *SourceMetrics) { v.Requests++ }) }
func (m *sourceMetrics) retry()        { m.add(func(v *SourceMetrics) { v.Retries++ }) }
func (m *sourceMetrics) bytes(n int64) { m.add(func(v *SourceMetrics) { v.Bytes += n }) }
func (m *sourceMetrics) wait(d time.Duration) {
	m.add(func(v *SourceMetrics) { v.Waits++; v.WaitTime += d })
}

func (m *sourceMetrics) snapshot() SourceMetrics {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.v
}

func (m SourceMetrics) zapFields() []zap.Field {
	return []zap.Field{
		zap.String("source", string(m.Source)), zap.Int("requests", m.Requests),
		zap.Int("not_modified", m.NotModified), zap.Int("from_cache", m.FromCache),
		zap.Int64("bytes", m.Bytes), zap.Int("retries", m.Retries), zap.Int("waits", m.Waits),
		zap.Duration("wait_time", m.WaitTime), zap.Int("errors", m.Errors),
	}
}
