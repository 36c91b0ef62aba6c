package checks

import (
	"fmt"

	"github.com/claimcheck/claimcheck/catalog"
)

// Check is one check: an id (stable, used in reports and baselines), a
// one-sentence doc, the catalog fields it judges, whether it reads the whole
// catalog at once, and its run function.
type Check struct {
	ID  string
	Doc string
	// Fields are the claim fields the check judges: it gives every claim in
	// scope whose field is one of them exactly one finding (claimCheck builds
	// such a check from a single list). Every field of the vocabulary is
	// judged by exactly one check; source, checklist and coverage checks
	// judge none. A claim whose field no check of the run declares gets an
	// unverified finding from the judge (unhandled).
	Fields []string
	// Wide marks a check that reads the whole catalog at once (reverse
	// coverage): it runs once per run, before the entries are judged. The
	// others (claim, source and checklist checks) run once per entry, with
	// only that entry in scope.
	Wide bool
	Run  func(*Context) []Finding
}

// claimJudge judges one claim.
type claimJudge func(*Context, *catalog.Entry, *catalog.Claim) Finding

// claimCheck is the check id that judges each claim in scope whose field is
// one of fields with judge: the fields are declared once, for both the
// check's Fields and its run.
func claimCheck(id, doc string, judge claimJudge, fields ...string) Check {
	return Check{ID: id, Doc: doc, Fields: fields, Run: func(ctx *Context) []Finding {
		return ctx.eachClaim(id, fields, judge)
	}}
}

// valueCheck is the claim check spec.check: judgeValue with spec over the
// claims of the given fields.
func valueCheck(spec valueSpec, doc string, fields ...string) Check {
	return claimCheck(spec.check, doc, func(ctx *Context, e *catalog.Entry, c *catalog.Claim) Finding {
		return ctx.judgeValue(e, c, spec.forField(c.Field))
	}, fields...)
}

// List is every check, in report order.
var List = []Check{
	valueCheck(countSpec, "Counts (parameters, active parameters, model sizes, training tokens, languages) agree with the model card or README within the stated precision.",
		catalog.FieldParamsTotal, catalog.FieldParamsActive, catalog.FieldModelSizes, catalog.FieldTrainingTokens, catalog.FieldLanguages),
	valueCheck(contextSpec, "Context lengths agree with the card, README or API docs, K and M read as binary or decimal.", catalog.FieldContextLength),
	valueCheck(dateSpec, "Dates (year, first publication, release, founding) agree at the claim's precision with the ranked official dates.",
		catalog.FieldYear, catalog.FieldPublished, catalog.FieldReleased, catalog.FieldFounded),
	valueCheck(venueSpec, "The publication venue agrees with Crossref, the venue page or the arXiv journal-ref, in canonical form.", catalog.FieldVenue),
	valueCheck(licenseSpec, "The licence agrees with the model card (then the GitHub repository), compared as SPDX ids or normalised names.", catalog.FieldLicense),
	valueCheck(titleSpec, "The title agrees with arXiv (then Crossref, the venue page or another official page).", catalog.FieldTitle),
	valueCheck(baseSpec, "The base model agrees with the model card's base_model or the README.", catalog.FieldBaseModel),
	claimCheck("claim.release-note", "A release note with the claimed title exists on the API docs.", (*Context).judgeReleaseNote, catalog.FieldReleaseNote),
	claimCheck("claim.arxiv-id", "The arXiv id exists (and a cited version is the latest).", (*Context).judgeArXivID, catalog.FieldArXivID),
	claimCheck("claim.hf-id", "The Hugging Face model exists under an official organisation.", (*Context).judgeHFID, catalog.FieldHFID),
	claimCheck("claim.api-model", "The API docs list the model name as supported (legacy or retired names are outdated).", (*Context).judgeAPIModel, catalog.FieldAPIModel),
	claimCheck("claim.model-name", "An official source names the model (or the distilled checkpoint's family).", (*Context).judgeName, catalog.FieldModelName, catalog.FieldDistilled),
	claimCheck("claim.phrase", "An official text of the entry states the phrase.", (*Context).judgePhrase, catalog.FieldPhrase),
	claimCheck("claim.status", "The release status agrees with official sources; a preview that went GA is outdated.", (*Context).judgeStatus, catalog.FieldReleaseStatus),
	claimCheck("claim.deadline", "A scheduled date agrees with the API docs while ahead, and is expired once passed at --now.", (*Context).judgeDeadline, catalog.FieldRetirement),
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
	{ID: "coverage.org-models", Doc: "Reverse coverage: models an official organisation created after as_of that no entry references.", Wide: true, Run: checkOrgModels},
	{ID: "coverage.release-notes", Doc: "Reverse coverage: release notes dated after as_of that no entry references.", Wide: true, Run: checkReleaseNotes},
	{ID: "coverage.discovery", Doc: "Discovery: papers (arXiv search) and repositories (GitHub organisation list) dated after as_of that no entry cites.", Wide: true, Run: checkDiscovery},
	{ID: "coverage.omitted-families", Doc: "Discovery: official families dated before as_of that no entry covers and the omit list does not name (info).", Wide: true, Run: checkOmittedFamilies},
	{ID: "coverage.api-models", Doc: "Reverse coverage: API model names the docs list that no claim names.", Wide: true, Run: checkAPIModels},
}

// judgedFields is the set of fields the checks declare (Check.Fields).
func judgedFields(list []Check) map[string]bool {
	out := map[string]bool{}
	for _, c := range list {
		for _, f := range c.Fields {
			out[f] = true
		}
	}
	return out
}

// unhandled gives every claim in scope that found (the findings the checks
// returned for the scope) does not name an unverified finding, so every
// claim gets a verdict: a field no check of the run judges (outside the
// vocabulary, or a check the run leaves out), or a check that declares the
// field and returned nothing for the claim (a defect the report then shows).
func (ctx *Context) unhandled(found []Finding) []Finding {
	named := make(map[[2]string]bool, len(found))
	for _, f := range found {
		named[[2]string{f.Entry, f.Claim}] = true
	}
	var out []Finding
	ctx.eachClaimWhere(func(*catalog.Claim) bool { return true }, func(e *catalog.Entry, c *catalog.Claim) {
		if named[[2]string{e.ID, c.ID}] {
			return
		}
		f := claimFinding(e, c, "judge", Unverified)
		f.Message = fmt.Sprintf("no check judges the field %q", c.Field)
		if ctx.judged[c.Field] {
			f.Message = fmt.Sprintf("the check of the field %q gave no finding for this claim", c.Field)
		}
		out = append(out, f)
	})
	return out
}
