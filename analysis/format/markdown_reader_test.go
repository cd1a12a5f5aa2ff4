package format

import (
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// TestMDASCIIClass checks the ASCII table of punctSpace against goldmark's
// util.IsPunctRune and util.IsSpaceRune, which scanDelimiter used to call.
func TestMDASCIIClass(t *testing.T) {
	for r := rune(-1); r < utf8.RuneSelf+2; r++ {
		p, s := punctSpace(r)
		if p != util.IsPunctRune(r) || s != util.IsSpaceRune(r) {
			t.Errorf("punctSpace(%q) = %v, %v; goldmark says %v, %v", r, p, s, util.IsPunctRune(r), util.IsSpaceRune(r))
		}
	}
}
