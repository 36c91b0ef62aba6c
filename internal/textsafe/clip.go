package textsafe

// Clip shortens s to at most n runes, marking the cut with an ellipsis
// (which counts as one of the n). A string of n runes or fewer is returned
// as it is.
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
