package valeimport

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
)

// BenchmarkValePack checks Markdown with the errata-ai Google and
// Microsoft styles as converted by the import: 55 regex patterns and some
// 300 phrase rules, the load that real Vale styles bring. The documents
// are the corpus slice in testdata, or every *.md under
// $GUARDRAIL_VALE_CORPUS when set (a larger comparison corpus):
//
//	go test ./rules/valeimport -run '^$' -bench ValePack -benchtime 5x
func BenchmarkValePack(b *testing.B) {
	dir, err := filepath.Abs("testdata/corpus/docs")
	if err != nil {
		b.Fatal(err)
	}
	if d := os.Getenv("GUARDRAIL_VALE_CORPUS"); d != "" {
		dir = d
	}
	var docs []analysis.Document
	size := 0
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		docs = append(docs, analysis.Document{Path: path, RelPath: filepath.ToSlash(rel), Text: text})
		size += len(text)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Chdir("testdata/corpus")
	res, err := Import(".vale.ini")
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := res.WriteTOML(&buf); err != nil {
		b.Fatal(err)
	}
	eng, err := analysis.Compile(loadPack(b, "corpus.toml", buf.Bytes()))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	n := 0
	for b.Loop() {
		n = 0
		for _, d := range docs {
			n += len(eng.Check(d))
		}
	}
	b.ReportMetric(float64(n), "findings")
}
