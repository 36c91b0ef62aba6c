package faults

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFaultRecoveryLong (make test-long; CLAIMCHECK_LONG=1): for every fault
// mode, an audit with a state store under the fault, then a fault-free audit
// on the same store must give exactly the baseline's verdicts — a failure or
// a broken body is never cached and never replayed.
func TestFaultRecoveryLong(t *testing.T) {
	if os.Getenv("CLAIMCHECK_LONG") == "" {
		t.Skip("long suite: run with CLAIMCHECK_LONG=1 (make test-long)")
	}
	f := writeInputs(t, t.TempDir())
	s := newSim(t)
	base := parseReport(t, runCLI(t, envOf(s, nil), runLimit, auditArgs(f, "--no-state")...).stdout)
	baseV := verdicts(base)
	for _, c := range faultCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := newSim(t)
			state := filepath.Join(t.TempDir(), "state.db")
			for _, in := range c.inject {
				if err := s.SetFault(in.src, in.pattern, in.fault); err != nil {
					t.Fatal(err)
				}
			}
			runCLI(t, envOf(s, nil), runLimit, auditArgs(f, "--state", state)...)
			s.ClearFaults("")
			r := runCLI(t, envOf(s, nil), runLimit, auditArgs(f, "--state", state)...)
			got := verdicts(parseReport(t, r.stdout))
			for k, bf := range baseV {
				if got[k].Verdict != bf.Verdict {
					t.Errorf("after the fault cleared: %s is %s, baseline %s: %s", k, got[k].Verdict, bf.Verdict, got[k].Message)
				}
			}
			if len(got) != len(baseV) {
				t.Errorf("%d findings after recovery, baseline %d", len(got), len(baseV))
			}
		})
	}
}
