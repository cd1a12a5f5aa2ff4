package format

import (
	"strings"
	"testing"
)

// The file-type table is the one extension table: every extension, file
// name and language id is in one row, and every row of code says how a
// suppression comment is written in it.
func TestFileTypesTable(t *testing.T) {
	seen := map[string]string{}
	once := func(what, key, row string) {
		if prev, ok := seen[what+key]; ok {
			t.Errorf("%s %q in two rows: %s and %s", what, key, prev, row)
		}
		seen[what+key] = row
	}
	for _, ft := range fileTypes {
		row := ft.exts + ft.files
		for _, e := range strings.Fields(ft.exts) {
			if !strings.HasPrefix(e, ".") || e != strings.ToLower(e) {
				t.Errorf("extension %q: want a lower-case extension with its dot", e)
			}
			once("extension", e, row)
		}
		for _, n := range strings.Fields(ft.files) {
			once("file name", strings.ToLower(n), row)
		}
		for _, id := range strings.Fields(ft.ids) {
			once("language id", id, row)
		}
		if ft.kind == KindCode && ft.comment == (CommentSyntax{}) {
			t.Errorf("%s: code without a comment syntax", row)
		}
		if ft.files != "" && ft.kind != KindCode {
			t.Errorf("%s: file names are code (KindOf)", row)
		}
		for _, e := range strings.Fields(ft.exts) {
			if sx := fastSyntaxFor("x" + e); ft.fast != "" && (sx == nil || sx.name != ft.fast) || ft.fast == "" && sx != nil {
				t.Errorf("%s: the fast scanner's language is %v, want %q", e, sx, ft.fast)
			}
		}
	}
}

func TestExtOfLanguage(t *testing.T) {
	for id, want := range map[string]string{
		"markdown": ".md", "mdx": ".mdx", "plaintext": ".txt", "jsonc": ".json", "yaml": ".yaml",
		"cpp": ".cpp", "javascriptreact": ".jsx", "shellscript": ".sh", "bash": ".sh", "toml": ".toml",
		"cobol": ".txt", "": ".txt",
	} {
		if got := ExtOfLanguage(id); got != want {
			t.Errorf("ExtOfLanguage(%q) = %q, want %q", id, got, want)
		}
	}
}
