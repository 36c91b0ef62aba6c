package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/engine"
)

func TestSummarize(t *testing.T) {
	t.Parallel()
	gone := &record.FetchError{Kind: "http_status", Message: "404"}
	tests := []struct {
		name    string
		recs    []record.Record
		want    Summary
		wantErr string
	}{
		{"every answer counted, absent URLs sorted", []record.Record{
			{URL: "https://a/ok", Status: 200},
			{URL: "https://b/gone", Status: 404, Err: gone},
			{URL: "https://a/gone", Status: 410, Err: gone},
			{URL: "https://huggingface.co/x", Status: 401, Err: gone, Resource: record.Resource{Source: record.SourceHF}},
		}, Summary{Resources: 2, OK: 1, NotFound: 3, Absent: []string{"https://a/gone", "https://b/gone", "https://huggingface.co/x"}}, ""},
		{"a 401 outside the Hub is a failure", []record.Record{
			{URL: "https://api.github.com/x", Status: 401, Err: &record.FetchError{Kind: "http_status", Message: "401"}, Resource: record.Resource{Source: record.SourceGitHub}},
		}, Summary{Resources: 2}, "1 resources failed:\n  https://api.github.com/x: http_status: 401"},
		{"failures listed sorted, counts kept", []record.Record{
			{URL: "https://z/", Err: &record.FetchError{Kind: "refused", Message: "blocked"}},
			{URL: "https://a/", Status: 503, Err: &record.FetchError{Kind: "http_status", Message: "503"}},
			{URL: "https://a/ok", Status: 200},
		}, Summary{Resources: 2, OK: 1}, "2 resources failed:\n  https://a/: http_status: 503\n  https://z/: refused: blocked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := summarize(&engine.Result{Resources: make([]record.Resource, 2), Records: tt.recs})
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
			if got.Resources != tt.want.Resources || got.OK != tt.want.OK || got.NotFound != tt.want.NotFound || !slices.Equal(got.Absent, tt.want.Absent) {
				t.Errorf("summary = %+v, want %+v", got, tt.want)
			}
			if strings.Contains(tt.name, "sorted") && !slices.IsSorted(got.Absent) {
				t.Errorf("absent not sorted: %q", got.Absent)
			}
		})
	}
}
