// Package vendors_test runs the extractors over the real pages of other
// model vendors in ../shared/corpus-more (never copied into the project) and
// checks them against each vendor's FACTS.md: every fact listed there is
// either read — with the right model where the observation names one — or
// marked here as not a claim field, with the reason; every trap listed
// there is checked not to become a value for the wrong model.
package vendors_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/extract/github"
	"github.com/claimcheck/claimcheck/checks/extract/hf"
	"github.com/claimcheck/claimcheck/checks/extract/mdfacts"
	"github.com/claimcheck/claimcheck/checks/extract/venue"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/extracttest"
)

var dump = flag.Bool("dump", false, "print every observation of every corpus-more file")

// corpusMore finds ../shared/corpus-more from the module root (or any of its
// ancestors, for a worktree), skipping the test when it is absent.
func corpusMore(t *testing.T, vendor string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "shared", "corpus-more", vendor)
		if _, err := os.Stat(filepath.Join(p, "FACTS.md")); err == nil {
			return p
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	t.Skipf("../shared/corpus-more/%s not available", vendor)
	return ""
}

// extractFile runs the extractor a file's folder calls for: hf/ cards and
// configs through the Hugging Face extractor, github/ READMEs through the
// GitHub one, a page given by URL (docs/, changelog/, arxiv/ excerpts)
// through the URL-page extractor when it is HTML and the markdown reader
// otherwise.
func extractFile(t *testing.T, root, rel string) []extract.Observation {
	t.Helper()
	body, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Base(rel)
	key := strings.SplitN(base, "__", 3)
	repo := ""
	if len(key) >= 2 {
		repo = key[0] + "/" + key[1]
	}
	switch {
	case strings.HasPrefix(rel, "hf/") && strings.HasSuffix(base, "config.json"):
		return hf.Extract(rec(record.SourceHF, record.KindHFConfig, repo, "https://huggingface.co/"+repo+"/resolve/main/config.json", body)).Observations
	case strings.HasPrefix(rel, "hf/") && strings.HasSuffix(base, ".json"):
		return hf.Extract(rec(record.SourceHF, record.KindHFModel, repo, "https://huggingface.co/api/models/"+repo, body)).Observations
	case strings.HasPrefix(rel, "hf/"):
		return hf.Extract(rec(record.SourceHF, record.KindHFReadme, repo, "https://huggingface.co/"+repo+"/raw/main/README.md", body)).Observations
	case strings.HasPrefix(rel, "github/"):
		return github.Extract(rec(record.SourceGitHub, record.KindGitHubReadme, repo, "https://api.github.com/repos/"+repo+"/readme", body)).Observations
	case strings.Contains(strings.ToLower(string(body[:min(len(body), 512)])), "<html"):
		return venue.Extract(rec(record.SourceVenue, record.KindVenuePage, "https://example.org/"+rel, "https://example.org/"+rel, body)).Observations
	}
	r := rec(record.SourceVenue, record.KindVenuePage, "https://example.org/"+rel, "https://example.org/"+rel, body)
	return mdfacts.Observations(r, extract.PrefixURL+r.URL, mdfacts.Scan(string(body), mdfacts.Options{MaxText: -1}).Facts)
}

func rec(src record.Source, kind record.Kind, key, url string, body []byte) record.Record {
	return extracttest.Record(record.Resource{Source: src, Kind: kind, Key: key, URL: url}, 200, "", body)
}

// fact is one expectation: file, field, model ("" = the page's own; "*" =
// any), value (the observation's Value, or "q=N" for its parsed quantity,
// "d=YYYY-MM-DD" for its date).
type fact struct {
	n                  int // the FACTS.md row
	file, field, model string
	value              string
	na                 string // not a claim field: why (then nothing is asserted)
}

// trap: field must not carry value for model ("" = the page's own) in file.
type trap struct {
	file, field, model, value string
}

func render(o extract.Observation) string {
	s := fmt.Sprintf("%s[%s]=%q", o.Field, o.Model, o.Value)
	if o.Quantity != nil {
		s += fmt.Sprintf(" q=%g", o.Quantity.Value)
	}
	if o.Date != nil {
		s += " d=" + o.Date.String()
	}
	return s + " @" + o.Evidence.Locator
}

func matches(o extract.Observation, field, model, value string) bool {
	if field != "*" && o.Field != field || model != "*" && o.Model != model {
		return false
	}
	switch {
	case strings.HasPrefix(value, "q="):
		return o.Quantity != nil && fmt.Sprintf("q=%g", o.Quantity.Value) == value
	case strings.HasPrefix(value, "d="):
		return o.Date != nil && "d="+o.Date.String() == value
	}
	return o.Value == value
}

var reFactRow = regexp.MustCompile(`(?m)^\| (\d+) \|`)

// check runs one vendor's expectations.
func check(t *testing.T, vendor string, facts []fact, traps []trap) {
	root := corpusMore(t, vendor)
	doc, err := os.ReadFile(filepath.Join(root, "FACTS.md"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[int]bool{}
	for _, f := range facts {
		listed[f.n] = true
	}
	for _, m := range reFactRow.FindAllStringSubmatch(string(doc), -1) {
		var n int
		fmt.Sscan(m[1], &n)
		if !listed[n] {
			t.Errorf("FACTS.md fact %d has no expectation here", n)
		}
	}
	cache := map[string][]extract.Observation{}
	obs := func(file string) []extract.Observation {
		if o, ok := cache[file]; ok {
			return o
		}
		cache[file] = extractFile(t, root, file)
		return cache[file]
	}
	if *dump {
		var files []string
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && filepath.Base(p) != "FACTS.md" {
				rel, _ := filepath.Rel(root, p)
				files = append(files, rel)
			}
			return nil
		})
		sort.Strings(files)
		for _, f := range files {
			for _, o := range obs(f) {
				if o.Field != extract.FieldText {
					t.Logf("%s: %s", f, render(o))
				}
			}
		}
	}
	for _, f := range facts {
		if f.na != "" {
			continue
		}
		found := false
		for _, o := range obs(f.file) {
			if matches(o, f.field, f.model, f.value) {
				found = true
				if o.Evidence.Quote == "" || o.Evidence.Locator == "" {
					t.Errorf("fact %d: observation without evidence: %s", f.n, render(o))
				}
			}
		}
		if !found {
			var have []string
			for _, o := range obs(f.file) {
				if o.Field == f.field {
					have = append(have, render(o))
				}
			}
			t.Errorf("fact %d: %s: want %s[%s]=%s; have %v", f.n, f.file, f.field, f.model, f.value, have)
		}
	}
	for _, tr := range traps {
		for _, o := range obs(tr.file) {
			if matches(o, tr.field, tr.model, tr.value) {
				t.Errorf("trap: %s: %s must not be read for model %q", tr.file, render(o), tr.model)
			}
		}
	}
}
