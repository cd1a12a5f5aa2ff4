package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// TestMain also serves as the server process for the memory measurement
// (GUARDRAIL_TEST_SERVER=1): Run on stdin/stdout, sampling the Go heap;
// the peak goes to the file named by GUARDRAIL_TEST_MEMFILE at exit.
func TestMain(m *testing.M) {
	if os.Getenv("GUARDRAIL_TEST_SERVER") == "1" {
		os.Exit(childServer())
	}
	os.Exit(m.Run())
}

func childServer() int {
	var peakInuse, peakSys uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peakInuse = max(peakInuse, ms.HeapInuse)
			peakSys = max(peakSys, ms.Sys)
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	out := os.Stdout
	os.Stdout = os.Stderr
	code := Run(context.Background(), os.Stdin, out, Options{Logger: zap.NewNop(), NoUserConfig: true, TuneGC: true})
	close(stop)
	<-done
	if f := os.Getenv("GUARDRAIL_TEST_MEMFILE"); f != "" {
		_ = os.WriteFile(f, []byte(fmt.Sprintf("%d %d", peakInuse, peakSys)), 0o644)
	}
	return code
}

// words is a vocabulary of made-up words for generated rules and text.
func words(n int, rng *rand.Rand) []string {
	syl := []string{"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qui", "dor", "fen", "gal", "hum", "jin", "bre", "cla", "sto", "tra"}
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		w := ""
		for k := 2 + rng.Intn(2); k > 0; k-- {
			w += syl[rng.Intn(len(syl))]
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func phrase(vocab []string, rng *rand.Rand, n int) string {
	p := make([]string, n)
	for i := range p {
		p[i] = vocab[rng.Intn(len(vocab))]
	}
	return strings.Join(p, " ")
}

// genRules writes n rules: two restricted phrases each, approved phrases
// for most, some with when/unless context, regex patterns or inflection.
func genRules(n int, seed int64) (string, [][]string) {
	rng := rand.New(rand.NewSource(seed))
	vocab := words(3000, rng)
	var b strings.Builder
	b.WriteString("root = true\n")
	var restricted [][]string
	for i := 0; i < n; i++ {
		r1, r2 := phrase(vocab, rng, 2), phrase(vocab, rng, 2+rng.Intn(2))
		restricted = append(restricted, []string{r1, r2})
		fmt.Fprintf(&b, "\n[[rule]]\nid = \"gen.rule-%d\"\nrestricted = [%q, %q]\n", i, r1, r2)
		switch rng.Intn(4) {
		case 0:
		default:
			fmt.Fprintf(&b, "approved = [%q, %q]\nmessage = \"Use '{approved}', not '{match}'.\"\n", phrase(vocab, rng, 2), phrase(vocab, rng, 2))
		}
		switch rng.Intn(20) {
		case 0, 1:
			fmt.Fprintf(&b, "when = [%q]\n", vocab[rng.Intn(len(vocab))])
		case 2, 3:
			fmt.Fprintf(&b, "unless = [%q]\n", vocab[rng.Intn(len(vocab))])
		case 4:
			fmt.Fprintf(&b, "patterns = ['\\b%s(s|ed)? %s\\b']\n", vocab[rng.Intn(len(vocab))], vocab[rng.Intn(len(vocab))])
		case 5:
			b.WriteString("inflect = true\n")
		}
		fmt.Fprintf(&b, "severity = %q\n", []string{"error", "warning", "info", "hint"}[rng.Intn(4)])
	}
	return b.String(), restricted
}

// genMarkdown writes about size bytes of Markdown prose: headings,
// wrapped paragraphs, lists, inline code and links, with a restricted
// phrase every couple of kilobytes.
func genMarkdown(size int, seed int64, restricted [][]string) string {
	rng := rand.New(rand.NewSource(seed))
	vocab := words(3000, rand.New(rand.NewSource(seed+1)))
	common := strings.Fields("the a of and to in is it that for on with as this we our you are be can will")
	var b strings.Builder
	sentence := func() string {
		n := 6 + rng.Intn(12)
		ws := make([]string, n)
		for i := range ws {
			if rng.Intn(3) == 0 {
				ws[i] = vocab[rng.Intn(len(vocab))]
			} else {
				ws[i] = common[rng.Intn(len(common))]
			}
		}
		if rng.Intn(8) == 0 {
			ws[rng.Intn(n)] = restricted[rng.Intn(len(restricted))][rng.Intn(2)]
		}
		if rng.Intn(10) == 0 {
			ws[rng.Intn(n)] = "`code " + vocab[rng.Intn(len(vocab))] + "`"
		}
		if rng.Intn(12) == 0 {
			i := rng.Intn(n)
			ws[i] = "[" + ws[i] + "](https://example.com/" + vocab[rng.Intn(len(vocab))] + ")"
		}
		s := strings.Join(ws, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	for b.Len() < size {
		fmt.Fprintf(&b, "## %s\n\n", strings.TrimSuffix(sentence(), "."))
		for p := 2 + rng.Intn(3); p > 0; p-- {
			line := 0
			for s := 3 + rng.Intn(4); s > 0; s-- {
				for _, w := range strings.Fields(sentence()) {
					if line+len(w) > 78 {
						b.WriteString("\n")
						line = 0
					} else if line > 0 {
						b.WriteString(" ")
						line++
					}
					b.WriteString(w)
					line += len(w)
				}
			}
			b.WriteString("\n\n")
		}
		for l := rng.Intn(4); l > 0; l-- {
			fmt.Fprintf(&b, "- %s\n", sentence())
		}
		b.WriteString("\n")
	}
	return b.String()
}

// BenchmarkKeystrokeLatency measures keystroke-to-diagnostics latency
// through the protocol: one single-character edit (alternately inserting
// and deleting a letter at a random place), then the wait for the
// diagnostics of that version. Each b.N iteration is 1,000 keystrokes;
// p50/p99/max are over all of them.
//
//	go test ./server -run '^$' -bench KeystrokeLatency -benchtime 1x
//
// The server runs with TuneGC, as `guardrail lsp` does.
func BenchmarkKeystrokeLatency(b *testing.B) {
	rulesTOML, restricted := genRules(1000, 1)
	for _, size := range []struct {
		name  string
		bytes int
	}{{"100KB", 100 << 10}, {"1MB", 1 << 20}} {
		b.Run(size.name, func(b *testing.B) {
			dir := writeWorkspace(b, map[string]string{".guardrail.toml": rulesTOML})
			text := genMarkdown(size.bytes, 2, restricted)
			// As `guardrail lsp` runs it (the client shares the process).
			c := newClient(b, Options{TuneGC: true})
			c.initialize(dir, nil, nil)
			got := make(chan publish, 64)
			d := c.open(filepath.Join(dir, "doc.md"), "markdown", text)
			d.texts = nil // keep no copy of every version
			c.mu.Lock()
			c.onPublish = func(p publish) {
				if p.URI == d.uri {
					got <- p
				}
			}
			c.pubs = nil
			c.mu.Unlock()
			waitFor := func(v int32) publish {
				for {
					select {
					case p := <-got:
						if p.Version != nil && *p.Version == v {
							return p
						}
					case <-time.After(30 * time.Second):
						b.Fatalf("no diagnostics for version %d", v)
					}
				}
			}
			first := waitFor(1)
			var firstDiags struct {
				Diagnostics []json.RawMessage `json:"diagnostics"`
			}
			_ = json.Unmarshal(first.Raw, &firstDiags)
			c.mu.Lock()
			c.light = true
			c.mu.Unlock()
			lines := strings.Split(text, "\n")
			rng := rand.New(rand.NewSource(3))
			var lat []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for k := 0; k < 1000; k++ {
					var ch rangeChange
					var l, col int
					for {
						l = rng.Intn(len(lines))
						if len(lines[l]) > 2 {
							break
						}
					}
					col = 1 + rng.Intn(len(lines[l])-1)
					pos := protocol.Position{Line: uint32(l), Character: uint32(col)}
					ch = rangeChange{Range: protocol.Range{Start: pos, End: pos}, Text: "x"}
					// The client keeps no copy of the text: every other
					// keystroke undoes the one before.
					start := time.Now()
					v := d.sendOnly(ch)
					p := waitFor(v)
					lat = append(lat, p.At.Sub(start))
					end := protocol.Position{Line: uint32(l), Character: uint32(col + 1)}
					start = time.Now()
					v = d.sendOnly(rangeChange{Range: protocol.Range{Start: pos, End: end}, Text: ""})
					p = waitFor(v)
					lat = append(lat, p.At.Sub(start))
					k++
				}
				c.mu.Lock()
				c.pubs = nil
				c.mu.Unlock()
			}
			b.StopTimer()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			pct := func(q float64) float64 {
				return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
			b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
			b.ReportMetric(float64(len(firstDiags.Diagnostics)), "diagnostics")
			b.ReportMetric(float64(len(lat)), "keystrokes")
		})
	}
}

// procPipe joins a child's stdout and stdin.
type procPipe struct {
	io.Reader
	io.WriteCloser
}

// TestPeakMemory runs the server as a child process (with TuneGC, as
// `guardrail lsp` does) with 10,000 rules and 50 open 100 KB Markdown
// documents (each then edited), and reports its peak resident set (VmHWM)
// and Go heap. It fails over 150 MB.
func TestPeakMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: -short")
	}
	if raceEnabled {
		t.Skip("the race detector multiplies memory")
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	rulesTOML, restricted := genRules(10000, 7)
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": rulesTOML})
	memFile := filepath.Join(t.TempDir(), "mem")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GUARDRAIL_TEST_SERVER=1", "GUARDRAIL_TEST_MEMFILE="+memFile)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	code := make(chan int, 1)
	go func() {
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok {
			code <- ee.ExitCode()
			return
		}
		code <- 0
	}()
	c := newClientOn(t, procPipe{bufio.NewReader(stdout), stdin}, code)
	start := time.Now()
	c.initialize(dir, nil, nil)
	var ds []*doc
	for i := 0; i < 50; i++ {
		ds = append(ds, c.open(filepath.Join(dir, fmt.Sprintf("doc%02d.md", i)), "markdown", genMarkdown(100<<10, int64(100+i), restricted)))
	}
	total := 0
	for _, d := range ds {
		total += len(d.wait().Diags)
	}
	for round := 0; round < 3; round++ {
		for _, d := range ds {
			at := d.posAt(len(d.text) / 2)
			d.edit(rangeChange{Range: protocol.Range{Start: at, End: at}, Text: "x"})
		}
		for _, d := range ds {
			d.wait()
		}
	}
	took := time.Since(start)
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	var hwmKB int
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			hwmKB, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	if err := c.call(protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatal(err)
	}
	c.notify(protocol.MethodExit, nil)
	c.mu.Lock()
	c.exited = true
	c.mu.Unlock()
	if rc := <-code; rc != 0 {
		t.Fatalf("server exit code %d", rc)
	}
	var inuse, sys uint64
	if data, err := os.ReadFile(memFile); err == nil {
		fmt.Sscan(string(data), &inuse, &sys)
	}
	mb := func(n uint64) float64 { return float64(n) / (1 << 20) }
	t.Logf("10,000 rules, 50 open 100 KB documents (%d diagnostics), %v: peak RSS (VmHWM) %.1f MB, peak Go HeapInuse %.1f MB, peak Go Sys %.1f MB",
		total, took.Round(time.Millisecond), float64(hwmKB)/1024, mb(inuse), mb(sys))
	if hwmKB > 150*1024 {
		t.Errorf("peak RSS %.1f MB is over 150 MB", float64(hwmKB)/1024)
	}
}
