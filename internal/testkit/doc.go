// Package testkit is the root of claimcheck's test and proof tooling, kept
// apart from the production tree so that `go list ./...` shows the two apart:
//
//   - simulator: the loopback official-sources server (one httptest server per
//     source, answering from a recorded world in the cassette format);
//   - bench: the benchmark harness (audit figures, the gate, scale runs);
//   - faultkit: the in-process audit runner and routing transport the fault
//     suites and the benchmarks share;
//   - faults: the fault-injection and security suites (tests only);
//   - mkrecording: the command that regenerates testdata/recording;
//   - extracttest: the plumbing the extractor tests share;
//   - cmd/claimcheck-sim, cmd/claimcheck-bench: the simulator and the
//     benchmark as commands.
//
// Nothing here is ever imported by production code (the packages that
// ./cmd/claimcheck is built from, and every other package outside this tree):
// TestProductionNeverImportsTestkit fails when one does. Test files of
// production packages may import it.
package testkit
