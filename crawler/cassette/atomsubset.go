package cassette

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
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

// atomEntry is one <entry> of a recorded feed, with the frame of its feed:
// the bytes before its feed's first entry (head) and after its last (tail).
type atomEntry struct {
	id              string // arXiv id without version, lower-case
	text            []byte // "<entry>…</entry>", as recorded
	ex              *Exchange
	headEnd, tailAt int // offsets in ex.Body
}

const atomNS = "http://www.w3.org/2005/Atom"

var (
	absURLRE  = regexp.MustCompile(`^https?://arxiv\.org/abs/(\S+?)(?:v[0-9]+)?$`)
	versionRE = regexp.MustCompile(`v[0-9]+$`)
	totalRE   = regexp.MustCompile(`<opensearch:totalResults[^>]*>[0-9]*</opensearch:totalResults>`)
	perPageRE = regexp.MustCompile(`<opensearch:itemsPerPage[^>]*>[0-9]*</opensearch:itemsPerPage>`)
)

// FeedEntry is an entry found by ParseFeed: its arXiv id ("" when it has
// none or several <id>s, or an id that is not an abs URL) and its byte span
// (body[Start:End] is "<entry>…</entry>").
type FeedEntry struct {
	ID         string
	Start, End int
}

// ParseFeed reads a recorded Atom feed with encoding/xml: the entries that
// are children of the root <feed> (an <entry> inside a comment or CDATA is
// text, not an entry), each with its own span of the body. ok is false when
// the body is not a well-formed feed.
func ParseFeed(body []byte) (entries []FeedEntry, ok bool) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	depth := 0
	var cur *FeedEntry
	var ids int
	var idText strings.Builder
	inID := false
	rootSeen := false
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			return entries, rootSeen && depth == 0
		}
		if err != nil {
			return nil, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 1:
				if t.Name.Space != atomNS || t.Name.Local != "feed" || rootSeen {
					return nil, false
				}
				rootSeen = true
			case depth == 2 && t.Name.Space == atomNS && t.Name.Local == "entry":
				cur, ids = &FeedEntry{Start: off}, 0
				idText.Reset()
			case depth == 3 && cur != nil && t.Name.Space == atomNS && t.Name.Local == "id":
				ids++
				inID = true
			}
		case xml.CharData:
			if inID {
				idText.Write(t)
			}
		case xml.EndElement:
			if depth == 3 && inID {
				inID = false
			}
			if depth == 2 && cur != nil {
				cur.End = int(dec.InputOffset())
				if m := absURLRE.FindStringSubmatch(strings.TrimSpace(idText.String())); ids == 1 && m != nil {
					cur.ID = strings.ToLower(m[1])
				}
				entries = append(entries, *cur)
				cur = nil
			}
			depth--
		}
	}
}

// unversioned is an id_list id without its version: "2405.04434v5" → "2405.04434".
func unversioned(id string) string { return versionRE.ReplaceAllString(id, "") }

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
// endpoint). A recording that is not a well-formed feed gives no entry; an
// entry with no or several <id>s, or whose id the recorded request did not
// ask for, is skipped. Several recordings of one id keep the first, in file
// order.
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
		asked, ok := idListQuery(u)
		if !ok {
			continue
		}
		entries, ok := ParseFeed(e.Body)
		if !ok || len(entries) == 0 {
			continue
		}
		wanted := map[string]bool{}
		for _, id := range asked {
			wanted[unversioned(id)] = true
		}
		headEnd, tailAt := entries[0].Start, entries[len(entries)-1].End
		ep := endpointKey(u)
		for _, fe := range entries {
			if fe.ID == "" || !wanted[fe.ID] {
				continue
			}
			if idx[ep] == nil {
				idx[ep] = map[string]atomEntry{}
			}
			if _, dup := idx[ep][fe.ID]; !dup {
				idx[ep][fe.ID] = atomEntry{id: fe.ID, text: e.Body[fe.Start:fe.End], ex: e, headEnd: headEnd, tailAt: tailAt}
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
	headEnd, tailStart := parts[0].headEnd, parts[0].tailAt
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
