package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"sync"
)

// Loading and compiling the rules allocates mostly what stays live (the
// rules, the phrase index), so collecting while they load is wasted work:
// until its first engine is compiled a check lets the heap grow to five
// times its live data (GOGC=400), then goes back to the default, so the
// files that follow are checked in as little memory as before.
//
// Until the first collection the heap may grow further, to relaxedHeapMax
// (GOGC=800, whose first goal is eight times the runtime's 4 MB minimum):
// 10,000 rules from the cache and a 1 MB Markdown file fit in it, and the
// one collection GOGC=400 would start at 16 MB (with its stop-the-world
// pauses, write barriers and a core's worth of marking for milliseconds,
// a sixth of such a check) buys nothing. The first collection, if any,
// ends that (gcState: a cleanup on an object dropped at the start), and
// from there on GOGC=400 holds as before.
//
// A check of one file (or stdin) whose heap is small once its engine is
// compiled (at most relaxedHeapMax, garbage included: about 11 MB with
// 1,000 rules from the cache, 20 MB with 10,000) keeps the relaxed GC to
// the end: what the one document allocates is garbage only when the
// process exits anyway, and the collections it would cost (two or three
// on a 1 MB Markdown file with 1,000 rules, with stop-the-world pauses
// that a busy machine stretches to milliseconds) buy nothing. A larger
// heap goes back to the default, as five times its live data would be
// tens of MB more for no fewer collections. GOGC, when set, wins.

// relaxedHeapMax is the largest heap, in bytes, that keeps a one-document
// check relaxed: the goal of the first collection under gcFirstPercent.
const relaxedHeapMax = 32 << 20

const (
	gcFirstPercent   = 800 // until the first collection
	gcRelaxedPercent = 400 // after it
)

// gcState is the relaxed GC's phase: first is true from relaxGCWhileLoading
// to the first collection, unless the default came back before it.
var gcState struct {
	mu    sync.Mutex
	gen   int // relaxGCWhileLoading calls: a cleanup acts for its own only
	first bool
}

func relaxGCWhileLoading() {
	if os.Getenv("GOGC") != "" {
		return
	}
	gcState.mu.Lock()
	gcState.gen++
	gcState.first = true
	gen := gcState.gen
	debug.SetGCPercent(gcFirstPercent)
	gcState.mu.Unlock()
	// Unreachable from here on: its cleanup runs after the next collection.
	runtime.AddCleanup(new([64]byte), firstCollectionDone, gen)
}

// firstCollectionDone ends the first phase of relaxGCWhileLoading number
// gen, if it is still on.
func firstCollectionDone(gen int) {
	gcState.mu.Lock()
	defer gcState.mu.Unlock()
	if gcState.gen == gen && gcState.first {
		gcState.first = false
		debug.SetGCPercent(gcRelaxedPercent)
	}
}

// setGCDefault goes back to the default GC.
func setGCDefault() {
	gcState.mu.Lock()
	defer gcState.mu.Unlock()
	gcState.first = false
	debug.SetGCPercent(100)
}

// restoreGC ends relaxGCWhileLoading once the checker's first engine is
// compiled (but for a one-document check with a small heap).
func (c *checker) restoreGC() {
	c.gcOnce.Do(func() {
		if os.Getenv("GOGC") != "" || c.oneDocument && heapSmall() {
			return
		}
		setGCDefault()
	})
}

// heapSmall reports whether the heap holds at most relaxedHeapMax bytes.
// Until the first collection it does: the first one comes when the heap
// reaches relaxedHeapMax, and the heap is not read. Reading it stops the
// world, which waits for the goroutines already scoping the document to
// stop (on a busy machine, for their threads to be scheduled) and flushes
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
		setGCDefault()
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
