package catalog

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Discovery declares where the catalog's organisation publishes, so that a
// run can look for official items the catalog does not cite: arXiv search
// terms (one Atom query each, newest first) and GitHub organisations whose
// repository lists are read (one page each). A catalog that declares
// discovery also asks to be told of the official families it leaves out
// (see Omit).
type Discovery struct {
	ArXiv  []SearchTerm   `json:"arxiv,omitempty"`
	GitHub []Organisation `json:"github,omitempty"`
	Pos    Pos            `json:"location"`
}

// Empty reports whether nothing is to be discovered.
func (d *Discovery) Empty() bool { return d == nil || len(d.ArXiv)+len(d.GitHub) == 0 }

// SearchTerm is one arXiv search_query ("au:DeepSeek-AI").
type SearchTerm struct {
	Term string `json:"term"`
	Pos  Pos    `json:"location"`
}

// Omission marks an official family (or one item, by id) the catalog leaves
// out on purpose: it is reported as omitted by choice, never as missing.
type Omission struct {
	Family string `json:"family,omitempty"`
	ID     string `json:"id,omitempty"`
	Reason string `json:"reason"`
	Pos    Pos    `json:"location"`
}

// Limits of the discovery keys.
const (
	MaxSearchTerms   = 20  // arXiv search terms (one request each)
	MaxSearchTermLen = 200 // characters in one term
	MaxOmissions     = 500
)

// arXiv API search fields (https://info.arxiv.org/help/api/user-manual.html#query_details).
var searchFields = []string{"ti", "au", "abs", "co", "jr", "cat", "rn", "id", "all"}

var searchTermRE = regexp.MustCompile(`^([a-z]+):(.+)$`)

// CheckSearchTerm reports what is wrong with an arXiv search term, or "".
func CheckSearchTerm(s string) string {
	if strings.TrimSpace(s) == "" {
		return "must not be empty"
	}
	if len(s) > MaxSearchTermLen {
		return fmt.Sprintf("too long (%d characters, max %d)", len(s), MaxSearchTermLen)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return "must not contain control characters"
		}
	}
	m := searchTermRE.FindStringSubmatch(s)
	if m == nil || !contains(searchFields, m[1]) {
		return fmt.Sprintf("must be FIELD:VALUE with FIELD one of %s (e.g. au:Org-AI), got %q", strings.Join(searchFields, ", "), s)
	}
	if strings.TrimSpace(m[2]) == "" {
		return "the value after " + m[1] + ": must not be empty"
	}
	return ""
}

func (l *loader) discovery(n *yaml.Node, path string) *Discovery {
	m, ok := l.fields(n, path, "arxiv", PlatformGitHub)
	if !ok {
		return nil
	}
	d := &Discovery{Pos: l.pos(n)}
	if ln, ok := m["arxiv"]; ok {
		terms := l.uniqueScalars(ln, join(path, "arxiv"), scalarList{
			what: "search terms", max: MaxSearchTerms, problem: CheckSearchTerm, dup: "duplicate search term %q",
		})
		for _, t := range terms {
			d.ArXiv = append(d.ArXiv, SearchTerm{Term: t.value, Pos: t.pos})
		}
	}
	if ln, ok := m[PlatformGitHub]; ok {
		var fields []string
		d.GitHub, fields = l.orgList(ln, join(path, PlatformGitHub), PlatformGitHub)
		for i, o := range d.GitHub {
			l.owners = append(l.owners, ownerCheck{PlatformGitHub, o.Name, fields[i], o.Pos})
		}
	}
	return d
}

func (l *loader) omissions(n *yaml.Node, path string) []Omission {
	var out []Omission
	seen := map[string]Pos{}
	for i, on := range l.list(n, path, "omissions", MaxOmissions) {
		fp := index(path, i)
		m, ok := l.fields(on, fp, "family", "id", "reason")
		if !ok {
			continue
		}
		o := Omission{Pos: l.pos(on)}
		o.Family = strings.TrimSpace(l.str(m, fp, "family"))
		o.ID = strings.TrimSpace(l.str(m, fp, "id"))
		_, hasF := m["family"]
		_, hasI := m["id"]
		switch {
		case hasF && hasI:
			l.errorf(on, fp, "give either family or id, not both")
			continue
		case !hasF && !hasI:
			l.errorf(on, fp, "missing family or id (the family name, or the id of one item: owner/name, or an arXiv id)")
			continue
		case hasF && o.Family == "":
			l.errorf(m["family"], join(fp, "family"), "must not be empty")
			continue
		case hasI && o.ID == "":
			l.errorf(m["id"], join(fp, "id"), "must not be empty")
			continue
		}
		reason, _, ok := l.required(m, on, fp, "reason")
		if !ok {
			continue
		}
		o.Reason = strings.TrimSpace(reason)
		key := "family:" + strings.ToLower(o.Family)
		if o.ID != "" {
			key = "id:" + strings.ToLower(o.ID)
		}
		if !l.firstUse(seen, key, o.Pos, fp, "duplicate omission (first at %s)") {
			continue
		}
		out = append(out, o)
	}
	return out
}

// discoveryKeys are the discovery settings compared by Diff ("declared"
// when the key is present, so that adding an empty discovery is a change).
func discoveryKeys(d *Discovery) []string {
	if d == nil {
		return nil
	}
	out := []string{"declared"}
	for _, t := range d.ArXiv {
		out = append(out, "arxiv\x00"+t.Term)
	}
	for _, o := range d.GitHub {
		out = append(out, "github\x00"+strings.ToLower(o.Name))
	}
	return out
}

// omitKeys are the omissions compared by Diff.
func omitKeys(os []Omission) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.Family+"\x00"+o.ID+"\x00"+o.Reason)
	}
	return out
}
