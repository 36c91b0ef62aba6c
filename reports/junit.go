package reports

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/internal/textsafe"
)

// JUnit writes JUnit XML in the shape of the Jenkins/Ant junit schema
// (schema/junit.xsd): one test suite per catalog entry, one test case per
// finding (classname = entry id, name = "claim (field)"). Contradicted and
// expired claims are failures (type = verdict), unreachable ones are skipped
// (message = reason); every case carries its verdict and evidence in system-out.
type JUnit struct{}

// Format implements Reporter.
func (*JUnit) Format() string { return "junit" }

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string `xml:"name,attr"`
	Tests     int    `xml:"tests,attr"`
	Failures  int    `xml:"failures,attr"`
	Errors    int    `xml:"errors,attr"`
	Skipped   int    `xml:"skipped,attr"`
	Time      string `xml:"time,attr"`
	Timestamp string `xml:"timestamp,attr,omitempty"`
	Package   string `xml:"package,attr,omitempty"`
	File      string `xml:"file,attr,omitempty"`
	// Properties count the suite's findings per kind (kind.claim,
	// kind.checklist, …): summed, they are the suite's tests.
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Type    string `xml:"type,attr,omitempty"`
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// Write implements Reporter.
func (*JUnit) Write(w io.Writer, r *Report) error {
	r = Normalize(r)
	doc := junitSuites{Name: r.Tool.Name, Time: "0"}
	ts := ""
	if !r.Now.IsZero() {
		ts = r.Now.UTC().Format("2006-01-02T15:04:05")
	}
	for _, g := range groupByEntry(r) {
		s := junitSuite{Name: entryLabel(g.Info.ID), Time: "0", Timestamp: ts, Package: r.Catalog.Name}
		if len(g.Findings) > 0 {
			s.File = g.Findings[0].Location.File
		}
		byKind := map[checks.Kind]int{}
		for _, f := range g.Findings {
			byKind[f.Kind()]++
		}
		s.Properties = &junitProperties{}
		for _, k := range checks.Kinds {
			if byKind[k] > 0 {
				s.Properties.Property = append(s.Properties.Property, junitProperty{Name: "kind." + string(k), Value: strconv.Itoa(byKind[k])})
			}
		}
		for _, f := range g.Findings {
			c := junitCase{Name: junitName(f), Classname: entryLabel(f.Entry), Time: "0", SystemOut: junitOut(f)}
			switch {
			case isFailure(f.Verdict):
				c.Failure = &junitMessage{Type: string(f.Verdict), Message: oneLine(f.Message), Text: junitDetail(f)}
				s.Failures++
			case f.Verdict == checks.Unreachable:
				reason := f.Reason
				if reason == "" {
					reason = f.Message
				}
				c.Skipped = &junitMessage{Type: string(f.Verdict), Message: oneLine(reason)}
				s.Skipped++
			}
			s.Tests++
			s.Cases = append(s.Cases, c)
		}
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Suites = append(doc.Suites, s)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	buf.WriteString("\n")
	// encoding/xml passes DEL, C1 controls and bidi overrides through (valid
	// XML characters): show them as visible escapes, as in every text field.
	if _, err := io.WriteString(w, textsafe.Visible(buf.String())); err != nil {
		return err
	}
	return nil
}

func junitName(f checks.Finding) string {
	if f.Field == "" {
		return f.Claim
	}
	return f.Claim + " (" + f.Field + ")"
}

// junitDetail is the body of a failure: what differs and where.
func junitDetail(f checks.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "catalog: %s\nofficial: %s\n", orDash(oneLine(f.Expected)), orDash(oneLine(f.Observed)))
	if loc := posString(f.Location); loc != "" {
		fmt.Fprintf(&b, "at: %s\n", loc)
	}
	if f.Disagreement {
		b.WriteString("official sources disagree\n")
	}
	return b.String()
}

// junitOut is a test case's system-out: the verdict, the values and the evidence.
func junitOut(f checks.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "verdict: %s\nseverity: %s\ncheck: %s\nkind: %s\n", f.Verdict, f.Severity, f.Check, f.Kind())
	b.WriteString(junitDetail(f))
	if f.Message != "" {
		fmt.Fprintf(&b, "message: %s\n", oneLine(f.Message))
	}
	if f.Reason != "" {
		fmt.Fprintf(&b, "reason: %s\n", oneLine(f.Reason))
	}
	for i, e := range f.Evidence {
		fmt.Fprintf(&b, "evidence %d: %s %s", i+1, e.Source, evidenceURL(e))
		if e.Status != 0 {
			b.WriteString(" status " + strconv.Itoa(e.Status))
		}
		switch t := e.FetchedAt.UTC().Format("2006-01-02T15:04:05Z"); {
		case e.NotModified && !e.FetchedAt.IsZero():
			b.WriteString(" revalidated " + t + " (304, cached body)")
		case e.FromCache && !e.FetchedAt.IsZero():
			b.WriteString(" cached, checked " + t)
		case !e.FetchedAt.IsZero():
			b.WriteString(" fetched " + t)
		}
		if e.SHA256 != "" {
			b.WriteString(" sha256 " + e.SHA256)
		}
		b.WriteString("\n")
		if e.Locator != "" {
			fmt.Fprintf(&b, "  at: %s\n", oneLine(e.Locator))
		}
		if e.Quote != "" {
			fmt.Fprintf(&b, "  quote: %s\n", oneLine(e.Quote))
		}
	}
	if f.EvidenceOmitted > 0 {
		fmt.Fprintf(&b, "evidence: %d more supporting pages not listed\n", f.EvidenceOmitted)
	}
	return b.String()
}
