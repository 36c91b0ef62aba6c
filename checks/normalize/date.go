package normalize

import "github.com/claimcheck/claimcheck/catalog"

func precisionRank(p catalog.Precision) int {
	switch p {
	case catalog.PrecisionYear:
		return 0
	case catalog.PrecisionMonth:
		return 1
	default:
		return 2
	}
}

// MatchDate compares a catalog date with an official one at the claim's
// precision: "2024-12" agrees with 2024-12-26, "2024" with any day of 2024, a
// day needs the same day. An official date less precise than the claim
// ("2024-12" for a claimed 2024-12-26) is inconclusive when it covers the
// claim and differs when it does not.
func MatchDate(claim, obs catalog.Date) Match {
	if precisionRank(obs.Precision) >= precisionRank(claim.Precision) {
		if claim.Covers(obs.Start()) {
			return Match{Result: Agree, Lo: true, Hi: true}
		}
		return Match{Result: Differ}
	}
	if obs.Covers(claim.Start()) {
		return Match{Result: Inconclusive, Note: "the source states the date less precisely"}
	}
	return Match{Result: Differ}
}

// SameDate reports whether two official dates agree at the coarser precision.
func SameDate(a, b catalog.Date) bool {
	if precisionRank(a.Precision) <= precisionRank(b.Precision) {
		return a.Covers(b.Start())
	}
	return b.Covers(a.Start())
}
