package checks

import "testing"

func TestFullTextSentence(t *testing.T) {
	for _, tc := range []struct{ para, phrase, want string }{
		{"We adopt multi-token prediction. It helps.", "multi-token prediction", "We adopt multi-token prediction."},
		{"Unlike DeepSeek-V3, we do not use multi-token prediction.", "multi-token prediction", ""},
		{"We train without multi-token prediction.", "multi-token prediction", ""},
		{"We don't use multi-token prediction.", "multi-token prediction", ""},
		{"We use dense heads instead of multi-token prediction.", "multi-token prediction", ""},
		{"We use next-token loss rather than multi-token prediction.", "multi-token prediction", ""},
		{"No multi-token prediction is used.", "multi-token prediction", ""},
		// A negation after the phrase, or in another sentence, does not deny it.
		// A negation anywhere in the sentence leaves the phrase unstated, even one
		// about something else ("not free"): when in doubt, unverified.
		{"Multi-token prediction is not free. We do not drop tokens.", "multi-token prediction", ""},
		{"Multi-token prediction is not used in this model.", "multi-token prediction", ""},
		{"Multi-token prediction was removed, since it did not help.", "multi-token prediction", ""},
		{"We do not drop tokens. We adopt multi-token prediction (MTP).", "multi-token prediction", "We adopt multi-token prediction (MTP)."},
		// The first affirmative sentence is the quote.
		{"We do not use FP8. Later, FP8 training is used.", "FP8", "Later, FP8 training is used."},
		{"Nothing here.", "FP8", ""},
		// "notable" and "known" are not negations.
		{"A notable known FP8 recipe is used.", "FP8", "A notable known FP8 recipe is used."},
	} {
		if got := fullTextSentence(tc.para, tc.phrase); got != tc.want {
			t.Errorf("fullTextSentence(%q, %q) = %q, want %q", tc.para, tc.phrase, got, tc.want)
		}
	}
}

func TestSentences(t *testing.T) {
	got := sentences("One. Two! 3 three? (Four) e.g. five.")
	want := []string{"One.", "Two!", "3 three?", "(Four) e.g. five."}
	if len(got) != len(want) {
		t.Fatalf("sentences = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("sentence %d = %q, want %q", i, got[i], want[i])
		}
	}
}
