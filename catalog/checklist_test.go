package catalog

import (
	"errors"
	"strings"
	"testing"
)

func TestChecklistKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, key string
		set       bool
		items     []string
		errs      []string
	}{
		{"absent: every item that applies", "", false, nil, nil},
		{"empty: none", "checklist: []\n", true, []string{}, nil},
		{"some, with or without the prefix", "checklist: [paper-exists, checklist.official-org]\n", true, []string{"paper-exists", "official-org"}, nil},
		{"unknown item", "checklist: [paper-exist]\n", true, []string{}, []string{`t.yaml:11:13: checklist[0]: unknown checklist item "paper-exist"`}},
		{"twice", "checklist: [paper-exists, paper-exists]\n", true, []string{"paper-exists"}, []string{`t.yaml:11:27: checklist[1]: checklist item "paper-exists" listed twice`}},
		{"not a list", "checklist: all\n", true, []string{}, []string{"t.yaml:11:12: checklist: want a list of checklist items"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := Parse("t.yaml", []byte(hdr+tc.key))
			if len(tc.errs) > 0 {
				var errs Errors
				if !errors.As(err, &errs) || len(errs) != len(tc.errs) {
					t.Fatalf("errors %v, want %v", err, tc.errs)
				}
				for i, w := range tc.errs {
					if !strings.HasPrefix(errs[i].Error(), w) {
						t.Errorf("error %q, want prefix %q", errs[i], w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Checklist.Set != tc.set || strings.Join(c.Checklist.Items, ",") != strings.Join(tc.items, ",") {
				t.Errorf("checklist %+v, want set=%v items=%v", c.Checklist, tc.set, tc.items)
			}
			for _, id := range ChecklistItems {
				want := !tc.set || strings.Contains(","+strings.Join(tc.items, ",")+",", ","+id+",")
				if c.Checklist.Applies(id) != want {
					t.Errorf("Applies(%s) = %v, want %v", id, !want, want)
				}
			}
		})
	}
}
