package server

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

func TestOpenPublishesDiagnostics(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	res := c.initialize(dir, nil, nil)
	if res.ServerInfo.Name != "guardrail" || res.Capabilities.PositionEncoding != encUTF16 || !res.Capabilities.HoverProvider {
		t.Fatalf("initialize result: %+v", res)
	}
	if !strings.Contains(string(res.Capabilities.TextDocumentSync), `"change":2`) || !strings.Contains(string(res.Capabilities.TextDocumentSync), `"openClose":true`) {
		t.Fatalf("sync capability: %s", res.Capabilities.TextDocumentSync)
	}
	if !strings.Contains(string(res.Capabilities.CodeActionProvider), "source.fixAll.guardrail") {
		t.Fatalf("code action capability: %s", res.Capabilities.CodeActionProvider)
	}

	text := "# Launch\n\nSRE enables access to OpenAI models.\nWe utilize synergy.\n"
	d := c.open(filepath.Join(dir, "doc.md"), "markdown", text)
	p := d.wait()
	if got := codes(p.Diags); strings.Join(got, ",") != "test.access,test.utilize,test.flag" {
		t.Fatalf("codes %v", got)
	}
	a := p.Diags[0]
	if a.Source != "guardrail" || a.Severity != protocol.DiagnosticSeverityError || a.Message != "Say it is powered by OpenAI models, not that it enables access to OpenAI models." {
		t.Errorf("diagnostic %+v", a)
	}
	if a.CodeDescription == nil || a.CodeDescription.Href != "https://example.com/rules#access" {
		t.Errorf("codeDescription %+v", a.CodeDescription)
	}
	if want := (protocol.Range{Start: protocol.Position{Line: 2, Character: 4}, End: protocol.Position{Line: 2, Character: 35}}); a.Range != want {
		t.Errorf("range %v, want %v", a.Range, want)
	}
	if p.Diags[1].Severity != protocol.DiagnosticSeverityWarning || p.Diags[2].Severity != protocol.DiagnosticSeverityInformation {
		t.Errorf("severities %v %v", p.Diags[1].Severity, p.Diags[2].Severity)
	}
	// Wire shape: data, and no codeDescription without a link.
	var raw struct {
		Version     int32 `json:"version"`
		Diagnostics []map[string]json.RawMessage
	}
	if err := json.Unmarshal(p.Raw, &raw); err != nil {
		t.Fatal(err)
	}
	if raw.Version != 1 {
		t.Errorf("version %d", raw.Version)
	}
	if got := string(raw.Diagnostics[0]["data"]); got != `{"rule":"test.access","replacements":["is powered by OpenAI models","integrates with OpenAI models"]}` {
		t.Errorf("data %s", got)
	}
	if got := string(raw.Diagnostics[2]["data"]); got != `{"rule":"test.flag","replacements":[]}` {
		t.Errorf("flag-only data %s", got)
	}
	if _, ok := raw.Diagnostics[1]["codeDescription"]; ok {
		t.Errorf("codeDescription without a link: %s", raw.Diagnostics[1]["codeDescription"])
	}

	// Closing clears, with an empty list (never null).
	d.close()
	var dummy any
	_ = c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: d.uri}}}, &dummy)
	last := c.waitPublish(d.uri, nil, func(p publish) bool { return len(p.Diags) == 0 })
	if !strings.Contains(string(last.Raw), `"diagnostics":[]`) {
		t.Errorf("close published %s", last.Raw)
	}
}

func TestIncrementalTypingCharByChar(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	check := oracle(t, dir)
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	d := c.open(filepath.Join(dir, "typing.md"), "markdown", "Intro line.\n\n")
	d.wait()

	phrase := "Our SRE enables access to OpenAI models today."
	line := uint32(2)
	for i, r := range phrase {
		pos := protocol.Position{Line: line, Character: uint32(i)}
		d.edit(rangeChange{Range: protocol.Range{Start: pos, End: pos}, Text: string(r)})
	}
	final := d.wait()
	if !hasCode(final.Diags, "test.access") {
		t.Fatalf("final diagnostics %v", codes(final.Diags))
	}
	// Every published version matches the analysis of that version's text.
	c.mu.Lock()
	pubs := append([]publish(nil), c.pubs...)
	c.mu.Unlock()
	prev := int32(-1)
	for _, p := range pubs {
		if p.URI != d.uri {
			continue
		}
		if p.Version == nil {
			t.Fatalf("publish without version")
		}
		if *p.Version < prev {
			t.Fatalf("version went back from %d to %d", prev, *p.Version)
		}
		prev = *p.Version
		text := d.texts[*p.Version]
		want := check(d.path, []byte(text))
		if len(want) != len(p.Diags) {
			t.Fatalf("version %d (%q): %d diagnostics, want %d", *p.Version, text, len(p.Diags), len(want))
		}
		for i, f := range want {
			if p.Diags[i].Code != f.Rule || p.Diags[i].Range.Start != testPosition(text, f.Start, encUTF16) || p.Diags[i].Range.End != testPosition(text, f.End, encUTF16) {
				t.Fatalf("version %d: diagnostic %d = %v %v, want %s %d-%d", *p.Version, i, p.Diags[i].Code, p.Diags[i].Range, f.Rule, f.Start, f.End)
			}
		}
	}
	// Deleting a character of the phrase (a range edit) clears it.
	r := d.find("access", 0)
	d.edit(rangeChange{Range: protocol.Range{Start: r.Start, End: protocol.Position{Line: r.Start.Line, Character: r.Start.Character + 1}}, Text: ""})
	if p := d.wait(); hasCode(p.Diags, "test.access") {
		t.Fatalf("after deleting a letter: %v (%q)", codes(p.Diags), d.text)
	}
	// A multi-line replacement and several changes in one notification.
	r = d.find("ccess", 0)
	d.edit(
		rangeChange{Range: r, Text: "access to\nOpenAI"},
		rangeChange{Range: protocol.Range{Start: protocol.Position{Line: 0, Character: 0}, End: protocol.Position{Line: 0, Character: 5}}, Text: "Hello"},
	)
	p := d.wait()
	if got, want := len(p.Diags), len(check(d.path, []byte(d.text))); got != want {
		t.Fatalf("multi-change: %d diagnostics, want %d (%q)", got, want, d.text)
	}
}

func TestFullTextChange(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	d := c.open(filepath.Join(dir, "full.txt"), "plaintext", "Nothing here.\n")
	if p := d.wait(); len(p.Diags) != 0 {
		t.Fatalf("diagnostics %v", codes(p.Diags))
	}
	// A range-less change replaces the whole text; it must not be taken
	// for an insertion at 0:0.
	d.replaceAll("We utilize it.\n")
	p := d.wait()
	if len(p.Diags) != 1 || p.Diags[0].Range != (protocol.Range{Start: protocol.Position{Line: 0, Character: 3}, End: protocol.Position{Line: 0, Character: 10}}) {
		t.Fatalf("after full change: %+v", p.Diags)
	}
	// Mixed: a full change followed by a range change in one notification.
	d.send("ab utilize\n", []any{fullChange{Text: "ab\n"}, rangeChange{Range: protocol.Range{Start: protocol.Position{Line: 0, Character: 2}, End: protocol.Position{Line: 0, Character: 2}}, Text: " utilize"}})
	p = d.wait()
	if len(p.Diags) != 1 || p.Diags[0].Range.Start.Character != 3 {
		t.Fatalf("after full+range change: %+v", p.Diags)
	}
}

func TestUTF16Ranges(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	// Emoji (surrogate pairs in UTF-16) and CJK before the findings.
	text := "Emoji 😀🎉 and 日本語 text: we utilize it.\n👩‍💻 é SRE enables access\nto OpenAI models.\n"
	d := c.open(filepath.Join(dir, "utf16.md"), "markdown", text)
	p := d.wait()
	if len(p.Diags) != 2 {
		t.Fatalf("diagnostics %v", codes(p.Diags))
	}
	// "Emoji " 6 + 😀 2 + 🎉 2 + " and " 5 + 日本語 3 + " text: we " 10 = 28.
	if want := (protocol.Range{Start: protocol.Position{Line: 0, Character: 28}, End: protocol.Position{Line: 0, Character: 35}}); p.Diags[0].Range != want {
		t.Errorf("utilize range %v, want %v", p.Diags[0].Range, want)
	}
	// 👩‍💻 is 👩 (2) + ZWJ (1) + 💻 (2) = 5; " é " 3; "SRE " 4 → 12. The
	// finding wraps onto the next line.
	if want := (protocol.Range{Start: protocol.Position{Line: 1, Character: 12}, End: protocol.Position{Line: 2, Character: 16}}); p.Diags[1].Range != want {
		t.Errorf("wrapped range %v, want %v", p.Diags[1].Range, want)
	}
	// An edit addressed in UTF-16 after the emoji lands where the client
	// meant it: replace "utilize" by "use", then re-add it after 日本語.
	d.edit(rangeChange{Range: p.Diags[0].Range, Text: "use"})
	if p := d.wait(); len(p.Diags) != 1 {
		t.Fatalf("after edit: %v (%q)", codes(p.Diags), d.text)
	}
	at := protocol.Position{Line: 0, Character: 18} // after "日本語"
	d.edit(rangeChange{Range: protocol.Range{Start: at, End: at}, Text: " utilize"})
	if !strings.Contains(d.text, "日本語 utilize text") {
		t.Fatalf("client text %q", d.text)
	}
	p = d.wait()
	if len(p.Diags) != 2 || p.Diags[0].Range.Start != (protocol.Position{Line: 0, Character: 19}) {
		t.Fatalf("after insert: %+v", p.Diags)
	}
	// A position inside a surrogate pair snaps to the character's start
	// instead of splitting it.
	mid := protocol.Position{Line: 0, Character: 7} // inside 😀
	d.send(strings.Replace(d.text, "😀", "X😀", 1), []rangeChange{{Range: protocol.Range{Start: mid, End: mid}, Text: "X"}})
	p = d.wait()
	if len(p.Diags) != 2 || p.Diags[0].Range.Start != (protocol.Position{Line: 0, Character: 20}) {
		t.Fatalf("after mid-pair insert: %+v", p.Diags)
	}
}

func TestUTF8Negotiation(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	for _, tc := range []struct {
		offered []string
		want    string
	}{
		{[]string{"utf-8", "utf-16"}, encUTF8},
		{[]string{"utf-16", "utf-8"}, encUTF8},
		{[]string{"utf-16"}, encUTF16},
		{nil, encUTF16},
		{[]string{"utf-32"}, encUTF32},
	} {
		c := newClient(t, Options{})
		caps := defaultCaps()
		if tc.offered != nil {
			caps["general"] = map[string]any{"positionEncodings": tc.offered}
		}
		res := c.initialize(dir, caps, nil)
		if res.Capabilities.PositionEncoding != tc.want {
			t.Fatalf("offered %v: got %q, want %q", tc.offered, res.Capabilities.PositionEncoding, tc.want)
		}
		text := "日本語 😀 we utilize it.\n"
		d := c.open(filepath.Join(dir, "enc.md"), "markdown", text)
		d.enc = tc.want
		p := d.wait()
		start := strings.Index(text, "utilize")
		if len(p.Diags) != 1 || p.Diags[0].Range.Start != testPosition(text, start, tc.want) {
			t.Fatalf("%s: %+v", tc.want, p.Diags)
		}
		if tc.want == encUTF8 && p.Diags[0].Range.Start.Character != 18 {
			t.Fatalf("utf-8 column %d, want 18 bytes", p.Diags[0].Range.Start.Character)
		}
		// Edits are read in the negotiated encoding too.
		d.edit(rangeChange{Range: p.Diags[0].Range, Text: "use"})
		if p := d.wait(); len(p.Diags) != 0 {
			t.Fatalf("%s: after edit %v (%q)", tc.want, codes(p.Diags), d.text)
		}
	}
}

func TestOutOfRangeEdit(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	d := c.open(filepath.Join(dir, "oor.md"), "markdown", "We utilize it.\n")
	d.wait()
	// Line 7 does not exist.
	bad := protocol.Position{Line: 7, Character: 0}
	d.version++
	c.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": d.uri, "version": d.version},
		"contentChanges": []rangeChange{{Range: protocol.Range{Start: bad, End: bad}, Text: "x"}},
	})
	// Reported, and no diagnostics for text the server cannot trust.
	c.waitUntil("an error message", func() bool {
		for _, m := range c.messages {
			if m.Type == protocol.MessageTypeError && strings.Contains(m.Message, "could not be applied") {
				return true
			}
		}
		return false
	})
	if p := d.wait(); len(p.Diags) != 0 {
		t.Fatalf("diagnostics on an out-of-sync document: %v", codes(p.Diags))
	}
	if acts := d.codeActions(protocol.Range{}); len(acts) != 0 {
		t.Fatalf("actions on an out-of-sync document: %d", len(acts))
	}
	// A full change brings it back.
	d.replaceAll("We utilize it again.\n")
	if p := d.wait(); len(p.Diags) != 1 {
		t.Fatalf("after resync: %v", codes(p.Diags))
	}
	// A change for a document that is not open is ignored (no crash).
	c.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": fileURI(filepath.Join(dir, "nope.md")), "version": 2},
		"contentChanges": []fullChange{{Text: "x"}},
	})
	var h any
	if err := c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: d.uri}}}, &h); err != nil {
		t.Fatal(err)
	}
}

func TestDocumentSizeCap(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{MaxDocumentSize: 64})
	c.initialize(dir, nil, nil)
	d := c.open(filepath.Join(dir, "big.md"), "markdown", strings.Repeat("We utilize it. ", 10))
	p := d.wait()
	if len(p.Diags) != 1 || p.Diags[0].Severity != protocol.DiagnosticSeverityInformation || !strings.Contains(p.Diags[0].Message, "did not check") {
		t.Fatalf("diagnostics %+v", p.Diags)
	}
	d.replaceAll("We utilize it.")
	if p := d.wait(); len(p.Diags) != 1 || p.Diags[0].Code != "test.utilize" {
		t.Fatalf("small again: %+v", p.Diags)
	}
}

func TestUntitledDocument(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	u := protocol.DocumentURI("untitled:Untitled-1")
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: u, LanguageID: "markdown", Version: 3, Text: "We utilize it.\n",
	}})
	p := c.waitVersion(u, 3)
	if len(p.Diags) != 1 || p.Diags[0].Code != "test.utilize" {
		t.Fatalf("untitled: %+v", p.Diags)
	}
}
