package valeimport

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// maxVocabSize caps one accept.txt or reject.txt.
const maxVocabSize = 4 << 20

// vocabRules builds Vale's built-in Vale.Terms and Vale.Avoid rules from
// the vocabularies a .vale.ini names (Vocab = A, B): each term of an
// accept.txt must be written with its own capitalization (Vale.Terms: a
// substitution from the term in lower case, ignoring case), each entry of
// a reject.txt is flagged (Vale.Avoid: an existence rule that minds case).
// Vocabularies live in StylesPath/config/vocabularies/NAME/. Terms are
// relative to stylesPath in File.
func vocabRules(stylesPath string, names []string) (rules []*ValeRule, accepted []string, err error) {
	terms := &ValeRule{
		Name: "Vale.Terms", Style: "Vale", Extends: "substitution",
		Message: "Use '%s' instead of '%s'.", Level: "error", Ignorecase: true,
	}
	avoid := &ValeRule{
		Name: "Vale.Avoid", Style: "Vale", Extends: "existence",
		Message: "Avoid using '%s'.", Level: "error",
	}
	for _, name := range names {
		dir := filepath.Join(stylesPath, "config", "vocabularies", name)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return nil, nil, fmt.Errorf("vocabulary %s: no folder %s", name, dir)
		}
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || (d.Name() != "accept.txt" && d.Name() != "reject.txt") {
				return err
			}
			lines, err := readWordList(p)
			if err != nil {
				return err
			}
			rel := relPath(stylesPath, p)
			for _, l := range lines {
				if d.Name() == "accept.txt" {
					accepted = append(accepted, l.text)
					terms.File = rel
					terms.Swap = append(terms.Swap, SwapEntry{Key: strings.ToLower(l.text), Value: l.text, Line: l.line})
				} else {
					avoid.File = rel
					avoid.Tokens = append(avoid.Tokens, l.text)
					avoid.TokenLines = append(avoid.TokenLines, l.line)
				}
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if len(terms.Swap) > 0 {
		rules = append(rules, terms)
	}
	if len(avoid.Tokens) > 0 {
		rules = append(rules, avoid)
	}
	return rules, accepted, nil
}

type wordLine struct {
	text string
	line int
}

// readWordList reads a Vale word list: one term (a regex) a line; blank
// lines and lines starting with # are skipped.
func readWordList(path string) ([]wordLine, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxVocabSize {
		return nil, fmt.Errorf("%s: not a regular file of at most %d bytes", path, maxVocabSize)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []wordLine
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), maxVocabSize)
	n := 0
	for sc.Scan() {
		n++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		out = append(out, wordLine{t, n})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %v", path, n+1, err)
	}
	return out, nil
}
