package catalog

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Every id a catalog gives that becomes part of a URL path (a DOI, an arXiv
// id, a GitHub owner/repo, a Hugging Face id, a docs slug) is validated here,
// per kind. The loader reports a failure at the id's line; the crawler's URL
// builder runs the same validators again (a catalog built in code bypasses
// the loader) and refuses to build a URL for an id that fails.
//
// The rules common to every kind (pathSafe): no control, format (bidi) or
// white-space character, no backslash, no '%' (an id is written decoded:
// "%2e%2e" would reach a server that decodes it as ".."), no '?' or '#' (they
// would end the path), no empty segment (leading, trailing or doubled '/')
// and no "." or ".." segment. The kind's own syntax comes on top.

// MaxDOILen bounds a DOI (Crossref's longest are a few hundred characters).
const MaxDOILen = 400

// MaxDocsSlugLen bounds a docs slug.
const MaxDocsSlugLen = 200

var (
	doiPrefixRE = regexp.MustCompile(`^10\.[0-9]{4,9}(?:\.[0-9]+)*$`)
	docsSegRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
)

// pathSafe checks the rules shared by every id that becomes URL path
// segments; what names the kind in messages ("DOI", "docs slug").
func pathSafe(what, s string) error {
	if s == "" {
		return fmt.Errorf("empty %s", what)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s %q is not valid UTF-8", what, s)
	}
	for _, r := range s {
		switch {
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return fmt.Errorf("%s %q contains a control or format character (U+%04X)", what, s, r)
		case unicode.IsSpace(r):
			return fmt.Errorf("%s %q must not contain white space", what, s)
		case r == '\\':
			return fmt.Errorf("%s %q must not contain a backslash", what, s)
		case r == '%':
			return fmt.Errorf("%s %q must not contain '%%' (write the id decoded, not percent-encoded)", what, s)
		case r == '?' || r == '#':
			return fmt.Errorf("%s %q must not contain %q (it would end the URL path)", what, s, r)
		}
	}
	for _, seg := range strings.Split(s, "/") {
		switch seg {
		case "":
			return fmt.Errorf("%s %q has an empty path segment (leading, trailing or doubled '/')", what, s)
		case ".", "..":
			return fmt.Errorf("%s %q has a %q segment (path traversal)", what, s, seg)
		}
	}
	return nil
}

// ValidateDOI checks a DOI that becomes the path of a Crossref work URL:
// "10.NNNN[.NNNN…]/suffix", printable ASCII, at most MaxDOILen characters,
// and path-safe (no "." or ".." segment, no '%', '\\', '?', '#', control
// characters or empty segments). The suffix keeps its '/' structure.
func ValidateDOI(s string) error {
	if !strings.HasPrefix(s, "10.") {
		return fmt.Errorf("DOI %q must start with \"10.\"", s)
	}
	if len(s) > MaxDOILen {
		return fmt.Errorf("DOI %q is too long (%d characters, max %d)", truncateID(s), len(s), MaxDOILen)
	}
	if err := pathSafe("DOI", s); err != nil {
		return err
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x21 || c > 0x7e {
			return fmt.Errorf("DOI %q must be printable ASCII", s)
		}
	}
	prefix, suffix, ok := strings.Cut(s, "/")
	if !ok || !doiPrefixRE.MatchString(prefix) || suffix == "" {
		return fmt.Errorf("malformed DOI %q: want 10.NNNN/suffix", s)
	}
	return nil
}

// The kind's syntax is checked first (its message names the expected form);
// pathSafe then catches what a permissive syntax (a DOI suffix) lets through.

// ValidateDocsSlug checks a docs page slug ("news/news1226"): segments of
// letters, digits, '.', '_' and '-', each starting with a letter or digit,
// at most MaxDocsSlugLen characters. It does not depend on where the docs
// site is (a default or a base the catalog declares): the slug is always a
// path below that base.
func ValidateDocsSlug(s string) error {
	if len(s) > MaxDocsSlugLen {
		return fmt.Errorf("docs slug %q is too long (max %d characters)", truncateID(s), MaxDocsSlugLen)
	}
	for _, seg := range strings.Split(s, "/") {
		if !docsSegRE.MatchString(seg) {
			return fmt.Errorf("malformed docs slug %q: want a page path without leading slash, query or fragment (e.g. news/news1226)", s)
		}
	}
	return pathSafe("docs slug", s)
}

// ValidateGitHubRepo checks a GitHub repository "owner/repo".
func ValidateGitHubRepo(full string) error {
	owner, repo, ok := strings.Cut(full, "/")
	if !ok || !githubOwnerRE.MatchString(owner) || !githubRepoRE.MatchString(repo) || repo == "." || repo == ".." {
		return fmt.Errorf("malformed GitHub repository %q: want owner/repo", full)
	}
	if strings.HasSuffix(strings.ToLower(repo), ".git") {
		return fmt.Errorf("malformed GitHub repository %q: drop the .git suffix", full)
	}
	return pathSafe("GitHub repository", full)
}

// ValidateHFID checks a Hugging Face model id "owner/name".
func ValidateHFID(s string) error {
	owner, name, ok := strings.Cut(s, "/")
	if !ok || !validHFPart(owner) || !validHFPart(name) {
		return fmt.Errorf("malformed Hugging Face id %q: want owner/name", s)
	}
	return pathSafe("Hugging Face id", s)
}

// ValidateArXivID checks an arXiv id (with or without a version) as it goes
// into an abs path or an id_list query.
func ValidateArXivID(s string) error {
	if _, err := ParseArXivID(s); err != nil {
		return err
	}
	return pathSafe("arXiv id", s)
}

func truncateID(s string) string {
	n := 0
	for i := range s {
		if n == 60 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// ValidateOrganisation checks an organisation name of platform (github or
// huggingface) as it goes into a URL (an author query, a repository path).
func ValidateOrganisation(platform, name string) error {
	if !validOwner(platform, name) {
		return fmt.Errorf("invalid %s organisation name %q", platform, name)
	}
	return nil
}
