package analysis

import "testing"

// TestForbiddenHeader: header cells that name wording not to use.
func TestForbiddenHeader(t *testing.T) {
	for _, tt := range []struct {
		cell string
		want bool
	}{
		{"Instead of", true}, {" **Instead of saying** ", true}, {"❌ Don’t say", true},
		{"DON'T", true}, {"Avoid", true}, {"Not this", true}, {"Do not write", true},
		{"Bad", true}, {"Off-limits", true}, {"Rather than", true},
		{"Notes", false}, {"Write", false}, {"Say instead", false}, {"Avoidance", false},
		{"", false}, {"Do", false}, {"Nothing", false},
	} {
		if got := forbiddenHeader(tt.cell); got != tt.want {
			t.Errorf("forbiddenHeader(%q) = %v, want %v", tt.cell, got, tt.want)
		}
	}
}

// FuzzForbiddenColumn: any text and offset, no panic; the header found
// through the memo (rows looked at in any order, each table once) is the
// one a fresh walk finds.
func FuzzForbiddenColumn(f *testing.F) {
	f.Add([]byte("| Instead of | Write |\n|---|---|\n| a | b |\n| c \\| d | e |\n"), uint16(35))
	f.Add([]byte("Avoid | Prefer\n--- | ---\nx | y\n\n| Not |\n|:-:|\n| z |"), uint16(30))
	f.Add([]byte("|\n|\n|-|\n||\n"), uint16(5))
	f.Fuzz(func(t *testing.T, src []byte, off uint16) {
		if len(src) == 0 {
			return
		}
		var memo tableHeaders
		offs := []int{int(off) % len(src), len(src) - 1, 0, len(src) / 2}
		for _, o := range offs {
			got := forbiddenColumn(src, o, &memo)
			var fresh tableHeaders
			if want := forbiddenColumn(src, o, &fresh); got != want {
				t.Fatalf("offset %d: with memo %v, fresh %v\n%q", o, got, want, src)
			}
		}
	})
}
