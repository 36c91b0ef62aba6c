package normalize

import "testing"

// -only and -or-later are different grants of one licence; a side that does
// not say which agrees with either.
func TestLicenseGrants(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		claim, obs string
		want       Result
	}{
		{"GPL-2.0-only", "gpl-2.0-or-later", Inconclusive},
		{"GPL-2.0-only", "GPL-2.0+", Inconclusive},
		{"GPL-2.0-only", "gpl-2.0", Agree},
		{"LGPL-2.1-or-later", "lgpl-2.1", Agree},
		{"GPL-3.0-or-later", "GPL-3.0+", Agree},
	} {
		if got := MatchLicense(tc.claim, tc.obs).Result; got != tc.want {
			t.Errorf("MatchLicense(%q, %q) = %v, want %v", tc.claim, tc.obs, got, tc.want)
		}
	}
}
