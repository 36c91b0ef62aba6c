package catalog

import (
	"cmp"
	"slices"
)

// Changes is what changed between two versions of a catalog (see Diff).
type Changes struct {
	// Catalog lists the changed catalog-level keys: "name", "as_of",
	// "organisations", "hosts", "sources".
	Catalog        []string      `json:"catalog,omitempty"`
	EntriesAdded   []EntryChange `json:"entries_added,omitempty"`
	EntriesRemoved []EntryChange `json:"entries_removed,omitempty"`
	EntriesChanged []EntryChange `json:"entries_changed,omitempty"`
	ClaimsAdded    []ClaimChange `json:"claims_added,omitempty"`
	ClaimsRemoved  []ClaimChange `json:"claims_removed,omitempty"`
	ClaimsChanged  []ClaimChange `json:"claims_changed,omitempty"`
}

// EntryChange is an entry added, removed or changed.
type EntryChange struct {
	EntryID string `json:"entry"`
	// Fields lists what changed ("name", "kind", "sources"); empty for
	// additions and removals.
	Fields []string `json:"fields,omitempty"`
	// Pos is the entry in head (zero when removed); BasePos in base (zero when added).
	Pos     Pos `json:"location"`
	BasePos Pos `json:"base_location"`
}

// ClaimChange is a claim added, removed or changed. Claims of added or
// removed entries are listed too.
type ClaimChange struct {
	EntryID string `json:"entry"`
	ClaimID string `json:"claim"`
	// Fields lists what changed ("type", "field", "subject", "value",
	// "unit", "until"); empty for additions and removals. The quote is
	// documentation and never counts as a change.
	Fields  []string `json:"fields,omitempty"`
	Pos     Pos      `json:"location"`
	BasePos Pos      `json:"base_location"`
}

// FullID is "entry/claim".
func (c ClaimChange) FullID() string { return c.EntryID + "/" + c.ClaimID }

// Empty reports whether nothing changed.
func (d Changes) Empty() bool {
	return len(d.Catalog)+len(d.EntriesAdded)+len(d.EntriesRemoved)+len(d.EntriesChanged)+
		len(d.ClaimsAdded)+len(d.ClaimsRemoved)+len(d.ClaimsChanged) == 0
}

// Diff compares base with head for the CI gate: entries and claims are
// matched by id; a change of position alone (lines moved, items reordered)
// is not a change. Added and changed items are ordered by their
// position in head, removed ones by their position in base.
func Diff(base, head *Catalog) Changes {
	var d Changes
	if base.Name != head.Name {
		d.Catalog = append(d.Catalog, "name")
	}
	if base.AsOf != head.AsOf {
		d.Catalog = append(d.Catalog, "as_of")
	}
	if !sameSet(orgKeys(base.Organisations), orgKeys(head.Organisations)) {
		d.Catalog = append(d.Catalog, "organisations")
	}
	if !sameSet(base.Hosts, head.Hosts) {
		d.Catalog = append(d.Catalog, "hosts")
	}
	if !sameSet(docsSiteKeys(base.DocsSites), docsSiteKeys(head.DocsSites)) {
		d.Catalog = append(d.Catalog, "docs_sites")
	}
	if !sameSet(base.Sources.Refs(), head.Sources.Refs()) {
		d.Catalog = append(d.Catalog, "sources")
	}
	if !sameSet(discoveryKeys(base.Discovery), discoveryKeys(head.Discovery)) {
		d.Catalog = append(d.Catalog, "discovery")
	}
	if !sameSet(omitKeys(base.Omit), omitKeys(head.Omit)) {
		d.Catalog = append(d.Catalog, "omit")
	}
	for i := range head.Entries {
		he := &head.Entries[i]
		be := base.Entry(he.ID)
		if be == nil {
			d.EntriesAdded = append(d.EntriesAdded, EntryChange{EntryID: he.ID, Pos: he.Pos})
			for _, c := range he.Claims {
				d.ClaimsAdded = append(d.ClaimsAdded, ClaimChange{EntryID: he.ID, ClaimID: c.ID, Pos: c.Pos})
			}
			continue
		}
		if f := entryFields(be, he); len(f) > 0 {
			d.EntriesChanged = append(d.EntriesChanged, EntryChange{EntryID: he.ID, Fields: f, Pos: he.Pos, BasePos: be.Pos})
		}
		for j := range he.Claims {
			hc := &he.Claims[j]
			bc := be.Claim(hc.ID)
			if bc == nil {
				d.ClaimsAdded = append(d.ClaimsAdded, ClaimChange{EntryID: he.ID, ClaimID: hc.ID, Pos: hc.Pos})
				continue
			}
			if f := claimFields(bc, hc); len(f) > 0 {
				d.ClaimsChanged = append(d.ClaimsChanged, ClaimChange{EntryID: he.ID, ClaimID: hc.ID, Fields: f, Pos: hc.Pos, BasePos: bc.Pos})
			}
		}
		for _, bc := range be.Claims {
			if he.Claim(bc.ID) == nil {
				d.ClaimsRemoved = append(d.ClaimsRemoved, ClaimChange{EntryID: he.ID, ClaimID: bc.ID, BasePos: bc.Pos})
			}
		}
	}
	for _, be := range base.Entries {
		if head.Entry(be.ID) == nil {
			d.EntriesRemoved = append(d.EntriesRemoved, EntryChange{EntryID: be.ID, BasePos: be.Pos})
			for _, c := range be.Claims {
				d.ClaimsRemoved = append(d.ClaimsRemoved, ClaimChange{EntryID: be.ID, ClaimID: c.ID, BasePos: c.Pos})
			}
		}
	}
	byPos := func(p func(ClaimChange) Pos) func(a, b ClaimChange) int {
		return func(a, b ClaimChange) int { return comparePos(p(a), p(b)) }
	}
	slices.SortStableFunc(d.ClaimsAdded, byPos(func(c ClaimChange) Pos { return c.Pos }))
	slices.SortStableFunc(d.ClaimsChanged, byPos(func(c ClaimChange) Pos { return c.Pos }))
	slices.SortStableFunc(d.ClaimsRemoved, byPos(func(c ClaimChange) Pos { return c.BasePos }))
	return d
}

func comparePos(a, b Pos) int {
	return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
}

func entryFields(b, h *Entry) []string {
	return differing(
		fieldDiff{"name", b.Name != h.Name},
		fieldDiff{"kind", b.Kind != h.Kind},
		fieldDiff{"sources", !sameSet(b.Sources.Refs(), h.Sources.Refs())},
	)
}

func claimFields(b, h *Claim) []string {
	return differing(
		fieldDiff{"type", b.Type != h.Type},
		fieldDiff{"field", b.Field != h.Field},
		fieldDiff{"subject", b.Subject != h.Subject},
		fieldDiff{"value", b.Value != h.Value},
		fieldDiff{"unit", unit(b) != unit(h)},
		fieldDiff{"until", !sameDate(b.Until, h.Until)},
	)
}

// fieldDiff says whether a field differs between two versions.
type fieldDiff struct {
	name    string
	differs bool
}

// differing names the fields that differ, in order (nil when none does).
func differing(fs ...fieldDiff) []string {
	var out []string
	for _, f := range fs {
		if f.differs {
			out = append(out, f.name)
		}
	}
	return out
}

func unit(c *Claim) string {
	if c.Type == TypeCount && c.Quantity != nil {
		return c.Quantity.Unit
	}
	return ""
}

func sameDate(a, b *Date) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func orgKeys(os []Organisation) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Platform + "/" + o.Name
	}
	return out
}

// sameSet compares two lists ignoring order.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
