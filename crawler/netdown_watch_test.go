package crawler

import (
	"errors"
	"testing"

	"github.com/claimcheck/claimcheck/crawler/record"
)

func TestNetWatch(t *testing.T) {
	t.Parallel()
	dns := fetchErr(record.ErrDNS, "lookup x: no such host")
	type obs struct {
		src  record.Source
		host string
		fe   *record.FetchError
	}
	a, g, v := record.SourceArXiv, record.SourceGitHub, record.SourceVenue
	for _, tc := range []struct {
		name string
		plan map[record.Source]planSize
		seq  []obs
		trip int // index of the observation that trips; -1: never
	}{
		{"every source down", map[record.Source]planSize{a: {1, 1}, g: {3, 1}},
			[]obs{{a, "a", dns}, {g, "g", dns}, {g, "g", dns}}, 2},
		{"one source answered", map[record.Source]planSize{a: {1, 1}, g: {3, 1}},
			[]obs{{a, "a", nil}, {g, "g", dns}, {g, "g", dns}}, -1},
		{"a 404 is an answer", map[record.Source]planSize{a: {1, 1}, g: {3, 1}},
			[]obs{{g, "g", fetchErr(record.ErrClient, "404")}, {a, "a", dns}, {g, "g", dns}}, -1},
		{"a refused connection is one server, not the network", map[record.Source]planSize{a: {1, 1}, g: {1, 1}},
			[]obs{{a, "a", fetchErr(record.ErrRefused, "refused")}, {g, "g", dns}}, -1},
		{"one failed resource of several is not enough", map[record.Source]planSize{g: {3, 1}},
			[]obs{{g, "g", dns}, {g, "g", nil}}, -1},
		{"a source of several hosts needs two hosts down", map[record.Source]planSize{a: {1, 1}, v: {3, 3}},
			[]obs{{a, "a", dns}, {v, "v1", dns}, {v, "v1", dns}, {v, "v2", dns}}, 3},
	} {
		srcs := make([]record.Source, 0, len(tc.plan))
		for s := range tc.plan {
			srcs = append(srcs, s)
		}
		w := newNetWatch(srcs, tc.plan)
		got := -1
		for i, o := range tc.seq {
			if err := w.observe(o.src, o.host, o.fe); err != nil {
				if got >= 0 {
					t.Errorf("%s: tripped twice", tc.name)
				}
				got = i
				if !errors.Is(err, ErrNoNetwork) {
					t.Errorf("%s: cause %v does not wrap ErrNoNetwork", tc.name, err)
				}
			}
		}
		if got != tc.trip {
			t.Errorf("%s: tripped at %d, want %d", tc.name, got, tc.trip)
		}
	}
}
