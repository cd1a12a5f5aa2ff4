package server

import (
	"context"
	"net"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// TestRunWaitsForItsGoroutines: a goroutine the server started is still
// busy — the config loop reading a config, a document's worker analysing
// it — when the client sends shutdown and exit (a hook holds it until the
// server stops, then takes a moment more). Run must not return before that
// goroutine has finished: the hook, which runs on it, must never see Run
// returned.
func TestRunWaitsForItsGoroutines(t *testing.T) {
	for _, tc := range []struct {
		name string
		hook func(o *Options, h func(string))
		busy func(c *client, dir string) // makes the goroutine run the hook
	}{
		{"config loop", func(o *Options, h func(string)) { o.readConfigHook = h }, func(*client, string) {}},
		{"document worker", func(o *Options, h func(string)) { o.analyzeHook = h }, func(c *client, dir string) {
			c.open(filepath.Join(dir, "a.md"), "markdown", "SRE enables access to OpenAI models.\n")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
			var (
				srv      atomic.Pointer[Server]
				returned atomic.Bool // set as soon as Run returns
				late     atomic.Bool // a hook ran on after Run returned
				entered  = make(chan struct{})
				hookDone = make(chan struct{})
				once     sync.Once
			)
			opts := Options{Logger: testLogger(), NoUserConfig: true, onServer: func(s *Server) { srv.Store(s) }}
			tc.hook(&opts, func(string) {
				first := false
				once.Do(func() { first = true })
				if first {
					close(entered)
					<-srv.Load().ctx.Done() // held until shutdown cancels the server's work
					// The old Run returned right after the cancel, and
					// this goroutine went on (and logged).
					time.Sleep(100 * time.Millisecond)
				}
				if returned.Load() {
					late.Store(true)
				}
				if first {
					close(hookDone)
				}
			})
			sc, cc := net.Pipe()
			code := make(chan int, 1)
			go func() {
				c := Run(context.Background(), sc, sc, opts)
				returned.Store(true)
				code <- c
			}()
			c := newClientOn(t, cc, code)
			c.initialize(dir, nil, nil) // then initialized: the config loop loads the folder's config
			tc.busy(c, dir)
			select {
			case <-entered:
			case <-time.After(patience):
				t.Fatal("the hook never ran")
			}
			c.callWithin(protocol.MethodShutdown, nil, nil)
			c.notify(protocol.MethodExit, nil)
			select {
			case got := <-code:
				c.mu.Lock()
				c.exited = true
				c.mu.Unlock()
				if got != 0 {
					t.Errorf("exit code %d", got)
				}
			case <-time.After(patience):
				t.Fatal("Run did not return")
			}
			select {
			case <-hookDone:
			case <-time.After(patience):
				t.Fatal("the hook never finished")
			}
			if late.Load() {
				t.Fatal("a goroutine of the server was still running after Run returned")
			}
		})
	}
}

// TestRunLogsNothingAfterReturn: whatever still runs once Run has returned
// (jsonrpc2's read loop, blocked on a stdin the client keeps open) cannot
// write to the caller's logger.
func TestRunLogsNothingAfterReturn(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	var closed atomic.Bool
	log := gatedLogger(zap.New(core), &closed).With(zap.String("k", "v"))
	log.Info("before")
	closed.Store(true)
	log.Info("after")
	log.Error("after")
	log.With(zap.Int("n", 1)).Warn("after")
	if got := logs.All(); len(got) != 1 || got[0].Message != "before" {
		t.Fatalf("logged %+v", got)
	}
}
