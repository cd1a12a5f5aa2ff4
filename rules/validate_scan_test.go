package rules

import (
	"reflect"
	"regexp"
	"testing"
)

// ValidRuleID and placeholders replace two regular expressions (parsing
// 10,000 rules ran them 20,000 times); they must agree with them.
var (
	ruleIDRegexp      = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)
	placeholderRegexp = regexp.MustCompile(`\{[A-Za-z0-9_.-]*\}`)
)

func checkScansAgree(t *testing.T, s string) {
	if got, want := ValidRuleID(s), ruleIDRegexp.MatchString(s); got != want {
		t.Errorf("ValidRuleID(%q) = %v, regexp says %v", s, got, want)
	}
	var want [][2]int
	for _, loc := range placeholderRegexp.FindAllStringIndex(s, -1) {
		want = append(want, [2]int{loc[0], loc[1]})
	}
	if got := placeholders(s); !reflect.DeepEqual(got, want) {
		t.Errorf("placeholders(%q) = %v, regexp finds %v", s, got, want)
	}
}

func TestScansAgreeWithRegexps(t *testing.T) {
	for _, s := range []string{
		"", "a", "A", "0", "-a", ".a", "a-b.c", "a_b", "sre.access-claim", "a\n", "é", "ab\x00",
		"{match}", "{approved}", "Use '{approved}' instead of '{match}'.", "{}", "{{match}}", "{a{b}}",
		"{ab", "ab}", "{a b}", "{A_z.0-9}", "{é}", "}{x}{", "{{}", "{x}}{y}",
	} {
		checkScansAgree(t, s)
	}
}

func FuzzScansAgreeWithRegexps(f *testing.F) {
	f.Add("Use '{approved}' instead of '{match}'.")
	f.Add("sre.access-claim")
	f.Fuzz(checkScansAgree)
}
