package main

import (
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
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

// TestHeapSmallBeforeFirstCollection: until the first collection under
// GOGC=400 the heap holds at most relaxedHeapMax (about), which is what
// lets heapSmall answer without reading it; past that, heapSmall reads
// the heap. It runs in a process of its own, whose heap no other test
// has grown.
func TestHeapSmallBeforeFirstCollection(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: the policy leaves it alone")
	}
	if os.Getenv("GUARDRAIL_GC_CHILD") != "" {
		heapSmallChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHeapSmallBeforeFirstCollection$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "GUARDRAIL_GC_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

func heapSmallChild(t *testing.T) {
	relaxGCWhileLoading()
	var s debug.GCStats
	debug.ReadGCStats(&s)
	if s.NumGC != 0 {
		t.Fatalf("%d collections before the test: the premise cannot be tested", s.NumGC)
	}
	var live [][]byte
	sawSmall := false
	for total := 0; total < 3*relaxedHeapMax; total += 256 << 10 {
		live = append(live, make([]byte, 256<<10))
		debug.ReadGCStats(&s)
		heap := heapObjectBytes()
		if s.NumGC == 0 {
			sawSmall = true
			// A collection started near the goal ends a little later.
			if heap > relaxedHeapMax+2<<20 {
				t.Fatalf("no collection yet with %d MB of heap: more than relaxedHeapMax", heap>>20)
			}
			if !heapSmall() {
				t.Fatalf("no collection yet: heapSmall is false")
			}
		} else if heap > relaxedHeapMax && heapSmall() {
			t.Fatalf("%d collections, %d MB of heap: heapSmall is true", s.NumGC, heap>>20)
		}
	}
	debug.ReadGCStats(&s)
	if !sawSmall || s.NumGC == 0 || heapSmall() {
		t.Fatalf("%d MB live, %d collections: the heap never grew past the first collection", len(live)/4, s.NumGC)
	}
	runtime.KeepAlive(live)
}
