package cli

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// dnsDown answers every request as a resolver on a machine without network
// would: the name does not resolve. Nothing is dialled.
type dnsDown struct{}

func (dnsDown) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		r.Body.Close()
	}
	return nil, &net.DNSError{Err: "no such host", Name: r.URL.Hostname(), IsNotFound: true}
}

// Without network the audit stops within seconds, says so and how to run
// offline, writes its report, and exits 3 — instead of retrying every
// resource of every source for minutes.
func TestAuditWithoutNetworkFailsFast(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	cmd := auditCommand(func(string) string { return "" }, dnsDown{})
	cmd.SetArgs([]string{"--no-state", "--now", "2026-11-28", "--quiet", "--format", "json"})
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	start := time.Now()
	err := cmd.ExecuteContext(context.Background())
	took := time.Since(start)
	code := exitCode(err, &stderr)
	t.Logf("exit %d after %s: %v", code, took.Round(time.Millisecond), err)
	if code != ExitIncomplete {
		t.Errorf("exit %d, want %d", code, ExitIncomplete)
	}
	if took > 15*time.Second {
		t.Errorf("took %s, want well under 15 s", took)
	}
	msg := stderr.String()
	if err != nil {
		msg += err.Error()
	}
	for _, want := range []string{"no network? every source failed", "use --replay DIR for an offline run"} {
		if !strings.Contains(msg, want) {
			t.Errorf("no %q in:\n%s", want, msg)
		}
	}
	if !strings.Contains(stdout.String(), `"findings"`) {
		t.Error("no report written")
	}
}
