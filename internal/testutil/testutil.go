// Package testutil holds helpers shared by the tests of several packages:
// writing a file tree, running code under a time bound, and measuring the
// heap an operation needs.
package testutil

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// WriteTree writes files (slash paths relative to dir → content) under
// dir, making folders as needed; a path ending in "/" makes an empty
// folder.
func WriteTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Bounded runs fn in a goroutine and fails the test if it panics or does
// not return within d. name says which input it was.
func Bounded(t testing.TB, name string, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		fn()
	}()
	select {
	case p := <-done:
		if p != nil {
			t.Fatalf("%s: panic: %v", name, p)
		}
	case <-time.After(d):
		t.Fatalf("%s: did not finish within %v", name, d)
	}
}

// PeakHeap runs fn and returns the peak of the Go heap in use while it
// ran, above the heap in use before (sampled every 5 ms), and how long it
// took.
func PeakHeap(fn func()) (peak uint64, took time.Duration) {
	runtime.GC()
	runtime.GC() // twice: the second empties sync.Pools
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var max atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > max.Load() {
				max.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	fn()
	took = time.Since(start)
	close(stop)
	<-done
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc > max.Load() {
		max.Store(ms.HeapAlloc)
	}
	if m := max.Load(); m > base {
		peak = m - base
	}
	return peak, took
}
