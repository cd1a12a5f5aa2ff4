package rules

// RulesFor returns the rules whose `files` globs select absDoc (all rules
// without `files`), in ID order.
func (c *Config) RulesFor(absDoc string) []*Rule {
	rel := c.RelPath(absDoc)
	out := make([]*Rule, 0, len(c.Rules))
	for _, r := range c.Rules {
		if r.MatchesFile(rel) {
			out = append(out, r)
		}
	}
	return out
}

// decodePack decodes what encodePack wrote; any other input is an error
// (never a panic, never an allocation larger than the input).
func decodePack(data []byte) (*Pack, error) { return decodePackSets(data, false) }

// decodePackSets is decodePack that, when sets is true, accepts a pack
// with word sets (the built-in packs' embedded encodings only: the sets
// are not checked for what the loader reports, such as cycles).
func decodePackSets(data []byte, sets bool) (*Pack, error) {
	return decodePackString(string(data), sets)
}
