package checks

import (
	"fmt"

	"github.com/claimcheck/claimcheck/catalog"
)

// Check is one check: an id (stable, used in reports and baselines), a
// one-sentence doc, the catalog fields it judges (every field of the
// vocabulary is judged by exactly one check; source, checklist and coverage
// checks judge none) and its run function.
type Check struct {
	ID     string
	Doc    string
	Fields []string
	Run    func(*Context) []Finding
}

func claimCheck(fn func(*Context, *catalog.Entry, *catalog.Claim) Finding, fields ...string) func(*Context) []Finding {
	return func(ctx *Context) []Finding {
		return ctx.eachClaim(fields, func(e *catalog.Entry, c *catalog.Claim) Finding { return fn(ctx, e, c) })
	}
}

// List is every check, in report order.
var List = []Check{
	{ID: "claim.count", Doc: "Counts (parameters, active parameters, model sizes, training tokens, languages) agree with the model card or README within the stated precision.",
		Fields: []string{catalog.FieldParamsTotal, catalog.FieldParamsActive, catalog.FieldModelSizes, catalog.FieldTrainingTokens, catalog.FieldLanguages},
		Run:    runValue(countSpec, catalog.FieldParamsTotal, catalog.FieldParamsActive, catalog.FieldModelSizes, catalog.FieldTrainingTokens, catalog.FieldLanguages)},
	{ID: "claim.context", Doc: "Context lengths agree with the card, README or API docs, K and M read as binary or decimal.",
		Fields: []string{catalog.FieldContextLength}, Run: runValue(contextSpec, catalog.FieldContextLength)},
	{ID: "claim.date", Doc: "Dates (year, first publication, release, founding) agree at the claim's precision with the ranked official dates.",
		Fields: []string{catalog.FieldYear, catalog.FieldPublished, catalog.FieldReleased, catalog.FieldFounded},
		Run:    runValue(dateSpec, catalog.FieldYear, catalog.FieldPublished, catalog.FieldReleased, catalog.FieldFounded)},
	{ID: "claim.venue", Doc: "The publication venue agrees with Crossref, the venue page or the arXiv journal-ref, in canonical form.",
		Fields: []string{catalog.FieldVenue}, Run: runValue(venueSpec, catalog.FieldVenue)},
	{ID: "claim.license", Doc: "The licence agrees with the model card (then the GitHub repository), compared as SPDX ids or normalised names.",
		Fields: []string{catalog.FieldLicense}, Run: runValue(licenseSpec, catalog.FieldLicense)},
	{ID: "claim.title", Doc: "The title agrees with arXiv (then Crossref, the venue page or another official page).",
		Fields: []string{catalog.FieldTitle}, Run: runValue(titleSpec, catalog.FieldTitle)},
	{ID: "claim.base-model", Doc: "The base model agrees with the model card's base_model or the README.",
		Fields: []string{catalog.FieldBaseModel}, Run: runValue(baseSpec, catalog.FieldBaseModel)},
	{ID: "claim.release-note", Doc: "A release note with the claimed title exists on the API docs.",
		Fields: []string{catalog.FieldReleaseNote}, Run: claimCheck((*Context).judgeReleaseNote, catalog.FieldReleaseNote)},
	{ID: "claim.arxiv-id", Doc: "The arXiv id exists (and a cited version is the latest).",
		Fields: []string{catalog.FieldArXivID}, Run: claimCheck((*Context).judgeArXivID, catalog.FieldArXivID)},
	{ID: "claim.hf-id", Doc: "The Hugging Face model exists under an official organisation.",
		Fields: []string{catalog.FieldHFID}, Run: claimCheck((*Context).judgeHFID, catalog.FieldHFID)},
	{ID: "claim.api-model", Doc: "The API docs list the model name as supported (legacy or retired names are outdated).",
		Fields: []string{catalog.FieldAPIModel}, Run: claimCheck((*Context).judgeAPIModel, catalog.FieldAPIModel)},
	{ID: "claim.model-name", Doc: "An official source names the model (or the distilled checkpoint's family).",
		Fields: []string{catalog.FieldModelName, catalog.FieldDistilled}, Run: claimCheck((*Context).judgeName, catalog.FieldModelName, catalog.FieldDistilled)},
	{ID: "claim.phrase", Doc: "An official text of the entry states the phrase.",
		Fields: []string{catalog.FieldPhrase}, Run: claimCheck((*Context).judgePhrase, catalog.FieldPhrase)},
	{ID: "claim.status", Doc: "The release status agrees with official sources; a preview that went GA is outdated.",
		Fields: []string{catalog.FieldReleaseStatus}, Run: claimCheck((*Context).judgeStatus, catalog.FieldReleaseStatus)},
	{ID: "claim.deadline", Doc: "A scheduled date agrees with the API docs while ahead, and is expired once passed at --now.",
		Fields: []string{catalog.FieldRetirement}, Run: claimCheck((*Context).judgeDeadline, catalog.FieldRetirement)},
	{ID: "sources.arxiv-version", Doc: "Every cited arXiv paper's latest version and its date: a pinned version must be the latest; an unpinned paper revised after as_of is outdated.", Run: checkArXivVersions},
	{ID: "sources.arxiv-venue", Doc: "A cited paper that arXiv says was published (journal-ref or DOI) while the entry gives no venue is missing that venue.", Run: checkArXivVenue},
	{ID: "checklist.official-org", Doc: "Checklist: the GitHub and Hugging Face sources exist under the official organisations.", Run: checkOfficialOrg},
	{ID: "checklist.paper-exists", Doc: "Checklist: an arXiv paper or official technical report exists.", Run: checkPaperExists},
	{ID: "checklist.release-note", Doc: "Checklist: a release note on the official API docs covers the model.", Run: checkReleaseNote},
	{ID: "checklist.license-stated", Doc: "Checklist: the model card states its licence.", Run: checkLicenseStated},
	{ID: "checklist.release-status", Doc: "Checklist: an official source says whether it is a full release, preview, experiment or distilled model.", Run: checkReleaseStatus},
	{ID: "checklist.card-context", Doc: "Checklist: the model card or README states a context length.", Run: checkCardContext},
	{ID: "checklist.card-chat-template", Doc: "Checklist: the model card states a chat template.", Run: checkCardChatTemplate},
	{ID: "checklist.card-deployment", Doc: "Checklist: the model card or README gives deployment instructions.", Run: checkCardDeployment},
	{ID: "coverage.org-models", Doc: "Reverse coverage: models an official organisation created after as_of that no entry references.", Run: checkOrgModels},
	{ID: "coverage.release-notes", Doc: "Reverse coverage: release notes dated after as_of that no entry references.", Run: checkReleaseNotes},
	{ID: "coverage.discovery", Doc: "Discovery: papers (arXiv search) and repositories (GitHub organisation list) dated after as_of that no entry cites.", Run: checkDiscovery},
	{ID: "coverage.omitted-families", Doc: "Discovery: official families dated before as_of that no entry covers and the omit list does not name (info).", Run: checkOmittedFamilies},
	{ID: "coverage.api-models", Doc: "Reverse coverage: API model names the docs list that no claim names.", Run: checkAPIModels},
}

// unhandled gives every claim no check judged (a field outside the
// vocabulary) an unverified finding, so every claim gets a verdict.
func (ctx *Context) unhandled() []Finding {
	var out []Finding
	es := ctx.entries()
	for i := range es {
		e := &es[i]
		for j := range e.Claims {
			c := &e.Claims[j]
			if ctx.handled[e.ID+"/"+c.ID] {
				continue
			}
			f := claimFinding(e, c, "judge", Unverified)
			f.Message = fmt.Sprintf("no check judges the field %q", c.Field)
			out = append(out, f)
		}
	}
	return out
}
