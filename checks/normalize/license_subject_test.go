package normalize

import "testing"

// Licence ids (SPDX, the Hugging Face Hub's) against licence names in words.
func TestMatchLicenseIDsAndNames(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		claim, obs string
		want       Result
	}{
		// A Hub id in front matter and the full name the catalog gives.
		{"Gemma Terms of Use", "gemma", Agree},
		{"Llama 3.1 Community License Agreement", "llama3.1", Agree},
		{"Llama 4 Community License", "llama4", Agree},
		{"Apple Machine Learning Research Model License", "apple-amlr", Agree},
		{"Creative Commons Attribution 4.0 International", "cc-by-4.0", Agree},
		{"Creative Commons Attribution-NonCommercial 4.0 International", "cc-by-nc-4.0", Agree},
		{"GNU General Public License v3.0", "gpl-3.0", Agree},
		{"Mozilla Public License 2.0", "mpl-2.0", Agree},
		{"BSD 3-Clause License", "bsd-3-clause", Agree},
		{"Example Open Weights License", "example-owl", Agree}, // an acronym of the name's words
		{"Modified MIT License", "modified-mit", Agree},
		// The vendor's id for one of its licences: it may name the claim's
		// licence or another of the same vendor's, so nothing is decided.
		{"Example Research License", "example", Inconclusive},
		{"Example Community License Agreement", "example-research", Inconclusive},
		// Different licences stay different.
		{"Apple Sample Code License", "apple-amlr", Differ},
		{"DeepSeek Model License", "mit", Differ},
		{"MIT", "apache-2.0", Differ},
		{"Modified MIT License", "mit", Differ},
		{"Creative Commons Attribution 4.0 International", "cc-by-nc-4.0", Differ},
		{"GNU General Public License v3.0", "gpl-2.0", Differ},
		{"Gemma Terms of Use", "apache-2.0", Differ},
	} {
		if m := MatchLicense(tt.claim, tt.obs); m.Result != tt.want {
			t.Errorf("MatchLicense(%q, %q) = %v (%s), want %v", tt.claim, tt.obs, m.Result, m.Note, tt.want)
		}
		// The comparison is symmetric in what it decides.
		if m := MatchLicense(tt.obs, tt.claim); m.Result != tt.want {
			t.Errorf("MatchLicense(%q, %q) = %v (%s), want %v", tt.obs, tt.claim, m.Result, m.Note, tt.want)
		}
	}
}

func FuzzMatchLicenseSymmetric(f *testing.F) {
	for _, s := range [][2]string{{"Gemma Terms of Use", "gemma"}, {"apple-amlr", "Apple Sample Code License"}, {"mit", "MIT License"}, {"a-b-c", "A B C"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		x, y := MatchLicense(a, b), MatchLicense(b, a)
		if (x.Result == Agree) != (y.Result == Agree) && License(a) != "" && License(b) != "" {
			t.Errorf("MatchLicense(%q, %q) = %v but reversed %v", a, b, x.Result, y.Result)
		}
	})
}
