package main

import (
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

// TestCheckInlineOneDocument: a check of one document checks its target
// on the calling goroutine, before emit returns (no worker, no channel),
// and finds what the streamed check finds; the progress line counts the
// file as the stream does.
func TestCheckInlineOneDocument(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".guardrail.toml": testConfig,
		"a.md":            "We utilize it twice: utilize.\n",
	})
	t.Chdir(dir)
	abs, _ := filepath.Abs("a.md")
	run := func(one bool) (string, bool) {
		ck := newChecker(rules.NewLoader(rules.Options{}))
		ck.oneDocument = one
		var got string
		var called atomic.Bool // done has run (read on the producer's goroutine)
		doneBeforeEmitReturned := false
		err := ck.checkStream(func(emit func(target)) error {
			emit(target{display: "a.md", abs: abs, named: true})
			doneBeforeEmitReturned = called.Load()
			return nil
		}, false, func(tg target, r checked) {
			got = fmt.Sprintf("%s:%d", tg.display, len(r.file.Findings))
			called.Store(true)
		})
		if err != nil {
			t.Fatal(err)
		}
		return got, doneBeforeEmitReturned
	}
	inline, wasInline := run(true)
	streamed, _ := run(false)
	if !wasInline {
		t.Errorf("one document: the target was not checked before emit returned (not inline)")
	}
	if inline != "a.md:2" || inline != streamed {
		t.Errorf("one document inline: %q, streamed: %q, want a.md:2 both", inline, streamed)
	}
}

// TestCheckInlineKeepsProduceError: produce's error comes back from the
// inline path as from the stream.
func TestCheckInlineKeepsProduceError(t *testing.T) {
	ck := newChecker(rules.NewLoader(rules.Options{}))
	ck.oneDocument = true
	calls := 0
	err := ck.checkStream(func(emit func(target)) error {
		return fmt.Errorf("walking x: boom")
	}, false, func(target, checked) { calls++ })
	if err == nil || err.Error() != "walking x: boom" || calls != 0 {
		t.Errorf("err %v, %d done calls; want produce's error and none", err, calls)
	}
}
