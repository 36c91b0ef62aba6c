package record

// Kinds of the discovery round: listings of an organisation's official items
// that the catalog does not cite.
const (
	// KindArXivSearch is an Atom API search_query answer, newest first; Key
	// is the search term.
	KindArXivSearch Kind = "arxiv-search"
	// KindGitHubOrgRepos is GET /orgs/{org}/repos, newest first, one page;
	// Key is the organisation.
	KindGitHubOrgRepos Kind = "github-org-repos"
)
