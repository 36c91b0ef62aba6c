package record

import "testing"

// TestEvidenceCarriesCacheFlags: evidence cut from a record served by a 304
// (or from the store) says so, so reports never call it freshly fetched.
func TestEvidenceCarriesCacheFlags(t *testing.T) {
	t.Parallel()
	for _, r := range []Record{{}, {NotModified: true, FromCache: true}, {FromCache: true}} {
		e := r.Evidence("h1", "q")
		if e.NotModified != r.NotModified || e.FromCache != r.FromCache {
			t.Errorf("record %+v gave evidence %+v", r, e)
		}
	}
}
