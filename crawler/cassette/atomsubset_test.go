package cassette

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func atomFeed(ids ...string) string {
	var b strings.Builder
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">\n  <id>https://arxiv.org/api/x</id>\n  <opensearch:totalResults>")
	b.WriteString(string(rune('0' + len(ids))))
	b.WriteString("</opensearch:totalResults>\n  ")
	for _, id := range ids {
		b.WriteString("<entry>\n    <id>http://arxiv.org/abs/" + id + "v2</id>\n    <title>Paper " + id + "</title>\n  </entry>\n  ")
	}
	b.WriteString("\n</feed>\n")
	return b.String()
}

func writeRecording(t *testing.T, dir, name, rawURL, etag, body string) {
	t.Helper()
	rec := "# claimcheck recording v1\n# recorded-at: 2026-11-20T03:00:00Z\nGET " + rawURL + "\n\nHTTP/1.1 200 OK\nContent-Type: application/atom+xml\nETag: " + etag + "\n\n" + body
	if err := os.WriteFile(filepath.Join(dir, name), []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, p *Player, rawURL string, h http.Header) (*http.Response, string, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := p.RoundTrip(req)
	if err != nil {
		return nil, "", err
	}
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b), nil
}

func entryIDs(body string) []string {
	var ids []string
	for _, m := range entryIDRE.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func TestPlayerServesArXivSubsetsAndUnions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeRecording(t, dir, "batch.http", "https://export.arxiv.org/api/query?id_list=2401.00001,2401.00002,2401.00003&max_results=3", `"b1"`,
		atomFeed("2401.00001", "2401.00002", "2401.00003"))
	writeRecording(t, dir, "single.http", "https://export.arxiv.org/api/query?id_list=2502.00009&max_results=1", `"s1"`,
		atomFeed("2502.00009"))
	writeRecording(t, dir, "other.http", "https://mirror.example/api/query?id_list=2601.00001&max_results=1", `"m1"`,
		atomFeed("2601.00001"))
	p, err := NewPlayer(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		query   string
		want    []string // entries served, in order; nil = no recording
		missing string   // named in the error
	}{
		{"exact batch", "id_list=2401.00001,2401.00002,2401.00003&max_results=3", []string{"2401.00001", "2401.00002", "2401.00003"}, ""},
		{"one of the batch", "id_list=2401.00002&max_results=1", []string{"2401.00002"}, ""},
		{"subset reordered", "max_results=2&id_list=2401.00003,2401.00001", []string{"2401.00003", "2401.00001"}, ""},
		{"union of two recordings", "id_list=2502.00009,2401.00001&max_results=2", []string{"2502.00009", "2401.00001"}, ""},
		{"an id nobody recorded", "id_list=2401.00001,2999.99999&max_results=2", nil, "2999.99999"},
		{"another endpoint's entry", "id_list=2601.00001&max_results=1", nil, "2601.00001"},
		{"a search is not an id list", "search_query=all:x&id_list=2401.00001", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp, body, err := get(t, p, "https://export.arxiv.org/api/query?"+tc.query, nil)
			if tc.want == nil {
				if !errors.Is(err, ErrNoRecording) {
					t.Fatalf("err = %v, want ErrNoRecording", err)
				}
				if !strings.Contains(err.Error(), "--record") || !strings.Contains(err.Error(), tc.missing) {
					t.Errorf("error %q: want the missing id %q and how to record it", err, tc.missing)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got := entryIDs(body); strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("entries %v, want %v\n%s", got, tc.want, body)
			}
			if !strings.Contains(body, "<opensearch:totalResults>"+string(rune('0'+len(tc.want)))+"</opensearch:totalResults>") {
				t.Errorf("totalResults not %d:\n%s", len(tc.want), body)
			}
			if !strings.HasSuffix(strings.TrimSpace(body), "</feed>") {
				t.Errorf("feed not closed:\n%s", body)
			}
		})
	}
}

// A subset answer has a validator of its own: revalidating it with its ETag
// gets 304; another subset's ETag does not match.
func TestPlayerSubsetRevalidates(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeRecording(t, dir, "batch.http", "https://export.arxiv.org/api/query?id_list=2401.00001,2401.00002&max_results=2", `"b1"`,
		atomFeed("2401.00001", "2401.00002"))
	p, err := NewPlayer(dir)
	if err != nil {
		t.Fatal(err)
	}
	u1 := "https://export.arxiv.org/api/query?id_list=2401.00001&max_results=1"
	u2 := "https://export.arxiv.org/api/query?id_list=2401.00002&max_results=1"
	r1, _, err := get(t, p, u1, nil)
	if err != nil {
		t.Fatal(err)
	}
	etag := r1.Header.Get("Etag")
	if etag == "" || etag == `"b1"` {
		t.Fatalf("subset ETag %q: want one of its own", etag)
	}
	if r, _, err := get(t, p, u1, http.Header{"If-None-Match": {etag}}); err != nil || r.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %v %v, want 304", r, err)
	}
	if r, _, err := get(t, p, u2, http.Header{"If-None-Match": {etag}}); err != nil || r.StatusCode != http.StatusOK {
		t.Errorf("another subset with the first one's ETag: %v %v, want 200", r, err)
	}
}

func FuzzAtomSubset(f *testing.F) {
	f.Add(atomFeed("2401.00001", "2401.00002"), "2401.00002")
	f.Add("<feed><entry><id>http://arxiv.org/abs/x</id></entry>", "x")
	f.Add("<entry><entry></entry></entry>", "")
	f.Fuzz(func(t *testing.T, body, id string) {
		u, _ := url.Parse("https://export.arxiv.org/api/query?id_list=a,b")
		ex := []*Exchange{{Method: http.MethodGet, URL: u.String(), Status: 200, Header: http.Header{}, Body: []byte(body)}}
		p := &Player{byKey: map[string]*Exchange{}, atom: indexAtom(ex)}
		q, _ := url.Parse("https://export.arxiv.org/api/query")
		q.RawQuery = url.Values{"id_list": {id}}.Encode()
		e, _, ok := p.atomSubset(q)
		if !ok {
			return
		}
		got := entryIDs(string(e.Body))
		want := strings.ToLower(strings.TrimSpace(id))
		for _, g := range got {
			if strings.ToLower(g) != want && !strings.Contains(body, g) {
				t.Errorf("served entry %q, asked for %q", g, id)
			}
		}
	})
}
