package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunPrintsEndpointsAndServes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"-world", "../../simulator/testdata/world", "-scale", "0.01", "-no-limits",
			"-fault", "docs:/news/*=5xx:1", "-latency-for", "github=1ms"}, &stdout, &stderr)
	}()
	env := map[string]string{}
	deadline := time.Now().Add(5 * time.Second)
	for len(env) < 6 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		sc := bufio.NewScanner(strings.NewReader(stdout.String()))
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), "="); ok && !strings.HasPrefix(k, "#") {
				env[k] = v
			}
		}
	}
	for _, k := range []string{"CLAIMCHECK_ARXIV_API_URL", "CLAIMCHECK_ARXIV_URL", "GITHUB_API_URL", "HF_ENDPOINT", "CLAIMCHECK_DOCS_URL", "CLAIMCHECK_CROSSREF_URL"} {
		if !strings.HasPrefix(env[k], "http://127.0.0.1:") {
			t.Fatalf("%s = %q; stdout:\n%s\nstderr:\n%s", k, env[k], stdout.String(), stderr.String())
		}
	}
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	codes := []int{}
	for range 2 {
		resp, err := c.Get(env["CLAIMCHECK_DOCS_URL"] + "/news/news1226")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		codes = append(codes, resp.StatusCode)
	}
	if codes[0] != 503 || codes[1] != 200 {
		t.Errorf("docs answered %v, want the injected 503 then 200", codes)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not return after cancel")
	}
	if !strings.Contains(stderr.String(), "source stats") || !strings.Contains(stderr.String(), `"requests": 2`) {
		t.Errorf("stats not logged:\n%s", stderr.String())
	}
}

func TestRunUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-fault", "moon=timeout"},
		{"-latency-for", "github"},
		{"-scale", "0"},
		{"-port", "80"},
		{"-world", "/nonexistent/world"},
		{"extra"},
	} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
