package main

import (
	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/analysis/format"
)

// A check of one document finds its config first and reads the file
// after (an excluded file is not even read). Finding the config — parsing
// it, a thousand rules and more — keeps one core busy for a millisecond
// or more while the other has nothing to do, so a one-document check
// reads its file on that other core meanwhile and plans its parts
// (analysis.Plan) for the check to come. What it read is used only if the
// config selects the file, as if read then: an excluded file's read error
// is never reported.

// readAhead is a target's file read (and its parts planned) on another
// goroutine.
type readAhead struct {
	read chan struct{} // closed once src and err are set
	src  []byte
	err  error
	plan *analysis.Plan
}

// startReadAhead reads the file at path (as readDocument, at most limit
// bytes) and plans its parts, on another goroutine.
func startReadAhead(path string, limit int) *readAhead {
	ra := &readAhead{read: make(chan struct{}), plan: analysis.NewPlan()}
	go func() {
		ra.src, ra.err = readDocument(path, limit)
		close(ra.read)
		if ra.err != nil || format.IsBinary(ra.src) {
			ra.plan.Make(analysis.Document{})
			return
		}
		ra.plan.Make(analysis.Document{Path: path, Text: ra.src})
	}()
	return ra
}

// readTarget reads t's file: what its read-ahead read, if it has one.
func (c *checker) readTarget(t target) ([]byte, error) {
	if t.ahead == nil {
		return readDocument(t.abs, c.maxSize)
	}
	<-t.ahead.read
	return t.ahead.src, t.ahead.err
}

// plan is t's read-ahead's plan (nil: none).
func (t target) plan() *analysis.Plan {
	if t.ahead == nil {
		return nil
	}
	return t.ahead.plan
}
