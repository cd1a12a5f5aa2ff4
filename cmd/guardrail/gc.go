package main

import (
	"os"
	"runtime/debug"
)

// Loading and compiling the rules allocates mostly what stays live (the
// rules, the phrase index), so collecting while they load is wasted work:
// until its first engine is compiled a check lets the heap grow to five
// times its live data (GOGC=400), then goes back to the default, so the
// files that follow are checked in as little memory as before. GOGC, when
// set, wins.

func relaxGCWhileLoading() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// restoreGC ends relaxGCWhileLoading, once per checker.
func (c *checker) restoreGC() {
	c.gcOnce.Do(func() {
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(100)
		}
	})
}
