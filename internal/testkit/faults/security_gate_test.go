package faults

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/claimcheck/claimcheck/crawler/record"
	"github.com/claimcheck/claimcheck/internal/cli"
	"github.com/claimcheck/claimcheck/internal/testkit/simulator"
)

// The CI gate's trust comes from the base revision (issue 9, item 1). The
// attack: a pull request adds its own GitHub organisation to organisations:
// and an entry sourced from a repository there, with invented values that
// the repository's README repeats. Every source runs on loopback (the
// simulator); GitHub is fronted by a stand-in that serves the attacker's
// repository and counts every request.

// attackerEntry is the pull request's entry, from the organisation it adds.
const attackerEntry = `  - id: attacker-model
    kind: model
    name: Attacker Model
    sources:
      github: [attacker-org/attacker-model]
    claims:
      - id: params
        type: count
        field: params_total
        value: 9999B
        unit: parameters
`

// githubStandIn serves attacker-org's repository and forwards every other
// request to the simulator's GitHub; it counts requests per path.
type githubStandIn struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newGitHubStandIn(t *testing.T, backend string) *githubStandIn {
	t.Helper()
	bu, err := url.Parse(backend)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(bu)
	g := &githubStandIn{hits: map[string]int{}}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.hits[r.URL.Path]++
		g.mu.Unlock()
		switch r.URL.Path {
		case "/repos/attacker-org/attacker-model":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"name":"attacker-model","full_name":"attacker-org/attacker-model","owner":{"login":"attacker-org","type":"Organization"},"fork":false,"archived":false,"default_branch":"main"}`)
		case "/repos/attacker-org/attacker-model/readme":
			w.Header().Set("Content-Type", "application/vnd.github.raw+json; charset=utf-8")
			fmt.Fprint(w, "# Attacker 9999B\n\nAttacker 9999B is a language model with 9999B total parameters.\n")
		default:
			rp.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func (g *githubStandIn) count(prefix string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for p, c := range g.hits {
		if strings.HasPrefix(p, prefix) {
			n += c
		}
	}
	return n
}

// commitRepo makes dir a git repository with one commit of its files.
func commitRepo(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-q", "-m", "base"}} {
		cmd := exec.Command("git", append([]string{"-c", "user.name=faults", "-c", "user.email=faults@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

// TestGateRefusesSelfDeclaredOrganisation: the pull request adding its own
// organisation fails the gate (exit 1) with an error annotation at the
// organisations line, and the new organisation's repository gets zero
// requests. The control, where a maintainer landed the organisation first,
// shows the stand-in is reached and would have verified the invented value.
func TestGateRefusesSelfDeclaredOrganisation(t *testing.T) {
	t.Parallel()
	for _, landed := range []bool{false, true} {
		t.Run(fmt.Sprintf("organisation landed first=%v", landed), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			f := writeInputs(t, dir)
			orig, err := os.ReadFile(f.catalog)
			if err != nil {
				t.Fatal(err)
			}
			const orgLine = "  github: [deepseek-ai]\n"
			if !strings.Contains(string(orig), orgLine) {
				t.Fatalf("the catalog has no %q line", orgLine)
			}
			withOrg := strings.Replace(string(orig), orgLine, "  github: [deepseek-ai, attacker-org]\n", 1)
			base := string(orig)
			if landed {
				base = withOrg
			}
			if err := os.WriteFile(f.catalog, []byte(base), 0o644); err != nil {
				t.Fatal(err)
			}
			commitRepo(t, dir)
			head := appendEntry(withOrg, attackerEntry)
			if err := os.WriteFile(f.catalog, []byte(head), 0o644); err != nil {
				t.Fatal(err)
			}

			s := newSim(t)
			gh := newGitHubStandIn(t, s.URL(record.SourceGitHub))
			getenv := envOf(s, map[string]string{simulator.EnvVars[record.SourceGitHub]: gh.srv.URL, "GITHUB_ACTIONS": "true"})
			r := runCLI(t, getenv, runLimit, "gate", "--base", "HEAD", "--catalog", f.catalog, "--config", f.config,
				"--now", now, "--quiet", "--no-state", "--format", "json", "-o", filepath.Join(dir, "gate.json"))
			attacker := gh.count("/repos/attacker-org/")
			if landed {
				if attacker == 0 {
					t.Fatalf("control: the attacker's repository got no request: the test would not notice a fetch\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
				}
				if r.code != cli.ExitOK {
					t.Errorf("control: exit %d, want 0 (the landed organisation's README states 9999B)\nstdout:\n%s", r.code, r.stdout)
				}
				return
			}
			if r.code != cli.ExitFindings {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, cli.ExitFindings, r.stdout, r.stderr)
			}
			if attacker != 0 {
				t.Errorf("%d requests to the new organisation's repository, want 0", attacker)
			}
			line := strings.Count(head[:strings.Index(head, "attacker-org]")], "\n") + 1
			want := fmt.Sprintf("::error file=catalog.yaml,line=%d,col=", line)
			var settings []string
			for _, l := range strings.Split(r.stdout, "\n") {
				if strings.Contains(l, "title=gate.settings::") {
					settings = append(settings, l)
				}
				if strings.HasPrefix(l, "::warning") && strings.Contains(l, "organisations") {
					t.Errorf("the settings change is a warning: %s", l)
				}
			}
			if len(settings) != 1 || !strings.HasPrefix(settings[0], want) || !strings.Contains(settings[0], "A maintainer must land it on its own") {
				t.Errorf("settings annotations %q, want one error at line %d saying a maintainer must land it", settings, line)
			}
		})
	}
}

// appendEntry adds entry (YAML lines of one list item) at the end of the
// catalog's entries list, before any top-level key that follows it.
func appendEntry(src, entry string) string {
	lines := strings.SplitAfter(src, "\n")
	in := false
	for i, l := range lines {
		top := l != "" && l[0] != ' ' && l[0] != '#' && l[0] != '-' && l[0] != '\n'
		switch {
		case strings.HasPrefix(l, "entries:"):
			in = true
		case in && top:
			return strings.Join(lines[:i], "") + entry + strings.Join(lines[i:], "")
		}
	}
	if !strings.HasSuffix(src, "\n") {
		src += "\n"
	}
	return src + entry
}
