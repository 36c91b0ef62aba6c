package arxiv

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// atomLine is one observation (Health false) or health item of a result.
type atomLine struct {
	Health                bool
	Subject, Field, Where string // Where: the observation's locator
}

// atomLines lists a result's observations, then its health items.
func atomLines(res extract.Result) []atomLine {
	out := make([]atomLine, 0, len(res.Observations)+len(res.Health))
	for _, o := range res.Observations {
		out = append(out, atomLine{Subject: o.Subject, Field: o.Field, Where: o.Evidence.Locator})
	}
	for _, h := range res.Health {
		out = append(out, atomLine{Health: true, Subject: h.Subject, Field: h.Field})
	}
	return out
}

// TestAtomEntriesInOrder: each entry is read on its own (an entry without an
// id or with a foreign id is a health item and the next one is still read),
// a missing element is a health item of its entry, and a requested id the
// feed does not hold is a health item, never exists=false.
func TestAtomEntriesInOrder(t *testing.T) {
	t.Parallel()
	const feed = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
<title>query</title><opensearch:totalResults>3</opensearch:totalResults>
<entry><title>No id</title></entry>
<entry><id>http://arxiv.org/abs/2401.00001v2</id><title>A Paper</title><summary>We study things.</summary>
<published>2024-01-01T00:00:00Z</published><updated>2024-02-01T00:00:00Z</updated><arxiv:doi>10.1000/x</arxiv:doi></entry>
<entry><id>https://example.org/not-arxiv</id></entry>
<entry><id>http://arxiv.org/abs/2401.00003</id><published>soon</published></entry>
</feed>`
	ids := []string{"2401.00001", "2401.00002", "2401.00003"}
	res := Extract(mkRecord(record.KindArXivQuery, "", ids, "https://export.arxiv.org/api/query", []byte(feed)))
	want := []atomLine{
		{Subject: "arxiv:2401.00001", Field: "exists", Where: "entry[2]/id"},
		{Subject: "arxiv:2401.00001", Field: "latest_version", Where: "entry[2]/id"},
		{Subject: "arxiv:2401.00001", Field: "title", Where: "entry[2]/title"},
		{Subject: "arxiv:2401.00001", Field: "published", Where: "entry[2]/published"},
		{Subject: "arxiv:2401.00001", Field: "updated", Where: "entry[2]/updated"},
		{Subject: "arxiv:2401.00001", Field: "doi", Where: "entry[2]/arxiv:doi"},
		{Subject: "arxiv:2401.00001", Field: "text", Where: "entry[2]/summary"},
		{Subject: "arxiv:2401.00003", Field: "exists", Where: "entry[4]/id"},
		{Health: true, Subject: "arxiv:?", Field: "exists"},
		{Health: true, Subject: "arxiv:?", Field: "exists"},
		{Health: true, Subject: "arxiv:2401.00003", Field: "latest_version"},
		{Health: true, Subject: "arxiv:2401.00003", Field: "title"},
		{Health: true, Subject: "arxiv:2401.00003", Field: "published"},
		{Health: true, Subject: "arxiv:2401.00003", Field: "updated"},
		{Health: true, Subject: "arxiv:2401.00003", Field: "text"},
		{Health: true, Subject: "arxiv:2401.00002", Field: "exists"},
	}
	if diff := cmp.Diff(want, atomLines(res)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

// TestAtomUnansweredFeeds: a body that is not Atom, or an API error entry,
// is one health item per requested id.
func TestAtomUnansweredFeeds(t *testing.T) {
	t.Parallel()
	const apiError = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format</id><title>Error</title><summary>incorrect id format</summary></entry></feed>`
	for _, tc := range []struct{ name, body, problem string }{
		{"not xml", "<html>", "not an Atom feed: "},
		{"api error", apiError, "arXiv API error: incorrect id format"},
	} {
		res := Extract(mkRecord(record.KindArXivQuery, "", []string{"2401.00001", "2401.00002"}, "https://export.arxiv.org/api/query", []byte(tc.body)))
		if len(res.Observations) != 0 || len(res.Health) != 2 {
			t.Errorf("%s: %d observations, %d health items; want 0 and 2", tc.name, len(res.Observations), len(res.Health))
			continue
		}
		for _, h := range res.Health {
			if len(h.Problem) < len(tc.problem) || h.Problem[:len(tc.problem)] != tc.problem {
				t.Errorf("%s: problem %q, want it to start %q", tc.name, h.Problem, tc.problem)
			}
		}
	}
}
