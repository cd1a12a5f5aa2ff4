package server

import (
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Every goroutine the server starts — the config loop, watcher
// registration, engine compiles, document workers, the workspace scan,
// diagnostic refreshes and the message handlers — goes through
// background.run, so that Run can stop them and wait for them: nothing the
// server started writes to the log, the output or the caller's state after
// Run has returned.

// background tracks a server's goroutines.
type background struct {
	mu      sync.Mutex
	stopped bool
	wg      sync.WaitGroup
}

// run runs f in a goroutine of its own and reports true, or, once the
// server has stopped, does nothing and reports false.
func (b *background) run(f func()) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopped {
		return false
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		f()
	}()
	return true
}

// stopAndWait refuses new goroutines and waits for the running ones, at
// most limit; it reports whether they all ended. (Past limit, one
// goroutine is left waiting for them.)
func (b *background) stopAndWait(limit time.Duration) bool {
	b.mu.Lock()
	b.stopped = true
	b.mu.Unlock()
	// No Add can follow: run checks stopped under mu.
	done := make(chan struct{})
	go func() {
		b.wg.Wait()
		close(done)
	}()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// stopWait bounds how long Run waits for the server's goroutines after
// cancelling them. They all end soon after the cancel: a client call
// returns at once, a scan stops between files, an analysis within its
// timeout. Only work that does not look at the cancel — compiling an
// enormous pack, a config reload — takes longer, and no exit should hang
// on it for ever.
const stopWait = 10 * time.Second

// gatedLogger returns log with a gate: once closed is set, nothing more is
// written (the goroutines Run cannot wait for, jsonrpc2's read loop blocked
// in a read of a stdin that the client keeps open, or work past stopWait,
// must not write to a log file the caller has closed).
func gatedLogger(log *zap.Logger, closed *atomic.Bool) *zap.Logger {
	return log.WithOptions(zap.WrapCore(func(c zapcore.Core) zapcore.Core {
		return gatedCore{Core: c, closed: closed}
	}))
}

type gatedCore struct {
	zapcore.Core
	closed *atomic.Bool
}

func (g gatedCore) With(fields []zapcore.Field) zapcore.Core {
	return gatedCore{Core: g.Core.With(fields), closed: g.closed}
}

func (g gatedCore) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if g.closed.Load() {
		return ce
	}
	return g.Core.Check(e, ce)
}

func (g gatedCore) Write(e zapcore.Entry, fields []zapcore.Field) error {
	if g.closed.Load() {
		return nil
	}
	return g.Core.Write(e, fields)
}
