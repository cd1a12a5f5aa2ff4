package rules

import (
	"sort"
	"strings"
	"sync"
)

// WordSets are the [sets] of one pack or config: named lists of phrases
// (each itself a template without gaps) usable as {name} in the templates of
// the same file.
type WordSets struct {
	raw     map[string][]string
	entries map[string][]*Template
	pos     map[string]Position
	count   map[string]int64
	// parsed are the file's rule phrases parsed at load (Parsed), so
	// that compiling them does not parse them again.
	parsed map[string]*Template

	// once fills entries, count and parsed from raw and lazyRules on
	// first use (ready), for sets decoded from a built-in pack's blob
	// (packcodec_sets.go): a run whose document needs no engine never
	// parses the pack's templates. Sets the loader builds are filled
	// already (lazyRules is nil).
	once      sync.Once
	lazyRules []*Rule
}

// ready fills what decoding left to first use. Every method that reads
// entries, count or parsed calls it first (the loader's own calls, on
// sets it filled itself, need not).
func (ws *WordSets) ready() {
	if ws != nil {
		ws.once.Do(ws.fill)
	}
}

// Parsed returns the template phrase s of one of the file's rules as the
// loader parsed it, or nil when it was not kept. The template is shared:
// it must not be modified.
func (ws *WordSets) Parsed(s string) *Template {
	if ws == nil {
		return nil
	}
	ws.ready()
	return ws.parsed[s]
}

func (ws *WordSets) remember(s string, t *Template) {
	if ws.parsed == nil {
		ws.parsed = map[string]*Template{}
	}
	ws.parsed[s] = t
}

// reservedSetNames may not name a set.
var reservedSetNames = []string{"match", "approved"}

// Names returns the set names, sorted.
func (ws *WordSets) Names() []string {
	if ws == nil {
		return nil
	}
	out := make([]string, 0, len(ws.raw))
	for n := range ws.raw {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Has reports whether the set exists.
func (ws *WordSets) Has(name string) bool {
	if ws == nil {
		return false
	}
	_, ok := ws.raw[name]
	return ok
}

// Entries returns a set's entries as written.
func (ws *WordSets) Entries(name string) []string {
	if ws == nil {
		return nil
	}
	return ws.raw[name]
}

// EntryNodes returns a set's entries, parsed.
func (ws *WordSets) EntryNodes(name string) [][]Node {
	if ws == nil {
		return nil
	}
	ws.ready()
	out := make([][]Node, 0, len(ws.entries[name]))
	for _, t := range ws.entries[name] {
		out = append(out, t.Nodes)
	}
	return out
}

// Pos is where the set is defined.
func (ws *WordSets) Pos(name string) Position {
	if ws == nil {
		return Position{}
	}
	return ws.pos[name]
}

const countCap = 1 << 40 // counts saturate here

func satAdd(a, b int64) int64 { return min(a+b, countCap) }

func satMul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > countCap/b {
		return countCap
	}
	return min(a*b, countCap)
}

// Count returns how many phrases nodes expand to (saturating at a large
// value).
func (ws *WordSets) Count(nodes []Node) int64 {
	ws.ready()
	return ws.count1(nodes)
}

func (ws *WordSets) count1(nodes []Node) int64 {
	total := int64(1)
	for _, n := range nodes {
		total = satMul(total, ws.countNode(n))
	}
	return total
}

func (ws *WordSets) countNode(n Node) int64 {
	switch n.Kind {
	case NodeSlot:
		return ws.countSet(n.Text)
	case NodeAlt, NodeOpt:
		var c int64
		if n.Kind == NodeOpt {
			c = 1
		}
		for _, a := range n.Alts {
			c = satAdd(c, ws.count1(a))
		}
		return c
	}
	return 1
}

func (ws *WordSets) countSet(name string) int64 {
	if ws == nil {
		return 0
	}
	if c, ok := ws.count[name]; ok {
		return c
	}
	var c int64
	ws.count[name] = 0 // a cycle (reported at load) counts nothing
	for _, t := range ws.entries[name] {
		c = satAdd(c, ws.count1(t.Nodes))
	}
	ws.count[name] = c
	return c
}

// Expand calls fn with each expansion of nodes (a gap-free node list) as
// text, in order: alternatives and set entries in the order written, an
// optional's "nothing" first. White space is left as written (the matcher
// collapses it). It stops when fn returns false and then returns false.
func (ws *WordSets) Expand(nodes []Node, fn func(string) bool) bool {
	ws.ready()
	buf := make([]byte, 0, 64)
	return ws.gen(nodes, buf, func(b []byte) bool { return fn(string(b)) })
}

// ExpandBytes is Expand with each expansion in a buffer that fn may not
// keep (it is reused for the next one).
func (ws *WordSets) ExpandBytes(nodes []Node, fn func([]byte) bool) bool {
	ws.ready()
	buf := make([]byte, 0, 64)
	return ws.gen(nodes, buf, fn)
}

func (ws *WordSets) gen(nodes []Node, buf []byte, k func([]byte) bool) bool {
	for len(nodes) > 0 && nodes[0].Kind == NodeText {
		buf = append(buf, nodes[0].Text...)
		nodes = nodes[1:]
	}
	if len(nodes) == 0 {
		return k(buf)
	}
	n, rest := nodes[0], nodes[1:]
	cont := func(b []byte) bool { return ws.gen(rest, b, k) }
	switch n.Kind {
	case NodeAlt, NodeOpt:
		if n.Kind == NodeOpt && !cont(buf) {
			return false
		}
		for _, a := range n.Alts {
			if !ws.gen(a, buf, cont) {
				return false
			}
		}
	case NodeSlot:
		if ws == nil {
			return true
		}
		for _, t := range ws.entries[n.Text] {
			if !ws.gen(t.Nodes, buf, cont) {
				return false
			}
		}
	case NodeGap:
		return cont(append(buf, ' '))
	}
	return true
}

// First returns the first expansion of set name, trimmed ("" if none).
func (ws *WordSets) First(name string) string {
	out := ""
	ws.Expand([]Node{{Kind: NodeSlot, Text: name}}, func(s string) bool {
		out = strings.Join(strings.Fields(s), " ")
		return false
	})
	return out
}

// Template parses one of the rule's phrases as a template; nil for a plain
// phrase or one that does not parse (a loaded rule's phrases all parse).
func (r *Rule) Template(phrase string) *Template {
	if !IsTemplate(phrase) {
		return nil
	}
	t, err := ParseTemplate(phrase)
	if err != nil {
		return nil
	}
	return t
}

// canBeEmpty reports whether nodes may expand to white space only.
func (ws *WordSets) canBeEmpty(nodes []Node, seen map[string]bool) bool {
	for _, n := range nodes {
		switch n.Kind {
		case NodeText:
			if strings.TrimSpace(n.Text) != "" {
				return false
			}
		case NodeAlt:
			any := false
			for _, a := range n.Alts {
				if ws.canBeEmpty(a, seen) {
					any = true
					break
				}
			}
			if !any {
				return false
			}
		case NodeSlot:
			if ws == nil || seen[n.Text] {
				return false
			}
			seen[n.Text] = true
			any := false
			for _, t := range ws.entries[n.Text] {
				if ws.canBeEmpty(t.Nodes, seen) {
					any = true
					break
				}
			}
			delete(seen, n.Text)
			if !any {
				return false
			}
		case NodeGap:
			return false
		}
	}
	return true
}

// Expansions returns how many phrases a template phrase of a rule expands
// to (the sum over its parts when it has gaps); 1 for a plain phrase.
func (r *Rule) Expansions(phrase string) int64 {
	t := r.Template(phrase)
	if t == nil {
		return 1
	}
	parts, _ := t.Parts()
	var n int64
	for _, p := range parts {
		n = satAdd(n, r.Sets.Count(p))
	}
	return n
}

// SetsUsed returns the names of the sets the rule's phrases use, directly
// or through other sets, sorted.
func (r *Rule) SetsUsed() []string {
	r.Sets.ready()
	seen := map[string]bool{}
	var queue []string
	for _, list := range [][]string{r.Restricted, r.Approved, r.When, r.Unless} {
		for _, p := range list {
			if t := r.Template(p); t != nil {
				queue = append(queue, setRefs(t.Nodes, nil)...)
			}
		}
	}
	for len(queue) > 0 {
		n := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if seen[n] || !r.Sets.Has(n) {
			continue
		}
		seen[n] = true
		for _, t := range r.Sets.entries[n] {
			queue = append(queue, setRefs(t.Nodes, nil)...)
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// CanBeEmpty reports whether nodes can expand to nothing but blanks.
func (ws *WordSets) CanBeEmpty(nodes []Node) bool {
	ws.ready()
	return ws.canBeEmpty(nodes, map[string]bool{})
}
