package faults

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/checks"
	"github.com/claimcheck/claimcheck/internal/testkit/simulator"
)

var tutorialBlock = regexp.MustCompile("(?s)```(sh tutorial|yaml tutorial-entries)\n(.*?)```")

// TestCatalogTutorial runs the tutorial of docs/catalog.md as written: its
// commands in order, its entries pasted over "entries: []". The official
// sources are a loopback simulator serving examples/olmo/recording; the
// record step records from it, the last audit replays that recording.
func TestCatalogTutorial(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "catalog.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := tutorialBlock.FindAllStringSubmatch(string(doc), -1)
	if len(blocks) != 3 {
		t.Fatalf("%d tutorial blocks in docs/catalog.md, want 3 (sh, yaml, sh)", len(blocks))
	}
	world, err := filepath.Abs(filepath.Join("..", "..", "..", "examples", "olmo", "recording"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := simulator.New(simulator.Options{World: world, NoLimits: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	dir := t.TempDir()
	t.Chdir(dir)
	getenv := envOf(s, nil)
	commands := 0
	for _, b := range blocks {
		if b[1] == "yaml tutorial-entries" {
			cat, err := os.ReadFile("olmo.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(string(cat), "entries: []\n") {
				t.Fatalf("the starter catalog does not end with entries: []:\n%s", cat)
			}
			edited := strings.TrimSuffix(string(cat), "entries: []\n") + b[2]
			if err := os.WriteFile("olmo.yaml", []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		for _, line := range strings.Split(strings.TrimSpace(b[2]), "\n") {
			args := splitArgs(t, line)
			if len(args) == 0 || args[0] != "claimcheck" {
				t.Fatalf("tutorial line %q is not a claimcheck command", line)
			}
			args = args[1:]
			if args[0] == "audit" {
				args = append(args, "--state", filepath.Join(dir, "state.db"), "--quiet", "--format", "json")
			}
			r := runCLI(t, getenv, 2*time.Minute, args...)
			commands++
			if r.code != 0 {
				t.Fatalf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", line, r.code, r.stdout, r.stderr)
			}
			if args[0] == "audit" {
				rep := parseReport(t, r.stdout)
				for _, f := range rep.Findings {
					if f.Verdict != checks.Verified {
						t.Errorf("%s: %s/%s %s: %s", line, f.Entry, f.Claim, f.Verdict, f.Message)
					}
				}
				if len(rep.Findings) < 3 {
					t.Errorf("%s: %d findings, want the three claims", line, len(rep.Findings))
				}
			}
		}
	}
	if commands != 4 {
		t.Errorf("ran %d commands, want 4", commands)
	}
}

// splitArgs splits a shell command line of words and double-quoted strings.
func splitArgs(t *testing.T, line string) []string {
	t.Helper()
	var out []string
	for _, m := range regexp.MustCompile(`"([^"]*)"|(\S+)`).FindAllStringSubmatch(line, -1) {
		if m[1] != "" || strings.HasPrefix(m[0], `"`) {
			out = append(out, m[1])
		} else {
			out = append(out, m[2])
		}
	}
	return out
}
