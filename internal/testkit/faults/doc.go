// Package faults holds claimcheck's fault-injection and security suites. They
// are tests only (faults_test.go, security_test.go): each runs real audits
// against the loopback official-sources simulator (internal/testkit/simulator) with a
// fault injected into one source or a hostile input, and asserts the
// documented outcome. See docs/security.md and docs/benchmarks.md.
package faults
