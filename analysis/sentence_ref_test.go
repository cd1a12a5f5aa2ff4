package analysis

// sentenceAtRef is the sentence finder the engine used before clause.go:
// it scans back and forth from the match, so it costs the sentence's
// length per match. It is kept as the reference the one-pass segmentation
// is compared with.
func sentenceAtRef(text []byte, cs, ce, s, e int) (int, int) {
	start := cs
	for i := s - 1; i >= cs; i-- {
		if text[i] == hardSep {
			start = i + 1
			break
		}
		if j, ok := sentenceEnd(text, i, cs); ok && j <= s {
			start = j
			break
		}
	}
	end := ce
	for i := e; i < ce; i++ {
		if text[i] == hardSep {
			end = i
			break
		}
		if j, ok := sentenceEnd(text, i, cs); ok {
			end = min(j, ce)
			break
		}
	}
	return start, end
}
