package hf

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// fieldsOf lists a result as "field=value@locator" lines and "health:field"
// lines, in order.
func fieldsOf(res extract.Result) []string {
	var out []string
	for _, o := range res.Observations {
		out = append(out, o.Field+"="+o.Value+"@"+o.Evidence.Locator)
	}
	for _, h := range res.Health {
		out = append(out, "health:"+h.Field)
	}
	return out
}

// TestModelStepsInOrder: the model JSON is read identity, dates, tags, card
// data, settings, size — a base model named in the tags and again in the
// card data is reported once, and a licence in the card data alone counts.
func TestModelStepsInOrder(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"full", `{"id":"acme/M2","author":"acme","createdAt":"2025-01-02T00:00:00.000Z","lastModified":"2025-02-03T00:00:00.000Z",
			"tags":["base_model:finetune:acme/Base","preview","text-generation"],
			"cardData":{"license":"mit","base_model":["acme/base","acme/Other"]},
			"gated":false,"pipeline_tag":"text-generation","library_name":"transformers","safetensors":{"total":7000000000}}`,
			[]string{
				"exists=true@$.id", "renamed_to=acme/M2@$.id", "owner=acme@$.author",
				"created=2025-01-02T00:00:00.000Z@$.createdAt", "updated=2025-02-03T00:00:00.000Z@$.lastModified",
				"base_model=acme/Base@$.tags[0]", "release_status=preview@$.tags[1]",
				"license=mit@$.cardData.license", "base_model=acme/Other@$.cardData.base_model",
				"gated=false@$.gated", "pipeline_tag=text-generation@$.pipeline_tag", "library_name=transformers@$.library_name",
				"safetensors_total=7000000000@$.safetensors.total",
			}},
		{"bare", `{"id":"acme/m"}`,
			[]string{
				"exists=true@$.id",
				"health:created", "health:updated", "health:license", "health:safetensors_total",
			}},
	} {
		rec := mkRecord(record.KindHFModel, "acme/m", "https://huggingface.co/api/models/acme/m", 200, []byte(tc.body))
		got := fieldsOf(Extract(rec))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestUnknownKindNamesTheExtractor: a record of a kind hf does not read is
// one health item naming the extractor and the kind.
func TestUnknownKindNamesTheExtractor(t *testing.T) {
	t.Parallel()
	res := Extract(mkRecord(record.KindDocsPage, "acme/m", "https://huggingface.co/acme/m", 200, nil))
	if len(res.Observations) != 0 || len(res.Health) != 1 || !strings.Contains(res.Health[0].Problem, `hf extractor cannot read kind "docs-page"`) || res.Health[0].Subject != extract.PrefixHF+"acme/m" {
		t.Fatalf("got %+v", res)
	}
}
