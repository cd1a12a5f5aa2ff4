package server

import (
	"fmt"
	"math"
	"time"
)

// Limits keep the editor responsive on documents nobody meant to lint: a
// cap on the size of a document analysed, on the diagnostics published for
// one document, and on the time one analysis may take. Each has a default
// (Options), and the settings maxDocumentSize, maxFindings and
// analysisTimeout change it (0 there means no limit).

const (
	defaultMaxDocumentSize = 10 << 20
	defaultMaxFindings     = 1000
	defaultAnalysisTimeout = 5 * time.Second
)

// limits are the limits in effect; zero fields mean no limit.
type limits struct {
	maxSize     int
	maxFindings int
	timeout     time.Duration
}

// limitsOf gives the limits of opts: a zero field takes the default, a
// negative one means no limit.
func limitsOf(opts Options) limits {
	pick := func(v, def int64) int64 {
		switch {
		case v == 0:
			return def
		case v < 0:
			return 0
		}
		return v
	}
	return limits{
		maxSize:     int(pick(int64(opts.MaxDocumentSize), defaultMaxDocumentSize)),
		maxFindings: int(pick(int64(opts.MaxFindings), defaultMaxFindings)),
		timeout:     time.Duration(pick(int64(opts.AnalysisTimeout), int64(defaultAnalysisTimeout))),
	}
}

// limitSettings are the limits set by the editor; nil fields keep the
// server's defaults.
type limitSettings struct {
	MaxDocumentSize *int
	MaxFindings     *int
	AnalysisTimeout *time.Duration
}

// over returns base with the set fields replaced.
func (ls limitSettings) over(base limits) limits {
	if ls.MaxDocumentSize != nil {
		base.maxSize = *ls.MaxDocumentSize
	}
	if ls.MaxFindings != nil {
		base.maxFindings = *ls.MaxFindings
	}
	if ls.AnalysisTimeout != nil {
		base.timeout = *ls.AnalysisTimeout
	}
	return base
}

func (ls limitSettings) equal(o limitSettings) bool {
	eqInt := func(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	eqDur := func(a, b *time.Duration) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	return eqInt(ls.MaxDocumentSize, o.MaxDocumentSize) && eqInt(ls.MaxFindings, o.MaxFindings) && eqDur(ls.AnalysisTimeout, o.AnalysisTimeout)
}

// apply reads the limit keys of a settings object: a non-negative whole
// number, or null to go back to the default. It returns problems to show.
func (ls *limitSettings) apply(m map[string]any) []string {
	var problems []string
	num := func(key string) (int, bool, bool) { // value, present, valid
		x, ok := m[key]
		if !ok {
			return 0, false, false
		}
		if x == nil {
			return 0, true, false
		}
		f, isNum := x.(float64)
		if !isNum || f < 0 || f != math.Trunc(f) || f > math.MaxInt32 {
			problems = append(problems, fmt.Sprintf("%s must be a whole number, 0 or more (0: no limit)", key))
			return 0, false, false
		}
		return int(f), true, true
	}
	if v, present, valid := num("maxDocumentSize"); present {
		ls.MaxDocumentSize = nil
		if valid {
			ls.MaxDocumentSize = &v
		}
	}
	if v, present, valid := num("maxFindings"); present {
		ls.MaxFindings = nil
		if valid {
			ls.MaxFindings = &v
		}
	}
	if v, present, valid := num("analysisTimeout"); present {
		ls.AnalysisTimeout = nil
		if valid {
			d := time.Duration(v) * time.Millisecond
			ls.AnalysisTimeout = &d
		}
	}
	return problems
}

// deadline is when an analysis started now must stop (zero: never).
func (l limits) deadline() time.Time {
	if l.timeout <= 0 {
		return time.Time{}
	}
	return time.Now().Add(l.timeout)
}

func durationText(d time.Duration) string {
	switch {
	case d%time.Second == 0:
		return fmt.Sprintf("%d s", d/time.Second)
	case d%time.Millisecond == 0:
		return fmt.Sprintf("%d ms", d/time.Millisecond)
	}
	return d.String()
}

func countText(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
