package cassette

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// entryIDRE reads the entry ids of a served feed (tests only).
var entryIDRE = regexp.MustCompile(`<id>\s*https?://arxiv\.org/abs/([^<\s]+?)(?:v[0-9]+)?\s*</id>`)

const subsetEntry = "<entry><id>http://arxiv.org/abs/%sv1</id><title>Paper %s</title></entry>\n"

func entry(id string) string {
	return strings.ReplaceAll(strings.Replace(subsetEntry, "%s", id, 1), "%s", id)
}

// TestAtomSubsetReadsTheFeedAsXML: an <entry> in a comment is not served; an
// entry with two <id>s is skipped (the extractor would read another id than
// the index); a comment holding <entry> before the real entries leaves the
// served feed well formed; an entry the recorded request did not ask for is
// not served.
func TestAtomSubsetReadsTheFeedAsXML(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	feed := "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">\n<title>q</title>\n" +
		"<!-- draft: <entry><id>http://arxiv.org/abs/2401.88888v1</id><title>Head comment</title></entry> -->\n" +
		"<opensearch:totalResults>4</opensearch:totalResults>\n" +
		entry("2401.00001") +
		"<entry><id>http://arxiv.org/abs/2401.00002v1</id><title>Paper B</title><id>http://arxiv.org/abs/2401.00003v1</id></entry>\n" +
		entry("2401.00004") +
		entry("2401.77777") +
		"<!-- old: <entry><id>http://arxiv.org/abs/2401.99999v1</id><title>Commented out</title></entry> -->\n" +
		"</feed>\n"
	writeRecording(t, dir, "a.http", "https://export.arxiv.org/api/query?id_list=2401.00001,2401.00002,2401.00003,2401.00004,2401.99999,2401.88888&max_results=6", `"e"`, feed)
	p, err := NewPlayer(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		q    string
		want []string // nil: not served
	}{
		{"2401.00001", []string{"2401.00001"}},
		{"2401.00004,2401.00001", []string{"2401.00004", "2401.00001"}},
		{"2401.99999", nil}, // only in a comment
		{"2401.88888", nil}, // only in the head's comment
		{"2401.00002", nil}, // two <id>s
		{"2401.00003", nil}, // the second <id>
		{"2401.77777", nil}, // not asked for by the recorded request
	} {
		r, body, err := get(t, p, "https://export.arxiv.org/api/query?id_list="+tc.q+"&max_results=2", nil)
		if tc.want == nil {
			if err == nil && r.StatusCode == http.StatusOK {
				t.Errorf("%s: served %q", tc.q, entryIDs(body))
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.q, err)
			continue
		}
		if got := feedIDs(body); !slices.Equal(got, tc.want) {
			t.Errorf("%s: served entries %q, want %q\n%s", tc.q, got, tc.want, body)
		}
		if _, ok := ParseFeed([]byte(body)); !ok {
			t.Errorf("%s: served feed is not well formed:\n%s", tc.q, body)
		}
		if !strings.Contains(body, "<opensearch:totalResults>"+string(rune('0'+len(tc.want)))+"</opensearch:totalResults>") {
			t.Errorf("%s: totalResults not rewritten:\n%s", tc.q, body)
		}
	}
}

// feedIDs are the ids of a feed's entries as an XML reader sees them.
func feedIDs(body string) []string {
	entries, _ := ParseFeed([]byte(body))
	var ids []string
	for _, e := range entries {
		ids = append(ids, e.ID)
	}
	return ids
}

func FuzzParseFeed(f *testing.F) {
	f.Add(atomFeed("2401.00001", "2401.00002"))
	f.Add("<feed xmlns=\"http://www.w3.org/2005/Atom\"><!-- <entry> --><entry><id>x</id><id>y</id></entry></feed>")
	f.Add("<entry><entry></entry></entry>")
	f.Fuzz(func(t *testing.T, body string) {
		entries, ok := ParseFeed([]byte(body))
		if !ok {
			return
		}
		last := 0
		for _, e := range entries {
			if e.Start < last || e.End < e.Start || e.End > len(body) {
				t.Fatalf("entry span %d..%d out of order (last %d, len %d)", e.Start, e.End, last, len(body))
			}
			last = e.End
			if !strings.HasPrefix(body[e.Start:], "<") {
				t.Errorf("entry span %q does not open a tag", body[e.Start:e.End])
			}
		}
	})
}
