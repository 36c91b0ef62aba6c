package history

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
)

// MaxBaselineBytes bounds a baseline file; anything larger is rejected unread.
const MaxBaselineBytes = 1 << 20

// BaselineCheck is the check id of the finding that reports an expired
// baseline entry (see ExpiredFinding).
const BaselineCheck = "baseline"

// BaselineEntry is one accepted finding: while it is active (now before
// Expires) every finding it matches is silenced — reported as silenced, never
// failing the exit code.
type BaselineEntry struct {
	// Claim is the selector as written: "entry/claim" or "entry/claim#check".
	Claim   string `json:"claim"`
	Entry   string `json:"-"`
	ClaimID string `json:"-"`
	// Check narrows the entry to one check ("" matches every check of the claim).
	Check  string `json:"-"`
	Reason string `json:"reason"`
	// Expires is the first instant the entry no longer applies: 00:00 UTC of
	// the date written.
	Expires time.Time   `json:"expires"`
	Pos     catalog.Pos `json:"location"`
}

// ExpiresDate is the expiry date as written (YYYY-MM-DD).
func (e BaselineEntry) ExpiresDate() string { return e.Expires.Format(time.DateOnly) }

// Active reports whether the entry still silences findings at now.
func (e BaselineEntry) Active(now time.Time) bool { return now.Before(e.Expires) }

// Matches reports whether the entry selects f (ignoring expiry).
func (e BaselineEntry) Matches(f checks.Finding) bool {
	return f.Entry == e.Entry && f.Claim == e.ClaimID && (e.Check == "" || f.Check == e.Check)
}

// Baseline is a parsed --baseline file.
type Baseline struct {
	Path    string
	Entries []BaselineEntry
}

// Match returns the active entry that selects f, preferring an entry that
// names f's check over one that names only the claim; nil when none does.
// The finding that reports an expired entry is never silenced.
func (b *Baseline) Match(f checks.Finding, now time.Time) *BaselineEntry {
	if b == nil || f.Check == BaselineCheck {
		return nil
	}
	var best *BaselineEntry
	for i := range b.Entries {
		e := &b.Entries[i]
		if !e.Active(now) || !e.Matches(f) {
			continue
		}
		if best == nil || (best.Check == "" && e.Check != "") {
			best = e
		}
	}
	return best
}

// Expired lists the entries no longer active at now, in file order.
func (b *Baseline) Expired(now time.Time) []BaselineEntry {
	if b == nil {
		return nil
	}
	var out []BaselineEntry
	for _, e := range b.Entries {
		if !e.Active(now) {
			out = append(out, e)
		}
	}
	return out
}

// ExpiredFinding is the finding that reports an expired baseline entry: a
// warning located at the entry in the baseline file, so every report format
// shows it.
func ExpiredFinding(e BaselineEntry) checks.Finding {
	return checks.Finding{
		Entry: e.Entry, Claim: e.ClaimID, Check: BaselineCheck, Field: BaselineCheck,
		Verdict: checks.Expired, Severity: checks.SeverityWarning,
		Expected: "silenced until " + e.ExpiresDate(),
		Message: fmt.Sprintf("baseline entry %s expired on %s (reason was: %s); the finding it silenced is reported again — fix the claim or renew the entry",
			e.Claim, e.ExpiresDate(), e.Reason),
		Location: e.Pos,
		Evidence: nil,
	}
}

// BaselineError is one problem of a baseline file, at file:line.
type BaselineError struct {
	Pos   catalog.Pos
	Field string
	Msg   string
}

func (e *BaselineError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", e.Pos.File, e.Pos.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.Pos.File, e.Pos.Line, e.Field, e.Msg)
}

// LoadBaseline reads and validates a baseline file.
func LoadBaseline(path string) (*Baseline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxBaselineBytes+1))
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	return ParseBaseline(path, data)
}

// ParseBaseline parses a baseline file: a YAML list of
//
//   - claim: entry/claim            # or entry/claim#check
//     reason: why this is accepted
//     expires: 2027-01-31           # silenced until this date (00:00 UTC)
//
// Every problem is reported, each as file:line: field: message.
func ParseBaseline(name string, data []byte) (*Baseline, error) {
	if len(data) > MaxBaselineBytes {
		return nil, &BaselineError{Pos: catalog.Pos{File: name, Line: 1}, Msg: fmt.Sprintf("file larger than %d bytes", MaxBaselineBytes)}
	}
	b := &Baseline{Path: name}
	root, err := decodeBaseline(name, data)
	if err != nil {
		return nil, err
	}
	if root == nil {
		return b, nil
	}
	p := &baselineParser{name: name, seen: map[string]int{}}
	if root.Kind != yaml.SequenceNode {
		p.bad(root, "", "want a list of {claim, reason, expires}")
		return nil, errors.Join(p.errs...)
	}
	for i, item := range root.Content {
		if e, ok := p.entry(fmt.Sprintf("[%d]", i), item); ok {
			b.Entries = append(b.Entries, e)
		}
	}
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return b, nil
}

// decodeBaseline decodes a baseline file's YAML and returns its root node;
// nil for an empty file or a document that is null. A syntax error is a
// BaselineError at the line the decoder names.
func decodeBaseline(name string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil // an empty file is an empty baseline
		}
		line := 1
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			if l := yamlErrLine(err.Error()); l > 0 {
				line = l
			}
		}
		return nil, &BaselineError{Pos: catalog.Pos{File: name, Line: line}, Msg: "not valid YAML: " + err.Error()}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil, nil
		}
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, nil
	}
	return root, nil
}

// baselineParser reads a baseline file's entries and collects every problem.
type baselineParser struct {
	name string
	errs []error
	seen map[string]int // claim selector → the line it is first listed at
}

// bad records a problem at node n.
func (p *baselineParser) bad(n *yaml.Node, field, format string, a ...any) {
	p.errs = append(p.errs, &BaselineError{Pos: catalog.Pos{File: p.name, Line: n.Line, Column: n.Column}, Field: field, Msg: fmt.Sprintf(format, a...)})
}

// entry reads the list item at path; ok is false when it has a problem
// (recorded).
func (p *baselineParser) entry(path string, item *yaml.Node) (e BaselineEntry, ok bool) {
	if item.Kind != yaml.MappingNode {
		p.bad(item, path, "want a mapping with claim, reason and expires")
		return e, false
	}
	e = BaselineEntry{Pos: catalog.Pos{File: p.name, Line: item.Line, Column: item.Column}}
	got, ok := p.fields(path, item)
	if !ok {
		return e, false
	}
	e.Claim = strings.TrimSpace(got["claim"].Value)
	if err := parseSelector(&e); err != nil {
		p.bad(got["claim"], path+".claim", "%s", err.Error())
		return e, false
	}
	e.Reason = strings.TrimSpace(got["reason"].Value)
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(got["expires"].Value))
	if err != nil {
		p.bad(got["expires"], path+".expires", "want a date YYYY-MM-DD, got %q", got["expires"].Value)
		return e, false
	}
	e.Expires = d.UTC()
	if first, dup := p.seen[e.Claim]; dup {
		p.bad(got["claim"], path+".claim", "%s is already listed at line %d", e.Claim, first)
		return e, false
	}
	p.seen[e.Claim] = got["claim"].Line
	return e, true
}

// fields reads an item's keys: each of claim, reason and expires once, as
// a single value. An unknown, repeated or non-scalar key is a problem (the
// other keys are still read); ok is false when a required key is missing
// or blank.
func (p *baselineParser) fields(path string, item *yaml.Node) (got map[string]*yaml.Node, ok bool) {
	got = map[string]*yaml.Node{}
	for j := 0; j+1 < len(item.Content); j += 2 {
		k, v := item.Content[j], item.Content[j+1]
		switch k.Value {
		case "claim", "reason", "expires":
		default:
			p.bad(k, path+"."+k.Value, "unknown field (want claim, reason, expires)")
			continue
		}
		if _, dup := got[k.Value]; dup {
			p.bad(k, path+"."+k.Value, "given twice")
			continue
		}
		if v.Kind != yaml.ScalarNode {
			p.bad(v, path+"."+k.Value, "want a single value")
			continue
		}
		got[k.Value] = v
	}
	ok = true
	for _, key := range []string{"claim", "reason", "expires"} {
		if got[key] == nil || strings.TrimSpace(got[key].Value) == "" {
			p.bad(item, path+"."+key, "required")
			ok = false
		}
	}
	return got, ok
}

// parseSelector splits "entry/claim[#check]".
func parseSelector(e *BaselineEntry) error {
	sel := e.Claim
	if i := strings.IndexByte(sel, '#'); i >= 0 {
		e.Check = sel[i+1:]
		sel = sel[:i]
		if e.Check == "" || strings.ContainsAny(e.Check, "#/ \t") {
			return fmt.Errorf("want entry/claim or entry/claim#check, got %q", e.Claim)
		}
	}
	entry, claim, ok := strings.Cut(sel, "/")
	if !ok || entry == "" || claim == "" || strings.ContainsAny(entry, " \t") || strings.ContainsAny(claim, " \t") {
		return fmt.Errorf("want entry/claim or entry/claim#check, got %q", e.Claim)
	}
	e.Entry, e.ClaimID = entry, claim
	return nil
}

// yamlErrLine extracts the line from a yaml.v3 syntax error ("yaml: line 3: …").
func yamlErrLine(msg string) int {
	var n int
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i+5:], "%d", &n)
	}
	return n
}
