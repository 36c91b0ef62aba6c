package reports

import (
	"fmt"
	"sort"
	"strings"
)

// Formats maps each format name (the --format value) to a constructor of its
// reporter with default options. A test renders every entry.
var Formats = map[string]func() Reporter{
	"text":     func() Reporter { return &Text{} },
	"json":     func() Reporter { return &JSON{} },
	"markdown": func() Reporter { return &Markdown{} },
	"html":     func() Reporter { return &HTML{} },
	"junit":    func() Reporter { return &JUnit{} },
	"sarif":    func() Reporter { return &SARIF{} },
}

// Names lists the registered format names, sorted.
func Names() []string {
	names := make([]string, 0, len(Formats))
	for n := range Formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Options tune the reporters; each reporter reads the options that concern it
// and ignores the rest.
type Options struct {
	// Verbose makes the text report list verified findings too (they are only counted otherwise).
	Verbose bool
	// MaxBytes caps the Markdown output (0 = MarkdownSummaryLimit). Use
	// MarkdownCommentLimit for a pull-request comment.
	MaxBytes int
	// BaseDir, when set, makes absolute catalog paths relative to it in SARIF
	// (artifactLocation.uri must be relative to the repository root).
	BaseDir string
}

// Option sets one of the Options.
type Option func(*Options)

// WithVerbose lists verified findings in the text report.
func WithVerbose(v bool) Option { return func(o *Options) { o.Verbose = v } }

// WithMaxBytes caps the size of the Markdown report.
func WithMaxBytes(n int) Option { return func(o *Options) { o.MaxBytes = n } }

// WithBaseDir sets the directory SARIF locations are made relative to.
func WithBaseDir(dir string) Option { return func(o *Options) { o.BaseDir = dir } }

// configurable is implemented by reporters that take options.
type configurable interface{ configure(Options) }

// ByName returns the reporter registered under name, configured with opts.
// The error lists the valid names.
func ByName(name string, opts ...Option) (Reporter, error) {
	mk, ok := Formats[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return nil, fmt.Errorf("unknown report format %q (valid: %s)", name, strings.Join(Names(), ", "))
	}
	var o Options
	for _, opt := range opts {
		opt(&o)
	}
	r := mk()
	if c, ok := r.(configurable); ok {
		c.configure(o)
	}
	return r, nil
}
