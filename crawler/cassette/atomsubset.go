package cassette

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// One recording serves every command: an audit asks the arXiv API for all of
// a catalog's papers in one id_list query, a gate or an --only run for one or
// a few of them. The player answers an id_list query it has no exact
// recording of from the entries of the id_list queries it has (a subset of a
// recorded batch, or a batch made of several recordings), as arXiv itself
// would: one Atom feed holding exactly the requested entries, in the order
// asked. An id no recording holds is no answer: the request fails as
// unrecorded rather than claiming the paper does not exist.

// atomEntry is one <entry> of a recorded feed.
type atomEntry struct {
	id   string // arXiv id without version, lower-case
	text []byte // "<entry>…</entry>"
	ex   *Exchange
}

var (
	entryRE   = regexp.MustCompile(`(?s)<entry>.*?</entry>`)
	entryIDRE = regexp.MustCompile(`<id>\s*https?://arxiv\.org/abs/([^<\s]+?)(?:v[0-9]+)?\s*</id>`)
	totalRE   = regexp.MustCompile(`<opensearch:totalResults[^>]*>[0-9]*</opensearch:totalResults>`)
	perPageRE = regexp.MustCompile(`<opensearch:itemsPerPage[^>]*>[0-9]*</opensearch:itemsPerPage>`)
)

// idListQuery reports whether u is an arXiv API id_list query that asks
// for nothing but ids (no search, no paging): its ids, in order.
func idListQuery(u *url.URL) ([]string, bool) {
	if !strings.HasSuffix(u.Path, "/api/query") {
		return nil, false
	}
	q := u.Query()
	for k := range q {
		switch k {
		case "id_list", "max_results":
		default:
			return nil, false
		}
	}
	raw := q.Get("id_list")
	if raw == "" {
		return nil, false
	}
	var ids []string
	for id := range strings.SplitSeq(raw, ",") {
		id = strings.ToLower(strings.TrimSpace(id))
		if id == "" {
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

// indexAtom indexes the entries of every recorded 200 id_list answer by
// arXiv id, per scheme+host+path (an entry answers only queries to the same
// endpoint). Several recordings of one id keep the first, in file order.
func indexAtom(ex []*Exchange) map[string]map[string]atomEntry {
	idx := map[string]map[string]atomEntry{}
	for _, e := range ex {
		if e.Method != http.MethodGet || e.Status != http.StatusOK {
			continue
		}
		u, err := url.Parse(e.URL)
		if err != nil {
			continue
		}
		if _, ok := idListQuery(u); !ok {
			continue
		}
		ep := endpointKey(u)
		for _, m := range entryRE.FindAll(e.Body, -1) {
			sm := entryIDRE.FindSubmatch(m)
			if sm == nil {
				continue
			}
			id := strings.ToLower(string(sm[1]))
			if idx[ep] == nil {
				idx[ep] = map[string]atomEntry{}
			}
			if _, dup := idx[ep][id]; !dup {
				idx[ep][id] = atomEntry{id: id, text: m, ex: e}
			}
		}
	}
	return idx
}

func endpointKey(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + u.EscapedPath()
}

// atomSubset builds the answer to an id_list query from the indexed entries,
// or reports that some id has none.
func (p *Player) atomSubset(u *url.URL) (*Exchange, []string, bool) {
	ids, ok := idListQuery(u)
	if !ok {
		return nil, nil, false
	}
	entries := p.atom[endpointKey(u)]
	var missing []string
	var parts []atomEntry
	for _, id := range ids {
		e, ok := entries[id]
		if !ok {
			missing = append(missing, id)
			continue
		}
		parts = append(parts, e)
	}
	if len(missing) > 0 || len(parts) == 0 {
		return nil, missing, false
	}
	// The feed's head and tail come from the first recording used; the
	// entries from each id's own recording.
	first := parts[0].ex
	body := first.Body
	start := entryRE.FindIndex(body)
	headEnd, tailStart := len(body), len(body)
	if start != nil {
		headEnd = start[0]
		all := entryRE.FindAllIndex(body, -1)
		tailStart = all[len(all)-1][1]
	}
	var b bytes.Buffer
	head := totalRE.ReplaceAll(body[:headEnd], fmt.Appendf(nil, "<opensearch:totalResults>%d</opensearch:totalResults>", len(parts)))
	head = perPageRE.ReplaceAll(head, fmt.Appendf(nil, "<opensearch:itemsPerPage>%d</opensearch:itemsPerPage>", len(parts)))
	b.Write(bytes.TrimRight(head, " \t"))
	var recorded time.Time
	validators := make([]string, 0, len(parts))
	for i, e := range parts {
		if i > 0 {
			b.WriteString("\n  ")
		}
		b.Write(e.text)
		if e.ex.RecordedAt.After(recorded) {
			recorded = e.ex.RecordedAt
		}
		validators = append(validators, e.ex.Header.Get("Etag")+e.ex.Header.Get("Last-Modified"))
	}
	b.Write(body[tailStart:])
	h := first.Header.Clone()
	// A validator of its own: the same subset of the same recordings gets the
	// same ETag, so revalidation answers 304 exactly when nothing changed.
	sum := sha256.Sum256([]byte(strings.Join(append(slices.Clone(ids), validators...), "\x00")))
	h.Set("Etag", `"subset-`+hex.EncodeToString(sum[:8])+`"`)
	return &Exchange{
		RecordedAt: recorded, Method: http.MethodGet, URL: u.String(), Status: http.StatusOK,
		Header: h, Body: b.Bytes(), File: first.File,
	}, nil, true
}
