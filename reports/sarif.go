package reports

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/textsafe"
)

// SARIF constants.
const (
	SARIFVersion = "2.1.0"
	// SARIFSchemaURI is the $schema written into SARIF logs.
	SARIFSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	// InformationURI is the tool's home page, written as tool.driver.informationUri.
	InformationURI = "https://github.com/claimcheck/claimcheck"
)

// SARIF writes a SARIF 2.1.0 log (code scanning): one rule per check id, one
// result per finding that is not verified, located at the claim's line in the
// catalog file. Levels: error for contradicted and expired, note for findings
// of severity info, warning otherwise.
type SARIF struct {
	// BaseDir makes absolute catalog paths relative (artifactLocation.uri).
	BaseDir string
}

// Format implements Reporter.
func (*SARIF) Format() string { return "sarif" }

func (s *SARIF) configure(o Options) { s.BaseDir = o.BaseDir }

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool      `json:"tool"`
	Results    []sarifResult  `json:"results"`
	Properties map[string]any `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	Name             string       `json:"name,omitempty"`
	ShortDescription sarifText    `json:"shortDescription"`
	HelpURI          string       `json:"helpUri,omitempty"`
	Default          *sarifConfig `json:"defaultConfiguration,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          sarifProps        `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifProps struct {
	Entry        string            `json:"entry"`
	Claim        string            `json:"claim"`
	Field        string            `json:"field"`
	Verdict      checks.Verdict    `json:"verdict"`
	Severity     checks.Severity   `json:"severity"`
	Expected     string            `json:"expected"`
	Observed     string            `json:"observed"`
	Disagreement bool              `json:"disagreement,omitempty"`
	Reason       string            `json:"reason,omitempty"`
	Evidence     []record.Evidence `json:"evidence"`
}

// sarifLevel maps a finding to a SARIF result level.
func sarifLevel(f checks.Finding) string {
	switch {
	case isFailure(f.Verdict):
		return "error"
	case f.Severity == checks.SeverityInfo:
		return "note"
	default:
		return "warning"
	}
}

// Write implements Reporter.
func (s *SARIF) Write(w io.Writer, r *Report) error {
	r = Normalize(r)
	rules, index := sarifRules(checkDocs(r))
	results := []sarifResult{}
	for _, f := range r.Findings {
		if f.Verdict != checks.Verified {
			results = append(results, s.result(f, index[f.Check], r.Catalog.Path))
		}
	}
	log := sarifLog{
		Schema:  SARIFSchemaURI,
		Version: SARIFVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name: r.Tool.Name, Version: r.Tool.Version, InformationURI: InformationURI, Rules: rules,
			}},
			Results: results,
			Properties: map[string]any{
				"catalog":         r.Catalog,
				"summary":         r.Summary,
				"summary_by_kind": r.SummaryByKind,
				"now":             r.Now,
			},
		}},
	}
	var buf bytes.Buffer
	if err := newJSONEncoder(&buf, "").Encode(log); err != nil {
		return fmt.Errorf("write sarif report: %w", err)
	}
	// C1 controls and bidi overrides as \u escapes (same values), see textsafe.JSON.
	if _, err := w.Write(textsafe.JSON(buf.Bytes())); err != nil {
		return fmt.Errorf("write sarif report: %w", err)
	}
	return nil
}

// sarifRules are the rules, one per check, and each rule's index by check id.
func sarifRules(docs []CheckInfo) ([]sarifRule, map[string]int) {
	index := map[string]int{}
	rules := make([]sarifRule, 0, len(docs))
	for i, c := range docs {
		index[c.ID] = i
		doc := strings.TrimSpace(c.Doc)
		if doc == "" {
			doc = "Findings of the claimcheck check " + c.ID + "."
		}
		rules = append(rules, sarifRule{ID: c.ID, Name: c.ID, ShortDescription: sarifText{Text: oneLine(doc)}})
	}
	return rules, index
}

// result is finding f as a result of rule ruleIndex, located at its claim
// in the catalog file (catalogPath when the finding names no file).
func (s *SARIF) result(f checks.Finding, ruleIndex int, catalogPath string) sarifResult {
	res := sarifResult{
		RuleID:    f.Check,
		RuleIndex: ruleIndex,
		Level:     sarifLevel(f),
		Message:   sarifText{Text: sarifMessage(f)},
		PartialFingerprints: map[string]string{
			"claimcheck/v1": f.Entry + "/" + f.Claim + "#" + f.Check + "#" + f.Field,
		},
		Properties: sarifProps{
			Entry: f.Entry, Claim: f.Claim, Field: f.Field, Verdict: f.Verdict, Severity: f.Severity,
			Expected: f.Expected, Observed: f.Observed, Disagreement: f.Disagreement, Reason: f.Reason,
			Evidence: f.Evidence,
		},
	}
	file := f.Location.File
	if file == "" {
		file = catalogPath
	}
	if uri := s.artifactURI(file); uri != "" {
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}}}
		if f.Location.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Location.Line}
			if f.Location.Column > 0 {
				loc.PhysicalLocation.Region.StartColumn = f.Location.Column
			}
		}
		res.Locations = []sarifLocation{loc}
	}
	return res
}

// sarifMessage is a result's message: claim, verdict, values, explanation.
func sarifMessage(f checks.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s) is %s", f.Ref(), f.Field, f.Verdict)
	if f.Expected != "" || f.Observed != "" {
		fmt.Fprintf(&b, ": catalog %s, official %s", orDash(oneLine(f.Expected)), orDash(oneLine(f.Observed)))
	}
	b.WriteString(".")
	if m := oneLine(f.Message); m != "" {
		b.WriteString(" " + m)
	}
	if f.Reason != "" {
		b.WriteString(" Reason: " + oneLine(f.Reason) + ".")
	}
	if len(f.Evidence) > 0 {
		b.WriteString(" Evidence: " + oneLine(evidenceURL(f.Evidence[0])))
	}
	return b.String()
}

// artifactURI turns a catalog path into a relative URI reference: the
// embedded-catalog prefix and, when BaseDir is set, the base directory are
// removed; path segments are percent-encoded.
func (s *SARIF) artifactURI(file string) string {
	if file == "" {
		return ""
	}
	file = strings.TrimPrefix(file, "<embedded>/")
	if s.BaseDir != "" && filepath.IsAbs(file) {
		if rel, err := filepath.Rel(s.BaseDir, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = rel
		}
	}
	file = filepath.ToSlash(file)
	abs := strings.HasPrefix(file, "/")
	segs := strings.Split(strings.TrimPrefix(file, "/"), "/")
	for i, seg := range segs {
		segs[i] = url.PathEscape(seg)
	}
	out := strings.Join(segs, "/")
	if abs {
		return "file:///" + out
	}
	return out
}
