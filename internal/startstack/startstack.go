// Package startstack grows the main goroutine's stack once, early in
// package initialisation, to the size the rest of start-up takes it to.
//
// Compiling regular expressions at init (goldmark's parser and util
// packages do, and guardrail cannot change them) recurses deeply enough
// to take the main goroutine's stack from 8 KB to 128 KB, one doubling
// at a time: four copies of a growing stack, each onto fresh memory
// (page faults), in every process. A goroutine's stack grows in one step
// to fit the frame that overflows it, so calling a function with a
// frame of about 100 KB before those packages initialise (packages are
// initialised in import-path order once their dependencies are, and
// this one has none) takes the stack to 128 KB in one copy of the few
// KB then in use. The main goroutine then runs main on that stack, so
// the check of a document (run on it, check_inline.go) does not grow it
// either.
package startstack

// frameBytes is the frame reserved: with the stack in use at init (under
// 16 KB) and the runtime's guard it fits 128 KB, the size goldmark's init
// grows the stack to, and not 64 KB.
const frameBytes = 100 << 10

func init() { reserve() }

// reserve has a frame of frameBytes.
//
//go:noinline
func reserve() {
	var frame [frameBytes]byte
	touch(&frame)
}

// touch keeps frame on reserve's stack (it does not escape).
//
//go:noinline
func touch(frame *[frameBytes]byte) { frame[0] = 1 }
