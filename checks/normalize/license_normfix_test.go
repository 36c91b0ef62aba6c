package normalize

import "testing"

// A licence named only by its family (no version or variant) is less
// precise than a versioned licence of that family, never a different one;
// SPDX -only/-or-later forms are the base licence; an id's initials may skip
// a generic word. Genuinely different licences still differ.
func TestMatchLicenseFamilyAndSPDXForms(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		claim, obs string
		want       Result
	}{
		{"Apache License", "apache-2.0", Inconclusive},
		{"Apache", "apache-2.0", Inconclusive},
		{"apache-2.0", "Apache License", Inconclusive},
		{"Apache 2.0", "Apache License", Inconclusive},
		{"GPL", "gpl-3.0", Inconclusive},
		{"GNU GPL", "gpl-3.0", Inconclusive},
		{"GNU GPL v3", "gpl-3.0", Agree},
		{"BSD", "bsd-3-clause", Inconclusive},
		{"LGPL-2.1-or-later", "lgpl-2.1", Agree},
		{"GPL-3.0-only", "gpl-3.0", Agree},
		{"GPL-3.0+", "gpl-3.0", Agree},
		{"Llama", "llama3.1", Inconclusive},
		{"Creative Commons", "cc-by-4.0", Inconclusive},
		{"Mistral AI Research License", "mrl", Agree},
		{"Mistral Research License", "mrl", Agree},
		// Different licences stay different.
		{"MIT", "apache-2.0", Differ},
		{"MIT", "Modified MIT License", Differ},
		{"MIT", "MIT-0", Differ},
		{"GPL", "lgpl-2.1", Differ},
		{"GPL-3.0-only", "gpl-2.0", Differ},
		{"Llama 3", "llama3.1", Differ},
		{"CC-BY-4.0", "cc-by-sa-4.0", Differ},
		{"Apache", "mit", Differ},
		{"Mistral AI Research License", "mnpl", Differ},
	} {
		if m := MatchLicense(tc.claim, tc.obs); m.Result != tc.want {
			t.Errorf("MatchLicense(%q, %q) = %v (%s), want %v", tc.claim, tc.obs, m.Result, m.Note, tc.want)
		}
	}
}
