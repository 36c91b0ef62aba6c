package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/engine"
	"github.com/claimcheck/claimcheck/internal/testkit/simulator"
)

// DefaultRecordedAt is the recorded-at stamp of the committed recording (the
// world's own recorded-at).
var DefaultRecordedAt = time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)

// Options configure Make.
type Options struct {
	World      string // world directory served by the simulator
	Out        string // recording directory, replaced as a whole
	RecordedAt time.Time
	Catalog    *catalog.Catalog // nil: the embedded catalog
	Logger     *zap.Logger      // nil: discard
}

// Summary describes a finished recording.
type Summary struct {
	Resources int      // planned resources
	OK        int      // answered 2xx
	NotFound  int      // answered 404/410 (or the Hub's 401): an official "does not exist"
	Files     int      // exchanges written (robots.txt and redirect hops included)
	Absent    []string // URLs answered "not found", sorted
}

// Make crawls the catalog's full plan through a simulator serving the world
// and writes the exchanges to a fresh directory that then replaces Out. A
// resource that fails for any reason other than an official "not found"
// (a transport error, a 5xx, a blocked host) fails the run and leaves Out
// untouched: the demo recording must hold an answer for every request.
func Make(ctx context.Context, o Options) (Summary, error) {
	var sum Summary
	o, cat, err := o.withDefaults()
	if err != nil {
		return sum, err
	}
	if st, err := os.Stat(o.World); err != nil || !st.IsDir() {
		return sum, fmt.Errorf("world %q: not a directory", o.World)
	}
	sim, err := simulator.New(simulator.Options{World: o.World, NoLimits: true})
	if err != nil {
		return sum, err
	}
	defer sim.Close()

	out := filepath.Clean(o.Out)
	tmp, err := freshSibling(out)
	if err != nil {
		return sum, err
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	run, err := crawlInto(ctx, sim, cat, tmp, o)
	if err != nil {
		return sum, err
	}
	if sum, err = summarize(run); err != nil {
		return sum, err
	}
	if sum.Files, err = countFiles(tmp); err != nil {
		return sum, err
	}
	if err := replaceDir(tmp, out); err != nil {
		return sum, err
	}
	done = true
	return sum, nil
}

// withDefaults fills in the recorded-at stamp, the logger and the catalog
// (the embedded one) that o leaves unset.
func (o Options) withDefaults() (Options, *catalog.Catalog, error) {
	if o.RecordedAt.IsZero() {
		o.RecordedAt = DefaultRecordedAt
	}
	if o.Logger == nil {
		o.Logger = zap.NewNop()
	}
	cat := o.Catalog
	if cat == nil {
		var err error
		if cat, err = catalog.Default(); err != nil {
			return o, nil, fmt.Errorf("embedded catalog: %w", err)
		}
	}
	return o, cat, nil
}

// freshSibling creates an empty directory beside out (creating out's parent
// if needed), where the recording is written before it replaces out.
func freshSibling(out string) (string, error) {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("output: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+"-new-*")
	if err != nil {
		return "", fmt.Errorf("output: %w", err)
	}
	return tmp, nil
}

// crawlInto runs everything a full audit of cat asks for, the full-text
// round included (the engine plans and fetches as the audit does), through
// the simulator with the canonical endpoints, recording every exchange
// under dir stamped o.RecordedAt.
func crawlInto(ctx context.Context, sim *simulator.Sim, cat *catalog.Catalog, dir string, o Options) (*engine.Result, error) {
	base := &http.Transport{DisableKeepAlives: false, MaxIdleConnsPerHost: 4}
	defer base.CloseIdleConnections()
	stamp := o.RecordedAt.UTC()
	c, err := crawler.New(crawler.Config{
		AllowHosts: cat.Hosts,
		// The simulator runs without limits: pacing would only slow the tool.
		Policies:  crawler.DefaultPolicies().Scale(0),
		UserAgent: crawler.UserAgent("mkrecording"),
		RecordDir: dir,
		Transport: &simTransport{sim: sim, next: base},
		Now:       func() time.Time { return stamp },
		Logger:    o.Logger,
	})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return engine.Run(ctx, c, engine.Options{Catalog: cat, Now: stamp})
}

// summarize counts the run's answers; any resource that failed other than
// with an official "not found" is an error listing every such failure.
func summarize(run *engine.Result) (Summary, error) {
	sum := Summary{Resources: len(run.Resources)}
	var problems []string
	for _, r := range run.Records {
		switch {
		case r.Err == nil:
			sum.OK++
		case notFound(r):
			sum.NotFound++
			sum.Absent = append(sum.Absent, r.URL)
		default:
			problems = append(problems, fmt.Sprintf("%s: %s: %s", r.URL, r.Err.Kind, r.Err.Message))
		}
	}
	sort.Strings(sum.Absent)
	if len(problems) > 0 {
		sort.Strings(problems)
		return sum, fmt.Errorf("%d resources failed:\n  %s", len(problems), strings.Join(problems, "\n  "))
	}
	return sum, nil
}

// notFound reports an official "does not exist" answer.
func notFound(r record.Record) bool {
	switch r.Status {
	case http.StatusNotFound, http.StatusGone:
		return true
	case http.StatusUnauthorized:
		return r.Resource.Source == record.SourceHF
	}
	return false
}

func countFiles(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".http") {
			n++
		}
		return nil
	})
	return n, err
}

// replaceDir moves the fresh directory into place: the old one is renamed
// aside first and removed only once the new one is in place.
func replaceDir(fresh, out string) error {
	if err := os.Chmod(fresh, 0o755); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = fresh + ".old"
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("output: move old recording aside: %w", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("output: %w", err)
	}
	if err := os.Rename(fresh, out); err != nil {
		if old != "" {
			_ = os.Rename(old, out)
		}
		return fmt.Errorf("output: %w", err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("output: remove old recording: %w", err)
		}
	}
	return nil
}

// simTransport sends a request for a canonical URL to the simulator server of
// the URL's source and maps absolute Location headers back to canonical URLs,
// so the crawler (and its recorder) only ever see official URLs.
type simTransport struct {
	sim  *simulator.Sim
	next http.RoundTripper
}

func (t *simTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.sim.URL(simulator.SourceForHost(req.URL.Hostname()))
	bu, err := url.Parse(base)
	if err != nil || base == "" {
		return nil, fmt.Errorf("no simulator server for %s", req.URL.Host)
	}
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host = bu.Scheme, bu.Host
	out.Host = ""
	resp, err := t.next.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	if loc := resp.Header.Get("Location"); loc != "" {
		if lu, err := url.Parse(loc); err == nil && lu.IsAbs() {
			resp.Header.Set("Location", t.sim.Canonical(lu).String())
		}
	}
	resp.Request = req
	return resp, nil
}
