package arxiv

import (
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

func fullTextRec(key, body string) record.Record {
	return record.Record{
		Resource: record.Resource{Source: record.SourceArXiv, Kind: record.KindArXivHTML, Key: key, URL: "https://arxiv.org/html/" + key},
		URL:      "https://arxiv.org/html/" + key, Status: 200, Body: []byte(body),
	}
}

const latexmlPage = `<!DOCTYPE html><html><body><article class="ltx_document">
<h1 class="ltx_title ltx_title_document">A Paper</h1>
<div class="ltx_abstract"><h6 class="ltx_title ltx_title_abstract">Abstract</h6><p class="ltx_p">We study sparse attention.</p></div>
<section class="ltx_section" id="S3"><h2 class="ltx_title ltx_title_section"><span class="ltx_tag ltx_tag_section">3 </span>Method</h2>
<div class="ltx_para"><p class="ltx_p">The section's own   paragraph.</p></div>
<section class="ltx_subsection" id="S3.SS2"><h3 class="ltx_title ltx_title_subsection"><span class="ltx_tag ltx_tag_subsection">3.2 </span>Multi-Token Prediction</h3>
<div class="ltx_para"><p class="ltx_p">We predict <math alttext="D=1" class="ltx_Math"><mi>D</mi><mo>=</mo><mn>1</mn></math> additional token.</p></div>
<figure class="ltx_figure"><figcaption class="ltx_caption">Figure 2: The MTP modules.</figcaption></figure>
</section></section>
<section class="ltx_appendix" id="A1"><h2 class="ltx_title ltx_title_appendix"><span class="ltx_tag ltx_tag_appendix">Appendix A </span>Hyper-parameters</h2>
<div class="ltx_para"><p class="ltx_p">Learning rates are listed here.</p></div></section>
<section class="ltx_section"><h2 class="ltx_title ltx_title_section">Acknowledgements</h2><p class="ltx_p">We thank the team.</p></section>
</article></body></html>`

func TestFullTextParagraphsAndSections(t *testing.T) {
	t.Parallel()
	res := Extract(fullTextRec("2412.19437v2", latexmlPage))
	if len(res.Health) != 0 {
		t.Errorf("health: %+v", res.Health)
	}
	type obs struct{ locator, value string }
	var got []obs
	for _, o := range res.Observations {
		if o.Subject != "arxiv:2412.19437" || o.Field != extract.FieldFullText {
			t.Errorf("observation %+v: want subject arxiv:2412.19437, field %s", o, extract.FieldFullText)
		}
		got = append(got, obs{o.Evidence.Locator, o.Value})
	}
	want := []obs{
		{"abstract", "We study sparse attention."},
		{"§3 Method", "The section's own paragraph."},
		{"§3.2 Multi-Token Prediction", "We predict [formula] additional token."},
		{"§3.2 Multi-Token Prediction", "Figure 2: The MTP modules."},
		{"Appendix A Hyper-parameters", "Learning rates are listed here."},
		// Acknowledgements are skipped (see TestFullTextSkipsWhatThePaperDoesNotState).
	}
	if len(got) != len(want) {
		t.Fatalf("got %d observations %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("observation %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestFullTextNotARendering(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"abs page":     "<html><body><h1 class=\"title\">x</h1><p>text</p></body></html>",
		"empty":        "",
		"no paragraph": `<article class="ltx_document"><h1>T</h1></article>`,
	} {
		res := Extract(fullTextRec("2401.00001", body))
		if len(res.Observations) != 0 || len(res.Health) != 1 {
			t.Errorf("%s: %d observations, health %+v; want none and one health item", name, len(res.Observations), res.Health)
		}
	}
}

func FuzzFullText(f *testing.F) {
	f.Add(latexmlPage)
	f.Add(`<article class="ltx_document"><section><section><p class="ltx_p">x</p></section></section></article>`)
	f.Add(`<article class="ltx_document"><p class="ltx_p"><math alttext="<&>">y</math></p></article>`)
	f.Fuzz(func(t *testing.T, body string) {
		res := Extract(fullTextRec("2401.00001", body))
		for _, o := range res.Observations {
			if o.Field != extract.FieldFullText || o.Value == "" || strings.TrimSpace(o.Evidence.Locator) == "" {
				t.Errorf("observation %+v", o)
			}
			if len(o.Evidence.Quote) > extract.MaxQuote+8 {
				t.Errorf("quote of %d bytes", len(o.Evidence.Quote))
			}
		}
	})
}
