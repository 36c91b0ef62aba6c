package engine

// Scenario tests: each txtar archive under testdata/scenarios is one small
// world — a catalog, the recorded answers of the official sources, the
// instant of judgement and the verdicts the judge must give. The harness
// plans the catalog exactly as the crawler would, turns each planned
// resource into the record the crawler would produce from the matching
// exchange (without any network code), runs every extractor and the judge,
// and compares the findings with the archive's want file.
//
// Archive files:
//
//	catalog.yaml   a catalog in the real format (catalog.Parse)
//	*.http         one exchange each, in the recording format, canonical URLs
//	               (a paper's full text, https://arxiv.org/html/ID, is asked
//	               for only when a phrase claim is not stated otherwise)
//	now            optional RFC 3339 instant of judgement (default defaultNow)
//	want           one line per finding: "<entry>/<claim> <verdict> [disagreement]"
//	messages       optional: "<entry>/<claim> ~ <text>" — the finding's message
//	               (or observed value) must contain text
//
// want is order-insensitive. Without a "# all" line at its top only the
// findings about catalog claims are compared exactly; a checklist, source or
// coverage line written in want must be among the findings, and the other
// ones are ignored. With "# all", every finding is compared. Run with
// -update to rewrite the want files from the judge's findings (the "# all"
// header and other comment lines at the top are kept).
//
// Exchanges become records as the crawler types them: 2xx → a body; 404, 410
// and other 4xx → ErrClient with the status; 5xx → ErrServer; 429, or a 403
// carrying Retry-After, X-RateLimit-Remaining: 0 or a body naming the rate
// limit → ErrRateLimited with no status; 301/302/303/307/308 with Location →
// followed hop by hop (FinalURL is the last URL). A response header
// "X-Scenario-Error: <kind>" (timeout, refused, …) simulates a transport
// failure of that kind. A planned resource without an exchange is a
// replay-missing failure. An exchange that no planned resource (or redirect)
// uses fails the test: it is almost always a mistyped URL.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/golden"
)

// defaultNow is the instant of judgement of an archive without a now file:
// the recording time of testdata/world.
var defaultNow = time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)

// knownBugs lists scenarios whose want file holds the correct verdicts but
// that the judge or an extractor currently gets wrong: archive name (without
// .txtar) → the bug. Such a scenario is skipped with the bug and the diff;
// once it passes, the test fails until its line here is removed.
var knownBugs = map[string]string{}

func TestScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "scenarios", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scenarios in testdata/scenarios")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runScenario(t, file, name)
		})
	}
}

// scenario is one parsed archive.
type scenario struct {
	arc       *txtar.Archive
	cat       *catalog.Catalog
	now       time.Time
	exchanges map[string]*cassette.Exchange // cassette key → exchange
	files     map[string]string             // cassette key → archive file name
	want      wantFile
	messages  []wantMessage
}

func runScenario(t *testing.T, file, name string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sc := parseScenario(t, data)
	res := crawler.Plan(sc.cat, crawler.PlanOptions{})
	recs, used := sc.records(t, res)
	obs, health := Extract(recs)
	// The full-text round, as Run does it: the papers of entries whose
	// phrase claims the texts read so far do not state.
	if refs := checks.FullTextWanted(checks.Input{Catalog: sc.cat, Records: recs, Observations: obs, Health: health, Now: sc.now}, nil); len(refs) > 0 {
		more := crawler.PlanFullText(refs)
		recs2, used2 := sc.records(t, more)
		for k := range used2 {
			used[k] = true
		}
		obs2, health2 := Extract(recs2)
		res, recs = append(res, more...), append(recs, recs2...)
		obs, health = append(obs, obs2...), append(health, health2...)
	}
	for key, f := range sc.files {
		if !used[key] {
			t.Errorf("%s: exchange %s is not requested by the plan (planned: %s)", f, key, plannedURLs(res))
		}
	}
	findings := checks.Judge(checks.Input{Catalog: sc.cat, Records: recs, Observations: obs, Health: health, Now: sc.now})
	for _, f := range findings {
		checkInvariants(t, f)
	}

	if testing.Verbose() {
		t.Logf("findings:\n%s", describe(findings))
	}
	if os.Getenv("SCENARIO_OBSERVATIONS") != "" {
		for _, o := range obs {
			t.Logf("obs %s model=%q %s=%q", o.Subject, o.Model, o.Field, clipText(o.Value))
		}
		for _, h := range health {
			t.Logf("health %s %s: %s", h.Subject, h.Field, h.Problem)
		}
	}
	claims := claimIDs(sc.cat)
	bug, known := knownBugs[name]
	if golden.Update() && known {
		t.Logf("not rewriting %s: its want holds the correct verdicts of a known bug", file)
	} else if golden.Update() {
		sc.arc.Files = setFile(sc.arc.Files, "want", sc.want.render(findings, claims))
		golden.Write(t, file, txtar.Format(sc.arc))
		return
	}
	diff := sc.want.diff(findings, claims)
	diff = append(diff, checkMessages(sc.messages, findings)...)
	switch {
	case known && len(diff) > 0:
		t.Skipf("known bug: %s\n%s", bug, strings.Join(diff, "\n"))
	case known:
		t.Errorf("scenario passes: remove it from knownBugs (%s)", bug)
	case len(diff) > 0:
		t.Errorf("findings differ from want (- want, + got):\n%s\n\nall findings:\n%s",
			strings.Join(diff, "\n"), describe(findings))
	}
}

func parseScenario(t *testing.T, data []byte) *scenario {
	t.Helper()
	sc := &scenario{arc: txtar.Parse(data), now: defaultNow,
		exchanges: map[string]*cassette.Exchange{}, files: map[string]string{}}
	var haveCatalog, haveWant bool
	for _, f := range sc.arc.Files {
		switch {
		case f.Name == "catalog.yaml":
			cat, err := catalog.Parse(f.Name, f.Data)
			if err != nil {
				t.Fatalf("catalog.yaml: %v", err)
			}
			sc.cat, haveCatalog = cat, true
		case f.Name == "now":
			now, err := time.Parse(time.RFC3339, strings.TrimSpace(string(f.Data)))
			if err != nil {
				t.Fatalf("now: %v", err)
			}
			sc.now = now
		case f.Name == "want":
			sc.want, haveWant = parseWant(t, f.Data), true
		case f.Name == "messages":
			sc.messages = parseMessages(t, f.Data)
		case strings.HasSuffix(f.Name, ".http"):
			ex, err := cassette.ReadExchange(bytes.NewReader(f.Data))
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			key, err := cassette.Key(ex.Method, ex.URL)
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			if prev, dup := sc.files[key]; dup {
				t.Fatalf("%s: %s is already recorded in %s", f.Name, key, prev)
			}
			sc.exchanges[key], sc.files[key] = ex, f.Name
		default:
			t.Fatalf("unexpected archive file %q", f.Name)
		}
	}
	if !haveCatalog || !haveWant {
		t.Fatal("an archive needs catalog.yaml and want")
	}
	return sc
}

// maxHops bounds the redirects followed for one resource.
const maxHops = 5

// records builds the record the crawler would produce for each resource, and
// reports which exchanges were used.
func (sc *scenario) records(t *testing.T, res []record.Resource) ([]record.Record, map[string]bool) {
	t.Helper()
	used := map[string]bool{}
	var recs []record.Record
	for _, r := range res {
		rec := record.Record{Resource: r, URL: r.URL, FinalURL: r.URL, FetchedAt: sc.now}
		cur := r.URL
		var ex *cassette.Exchange
		for hop := 0; ; hop++ {
			key, err := cassette.Key(http.MethodGet, cur)
			if err != nil {
				t.Fatalf("planned URL %s: %v", cur, err)
			}
			e, ok := sc.exchanges[key]
			if !ok {
				rec.Err = &record.FetchError{Kind: record.ErrReplay, Message: "no recording for " + key}
				break
			}
			used[key] = true
			loc := e.Header.Get("Location")
			if !isRedirect(e.Status) || loc == "" || e.Header.Get("X-Scenario-Error") != "" {
				ex = e
				break
			}
			if hop == maxHops {
				rec.Err = &record.FetchError{Kind: record.ErrMalformed, Message: "too many redirects"}
				break
			}
			base, _ := url.Parse(cur)
			next, err := base.Parse(loc)
			if err != nil {
				t.Fatalf("%s: bad Location %q: %v", sc.files[key], loc, err)
			}
			cur = next.String()
			rec.FinalURL = cur
		}
		if ex != nil {
			fill(&rec, ex)
		}
		recs = append(recs, rec)
	}
	return recs, used
}

func isRedirect(status int) bool {
	switch status {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// fill types an exchange the way the crawler does (crawler.go, transport.go).
func fill(rec *record.Record, ex *cassette.Exchange) {
	if kind := ex.Header.Get("X-Scenario-Error"); kind != "" {
		rec.Err = &record.FetchError{Kind: record.ErrorKind(kind), Message: "simulated " + kind + " fetching " + rec.URL}
		return
	}
	if rateLimited(ex) {
		rec.Err = &record.FetchError{Kind: record.ErrRateLimited,
			Message: fmt.Sprintf("rate-limited (status %d)", ex.Status)}
		if s := ex.Header.Get("Retry-After"); s != "" {
			if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
				rec.Err.RetryAt = rec.FetchedAt.Add(time.Duration(n) * time.Second)
			}
		}
		return
	}
	rec.Status = ex.Status
	rec.ContentType = ex.Header.Get("Content-Type")
	rec.ETag = ex.Header.Get("Etag")
	rec.LastMod = ex.Header.Get("Last-Modified")
	rec.Body = ex.Body
	sum := sha256.Sum256(ex.Body)
	rec.SHA256 = hex.EncodeToString(sum[:])
	where := rec.FinalURL
	switch {
	case ex.Status >= 200 && ex.Status <= 299:
	case ex.Status >= 500:
		rec.Err = &record.FetchError{Kind: record.ErrServer, Message: fmt.Sprintf("status %d from %s", ex.Status, where)}
	case ex.Status >= 400:
		rec.Err = &record.FetchError{Kind: record.ErrClient, Message: fmt.Sprintf("status %d from %s", ex.Status, where)}
	default:
		rec.Err = &record.FetchError{Kind: record.ErrMalformed, Message: fmt.Sprintf("unexpected status %d from %s", ex.Status, where)}
	}
}

// rateLimited mirrors the transport's rule: a 429, or a 403 that is GitHub's
// primary or secondary rate limit.
func rateLimited(ex *cassette.Exchange) bool {
	switch ex.Status {
	case http.StatusTooManyRequests:
		return true
	case http.StatusForbidden:
		return ex.Header.Get("Retry-After") != "" ||
			strings.TrimSpace(ex.Header.Get("X-Ratelimit-Remaining")) == "0" ||
			strings.Contains(strings.ToLower(string(ex.Body)), "rate limit")
	}
	return false
}

func plannedURLs(res []record.Resource) string {
	var out []string
	for _, r := range res {
		out = append(out, r.URL)
	}
	return strings.Join(out, ", ")
}

// checkInvariants asserts what every finding of a verdict carries
// (docs/judging.md §4).
func checkInvariants(t *testing.T, f checks.Finding) {
	t.Helper()
	id := f.Entry + "/" + f.Claim
	switch f.Verdict {
	case checks.Verified, checks.Contradicted, checks.Missing:
		if len(f.Evidence) == 0 {
			t.Errorf("%s %s: no evidence", id, f.Verdict)
		}
	case checks.Unreachable:
		if f.Reason == "" {
			t.Errorf("%s unreachable: no typed reason", id)
		}
	}
	if f.Disagreement && len(f.Evidence) < 2 {
		t.Errorf("%s: a disagreement quotes %d source(s), want both", id, len(f.Evidence))
	}
	if f.Message == "" {
		t.Errorf("%s %s: empty message", id, f.Verdict)
	}
	if !slices.Contains(checks.Verdicts, f.Verdict) {
		t.Errorf("%s: unknown verdict %q", id, f.Verdict)
	}
}

// claimIDs is the set of "entry/claim" ids of the catalog's claims.
func claimIDs(c *catalog.Catalog) map[string]bool {
	m := map[string]bool{}
	for _, e := range c.Entries {
		for _, cl := range e.Claims {
			m[e.ID+"/"+cl.ID] = true
		}
	}
	return m
}

// findingLine is the want-file form of a finding.
func findingLine(f checks.Finding) string {
	s := f.Entry + "/" + f.Claim + " " + string(f.Verdict)
	if f.Disagreement {
		s += " disagreement"
	}
	return s
}

func findingID(f checks.Finding) string { return f.Entry + "/" + f.Claim }

// wantFile is a parsed want file.
type wantFile struct {
	all    bool
	header []string // comment lines at the top, kept by -update
	lines  []string // normalised finding lines
}

func parseWant(t *testing.T, data []byte) wantFile {
	t.Helper()
	var w wantFile
	top := true
	for n, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			if strings.TrimSpace(strings.TrimPrefix(line, "#")) == "all" {
				if !top {
					t.Fatalf("want:%d: \"# all\" must come before the finding lines", n+1)
				}
				w.all = true
			}
			if top {
				w.header = append(w.header, line)
			}
			continue
		}
		top = false
		fields := strings.Fields(line)
		dis := len(fields) > 2 && fields[len(fields)-1] == "disagreement"
		if dis {
			fields = fields[:len(fields)-1]
		}
		if len(fields) < 2 || !strings.Contains(fields[0], "/") {
			t.Fatalf("want:%d: %q: want \"<entry>/<claim> <verdict> [disagreement]\"", n+1, line)
		}
		v := checks.Verdict(fields[len(fields)-1])
		if !slices.Contains(checks.Verdicts, v) {
			t.Fatalf("want:%d: unknown verdict %q", n+1, v)
		}
		norm := strings.Join(fields, " ")
		if dis {
			norm += " disagreement"
		}
		w.lines = append(w.lines, norm)
	}
	return w
}

// idOfLine is the "entry/claim" part of a normalised want line.
func idOfLine(line string) string {
	fields := strings.Fields(line)
	if fields[len(fields)-1] == "disagreement" {
		fields = fields[:len(fields)-1]
	}
	return strings.Join(fields[:len(fields)-1], " ")
}

// compared is the multiset of finding lines the want file speaks for.
func (w wantFile) compared(fs []checks.Finding, claims map[string]bool) []string {
	listed := map[string]bool{}
	for _, l := range w.lines {
		listed[l] = true
	}
	var got []string
	for _, f := range fs {
		l := findingLine(f)
		if w.all || claims[findingID(f)] || listed[l] {
			got = append(got, l)
		}
	}
	sort.Strings(got)
	return got
}

// diff lists the lines only in want ("-") and only in the findings ("+").
func (w wantFile) diff(fs []checks.Finding, claims map[string]bool) []string {
	got := w.compared(fs, claims)
	want := slices.Clone(w.lines)
	sort.Strings(want)
	var out []string
	i, j := 0, 0
	for i < len(want) || j < len(got) {
		switch {
		case j == len(got) || (i < len(want) && want[i] < got[j]):
			out = append(out, "- "+want[i])
			i++
		case i == len(want) || got[j] < want[i]:
			out = append(out, "+ "+got[j])
			j++
		default:
			i++
			j++
		}
	}
	// A claim without any finding, or with two, is a defect of its own.
	count := map[string]int{}
	for _, f := range fs {
		if claims[findingID(f)] {
			count[findingID(f)]++
		}
	}
	ids := make([]string, 0, len(claims))
	for id := range claims {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if count[id] != 1 {
			out = append(out, fmt.Sprintf("! %s has %d findings, want exactly 1", id, count[id]))
		}
	}
	return out
}

// render is the want file for the findings: the header, then the lines
// the file speaks for (see compared). Lines the file already holds keep
// their place, so -update rewrites a scenario whose verdicts did not change
// byte for byte as it was, and a changed verdict stays on its line; new
// lines follow, claim findings first.
func (w wantFile) render(fs []checks.Finding, claims map[string]bool) []byte {
	var b strings.Builder
	for _, h := range w.header {
		b.WriteString(h + "\n")
	}
	got := w.compared(fs, claims)
	left := map[string]int{}
	for _, l := range got {
		left[l]++
	}
	// take writes l if a finding still gives it.
	take := func(l string) {
		if left[l] > 0 {
			b.WriteString(l + "\n")
			left[l]--
		}
	}
	// changed is the line a finding now gives for the id of l, if any.
	changed := func(l string) string {
		for _, g := range got {
			if left[g] > 0 && idOfLine(g) == idOfLine(l) {
				return g
			}
		}
		return l
	}
	for _, l := range w.lines {
		if left[l] == 0 {
			l = changed(l)
		}
		take(l)
	}
	for _, claim := range []bool{true, false} {
		for _, l := range got {
			if claims[idOfLine(l)] == claim {
				take(l)
			}
		}
	}
	return []byte(b.String())
}

func setFile(files []txtar.File, name string, data []byte) []txtar.File {
	for i := range files {
		if files[i].Name == name {
			files[i].Data = data
			return files
		}
	}
	return append(files, txtar.File{Name: name, Data: data})
}

// wantMessage: the finding id must have a message or observed value containing text.
type wantMessage struct{ id, text string }

func parseMessages(t *testing.T, data []byte) []wantMessage {
	t.Helper()
	var out []wantMessage
	for n, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, text, ok := strings.Cut(line, " ~ ")
		if !ok || strings.TrimSpace(text) == "" {
			t.Fatalf("messages:%d: %q: want \"<entry>/<claim> ~ <text>\"", n+1, line)
		}
		out = append(out, wantMessage{strings.TrimSpace(id), strings.TrimSpace(text)})
	}
	return out
}

func checkMessages(ms []wantMessage, fs []checks.Finding) []string {
	var out []string
	for _, m := range ms {
		found := false
		var seen []string
		for _, f := range fs {
			if findingID(f) != m.id {
				continue
			}
			seen = append(seen, fmt.Sprintf("%q (observed %q)", f.Message, f.Observed))
			if strings.Contains(f.Message, m.text) || strings.Contains(f.Observed, m.text) {
				found = true
			}
		}
		if !found {
			out = append(out, fmt.Sprintf("! %s: no message contains %q; got %s", m.id, m.text, strings.Join(seen, "; ")))
		}
	}
	return out
}

func clipText(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// describe renders findings for a failure message.
func describe(fs []checks.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s — %s [observed %q]\n", findingLine(f), f.Message, f.Observed)
	}
	return b.String()
}

// TestScenarioHarness checks the harness itself: exchanges are typed as the
// crawler types them, and the want comparison reports what differs.
func TestScenarioHarness(t *testing.T) {
	t.Run("fill", func(t *testing.T) {
		for _, tc := range []struct {
			name    string
			status  int
			header  http.Header
			body    string
			kind    record.ErrorKind
			wantSt  int
			hasBody bool
		}{
			{"ok", 200, nil, "x", "", 200, true},
			{"not found", 404, nil, "gone", record.ErrClient, 404, true},
			{"server", 503, nil, "", record.ErrServer, 503, true},
			{"too many", 429, http.Header{"Retry-After": {"60"}}, "", record.ErrRateLimited, 0, false},
			{"github primary limit", 403, http.Header{"X-Ratelimit-Remaining": {"0"}}, "", record.ErrRateLimited, 0, false},
			{"github secondary limit", 403, nil, `{"message":"You have exceeded a secondary rate limit"}`, record.ErrRateLimited, 0, false},
			{"forbidden", 403, nil, "no", record.ErrClient, 403, true},
			{"timeout", 200, http.Header{"X-Scenario-Error": {"timeout"}}, "", record.ErrTimeout, 0, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				h := tc.header
				if h == nil {
					h = http.Header{}
				}
				rec := record.Record{URL: "https://example.org/x", FinalURL: "https://example.org/x", FetchedAt: defaultNow}
				fill(&rec, &cassette.Exchange{Status: tc.status, Header: h, Body: []byte(tc.body)})
				var kind record.ErrorKind
				if rec.Err != nil {
					kind = rec.Err.Kind
				}
				if kind != tc.kind || rec.Status != tc.wantSt || (rec.SHA256 != "") != tc.hasBody {
					t.Errorf("got kind %q status %d sha %q, want kind %q status %d body %v",
						kind, rec.Status, rec.SHA256, tc.kind, tc.wantSt, tc.hasBody)
				}
			})
		}
	})
	t.Run("diff", func(t *testing.T) {
		claims := map[string]bool{"e/a": true, "e/b": true}
		fs := []checks.Finding{
			{Entry: "e", Claim: "a", Verdict: checks.Verified},
			{Entry: "e", Claim: "b", Verdict: checks.Contradicted, Disagreement: true},
			{Entry: "e", Claim: "checklist.x", Verdict: checks.Unverified},
			{Entry: "", Claim: "missing:release-note:2026-07-31 A B", Verdict: checks.Missing},
		}
		w := parseWant(t, []byte("e/a verified\ne/b contradicted\n/missing:release-note:2026-07-31 A  B missing\n"))
		got := strings.Join(w.diff(fs, claims), "\n")
		want := "- e/b contradicted\n+ e/b contradicted disagreement"
		if got != want {
			t.Errorf("diff:\n%s\nwant:\n%s", got, want)
		}
		all := parseWant(t, []byte("# all\ne/a verified\ne/b contradicted disagreement\n/missing:release-note:2026-07-31 A B missing\n"))
		if d := all.diff(fs, claims); len(d) != 1 || d[0] != "+ e/checklist.x unverified" {
			t.Errorf("# all diff = %q, want the unlisted checklist finding", d)
		}
		if d := w.diff(fs[:1], claims); !slices.Contains(d, "! e/b has 0 findings, want exactly 1") {
			t.Errorf("a claim without a finding is not reported: %q", d)
		}
	})
}
