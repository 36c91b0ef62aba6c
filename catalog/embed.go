package catalog

import _ "embed"

// DefaultPath is the repository-relative path of the embedded default
// catalog; positions in it point at the real file, so CI annotations land
// on the right line.
const DefaultPath = "catalog/default/deepseek.yaml"

//go:embed default/deepseek.yaml
var defaultYAML []byte

// DefaultYAML returns a copy of the embedded default catalog's source.
func DefaultYAML() []byte { return append([]byte(nil), defaultYAML...) }

// Default parses the embedded default catalog (the DeepSeek research guide).
// Each call returns a fresh catalog that the caller may modify.
func Default() (*Catalog, error) { return Parse(DefaultPath, defaultYAML) }
