package checks

import (
	"slices"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
)

// The catalog's list of checklist item ids is the list of checklist checks.
func TestChecklistItemsMatchChecks(t *testing.T) {
	t.Parallel()
	var ids []string
	for _, c := range List {
		if id, ok := strings.CutPrefix(c.ID, "checklist."); ok {
			ids = append(ids, id)
		}
	}
	if !slices.Equal(ids, catalog.ChecklistItems) {
		t.Errorf("checks %v, catalog.ChecklistItems %v", ids, catalog.ChecklistItems)
	}
}

// A catalog's checklist key decides which checklist checks run: absent, all
// that apply; [] none; a list, only those.
func TestChecklistKeyDecidesItems(t *testing.T) {
	t.Parallel()
	count := func(cl catalog.Checklist) map[string]int {
		in := v2World(t)
		in.Catalog.Checklist = cl
		got := map[string]int{}
		for _, f := range Judge(in) {
			if strings.HasPrefix(f.Check, "checklist.") {
				got[f.Check]++
			}
		}
		return got
	}
	all := count(catalog.Checklist{})
	if len(all) < 3 {
		t.Fatalf("the sample judges only %v checklist items", all)
	}
	if got := count(catalog.Checklist{Set: true, Items: []string{}}); len(got) != 0 {
		t.Errorf("checklist []: %v, want none", got)
	}
	got := count(catalog.Checklist{Set: true, Items: []string{"official-org"}})
	if len(got) != 1 || got["checklist.official-org"] != all["checklist.official-org"] {
		t.Errorf("checklist [official-org]: %v, want only official-org (%d)", got, all["checklist.official-org"])
	}
}
