package mdfacts

import (
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
)

// A licence name after a word that makes it another licence ("Modified MIT
// License") is not that licence: nothing is read from it.
func TestLicenseAfterAModifierIsAnotherLicence(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text, want string
	}{
		{"Both the code and the model weights are released under the Modified MIT License.", ""},
		{"The weights are released under a custom Apache 2.0 license with extra terms.", ""},
		{"The weights are released under the Modified-MIT License.", ""},
		{"It uses a modified version of the MIT License.", ""},
		{"Released under the MIT License (modified) with an attribution clause.", ""},
		{"The weights are released under the MIT License.", "MIT License"},
		{"Use it under the unmodified Apache 2.0 license.", "Apache 2.0 license"},
		{"They are released under the MIT open-source license.", "MIT"},
	} {
		var got []string
		for _, f := range Scan(tc.text, Options{}).Facts {
			if f.Field == catalog.FieldLicense {
				got = append(got, f.Value)
			}
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("%q: licences %q, want %q", tc.text, got, tc.want)
		}
	}
}
