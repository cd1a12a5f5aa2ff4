package lexers

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromalexers "github.com/alecthomas/chroma/v2/lexers"
)

// The lexers here are copies of chroma's; these tests hold them to the
// originals in the chroma module go.mod names (tests may link chroma's
// lexers package, guardrail itself does not).

// chromaDir is the chroma module's directory in the module cache.
var chromaDir = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/alecthomas/chroma/v2").Output()
	if err != nil {
		return "", fmt.Errorf("go list -m chroma: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
})

func sortedNames() []string {
	var names []string
	for n := range languages {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// The embedded XML files are chroma's, byte for byte.
func TestEmbeddedXMLIsChromas(t *testing.T) {
	dir, err := chromaDir()
	if err != nil {
		t.Skip(err)
	}
	files, err := embedded.ReadDir("embedded")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		ours, _ := embedded.ReadFile("embedded/" + f.Name())
		theirs, err := os.ReadFile(filepath.Join(dir, "lexers", "embedded", f.Name()))
		if err != nil {
			t.Errorf("%s: %v", f.Name(), err)
			continue
		}
		if !bytes.Equal(ours, theirs) {
			t.Errorf("embedded/%s differs from chroma's: copy it again", f.Name())
		}
	}
}

// Every language is chroma's lexer of that name, with the same
// configuration, and every embedded file is used.
func TestLanguagesAreChromas(t *testing.T) {
	for _, name := range sortedNames() {
		ours, theirs := Get(name), chromalexers.Get(name)
		if ours == nil || theirs == nil {
			t.Errorf("%s: ours %v, chroma's %v", name, ours, theirs)
			continue
		}
		if !reflect.DeepEqual(ours.Config(), theirs.Config()) {
			t.Errorf("%s: configuration differs:\nours    %+v\nchroma's %+v", name, ours.Config(), theirs.Config())
		}
	}
	files, _ := embedded.ReadDir("embedded")
	for _, f := range files {
		lx := chroma.MustNewXMLLexer(embedded, "embedded/"+f.Name())
		if languages[lx.Config().Name] == nil {
			t.Errorf("embedded/%s (%s) is not a language here: drop the file or add the language", f.Name(), lx.Config().Name)
		}
	}
}

// The languages a lexer's rules hand text to are its deps: each
// <using lexer="…"> in an embedded file names a dependency (the XML-coded
// lexers; svelte.go's Using("TypeScript") is in svelteLangs).
func TestDepsCoverUsing(t *testing.T) {
	files, _ := embedded.ReadDir("embedded")
	for _, f := range files {
		data, _ := embedded.ReadFile("embedded/" + f.Name())
		name := chroma.MustNewXMLLexer(embedded, "embedded/"+f.Name()).Config().Name
		for _, part := range strings.Split(string(data), `<using lexer="`)[1:] {
			dep := part[:strings.IndexByte(part, '"')]
			target := chromalexers.Get(dep)
			if target == nil {
				t.Errorf("%s uses %q, which chroma does not know", name, dep)
				continue
			}
			if !closure(name)[target.Config().Name] {
				t.Errorf("%s uses %q (%s), which is not among its deps", name, dep, target.Config().Name)
			}
		}
	}
	if !slicesContain(svelteLangs, "TypeScript") {
		t.Error("svelte.go uses TypeScript: keep it in svelteLangs")
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// closure is a language and the languages its registry holds.
func closure(name string) map[string]bool {
	seen := map[string]bool{name: true}
	var add func(string)
	add = func(n string) {
		for _, d := range languages[n].deps {
			if !seen[d] {
				seen[d] = true
				add(d)
			}
		}
	}
	add(name)
	return seen
}

// ByFileName picks the lexer chroma's lexers.Match picks, for every file
// name it knows, in every case chroma's patterns tell apart.
func TestByFileNameIsChromasMatch(t *testing.T) {
	var names []string
	for n := range byName {
		names = append(names, n)
	}
	lowerExts := map[string]bool{}
	for e := range byExt {
		names = append(names, "x"+e, "x"+strings.ToUpper(e), "x"+strings.ToLower(e))
		lowerExts[strings.ToLower(e)] = true
	}
	for _, l := range chromalexers.GlobalLexerRegistry.Lexers {
		for _, g := range l.Config().Filenames {
			if strings.HasPrefix(g, "*.") && lowerExts[strings.ToLower(g[1:])] {
				names = append(names, "x"+g[1:])
			}
		}
	}
	for _, n := range names {
		ours, theirs := ByFileName(n), chromalexers.Match(n)
		switch {
		case ours == nil && theirs == nil:
		case ours == nil || theirs == nil:
			t.Errorf("%s: ours %v, chroma's %v", n, ours, theirs)
		case ours.Config().Name != theirs.Config().Name:
			t.Errorf("%s: ours %s, chroma's %s", n, ours.Config().Name, theirs.Config().Name)
		}
	}
	for _, n := range []string{"x.txt", "x", "x.KT", "Makefile.am"} {
		if ByFileName(n) != nil {
			t.Errorf("%s: a lexer for a file name that is not in the tables", n)
		}
	}
}

// snippets are short inputs every language is tried on: the comment and
// string syntaxes of many languages, unterminated ones, and embedded code.
var snippets = []string{
	"# hash comment\nx = \"double\" + 'single' # tail\n",
	"// line\n/* block\n * more */\nint x = 1; /* unterminated",
	"-- sql or lua comment\nselect 'it''s', \"q\" from t; --[[ lua\nblock ]]\n",
	"; lisp\n(defun f (x) \"doc string\" #| block |# (print 'sym)) ;; end\n",
	"(* ocaml *) let s = \"a\\\"b\" in {- haskell -} x\n",
	"% tex or erlang\n\\section{Title} $x$ 'quoted' \"text\"\n",
	"REM batch\n@echo off\n:: label comment\nset X=\"v\"\necho %X%\n",
	"FROM alpine\nRUN echo \"hi\" && \\\n    ls # c\nCMD [\"sh\", \"-c\"]\n",
	"all: x\n\t@echo \"$(CC)\" # make\nx:\n\tgcc -o $@ $<\n",
	"<template><div>{{ msg }}</div></template>\n<script>\n// vue\nexport default { data() { return { msg: 'hi' } } }\n</script>\n<style>/* c */ a { color: red }</style>\n",
	"<script lang=\"ts\">\n  let name: string = 'world'; // c\n</script>\n<h1>Hello {name}!</h1>\n{#if x}<p>{'str'}</p>{/if}\n<style lang=\"scss\">\n$c: red; // s\n.a { color: $c; }\n</style>\n",
	"<?php\n// php\necho \"a $b {$c}\"; # x\n/* b */ $s = 'q';\n?>\n<p>html</p>\n",
	"\"\"\"docstring\"\"\"\ndef f(a: str = r'raw') -> None:\n    '''d'''\n    return f\"{a!r:>10}\"  # c\n",
	"fn main() { let s = \"s\"; } // rust-ish\nfunc f() -> String { return \"\\(x)\" } /// swift doc\n",
	"=begin\nruby block\n=end\nputs %q(a) + \"#{b}\" # c\n",
	"my $x = qq{perl}; # c\n=pod\ndoc\n=cut\nprint \"$x\\n\";\n",
	"val s = \"\"\"multi\nline\"\"\" // kotlin/scala\n'c' // char\n",
	"syntax = \"proto3\";\n// comment\nmessage M { string s = 1; } /* b */\n",
	"resource \"aws_x\" \"y\" {\n  # hcl\n  name = \"n-${var.x}\" // c\n  /* b */\n}\n",
	"\" vim comment\nlet g:x = 'v' \" tail\necho \"s\"\npython3 << EOF\nprint('py')\nEOF\n",
	"query Q { # graphql\n  f(a: \"s\") { \"\"\"block\"\"\" g }\n}\n",
	"\x00\xff not utf-8 \xc3\x28 'x'\r\n\"y\"\r\n",
	"",
	"'\n\"\n`\n/*\n(*\n{-\n#|\n",
}

var svelteLangSnippets = func() []string {
	var out []string
	for _, l := range []string{"ts", "typescript", "js", "javascript", "css", "scss", "sass", "stylus", "styl", "coffee", "coffeescript", "jsx", "tsx", "html", "json", "less", "postcss", "pug"} {
		out = append(out, fmt.Sprintf("<script lang=\"%s\">\n// c\nlet a = 'x' + \"y\"; /* b */ { k: 1 }\n</script>\n<p>{a}</p>\n", l))
	}
	return out
}()

// chromaSamples are chroma's own test inputs for a language
// (lexers/testdata/*.actual).
func chromaSamples(t *testing.T, dir, name string) []string {
	matches, _ := filepath.Glob(filepath.Join(dir, "lexers", "testdata", "*.actual"))
	var out []string
	for _, m := range matches {
		base := strings.TrimSuffix(filepath.Base(m), ".actual")
		if l := chromalexers.Get(base); l != nil && l.Config().Name == name {
			data, err := os.ReadFile(m)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(data[:min(len(data), 8<<10)]))
		}
	}
	return out
}

func tokens(t *testing.T, lx chroma.Lexer, src string) (toks []chroma.Token, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return chroma.Tokenise(lx, nil, src)
}

// For every language, our lexer's tokens equal chroma's on the snippets,
// chroma's own test inputs for it, and every language's first test input.
func TestTokensEqualChromas(t *testing.T) {
	dir, err := chromaDir()
	if err != nil {
		t.Skip(err)
	}
	var shared []string
	for _, name := range []string{"bash", "python", "javascript", "php", "css", "html"} {
		data, err := os.ReadFile(filepath.Join(dir, "lexers", "testdata", name+".actual"))
		if err == nil {
			shared = append(shared, string(data[:min(len(data), 1024)]))
		}
	}
	for _, name := range sortedNames() {
		t.Run(name, func(t *testing.T) {
			ours, theirs := Get(name), chromalexers.Get(name)
			corpus := append(append(append([]string{}, snippets...), shared...), chromaSamples(t, dir, name)...)
			if name == "Svelte" {
				corpus = append(corpus, svelteLangSnippets...)
			}
			for _, src := range corpus {
				// chroma gives up on a regular expression after 250 ms (a rule
				// that does not match in time does not match): on a busy
				// machine a difference is believed only if it repeats.
				var diff string
				for try := 0; try < 3; try++ {
					a, errA := tokens(t, ours, src)
					b, errB := tokens(t, theirs, src)
					switch {
					case fmt.Sprint(errA) != fmt.Sprint(errB):
						diff = fmt.Sprintf("%.40q: error %v, chroma's %v", src, errA, errB)
					case !reflect.DeepEqual(a, b):
						diff = fmt.Sprintf("%.40q: %d tokens, chroma's %d; first difference at %d", src, len(a), len(b), firstDiff(a, b))
					default:
						diff = ""
					}
					if diff == "" {
						break
					}
				}
				if diff != "" {
					t.Error(diff)
				}
			}
		})
	}
}

func firstDiff(a, b []chroma.Token) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// guardrail does not link chroma's lexers package (its init parses every
// lexer chroma has).
func TestGuardrailDoesNotLinkChromaLexers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/guardrail-dev/guardrail/cmd/guardrail").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if p == "github.com/alecthomas/chroma/v2/lexers" {
			t.Fatalf("cmd/guardrail depends on %s", p)
		}
	}
	if !strings.Contains(string(out), "github.com/guardrail-dev/guardrail/internal/lexers") {
		t.Fatal("cmd/guardrail does not depend on internal/lexers: is the test looking at the right package?")
	}
}
