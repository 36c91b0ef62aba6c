package bench

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/crawler/cassette"
)

// genChunk is the number of entries per generated YAML document: the loader
// caps one file at catalog.MaxEntries entries and catalog.MaxFileSize bytes,
// so a large generated catalog is parsed in chunks and merged.
const genChunk = 1000

// genName is the model name of generated entry i.
func genName(i int) string { return fmt.Sprintf("Gen-%05d", i+1) }

// genArXiv is the arXiv id of generated entry i.
func genArXiv(i int) string { return fmt.Sprintf("25%02d.%05d", 1+i/99999%12, i%99999+1) }

// GenerateCatalog returns a synthetic catalog of n model entries, each citing
// one arXiv paper, one GitHub repository and one Hugging Face model under the
// synthetic-org organisations, with five typed claims (title, published, total
// parameters, context length, licence). Generated entries are parsed by the
// real loader, in chunks of 1000 entries.
func GenerateCatalog(n int) (*catalog.Catalog, error) {
	var out *catalog.Catalog
	for start := 0; start < n || (n == 0 && out == nil); start += genChunk {
		var b strings.Builder
		b.WriteString("name: generated\nas_of: 2026-05-10\norganisations:\n  github: [synthetic-org]\n  huggingface: [synthetic-org]\n")
		b.WriteString("hosts: [export.arxiv.org, arxiv.org, api.github.com, huggingface.co]\nentries:\n")
		for i := start; i < min(n, start+genChunk); i++ {
			name := genName(i)
			fmt.Fprintf(&b, `  - id: %s
    kind: model
    name: %s
    year: "2025"
    sources:
      arxiv: [%s]
      github: [synthetic-org/%s]
      huggingface: [synthetic-org/%s]
    claims:
      - {id: title, type: name, field: title, value: "%s: A Synthetic Model", quote: "%s"}
      - {id: published, type: date, field: published, value: "2025-03", quote: "March 2025"}
      - {id: params, type: count, field: params_total, value: 16B, unit: parameters, quote: "16B"}
      - {id: context, type: context, field: context_length, value: 32K, quote: "32K context"}
      - {id: license, type: license, field: license, value: MIT, quote: "MIT"}
`, strings.ToLower(name), name, genArXiv(i), name, name, name, name)
		}
		c, err := catalog.Parse(fmt.Sprintf("generated-%d.yaml", start/genChunk), []byte(b.String()))
		if err != nil {
			return nil, fmt.Errorf("generate catalog: %w", err)
		}
		if out == nil {
			out = c
			out.Entries = append(make([]catalog.Entry, 0, n), c.Entries...) // no growth slack
		} else {
			out.Entries = append(out.Entries, c.Entries...)
		}
		if n == 0 {
			break
		}
	}
	return out, nil
}

func exchange(url, contentType, body string) *cassette.Exchange {
	return &cassette.Exchange{Method: http.MethodGet, URL: url, Status: http.StatusOK,
		Header: http.Header{"Content-Type": {contentType}}, Body: []byte(body)}
}

// GenerateWorld returns the simulator exchanges answering every request a
// GenerateCatalog(n) audit sends, in the sources' real formats.
func GenerateWorld(n int) []*cassette.Exchange {
	ex := make([]*cassette.Exchange, 0, 6*n+1)
	ex = append(ex, exchange("https://huggingface.co/api/models?author=synthetic-org&limit=1000", "application/json", "[]\n"))
	for i := range n {
		name, id := genName(i), genArXiv(i)
		ex = append(ex,
			exchange("https://export.arxiv.org/api/query?id_list="+id+"&max_results=1", "application/atom+xml; charset=utf-8",
				fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/generated</id>
  <title>arXiv Query: id_list=%[1]s</title>
  <updated>2026-11-20T03:00:00Z</updated>
  <opensearch:totalResults>1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/%[1]sv1</id>
    <title>%[2]s: A Synthetic Model</title>
    <updated>2025-03-10T08:00:00Z</updated>
    <published>2025-03-10T08:00:00Z</published>
    <summary>%[2]s is a synthetic mixture-of-experts language model with 16B total parameters and a 32K context window.</summary>
    <link href="https://arxiv.org/abs/%[1]sv1" rel="alternate" type="text/html"/>
    <arxiv:primary_category term="cs.CL"/>
    <author><name>Synthetic Lab</name></author>
  </entry>
</feed>
`, id, name)),
			exchange("https://api.github.com/repos/synthetic-org/"+name, "application/json; charset=utf-8",
				fmt.Sprintf(`{"name": %[1]q, "full_name": "synthetic-org/%[1]s", "private": false,
 "owner": {"login": "synthetic-org", "type": "Organization"},
 "html_url": "https://github.com/synthetic-org/%[1]s", "description": "%[1]s: a synthetic model", "fork": false,
 "created_at": "2025-03-09T00:00:00Z", "pushed_at": "2025-04-01T00:00:00Z", "archived": false, "disabled": false,
 "license": {"key": "mit", "name": "MIT License", "spdx_id": "MIT"}, "default_branch": "main"}
`, name)),
			exchange("https://api.github.com/repos/synthetic-org/"+name+"/readme", "application/vnd.github.raw+json; charset=utf-8", genReadme(name, id)),
			exchange("https://huggingface.co/api/models/synthetic-org/"+name, "application/json; charset=utf-8",
				fmt.Sprintf(`{"id": "synthetic-org/%[1]s", "author": "synthetic-org", "private": false, "modelId": "synthetic-org/%[1]s",
 "createdAt": "2025-03-09T00:00:00.000Z", "lastModified": "2025-04-01T00:00:00.000Z",
 "tags": ["transformers", "safetensors", "arxiv:%[2]s", "license:mit"], "gated": false, "disabled": false,
 "cardData": {"license": "mit"}, "safetensors": {"total": 16000000000}}
`, name, id)),
			exchange("https://huggingface.co/synthetic-org/"+name+"/raw/main/README.md", "text/plain; charset=utf-8",
				"---\nlicense: mit\n---\n"+genReadme(name, id)),
			exchange("https://huggingface.co/synthetic-org/"+name+"/resolve/main/config.json", "application/json; charset=utf-8",
				`{"architectures": ["GenForCausalLM"], "model_type": "gen", "max_position_embeddings": 32768}`+"\n"),
		)
	}
	return ex
}

func genReadme(name, arxiv string) string {
	return fmt.Sprintf(`# %[1]s

%[1]s is a synthetic mixture-of-experts language model: 16B total params, and it supports a context length of 32K tokens.
Technical report: [arXiv:%[2]s](https://arxiv.org/abs/%[2]s).

| Model | #Total Params | Context Length | Download |
| :---: | :---: | :---: | :---: |
| %[1]s | 16B | 32K | [weights](https://huggingface.co/synthetic-org/%[1]s) |

## License

This repository and the model weights are licensed under the MIT License.
`, name, arxiv)
}
