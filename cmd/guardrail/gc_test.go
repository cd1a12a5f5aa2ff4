package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestRestoreGC: a check goes back to the default GC once its engine is
// compiled, but for one document with a small heap, which stays relaxed.
func TestRestoreGC(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: the policy leaves it alone")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC() // the heap of earlier tests is not this check's
	percentAfter := func(oneDocument bool) int {
		relaxGCWhileLoading()
		c := newChecker(nil)
		c.oneDocument = oneDocument
		c.restoreGC()
		c.restoreGC() // once
		return debug.SetGCPercent(100)
	}
	if got := percentAfter(false); got != 100 {
		t.Errorf("a check of several files: GOGC %d after its engine, want 100", got)
	}
	if got := percentAfter(true); got != 400 {
		t.Errorf("a check of one file: GOGC %d after its engine, want 400", got)
	}
	big := make([]byte, relaxedHeapMax+1<<20)
	if got := percentAfter(true); got != 100 {
		t.Errorf("a check of one file with a %d MB heap: GOGC %d after its engine, want 100", len(big)>>20, got)
	}
	runtime.KeepAlive(big)
	// The check's end restores the default, whatever the heap.
	relaxGCWhileLoading()
	endGC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after the check: GOGC %d, want 100", got)
	}
}
