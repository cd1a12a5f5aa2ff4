package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// Loading and compiling the rules allocates mostly what stays live (the
// rules, the phrase index), so collecting while they load is wasted work:
// until its first engine is compiled a check lets the heap grow to five
// times its live data (GOGC=400), then goes back to the default, so the
// files that follow are checked in as little memory as before.
//
// A check of one file (or stdin) whose heap is small once its engine is
// compiled (at most relaxedHeapMax, garbage included: about 11 MB with
// 1,000 rules from the cache, 70 MB with 10,000) keeps GOGC=400 to the
// end: what the one document allocates is garbage only when the process
// exits anyway, and the collections it would cost (two or three on a 1 MB
// Markdown file with 1,000 rules, with stop-the-world pauses that a busy
// machine stretches to milliseconds) buy nothing. A larger heap goes back
// to the default, as five times its live data would be tens of MB more
// for no fewer collections. GOGC, when set, wins.

// relaxedHeapMax is the largest heap, in bytes, that keeps a one-document
// check relaxed.
const relaxedHeapMax = 16 << 20

func relaxGCWhileLoading() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// restoreGC ends relaxGCWhileLoading once the checker's first engine is
// compiled (but for a one-document check with a small heap).
func (c *checker) restoreGC() {
	c.gcOnce.Do(func() {
		if os.Getenv("GOGC") != "" || c.oneDocument && heapSmall() {
			return
		}
		debug.SetGCPercent(100)
	})
}

// heapSmall reports whether the heap holds at most relaxedHeapMax bytes.
// Until the first collection it does: with GOGC=400 the first one comes
// when the heap reaches four times the runtime's 4 MB minimum, which is
// relaxedHeapMax, and the heap is not read. Reading it stops the world,
// which waits for the goroutines already scoping the document to stop
// (on a busy machine, for their threads to be scheduled) and flushes
// every core's allocation caches, which then refill.
func heapSmall() bool {
	var s debug.GCStats
	debug.ReadGCStats(&s) // no stop: a lock and a copy
	return s.NumGC == 0 || heapObjectBytes() <= relaxedHeapMax
}

// endGC ends relaxGCWhileLoading when the check returns (for a check run
// in-process, as the tests do; the heap is not looked at).
func endGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(100)
	}
}

// heapObjectBytes is the memory held by heap objects, live or not yet
// collected. (runtime.ReadMemStats stops the world; runtime/metrics would
// cost every start its init.)
func heapObjectBytes() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
