package catalog

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

var (
	arxivNewRE = regexp.MustCompile(`^([0-9]{2})([0-9]{2})\.([0-9]{4,5})(?:v([1-9][0-9]{0,3}))?$`)
	arxivOldRE = regexp.MustCompile(`^([a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?)/([0-9]{2})([0-9]{2})([0-9]{3})(?:v([1-9][0-9]{0,3}))?$`)
)

// ParseArXivID parses an arXiv identifier: new style YYMM.NNNN (April 2007 to
// December 2014) or YYMM.NNNNN (from January 2015), or old style
// archive(.XX)/YYMMNNN (up to March 2007), each with an optional vN suffix.
func ParseArXivID(s string) (ArXivRef, error) {
	bad := func(why string) (ArXivRef, error) {
		return ArXivRef{}, fmt.Errorf("malformed arXiv id %q: %s", s, why)
	}
	if m := arxivNewRE.FindStringSubmatch(s); m != nil {
		yy, _ := strconv.Atoi(m[1])
		mm, _ := strconv.Atoi(m[2])
		if mm < 1 || mm > 12 {
			return bad("month out of range")
		}
		yymm := yy*100 + mm
		switch {
		case yymm < 704:
			return bad("new-style ids start in 0704")
		case yymm < 1501 && len(m[3]) != 4:
			return bad("ids before 1501 have 4 digits after the dot")
		case yymm >= 1501 && len(m[3]) != 5:
			return bad("ids from 1501 on have 5 digits after the dot")
		}
		return ArXivRef{ID: m[1] + m[2] + "." + m[3], Version: version(m[4])}, nil
	}
	if m := arxivOldRE.FindStringSubmatch(s); m != nil {
		yy, _ := strconv.Atoi(m[2])
		mm, _ := strconv.Atoi(m[3])
		if mm < 1 || mm > 12 {
			return bad("month out of range")
		}
		if (yy > 7 && yy < 91) || (yy == 7 && mm > 3) || (yy == 91 && mm < 8) {
			return bad("old-style ids run from 9108 to 0703")
		}
		return ArXivRef{ID: m[1] + "/" + m[2] + m[3] + m[4], Version: version(m[5])}, nil
	}
	if strings.HasPrefix(strings.ToLower(s), "arxiv:") {
		return bad("drop the arXiv: prefix")
	}
	return bad("want YYMM.NNNNN or archive/YYMMNNN, optionally with vN")
}

func version(s string) int {
	if s == "" {
		return 0
	}
	v, _ := strconv.Atoi(s)
	return v
}

// checkURL checks the syntax of a URL a catalog gives (a venue page) and
// returns its lower-case host. Only https is accepted: a plain-http page can
// be rewritten by anyone on the path, so it cannot be an official source.
// Whether the host is allowed is checked against the catalog's hosts.
func checkURL(s string) (string, error) {
	if strings.ContainsAny(s, " \t\r\n") {
		return "", fmt.Errorf("URL %q must not contain white space", s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("malformed URL %q", s)
	}
	switch {
	case u.Scheme == "http":
		return "", fmt.Errorf("URL %q must use https, not http (a catalog cites pages over https only)", s)
	case u.Scheme != "https":
		return "", fmt.Errorf("URL %q must use https", s)
	case u.Opaque != "" || u.Host == "":
		return "", fmt.Errorf("URL %q has no host", s)
	case u.User != nil:
		return "", fmt.Errorf("URL %q must not carry user info", s)
	case u.Port() != "":
		return "", fmt.Errorf("URL %q must not carry a port", s)
	}
	h := strings.ToLower(u.Hostname())
	if !hostRE.MatchString(h) {
		return "", fmt.Errorf("URL %q has an invalid host", s)
	}
	return h, nil
}
