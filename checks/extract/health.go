package extract

import "github.com/claimcheck/claimcheck/crawler/record"

// NewHealth is the health item an extractor raises about rec: for subject
// (and field, "" when the whole record), with the record's URL.
func NewHealth(rec record.Record, subject, field, problem string) Health {
	return Health{Subject: subject, Field: field, URL: rec.URL, Problem: problem}
}

// Digits is the value of s, a run of ASCII digits ("2024", "07"); it is 0
// when s holds anything else or is too long to be a date or version part.
func Digits(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' || n > 1e6 {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}
