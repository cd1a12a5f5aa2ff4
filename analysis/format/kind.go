package format

import (
	"bytes"
	"path/filepath"
	"strings"
)

// kindByExt maps a lower-case file extension (with its dot) to a Kind.
var kindByExt = map[string]Kind{
	// Markdown and MDX.
	".md": KindMarkdown, ".markdown": KindMarkdown, ".mdx": KindMarkdown,
	".mdown": KindMarkdown, ".mkd": KindMarkdown, ".mkdn": KindMarkdown,
	// HTML.
	".html": KindHTML, ".htm": KindHTML, ".xhtml": KindHTML,
	// Plain text.
	".txt": KindText, ".text": KindText,
	// reStructuredText and AsciiDoc are checked as plain text for now.
	".rst": KindText, ".adoc": KindText, ".asciidoc": KindText,
	// Message catalogs.
	".json": KindJSON,
	".yml":  KindYAML, ".yaml": KindYAML,
	// Rule packs and configs are never documents.
	".toml": KindNone,
}

// codeExts are the source-code extensions checked by default. Each has a
// chroma lexer (a test makes sure).
var codeExts = strings.Fields(`
	.go .py .pyi .pyw .js .jsx .mjs .cjs .ts .tsx .mts .cts .java
	.c .h .cc .cpp .cxx .hpp .hh .hxx .cs .rs .rb .rake .gemspec
	.sh .bash .zsh .ksh .fish .kt .kts .swift .scala .php .lua .pl .pm
	.sql .dart .ex .exs .erl .hs .clj .groovy .gradle .ps1 .r .jl .vue .svelte
	.css .scss .proto .tf .m .zig .nim .cr .elm .ml .mli .fs .vb
	.bat .cmd .cmake .mk .vim .el .lisp .scm .tex .graphql .sol`)

// codeNames are file names without a telling extension that are code
// (lower case), with the name chroma knows them by.
var codeNames = map[string]string{
	"dockerfile": "Dockerfile", "makefile": "Makefile", "gnumakefile": "GNUmakefile",
	"cmakelists.txt": "CMakeLists.txt", "rakefile": "Rakefile", "gemfile": "Gemfile",
	"vagrantfile": "Vagrantfile", ".bashrc": ".bashrc", ".zshrc": ".zshrc",
	".bash_profile": ".bash_profile",
}

func init() {
	for _, e := range codeExts {
		if _, ok := kindByExt[e]; !ok {
			kindByExt[e] = KindCode
		}
	}
}

// KindOf returns the file type of path by its extension (or, for a few
// well-known build files, its name). Unknown extensions and TOML files are
// KindNone; a caller that knows an unknown file is text may use KindText.
func KindOf(path string) Kind {
	base := strings.ToLower(filepath.Base(filepath.ToSlash(path)))
	if i := strings.LastIndexByte(base, '/'); i >= 0 {
		base = base[i+1:]
	}
	if _, ok := codeNames[base]; ok {
		return KindCode
	}
	ext := filepath.Ext(base)
	if ext == "" {
		return KindNone
	}
	return kindByExt[ext]
}

// IsBinary reports whether src looks binary: a NUL byte in its first 8000
// bytes, as git decides.
func IsBinary(src []byte) bool {
	if len(src) > 8000 {
		src = src[:8000]
	}
	return bytes.IndexByte(src, 0) >= 0
}

// ScopeDocument finds the checked text and the comments of src, a document
// of the given kind; path picks the programming language for KindCode and
// MDX handling for Markdown. Every offset is a byte offset into src as
// given (no line-ending normalisation).
func ScopeDocument(kind Kind, path string, src []byte) Scoped {
	return ScopeWithFrontMatter(kind, path, src, nil)
}

// ScopeWithFrontMatter is ScopeDocument with the front-matter keys checked in
// Markdown (nil: rules.DefaultFrontMatter).
func ScopeWithFrontMatter(kind Kind, path string, src []byte, front []string) Scoped {
	switch kind {
	case KindText:
		return ScopeText(src)
	case KindMarkdown:
		return scopeMarkdown(src, strings.EqualFold(filepath.Ext(path), ".mdx"), front)
	case KindHTML:
		return ScopeHTML(src)
	case KindJSON:
		return ScopeJSON(src)
	case KindYAML:
		return ScopeYAML(src)
	case KindCode:
		return ScopeCode(path, src)
	}
	return Scoped{}
}
