package testkit

import (
	"bufio"
	"bytes"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// module is the import path of the claimcheck module.
const module = "github.com/claimcheck/claimcheck"

// tree is the import path prefix of the test and proof tooling.
const tree = module + "/internal/testkit"

// inTestkit reports whether an import path lies in the tooling tree.
func inTestkit(path string) bool {
	return path == tree || strings.HasPrefix(path, tree+"/")
}

// offenders lists, sorted, the "pkg imports dep" pairs where a production
// package (any package of the module outside the tooling tree) depends on a
// package inside it. deps maps each package to its non-test dependencies.
func offenders(deps map[string][]string) []string {
	var out []string
	for pkg, ds := range deps {
		if inTestkit(pkg) || (pkg != module && !strings.HasPrefix(pkg, module+"/")) {
			continue
		}
		for _, d := range ds {
			if inTestkit(d) {
				out = append(out, pkg+" imports "+d)
			}
		}
	}
	slices.Sort(out)
	return out
}

func TestOffenders(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		deps map[string][]string
		want []string
	}{
		{"clean", map[string][]string{
			module + "/cmd/claimcheck": {module + "/internal/cli", "fmt"},
			module + "/internal/cli":   {module + "/crawler"},
		}, nil},
		{"tooling may import production", map[string][]string{
			tree + "/simulator": {module + "/crawler/cassette"},
			tree + "/bench":     {tree + "/simulator"},
		}, nil},
		{"direct import", map[string][]string{
			module + "/internal/cli": {tree + "/simulator"},
		}, []string{module + "/internal/cli imports " + tree + "/simulator"}},
		{"transitive import through the command", map[string][]string{
			module + "/cmd/claimcheck": {module + "/internal/cli", tree + "/faultkit"},
		}, []string{module + "/cmd/claimcheck imports " + tree + "/faultkit"}},
		{"the tree root itself", map[string][]string{
			module + "/reports": {tree},
		}, []string{module + "/reports imports " + tree}},
		{"a look-alike prefix is not the tree", map[string][]string{
			module + "/reports": {module + "/internal/testkitten"},
		}, nil},
		{"other modules are not checked", map[string][]string{
			"example.com/other": {tree + "/simulator"},
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := offenders(c.deps); !slices.Equal(got, c.want) {
				t.Errorf("offenders = %q, want %q", got, c.want)
			}
		})
	}
}

// goTool is the go command that built this test.
func goTool(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// TestProductionNeverImportsTestkit lists every package of the module with
// its non-test dependencies (what ./cmd/claimcheck and any other production
// binary is built from) and fails when a package outside internal/testkit
// depends on one inside it.
func TestProductionNeverImportsTestkit(t *testing.T) {
	cmd := exec.Command(goTool(t), "list", "-e", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "./...")
	cmd.Dir = filepath.Join("..", "..")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	deps := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) > 0 {
			deps[f[0]] = f[1:]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if _, ok := deps[module+"/cmd/claimcheck"]; !ok {
		t.Fatalf("go list did not list %s/cmd/claimcheck: run from the wrong directory?", module)
	}
	if _, ok := deps[tree+"/simulator"]; !ok {
		t.Fatalf("go list did not list %s/simulator", tree)
	}
	for _, o := range offenders(deps) {
		t.Errorf("production code depends on test tooling: %s", o)
	}
}
