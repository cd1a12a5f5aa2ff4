package format

import (
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/benchdata"
)

// blockCounts scopes src and returns how many segments the fast block
// scanner did and how many it left to goldmark (-1, -1: it did not try).
func blockCounts(src []byte) (fast, slow int) {
	sc := Scoped{}
	m := &mdScoper{src: src, sc: &sc}
	m.cur.arena, m.alt.arena, m.tmp.arena = &m.arena, &m.arena, &m.arena
	if !m.scopeBlocks() {
		return -1, -1
	}
	m.fast.release()
	return m.blocks.fast, m.blocks.slow
}

func TestMDBlockCoverage(t *testing.T) {
	fast, slow := blockCounts(benchdata.Text(256<<10, true))
	t.Logf("benchdata: %d fast, %d slow", fast, slow)
	if fast < 100 || slow != 0 {
		t.Errorf("benchdata: %d segments fast, %d slow; want all fast", fast, slow)
	}
}
