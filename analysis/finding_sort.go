package analysis

import (
	"cmp"
	"slices"
	"strings"
)

// sortFindings orders findings by start, then rule, then end, keeping the
// order of equal ones. It sorts indices and moves each finding once:
// sort.SliceStable moved these large items through reflection, with
// write barriers, about 4% of a run with 28,000 findings.
func sortFindings(fs []Finding) {
	compare := func(a, b *Finding) int {
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		if a.Rule != b.Rule {
			return strings.Compare(a.Rule, b.Rule)
		}
		return cmp.Compare(a.End, b.End)
	}
	sorted := true
	for i := 1; i < len(fs) && sorted; i++ {
		sorted = compare(&fs[i-1], &fs[i]) <= 0
	}
	if sorted {
		return
	}
	order := make([]int32, len(fs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int { return compare(&fs[i], &fs[j]) })
	out := make([]Finding, len(fs))
	for i, k := range order {
		out[i] = fs[k]
	}
	copy(fs, out)
}
