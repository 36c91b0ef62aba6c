package reports

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimcheck/claimcheck/checks"
)

var screenshot = flag.String("screenshot", "", "also save a screenshot of the sample HTML report to this PNG file")

// chromiumPath finds Debian's chromium (installed by .ci/run), or skips.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CLAIMCHECK_REQUIRE_BROWSER") != "" {
		t.Fatal("CLAIMCHECK_REQUIRE_BROWSER is set but chromium is not installed")
	}
	t.Skip("chromium not installed (apt-get install -y chromium); skipping the headless-browser test")
	return ""
}

// runChromium runs headless chromium on file with extra arguments and returns stdout.
func runChromium(t *testing.T, bin, file string, extra ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir=" + t.TempDir(),
	}
	args = append(args, extra...)
	args = append(args, "file://"+file)
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", extra, err, stderr.String())
	}
	return stdout.String()
}

// TestHTMLInBrowser renders the sample report in headless Chromium: the DOM
// after scripts holds the counts, the page's own script ran (the CSP hash is
// right), and the hostile quote ran nothing.
func TestHTMLInBrowser(t *testing.T) {
	bin := chromiumPath(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, render(t, "html", sampleReport()), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := runChromium(t, bin, file, "--dump-dom")
	if !strings.Contains(dom, "</html>") {
		t.Fatalf("no DOM dumped:\n%s", dom)
	}

	sum := Summarize(sampleReport().Findings)
	for _, v := range checks.Verdicts {
		re := regexp.MustCompile(`id="count-` + string(v) + `"><span class="n">(\d+)</span>`)
		m := re.FindStringSubmatch(dom)
		if m == nil {
			t.Errorf("no count tile for %s in the rendered DOM", v)
			continue
		}
		if n, _ := strconv.Atoi(m[1]); n != sum[v] {
			t.Errorf("tile %s shows %d, want %d", v, n, sum[v])
		}
	}
	// The page's script ran: it marks the body and reveals the filters. If the
	// CSP hash did not match the script, neither would happen.
	if !regexp.MustCompile(`<body class="[^"]*\bjs\b`).MatchString(dom) {
		t.Error("the report's own script did not run (CSP hash mismatch?)")
	}
	if regexp.MustCompile(`<fieldset id="filters"[^>]*hidden`).MatchString(dom) {
		t.Error("filters still hidden after the script ran")
	}
	// Verified claims start hidden when there is something else to look at.
	if !strings.Contains(dom, "hide-verified") {
		t.Error("verified claims are not filtered out by default")
	}
	// The hostile quote ran nothing: no element it would add, title untouched.
	if strings.Contains(dom, `<div id="pwned"`) {
		t.Error("injected markup became an element")
	}
	title := regexp.MustCompile(`<title>([^<]*)</title>`).FindStringSubmatch(dom)
	if title == nil || title[1] != "claimcheck report: DeepSeek research guide" {
		t.Errorf("document title = %v; injected script may have run", title)
	}
	if strings.Contains(dom, `href="javascript:`) {
		t.Error("a javascript: URL became a link")
	}
	// The quote is still shown, as text.
	if !strings.Contains(dom, "&lt;script&gt;document.title=") {
		t.Error("hostile quote is not shown as text")
	}

	if *screenshot != "" {
		out, err := filepath.Abs(*screenshot)
		if err != nil {
			t.Fatal(err)
		}
		runChromium(t, bin, file, "--hide-scrollbars", "--window-size=1280,2600", "--screenshot="+out)
		t.Logf("screenshot written to %s", out)
	}
}
