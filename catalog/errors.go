package catalog

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrTooLarge is returned (wrapped) for a catalog file bigger than MaxFileSize.
var ErrTooLarge = errors.New("catalog file too large")

// Error is one problem found in a catalog file, at a position.
type Error struct {
	Pos Pos
	// Field is the YAML path of the offending value ("entries[3].claims[2].value");
	// empty for problems of the file as a whole (YAML syntax).
	Field string
	Msg   string
}

// Error formats the problem as "file:line:col: field: message".
func (e *Error) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s: %s", e.Pos, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.Pos, e.Field, e.Msg)
}

// Errors are all the problems of one catalog file, sorted by position.
type Errors []*Error

// Error lists every problem, one per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes the individual errors to errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// sort orders the errors by file, line, column, then field and message, so
// the output is deterministic.
func (es Errors) sort() {
	slices.SortStableFunc(es, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Column, b.Pos.Column),
			cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}
