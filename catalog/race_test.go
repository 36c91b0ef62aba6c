//go:build race

package catalog

// raceEnabled: the race detector slows parsing about tenfold.
const raceEnabled = true
