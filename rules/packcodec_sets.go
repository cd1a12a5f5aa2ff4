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
	ws := &WordSets{raw: map[string][]string{}, entries: map[string][]*Template{}, pos: map[string]Position{}, count: map[string]int64{}}
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
		ts := make([]*Template, 0, len(raw))
		for _, s := range raw {
			t, err := ParseTemplate(s)
			if err != nil {
				d.fail()
				return ws
			}
			ts = append(ts, t)
		}
		ws.raw[name], ws.entries[name], ws.pos[name] = raw, ts, pos
	}
	// The loader counts every set's expansions (and nothing else
	// writes the counts afterwards: engines read them concurrently).
	for _, name := range ws.Names() {
		ws.countSet(name)
	}
	return ws
}

// rememberTemplates keeps every template phrase of p's rules parsed, as
// the loader does (WordSets.Parsed).
func rememberTemplates(d *decoder, p *Pack) {
	for _, r := range p.Rules {
		if r.Sets == nil {
			continue
		}
		for _, list := range [][]string{r.Restricted, r.Approved, r.When, r.Unless} {
			for _, s := range list {
				if !IsTemplate(s) {
					continue
				}
				t, err := ParseTemplate(s)
				if err != nil {
					d.fail()
					return
				}
				r.Sets.remember(s, t)
			}
		}
	}
}
