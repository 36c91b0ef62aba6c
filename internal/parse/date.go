package parse

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Precision of a date: the finest unit it states.
type Precision int

const (
	Year Precision = iota
	Month
	Day
)

func (p Precision) String() string {
	switch p {
	case Month:
		return "month"
	case Day:
		return "day"
	}
	return "year"
}

// Date is a calendar date with the precision it was stated at. Month and Day
// are 0 when the precision does not reach them.
type Date struct {
	Year, Month, Day int
	Precision        Precision
}

func (d Date) String() string {
	switch d.Precision {
	case Year:
		return fmt.Sprintf("%04d", d.Year)
	case Month:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Years outside [MinYear, MaxYear] are no date a source about software
// states: a typo such as "2525/06/06" is rejected, not read.
const (
	MinYear = 1900
	MaxYear = 2199
)

// DayOf is the day-precision date of t in UTC.
func DayOf(t time.Time) Date {
	t = t.UTC()
	return Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: Day}
}

// Make builds a date of the given precision and checks that it exists and
// that its year lies in [MinYear, MaxYear].
func Make(y, m, d int, p Precision) (Date, bool) {
	if y < MinYear || y > MaxYear {
		return Date{}, false
	}
	switch p {
	case Year:
		return Date{Year: y, Precision: Year}, true
	case Month:
		if m < 1 || m > 12 {
			return Date{}, false
		}
		return Date{Year: y, Month: m, Precision: Month}, true
	}
	if m < 1 || m > 12 || d < 1 || d > DaysIn(y, m) {
		return Date{}, false
	}
	return Date{Year: y, Month: m, Day: d, Precision: Day}, true
}

// DaysIn is the number of days of a month.
func DaysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// pMonth matches an English month name or abbreviation, capitalised ("May",
// "Sept", "Dec."), so that the verb "may" and the word "march" in prose are
// never read as months.
const pMonth = `(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)`

// MonthNumber returns the month an English month name or abbreviation names
// ("Sept", "sep.", "September" → 9); case is ignored.
func MonthNumber(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "."))
	if len(s) < 3 {
		return 0, false
	}
	for i, name := range []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"} {
		if strings.HasPrefix(name, s) || s == "sept" && i == 8 {
			return i + 1, true
		}
	}
	return 0, false
}

const (
	pOrd     = `(?:st|nd|rd|th)?`
	pWeekday = `(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\.?,?\s+)?`
	pTime    = `(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:\s*(?:[AaPp]\.?[Mm]\.?))?(?:\s*(?:UTC|GMT|Z|[+-]\d{2}:?\d{2}|[A-Z]{2,4}))?)?`
)

// Prose and numeric date patterns, each finding one form in running text.
var (
	reDayNum   = regexp.MustCompile(`\b(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?`)
	reMonthDay = regexp.MustCompile(`\b` + pWeekday + `(` + pMonth + `)\.?\s+(\d{1,2})` + pOrd + `,?\s+(\d{4})\b` + pTime)
	reDayMonth = regexp.MustCompile(`\b` + pWeekday + `(?:the\s+)?(\d{1,2})` + pOrd + `\s+(?:of\s+)?(` + pMonth + `)\.?,?\s+(\d{4})\b` + pTime)
	reMonthYr  = regexp.MustCompile(`\b(` + pMonth + `)\.?,?\s+(\d{4})\b`)
	reCJK      = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?`)
	reISOMonth = regexp.MustCompile(`^(\d{4})[-/](\d{1,2})$`)
	reYear     = regexp.MustCompile(`^\d{4}$`)
	reUS       = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
)

// Found is a date found in running text, with its byte span.
type Found struct {
	Date
	Start, End int
	Text       string
}

// FindDates lists the dates text states, in order, at most max (≤ 0: no
// limit): numeric day dates ("2024-12-26", "2024/12/26", "2024.05.06",
// "2024-05-07T15:56:43Z"; an offset stamp as the day it writes), "May 6, 2024", "Sept. 3rd 2024",
// "6 May 2024", "the 6th of May, 2024", "Tue, 16 Apr 2024 12:52:47 UTC",
// "December 2023", "Dec. 2023" (month precision) and "2024年5月6日". Month
// names must be capitalised; impossible dates and years outside [MinYear,
// MaxYear] are skipped.
func FindDates(text string, max int) []Found {
	var out []Found
	taken := func(a, b int) bool {
		for _, f := range out {
			if a < f.End && f.Start < b {
				return true
			}
		}
		return false
	}
	add := func(a, b int, d Date, ok bool) {
		if ok && !taken(a, b) {
			out = append(out, Found{Date: d, Start: a, End: b, Text: text[a:b]})
		}
	}
	for _, m := range reDayNum.FindAllStringSubmatchIndex(text, -1) {
		if m[4] >= 0 && text[m[4]:m[5]] != text[m[8]:m[9]] {
			continue // "2024-05/06" mixes separators
		}
		// Not part of a longer number or version ("1.2024.05.06", "2024.05.06.1").
		if m[0] > 0 && (isDigit(text[m[0]-1]) || text[m[0]-1] == '.') || m[1] < len(text)-1 && text[m[1]] == '.' && isDigit(text[m[1]+1]) || m[1] < len(text) && isDigit(text[m[1]]) {
			continue
		}
		s := text[m[0]:m[1]]
		d, ok := ParseDate(s)
		add(m[0], m[1], d, ok)
	}
	for _, m := range reMonthDay.FindAllStringSubmatchIndex(text, -1) {
		d, ok := proseDate(text[m[6]:m[7]], text[m[2]:m[3]], text[m[4]:m[5]])
		add(m[0], m[1], d, ok)
	}
	for _, m := range reDayMonth.FindAllStringSubmatchIndex(text, -1) {
		if !dayStandsAlone(text, m[0], m[2]) {
			continue // "Phi-3 June 2024", "top 10 March 2025": month precision below
		}
		d, ok := proseDate(text[m[6]:m[7]], text[m[4]:m[5]], text[m[2]:m[3]])
		add(m[0], m[1], d, ok)
	}
	for _, m := range reCJK.FindAllStringSubmatchIndex(text, -1) {
		y, _ := strconv.Atoi(text[m[2]:m[3]])
		mo, _ := strconv.Atoi(text[m[4]:m[5]])
		if m[6] >= 0 {
			d, _ := strconv.Atoi(text[m[6]:m[7]])
			dd, ok := Make(y, mo, d, Day)
			add(m[0], m[1], dd, ok)
		} else {
			dd, ok := Make(y, mo, 0, Month)
			add(m[0], m[1], dd, ok)
		}
	}
	for _, m := range reMonthYr.FindAllStringSubmatchIndex(text, -1) {
		mo, ok := MonthNumber(text[m[2]:m[3]])
		if !ok {
			continue
		}
		y, _ := strconv.Atoi(text[m[4]:m[5]])
		d, ok := Make(y, mo, 0, Month)
		add(m[0], m[1], d, ok)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	return out
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// notDayWords are words after which a number before a month name counts
// something ("top 10 March 2025", "version 3 May 2024") rather than a day.
var notDayWords = map[string]bool{
	"top": true, "first": true, "last": true, "best": true, "bottom": true, "over": true, "under": true,
	"about": true, "around": true, "nearly": true, "only": true, "all": true, "version": true, "v": true,
	"model": true, "gen": true, "generation": true, "phase": true, "step": true, "stage": true, "level": true,
	"tier": true, "rank": true, "ranked": true, "part": true, "section": true, "figure": true, "fig": true,
	"table": true, "no": true, "number": true, "series": true, "round": true, "week": true, "day": true,
}

// dayStandsAlone reports whether the day number starting at day (in a
// day-month-year match starting at start) reads as a day: not glued to a
// model name or version ("Phi-3 June 2024", "v1.3 May 2024") and not a count
// after a word like "top" ("top 10 March 2025").
func dayStandsAlone(text string, start, day int) bool {
	if day != start {
		return true // "Tue, 16 Apr 2024", "the 6th of May": a weekday or article leads
	}
	if day > 0 {
		switch c := text[day-1]; {
		case c == '-' || c == '.' || c == '_' || c == '/' || c == '+' || c == '#' || isDigit(c) ||
			c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			return false
		}
	}
	// The word before, across white space.
	i := day
	for i > 0 && (text[i-1] == ' ' || text[i-1] == '\t') {
		i--
	}
	j := i
	for j > 0 && (text[j-1] >= 'a' && text[j-1] <= 'z' || text[j-1] >= 'A' && text[j-1] <= 'Z' || isDigit(text[j-1]) || text[j-1] == '-' || text[j-1] == '.') {
		j--
	}
	w := text[j:i]
	if w == "" {
		return true
	}
	if notDayWords[strings.ToLower(strings.TrimRight(w, "."))] {
		return false
	}
	// A letter-digit token just before ("GPT-4 3 May 2024", "R1 3 May") makes
	// the number part of a name.
	hasL, hasD := false, false
	for k := 0; k < len(w); k++ {
		c := w[k]
		hasD = hasD || isDigit(c)
		hasL = hasL || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	return !(hasL && hasD)
}

func proseDate(year, month, day string) (Date, bool) {
	mo, ok := MonthNumber(month)
	if !ok {
		return Date{}, false
	}
	y, _ := strconv.Atoi(year)
	d, _ := strconv.Atoi(day)
	return Make(y, mo, d, Day)
}

// ParseDate parses a whole string as a date, keeping its precision. It
// accepts every form FindDates finds, and also "2024-12" and "2024/12"
// (month), "2024" (year), any RFC 3339 timestamp (the calendar day as
// written, in the stamp's own offset: "2025-03-25T00:00:00+08:00" is
// 2025-03-25; "2025-06-30T00:00:00.000000Z"), a timestamp with a space for the "T", and
// a numeric day-month-year or month-day-year date with slashes when only one
// reading exists ("26/12/2024", "12/26/2024"; "1/3/2025" is ambiguous and
// rejected). White space is normalised first; a trailing full stop is
// ignored.
func ParseDate(s string) (Date, bool) {
	s = strings.TrimSuffix(Space(s), ".")
	if s == "" || len(s) > 64 {
		return Date{}, false
	}
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') && isDigit(s[0]) {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			// The calendar day as written: a stamp with an explicit offset
			// ("2025-03-25T00:00:00+08:00") dates the day in that zone, which
			// is the day the source means; only "Z" stamps are UTC days.
			return Make(t.Year(), int(t.Month()), t.Day(), Day)
		}
		if t, err := time.Parse("2006-01-02T15:04:05", s); err == nil {
			return Make(t.Year(), int(t.Month()), t.Day(), Day)
		}
		if t, err := time.Parse("2006-01-02 15:04:05", s); err == nil {
			return Make(t.Year(), int(t.Month()), t.Day(), Day)
		}
		s = s[:10]
	}
	if m := reDayNum.FindStringSubmatch(s); m != nil && len(m[0]) == len(s) {
		if m[2] != m[4] {
			return Date{}, false
		}
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[3])
		d, _ := strconv.Atoi(m[5])
		return Make(y, mo, d, Day)
	}
	if m := reISOMonth.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		return Make(y, mo, 0, Month)
	}
	if reYear.MatchString(s) {
		y, _ := strconv.Atoi(s)
		return Make(y, 0, 0, Year)
	}
	if m := reUS.FindStringSubmatch(s); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		switch {
		case a == b:
			return Make(y, a, b, Day)
		case a > 12:
			return Make(y, b, a, Day)
		case b > 12:
			return Make(y, a, b, Day)
		}
		return Date{}, false // both readings exist
	}
	if f := FindDates(s, 2); len(f) == 1 && f[0].Start == 0 && f[0].End == len(s) {
		return f[0].Date, true
	}
	return Date{}, false
}

// ErrISO* are the ways a strict ISO date fails (see ParseISO).
var (
	ErrISOForm  = errors.New("want YYYY, YYYY-MM or YYYY-MM-DD")
	ErrISOYear  = errors.New("year out of range")
	ErrISOMonth = errors.New("month out of range")
	ErrISODay   = errors.New("day out of range")
)

var reISO = regexp.MustCompile(`^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$`)

// ParseISO parses the strict form a catalog writes: "2024" (year), "2024-12"
// (month) or "2026-07-24" (day), with two-digit months and days, years in
// [minYear, maxYear], and checks that the date exists.
func ParseISO(s string, minYear, maxYear int) (Date, error) {
	m := reISO.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Date{}, ErrISOForm
	}
	y, _ := strconv.Atoi(m[1])
	if y < minYear || y > maxYear {
		return Date{}, ErrISOYear
	}
	d := Date{Year: y, Precision: Year}
	if m[2] == "" {
		return d, nil
	}
	d.Month, _ = strconv.Atoi(m[2])
	d.Precision = Month
	if d.Month < 1 || d.Month > 12 {
		return Date{}, ErrISOMonth
	}
	if m[3] == "" {
		return d, nil
	}
	d.Day, _ = strconv.Atoi(m[3])
	d.Precision = Day
	if d.Day < 1 || d.Day > DaysIn(d.Year, d.Month) {
		return Date{}, ErrISODay
	}
	return d, nil
}
