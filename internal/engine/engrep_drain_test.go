package engine

import (
	"reflect"
	"testing"
)

// TestDrain: the parts come out in order, converted, in a slice of exactly
// their total length (nil for nothing), and every part is cleared.
func TestDrain(t *testing.T) {
	for _, tc := range []struct {
		name  string
		parts [][]int
		want  []int
	}{
		{"several", [][]int{{1, 2}, nil, {3}, {}}, []int{10, 20, 30}},
		{"empty parts", [][]int{nil, {}}, nil},
		{"no parts", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := drain(tc.parts, func(i int) int { return 10 * i })
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("drain = %#v, want %#v", got, tc.want)
			}
			if cap(got) != len(got) {
				t.Errorf("cap %d, len %d: want exactly the length", cap(got), len(got))
			}
			for i, p := range tc.parts {
				if p != nil {
					t.Errorf("part %d not cleared: %v", i, p)
				}
			}
		})
	}
}

func TestOnlySet(t *testing.T) {
	if onlySet(nil) != nil || onlySet([]string{}) != nil {
		t.Error("no --only: want nil (every entry)")
	}
	got := onlySet([]string{"a", "b", "a"})
	if want := map[string]bool{"a": true, "b": true}; !reflect.DeepEqual(got, want) {
		t.Errorf("onlySet = %v, want %v", got, want)
	}
}
