package format

import "testing"

func TestScopeJSON(t *testing.T) {
	cases := []scopeCase{
		{
			name: "values not keys",
			src:  "{\r\n  \"greeting\": \"SRE enables access\",\r\n  \"n\": 1, \"ok\": true, \"nested\": {\"k\": \"Über ’v’\"},\r\n  \"list\": [\"one\", \"two\"]\r\n}\r\n",
			want: []string{"SRE enables access", "Über ’v’", "one", "two"},
		},
		{
			name: "escapes",
			src:  `{"a": "say \"hi\"\nnow \u00e9 \ud83d\ude00 \\ \/"}`,
			want: []string{`say «\"→"»hi«\"→"»«\n→` + "\n" + `»now «\u00e9→é» «\ud83d\ude00→😀» «\\→\» «\/→/»`},
		},
		{
			name: "BOM",
			src:  "\xef\xbb\xbf[\"x\"]",
			want: []string{"x"},
		},
		{name: "invalid", src: `{"a": "b"`, want: nil},
		{name: "key with colon spacing", src: `{"a" : "b"}`, want: []string{"b"}},
	}
	runScopeCases(t, cases, ScopeJSON)
}

func TestScopeYAML(t *testing.T) {
	cases := []scopeCase{
		{
			name: "values, comments, styles",
			src: "# Top comment\n# continues\nkey: SRE enables access # trailing\n" +
				"dq: \"say \\\"hi\\\" \\u00e9\"\nsq: 'it''s'\nlist:\n  - item one\n  - &anchor !!str item two\n" +
				"lit: |\n  line one\n  # not a comment\n\n  line three\nfold: >-\n  folded\n  text\n" +
				"plain: multi\n  line plain\nnum: 42\nflag: true\nflow: {a: flow value, b: [c, \"d e\"]}\n",
			want: []string{
				"C:Top comment«\n# →\n»continues",
				"SRE enables access",
				"C:trailing",
				"say «\\\"→\"»hi«\\\"→\"» «\\u00e9→é»",
				"it«''→'»s",
				"item one",
				"item two",
				"line one«\n  →\n»# not a comment«\n\n  →\n\n»line three",
				"folded«\n  →\n»text",
				"multi«\n  →\n»line plain",
				"flow value",
				"c",
				"d e",
			},
			comments: []string{"# Top comment→Top comment", "# continues→continues", "# trailing→trailing"},
		},
		{
			name: "CRLF, non-ASCII, multiple documents",
			src:  "title: 中文 ’x’ 😀\r\nq: \"a\r\n  b\"\r\n---\r\n# c2\r\nnext: doc two\r\n",
			want: []string{"中文 ’x’ 😀", "a«\r\n  →\n»b", "C:c2", "doc two"},
		},
		{
			name: "quoted keys with hash",
			src:  "\"a #b\": 'c #d' # real\n",
			want: []string{"c #d", "C:real"},
		},
		{
			name:     "block scalar header comment",
			src:      "a: |- # header\n  text # kept\nb: c\n",
			want:     []string{"C:header", "text # kept", "c"},
			comments: []string{"# header→header"},
		},
		{name: "invalid", src: "a: [b\n", want: nil},
		{name: "tabs invalid", src: "a:\n\t- b\n", want: nil},
	}
	runScopeCases(t, cases, ScopeYAML)
}
