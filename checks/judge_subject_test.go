package checks

import (
	"testing"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

func bound(o extract.Observation, b extract.Binding) extract.Observation { o.Binding = b; return o }

// TestBindingDecidesWhoMayContradict: only a value bound to the claim's own
// subject contradicts it (docs/judging.md §1, "Whose value").
func TestBindingDecidesWhoMayContradict(t *testing.T) {
	t.Parallel()
	card := "hf:org/Foo-2-7B"
	for _, tc := range []struct {
		name  string
		claim catalog.Claim
		obs   []extract.Observation
		want  Verdict
	}{
		{"page value contradicts", claim("c", "count", catalog.FieldParamsTotal, "14B"),
			[]extract.Observation{bound(ob(card, "", catalog.FieldParamsTotal, "7.6B"), extract.BoundPage)}, Contradicted},
		{"unknown value that agrees verifies", claim("c", "count", catalog.FieldParamsTotal, "7.6B"),
			[]extract.Observation{bound(ob(card, "", catalog.FieldParamsTotal, "7.6B"), extract.BoundUnknown)}, Verified},
		{"unknown value that differs counts for nothing", claim("c", "count", catalog.FieldParamsTotal, "14B"),
			[]extract.Observation{bound(ob(card, "", catalog.FieldParamsTotal, "7.6B"), extract.BoundUnknown)}, Unverified},
		{"unknown value does not outvote the page's own", claim("c", "count", catalog.FieldParamsTotal, "72B"),
			[]extract.Observation{bound(ob(card, "", catalog.FieldParamsTotal, "72B"), extract.BoundUnknown),
				bound(ob(card, "", catalog.FieldParamsTotal, "7.6B"), extract.BoundPage)}, Contradicted},
		{"unknown value verifies when the bound one ranks lower", claim("c", "count", catalog.FieldParamsTotal, "72B"),
			[]extract.Observation{bound(ob(card, "", catalog.FieldParamsTotal, "72B"), extract.BoundUnknown),
				bound(ob("arxiv:2401.00001", "", catalog.FieldParamsTotal, "7.6B"), extract.BoundPage)}, Verified},
		{"series value is nothing for one model's count", claim("c", "count", catalog.FieldParamsTotal, "7.6B"),
			[]extract.Observation{bound(ob(card, "", catalog.FieldParamsTotal, "72B"), extract.BoundSeries)}, Unverified},
		{"series range verifies a range claim", claim("c", "count", catalog.FieldParamsTotal, "0.5B–72B"),
			[]extract.Observation{bound(ob(card, "", catalog.FieldParamsTotal, "0.5B–72B"), extract.BoundSeries)}, Verified},
		{"series range never contradicts a range claim", claim("c", "count", catalog.FieldParamsTotal, "1B–70B"),
			[]extract.Observation{bound(ob(card, "", catalog.FieldParamsTotal, "0.5B–72B"), extract.BoundSeries)}, Unverified},
		{"series sizes never contradict a family's model_sizes", claim("c", "count", catalog.FieldModelSizes, "1B–70B"),
			[]extract.Observation{bound(ob(card, "", catalog.FieldModelSizes, "0.5B–72B"), extract.BoundSeries)}, Unverified},
		{"series sizes verify a family's model_sizes", claim("c", "count", catalog.FieldModelSizes, "0.5B–72B"),
			[]extract.Observation{bound(ob(card, "", catalog.FieldModelSizes, "0.5B–72B"), extract.BoundSeries)}, Verified},
		{"a quantised variant's row never speaks for the model", claim("c", "context", catalog.FieldContextLength, "32K"),
			[]extract.Observation{bound(ob(card, "Foo-2-7B", catalog.FieldContextLength, "8K"), extract.BoundVariant)}, Unverified},
		{"a quantised artefact's own claim reads its row", withSubject(claim("c", "context", catalog.FieldContextLength, "32K"), "org/Foo-2-7B-AWQ"),
			[]extract.Observation{bound(ob(card, "Foo-2-7B-AWQ", catalog.FieldContextLength, "8K"), extract.BoundVariant)}, Contradicted},
		{"a named sibling is out of scope", claim("c", "count", catalog.FieldParamsTotal, "3B"),
			[]extract.Observation{bound(ob(card, "Foo-2-Mini", catalog.FieldParamsTotal, "3B"), extract.BoundNamed),
				bound(ob(card, "Foo-2-7B", catalog.FieldParamsTotal, "7.6B"), extract.BoundNamed)}, Contradicted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := catalog.Entry{ID: "m", Kind: catalog.KindModel, Name: "Foo-2-7B",
				Sources: catalog.Sources{HuggingFace: []catalog.HFRef{{ID: "org/Foo-2-7B"}}, ArXiv: []catalog.ArXivRef{{ID: "2401.00001"}}}, Claims: []catalog.Claim{tc.claim}}
			fs := judge(t, Input{Catalog: cat(t, e),
				Records:      []record.Record{rec(record.KindHFModel, record.SourceHF, "org/Foo-2-7B"), rec(record.KindHFReadme, record.SourceHF, "org/Foo-2-7B")},
				Observations: tc.obs})
			f := want(t, fs, "m/c", tc.want)
			if tc.want == Verified && f.Disagreement && tc.name != "unknown value verifies when the bound one ranks lower" {
				t.Errorf("verified with a disagreement: %s", f.Message)
			}
		})
	}
}

// TestOrganisationAccountsPerPlatform: one organisation named differently on
// GitHub ("org-gh") and Hugging Face ("org"): its names are one owner's.
func TestOrganisationAccountsPerPlatform(t *testing.T) {
	t.Parallel()
	e := catalog.Entry{ID: "m", Kind: catalog.KindModel, Name: "Foo-2",
		Sources: catalog.Sources{GitHub: []catalog.RepoRef{{Owner: "org-gh", Repo: "Foo-2"}}},
		Claims:  []catalog.Claim{claim("name", "name", catalog.FieldModelName, "org/Foo-2")}}
	c := cat(t, e)
	c.Organisations = []catalog.Organisation{{Platform: "github", Name: "org-gh"}, {Platform: "huggingface", Name: "org"}}
	c.AsOf = *date(t, "2025-06-01")
	newer := withDate(t, ob("hf-org:org", "org/Foo-2-Pro", extract.FieldOrgModel, "org/Foo-2-Pro"), "2025-09-01")
	fs := judge(t, Input{Catalog: c,
		Records:      []record.Record{rec(record.KindGitHubRepo, record.SourceGitHub, "org-gh/Foo-2"), rec(record.KindHFAuthorModels, record.SourceHF, "org")},
		Observations: []extract.Observation{ob("github:org-gh/Foo-2", "", extract.FieldExists, "true"), newer}})
	want(t, fs, "m/name", Verified)
	want(t, fs, "m/newer-model:org/Foo-2-Pro", Outdated)
	if _, missing := fs["/missing:org-model:org/Foo-2-Pro"]; missing {
		t.Error("the organisation's own newer model is reported as missing")
	}
}
