package venue

import (
	"fmt"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/testkit/extracttest"
)

// A vendor's blog post, written for this test in the shapes such pages use.
const blogPost = `<!doctype html><html><head>
<title>Introducing Nimbus-3 | Example Labs</title>
<meta property="og:title" content="Introducing Nimbus-3">
<meta property="article:published_time" content="2025-03-04T09:00:00+00:00">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"BlogPosting","headline":"Introducing Nimbus-3","datePublished":"2025-03-05T08:00:00Z"}]}</script>
</head><body>
<nav><a href="/">Home</a> 128K tokens of navigation</nav>
<main><article>
<h1>Introducing Nimbus-3</h1>
<p class="byline">Posted on <time datetime="2025-03-06">March 6, 2025</time> by the team</p>
<p>Nimbus-3 was pre-trained on over 5.5 trillion tokens and supports a context window of 1 million tokens.</p>
<h2>Model summary</h2>
<ul>
<li><strong>Total Parameters:</strong> 106B-A12B</li>
<li><strong>Supported languages:</strong> English, French, German, Spanish, Italian, Portuguese, Japanese, and Thai</li>
</ul>
<table>
<tr><th>Model</th><th>Total Params</th><th>Context Length</th></tr>
<tr><td>Nimbus-3-Mini</td><td>7B</td><td>128K</td></tr>
</table>
<p>Nimbus-3 comes in 7B, 32B and 106B-A12B sizes.</p>
</article></main>
<footer>Licensed under nothing in particular, 2099</footer>
</body></html>`

func vendorRecord(body string) record.Record {
	return extracttest.Record(record.Resource{Source: record.SourceVenue, Kind: record.KindVenuePage,
		Key: "https://example.org/blog/nimbus-3", URL: "https://example.org/blog/nimbus-3"}, 200, "text/html", []byte(body))
}

func TestVendorPage(t *testing.T) {
	t.Parallel()
	res := Extract(vendorRecord(blogPost))
	var got []string
	for _, o := range res.Observations {
		s := fmt.Sprintf("%s[%s]=%s", o.Field, o.Model, o.Value)
		if o.Date != nil {
			s += " d=" + o.Date.String()
		}
		got = append(got, s)
		if o.Field != extract.FieldText && (o.Evidence.Locator == "" || o.Evidence.Quote == "") {
			t.Errorf("no evidence: %s", s)
		}
	}
	for _, w := range []string{
		"published[]=2025-03-05T08:00:00Z d=2025-03-05", // JSON-LD first
		"released[]=2025-03-05T08:00:00Z d=2025-03-05",  // an announcement
		"training_tokens[Nimbus-3]=over 5.5 trillion",   // the sentence names the page's model
		"context_length[Nimbus-3]=1 million tokens",
		"params_total[]=106B", "params_active[]=12B",
		"languages[]=8",
		"context_length[Nimbus-3-Mini]=128K",
		"params_total[Nimbus-3-Mini]=7B",
		"model_sizes[]=7B, 32B and 106B-A12B",
		"published[]=March 6, 2025 d=2025-03-06", // the byline
	} {
		if !contains(got, w) {
			t.Errorf("want %s; got\n%s", w, strings.Join(got, "\n"))
		}
	}
	for _, n := range []string{"context_length[]=128K", "released[]=2099"} {
		if contains(got, n) {
			t.Errorf("navigation or footer read as a fact: %s", n)
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestVendorPageDates(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ head, body, want string }{
		{`<meta property="article:published_time" content="2024-09-12">`, "", "2024-09-12"},
		{`<meta itemprop="datePublished" content="Sept 3, 2024">`, "", "2024-09-03"},
		{"", `<article><time datetime="2023-12-01T10:00:00Z">Dec 1</time></article>`, "2023-12-01"},
		{`<script type="application/ld+json">[{"@type":"Article","datePublished":"2022-05-06"}]</script>`, "", "2022-05-06"},
		{`<script type="application/ld+json">{not json</script>`, "", ""},
		{`<meta property="article:published_time" content="2525-06-06">`, "", ""},
	} {
		page := "<html><head>" + c.head + "</head><body><main><h1>Notes</h1>" + c.body + "<p>Text.</p></main></body></html>"
		var got string
		for _, o := range Extract(vendorRecord(page)).Observations {
			if o.Field == "published" && o.Date != nil {
				got = o.Date.String()
				break
			}
		}
		if got != c.want {
			t.Errorf("%s%s: published %q, want %q", c.head, c.body, got, c.want)
		}
	}
	// A page that is not an announcement has a date, not a release.
	for _, o := range Extract(vendorRecord(`<html><head><meta property="article:published_time" content="2024-09-12"></head><body><h1>Our hiring process</h1></body></html>`)).Observations {
		if o.Field == "released" {
			t.Errorf("released from a page that announces nothing: %+v", o)
		}
	}
}

func FuzzMarkdown(f *testing.F) {
	f.Add(blogPost)
	f.Add("<table><tr><td>a|b</td></tr></table><pre>x</pre><ul><li>1</li></ul>")
	f.Fuzz(func(t *testing.T, page string) {
		if len(page) > 1<<16 {
			return
		}
		Extract(vendorRecord(page))
	})
}
