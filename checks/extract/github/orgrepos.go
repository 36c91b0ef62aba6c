package github

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/extract/mdfacts"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// maxOrgRepos bounds the repositories read from one list page.
const maxOrgRepos = 100

type orgRepoJSON struct {
	Name        string  `json:"name"`
	FullName    string  `json:"full_name"`
	Description *string `json:"description"`
	Fork        bool    `json:"fork"`
	CreatedAt   string  `json:"created_at"`
	Owner       *struct {
		Login string `json:"login"`
	} `json:"owner"`
}

// orgRepos reads one page of an organisation's repository list (GET
// /orgs/{org}/repos): one org_repo observation per repository the
// organisation owns (Model = Value = owner/name, Date = created_at), and its
// description. Forks are skipped: they are other projects' work. Every
// observation is about the listing (github-org:ORG).
func orgRepos(rec record.Record) extract.Result {
	org := orgKey(rec)
	subject := extract.PrefixGitHubOrg + org
	var res extract.Result
	var items []orgRepoJSON
	if h := decode(rec, subject, &items); h != nil {
		res.Health = append(res.Health, *h)
		return res
	}
	if len(items) == 0 {
		res.Health = append(res.Health, extract.NewHealth(rec, subject, extract.FieldOrgRepo, "repository list is empty"))
	}
	if len(items) > maxOrgRepos {
		res.Health = append(res.Health, extract.NewHealth(rec, subject, extract.FieldOrgRepo, fmt.Sprintf("repository list has %d items; only the first %d were read", len(items), maxOrgRepos)))
		items = items[:maxOrgRepos]
	}
	for i, it := range items {
		if it.Fork {
			continue
		}
		full := extract.NormalizeSpace(it.FullName)
		if full == "" && it.Name != "" {
			full = org + "/" + extract.NormalizeSpace(it.Name)
		}
		owner, name, ok := strings.Cut(full, "/")
		if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
			res.Health = append(res.Health, extract.NewHealth(rec, subject, extract.FieldOrgRepo, fmt.Sprintf("list item %d has no owner/name", i)))
			continue
		}
		if !strings.EqualFold(owner, org) || (it.Owner != nil && !strings.EqualFold(it.Owner.Login, org)) {
			continue // not the organisation's own repository
		}
		add := func(field, value, locator, quote string, d bool) {
			o := extract.Observation{Subject: subject, Model: full, Field: field, Value: value,
				Evidence: rec.Evidence(locator, extract.TruncateQuote(quote))}
			if d {
				o.Date = mdfacts.DateOf(it.CreatedAt)
			}
			res.Observations = append(res.Observations, o)
		}
		quote := mdfacts.JSONQuote("full_name", full)
		if mdfacts.DateOf(it.CreatedAt) != nil {
			quote += ", " + mdfacts.JSONQuote("created_at", it.CreatedAt)
		} else {
			res.Health = append(res.Health, extract.NewHealth(rec, subject, extract.FieldOrgRepo, fmt.Sprintf("list item %d (%s) has no created_at date", i, full)))
		}
		add(extract.FieldOrgRepo, full, fmt.Sprintf("$[%d].full_name", i), quote, true)
		if it.Description != nil {
			if d := extract.NormalizeSpace(*it.Description); d != "" {
				add(extract.FieldDescription, d, fmt.Sprintf("$[%d].description", i), d, false)
			}
		}
	}
	return res
}

// orgKey is the organisation as requested: the resource key, else the URL path.
func orgKey(rec record.Record) string {
	if k := strings.TrimSpace(rec.Resource.Key); k != "" {
		return k
	}
	if u, err := url.Parse(rec.URL); err == nil {
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		if len(parts) >= 2 && parts[0] == "orgs" {
			return parts[1]
		}
	}
	return ""
}
