package arxiv

import (
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// assertAbsentIsHealth: an id the feed did not return has no exists
// observation (above all not exists=false), only a health item on exists.
func assertAbsentIsHealth(t *testing.T, res extract.Result, subject string) {
	t.Helper()
	for _, o := range res.Observations {
		if o.Subject == subject && o.Field == extract.FieldExists {
			t.Errorf("%s: feed absence observed as exists=%s", subject, o.Value)
		}
	}
	for _, h := range res.Health {
		if h.Subject == subject && h.Field == extract.FieldExists && strings.Contains(h.Problem, "not an answer") {
			return
		}
	}
	t.Errorf("%s: no exists health item in %+v", subject, res.Health)
}

const feedHead = `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/x</id>
  <title>arXiv Query: id_list</title>
  <updated>2026-11-20T03:00:00Z</updated>
`

const entryA = `  <entry>
    <id>http://arxiv.org/abs/2401.00001v2</id>
    <title>Paper A</title>
    <updated>2024-01-02T00:00:00Z</updated>
    <summary>A paper.</summary>
    <published>2024-01-01T00:00:00Z</published>
  </entry>
`

// TestFeedAbsenceIsNoAnswer: an empty 200 feed, a feed whose totalResults
// exceeds its entries, and a short feed never say a paper does not exist.
func TestFeedAbsenceIsNoAnswer(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		ids        []string
		absent     []string
	}{
		{"empty feed, total 0", feedHead + "  <opensearch:totalResults>0</opensearch:totalResults>\n</feed>\n", []string{"2405.04434"}, []string{"arxiv:2405.04434"}},
		{"empty feed, total 1", feedHead + "  <opensearch:totalResults>1</opensearch:totalResults>\n</feed>\n", []string{"2405.04434"}, []string{"arxiv:2405.04434"}},
		{"empty feed, no total", feedHead + "</feed>\n", []string{"2405.04434", "2401.00001"}, []string{"arxiv:2405.04434", "arxiv:2401.00001"}},
		{"short feed", feedHead + "  <opensearch:totalResults>1</opensearch:totalResults>\n" + entryA + "</feed>\n", []string{"2401.00001", "2499.99999"}, []string{"arxiv:2499.99999"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Extract(mkRecord(record.KindArXivQuery, "", tc.ids, "u", []byte(tc.body)))
			for _, s := range tc.absent {
				assertAbsentIsHealth(t, res, s)
			}
			for _, o := range res.Observations {
				if o.Field == extract.FieldExists && o.Value != "true" {
					t.Errorf("observation %s exists=%s", o.Subject, o.Value)
				}
			}
		})
	}
}
