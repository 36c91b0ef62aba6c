package simulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/cassette"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// SourceArXivPages is the simulator's name for the arxiv.org pages server (abs
// pages, robots.txt); record.SourceArXiv names the export.arxiv.org API server.
const SourceArXivPages record.Source = "arxiv-pages"

// Sources lists every simulated source in a fixed order.
var Sources = []record.Source{
	record.SourceArXiv, SourceArXivPages, record.SourceGitHub, record.SourceHF,
	record.SourceDocs, record.SourceCrossref, record.SourceVenue,
}

// EnvVars names the environment variable that overrides each source's endpoint
// in claimcheck. Venue pages have no override: they are fetched as written.
var EnvVars = map[record.Source]string{
	record.SourceArXiv:    "CLAIMCHECK_ARXIV_API_URL",
	SourceArXivPages:      "CLAIMCHECK_ARXIV_URL",
	record.SourceGitHub:   "GITHUB_API_URL",
	record.SourceHF:       "HF_ENDPOINT",
	record.SourceDocs:     "CLAIMCHECK_DOCS_URL",
	record.SourceCrossref: "CLAIMCHECK_CROSSREF_URL",
}

// canonicalHosts are the default hosts of the sources with one host; the
// docs host is the default catalog's docs site (the world's), not a vendor's
// name written here.
var canonicalHosts = map[string]record.Source{
	"export.arxiv.org": record.SourceArXiv,
	"arxiv.org":        SourceArXivPages,
	"www.arxiv.org":    SourceArXivPages,
	"api.github.com":   record.SourceGitHub,
	"huggingface.co":   record.SourceHF,
	worldDocsHost:      record.SourceDocs,
	"api.crossref.org": record.SourceCrossref,
}

// worldDocsHost is the host of the default catalog's first docs site, the
// docs site testdata/world records.
var worldDocsHost = func() string {
	c, err := catalog.Default()
	if err != nil || len(c.DocsSites) == 0 {
		panic(fmt.Sprintf("simulator: the default catalog declares no docs site: %v", err))
	}
	return c.DocsSites[0].Host
}()

// SourceForHost maps a canonical host to the simulated source serving it; any
// host not named above is a venue.
func SourceForHost(host string) record.Source {
	if s, ok := canonicalHosts[strings.ToLower(host)]; ok {
		return s
	}
	return record.SourceVenue
}

// defaultLastModified stamps answers whose world entry gives no date.
var defaultLastModified = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// resource is one world answer as the simulator serves it.
type resource struct {
	status  int
	header  http.Header
	body    []byte
	lastMod time.Time
	file    string
}

func newResource(e *cassette.Exchange) *resource {
	r := &resource{status: e.Status, header: e.Header.Clone(), body: e.Body, file: e.File}
	if r.header == nil {
		r.header = http.Header{}
	}
	r.header.Del("Content-Length")
	r.header.Del("Content-Encoding")
	r.header.Del("Transfer-Encoding")
	r.lastMod = defaultLastModified
	if !e.RecordedAt.IsZero() {
		r.lastMod = e.RecordedAt.UTC().Truncate(time.Second)
	}
	if lm, err := http.ParseTime(e.Header.Get("Last-Modified")); err == nil {
		r.lastMod = lm.UTC()
	}
	return r
}

// resKey is the index key of a request: the replay key (cassette.KeyURL) of
// the request's path and query on host, HEAD answered as GET.
func resKey(method, host string, u *url.URL) string {
	if method == http.MethodHead {
		method = http.MethodGet
	}
	return cassette.KeyURL(method, &url.URL{Scheme: "https", Host: host, Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery})
}

// arxivEntry is one paper's Atom entry taken from a single-id world answer.
type arxivEntry struct {
	raw     []byte
	lastMod time.Time
}

// world is the loaded world, split by source.
type world struct {
	hosts     map[record.Source][]string // sorted canonical hosts per source
	resources map[record.Source]map[string]*resource
	arxiv     map[string]arxivEntry // by the id as written in id_list
	feedTime  time.Time             // <updated> of assembled feeds (deterministic)
}

func loadWorld(exchanges []*cassette.Exchange) (*world, error) {
	w := &world{
		hosts:     map[record.Source][]string{},
		resources: map[record.Source]map[string]*resource{},
		arxiv:     map[string]arxivEntry{},
		feedTime:  defaultLastModified,
	}
	seenHost := map[string]bool{}
	for _, e := range exchanges {
		u, err := url.Parse(e.URL)
		if err != nil {
			return nil, fmt.Errorf("world %s: %w", e.File, err)
		}
		host := strings.ToLower(u.Hostname())
		src := SourceForHost(host)
		if !seenHost[host] {
			seenHost[host] = true
			w.hosts[src] = append(w.hosts[src], host)
		}
		if w.resources[src] == nil {
			w.resources[src] = map[string]*resource{}
		}
		k := resKey(e.Method, host, u)
		if prev, dup := w.resources[src][k]; dup {
			return nil, fmt.Errorf("world: duplicate answer for %s: %s and %s", k, prev.file, e.File)
		}
		res := newResource(e)
		w.resources[src][k] = res
		if res.lastMod.After(w.feedTime) {
			w.feedTime = res.lastMod
		}
		if src == record.SourceArXiv && u.Path == "/api/query" && e.Status == http.StatusOK {
			ids := splitIDs(u.Query().Get("id_list"))
			if len(ids) != 1 {
				continue
			}
			entries, err := atomEntries(e.Body)
			if err != nil {
				return nil, fmt.Errorf("world %s: %w", e.File, err)
			}
			if len(entries) > 1 {
				return nil, fmt.Errorf("world %s: %d entries for one id", e.File, len(entries))
			}
			if len(entries) == 1 {
				w.arxiv[ids[0]] = arxivEntry{raw: entries[0], lastMod: res.lastMod}
			}
		}
	}
	for _, hs := range w.hosts {
		sort.Strings(hs)
	}
	return w, nil
}

func splitIDs(s string) []string {
	var ids []string
	for id := range strings.SplitSeq(s, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// Namespaces declared on the root of an assembled feed.
const (
	nsAtom       = "http://www.w3.org/2005/Atom"
	nsOpenSearch = "http://a9.com/-/spec/opensearch/1.1/"
	nsArXiv      = "http://arxiv.org/schemas/atom"
)

// atomEntries returns the raw bytes of each <entry> child of the feed root,
// as cassette.ParseFeed (the reader the replaying crawler uses) finds them,
// with any prefixed namespace the root declares (other than the standard
// opensearch and arxiv ones) copied onto the entry so it stands alone.
func atomEntries(body []byte) ([][]byte, error) {
	found, ok := cassette.ParseFeed(body)
	if !ok {
		return nil, errors.New("parse atom: not a well-formed Atom feed")
	}
	extra := rootNamespaces(body)
	entries := make([][]byte, 0, len(found))
	for _, fe := range found {
		raw := append([]byte(nil), body[fe.Start:fe.End]...)
		entries = append(entries, withNamespaces(raw, extra))
	}
	return entries, nil
}

// rootNamespaces returns the prefixed namespace declarations on the root
// element of a well-formed feed, without the standard opensearch and arxiv ones.
func rootNamespaces(body []byte) []xml.Attr {
	dec := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return nil
		}
		root, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		var extra []xml.Attr
		for _, a := range root.Attr {
			if a.Name.Space != "xmlns" {
				continue
			}
			if (a.Name.Local == "opensearch" && a.Value == nsOpenSearch) || (a.Name.Local == "arxiv" && a.Value == nsArXiv) {
				continue
			}
			extra = append(extra, a)
		}
		return extra
	}
}

func withNamespaces(raw []byte, extra []xml.Attr) []byte {
	if len(extra) == 0 {
		return raw
	}
	end := bytes.IndexByte(raw, '>')
	if end < 0 {
		return raw
	}
	tag := raw[:end]
	var add bytes.Buffer
	for _, a := range extra {
		if bytes.Contains(tag, []byte("xmlns:"+a.Name.Local+"=")) {
			continue
		}
		fmt.Fprintf(&add, ` xmlns:%s="%s"`, a.Name.Local, xmlEscape(a.Value))
	}
	const open = "<entry"
	if add.Len() == 0 || !bytes.HasPrefix(raw, []byte(open)) {
		return raw
	}
	out := make([]byte, 0, len(raw)+add.Len())
	out = append(out, open...)
	out = append(out, add.Bytes()...)
	return append(out, raw[len(open):]...)
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// arxivFeed assembles the answer to an id_list query from single-id entries,
// as arXiv does: one entry per known id in the requested order, unknown ids
// simply absent, opensearch totals in the header.
func (w *world) arxivFeed(q url.Values) (body []byte, lastMod time.Time) {
	ids := splitIDs(q.Get("id_list"))
	start, _ := strconv.Atoi(q.Get("start"))
	start = max(start, 0)
	maxResults := 10 // arXiv's default
	if v, err := strconv.Atoi(q.Get("max_results")); err == nil && v >= 0 {
		maxResults = min(v, 2000)
	}
	var found []arxivEntry
	seen := map[string]bool{}
	for _, id := range ids {
		if e, ok := w.arxiv[id]; ok && !seen[id] {
			seen[id] = true
			found = append(found, e)
		}
	}
	idList := strings.Join(ids, ",")
	query := fmt.Sprintf("search_query=&id_list=%s&start=%d&max_results=%d", idList, start, maxResults)
	link := fmt.Sprintf("https://arxiv.org/api/query?search_query=&start=%d&max_results=%d&id_list=%s", start, maxResults, idList)
	sum := sha256.Sum256([]byte(query))
	lastMod = defaultLastModified
	var b bytes.Buffer
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?>\n")
	// Default namespace first: same document as arXiv's, but not a byte copy of its line.
	fmt.Fprintf(&b, "<feed xmlns=%q xmlns:opensearch=%q xmlns:arxiv=%q>\n", nsAtom, nsOpenSearch, nsArXiv)
	fmt.Fprintf(&b, "  <id>https://arxiv.org/api/%s</id>\n", base64.RawURLEncoding.EncodeToString(sum[:20]))
	fmt.Fprintf(&b, "  <title>arXiv Query: %s</title>\n", xmlEscape(query))
	fmt.Fprintf(&b, "  <updated>%s</updated>\n", w.feedTime.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "  <link href=\"%s\" type=\"application/atom+xml\"/>\n", xmlEscape(link))
	fmt.Fprintf(&b, "  <opensearch:itemsPerPage>%d</opensearch:itemsPerPage>\n", maxResults)
	fmt.Fprintf(&b, "  <opensearch:totalResults>%d</opensearch:totalResults>\n", len(found))
	fmt.Fprintf(&b, "  <opensearch:startIndex>%d</opensearch:startIndex>\n", start)
	for i, e := range found {
		if i < start || i >= start+maxResults {
			continue
		}
		b.WriteString("  ")
		b.Write(e.raw)
		b.WriteString("\n")
		if e.lastMod.After(lastMod) {
			lastMod = e.lastMod
		}
	}
	b.WriteString("</feed>\n")
	return b.Bytes(), lastMod
}

// etag is the content-hash validator of body.
func etag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:10]) + `"`
}
