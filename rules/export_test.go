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
