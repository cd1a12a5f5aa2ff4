// Package suggest finds the known name closest to a mistyped one, for the
// "did you mean" hints of the command line, the config loader and the
// unused-suppression report.
package suggest

// MaxDistance is the largest edit distance that still counts as a near
// miss: "chek" → "check", "sre.acess-claim" → "sre.access-claim".
const MaxDistance = 2

// maxLen bounds the names compared: a 10 KB "rule id" in a comment is not
// a typo of anything, and comparing it would cost its length times every
// known name's.
const maxLen = 128

// Closest returns the known name nearest to name (at most MaxDistance
// edits away; the first of equally near ones), and false when none is
// near or name is known already.
func Closest(name string, known []string) (string, bool) {
	if len(name) > maxLen {
		return "", false
	}
	best, bestD := "", MaxDistance+1
	for _, k := range known {
		if k == name {
			return "", false
		}
		if len(k) > maxLen || abs(len(k)-len(name)) >= bestD {
			continue
		}
		if d := Distance(name, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best, best != ""
}

// Distance is the Levenshtein distance of a and b in code points.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
