// Package lexers holds the chroma lexers guardrail scopes source code with:
// the languages of the listed code file types that the fast scanner does
// not handle, and the lexers their rules hand text to. They are copied from
// chroma v2.27.0 (embedded/*.xml, and cl.go, emacs.go and svelte.go for the
// three written in Go; MIT, see COPYING), because chroma's own lexers
// package builds its whole registry — 279 lexers parsed from XML, about
// 9 ms and 2.7 MB — in its init, in every guardrail process, whether or
// not a code file is checked. Here a language's lexer is built on its first
// use, once.
//
// Tests (lexers_test.go) hold each lexer to chroma's: the same tokens on a
// sample corpus, and the same lexer for every file name ByFileName knows.
// When go.mod's chroma moves, analysis/transcribed_versions_test.go fails
// until the files are copied again from the new version.
package lexers

import (
	"embed"
	"path/filepath"
	"sync"

	"github.com/alecthomas/chroma/v2"
)

//go:embed embedded/*.xml
var embedded embed.FS

// language is one lexer, built on first use.
type language struct {
	build func() chroma.Lexer
	// deps are the languages its rules hand text to (chroma's using and
	// usingbygroup emitters), looked up in its registry.
	deps []string

	once  sync.Once
	lexer chroma.Lexer
}

func xml(file string) func() chroma.Lexer {
	return func() chroma.Lexer { return chroma.MustNewXMLLexer(embedded, "embedded/"+file) }
}

func html() chroma.Lexer { return xml("html.xml")() }

// svelteLangs are the languages a Svelte <script lang="…"> or <style
// lang="…"> names that chroma has a lexer for.
var svelteLangs = []string{"TypeScript", "JavaScript", "CSS", "SCSS", "Sass", "Stylus", "CoffeeScript", "react", "HTML", "JSON"}

// languages by chroma's name for them.
var languages = map[string]*language{
	"Bash":            {build: xml("bash.xml")},
	"Batchfile":       {build: xml("batchfile.xml")},
	"CMake":           {build: xml("cmake.xml")},
	"CSS":             {build: xml("css.xml")},
	"Clojure":         {build: xml("clojure.xml")},
	"CoffeeScript":    {build: xml("coffeescript.xml")},
	"Common Lisp":     {build: commonLisp},
	"Crystal":         {build: xml("crystal.xml")},
	"Dart":            {build: xml("dart.xml")},
	"Docker":          {build: xml("docker.xml"), deps: []string{"Bash", "JSON"}},
	"Elixir":          {build: xml("elixir.xml")},
	"Elm":             {build: xml("elm.xml")},
	"EmacsLisp":       {build: emacsLisp},
	"Erlang":          {build: xml("erlang.xml")},
	"Fish":            {build: xml("fish.xml")},
	"Forth":           {build: xml("forth.xml")},
	"GraphQL":         {build: xml("graphql.xml")},
	"Groovy":          {build: xml("groovy.xml")},
	"HTML":            {build: html, deps: []string{"CSS", "JavaScript"}},
	"Haskell":         {build: xml("haskell.xml")},
	"JSON":            {build: xml("json.xml")},
	"JavaScript":      {build: xml("javascript.xml")},
	"Julia":           {build: xml("julia.xml")},
	"Kotlin":          {build: xml("kotlin.xml")},
	"Lua":             {build: xml("lua.xml")},
	"Makefile":        {build: xml("makefile.xml"), deps: []string{"Bash"}},
	"Mathematica":     {build: xml("mathematica.xml")},
	"MySQL":           {build: xml("mysql.xml")},
	"Nim":             {build: xml("nim.xml")},
	"OCaml":           {build: xml("ocaml.xml")},
	"PHP":             {build: xml("php.xml")},
	"Perl":            {build: xml("perl.xml")},
	"PowerShell":      {build: xml("powershell.xml")},
	"Protocol Buffer": {build: xml("protocol_buffer.xml")},
	"Python":          {build: xml("python.xml")},
	"R":               {build: xml("r.xml")},
	"Ruby":            {build: xml("ruby.xml")},
	"SCSS":            {build: xml("scss.xml")},
	"Sass":            {build: xml("sass.xml")},
	"Scala":           {build: xml("scala.xml")},
	"Scheme":          {build: xml("scheme.xml")},
	"Solidity":        {build: xml("solidity.xml")},
	"Stylus":          {build: xml("stylus.xml")},
	"Svelte":          {build: svelte, deps: svelteLangs},
	"Swift":           {build: xml("swift.xml")},
	"TeX":             {build: xml("tex.xml")},
	"Terraform":       {build: xml("terraform.xml")},
	"TypeScript":      {build: xml("typescript.xml")},
	"VB.net":          {build: xml("vb_net.xml")},
	"VimL":            {build: xml("viml.xml"), deps: []string{"Python"}},
	"Zig":             {build: xml("zig.xml")},
	"react":           {build: xml("react.xml")},
	"vue":             {build: xml("vue.xml")},
}

// Get returns the lexer chroma calls name (its exact name, not an alias),
// or nil. The first call for a language builds its lexer, and fresh copies
// of the lexers its rules hand text to, in a registry of their own.
func Get(name string) chroma.Lexer {
	l := languages[name]
	if l == nil {
		return nil
	}
	l.once.Do(func() {
		reg := chroma.NewLexerRegistry()
		l.lexer = reg.Register(l.build())
		seen := map[string]bool{name: true}
		var add func(string)
		add = func(n string) {
			for _, d := range languages[n].deps {
				if !seen[d] {
					seen[d] = true
					reg.Register(languages[d].build())
					add(d)
				}
			}
		}
		add(name)
	})
	return l.lexer
}

// byName maps the file names guardrail checks as code by their name to
// the language chroma's registry picks for them.
var byName = map[string]string{
	"Dockerfile": "Docker", "Makefile": "Makefile", "GNUmakefile": "Makefile",
	"CMakeLists.txt": "CMake", "Rakefile": "Ruby", "Gemfile": "Ruby",
	"Vagrantfile": "Ruby", ".bashrc": "Bash", ".zshrc": "Bash", ".bash_profile": "Bash",
}

// byExt maps the extensions guardrail checks as code (and does not scan
// itself) to the language chroma's registry picks for them; the match is
// case-sensitive, as chroma's file-name patterns are (x.R is R, x.KT is
// nothing).
var byExt = map[string]string{
	".R": "R", ".bat": "Batchfile", ".clj": "Clojure", ".cmake": "CMake",
	".cmd": "Batchfile", ".cr": "Crystal", ".css": "CSS", ".dart": "Dart",
	".el": "EmacsLisp", ".elm": "Elm", ".erl": "Erlang", ".ex": "Elixir",
	".exs": "Elixir", ".fish": "Fish", ".fs": "Forth", ".gemspec": "Ruby",
	".gradle": "Groovy", ".graphql": "GraphQL", ".groovy": "Groovy",
	".hs": "Haskell", ".jl": "Julia", ".ksh": "Bash", ".kt": "Kotlin",
	".kts": "Kotlin", ".lisp": "Common Lisp", ".lua": "Lua", ".m": "Mathematica",
	".mk": "Makefile", ".ml": "OCaml", ".mli": "OCaml", ".nim": "Nim",
	".php": "PHP", ".pl": "Perl", ".pm": "Perl", ".proto": "Protocol Buffer",
	".ps1": "PowerShell", ".pyw": "Python", ".r": "R", ".rake": "Ruby",
	".scala": "Scala", ".scm": "Scheme", ".scss": "SCSS", ".sol": "Solidity",
	".sql": "MySQL", ".svelte": "Svelte", ".swift": "Swift", ".tex": "TeX",
	".tf": "Terraform", ".vb": "VB.net", ".vim": "VimL", ".vue": "vue",
	".zig": "Zig",
}

// ByFileName returns the lexer chroma's registry (lexers.Match) picks for
// a file name that guardrail checks as code, or nil: the names of byName,
// and base names with an extension of byExt. Other file names, which
// chroma may know, are not code to guardrail and get nil.
func ByFileName(filename string) chroma.Lexer {
	base := filepath.Base(filename)
	if n, ok := byName[base]; ok {
		return Get(n)
	}
	if n, ok := byExt[filepath.Ext(base)]; ok {
		return Get(n)
	}
	return nil
}
