package crawler

import (
	"errors"
	"testing"

	"github.com/claimcheck/claimcheck/crawler/record"
)

func TestNetWatch(t *testing.T) {
	t.Parallel()
	dns := fetchErr(record.ErrDNS, "lookup x: no such host")
	refused := fetchErr(record.ErrRefused, "connection refused")
	type obs struct {
		src record.Source
		fe  *record.FetchError
	}
	for _, tc := range []struct {
		name string
		seq  []obs
		trip int // index of the observation that trips; -1: never
	}{
		{"every source down", []obs{{record.SourceArXiv, dns}, {record.SourceGitHub, refused}}, 1},
		{"one source answered", []obs{{record.SourceArXiv, nil}, {record.SourceArXiv, dns}, {record.SourceGitHub, dns}}, -1},
		{"a 404 is an answer", []obs{{record.SourceGitHub, fetchErr(record.ErrClient, "404")}, {record.SourceArXiv, dns}, {record.SourceGitHub, dns}}, -1},
		{"a timeout is not network-down", []obs{{record.SourceArXiv, fetchErr(record.ErrTimeout, "t")}, {record.SourceGitHub, dns}}, -1},
		{"second failure of one source is not every source", []obs{{record.SourceArXiv, dns}, {record.SourceArXiv, dns}, {record.SourceGitHub, dns}}, 2},
	} {
		w := newNetWatch([]record.Source{record.SourceArXiv, record.SourceGitHub})
		got := -1
		for i, o := range tc.seq {
			if err := w.observe(o.src, o.fe); err != nil {
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
