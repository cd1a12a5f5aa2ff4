package rules

// ResolvedGlob is an include or exclude glob with the folder it resolves
// against (a leading "../" moves to the parent and is dropped).
type ResolvedGlob struct {
	Pattern string // slash-separated, relative to Base
	Base    string // absolute folder
}

// Include returns the nearest include's globs, each with the folder it
// resolves against, and whether there is an include at all (without one,
// every supported file type is included).
func (c *Config) Include() ([]ResolvedGlob, bool) {
	out := make([]ResolvedGlob, len(c.include))
	for i, g := range c.include {
		out[i] = ResolvedGlob{Pattern: g.pattern, Base: g.base}
	}
	return out, c.hasInclude
}

// HasExclude reports whether any exclude glob is in effect.
func (c *Config) HasExclude() bool { return len(c.exclude) > 0 }
