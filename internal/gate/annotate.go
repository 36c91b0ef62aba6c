package gate

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/claimcheck/claimcheck/catalog"
	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/internal/textsafe"
)

// Level is a GitHub Actions annotation level (the workflow command's name).
type Level string

const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
	LevelNotice  Level = "notice"
)

// MaxMessage caps an annotation's message in runes; GitHub shows annotations
// in a narrow box and the full text is in the report.
const MaxMessage = 1000

// Annotation is one GitHub Actions workflow command that annotates a file
// line: ::error file=F,line=L,col=C,title=T::message.
type Annotation struct {
	Level Level
	// File is relative to the repository root, with forward slashes ("" = no file).
	File  string
	Line  int
	Col   int
	Title string
	// Message is plain text; it may span lines.
	Message string
}

// String renders the workflow command, escaped: properties with EscapeProperty,
// the message with EscapeData. Empty properties are left out. Control, bidi
// and invisible format characters (the runner's log viewer is a terminal
// emulator) are shown as visible escapes first (textsafe).
func (a Annotation) String() string {
	var props []string
	add := func(k, v string) {
		if v != "" {
			props = append(props, k+"="+EscapeProperty(textsafe.Visible(v)))
		}
	}
	add("file", a.File)
	if a.Line > 0 {
		add("line", strconv.Itoa(a.Line))
	}
	if a.Col > 0 {
		add("col", strconv.Itoa(a.Col))
	}
	add("title", a.Title)
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(string(a.Level))
	if len(props) > 0 {
		b.WriteString(" ")
		b.WriteString(strings.Join(props, ","))
	}
	b.WriteString("::")
	b.WriteString(EscapeData(textsafe.Visible(textsafe.Clip(a.Message, MaxMessage))))
	return b.String()
}

// EscapeData escapes a workflow command's message: % → %25, CR → %0D, LF → %0A
// (as @actions/core does), so a message can neither end the command early nor
// start a new one.
func EscapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// EscapeProperty escapes a workflow command's property value: as EscapeData,
// and also : → %3A and , → %2C, which separate the properties.
func EscapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// WriteAnnotations writes one workflow command per line.
func WriteAnnotations(w io.Writer, as []Annotation) error {
	var b strings.Builder
	for _, a := range as {
		b.WriteString(a.String())
		b.WriteByte('\n')
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write annotations: %w", err)
	}
	return nil
}

// AnnotationsPerLevel is how many annotations of one level GitHub shows per
// step (10 errors, 10 warnings, 10 notices; 50 per job); it drops the rest
// without a word.
const AnnotationsPerLevel = 10

// Cap keeps the first n annotations of each level, in order, and ends with
// one notice per level that overflowed, counting what was left out, so a
// reader knows to open the summary. n <= 0 keeps everything.
func Cap(as []Annotation, n int) []Annotation {
	if n <= 0 {
		return as
	}
	count := map[Level]int{}
	var out []Annotation
	var order []Level
	for _, a := range as {
		if count[a.Level] == 0 {
			order = append(order, a.Level)
		}
		count[a.Level]++
		if count[a.Level] <= n {
			out = append(out, a)
		}
	}
	for _, l := range order {
		if extra := count[l] - n; extra > 0 {
			out = append(out, Annotation{Level: LevelNotice, Title: "claimcheck gate",
				Message: fmt.Sprintf("%d more %s annotations not shown (GitHub shows %d per step): see the job summary or the report", extra, l, n)})
		}
	}
	return out
}

// FindingAnnotations annotates an outcome: an error at each changed
// catalog-wide setting (first), an error at each strictly judged
// claim that is not verified (failed or unreachable), a warning at each
// finding of the decay elsewhere. Positions are the findings' own (for strict
// findings, the pinpointed line).
func FindingAnnotations(o Outcome) []Annotation {
	var as []Annotation
	for _, f := range o.Settings {
		as = append(as, Annotation{Level: LevelError, File: f.Location.File, Line: f.Location.Line, Col: f.Location.Column,
			Title: f.Check, Message: f.Message})
	}
	for _, f := range o.Failed {
		as = append(as, findingAnnotation(LevelError, f, true))
	}
	for _, f := range o.Unreachable {
		as = append(as, findingAnnotation(LevelError, f, true))
	}
	for _, f := range o.Warnings {
		as = append(as, findingAnnotation(LevelWarning, f, false))
	}
	return as
}

func findingAnnotation(l Level, f checks.Finding, strict bool) Annotation {
	return Annotation{
		Level: l, File: f.Location.File, Line: f.Location.Line, Col: f.Location.Column,
		Title: f.Check, Message: FindingMessage(f, strict),
	}
}

// FindingMessage is the one-paragraph text of a finding in an annotation.
func FindingMessage(f checks.Finding, strict bool) string {
	var b strings.Builder
	id := f.Entry
	if f.Entry == "" && f.Claim != "" {
		id = f.Ref() // "catalog-wide: …", never "/…"
	} else if f.Claim != "" {
		id += "/" + f.Claim
	}
	switch {
	case strict && f.Verdict == checks.Unreachable:
		fmt.Fprintf(&b, "%s: changed claim could not be verified: its official source was unreachable", id)
	case strict:
		fmt.Fprintf(&b, "%s: changed claim is %s; a new or changed claim must be verified by an official source", id, f.Verdict)
	default:
		fmt.Fprintf(&b, "%s: %s (not touched by this change; does not fail the gate)", id, f.Verdict)
	}
	if f.Expected != "" || f.Observed != "" {
		fmt.Fprintf(&b, ". Catalog: %q; official: %q", oneLine(f.Expected), orNone(oneLine(f.Observed)))
	}
	if m := oneLine(f.Message); m != "" {
		b.WriteString(". ")
		b.WriteString(m)
	}
	if f.Reason != "" {
		fmt.Fprintf(&b, " (%s)", oneLine(f.Reason))
	}
	for _, e := range f.Evidence {
		if e.URL != "" {
			fmt.Fprintf(&b, ". Evidence: %s", e.URL)
			break
		}
	}
	return b.String()
}

// LintAnnotations turns catalog validation errors into error annotations;
// file maps a position's file to its repository-relative path.
func LintAnnotations(errs catalog.Errors, file func(string) string) []Annotation {
	as := make([]Annotation, 0, len(errs))
	for _, e := range errs {
		msg := e.Msg
		if e.Field != "" {
			msg = e.Field + ": " + msg
		}
		f := e.Pos.File
		if file != nil {
			f = file(f)
		}
		as = append(as, Annotation{Level: LevelError, File: f, Line: e.Pos.Line, Col: e.Pos.Column, Title: "catalog", Message: msg})
	}
	return as
}

// NewStopToken returns a random token for StopCommands.
func NewStopToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("stop-commands token: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// StopCommands writes to w what fn writes, between ::stop-commands::token and
// ::token::, so the runner does not act on lines of it that look like
// workflow commands: reports quote catalog text from the pull request and
// text from fetched pages, and neither may inject commands into the job.
func StopCommands(w io.Writer, token string, fn func(io.Writer) error) error {
	if _, err := fmt.Fprintf(w, "::stop-commands::%s\n", token); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	le := &lineEnder{w: w, last: '\n'}
	ferr := fn(le)
	// Resume on a line of its own even if fn's output did not end in a newline.
	resume := "::" + token + "::\n"
	if le.last != '\n' {
		resume = "\n" + resume
	}
	if _, err := io.WriteString(w, resume); err != nil && ferr == nil {
		return fmt.Errorf("write: %w", err)
	}
	return ferr
}

// lineEnder passes writes through and remembers the last byte written.
type lineEnder struct {
	w    io.Writer
	last byte
}

func (l *lineEnder) Write(p []byte) (int, error) {
	n, err := l.w.Write(p)
	if n > 0 {
		l.last = p[n-1]
	}
	return n, err
}

func oneLine(s string) string { return textsafe.Line(s) }

func orNone(s string) string {
	if s == "" {
		return "none found"
	}
	return s
}
