package extract

// Discovery listings: an organisation's official items, found without the
// catalog citing them. Their observations are kept under the listing's own
// subject (never under arxiv:ID or github:owner/repo), so that what a
// listing says never mixes with what a cited source says.
//
//	arxiv-search:au:org-ai     one arXiv search term's results
//	github-org:deepseek-ai     an organisation's repository list
const (
	PrefixArXivSearch = "arxiv-search:"
	PrefixGitHubOrg   = "github-org:"
)

// Fields of the discovery listings. Model names the item (an arXiv id
// without version; a repository's owner/name).
const (
	// FieldSearchResult: an arXiv search result; Value = its title, Date =
	// its first version's date (published).
	FieldSearchResult = "search_result"
	// FieldOrgRepo: a repository in an organisation's list; Value =
	// owner/name, Date = created_at.
	FieldOrgRepo = "org_repo"
	// FieldDescription: a listed item's description (a repository's).
	FieldDescription = "description"
)
