package format

import (
	"bytes"
	"path/filepath"
	"strings"
	"sync"
)

// Kind is a file type as far as scoping is concerned.
type Kind int

const (
	KindNone     Kind = iota // not checked (TOML, binary, unknown extension)
	KindText                 // plain text: everything
	KindMarkdown             // Markdown and MDX
	KindHTML
	KindJSON // message catalog: string values
	KindYAML // message catalog: string values, and comments
	KindCode // source code: comments, and string literals
)

func (k Kind) String() string {
	switch k {
	case KindText:
		return "text"
	case KindMarkdown:
		return "markdown"
	case KindHTML:
		return "html"
	case KindJSON:
		return "json"
	case KindYAML:
		return "yaml"
	case KindCode:
		return "code"
	}
	return "none"
}

// fileType is a row of the file-type table: what guardrail knows about the
// files with these extensions or names.
type fileType struct {
	kind Kind
	// comment is the line comment a suppression directive is written in
	// on a line of its own (for Markdown and HTML, the comment appended to
	// the line); zero for plain text (a bare directive line) and JSON (no
	// comments).
	comment CommentSyntax
	// exts are extensions (with the dot, lower case); files are file
	// names without a telling extension, as chroma knows them (matched in
	// any case).
	exts, files string
	// fast is the fast code scanner's language (code_fast.go), "" for
	// code that goes through chroma.
	fast string
	// ids are the LSP language ids of these files: a document without a
	// path is checked as a file with the row's first extension.
	ids string
}

// fileTypes is the one extension table. Source code extensions each have
// a chroma lexer (TestCodeExtsHaveLexers).
var fileTypes = []fileType{
	{kind: KindMarkdown, comment: htmlCommentSyntax, exts: ".md .markdown .mdown .mkd .mkdn", ids: "markdown"},
	{kind: KindMarkdown, comment: htmlCommentSyntax, exts: ".mdx", ids: "mdx"},
	{kind: KindHTML, comment: htmlCommentSyntax, exts: ".html .htm .xhtml", ids: "html"},
	// reStructuredText and AsciiDoc are checked as plain text for now.
	{kind: KindText, exts: ".txt .text .rst .adoc .asciidoc", ids: "plaintext text"},
	// Message catalogs.
	{kind: KindJSON, exts: ".json", ids: "json jsonc"},
	{kind: KindYAML, comment: hashCommentSyntax, exts: ".yaml .yml", ids: "yaml"},
	// Rule packs and configs are never documents.
	{kind: KindNone, exts: ".toml", ids: "toml"},

	// Source code.
	{kind: KindCode, comment: slashCommentSyntax, exts: ".go", fast: "Go", ids: "go"},
	{kind: KindCode, comment: slashCommentSyntax, exts: ".c .h", fast: "C", ids: "c"},
	{kind: KindCode, comment: slashCommentSyntax, exts: ".cpp .cc .cxx .hpp .hh .hxx", fast: "C++", ids: "cpp"},
	{kind: KindCode, comment: slashCommentSyntax, exts: ".cs", fast: "C#", ids: "csharp"},
	{kind: KindCode, comment: slashCommentSyntax, exts: ".java", fast: "Java", ids: "java"},
	{kind: KindCode, comment: slashCommentSyntax, exts: ".js", fast: "JavaScript", ids: "javascript"},
	{kind: KindCode, comment: slashCommentSyntax, exts: ".jsx .mjs .cjs", fast: "JavaScript", ids: "javascriptreact"},
	{kind: KindCode, comment: slashCommentSyntax, exts: ".ts", fast: "TypeScript", ids: "typescript"},
	{kind: KindCode, comment: slashCommentSyntax, exts: ".tsx .mts .cts", fast: "TypeScript", ids: "typescriptreact"},
	{kind: KindCode, comment: slashCommentSyntax, exts: ".rs", fast: "Rust", ids: "rust"},
	{kind: KindCode, comment: slashCommentSyntax, exts: ".kt .kts", ids: "kotlin"},
	{kind: KindCode, comment: slashCommentSyntax, exts: ".swift", ids: "swift"},
	{kind: KindCode, comment: slashCommentSyntax, exts: ".php", ids: "php"},
	{kind: KindCode, comment: slashCommentSyntax, exts: ".scala .dart .groovy .gradle .proto .zig .sol .fs .m .scss"},
	{kind: KindCode, comment: hashCommentSyntax, exts: ".py .pyi", fast: "Python", ids: "python"},
	{kind: KindCode, comment: hashCommentSyntax, exts: ".rb", fast: "Ruby", ids: "ruby"},
	{kind: KindCode, comment: hashCommentSyntax, exts: ".sh .bash .zsh", fast: "Bash", ids: "shellscript sh bash"},
	{kind: KindCode, comment: hashCommentSyntax, exts: ".pyw .rake .gemspec .ksh .fish .pl .pm .ex .exs .r .jl .tf .cmake .mk .nim .cr .ps1 .graphql",
		files: "Dockerfile Makefile GNUmakefile CMakeLists.txt Rakefile Gemfile Vagrantfile .bashrc .zshrc .bash_profile"},
	{kind: KindCode, comment: CommentSyntax{"-- ", ""}, exts: ".lua", ids: "lua"},
	{kind: KindCode, comment: CommentSyntax{"-- ", ""}, exts: ".sql", ids: "sql"},
	{kind: KindCode, comment: CommentSyntax{"-- ", ""}, exts: ".hs .elm"},
	{kind: KindCode, comment: CommentSyntax{"% ", ""}, exts: ".erl .tex"},
	{kind: KindCode, comment: CommentSyntax{"; ", ""}, exts: ".clj .lisp .scm .el"},
	{kind: KindCode, comment: CommentSyntax{`" `, ""}, exts: ".vim"},
	{kind: KindCode, comment: CommentSyntax{"' ", ""}, exts: ".vb"},
	{kind: KindCode, comment: CommentSyntax{"REM ", ""}, exts: ".bat .cmd"},
	{kind: KindCode, comment: CommentSyntax{"/* ", " */"}, exts: ".css"},
	{kind: KindCode, comment: CommentSyntax{"(* ", " *)"}, exts: ".ml .mli"},
	{kind: KindCode, comment: htmlCommentSyntax, exts: ".vue .svelte"},
}

var (
	// kindByExt maps a lower-case file extension (with its dot) to a Kind.
	kindByExt = map[string]Kind{}
	// codeNames maps the lower-case names of fileTypes' files (all code)
	// to the names chroma knows them by.
	codeNames = map[string]string{}
)

func init() {
	for i := range fileTypes {
		ft := &fileTypes[i]
		for _, e := range strings.Fields(ft.exts) {
			kindByExt[e] = ft.kind
		}
		for _, n := range strings.Fields(ft.files) {
			codeNames[strings.ToLower(n)] = n
		}
	}
}

// typeIndex maps an extension and a lower-case file name to its row
// (byExt, byName) and an LSP language id to an extension (extByID). Built
// on first use: a check of a file needs only kindByExt and codeNames.
type typeIndex struct {
	byExt, byName map[string]*fileType
	extByID       map[string]string
}

var fileTypeIndex = sync.OnceValue(func() *typeIndex {
	x := &typeIndex{byExt: map[string]*fileType{}, byName: map[string]*fileType{}, extByID: map[string]string{}}
	for i := range fileTypes {
		ft := &fileTypes[i]
		exts := strings.Fields(ft.exts)
		for _, e := range exts {
			x.byExt[e] = ft
		}
		for _, n := range strings.Fields(ft.files) {
			x.byName[strings.ToLower(n)] = ft
		}
		for _, id := range strings.Fields(ft.ids) {
			x.extByID[id] = exts[0]
		}
	}
	return x
})

// fileKey returns path's file name and extension, in lower case.
func fileKey(path string) (base, ext string) {
	base = strings.ToLower(filepath.Base(filepath.ToSlash(path)))
	if i := strings.LastIndexByte(base, '/'); i >= 0 {
		base = base[i+1:]
	}
	return base, filepath.Ext(base)
}

// typeOf returns the row of path's file name or extension, or nil.
func typeOf(path string) *fileType {
	base, ext := fileKey(path)
	x := fileTypeIndex()
	if ft, ok := x.byName[base]; ok {
		return ft
	}
	return x.byExt[ext]
}

// KindOf returns the file type of path by its extension (or, for a few
// well-known build files, its name). Unknown extensions and TOML files are
// KindNone; a caller that knows an unknown file is text may use KindText.
func KindOf(path string) Kind {
	base, ext := fileKey(path)
	if _, ok := codeNames[base]; ok {
		return KindCode
	}
	if ext == "" {
		return KindNone
	}
	return kindByExt[ext]
}

// isMDX reports whether a Markdown path is MDX.
func isMDX(path string) bool { return strings.EqualFold(filepath.Ext(path), ".mdx") }

// ExtOfLanguage returns the extension a document of an LSP language id
// is checked as when it has no path (an untitled buffer): ".txt" for an
// id guardrail does not know.
func ExtOfLanguage(id string) string {
	if ext, ok := fileTypeIndex().extByID[id]; ok {
		return ext
	}
	return ".txt"
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
		return scopeMarkdown(src, isMDX(path), front)
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
