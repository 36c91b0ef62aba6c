package gate

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/reports"
)

// Why a claim is judged strictly.
const (
	WhyAdded   = "added"   // the claim is new (or its entry is)
	WhyChanged = "changed" // a field of the claim changed (type, field, subject, value, unit, until)
	// WhyEntryChanged: the claim itself is unchanged, but its entry's sources
	// or kind changed, so what it is checked against changed.
	WhyEntryChanged = "entry-changed"
)

// Target is a claim the gate judges strictly: it fails unless an official
// source verifies it.
type Target struct {
	Entry string `json:"entry"`
	Claim string `json:"claim"`
	Why   string `json:"why"`
	// Fields lists the changed claim fields (WhyChanged) or entry fields
	// (WhyEntryChanged); empty for additions.
	Fields []string `json:"fields,omitempty"`
	// Pos is where the gate reports the claim: for a changed claim the value
	// of its first changed field in head (after Pinpoint), else the claim.
	Pos catalog.Pos `json:"location"`
}

// FullID is "entry/claim".
func (t Target) FullID() string { return t.Entry + "/" + t.Claim }

// Selection is what a change touched and what the gate verifies.
type Selection struct {
	Changes catalog.Changes
	// Entries are the head entries to run (engine.Options.Only), in head
	// order: every entry added or changed or with an added or changed claim.
	Entries []string
	// Targets are the strictly judged claims, in head order.
	Targets []Target
	// Info is the report's gate section.
	Info reports.GateInfo
	// Blocked are selected entries the gate does not fetch or judge, with
	// the reason: their strict claims fail with that reason (see Block).
	Blocked map[string]string

	index map[string]int
}

// Block marks a selected entry as not checked, with the reason its strict
// claims fail (the entry cannot be read under the base's settings).
func (s *Selection) Block(entry, reason string) {
	if s.Blocked == nil {
		s.Blocked = map[string]string{}
	}
	s.Blocked[entry] = reason
}

// Run lists the selected entries that are not blocked, in head order: what
// the engine runs (engine.Options.Only). Empty means nothing to run, never
// "the whole catalog".
func (s *Selection) Run() []string {
	var out []string
	for _, e := range s.Entries {
		if _, blocked := s.Blocked[e]; !blocked {
			out = append(out, e)
		}
	}
	return out
}

// Target returns the strict target for a claim, if it is one.
func (s *Selection) Target(entry, claim string) (Target, bool) {
	i, ok := s.index[entry+"/"+claim]
	if !ok {
		return Target{}, false
	}
	return s.Targets[i], true
}

// Empty reports whether there is nothing to verify.
func (s *Selection) Empty() bool { return len(s.Entries) == 0 }

// Select diffs base against head (catalog.Diff) and selects what the gate
// verifies. A nil base means the catalog is new: everything is added. rev
// names the base in the report.
func Select(base, head *catalog.Catalog, rev string) *Selection {
	if base == nil {
		base = &catalog.Catalog{}
	}
	d := catalog.Diff(base, head)
	s := &Selection{
		Changes: d,
		Info:    reports.GateInfo{Base: rev, Added: []string{}, Changed: []string{}, Removed: []string{}},
		index:   map[string]int{},
	}
	ix := newChangeIndex()
	s.noteEntries(d, ix)
	s.noteClaims(d, ix)
	s.pickTargets(head, ix)
	return s
}

// changeIndex is a catalog diff indexed for Select.
type changeIndex struct {
	entryAdded   map[string]bool                // entries the change adds
	entryRemoved map[string]bool                // entries the change removes
	selected     map[string]bool                // entries to run
	entryStrict  map[string][]string            // entry → changed fields that make its claims strict
	added        map[string]catalog.ClaimChange // claims added, by full id
	changed      map[string]catalog.ClaimChange // claims changed, by full id
}

// newChangeIndex is an empty changeIndex.
func newChangeIndex() *changeIndex {
	return &changeIndex{
		entryAdded: map[string]bool{}, entryRemoved: map[string]bool{}, selected: map[string]bool{},
		entryStrict: map[string][]string{},
		added:       map[string]catalog.ClaimChange{}, changed: map[string]catalog.ClaimChange{},
	}
}

// noteEntries indexes the entries added, changed and removed and lists them
// in the report's gate section. A changed entry's claims are all strict when
// its sources or kind changed: what they are checked against changed.
func (s *Selection) noteEntries(d catalog.Changes, ix *changeIndex) {
	for _, e := range d.EntriesAdded {
		ix.entryAdded[e.EntryID] = true
		ix.selected[e.EntryID] = true
		s.Info.Added = append(s.Info.Added, e.EntryID)
	}
	for _, e := range d.EntriesChanged {
		ix.selected[e.EntryID] = true
		s.Info.Changed = append(s.Info.Changed, e.EntryID)
		var f []string
		for _, x := range e.Fields {
			if x == "sources" || x == "kind" {
				f = append(f, x)
			}
		}
		if len(f) > 0 {
			ix.entryStrict[e.EntryID] = f
		}
	}
	for _, e := range d.EntriesRemoved {
		ix.entryRemoved[e.EntryID] = true
		s.Info.Removed = append(s.Info.Removed, e.EntryID)
	}
}

// noteClaims indexes the claims added and changed (selecting their
// entries) and lists the claims added, changed and removed in the report's
// gate section, but for those whose whole entry was added or removed.
func (s *Selection) noteClaims(d catalog.Changes, ix *changeIndex) {
	for _, c := range d.ClaimsAdded {
		ix.added[c.FullID()] = c
		ix.selected[c.EntryID] = true
		if !ix.entryAdded[c.EntryID] {
			s.Info.Added = append(s.Info.Added, c.FullID())
		}
	}
	for _, c := range d.ClaimsChanged {
		ix.changed[c.FullID()] = c
		ix.selected[c.EntryID] = true
		s.Info.Changed = append(s.Info.Changed, c.FullID())
	}
	for _, c := range d.ClaimsRemoved {
		if !ix.entryRemoved[c.EntryID] {
			s.Info.Removed = append(s.Info.Removed, c.FullID())
		}
	}
}

// pickTargets walks head in order, so entries and targets come out in
// catalog order: every selected entry, and its strict claims.
func (s *Selection) pickTargets(head *catalog.Catalog, ix *changeIndex) {
	for _, e := range head.Entries {
		if !ix.selected[e.ID] {
			continue
		}
		s.Entries = append(s.Entries, e.ID)
		for _, c := range e.Claims {
			t, ok := ix.target(e.ID, c)
			if !ok {
				continue
			}
			s.index[t.FullID()] = len(s.Targets)
			s.Targets = append(s.Targets, t)
		}
	}
}

// target is the strict target of claim c of entry, if the change made it one.
func (ix *changeIndex) target(entry string, c catalog.Claim) (Target, bool) {
	full := c.FullID(entry)
	t := Target{Entry: entry, Claim: c.ID, Pos: c.Pos}
	switch {
	case ix.added[full].ClaimID != "":
		t.Why = WhyAdded
	case ix.changed[full].ClaimID != "":
		t.Why = WhyChanged
		t.Fields = slices.Clone(ix.changed[full].Fields)
	case ix.entryStrict[entry] != nil:
		t.Why = WhyEntryChanged
		t.Fields = slices.Clone(ix.entryStrict[entry])
	default:
		return Target{}, false
	}
	return t, true
}

// Pinpoint moves each changed claim's position to the value of its first
// changed field ("value" first), as found by FieldPositions: that is the
// line the pull request edited, where GitHub shows an annotation in the diff.
func (s *Selection) Pinpoint(positions map[string]map[string]catalog.Pos) {
	for i := range s.Targets {
		t := &s.Targets[i]
		if t.Why != WhyChanged {
			continue
		}
		keys := positions[t.FullID()]
		order := t.Fields
		if slices.Contains(order, "value") {
			order = append([]string{"value"}, order...)
		}
		for _, f := range order {
			if p, ok := keys[f]; ok {
				t.Pos = p
				break
			}
		}
	}
}

// FieldPositions reads a catalog file's YAML for where each claim's keys
// hold their values: "entry/claim" → key ("value", "unit", "until", …) →
// position of the value node. The catalog model keeps only the claim's own
// position; the gate needs the line a change edited. Structure it does not
// recognise is skipped (the catalog loader reports it).
func FieldPositions(file string, data []byte) (map[string]map[string]catalog.Pos, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read positions of %s: %w", file, err)
	}
	out := map[string]map[string]catalog.Pos{}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return out, nil
	}
	pos := func(n *yaml.Node) catalog.Pos { return catalog.Pos{File: file, Line: n.Line, Column: n.Column} }
	entries := mapValue(doc.Content[0], "entries")
	if entries == nil || entries.Kind != yaml.SequenceNode {
		return out, nil
	}
	for _, e := range entries.Content {
		id := scalarValue(mapValue(e, "id"))
		claims := mapValue(e, "claims")
		if id == "" || claims == nil || claims.Kind != yaml.SequenceNode {
			continue
		}
		for _, c := range claims.Content {
			cid := scalarValue(mapValue(c, "id"))
			if cid == "" || c.Kind != yaml.MappingNode {
				continue
			}
			keys := map[string]catalog.Pos{}
			for i := 0; i+1 < len(c.Content); i += 2 {
				keys[c.Content[i].Value] = pos(c.Content[i+1])
			}
			out[id+"/"+cid] = keys
		}
	}
	return out, nil
}

// mapValue returns the value of key in a mapping node (nil if absent).
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalarValue(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}
