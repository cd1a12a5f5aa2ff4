package analysis

// FrontMatterEnd returns where the front matter at the top of a Markdown
// document ends, as the Markdown scoper finds it (YAML between "---" lines,
// TOML between "+++" lines, after an optional byte order mark): the offset
// of the line after the closing fence, or 0 when there is none. The server
// keeps incremental segments and "Disable for this line" comments out of
// it.
func FrontMatterEnd(src []byte) int {
	_, _, end, _ := frontMatter(src)
	return end
}
