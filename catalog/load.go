package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Limits on what a catalog file may hold. A catalog is edited by pull
// requests from anyone and read by a CI job, so every dimension is bounded.
const (
	// MaxFileSize bounds memory: a hostile 1 MiB file of one-character flow
	// items costs about 170 MiB of YAML nodes (the default catalog is ~60 KiB).
	MaxFileSize       = 1 << 20 // bytes
	MaxEntries        = 2000
	MaxClaimsPerEntry = 500
	MaxClaims         = 10000 // over all entries
	MaxSourcesPerList = 200   // refs in one list (sources.arxiv, …)
	MaxDepth          = 12    // YAML nesting depth (the format needs 7)
	MaxScalarLen      = 4096  // characters in one value
	MaxErrors         = 500   // errors reported before giving up
)

// Load reads and validates the catalog file at path. The size is checked
// before anything is read. Validation problems come back as Errors.
func Load(path string) (*Catalog, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open catalog: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat catalog: %w", err)
	}
	if st.Mode().IsRegular() && st.Size() > MaxFileSize {
		return nil, tooLarge(path, st.Size())
	}
	return ParseReader(path, f)
}

// ParseReader reads at most MaxFileSize bytes from r and parses them as the
// catalog called name.
func ParseReader(name string, r io.Reader) (*Catalog, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read catalog %s: %w", name, err)
	}
	return Parse(name, data)
}

func tooLarge(name string, size int64) error {
	return fmt.Errorf("%s: %w: more than %d bytes (got %d)", name, ErrTooLarge, MaxFileSize, size)
}

// Parse parses and validates a catalog; name is the file name used in
// positions. It returns either a valid catalog, an Errors listing every
// problem found, or an error wrapping ErrTooLarge.
func Parse(name string, data []byte) (*Catalog, error) {
	if len(data) > MaxFileSize {
		return nil, tooLarge(name, int64(len(data)))
	}
	l := &loader{file: name}
	return l.parse(l.decode(data))
}

// ParseDocument validates a catalog already decoded into a YAML node tree
// (a yaml.DocumentNode, as yaml.Unmarshal into a yaml.Node gives), exactly as
// Parse does after decoding; name is the file name used in positions, and
// positions are the nodes' own. The CI gate uses it to read a pull request's
// entries under the settings of the base revision (internal/gate).
func ParseDocument(name string, doc *yaml.Node) (*Catalog, error) {
	l := &loader{file: name}
	if doc == nil || doc.Kind != yaml.DocumentNode {
		l.errorAt(Pos{File: name, Line: 1, Column: 1}, "", "empty catalog")
		doc = nil
	}
	return l.parse(doc)
}

// parse interprets a decoded document (nil when decoding failed and the
// errors are already recorded).
func (l *loader) parse(doc *yaml.Node) (*Catalog, error) {
	if doc != nil {
		l.prewalk(doc)
	}
	var c *Catalog
	if len(l.errs) == 0 {
		c = l.catalog(doc)
		l.crossCheck(c)
	}
	if len(l.errs) > 0 {
		l.errs.sort()
		if l.dropped > 0 {
			last := l.errs[len(l.errs)-1]
			l.errs = append(l.errs, &Error{Pos: last.Pos, Msg: fmt.Sprintf("too many errors: %d more not shown", l.dropped)})
		}
		return nil, l.errs
	}
	return c, nil
}

type loader struct {
	file    string
	errs    Errors
	dropped int
	claims  int
	// refs checked once the whole file is read (organisations and hosts may
	// come after the entries).
	owners []ownerCheck
	urls   []urlCheck
	// docs sites, read before any source list so docs slugs resolve at once.
	docsDeclared bool
	sites        []DocsSite
	docsHosts    []urlCheck
}

type ownerCheck struct {
	platform, owner, field string
	pos                    Pos
}

type urlCheck struct {
	url, host, field string
	pos              Pos
}

func (l *loader) pos(n *yaml.Node) Pos { return Pos{File: l.file, Line: n.Line, Column: n.Column} }

func (l *loader) errorAt(p Pos, field, format string, args ...any) {
	if len(l.errs) >= MaxErrors {
		l.dropped++
		return
	}
	l.errs = append(l.errs, &Error{Pos: p, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) errorf(n *yaml.Node, field, format string, args ...any) {
	l.errorAt(l.pos(n), field, format, args...)
}

var yamlLineRE = regexp.MustCompile(`^yaml: line ([0-9]+): (.*)$`)

// parserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner), whose line numbers are 0-based.
var parserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// decode parses the YAML into a node tree (aliases are not expanded by the
// Node API) and insists on exactly one document.
func (l *loader) decode(data []byte) (doc *yaml.Node) {
	defer func() {
		// The parser is third-party code fed hostile input: a panic in it is
		// a malformed file, not a crash.
		if r := recover(); r != nil {
			l.errorAt(Pos{File: l.file, Line: 1, Column: 1}, "", "malformed YAML (parser failure: %v)", r)
			doc = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			l.errorAt(Pos{File: l.file, Line: 1, Column: 1}, "", "empty catalog")
		} else {
			l.syntaxError(err, data)
		}
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		l.syntaxError(err, data)
		return nil
	default:
		l.errorf(&next, "", "multiple YAML documents: a catalog is exactly one document")
		return nil
	}
	return &root
}

func (l *loader) syntaxError(err error, data []byte) {
	msg := err.Error()
	p := Pos{File: l.file, Line: 1, Column: 1}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			p.Line = n
		}
		msg = m[2]
		// yaml.v3 reports parser (not scanner) errors with the 0-based line
		// of the construct being parsed.
		if parserProblems[msg] {
			p.Line++
		}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	// yaml.v3 reports a tab in the indentation at the start of the construct
	// it was scanning, not at the tab: point at the tab itself.
	if strings.Contains(msg, "tab character") {
		if line, col, ok := indentTab(data, p.Line); ok {
			p.Line, p.Column = line, col
		}
	}
	l.errorAt(p, "", "invalid YAML: %s", msg)
}

// indentTab finds the first tab in the indentation of a line at or after
// line from (1-based): its line and column.
func indentTab(data []byte, from int) (line, col int, ok bool) {
	for i, text := range bytes.Split(data, []byte("\n")) {
		if i+1 < from {
			continue
		}
		for j, c := range text {
			if c == '\t' {
				return i + 1, j + 1, true
			}
			if c != ' ' && c != '-' {
				break
			}
		}
	}
	return 0, 0, false
}

// allowedTags are the explicit tags a catalog may use (all others, like
// !!binary or local tags, are rejected).
var allowedTags = map[string]bool{"!!str": true, "!!int": true, "!!float": true, "!!bool": true, "!!null": true, "!!timestamp": true, "!!map": true, "!!seq": true}

// prewalk rejects anchors, aliases, odd tags and deep nesting before the
// tree is interpreted. It walks Content only, never through an alias, so an
// alias bomb costs no more than its own nodes.
func (l *loader) prewalk(root *yaml.Node) {
	type item struct {
		n     *yaml.Node
		depth int
	}
	stack := []item{{root, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		switch {
		case n.Kind == yaml.AliasNode:
			l.errorf(n, "", "YAML aliases are not allowed in a catalog (*%s)", n.Value)
			continue
		case n.Anchor != "":
			l.errorf(n, "", "YAML anchors are not allowed in a catalog (&%s)", n.Anchor)
		case n.Style&yaml.TaggedStyle != 0 && !allowedTags[n.Tag]:
			l.errorf(n, "", "YAML tag %s is not allowed in a catalog", n.Tag)
		}
		if it.depth > MaxDepth {
			l.errorf(n, "", "nesting deeper than %d levels", MaxDepth)
			continue
		}
		for i := len(n.Content) - 1; i >= 0; i-- {
			stack = append(stack, item{n.Content[i], it.depth + 1})
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// fields reads a mapping: it reports a non-mapping, non-scalar and duplicate
// keys and keys not in known, and returns the value node of each known key.
func (l *loader) fields(n *yaml.Node, path string, known ...string) (map[string]*yaml.Node, bool) {
	if n.Kind != yaml.MappingNode {
		l.errorf(n, pathOrRoot(path), "must be a mapping")
		return nil, false
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	first := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			l.errorf(k, pathOrRoot(path), "mapping keys must be plain strings")
			continue
		}
		if f, dup := first[k.Value]; dup {
			l.errorf(k, join(path, k.Value), "duplicate key (first at line %d)", f.Line)
			continue
		}
		first[k.Value] = k
		if !contains(known, k.Value) {
			l.errorf(k, join(path, k.Value), "unknown field %q (want one of %s)", k.Value, strings.Join(known, ", "))
			continue
		}
		out[k.Value] = v
	}
	return out, true
}

func pathOrRoot(path string) string {
	if path == "" {
		return "(root)"
	}
	return path
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// scalar returns the text of a scalar node ("" for null).
func (l *loader) scalar(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, path, "must be a single value, not a %s", kindName(n.Kind))
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	if len(n.Value) > MaxScalarLen {
		l.errorf(n, path, "value too long (%d characters, max %d)", len(n.Value), MaxScalarLen)
		return "", false
	}
	return n.Value, true
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "single value"
	case yaml.DocumentNode:
		return "document"
	default:
		return "alias"
	}
}

// str reads an optional string field.
func (l *loader) str(m map[string]*yaml.Node, path, key string) string {
	n, ok := m[key]
	if !ok {
		return ""
	}
	s, _ := l.scalar(n, join(path, key))
	return s
}

// required reads a required, non-empty string field; parent locates a
// missing one.
func (l *loader) required(m map[string]*yaml.Node, parent *yaml.Node, path, key string) (string, *yaml.Node, bool) {
	n, ok := m[key]
	if !ok {
		l.errorf(parent, join(path, key), "missing required field")
		return "", nil, false
	}
	s, ok := l.scalar(n, join(path, key))
	if !ok {
		return "", n, false
	}
	if strings.TrimSpace(s) == "" {
		l.errorf(n, join(path, key), "must not be empty")
		return "", n, false
	}
	return s, n, true
}

// list reads a sequence node, bounded to max items.
func (l *loader) list(n *yaml.Node, path, what string, max int) []*yaml.Node {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		l.errorf(n, path, "must be a list")
		return nil
	}
	if len(n.Content) > max {
		l.errorf(n, path, "too many %s (%d, max %d)", what, len(n.Content), max)
		return n.Content[:max]
	}
	return n.Content
}

// catalog interprets the document.
func (l *loader) catalog(doc *yaml.Node) *Catalog {
	c := &Catalog{Path: l.file}
	if len(doc.Content) == 0 {
		l.errorf(doc, "", "empty catalog")
		return c
	}
	top := doc.Content[0]
	c.Pos = l.pos(top)
	m, ok := l.fields(top, "", "name", "as_of", "organisations", "hosts", "docs_sites", "sources", "discovery", "omit", "checklist", "entries")
	if !ok {
		return c
	}
	l.header(c, m, top)
	l.settings(c, m)
	n, ok := m["entries"]
	if !ok {
		l.errorf(top, "entries", "missing required field")
		return c
	}
	c.Entries = l.entries(n)
	return c
}

// header reads the catalog's name and its as_of date (a full date).
func (l *loader) header(c *Catalog, m map[string]*yaml.Node, top *yaml.Node) {
	c.Name, _, _ = l.required(m, top, "", "name")
	if s, n, ok := l.required(m, top, "", "as_of"); ok {
		d, err := ParseDate(s)
		switch {
		case err != nil:
			l.errorf(n, "as_of", "%v", err)
		case d.Precision != PrecisionDay:
			l.errorf(n, "as_of", "must be a full date YYYY-MM-DD, got %q", s)
		default:
			c.AsOf, c.AsOfPos = d, l.pos(n)
		}
	}
}

// settings reads the catalog-wide settings the catalog has, in this order:
// the docs sites are known before the sources that cite them.
func (l *loader) settings(c *Catalog, m map[string]*yaml.Node) {
	for _, s := range []struct {
		key  string
		read func(n *yaml.Node, path string)
	}{
		{"organisations", func(n *yaml.Node, p string) { c.Organisations = l.organisations(n, p) }},
		{"hosts", func(n *yaml.Node, p string) { c.Hosts, c.HostsPos = l.declaredHosts(n, p), l.pos(n) }},
		{"docs_sites", func(n *yaml.Node, p string) { c.DocsSites = l.docsSites(n, p); l.sites = c.DocsSites }},
		{"sources", func(n *yaml.Node, p string) { c.Sources = l.sources(n, p) }},
		{"discovery", func(n *yaml.Node, p string) { c.Discovery = l.discovery(n, p) }},
		{"omit", func(n *yaml.Node, p string) { c.Omit = l.omissions(n, p) }},
		{"checklist", func(n *yaml.Node, p string) { c.Checklist = l.checklist(n, p) }},
	} {
		if n, ok := m[s.key]; ok {
			s.read(n, s.key)
		}
	}
}

// entries reads the entries list; an entry id may be used once.
func (l *loader) entries(n *yaml.Node) []Entry {
	var out []Entry
	seen := map[string]Pos{}
	for i, en := range l.list(n, "entries", "entries", MaxEntries) {
		e, ok := l.entry(en, index("entries", i))
		if !ok {
			continue
		}
		if e.ID != "" {
			l.firstUse(seen, e.ID, e.idPos, index("entries", i)+".id", "duplicate entry id %q (first at %s)", e.ID)
		}
		out = append(out, e.Entry)
	}
	return out
}

// firstUse records in seen where key is first used (at) and reports whether
// this is that first use. A repeat is an error at `at`: format, with args,
// ends in a %s that names the first place.
func (l *loader) firstUse(seen map[string]Pos, key string, at Pos, field, format string, args ...any) bool {
	if first, dup := seen[key]; dup {
		l.errorAt(at, field, format, append(args, first)...)
		return false
	}
	seen[key] = at
	return true
}

var (
	githubOwnerRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$`)
	githubRepoRE  = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)
	hfPartRE      = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$`)
	hostLabel     = `[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?`
	hostRE        = regexp.MustCompile(`^(?:` + hostLabel + `\.)*` + hostLabel + `$`)
)

func (l *loader) organisations(n *yaml.Node, path string) []Organisation {
	m, ok := l.fields(n, path, PlatformGitHub, PlatformHuggingFace)
	if !ok {
		return nil
	}
	var out []Organisation
	for _, platform := range []string{PlatformGitHub, PlatformHuggingFace} {
		if ln, ok := m[platform]; ok {
			orgs, _ := l.orgList(ln, join(path, platform), platform)
			out = append(out, orgs...)
		}
	}
	return out
}

// orgList reads a list of account names on platform: each valid, none twice;
// with each kept name, its field path.
func (l *loader) orgList(n *yaml.Node, path, platform string) ([]Organisation, []string) {
	items := l.uniqueScalars(n, path, scalarList{
		what: "organisations", max: MaxSourcesPerList,
		problem: func(s string) string {
			if !validOwner(platform, s) {
				return fmt.Sprintf("invalid %s organisation name %q", platform, s)
			}
			return ""
		},
		key: strings.ToLower,
		dup: "duplicate organisation %q",
	})
	var out []Organisation
	var fields []string
	for _, it := range items {
		out = append(out, Organisation{Platform: platform, Name: it.value, Pos: it.pos})
		fields = append(fields, it.field)
	}
	return out, fields
}

// scalarList describes a list of single values read by uniqueScalars.
type scalarList struct {
	what    string                // what the list holds, for "too many …"
	max     int                   // the most items read
	problem func(s string) string // why s is not valid ("" when it is)
	key     func(s string) string // what makes two values the same (nil: the value itself)
	dup     string                // the message for a repeat, %q for the value
}

// scalarItem is a value kept by uniqueScalars, with its path and position.
type scalarItem struct {
	value, field string
	pos          Pos
}

// uniqueScalars reads a list of single values, each valid and none twice,
// and returns those kept in order; every other item is an error.
func (l *loader) uniqueScalars(n *yaml.Node, path string, spec scalarList) []scalarItem {
	var out []scalarItem
	seen := map[string]bool{}
	for i, vn := range l.list(n, path, spec.what, spec.max) {
		fp := index(path, i)
		s, ok := l.scalar(vn, fp)
		if !ok {
			continue
		}
		if why := spec.problem(s); why != "" {
			l.errorf(vn, fp, "%s", why)
			continue
		}
		k := s
		if spec.key != nil {
			k = spec.key(s)
		}
		if seen[k] {
			l.errorf(vn, fp, spec.dup, s)
			continue
		}
		seen[k] = true
		out = append(out, scalarItem{value: s, field: fp, pos: l.pos(vn)})
	}
	return out
}

func validOwner(platform, s string) bool {
	if platform == PlatformGitHub {
		return githubOwnerRE.MatchString(s)
	}
	return validHFPart(s)
}

func validHFPart(s string) bool {
	return hfPartRE.MatchString(s) && !strings.Contains(s, "--") && !strings.Contains(s, "..")
}

// declaredHosts is hosts, never nil: a hosts key, even an empty list, is
// exactly what is contacted (nothing, for an empty one).
func (l *loader) declaredHosts(n *yaml.Node, path string) []string {
	if h := l.hosts(n, path); h != nil {
		return h
	}
	return []string{}
}

func (l *loader) hosts(n *yaml.Node, path string) []string {
	var out []string
	for _, it := range l.uniqueScalars(n, path, scalarList{what: "hosts", max: MaxSourcesPerList,
		problem: func(s string) string {
			h := strings.ToLower(s)
			if len(h) > 253 || !hostRE.MatchString(h) {
				return fmt.Sprintf("%q is not a bare host name (no scheme, port, path or user; e.g. github.com)", s)
			}
			if why := internalHost(h); why != "" {
				return fmt.Sprintf("%q is %s: an official host is a public DNS name (a catalog must never point claimcheck at internal addresses)", s, why)
			}
			return ""
		},
		key: strings.ToLower, dup: "duplicate host %q"}) {
		out = append(out, strings.ToLower(it.value))
	}
	return out
}

// internalHost says why h cannot be an official host: an IP address literal
// (public or not: official sources are named hosts, and literals are how
// cloud metadata and internal services are reached), localhost, or a name
// reserved for local or internal use. "" means it may be.
func internalHost(h string) string {
	h = strings.TrimSuffix(h, ".")
	if net.ParseIP(strings.Trim(h, "[]")) != nil || ipv4ish.MatchString(h) {
		return "an IP address"
	}
	if h == "localhost" || h == "metadata" {
		return "a local name"
	}
	labels := strings.Split(h, ".")
	if len(labels) == 1 {
		return "a single-label (intranet) name"
	}
	switch labels[len(labels)-1] {
	case "localhost", "local", "internal", "intranet", "lan", "home", "corp", "localdomain", "test", "invalid", "arpa":
		return "a name reserved for local or internal use"
	}
	if strings.HasSuffix(h, ".metadata.google.internal") {
		return "a cloud metadata name"
	}
	return ""
}

// ipv4ish matches numeric host forms that resolvers may treat as IPv4
// (0x7f.1, 2130706433, 127.1).
var ipv4ish = regexp.MustCompile(`^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}$`)

// located is an entry plus where its id sits (for duplicate reports).
type located struct {
	Entry
	idPos Pos
}

func (l *loader) entry(n *yaml.Node, path string) (located, bool) {
	m, ok := l.fields(n, path, "id", "kind", "name", "year", "topic", "sources", "claims")
	if !ok {
		return located{}, false
	}
	e := located{Entry: Entry{Pos: l.pos(n)}}
	if s, in, ok := l.required(m, n, path, "id"); ok {
		if l.checkID(in, join(path, "id"), s) {
			e.ID = s
			e.idPos = l.pos(in)
		}
	}
	if s, kn, ok := l.required(m, n, path, "kind"); ok {
		if contains(EntryKinds, EntryKind(s)) {
			e.Kind = EntryKind(s)
		} else {
			l.errorf(kn, join(path, "kind"), "unknown kind %q (want one of %s)", s, joinKinds())
		}
	}
	e.Name, _, _ = l.required(m, n, path, "name")
	e.Year = l.str(m, path, "year")
	e.Topic = l.str(m, path, "topic")
	if sn, ok := m["sources"]; ok {
		e.Sources = l.sources(sn, join(path, "sources"))
	}
	if cn, ok := m["claims"]; ok {
		e.Claims = l.entryClaims(cn, join(path, "claims"))
	}
	return e, true
}

// entryClaims reads an entry's claims list, within the per-entry and the
// catalog-wide bounds; a claim id may be used once in an entry.
func (l *loader) entryClaims(cn *yaml.Node, cp string) []Claim {
	items := l.list(cn, cp, "claims in one entry", MaxClaimsPerEntry)
	if l.claims+len(items) > MaxClaims {
		l.errorf(cn, cp, "too many claims in the catalog (max %d)", MaxClaims)
		items = items[:max(0, MaxClaims-l.claims)]
	}
	l.claims += len(items)
	var out []Claim
	seen := map[string]Pos{}
	for i, ci := range items {
		c, idPos, ok := l.claim(ci, index(cp, i))
		if !ok {
			continue
		}
		if c.ID != "" {
			l.firstUse(seen, c.ID, idPos, index(cp, i)+".id", "duplicate claim id %q in entry (first at %s)", c.ID)
		}
		out = append(out, c)
	}
	return out
}

func joinKinds() string { return joinNames(EntryKinds) }

func joinTypes(ts []ClaimType) string { return joinNames(ts) }

// joinNames lists names of a string type, comma-separated.
func joinNames[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,127}$`)

func (l *loader) checkID(n *yaml.Node, path, s string) bool {
	if !idRE.MatchString(s) {
		l.errorf(n, path, "invalid id %q: want lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (max 128)", s)
		return false
	}
	return true
}

func (l *loader) claim(n *yaml.Node, path string) (Claim, Pos, bool) {
	m, ok := l.fields(n, path, "id", "type", "field", "value", "unit", "subject", "until", "quote")
	if !ok {
		return Claim{}, Pos{}, false
	}
	c := Claim{Pos: l.pos(n)}
	var idPos Pos
	if s, in, ok := l.required(m, n, path, "id"); ok && l.checkID(in, join(path, "id"), s) {
		c.ID = s
		idPos = l.pos(in)
	}
	var r claimRead
	c.Type, r.typeOK = l.claimType(m, n, path)
	c.Field, r.spec, r.fieldOK = l.claimField(m, n, path, c.Type, r.typeOK)
	value, vn, valueOK := l.required(m, n, path, "value")
	c.Value = value
	r.unit, r.unitOK = l.claimUnit(m, n, path, &c, r)
	if r.typeOK && valueOK {
		l.typedValue(&c, vn, join(path, "value"), r)
	}
	c.Subject = l.str(m, path, "subject")
	c.Quote = l.str(m, path, "quote")
	c.Until = l.claimUntil(m, path)
	return c, idPos, true
}

// claimRead is what a claim's value is read with: whether its type and
// field are valid, the field's spec, and its unit.
type claimRead struct {
	typeOK, fieldOK, unitOK bool
	spec                    FieldSpec
	unit                    string
}

// claimType reads a claim's required type; ok is false when it is missing
// or unknown.
func (l *loader) claimType(m map[string]*yaml.Node, n *yaml.Node, path string) (ClaimType, bool) {
	s, tn, ok := l.required(m, n, path, "type")
	if !ok {
		return "", false
	}
	if !contains(ClaimTypes, ClaimType(s)) {
		l.errorf(tn, join(path, "type"), "unknown claim type %q (want one of %s)", s, joinTypes(ClaimTypes))
		return "", false
	}
	return ClaimType(s), true
}

// claimField reads a claim's required field, which must be in the field
// vocabulary and take claims of type t (when t is valid). The field is
// returned as written even when it is not valid (ok false).
func (l *loader) claimField(m map[string]*yaml.Node, n *yaml.Node, path string, t ClaimType, typeOK bool) (string, FieldSpec, bool) {
	s, fn, ok := l.required(m, n, path, "field")
	if !ok {
		return "", FieldSpec{}, false
	}
	switch sp, known := LookupField(s); {
	case !known:
		l.errorf(fn, join(path, "field"), "unknown field %q (not in the field vocabulary)", s)
	case typeOK && !sp.Allows(t):
		l.errorf(fn, join(path, "field"), "field %s does not take %s claims (want %s)", s, t, joinTypes(sp.Types))
	default:
		return s, sp, true
	}
	return s, FieldSpec{}, false
}

// claimUnit reads a claim's unit: required on counts, and only there; one
// of Units, and the one its field counts in. The unit is returned as
// written even when it is not valid (ok false).
func (l *loader) claimUnit(m map[string]*yaml.Node, n *yaml.Node, path string, c *Claim, r claimRead) (string, bool) {
	un, ok := m["unit"]
	if !ok {
		if r.typeOK && c.Type == TypeCount {
			l.errorf(n, join(path, "unit"), "missing required field (count claims need a unit: %s)", strings.Join(Units, ", "))
		}
		return "", false
	}
	up := join(path, "unit")
	s, ok := l.scalar(un, up)
	if !ok {
		return "", false
	}
	switch {
	case r.typeOK && c.Type != TypeCount:
		l.errorf(un, up, "unit is only allowed on count claims")
	case !contains(Units, s):
		l.errorf(un, up, "unknown unit %q (want one of %s)", s, strings.Join(Units, ", "))
	case r.fieldOK && r.spec.Unit != "" && r.spec.Unit != s:
		l.errorf(un, up, "field %s counts %s, not %s", c.Field, r.spec.Unit, s)
	default:
		return s, true
	}
	return s, false
}

// typedValue parses a claim's value by its type (a count with its unit, a
// context length, a date at the precision its type and field allow, a
// status) into c; a value that does not parse is an error at vn (path vp).
func (l *loader) typedValue(c *Claim, vn *yaml.Node, vp string, r claimRead) {
	value := c.Value
	switch c.Type {
	case TypeCount, TypeContext:
		l.claimQuantity(c, vn, vp, r)
	case TypeDate, TypeDeadline:
		d, err := ParseDate(value)
		switch {
		case err != nil:
			l.errorf(vn, vp, "%v", err)
		case c.Type == TypeDeadline && d.Precision != PrecisionDay:
			l.errorf(vn, vp, "a deadline needs a full date YYYY-MM-DD, got %q", value)
		case r.fieldOK && r.spec.Precision != "" && d.Precision != r.spec.Precision:
			l.errorf(vn, vp, "field %s takes a date of %s precision, got %q", c.Field, r.spec.Precision, value)
		default:
			c.Date = &d
		}
	case TypeStatus:
		st, err := ParseStatus(value)
		if err != nil {
			l.errorf(vn, vp, "%v", err)
		} else {
			c.Value = st
		}
	}
}

// claimQuantity parses a context length, or a count with its unit (when
// the unit is valid: else its problem is reported already), into c.
func (l *loader) claimQuantity(c *Claim, vn *yaml.Node, vp string, r claimRead) {
	var q Quantity
	var err error
	switch {
	case c.Type == TypeContext:
		q, err = ParseContext(c.Value)
	case r.unitOK:
		q, err = ParseQuantity(c.Value, r.unit)
	default:
		return
	}
	if err != nil {
		l.errorf(vn, vp, "%v", err)
		return
	}
	c.Quantity = &q
}

// claimUntil reads a claim's optional until date (nil when absent or invalid).
func (l *loader) claimUntil(m map[string]*yaml.Node, path string) *Date {
	un, ok := m["until"]
	if !ok {
		return nil
	}
	up := join(path, "until")
	s, ok := l.scalar(un, up)
	if !ok {
		return nil
	}
	d, err := ParseDate(s)
	if err != nil {
		l.errorf(un, up, "%v", err)
		return nil
	}
	return &d
}

var sourceKeys = []string{"arxiv", "github", "huggingface", "docs", "doi", "urls"}

func (l *loader) sources(n *yaml.Node, path string) Sources {
	var s Sources
	m, ok := l.fields(n, path, sourceKeys...)
	if !ok {
		return s
	}
	for _, key := range sourceKeys {
		ln, ok := m[key]
		if !ok {
			continue
		}
		lp := join(path, key)
		seen := map[string]Pos{}
		for i, rn := range l.list(ln, lp, "sources in one list", MaxSourcesPerList) {
			fp := index(lp, i)
			v, ok := l.scalar(rn, fp)
			if !ok {
				continue
			}
			if strings.TrimSpace(v) == "" {
				l.errorf(rn, fp, "must not be empty")
				continue
			}
			p := l.pos(rn)
			if !l.firstUse(seen, v, p, fp, "duplicate source %q (first at %s)", v) {
				continue
			}
			if err := l.addRef(&s, key, v, fp, p); err != nil {
				l.errorf(rn, fp, "%v", err)
			}
		}
	}
	return s
}

func (l *loader) addRef(s *Sources, key, v, field string, p Pos) error {
	switch key {
	case "arxiv":
		r, err := ParseArXivID(v)
		if err != nil {
			return err
		}
		r.Pos = p
		s.ArXiv = append(s.ArXiv, r)
	case "github":
		if err := ValidateGitHubRepo(v); err != nil {
			return err
		}
		owner, repo, _ := strings.Cut(v, "/")
		s.GitHub = append(s.GitHub, RepoRef{Owner: owner, Repo: repo, Pos: p})
		l.owners = append(l.owners, ownerCheck{PlatformGitHub, owner, field, p})
	case "huggingface":
		if err := ValidateHFID(v); err != nil {
			return err
		}
		owner, _, _ := strings.Cut(v, "/")
		s.HuggingFace = append(s.HuggingFace, HFRef{ID: v, Pos: p})
		l.owners = append(l.owners, ownerCheck{PlatformHuggingFace, owner, field, p})
	case "docs":
		r, err := l.docsRef(v, p)
		if err != nil {
			return err
		}
		s.Docs = append(s.Docs, r)
	case "doi":
		if err := ValidateDOI(v); err != nil {
			return err
		}
		s.DOI = append(s.DOI, DOIRef{DOI: v, Pos: p})
	case "urls":
		host, err := checkURL(v)
		if err != nil {
			return err
		}
		s.URLs = append(s.URLs, URLRef{URL: v, Pos: p})
		l.urls = append(l.urls, urlCheck{v, host, field, p})
	}
	return nil
}

// crossCheck checks what needs the whole file: source owners against the
// official organisations and URL hosts against the allow-list.
func (l *loader) crossCheck(c *Catalog) {
	official := map[string]bool{}
	for _, o := range c.Organisations {
		official[o.Platform+"\x00"+strings.ToLower(o.Name)] = true
	}
	for _, oc := range l.owners {
		if !official[oc.platform+"\x00"+strings.ToLower(oc.owner)] {
			l.errorAt(oc.pos, oc.field, "organisation %q is not an official %s organisation (see organisations.%s)", oc.owner, oc.platform, oc.platform)
		}
	}
	for _, uc := range l.urls {
		if !contains(c.Hosts, uc.host) {
			l.errorAt(uc.pos, uc.field, "host %q is not on the allow-list (hosts); the URL will not be fetched", uc.host)
		}
	}
	for _, dc := range l.docsHosts {
		if !contains(c.Hosts, dc.host) {
			l.errorAt(dc.pos, dc.field, "docs site host %q is not on the allow-list (hosts): add it to hosts, or its pages will not be fetched", dc.host)
		}
	}
}
