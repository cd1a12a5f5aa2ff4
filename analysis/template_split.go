package analysis

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/rules"
)

// Splitting a template's parts into pieces. The phrase index holds every
// expansion of a piece, so a piece costs the product of its words' choices
// ("(host|hosts|…) [the|all] {openai-models}" is 14 × 3 × 456 phrases).
// A gap-free part is therefore cut between its words — at blank text, or
// where a punctuation mark follows or precedes a slot or an alternation —
// into pieces of at most pieceTarget phrases each; the pieces are joined
// like gaps that allow no token between them (adjacent, adjacentTight:
// template_join.go). The index then holds the sum of the pieces' phrases,
// not their product, and the matches are the same.
//
// A slot of at least shareMin phrases that stands as a piece of its own
// is shared: its set's expansions go into the index once for the whole
// engine (entSet), however many templates use it, and a match of the set
// feeds every chain that waits for it.

const (
	// pieceTarget is the most phrases a piece gathers from several words
	// before it is cut; a single word (an alternation, a small slot)
	// with more stays whole.
	pieceTarget = 48
	// shareMin is the least phrases of a slot that becomes a shared
	// piece.
	shareMin = 16
	// maxPieces bounds the pieces of one part; entry.part (a uint8)
	// counts every piece of a phrase.
	maxPieces = 24
)

// splitKnob, when positive, replaces pieceTarget and shareMin (tests set 1
// to cut wherever a cut is possible and share every slot).
var splitKnob int

// piece is one piece of a part: its nodes; the leaf sets it is made of
// when it is a shared slot; whether it follows the piece before it with no
// space between (a cut at punctuation); whether it may be empty.
type piece struct {
	nodes []rules.Node
	sets  []string
	tight bool
	opt   bool
}

// splitPart cuts part into pieces. With optStart, the first piece may be
// one that can be empty (not after a gap, nor where the first word is
// inflected).
func splitPart(ws *rules.WordSets, part []rules.Node, optStart bool) []piece {
	target, share := int64(pieceTarget), int64(shareMin)
	if splitKnob > 0 {
		target, share = int64(splitKnob), int64(splitKnob)
	}
	if ws.Count(part) <= target {
		return []piece{{nodes: part}} // small enough whole
	}
	units := wordUnits(ws, part)
	if len(units) == 0 {
		return []piece{{nodes: part}}
	}
	big := func(u piece) bool {
		return !u.opt && slotUnion(ws, u.nodes) != nil && ws.Count(u.nodes) >= share
	}
	// A run of units that can be blank ("[the|all]") joins the unit
	// before or after it when that stays small; else, between blanks,
	// it is a piece that may be empty (template_join.go passes over
	// it); else it joins a neighbour all the same.
	var merged []piece
	for i := 0; i < len(units); {
		if !ws.CanBeEmpty(units[i].nodes) {
			merged = append(merged, units[i])
			i++
			continue
		}
		j := i
		blank := piece{tight: units[i].tight}
		for j < len(units) && ws.CanBeEmpty(units[j].nodes) {
			blank.nodes = append(blank.nodes, units[j].nodes...)
			j++
		}
		hasPrev, hasNext := len(merged) > 0, j < len(units)
		nb := ws.Count(blank.nodes)
		small := func(u piece) bool { return !big(u) && ws.Count(u.nodes)*nb <= target }
		optOK := !blank.tight && (!hasNext || !units[j].tight) && (hasPrev || optStart) && (hasPrev || hasNext)
		switch {
		case hasPrev && small(merged[len(merged)-1]):
			last := &merged[len(merged)-1]
			last.nodes = slices.Concat(last.nodes, blank.nodes)
		case hasNext && small(units[j]):
			blank.nodes = slices.Concat(blank.nodes, units[j].nodes)
			merged = append(merged, blank)
			j++
		case optOK:
			blank.opt = true
			merged = append(merged, blank)
		case hasPrev && (!big(merged[len(merged)-1]) || !hasNext || big(units[j])):
			last := &merged[len(merged)-1]
			last.nodes = slices.Concat(last.nodes, blank.nodes)
		case hasNext:
			blank.nodes = slices.Concat(blank.nodes, units[j].nodes)
			merged = append(merged, blank)
			j++
		default:
			return []piece{{nodes: part}}
		}
		i = j
	}
	var out []piece
	var cur piece
	var curN int64
	flush := func() {
		if len(cur.nodes) > 0 {
			out = append(out, cur)
			cur, curN = piece{}, 0
		}
	}
	for _, u := range merged {
		n := ws.Count(u.nodes)
		if u.opt {
			flush()
			out = append(out, u)
			continue
		}
		if leaves := slotUnion(ws, u.nodes); leaves != nil && n >= share {
			flush()
			u.sets = leaves
			out = append(out, u)
			continue
		}
		if len(cur.nodes) > 0 && curN*n > target {
			flush()
		}
		if len(cur.nodes) == 0 {
			cur.tight, curN = u.tight, 1
		}
		cur.nodes = append(slices.Clip(cur.nodes), u.nodes...)
		curN *= n
	}
	flush()
	if len(out) > maxPieces || len(out) == 1 && out[0].opt {
		return []piece{{nodes: part}}
	}
	out[0].tight = false
	return out
}

// slotUnion returns the sets a unit stands for when it is one slot or an
// alternation of slots ("({sre-names}|{openai-any})"), blank text around
// them aside: the leaf sets, a set whose entries are all single slots
// standing for those slots' sets. nil otherwise.
func slotUnion(ws *rules.WordSets, u []rules.Node) []string {
	n, ok := soleNode(u)
	if !ok {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	var leaves func(name string)
	leaves = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		entries := ws.EntryNodes(name)
		var subs []string
		for _, e := range entries {
			m, ok := soleNode(e)
			if !ok || m.Kind != rules.NodeSlot {
				subs = nil
				break
			}
			subs = append(subs, m.Text)
		}
		if len(subs) == 0 || len(subs) != len(entries) {
			out = append(out, name)
			return
		}
		for _, s := range subs {
			leaves(s)
		}
	}
	switch n.Kind {
	case rules.NodeSlot:
		leaves(n.Text)
	case rules.NodeAlt:
		for _, a := range n.Alts {
			m, ok := soleNode(a)
			if !ok || m.Kind != rules.NodeSlot {
				return nil
			}
		}
		for _, a := range n.Alts {
			m, _ := soleNode(a)
			leaves(m.Text)
		}
	default:
		return nil
	}
	return out
}

// soleNode returns the one node of u that is not blank text.
func soleNode(u []rules.Node) (rules.Node, bool) {
	var one rules.Node
	found := false
	for _, n := range u {
		if n.Kind == rules.NodeText && strings.TrimSpace(n.Text) == "" {
			continue
		}
		if found {
			return rules.Node{}, false
		}
		one, found = n, true
	}
	return one, found && one.Kind != rules.NodeText
}

// wordUnits cuts part between words: each unit is a run of nodes with no
// blank between them (a word, "GPT[-](4|5)", an alternation), followed by
// the blank after it. A punctuation mark right after a slot or an
// alternation, or right before one, starts a unit tight against the one
// before it, when the slot or alternation cannot end (or start) with a
// blank.
func wordUnits(ws *rules.WordSets, part []rules.Node) []piece {
	var units []piece
	var cur []rules.Node
	tight := false
	cut := func(nextTight bool) {
		if len(cur) > 0 {
			units = append(units, piece{nodes: cur, tight: tight})
			cur = nil
		}
		tight = nextTight
	}
	for _, a := range atoms(part) {
		if len(cur) == 0 {
			cur = append(cur, a)
			continue
		}
		last := cur[len(cur)-1]
		isText := a.Kind == rules.NodeText
		switch {
		case isText && a.Text[0] == ' ':
			// A blank stays with the unit before it.
		case blankTail(last):
			cut(false)
		case !isText && last.Kind == rules.NodeText && punctEnd(last.Text) && !mayBlank(ws, []rules.Node{a}, false):
			cut(true)
		case isText && punctStart(a.Text) && last.Kind != rules.NodeText && !mayBlank(ws, []rules.Node{last}, true):
			cut(true)
		}
		cur = append(cur, a)
	}
	cut(false)
	return units
}

// atoms splits the text nodes of part into runs of blanks, single
// punctuation marks and runs of other characters; other nodes stay whole.
func atoms(part []rules.Node) []rules.Node {
	var out []rules.Node
	for _, n := range part {
		if n.Kind != rules.NodeText {
			out = append(out, n)
			continue
		}
		s := n.Text
		for s != "" {
			r, w := utf8.DecodeRuneInString(s)
			j := w
			switch {
			case r == ' ':
				for j < len(s) && s[j] == ' ' {
					j++
				}
			case isPunct(r):
			default:
				for j < len(s) {
					r, w := utf8.DecodeRuneInString(s[j:])
					if r == ' ' || isPunct(r) {
						break
					}
					j += w
				}
			}
			out = append(out, rules.Node{Kind: rules.NodeText, Text: s[:j], Off: n.Off})
			s = s[j:]
		}
	}
	return out
}

// isPunct is a character that is a token of its own: not a word
// character, not a blank.
func isPunct(r rune) bool { return !isWordRune(r) && !isSpaceRune(r) }

func punctStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isPunct(r)
}

func punctEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isPunct(r)
}

// blankTail reports whether a node is text that ends with a blank.
func blankTail(n rules.Node) bool {
	return n.Kind == rules.NodeText && strings.HasSuffix(n.Text, " ")
}

// mayBlank reports whether some expansion of nodes may end (atEnd) or
// start with a blank, or be empty: then no tight cut is made next to it.
func mayBlank(ws *rules.WordSets, nodes []rules.Node, atEnd bool) bool {
	return mayBlankSeen(ws, nodes, atEnd, map[string]bool{})
}

func mayBlankSeen(ws *rules.WordSets, nodes []rules.Node, atEnd bool, seen map[string]bool) bool {
	for k := range nodes {
		n := nodes[k]
		if atEnd {
			n = nodes[len(nodes)-1-k]
		}
		switch n.Kind {
		case rules.NodeText:
			if n.Text == "" {
				continue
			}
			r, _ := utf8.DecodeRuneInString(n.Text)
			if atEnd {
				r, _ = utf8.DecodeLastRuneInString(n.Text)
			}
			return isSpaceRune(r)
		case rules.NodeSlot:
			if ws == nil || seen[n.Text] {
				return true
			}
			seen[n.Text] = true
			defer delete(seen, n.Text)
			for _, e := range ws.EntryNodes(n.Text) {
				if mayBlankSeen(ws, e, atEnd, seen) {
					return true
				}
			}
			return false
		case rules.NodeAlt:
			for _, a := range n.Alts {
				if mayBlankSeen(ws, a, atEnd, seen) {
					return true
				}
			}
			return false
		case rules.NodeOpt:
			for _, a := range n.Alts {
				if mayBlankSeen(ws, a, atEnd, seen) {
					return true
				}
			}
			// Or nothing: the edge is the node's neighbour's.
		default:
			return true
		}
	}
	return true // empty
}
