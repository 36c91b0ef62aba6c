package venue

import (
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks/extract"
)

// Regression (end-to-end audit): an organisation's profile page is not a
// paper page; its text for phrase claims includes the main content (the
// collections it lists), not only its description.
func TestOrganisationPageText(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"huggingface.co/deepseek-ai.http", []string{"founded in 2023", "Chinese company", "DeepSeek-V4", "DeepSeek-OCR"}},
		{"github.com/deepseek-ai.http", []string{"DeepSeek-V3", "Janus"}},
	} {
		res := Extract(worldRecord(t, tc.file))
		var text string
		for _, o := range res.Observations {
			if o.Field == extract.FieldText {
				text = o.Value
			}
		}
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: text lacks %q: %q", tc.file, w, text)
			}
		}
		if len(res.Health) != 0 {
			t.Errorf("%s: health %+v", tc.file, res.Health)
		}
	}
}
