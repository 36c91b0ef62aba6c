package catalog

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ChecklistItems are the ids of the guide's checklist items (the checks
// "checklist.<id>"; checks' tests keep the two lists equal).
var ChecklistItems = []string{
	"official-org", "paper-exists", "release-note", "license-stated",
	"release-status", "card-context", "card-chat-template", "card-deployment",
}

// Checklist says which checklist items apply to a catalog's entries. A
// catalog without a checklist key keeps every item that applies to its kind
// of sources (as before the key existed); an empty list turns the checklist
// off (what `catalog init` writes for a new catalog); otherwise only the
// listed items run.
type Checklist struct {
	Set   bool     `json:"set"`
	Items []string `json:"items,omitempty"`
	Pos   Pos      `json:"-"`
}

// Applies reports whether the checklist item id (without "checklist.")
// runs for this catalog.
func (c Checklist) Applies(id string) bool {
	return !c.Set || slices.Contains(c.Items, id)
}

// checklist reads the top-level checklist key: a list of item ids.
func (l *loader) checklist(n *yaml.Node, path string) Checklist {
	c := Checklist{Set: true, Pos: l.pos(n), Items: []string{}}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return c
	}
	if n.Kind != yaml.SequenceNode {
		l.errorf(n, path, "want a list of checklist items (%s), or [] for none", strings.Join(ChecklistItems, ", "))
		return c
	}
	seen := map[string]bool{}
	for i, item := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		v, ok := l.scalar(item, p)
		if !ok {
			continue
		}
		v = strings.TrimPrefix(strings.TrimSpace(v), "checklist.")
		switch {
		case !slices.Contains(ChecklistItems, v):
			l.errorf(item, p, "unknown checklist item %q (want one of %s)", v, strings.Join(ChecklistItems, ", "))
		case seen[v]:
			l.errorf(item, p, "checklist item %q listed twice", v)
		default:
			seen[v] = true
			c.Items = append(c.Items, v)
		}
	}
	return c
}
