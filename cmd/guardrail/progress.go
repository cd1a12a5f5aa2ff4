package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// progress is the line on stderr that says how far a long `check` has
// got: "guardrail: checked 1200 files…" while the walk goes on, then
// "guardrail: checked 1200/5000 files" once it has finished. On a
// terminal it is one line redrawn in place, shown only after the run has
// taken progressDelay, and erased when the last file is done, before the
// report is written. Asked for with --progress where stderr is not a
// terminal (a CI log), it is a plain line every progressEvery and a last
// line with the count.
//
// The checker calls setTotal when the number of files is known and
// fileDone after each file, from any goroutine (check.go, checkAll); both
// do nothing on a nil *progress.
type progress struct {
	w     io.Writer
	tty   bool
	delay time.Duration

	done  atomic.Int64
	total atomic.Int64 // -1 until setTotal

	mu      sync.Mutex
	start   time.Time
	shown   bool // a terminal line is on screen
	stopped bool
	quit    chan struct{}
}

const (
	progressDelay = 500 * time.Millisecond
	progressTick  = 100 * time.Millisecond
	progressEvery = 2 * time.Second
)

// startProgress starts the progress line for a check run, or returns nil
// when there is none: --progress / --progress=false decide; by default
// it is shown when stderr is a terminal (TERM not "dumb") and the CI
// variable is unset.
func (a *app) startProgress(f checkFlags) *progress {
	tty := isTerminal(a.stderrFile) && a.env("TERM") != "dumb"
	if !progressOn(f, tty, a.env) {
		return nil
	}
	p := newProgress(a.stderr, tty, time.Now())
	if f.progressSet {
		p.delay = 0 // asked for: from the start
	}
	tick := progressTick
	if !tty {
		tick = progressEvery
	}
	go p.run(tick)
	return p
}

// progressOn decides whether a run shows the progress line: as
// --progress says when given, else on a terminal outside CI.
func progressOn(f checkFlags, tty bool, getenv func(string) string) bool {
	if f.progressSet {
		return f.progress
	}
	return tty && getenv("CI") == ""
}

func newProgress(w io.Writer, tty bool, now time.Time) *progress {
	p := &progress{w: w, tty: tty, delay: progressDelay, start: now, quit: make(chan struct{})}
	p.total.Store(-1)
	return p
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	if f == nil {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *progress) run(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-p.quit:
			return
		case now := <-t.C:
			p.render(now)
		}
	}
}

// setTotal records the number of files, once the walk has found them all.
func (p *progress) setTotal(n int) {
	if p == nil {
		return
	}
	p.total.Store(int64(n))
	if p.done.Load() >= int64(n) {
		p.finish()
	}
}

// fileDone counts one file checked; the last one ends the line.
func (p *progress) fileDone() {
	if p == nil {
		return
	}
	n := p.done.Add(1)
	if t := p.total.Load(); t >= 0 && n >= t {
		p.finish()
	}
}

// text is the line's text, without a line ending.
func (p *progress) text() string {
	done, total := p.done.Load(), p.total.Load()
	if total < 0 {
		return fmt.Sprintf("guardrail: checked %d %s…", done, plural(int(done), "file", "files"))
	}
	return fmt.Sprintf("guardrail: checked %d/%d %s", done, total, plural(int(total), "file", "files"))
}

// render draws the line as of now.
func (p *progress) render(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped || now.Sub(p.start) < p.delay {
		return
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r\x1b[K%s", p.text())
		p.shown = true
		return
	}
	fmt.Fprintln(p.w, p.text())
}

// finish ends the line: erased on a terminal, a last count otherwise.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.stopped = true
	close(p.quit)
	switch {
	case p.tty && p.shown:
		fmt.Fprint(p.w, "\r\x1b[K")
	case !p.tty:
		fmt.Fprintln(p.w, p.text())
	}
}

// stop ends the line if the run ends before its last file (an error);
// without a total, nothing more is printed.
func (p *progress) stop() {
	if p == nil {
		return
	}
	if p.total.Load() < 0 {
		p.mu.Lock()
		if !p.stopped {
			p.stopped = true
			close(p.quit)
			if p.shown {
				fmt.Fprint(p.w, "\r\x1b[K")
			}
		}
		p.mu.Unlock()
		return
	}
	p.finish()
}
