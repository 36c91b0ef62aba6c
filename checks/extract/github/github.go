// Package github extracts observations from GitHub REST API records: the
// repository JSON (GET /repos/{o}/{r}), the raw README (GET /repos/{o}/{r}/readme
// with Accept: application/vnd.github.raw+json) and the releases list.
//
// Extract is pure: no network, no clock, no globals; input is bounded.
package github

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/checks/extract/mdfacts"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// MaxJSON is the largest JSON body decoded; larger bodies are reported as health.
const MaxJSON = 8 << 20

// Extract reads one GitHub record.
func Extract(rec record.Record) extract.Result {
	if rec.Resource.Kind == record.KindGitHubOrgRepos {
		return orgRepos(rec) // orgrepos.go
	}
	subject := extract.PrefixGitHub + repoKey(rec)
	switch rec.Resource.Kind {
	case record.KindGitHubRepo:
		return repo(rec, subject)
	case record.KindGitHubReadme:
		return readme(rec, subject)
	case record.KindGitHubReleases:
		return releases(rec, subject)
	}
	return extract.UnknownKind(rec, "github", subject)
}

// repoKey is "owner/repo" as requested: the resource key, else the URL path.
func repoKey(rec record.Record) string {
	return extract.ResourceKey(rec, func(parts []string) string {
		if len(parts) >= 3 && parts[0] == "repos" {
			return parts[1] + "/" + parts[2]
		}
		return ""
	})
}

type repoJSON struct {
	FullName *string `json:"full_name"`
	Owner    *struct {
		Login string `json:"login"`
	} `json:"owner"`
	Description *string `json:"description"`
	Archived    *bool   `json:"archived"`
	License     *struct {
		Key    string `json:"key"`
		Name   string `json:"name"`
		SPDXID string `json:"spdx_id"`
	} `json:"license"`
	CreatedAt *string `json:"created_at"`
	PushedAt  *string `json:"pushed_at"`
	Message   string  `json:"message"`
}

func decode(rec record.Record, subject string, v any) *extract.Health {
	if len(rec.Body) > MaxJSON {
		h := extract.NewHealth(rec, subject, "", fmt.Sprintf("JSON body of %d bytes exceeds the %d-byte limit", len(rec.Body), MaxJSON))
		return &h
	}
	if err := json.Unmarshal(rec.Body, v); err != nil {
		h := extract.NewHealth(rec, subject, "", fmt.Sprintf("body is not the expected JSON: %v", err))
		return &h
	}
	return nil
}

// repo reads the repository JSON: the repository's identity (a rename, its
// owner, whether it is archived), licence, dates and description.
func repo(rec record.Record, subject string) extract.Result {
	b := &extract.Builder{Rec: rec, Subject: subject}
	var j repoJSON
	if h := decode(rec, subject, &j); h != nil {
		b.Result.Health = append(b.Result.Health, *h)
		return b.Result
	}
	if j.FullName == nil || *j.FullName == "" {
		p := "repository JSON has no full_name"
		if j.Message != "" {
			p += fmt.Sprintf(" (message %q)", j.Message)
		}
		b.Health(extract.FieldExists, p)
		return b.Result
	}
	repoIdentity(b, &j)
	repoLicense(b, &j)
	repoDates(b, &j)
	if j.Description != nil && strings.TrimSpace(*j.Description) != "" {
		b.AddStructured("", extract.FieldText, *j.Description, "$.description", mdfacts.JSONQuote("description", mdfacts.Cut(*j.Description, 250)), nil, nil)
	}
	return b.Result
}

// repoIdentity records that the repository exists, the name it now has when
// that is not the one requested (a rename), its owner and its archived flag.
func repoIdentity(b *extract.Builder, j *repoJSON) {
	full := *j.FullName
	b.AddStructured("", extract.FieldExists, "true", "$.full_name", mdfacts.JSONQuote("full_name", full), nil, nil)
	if requested := repoKey(b.Rec); requested != "" && !strings.EqualFold(requested, full) {
		b.AddStructured("", extract.FieldRenamedTo, full, "$.full_name", mdfacts.JSONQuote("full_name", full), nil, nil)
	}
	if j.Owner != nil && j.Owner.Login != "" {
		b.AddStructured("", extract.FieldOwner, j.Owner.Login, "$.owner.login", mdfacts.JSONQuote("login", j.Owner.Login), nil, nil)
	} else {
		b.Health(extract.FieldOwner, "repository JSON has no owner.login")
	}
	if j.Archived != nil {
		b.AddStructured("", extract.FieldArchived, strconv.FormatBool(*j.Archived), "$.archived", mdfacts.JSONQuote("archived", *j.Archived), nil, nil)
	} else {
		b.Health(extract.FieldArchived, "repository JSON has no archived flag")
	}
}

// repoLicense records the licence GitHub recognises (its SPDX id); one it
// does not recognise is recorded by name with a health item pointing to the
// README.
func repoLicense(b *extract.Builder, j *repoJSON) {
	switch {
	case j.License == nil:
		b.Health(catalog.FieldLicense, "repository JSON states no licence (license is null)")
	case j.License.SPDXID != "" && j.License.SPDXID != "NOASSERTION":
		b.AddStructured("", catalog.FieldLicense, j.License.SPDXID, "$.license.spdx_id", mdfacts.JSONQuote("license", j.License), nil, nil)
	default:
		v := j.License.Name
		if v == "" {
			v = j.License.Key
		}
		if v != "" {
			b.AddStructured("", catalog.FieldLicense, v, "$.license.name", mdfacts.JSONQuote("license", j.License), nil, nil)
		}
		b.Health(catalog.FieldLicense,
			fmt.Sprintf("GitHub does not recognise the licence (spdx_id %q, key %q): read the README's licence section", j.License.SPDXID, j.License.Key))
	}
}

// repoDates records pushed_at (the latest update) and created_at, or says
// they are missing.
func repoDates(b *extract.Builder, j *repoJSON) {
	if j.PushedAt != nil && mdfacts.DateOf(*j.PushedAt) != nil {
		b.AddStructured("", extract.FieldUpdated, *j.PushedAt, "$.pushed_at", mdfacts.JSONQuote("pushed_at", *j.PushedAt), nil, mdfacts.DateOf(*j.PushedAt))
	} else {
		b.Health(extract.FieldUpdated, "repository JSON has no usable pushed_at")
	}
	if j.CreatedAt != nil && mdfacts.DateOf(*j.CreatedAt) != nil {
		b.AddStructured("", extract.FieldCreated, *j.CreatedAt, "$.created_at", mdfacts.JSONQuote("created_at", *j.CreatedAt), nil, mdfacts.DateOf(*j.CreatedAt))
	} else {
		b.Health(extract.FieldCreated, "repository JSON has no usable created_at")
	}
}

// readmeBody returns the markdown of a README record: the raw body, or the
// base64 content of the JSON form (when the raw media type was not honoured).
func readmeBody(body []byte) string {
	t := bytes.TrimSpace(body)
	if len(t) > 0 && t[0] == '{' && len(t) <= MaxJSON {
		var j struct {
			Content  string `json:"content"`
			Encoding string `json:"encoding"`
		}
		if json.Unmarshal(t, &j) == nil && j.Encoding == "base64" {
			if b, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(j.Content, "\n", "")); err == nil {
				return string(b)
			}
		}
	}
	return string(body)
}

func readme(rec record.Record, subject string) extract.Result {
	b := &extract.Builder{Rec: rec, Subject: subject}
	name := repoKey(rec)
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	scan := mdfacts.Scan(readmeBody(rec.Body), mdfacts.Options{Name: name})
	b.Result.Observations = mdfacts.Observations(rec, subject, scan.Facts)
	if scan.Truncated {
		b.Health("", fmt.Sprintf("README longer than %d bytes; the rest was not read", mdfacts.MaxInput))
	}
	for _, f := range scan.Missing {
		b.Health(f, fmt.Sprintf("README states no %s (no model table column or sentence found)", f))
	}
	return b.Result
}

type releaseJSON struct {
	TagName     string `json:"tag_name"`
	Name        string `json:"name"`
	PublishedAt string `json:"published_at"`
	Draft       bool   `json:"draft"`
	Prerelease  bool   `json:"prerelease"`
}

// releases reads GET /repos/{o}/{r}/releases: one released observation per
// published release, Model = tag name, Value = release name (or the tag).
func releases(rec record.Record, subject string) extract.Result {
	b := &extract.Builder{Rec: rec, Subject: subject}
	var list []releaseJSON
	if h := decode(rec, subject, &list); h != nil {
		b.Result.Health = append(b.Result.Health, *h)
		return b.Result
	}
	n := 0
	for i, r := range list {
		if r.Draft || r.TagName == "" {
			continue
		}
		d := mdfacts.DateOf(r.PublishedAt)
		if d == nil {
			b.Health(catalog.FieldReleased, fmt.Sprintf("release %q has no usable published_at", r.TagName))
			continue
		}
		v := r.Name
		if strings.TrimSpace(v) == "" {
			v = r.TagName
		}
		loc := fmt.Sprintf("$[%d].published_at", i)
		// The tag names the release (never ""): the values are bound to it.
		b.AddStructured(r.TagName, catalog.FieldReleased, v, loc, mdfacts.JSONQuote("published_at", r.PublishedAt)+" ("+mdfacts.Cut(r.TagName, 80)+")", nil, d)
		if r.Prerelease {
			b.AddStructured(r.TagName, catalog.FieldReleaseStatus, "preview", fmt.Sprintf("$[%d].prerelease", i), mdfacts.JSONQuote("prerelease", true), nil, nil)
		}
		n++
	}
	if n == 0 {
		b.Health(catalog.FieldReleased, "repository lists no published releases")
	}
	return b.Result
}
