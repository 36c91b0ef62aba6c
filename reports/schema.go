package reports

import "embed"

// Schemas holds the schema files the reports are validated against:
// schema/report.schema.json (this tool's JSON report, JSON Schema 2020-12),
// schema/sarif-2.1.0.json (SARIF 2.1.0, draft-07) and schema/junit.xsd
// (the Jenkins xUnit JUnit schema).
//
//go:embed schema/report.schema.json schema/sarif-2.1.0.json schema/junit.xsd
var Schemas embed.FS
