package normalize

import (
	"regexp"
	"strconv"
	"strings"
)

// venueSpec is a venue's canonical name, its long names and, for venues whose
// editions are numbered, the year of the first edition.
type venueSpec struct {
	Name    string
	Aliases []string
	First   int
}

// venues is the table of known venue names. Long names are compared after
// venueTokens, so "Proceedings of the …", ordinals, years and edition numbers
// do not matter.
var venues = []venueSpec{
	{Name: "ICLR", Aliases: []string{"international conference on learning representations"}, First: 2013},
	{Name: "CVPR", Aliases: []string{"ieee/cvf conference on computer vision and pattern recognition", "ieee conference on computer vision and pattern recognition", "conference on computer vision and pattern recognition", "computer vision and pattern recognition"}},
	{Name: "ICCV", Aliases: []string{"ieee/cvf international conference on computer vision", "international conference on computer vision"}},
	{Name: "ECCV", Aliases: []string{"european conference on computer vision"}},
	{Name: "NeurIPS", Aliases: []string{"nips", "neural information processing systems", "advances in neural information processing systems", "conference on neural information processing systems"}, First: 1987},
	{Name: "ICML", Aliases: []string{"international conference on machine learning"}},
	{Name: "ACL", Aliases: []string{"annual meeting of the association for computational linguistics", "association for computational linguistics"}},
	{Name: "EMNLP", Aliases: []string{"conference on empirical methods in natural language processing", "empirical methods in natural language processing"}},
	{Name: "NAACL", Aliases: []string{"north american chapter of the association for computational linguistics"}},
	{Name: "AAAI", Aliases: []string{"aaai conference on artificial intelligence"}},
	{Name: "COLM", Aliases: []string{"conference on language modeling"}},
	{Name: "TMLR", Aliases: []string{"transactions on machine learning research"}},
	{Name: "JMLR", Aliases: []string{"journal of machine learning research"}},
	{Name: "Nature", Aliases: []string{"nature"}},
	{Name: "Science", Aliases: []string{"science"}},
}

var ordinals = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
	"fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
	"twentieth": 20, "twenty-first": 21, "twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24,
	"twenty-fifth": 25, "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29,
	"thirtieth": 30, "thirty-first": 31, "thirty-second": 32, "thirty-third": 33, "thirty-fourth": 34,
	"thirty-fifth": 35, "thirty-sixth": 36, "thirty-seventh": 37, "thirty-eighth": 38, "thirty-ninth": 39,
	"fortieth": 40,
}

// venueStop are words that do not change which venue is meant.
var venueStop = map[string]bool{
	"the": true, "proceedings": true, "in": true, "of": true, "conference": true, "paper": true,
	"papers": true, "poster": true, "oral": true, "spotlight": true, "open": true, "access": true,
	"main": true, "track": true, "long": true, "short": true, "volume": true, "vol": true, "pp": true,
	"annual": true, "edition": true, "accepted": true, "at": true, "to": true, "as": true, "a": true, "on": true,
	"and": true, "ieee": true, "cvf": true, "ieee/cvf": true,
}

var (
	yearRE    = regexp.MustCompile(`^(19|20)\d{2}$`)
	ordinalRE = regexp.MustCompile(`^(\d{1,2})(st|nd|rd|th)$`)
	parenRE   = regexp.MustCompile(`\(([^)]*)\)`)
	acronymYR = regexp.MustCompile(`^([a-z]+)((?:19|20)\d{2})$`) // "cvpr2025"
)

// VenueKey is a venue in canonical form.
type VenueKey struct {
	// Name is the canonical name ("ICLR", "Nature") or, for an unknown venue,
	// its words in Phrase form without stop words.
	Name string
	// Year is the year stated (or derived from an edition ordinal), 0 if none.
	Year int
	// Known reports whether Name is from the venue table.
	Known bool
}

// Venue reads a venue: "ICLR 2025", "International Conference on Learning
// Representations 2025" and "The Thirteenth International Conference on
// Learning Representations" are all {ICLR 2025}; "IEEE/CVF Conference on
// Computer Vision and Pattern Recognition (CVPR) 2025" is {CVPR 2025}; a
// Crossref container-title "Nature" is {Nature}; a journal reference "Nature
// 645, 633–638 (2025)" is {Nature 2025} (volume and page numbers dropped).
func Venue(s string) VenueKey {
	s = Text(s)
	var cands []string
	for _, m := range parenRE.FindAllStringSubmatch(s, 4) {
		cands = append(cands, m[1])
	}
	cands = append([]string{parenRE.ReplaceAllString(s, " ")}, cands...)
	year, ordinal := 0, 0
	var keys []string
	for _, c := range cands {
		words, y, o := venueTokens(c)
		if y != 0 && year == 0 {
			year = y
		}
		if o != 0 && ordinal == 0 {
			ordinal = o
		}
		keys = append(keys, strings.Join(words, " "))
	}
	for _, k := range keys {
		if v, ok := lookupVenue(k); ok {
			if year == 0 && ordinal > 0 && v.First > 0 {
				year = v.First + ordinal - 1
			}
			return VenueKey{Name: v.Name, Year: year, Known: true}
		}
	}
	return VenueKey{Name: keys[0], Year: year}
}

func lookupVenue(k string) (venueSpec, bool) {
	if k == "" {
		return venueSpec{}, false
	}
	for _, v := range venues {
		if k == strings.ToLower(v.Name) {
			return v, true
		}
		for _, a := range v.Aliases {
			ws, _, _ := venueTokens(a)
			if k == strings.Join(ws, " ") {
				return v, true
			}
		}
	}
	return venueSpec{}, false
}

// venueTokens lower-cases s, drops stop words, numbers (volume, pages) and
// returns the remaining words with the year and edition ordinal found.
func venueTokens(s string) (words []string, year, ordinal int) {
	fields := strings.FieldsFunc(strings.ToLower(Text(s)), func(r rune) bool {
		return r == ' ' || r == ',' || r == ':' || r == ';' || r == '\'' || r == '"' || r == '’' || r == '–' || r == '—'
	})
	for _, f := range fields {
		f = strings.Trim(f, ".-()[]")
		switch {
		case f == "" || venueStop[f]:
			continue
		case yearRE.MatchString(f):
			if year == 0 {
				year, _ = strconv.Atoi(f)
			}
			continue
		case ordinals[f] > 0:
			ordinal = ordinals[f]
			continue
		case ordinalRE.MatchString(f):
			ordinal, _ = strconv.Atoi(ordinalRE.FindStringSubmatch(f)[1])
			continue
		case isNumberish(f):
			continue
		}
		if m := acronymYR.FindStringSubmatch(f); m != nil {
			if year == 0 {
				year, _ = strconv.Atoi(m[2])
			}
			f = m[1]
		}
		words = append(words, f)
	}
	return words, year, ordinal
}

func isNumberish(f string) bool {
	for _, r := range f {
		if (r < '0' || r > '9') && r != '-' && r != '–' && r != '.' {
			return false
		}
	}
	return true
}

// MatchVenue compares a catalog venue with an official one. obsYear is a year
// the source states outside the venue text (a Crossref published date), 0 if
// none. The names must be equal; when both state a year, the years too. A
// source that names the venue without any year agrees, noted.
func MatchVenue(claim, obs string, obsYear int) Match {
	c, o := Venue(claim), Venue(obs)
	if o.Name == "" || c.Name == "" {
		return Match{}
	}
	if o.Year == 0 {
		o.Year = obsYear
	}
	if c.Name != o.Name {
		return Match{Result: Differ}
	}
	switch {
	case c.Year == 0 || c.Year == o.Year:
		return Match{Result: Agree, Lo: true, Hi: true}
	case o.Year == 0:
		return Match{Result: Agree, Lo: true, Hi: true, Note: "the source states no year"}
	}
	return Match{Result: Differ}
}

// MentionsVenue reports whether a free text (an arXiv comment such as
// "Accepted at ICLR 2025") names the claimed venue and, if the claim has a
// year, that year.
func MentionsVenue(text, claim string) bool {
	c := Venue(claim)
	if !c.Known {
		return ContainsPhrase(text, claim)
	}
	names := []string{c.Name}
	for _, v := range venues {
		if v.Name == c.Name {
			names = append(names, v.Aliases...)
		}
	}
	found := false
	for _, n := range names {
		if ContainsPhrase(text, n) {
			found = true
			break
		}
	}
	if !found {
		return false
	}
	return c.Year == 0 || ContainsPhrase(text, strconv.Itoa(c.Year)) || strings.Contains(strings.ToLower(text), strings.ToLower(c.Name)+strconv.Itoa(c.Year))
}
