package suggest

import "testing"

func TestClosest(t *testing.T) {
	known := []string{"check", "lsp", "rules", "explain", "init", "version", "sre.access-claim", "sre.acronym"}
	tests := []struct {
		name, want string
		ok         bool
	}{
		{"chek", "check", true},
		{"chekc", "check", true},
		{"expalin", "explain", true},
		{"sre.acess-claim", "sre.access-claim", true},
		{"check", "", false},     // known: nothing to suggest
		{"deploy", "", false},    // nothing near
		{"x", "", false},         // too far from every name
		{"lps", "lsp", true},     // a transposition is two edits
		{"rulez", "rules", true}, // one substitution
		{string(make([]byte, 200)), "", false},
	}
	for _, tt := range tests {
		got, ok := Closest(tt.name, known)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Closest(%q) = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"flaw", "lawn", 2}, {"héllo", "hello", 1}, {"abc", "abc", 0},
	} {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}
