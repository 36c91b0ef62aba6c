package catalog

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// fieldConsts reads the Field* constants of model.go, so that a field added
// to the vocabulary without a spec fails here.
func fieldConsts(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "model.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if !strings.HasPrefix(n.Name, "Field") || i >= len(vs.Values) {
					continue
				}
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok {
					v, _ := strconv.Unquote(lit.Value)
					out[n.Name] = v
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no Field constants found in model.go")
	}
	return out
}

func TestVocabularyCoversModel(t *testing.T) {
	t.Parallel()
	consts := fieldConsts(t)
	seen := map[string]bool{}
	for name, field := range consts {
		spec, ok := LookupField(field)
		if !ok {
			t.Errorf("%s (%q) has no FieldSpec in vocab.go", name, field)
			continue
		}
		if len(spec.Types) == 0 || spec.Doc == "" {
			t.Errorf("spec of %q lacks types or doc", field)
		}
		for _, typ := range spec.Types {
			if (typ == TypeCount) != (spec.Unit != "") {
				t.Errorf("spec of %q: unit %q does not fit type %s", field, spec.Unit, typ)
			}
		}
		seen[field] = true
	}
	for _, s := range Vocabulary() {
		if !seen[s.Field] {
			t.Errorf("vocabulary field %q has no Field constant in model.go", s.Field)
		}
	}
	if _, ok := LookupField("nope"); ok {
		t.Error("LookupField(nope) found a spec")
	}
	// Vocabulary returns copies.
	v := Vocabulary()
	v[0].Types[0] = "mutated"
	if s, _ := LookupField(v[0].Field); s.Types[0] == "mutated" {
		t.Error("Vocabulary() shares its slices")
	}
}

// TestDocs keeps docs/catalog.md in step with the code: it documents every
// field, type, kind, unit and status, and its example catalog is valid.
func TestDocs(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../docs/catalog.md")
	if err != nil {
		t.Fatalf("read docs: %v", err)
	}
	doc := string(b)
	for _, s := range Vocabulary() {
		if !strings.Contains(doc, "`"+s.Field+"`") {
			t.Errorf("docs/catalog.md does not document field %q", s.Field)
		}
	}
	var words []string
	for _, ct := range ClaimTypes {
		words = append(words, string(ct))
	}
	for _, k := range EntryKinds {
		words = append(words, string(k))
	}
	words = append(words, Units...)
	words = append(words, Statuses...)
	for _, w := range words {
		if !strings.Contains(doc, "`"+w+"`") {
			t.Errorf("docs/catalog.md does not mention `%s`", w)
		}
	}
	for _, limit := range []int{MaxFileSize, MaxEntries, MaxClaimsPerEntry, MaxClaims, MaxSourcesPerList, MaxDepth, MaxScalarLen, MaxErrors} {
		if !strings.Contains(doc, strconv.Itoa(limit)) {
			t.Errorf("docs/catalog.md does not state the limit %d", limit)
		}
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(doc, -1)
	if len(blocks) == 0 {
		t.Fatal("docs/catalog.md has no yaml example")
	}
	// The first yaml block is the complete example.
	c, err := Parse("docs/catalog.md#example", []byte(blocks[0][1]))
	if err != nil {
		t.Fatalf("the example in docs/catalog.md is invalid:\n%v", err)
	}
	types := map[ClaimType]bool{}
	for _, e := range c.Entries {
		for _, cl := range e.Claims {
			types[cl.Type] = true
		}
	}
	for _, ct := range ClaimTypes {
		if !types[ct] {
			t.Errorf("the example in docs/catalog.md has no %s claim", ct)
		}
	}
}
