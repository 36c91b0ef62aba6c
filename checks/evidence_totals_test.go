package checks

import "strings"

// citations counts the places a finding's evidence cites: one per locator
// (TidyEvidence joins the locators of one page with LocatorSep), at least
// one per piece.
func citations(f Finding) int {
	n := 0
	for _, e := range f.Evidence {
		n += max(1, len(strings.Split(e.Locator, LocatorSep)))
	}
	return n
}
