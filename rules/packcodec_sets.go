package rules

// Word sets in the pack codec (packcodec.go). Only the built-in packs'
// embedded encodings hold them. A set is written as its name, position
// and entries as written; its parsed entries, the phrase counts and the
// rules' parsed template phrases are rebuilt on decoding with the same
// functions the loader uses, so a decoded pack equals a parsed one
// (TestBuiltinBlobsFresh compares them).

// setsMarker stands for "the pack's sets" in a rule decoded before them.
var setsMarker = &WordSets{}

func encodeSets(e *encoder, ws *WordSets) {
	names := ws.Names()
	e.uint(uint64(len(names)))
	for _, n := range names {
		e.str(n)
		e.pos(ws.pos[n])
		e.strs(ws.raw[n])
	}
}

func decodeSets(d *decoder) *WordSets {
	ws := &WordSets{raw: map[string][]string{}, pos: map[string]Position{}}
	n := d.count()
	for range n {
		name := d.str()
		pos := d.pos()
		raw := d.strs()
		if d.err != nil {
			return ws
		}
		if _, dup := ws.raw[name]; dup || raw == nil {
			d.fail()
			return ws
		}
		ws.raw[name], ws.pos[name] = raw, pos
	}
	return ws
}

// rememberTemplates leaves p's sets to be filled on first use (fill),
// with the template phrases of p's rules.
func rememberTemplates(p *Pack) {
	p.Sets.lazyRules = append([]*Rule{}, p.Rules...)
}

// fill parses the decoded sets' entries, counts every set's expansions
// and keeps every template phrase of the pack's rules parsed, as the
// loader does (WordSets.Parsed), with the same functions. The blob was
// made from the same TOML (its hash says so) by the loader, whose
// templates all parsed, and TestBuiltinBlobsFresh re-encodes it: a
// template that does not parse here is a build that skipped `go
// generate ./rules`, and panics rather than check with rules missing.
func (ws *WordSets) fill() {
	rs := ws.lazyRules
	if rs == nil {
		return // built by the loader
	}
	ws.lazyRules = nil
	parse := func(s string) *Template {
		t, err := ParseTemplate(s)
		if err != nil {
			panic("guardrail: a built-in pack's embedded blob is stale (run go generate ./rules): " + err.Error())
		}
		return t
	}
	ws.entries = make(map[string][]*Template, len(ws.raw))
	ws.count = make(map[string]int64, len(ws.raw))
	for name, raw := range ws.raw {
		ts := make([]*Template, 0, len(raw))
		for _, s := range raw {
			ts = append(ts, parse(s))
		}
		ws.entries[name] = ts
	}
	// The loader counts every set's expansions (and nothing else
	// writes the counts afterwards: engines read them concurrently).
	for _, name := range ws.Names() {
		ws.countSet(name)
	}
	for _, r := range rs {
		if r.Sets != ws {
			continue
		}
		for _, list := range [][]string{r.Restricted, r.Approved, r.When, r.Unless} {
			for _, s := range list {
				if IsTemplate(s) {
					ws.remember(s, parse(s))
				}
			}
		}
	}
}
