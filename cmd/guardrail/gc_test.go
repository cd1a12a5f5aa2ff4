package main

import (
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestRestoreGC: a check goes back to the default GC once its engine is
// compiled, but for one document with a small heap, which stays relaxed:
// GOGC=800 until the first collection, 400 after it.
func TestRestoreGC(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: the policy leaves it alone")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC() // the heap of earlier tests is not this check's
	percentAfter := func(oneDocument, collect bool) int {
		relaxGCWhileLoading()
		c := newChecker(nil)
		c.oneDocument = oneDocument
		c.restoreGC()
		c.restoreGC() // once
		if collect {
			waitFirstCollectionDone(t)
		}
		return debug.SetGCPercent(100)
	}
	if got := percentAfter(false, false); got != 100 {
		t.Errorf("a check of several files: GOGC %d after its engine, want 100", got)
	}
	if got := percentAfter(false, true); got != 100 {
		t.Errorf("a check of several files, then a collection: GOGC %d, want 100", got)
	}
	if got := percentAfter(true, false); got != gcFirstPercent {
		t.Errorf("a check of one file: GOGC %d after its engine, want %d", got, gcFirstPercent)
	}
	if got := percentAfter(true, true); got != gcRelaxedPercent {
		t.Errorf("a check of one file, then a collection: GOGC %d, want %d", got, gcRelaxedPercent)
	}
	big := make([]byte, relaxedHeapMax+1<<20)
	if got := percentAfter(true, false); got != 100 {
		t.Errorf("a check of one file with a %d MB heap: GOGC %d after its engine, want 100", len(big)>>20, got)
	}
	runtime.KeepAlive(big)
	// The check's end restores the default, whatever the heap, and a
	// collection after it changes nothing.
	relaxGCWhileLoading()
	endGC()
	waitFirstCollectionDone(t)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after the check: GOGC %d, want 100", got)
	}
	// A collection during loading ends the first phase.
	relaxGCWhileLoading()
	waitFirstCollectionDone(t)
	if got := debug.SetGCPercent(100); got != gcRelaxedPercent {
		t.Errorf("loading, after a collection: GOGC %d, want %d", got, gcRelaxedPercent)
	}
	endGC()
}

// waitFirstCollectionDone collects and waits for the cleanup of the last
// relaxGCWhileLoading to have run (a cleanup runs on a goroutine of its
// own after the collection; one added after it runs after it).
func waitFirstCollectionDone(t *testing.T) {
	t.Helper()
	done := make(chan struct{})
	runtime.AddCleanup(new([64]byte), func(c chan struct{}) { close(c) }, done)
	for start := time.Now(); time.Since(start) < 10*time.Second; {
		runtime.GC()
		select {
		case <-done:
			// Cleanups run one at a time in the order queued on this
			// runtime, but not by contract: settle on the state.
			gcState.mu.Lock()
			first := gcState.first
			gcState.mu.Unlock()
			if !first {
				return
			}
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatal("the cleanup of relaxGCWhileLoading did not run")
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
			// (A collection may end between the two reads of the stats:
			// then heapSmall may rightly read the heap.)
			small := heapSmall()
			var after debug.GCStats
			debug.ReadGCStats(&after)
			if !small && after.NumGC == 0 {
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
