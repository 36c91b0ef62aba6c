package arxiv

import (
	"strings"
	"testing"
)

// TestFullTextSkipsWhatThePaperDoesNotState: formula alt text, hidden text,
// related work, references, bibliography and acknowledgements give no
// paragraph text.
func TestFullTextSkipsWhatThePaperDoesNotState(t *testing.T) {
	t.Parallel()
	page := `<html><body><article class="ltx_document">
<section class="ltx_section"><h2 class="ltx_title"><span class="ltx_tag">2 </span>Method</h2>
<p class="ltx_p">The loss is <math alttext="\text{auxiliary-loss-free load balancing}"><mi>L</mi></math>.</p>
<p class="ltx_p">Visible text.<span style="display: none"> FP8 mixed precision training</span><span hidden> hidden attr</span><span aria-hidden="true"> aria words</span></p>
<section class="ltx_subsection"><h3 class="ltx_title"><span class="ltx_tag">2.1 </span>Kept</h3><p class="ltx_p">Kept paragraph.</p></section>
</section>
<section class="ltx_section"><h2 class="ltx_title"><span class="ltx_tag">6 </span>Related Works</h2><p class="ltx_p">Others use sliding windows.</p>
<section class="ltx_subsection"><h3 class="ltx_title">Sparse models</h3><p class="ltx_p">Nested under related work.</p></section></section>
<section class="ltx_section"><h2 class="ltx_title">References</h2><p class="ltx_p">Ref paragraph.</p></section>
<section class="ltx_bibliography"><h2 class="ltx_title">Bibliography</h2><ul><li class="ltx_bibitem"><p class="ltx_p">Bib paragraph.</p></li></ul></section>
<div class="ltx_acknowledgements"><p class="ltx_p">Thanks paragraph.</p></div>
<section class="ltx_section"><h2 class="ltx_title">Acknowledgments</h2><p class="ltx_p">Thanks again.</p></section>
</article></body></html>`
	res := Extract(fullTextRec("2401.00001", page))
	var got []string
	for _, o := range res.Observations {
		got = append(got, o.Value)
	}
	want := []string{"The loss is [formula].", "Visible text.", "Kept paragraph."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("paragraphs = %q, want %q", got, want)
	}
}
