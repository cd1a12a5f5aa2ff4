package format

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/yuin/goldmark/text"
)

// removeLinkRefLines gives what goldmark's removal loop gives (copied here
// as it is in parser/link_ref.go), on random increasing removals.
func TestRemoveLinkRefLinesMatchesGoldmark(t *testing.T) {
	goldmark := func(all []text.Segment, removes [][2]int) []text.Segment {
		lines := text.NewSegments()
		lines.AppendAll(all)
		offset := 0
		for _, remove := range removes {
			if lines.Len() == 0 {
				break
			}
			s := lines.Sliced(remove[1]-offset, lines.Len())
			lines.SetSliced(0, remove[0]-offset)
			lines.AppendAll(s)
			offset = remove[1]
		}
		return lines.Sliced(0, lines.Len())
	}
	r := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 20000; k++ {
		n := 1 + r.IntN(12)
		all := make([]text.Segment, n)
		for i := range all {
			all[i] = text.NewSegment(i*10, i*10+5)
		}
		var removes [][2]int
		pos := 0
		for pos < n && r.IntN(4) != 0 {
			start := pos + r.IntN(3)
			end := start + 1 + r.IntN(3)
			if end > n {
				break
			}
			removes = append(removes, [2]int{start, end})
			pos = end
		}
		want, ok := func() (w []text.Segment, ok bool) {
			defer func() { ok = recover() == nil }()
			return goldmark(all, removes), true
		}()
		if !ok {
			continue // goldmark's arithmetic panics: cannot come from its parser
		}
		got := removeLinkRefLines(all, removes)
		if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
			t.Fatalf("removes %v of %d lines: got %v, goldmark %v", removes, n, got, want)
		}
	}
}
