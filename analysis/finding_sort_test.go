package analysis

import (
	"math/rand"
	"slices"
	"sort"
	"testing"
)

// sortFindings gives sort.SliceStable's order (start, rule, end; equal
// findings in their first order), sorted input or not.
func TestSortFindingsStable(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	rulesIDs := []string{"a", "b", "c"}
	for n := range 60 {
		fs := make([]Finding, n)
		for i := range fs {
			s := rng.Intn(8)
			fs[i] = Finding{Start: s, End: s + rng.Intn(3), Rule: rulesIDs[rng.Intn(3)], Message: string(rune('A' + i%26))}
		}
		if n%5 == 0 {
			sortFindings(fs) // already sorted, the next time
		}
		want := slices.Clone(fs)
		sort.SliceStable(want, func(i, j int) bool {
			a, b := want[i], want[j]
			if a.Start != b.Start {
				return a.Start < b.Start
			}
			if a.Rule != b.Rule {
				return a.Rule < b.Rule
			}
			return a.End < b.End
		})
		sortFindings(fs)
		for i := range fs {
			if fs[i].Start != want[i].Start || fs[i].Rule != want[i].Rule || fs[i].End != want[i].End || fs[i].Message != want[i].Message {
				t.Fatalf("n=%d: at %d got %+v, want %+v", n, i, fs[i], want[i])
			}
		}
	}
}
