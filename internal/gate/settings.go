package gate

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/internal/textsafe"
)

// A catalog's top-level keys are either its entries, two descriptive keys, or
// catalog-wide settings. Settings decide what is official and what is fetched
// (organisations, hosts, the catalog-wide sources, and whatever top-level key
// is added later): the gate never takes them from the change it is gating.
//
// NotSettings are the top-level keys that are not settings:
//   - entries: what a pull request edits and the gate verifies;
//   - name: a title shown in reports, decides nothing;
//   - as_of: the catalog's "last updated" date. A pull request that adds an
//     entry normally moves it; it only dates the coverage notes (a model or
//     release note newer than as_of and not listed), which the gate reports
//     as warnings, and it cannot make a claim verified. (Lint refuses an
//     as_of in the future.)
//
// Every other top-level key is a setting, so a key added to the catalog
// format later is covered without a change here.
var NotSettings = []string{"entries", "name", "as_of"}

// IsSetting reports whether a top-level catalog key is a catalog-wide setting.
func IsSetting(key string) bool { return !slices.Contains(NotSettings, key) }

// CheckSettings is the check id of the finding the gate writes for a
// catalog-wide setting that the change added, removed or changed.
const CheckSettings = "gate.settings"

// CheckBaseSettings is the check id of the finding the gate writes for a
// strictly judged claim whose entry cannot be read under the settings of the
// base revision (a source under an organisation or host that only the change
// declares): it is not checked, and fails.
const CheckBaseSettings = "gate.base-settings"

// How a setting changed.
const (
	SettingAdded   = "added"
	SettingRemoved = "removed"
	SettingChanged = "changed"
)

// SettingChange is a catalog-wide setting the change added, removed or changed.
type SettingChange struct {
	// Key is the top-level key ("organisations", "hosts", "sources", …).
	Key string
	// Kind is SettingAdded, SettingRemoved or SettingChanged.
	Kind string
	// Item is the YAML path of the first differing item in head
	// ("organisations.github[1]"), and Value its text when it is a single
	// value; both empty when the whole key was added or removed, or when
	// the change is a removal inside the key.
	Item, Value string
	// Pos is where the change is in head: the differing item, else the key
	// (for a removed key: the catalog's first line).
	Pos catalog.Pos
}

// Message is the text of the gate's error about a changed setting; rev names
// the base and file the catalog.
func (c SettingChange) Message(rev, file string) string {
	var what string
	switch {
	case c.Kind == SettingAdded && c.Item == "":
		what = fmt.Sprintf("catalog-wide setting %q added", c.Key)
	case c.Kind == SettingRemoved:
		what = fmt.Sprintf("catalog-wide setting %q removed", c.Key)
	case c.Item != "" && c.Value != "":
		what = fmt.Sprintf("catalog-wide setting %q changed: %s (%q) is not in the catalog at %s", c.Key, c.Item, c.Value, rev)
	case c.Item != "":
		what = fmt.Sprintf("catalog-wide setting %q changed: %s is not in the catalog at %s", c.Key, c.Item, rev)
	default:
		what = fmt.Sprintf("catalog-wide setting %q changed: something it holds at %s was removed", c.Key, rev)
	}
	return what + fmt.Sprintf(". Catalog-wide settings decide what is official and what is fetched, so the gate reads them "+
		"from the catalog at %s and a pull request cannot vouch for its own: this change was not used. "+
		"A maintainer must land it on its own: run `claimcheck audit --catalog %s` on it, "+
		"then merge it in a pull request of its own (without entry edits)", rev, file)
}

// topLevel returns the root mapping of a decoded document (nil if none).
func topLevel(doc *yaml.Node) *yaml.Node {
	if doc == nil {
		return nil
	}
	n := doc
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	return n
}

// pair is one top-level key and its value.
type pair struct{ key, val *yaml.Node }

// pairs lists a mapping's key/value pairs in order.
func pairs(m *yaml.Node) []pair {
	if m == nil {
		return nil
	}
	out := make([]pair, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		out = append(out, pair{m.Content[i], m.Content[i+1]})
	}
	return out
}

func find(ps []pair, key string) (pair, bool) { return findNth(ps, key, 0) }

// findNth finds the n-th (0-based) pair with key. Catalogs have no duplicate
// keys (the loader refuses them), but a key's n-th occurrence is matched
// with the other document's n-th, so a document always equals itself.
func findNth(ps []pair, key string, n int) (pair, bool) {
	for _, p := range ps {
		if p.key.Value == key {
			if n == 0 {
				return p, true
			}
			n--
		}
	}
	return pair{}, false
}

// DiffSettings compares the catalog-wide settings of two decoded catalogs
// (yaml.Unmarshal into a yaml.Node): every top-level key but NotSettings. A
// nil or empty base has no settings, so every setting of head is added.
// Settings are compared by their YAML values: comments, quoting style,
// layout and the order of list items or mapping keys do not matter (a
// reordered list names the same organisations and hosts); a value's type
// does (1 is not "1"). Positions are in head, labelled file.
func DiffSettings(file string, base, head *yaml.Node) []SettingChange {
	bs, hs := pairs(topLevel(base)), pairs(topLevel(head))
	pos := func(n *yaml.Node) catalog.Pos { return catalog.Pos{File: file, Line: n.Line, Column: n.Column} }
	var out []SettingChange
	seen := map[string]int{}
	for _, h := range hs {
		if !IsSetting(h.key.Value) {
			continue
		}
		b, ok := findNth(bs, h.key.Value, seen[h.key.Value])
		seen[h.key.Value]++
		if !ok {
			out = append(out, SettingChange{Key: h.key.Value, Kind: SettingAdded, Pos: pos(h.key)})
			continue
		}
		if canon(b.val, !orderedSettings[h.key.Value]) == canon(h.val, !orderedSettings[h.key.Value]) {
			continue
		}
		c := SettingChange{Key: h.key.Value, Kind: SettingChanged, Pos: pos(h.key)}
		if path, n := firstDiff(h.key.Value, b.val, h.val); n != nil {
			c.Item, c.Pos = path, pos(n)
			if n.Kind == yaml.ScalarNode {
				c.Value = textsafe.Clip(n.Value, 200)
			}
		}
		out = append(out, c)
	}
	top := catalog.Pos{File: file, Line: 1, Column: 1}
	if t := topLevel(head); t != nil {
		top = pos(t)
	}
	seen = map[string]int{}
	for _, b := range bs {
		if !IsSetting(b.key.Value) {
			continue
		}
		if _, ok := findNth(hs, b.key.Value, seen[b.key.Value]); !ok {
			out = append(out, SettingChange{Key: b.key.Value, Kind: SettingRemoved, Pos: top})
		}
		seen[b.key.Value]++
	}
	return out
}

// orderedSettings are the settings whose list order means something: the
// first docs site is the one unqualified slugs resolve against, so
// reordering docs_sites is a change.
var orderedSettings = map[string]bool{"docs_sites": true}

// firstDiff finds the first node of h (in document order) that b does not
// have, with its YAML path; nil when h only lacks something b has (an item
// or key removed), which has no line in h.
func firstDiff(path string, b, h *yaml.Node) (string, *yaml.Node) {
	if canon(b, true) == canon(h, true) {
		return "", nil
	}
	if b.Kind != h.Kind || h.Kind == yaml.ScalarNode || h.Kind == yaml.AliasNode {
		return path, h
	}
	switch h.Kind {
	case yaml.MappingNode:
		bp := pairs(b)
		for _, hp := range pairs(h) {
			sub := path + "." + hp.key.Value
			bv, ok := find(bp, hp.key.Value)
			if !ok {
				return sub, hp.key
			}
			if p, n := firstDiff(sub, bv.val, hp.val); n != nil {
				return p, n
			}
		}
	case yaml.SequenceNode:
		// A multiset: each item of h must match a distinct item of b.
		left := map[string]int{}
		for _, bi := range b.Content {
			left[canon(bi, true)]++
		}
		for i, hi := range h.Content {
			k := canon(hi, true)
			if left[k] == 0 {
				return path + "[" + strconv.Itoa(i) + "]", hi
			}
			left[k]--
		}
	}
	return "", nil
}

// canon is a canonical text of a YAML value: scalars by resolved tag and
// value, mappings with their pairs sorted, sequences in order or, when
// unordered, sorted. Every part is quoted, so distinct values never share a
// text. Catalogs have no aliases (the loader refuses them); one is rendered
// by its name, which never equals a value.
func canon(n *yaml.Node, unordered bool) string {
	if n == nil {
		return "~absent"
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return strconv.Quote(n.ShortTag()) + "=" + strconv.Quote(n.Value)
	case yaml.MappingNode:
		items := make([]string, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			items = append(items, canon(n.Content[i], unordered)+":"+canon(n.Content[i+1], unordered))
		}
		slices.Sort(items)
		return "{" + strings.Join(items, ",") + "}"
	case yaml.SequenceNode:
		items := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			items = append(items, canon(c, unordered))
		}
		if unordered {
			slices.Sort(items)
		}
		return "[" + strings.Join(items, ",") + "]"
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return canon(n.Content[0], unordered)
		}
		return "~empty"
	default:
		return "*" + strconv.Quote(n.Value)
	}
}

// Trusted is the catalog the gate crawls and judges: the head's entries,
// name and as_of under the base's catalog-wide settings.
type Trusted struct {
	// Catalog is head under base's settings, without the Excluded entries;
	// nil when it could not be read at all (see Err).
	Catalog *catalog.Catalog
	// Excluded are head entries that cannot be read under base's settings
	// (a source under an organisation or host only head declares): entry id
	// → the loader's problems. They are neither fetched nor judged.
	Excluded map[string]string
	// Err says why Catalog is nil: head cannot be read under base's settings
	// for a reason that is not one entry's.
	Err error
}

// entryField matches the YAML path of a problem inside an entry.
var entryField = regexp.MustCompile(`^entries\[(\d+)\]`)

// maxExclusionRounds bounds the re-reads: a round excludes every entry with
// a problem, so a second round normally finds none.
const maxExclusionRounds = 3

// TrustBase builds the catalog the gate verifies: head's entries (and name,
// as_of) under base's catalog-wide settings, read by the catalog loader, so
// every check the loader makes between entries and settings (sources under
// an official organisation, URLs on an allowed host, and any added later)
// is made against the base's settings. base nil (no catalog at the base, or
// one that does not parse) means no settings at all: nothing the change
// declares is trusted.
//
// Positions of entries are head's. A setting whose value is the same in both
// (in order) is taken from head, so positions stay head's when no setting
// changed; a changed one is base's (its positions are base lines).
func TrustBase(file string, base, head *yaml.Node) Trusted {
	t := Trusted{Excluded: map[string]string{}}
	root := topLevel(head)
	if root == nil {
		t.Err = errors.New("the catalog is not a mapping")
		return t
	}
	spliced, entries := spliceSettings(pairs(topLevel(base)), pairs(root))
	for range maxExclusionRounds {
		doc := splicedDocument(root, spliced, entries, t.Excluded)
		cat, err := catalog.ParseDocument(file, doc)
		if err == nil {
			t.Catalog = cat
			return t
		}
		var errs catalog.Errors
		if !errors.As(err, &errs) {
			t.Err = err
			return t
		}
		more, err := problemEntries(doc, errs)
		if err != nil {
			t.Err = err
			return t
		}
		for id, msgs := range more {
			t.Excluded[id] = strings.Join(msgs, "; ")
		}
	}
	t.Err = fmt.Errorf("the catalog still has problems under the base's settings after excluding %d entries", len(t.Excluded))
	return t
}

// spliceSettings lists the top-level pairs of the catalog the gate reads:
// head's keys that are no settings (entries, name, as_of), in head's order,
// each setting head shares with base, from head when its value is the same
// and from base when it is not, then the settings only base has. A setting
// only head has is left out. entries is head's entries node.
func spliceSettings(bs, hs []pair) (spliced []pair, entries *yaml.Node) {
	for _, h := range hs {
		if !IsSetting(h.key.Value) {
			if h.key.Value == "entries" {
				entries = h.val
			}
			spliced = append(spliced, h)
			continue
		}
		if b, ok := find(bs, h.key.Value); ok {
			if canon(b.val, false) == canon(h.val, false) {
				spliced = append(spliced, h)
			} else {
				spliced = append(spliced, b)
			}
		}
	}
	for _, b := range bs {
		if IsSetting(b.key.Value) {
			if _, ok := find(hs, b.key.Value); !ok {
				spliced = append(spliced, b)
			}
		}
	}
	return spliced, entries
}

// splicedDocument builds the YAML document of the spliced pairs, at root's
// position, leaving the excluded entries out of the entries node.
func splicedDocument(root *yaml.Node, spliced []pair, entries *yaml.Node, excluded map[string]string) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: root.Line, Column: root.Column}
	for _, p := range spliced {
		v := p.val
		if v == entries && len(excluded) > 0 && v.Kind == yaml.SequenceNode {
			kept := *v
			kept.Content = nil
			for _, e := range v.Content {
				if _, out := excluded[entryID(e)]; !out {
					kept.Content = append(kept.Content, e)
				}
			}
			v = &kept
		}
		m.Content = append(m.Content, p.key, v)
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{m}, Line: 1, Column: 1}
}

// problemEntries attributes the loader's problems with doc to its entries:
// entry id → the problems' messages. A problem that is not one entry's
// (outside the entries, or in an entry without an id) is returned as the
// error: the catalog cannot be read under the base's settings at all.
func problemEntries(doc *yaml.Node, errs catalog.Errors) (map[string][]string, error) {
	// The entries node of this round (some may be excluded already).
	cur := mapValue(doc.Content[0], "entries")
	more := map[string][]string{}
	for _, e := range errs {
		m := entryField.FindStringSubmatch(e.Field)
		if m == nil || cur == nil {
			return nil, e
		}
		i, _ := strconv.Atoi(m[1])
		if i >= len(cur.Content) {
			return nil, e
		}
		id := entryID(cur.Content[i])
		if id == "" {
			return nil, e
		}
		more[id] = append(more[id], e.Error())
	}
	return more, nil
}

func entryID(n *yaml.Node) string { return scalarValue(mapValue(n, "id")) }

// Document decodes a catalog file's YAML into a node tree for DiffSettings
// and TrustBase (the file is validated by catalog.Parse first).
func Document(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read YAML: %w", err)
	}
	return &doc, nil
}
