package server

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// FuzzEditApply applies didChange content changes with applyChanges (what
// didChange does) and the same changes to a plain Go string with the
// reference conversion (fuzz_position_test.go), in every encoding, and
// compares the texts and line indexes.
//
// The rule for bad ranges, which the oracle encodes: a character past its
// line's end clamps to the line's end, and a position inside a character
// snaps to its start; a line past the end (other than the line after the
// last, character 0) or an end before its start (after that clamping) is
// an error, and then the whole didChange is rejected: the text stays as
// it was (didChange then marks the document out of sync).
//
// ops are read 6 bytes to a change: flags, start line, start character,
// end line, end character, and the inserted text's choice. flags&1 makes
// a full-text change; flags&2 ends the didChange after this change.
func FuzzEditApply(f *testing.F) {
	f.Add("We utilize it.\nx", []byte{0, 0, 3, 0, 10, 1, 2, 1, 0, 1, 1, 2}, "use", uint8(0))
	f.Add("ab\r\n😀x\rc日\n\né🎉z", []byte{0, 1, 1, 1, 3, 3, 2, 0, 1, 1, 0, 4, 0, 2, 0, 0, 2, 5}, "\r", uint8(1))
	f.Add("😀😀\n😀", []byte{2, 0, 1, 0, 3, 0, 2, 0, 255, 0, 255, 1, 2, 1, 0, 0, 1, 6}, "é", uint8(2))
	f.Add("a\x80b\r\n\xe6\x97", []byte{0, 0, 2, 0, 1, 2, 3, 0, 0, 0, 0, 7, 0, 200, 0, 200, 0, 0}, "\xff", uint8(0))
	f.Add("line\n", []byte{0, 1, 0, 1, 0, 5, 2, 2, 0, 2, 0, 0, 2, 2, 1, 2, 1, 0}, "tail", uint8(0))
	f.Add("x\ry\r", []byte{0, 0, 1, 1, 0, 3, 0, 1, 0, 0, 1, 8, 2, 0, 0, 0, 0, 4}, "\n", uint8(1))
	f.Fuzz(func(t *testing.T, text string, ops []byte, ins string, encSel uint8) {
		if len(text) > 1024 {
			text = text[:1024]
		}
		if len(ops) > 20*6 {
			ops = ops[:20*6]
		}
		enc := allEncodings[int(encSel)%len(allEncodings)]
		inserts := []string{"", "x", "\n", "\r\n", "\r", "😀", "é", "日本", "a\nb\r", "\xff\x80", ins}

		snap := newSnapshot(1, []byte(text), nil)
		want := text // the oracle's text
		var batch []change
		batchText := want // the oracle's text while the batch is applied
		failed := -1      // the first change of the batch that is rejected
		for i := 0; i+6 <= len(ops); i += 6 {
			op := ops[i : i+6]
			lines := refLines(batchText)
			lineOf := func(v byte) uint32 {
				switch {
				case v == 255:
					return math.MaxUint32
				case v >= 200:
					return uint32(len(lines)) + uint32(v-200)
				}
				return uint32(int(v) % (len(lines) + 2))
			}
			charOf := func(v byte, line uint32) uint32 {
				if v == 255 {
					return math.MaxUint32
				}
				if v >= 200 || int64(line) >= int64(len(lines)) {
					return uint32(v)
				}
				width := refPosition(batchText, lines[line].end, enc).Character
				return uint32(int(v) % (int(width) + 3))
			}
			c := change{full: op[0]&1 != 0, text: inserts[int(op[5])%len(inserts)], index: len(batch)}
			if !c.full {
				c.rng.Start.Line = lineOf(op[1])
				c.rng.Start.Character = charOf(op[2], c.rng.Start.Line)
				c.rng.End.Line = lineOf(op[3])
				c.rng.End.Character = charOf(op[4], c.rng.End.Line)
			}
			batch = append(batch, c)
			// The oracle.
			if failed < 0 {
				if c.full {
					batchText = c.text
				} else {
					s, okS := refOffset(batchText, c.rng.Start, enc)
					e, okE := refOffset(batchText, c.rng.End, enc)
					if !okS || !okE || e < s {
						failed = c.index
					} else {
						batchText = batchText[:s] + c.text + batchText[e:]
					}
				}
			}
			if op[0]&2 == 0 && i+12 <= len(ops) {
				continue
			}
			// End of the didChange: apply it.
			gotText, gotIdx, err := applyChanges(snap, batch, enc)
			if failed >= 0 {
				var ce *changeError
				if !errors.As(err, &ce) || ce.index != failed {
					t.Fatalf("%q %s %+v: err %v, want a changeError for change %d", want, enc, batch, err, failed)
				}
				// Rejected: the text stays (and its index is built anew).
				snap = &snapshot{version: snap.version + 1, text: snap.text}
			} else {
				if err != nil {
					t.Fatalf("%q %s %+v: %v", want, enc, batch, err)
				}
				if string(gotText) != batchText {
					t.Fatalf("%q %s %+v: text %q, want %q", want, enc, batch, gotText, batchText)
				}
				checkIndex(t, gotText, gotIdx)
				want = batchText
				snap = newSnapshot(snap.version+1, gotText, gotIdx)
			}
			if string(snap.text) != want {
				t.Fatalf("server text %q, oracle %q", snap.text, want)
			}
			batch, batchText, failed = nil, want, -1
		}
	})
}

// checkIndex checks an index made by edits against one built anew.
func checkIndex(t *testing.T, text []byte, idx *lineIndex) {
	t.Helper()
	fresh := newLineIndex(text)
	if !reflect.DeepEqual(idx.starts, fresh.starts) {
		t.Fatalf("%q: line starts %v, want %v", text, idx.starts, fresh.starts)
	}
	if idx.ascii && !fresh.ascii {
		t.Fatalf("%q: index says ASCII", text)
	}
	if idx.hasCR != strings.ContainsRune(string(text), '\r') {
		t.Fatalf("%q: hasCR %v", text, idx.hasCR)
	}
	if string(idx.text) != string(text) {
		t.Fatalf("index of another text")
	}
}
