package main

// A check of one document (a file named on the command line, or stdin)
// has one target: streaming it through checkStream's producer, workers
// and result channel would start four goroutines, hand the target and its
// result between threads (on a busy machine each hand-off waits for the
// other thread to be scheduled) and grow each worker's stack from its
// first 2 KB. checkInline checks it on the calling goroutine instead, on
// the stack the process already has: the same calls in the same order
// (checkOne, then done), the progress counted as the stream counts it.
// The file is read on another core while its config is found.

// checkInline is checkStream for a check of one document.
func (c *checker) checkInline(produce func(emit func(target)) error, fix bool, done func(target, checked)) error {
	n := 0
	err := produce(func(t target) {
		if !t.stdin && c.newOnly == nil {
			t.ahead = startReadAhead(t.abs, c.maxSize) // read_ahead.go
		}
		if n == 0 && c.loader != nil {
			c.startEnginePrefetch(t.abs) // engine_prefetch.go
		}
		r := c.checkOne(t, fix)
		c.progress.fileDone()
		done(t, r)
		n++
	})
	c.progress.setTotal(n)
	return err
}
