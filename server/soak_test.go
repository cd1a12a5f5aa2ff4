package server

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"go.lsp.dev/protocol"
)

var soakSize = flag.String("soak", "", "documents x edits for TestSoak, e.g. 200x100000 (default: a size for CI)")

// soakDoc is the test's oracle for one open document: its text, and the
// text of every version sent and not yet superseded by a publish.
type soakDoc struct {
	uri  protocol.DocumentURI
	path string

	mu      sync.Mutex
	version int32
	text    string
	sent    map[int32]sentVersion
	lastPub int32
	pubs    int
	closed  bool
	cleared bool // the empty publish after close arrived
}

type sentVersion struct {
	text string
	at   time.Time
}

type soakCheck struct {
	d       *soakDoc
	version int32
	text    string
	diags   []protocol.Diagnostic
}

// TestSoak opens many documents and sends random edits to all of them at
// once over the protocol. It checks that every publish carries a version
// that was sent and never goes back, that (for every publish) the
// diagnostics are those of that version's text, that the server's final
// text of every document equals the oracle's, and that after every
// document is closed the goroutines and the heap return to their baseline.
// Run the full size with -soak=200x100000.
func TestSoak(t *testing.T) {
	docs, edits := 50, 5000
	switch {
	case *soakSize != "":
		if _, err := fmt.Sscanf(*soakSize, "%dx%d", &docs, &edits); err != nil {
			t.Fatalf("-soak %q: want DOCSxEDITS", *soakSize)
		}
	case raceEnabled || testing.Short():
		docs, edits = 20, 1500
	}
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	check := oracle(t, dir)

	var srv *Server
	c := newClient(t, Options{onServer: func(s *Server) { srv = s }})
	c.noRecord = true
	c.initialize(dir, nil, nil)
	if srv == nil {
		t.Fatal("no server")
	}
	settle := func() {
		for i := 0; i < 3; i++ {
			runtime.GC()
		}
	}
	// Verification runs off the client's read loop, so that the latencies
	// measured are the server's. (Made before the baseline: its buffer is
	// the test's, not the server's.)
	checks := make(chan soakCheck, 1<<16)
	time.Sleep(50 * time.Millisecond)
	settle()
	baseG := runtime.NumGoroutine()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	baseHeap := ms.HeapAlloc

	var verified, failures int
	verifyDone := make(chan struct{})
	go func() {
		defer close(verifyDone)
		for ck := range checks {
			want := check(ck.d.path, []byte(ck.text))
			ok := len(want) == len(ck.diags)
			for i := 0; ok && i < len(want); i++ {
				g, f := ck.diags[i], want[i]
				ok = g.Code == f.Rule && g.Range.Start == testPosition(ck.text, f.Start, encUTF16) && g.Range.End == testPosition(ck.text, f.End, encUTF16)
			}
			verified++
			if !ok && failures < 5 {
				failures++
				t.Errorf("%s v%d: diagnostics %v, want %d findings\n%q", ck.d.uri, ck.version, codes(ck.diags), len(want), ck.text)
			}
		}
	}()

	ds := make([]*soakDoc, docs)
	byURI := map[protocol.DocumentURI]*soakDoc{}
	exts := []string{".md", ".md", ".txt", ".html", ".go"}
	rng := rand.New(rand.NewSource(7))
	for i := range ds {
		path := filepath.Join(dir, fmt.Sprintf("d%03d%s", i, exts[i%len(exts)]))
		var text string
		size := 500 + rng.Intn(12<<10) // some above defaultIncrementalMin
		switch filepath.Ext(path) {
		case ".md":
			text = genTricky(rng, format.KindMarkdown, size)
		case ".txt":
			text = genTricky(rng, format.KindText, size)
		case ".html":
			text = "<p>We utilize synergy.</p>\n<!-- note -->\n<p>SRE enables access to OpenAI models.</p>\n"
		default:
			text = "package x\n\n// We utilize synergy.\nfunc F() {}\n"
		}
		d := &soakDoc{uri: fileURI(path), path: path, version: 1, text: text, sent: map[int32]sentVersion{1: {text, time.Now()}}}
		ds[i], byURI[d.uri] = d, d
	}

	var latMu sync.Mutex
	var lat []time.Duration
	c.mu.Lock()
	c.onPublish = func(p publish) {
		d := byURI[p.URI]
		if d == nil {
			return
		}
		d.mu.Lock()
		defer d.mu.Unlock()
		if p.Version == nil {
			t.Errorf("%s: publish without a version", p.URI)
			return
		}
		v := *p.Version
		if v < d.lastPub {
			t.Errorf("%s: published version went back from %d to %d", p.URI, d.lastPub, v)
			return
		}
		if d.closed {
			if len(p.Diags) == 0 {
				d.cleared = true
			}
			return
		}
		sv, ok := d.sent[v]
		if !ok {
			t.Errorf("%s: published version %d was not sent (or is older than a version already published)", p.URI, v)
			return
		}
		latMu.Lock()
		lat = append(lat, time.Since(sv.at))
		latMu.Unlock()
		for old := range d.sent {
			if old < v {
				delete(d.sent, old)
			}
		}
		d.lastPub = v
		d.pubs++
		checks <- soakCheck{d, v, sv.text, p.Diags}
	}
	c.mu.Unlock()

	for _, d := range ds {
		c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
			URI: d.uri, Version: 1, Text: d.text,
		}})
	}

	snippets := []string{"utilize ", "enables access to OpenAI models ", "synergy ", "plain words ", "\n", "\n\n", "😀 ", "日本語 ", "SRE ",
		"e\u0301 ", "<!-- guardrail-disable-line test.utilize -->", "# Heading utilize\n", "- item\n", "```\ncode utilize\n```\n", "*OpenAI* "}
	start := time.Now()
	const senders = 4
	var wg sync.WaitGroup
	for g := 0; g < senders; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(100 + g)))
			var mine []*soakDoc
			for i := g; i < len(ds); i += senders {
				mine = append(mine, ds[i])
			}
			for e := g; e < edits; e += senders {
				d := mine[rng.Intn(len(mine))]
				d.mu.Lock()
				text := d.text
				runeStart := func() int {
					off := rng.Intn(len(text) + 1)
					for off > 0 && off < len(text) && !utf8.RuneStart(text[off]) {
						off--
					}
					return off
				}
				var change any
				switch k := rng.Intn(20); {
				case k < 11 && len(text) < 24<<10: // insert
					at := runeStart()
					s := snippets[rng.Intn(len(snippets))]
					pos := testPosition(text, at, encUTF16)
					change = rangeChange{Range: protocol.Range{Start: pos, End: pos}, Text: s}
					text = text[:at] + s + text[at:]
				case k < 19: // delete or replace a little
					a := runeStart()
					b := a
					for n := rng.Intn(40); n > 0 && b < len(text); n-- {
						_, size := utf8.DecodeRuneInString(text[b:])
						b += size
					}
					s := ""
					if k%2 == 0 {
						s = snippets[rng.Intn(len(snippets))]
					}
					change = rangeChange{Range: protocol.Range{Start: testPosition(text, a, encUTF16), End: testPosition(text, b, encUTF16)}, Text: s}
					text = text[:a] + s + text[b:]
				default: // replace everything
					text = genTricky(rng, format.KindMarkdown, 500+rng.Intn(4<<10))
					change = fullChange{Text: text}
				}
				d.version++
				d.text = text
				d.sent[d.version] = sentVersion{text, time.Now()}
				v := d.version
				// Send under the lock: versions of one document go out in
				// order.
				err := c.conn.Notify(t.Context(), protocol.MethodTextDocumentDidChange, map[string]any{
					"textDocument":   map[string]any{"uri": d.uri, "version": v},
					"contentChanges": []any{change},
				})
				d.mu.Unlock()
				if err != nil {
					t.Errorf("didChange: %v", err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	sendTime := time.Since(start)

	// Every document's newest version is published, and the server holds
	// exactly the oracle's text.
	deadline := time.Now().Add(2 * time.Minute)
	for _, d := range ds {
		for {
			d.mu.Lock()
			done := d.lastPub == d.version
			d.mu.Unlock()
			if done {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: newest version %d never published (last %d)", d.uri, d.version, d.lastPub)
			}
			time.Sleep(5 * time.Millisecond)
		}
		sd := srv.docs.get(d.uri)
		if sd == nil {
			t.Fatalf("%s: not open in the server", d.uri)
		}
		sd.mu.Lock()
		got, gotV := string(sd.snap.text), sd.snap.version
		sd.mu.Unlock()
		if got != d.text || gotV != d.version {
			t.Fatalf("%s: server has version %d %q\nwant version %d %q", d.uri, gotV, got, d.version, d.text)
		}
	}
	allDone := time.Since(start)
	var peak runtime.MemStats
	runtime.ReadMemStats(&peak)

	for _, d := range ds {
		d.mu.Lock()
		d.closed = true
		d.mu.Unlock()
		c.notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: d.uri}})
	}
	for _, d := range ds {
		for {
			d.mu.Lock()
			done := d.cleared
			d.mu.Unlock()
			if done {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: diagnostics not cleared after close", d.uri)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	close(checks)
	<-verifyDone
	for _, d := range ds {
		d.text, d.sent = "", nil // the test's own copies are not the server's heap
	}

	// Back to the baseline: no goroutine left behind, no document kept.
	var g int
	var heap uint64
	for wait := time.Now().Add(10 * time.Second); ; {
		settle()
		g = runtime.NumGoroutine()
		runtime.ReadMemStats(&ms)
		heap = ms.HeapAlloc
		if g <= baseG && heap <= baseHeap+8<<20 {
			break
		}
		if time.Now().After(wait) {
			t.Fatalf("after closing every document: %d goroutines (baseline %d), heap %d MB (baseline %d MB)", g, baseG, heap>>20, baseHeap>>20)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(srv.docs.all()); n != 0 {
		t.Fatalf("%d documents still in the store after closing all", n)
	}

	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pubs := 0
	for _, d := range ds {
		pubs += d.pubs
	}
	if pubs == 0 || verified != pubs {
		t.Fatalf("%d publishes, %d verified", pubs, verified)
	}
	t.Logf("%d documents, %d edits sent in %v (all published after %v); %d publishes, each verified against the oracle", docs, edits, sendTime.Round(time.Millisecond), allDone.Round(time.Millisecond), pubs)
	t.Logf("edit-to-publish latency: p50 %v, p99 %v, max %v", lat[len(lat)/2].Round(time.Microsecond), lat[len(lat)*99/100].Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond))
	t.Logf("goroutines %d (baseline %d); heap after close %d MB (baseline %d MB, %d MB before closing); %s",
		g, baseG, heap>>20, baseHeap>>20, peak.HeapAlloc>>20, peakRSS())
}

// peakRSS is the process's peak resident memory, from /proc (Linux).
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "peak RSS unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return "peak RSS " + strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "peak RSS unknown"
}
