package docs

import (
	"bytes"
	"mime"
	"net/url"
	"path"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	"go.yaml.in/yaml/v3"
)

// frame is the documentation framework a page was built with, as far as its
// markup shows: it decides where the article body sits. Nothing here names a
// vendor; every framework is recognised by its own public markup.
type frame struct {
	name     string   // "docusaurus", "mkdocs", "mintlify", "next", "html", "markdown"
	articles []string // selectors of the article body, best first
}

var (
	frameDocusaurus = frame{"docusaurus", []string{"article .theme-doc-markdown", ".theme-doc-markdown", "article .markdown"}}
	// MkDocs: Material (md-content), the built-in and ReadTheDocs themes.
	frameMkDocs = frame{"mkdocs", []string{"article.md-content__inner", ".md-content article", ".md-content", ".rst-content [role=main]", "div[role=main]", "main"}}
	// Mintlify renders MDX into #content-area / .mdx-content (Next.js).
	frameMintlify = frame{"mintlify", []string{"#content-area", ".mdx-content", "main article", "main"}}
	// Other Next.js docs (Nextra and similar).
	frameNext = frame{"next", []string{".nextra-content", "main article", "article", "main", "#__next"}}
	// Plain HTML, and Markdown rendered to HTML here.
	frameHTML     = frame{"html", []string{"main article", "article", "[role=main]", "main", "body"}}
	frameMarkdown = frame{"markdown", []string{"body"}}
)

// detectFrame recognises the framework from the page's own markup.
func detectFrame(doc *goquery.Document) frame {
	gen := strings.ToLower(strings.TrimSpace(doc.Find(`meta[name="generator"]`).First().AttrOr("content", "")))
	switch {
	case strings.HasPrefix(gen, "docusaurus") || doc.Find("#__docusaurus").Length() > 0:
		return frameDocusaurus
	case strings.HasPrefix(gen, "mkdocs") || doc.Find(".md-content, .rst-content").Length() > 0:
		return frameMkDocs
	case strings.HasPrefix(gen, "mintlify") || doc.Find("#content-area, .mdx-content").Length() > 0:
		return frameMintlify
	case doc.Find("#__next, script#__NEXT_DATA__, .nextra-content").Length() > 0:
		return frameNext
	}
	return frameHTML
}

// article is the page's article body and the selector that found it.
func (f frame) article(doc *goquery.Document) (*goquery.Selection, string) {
	for _, sel := range f.articles {
		if s := doc.Find(sel).First(); s.Length() > 0 && strings.TrimSpace(s.Text()) != "" {
			return s, sel
		}
	}
	return doc.Find(".no-such-element"), ""
}

// frontMatter is the YAML front matter of a Markdown page (title and date
// are the keys documentation generators share).
type frontMatter struct {
	Title string `yaml:"title"`
	Date  string `yaml:"date"`
}

// isMarkdown says whether a record's body is Markdown (or MDX) rather than
// HTML: by its content type, else by its URL's extension, else by its first
// bytes.
func isMarkdown(contentType, rawURL string, body []byte) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		switch mt {
		case "text/markdown", "text/x-markdown", "text/mdx":
			return true
		case "text/html", "application/xhtml+xml":
			return false
		}
	}
	if u, err := url.Parse(rawURL); err == nil {
		switch strings.ToLower(path.Ext(u.Path)) {
		case ".md", ".mdx", ".markdown":
			return true
		case ".html", ".htm":
			return false
		}
	}
	head := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(head) > 512 {
		head = head[:512]
	}
	lower := bytes.ToLower(head)
	if bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) || bytes.Contains(lower, []byte("<body")) || bytes.Contains(lower, []byte("<head")) {
		return false
	}
	return bytes.HasPrefix(head, []byte("---\n")) || bytes.HasPrefix(head, []byte("# ")) || bytes.Contains(head, []byte("\n# ")) || bytes.Contains(head, []byte("\n## "))
}

// maxMarkdown bounds the Markdown rendered (bytes); the crawler caps bodies
// already, this keeps the renderer's work proportional.
const maxMarkdown = 2 << 20

var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	// Raw HTML and MDX components stay in the output: it is only parsed
	// here, never served, and MDX pages carry their content in them.
	goldmark.WithRendererOptions(html.WithUnsafe()),
)

// markdownToHTML renders a Markdown page to HTML and returns its front
// matter. The front matter is cut before rendering (goldmark would render
// it as a rule and a paragraph).
func markdownToHTML(body []byte) ([]byte, frontMatter) {
	var fm frontMatter
	if len(body) > maxMarkdown {
		body = body[:maxMarkdown]
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	body = bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
	if bytes.HasPrefix(body, []byte("---\n")) {
		if end := bytes.Index(body[4:], []byte("\n---")); end >= 0 && end < 64<<10 {
			raw := body[4 : 4+end]
			fm = readFrontMatter(raw)
			rest := body[4+end+4:]
			if i := bytes.IndexByte(rest, '\n'); i >= 0 {
				rest = rest[i+1:]
			} else {
				rest = nil
			}
			body = rest
		}
	}
	var out bytes.Buffer
	out.WriteString("<!doctype html><html><head></head><body>")
	if err := md.Convert(body, &out); err != nil {
		return nil, fm
	}
	out.WriteString("</body></html>")
	return out.Bytes(), fm
}

// readFrontMatter reads the title and date scalars of YAML front matter
// from its node tree: aliases are never expanded, other keys never read.
func readFrontMatter(raw []byte) (fm frontMatter) {
	defer func() {
		if recover() != nil {
			fm = frontMatter{}
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil || len(doc.Content) == 0 {
		return fm
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return fm
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if v.Kind != yaml.ScalarNode || len(v.Value) > 500 {
			continue
		}
		switch strings.ToLower(k.Value) {
		case "title":
			fm.Title = v.Value
		case "date":
			fm.Date = v.Value
		}
	}
	return fm
}
