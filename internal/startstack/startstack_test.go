package startstack

import (
	"runtime"
	"testing"
)

// TestReserveGrowsTo128KB: a goroutine that calls reserve from a small
// stack ends with a stack of 128 KB, grown in one step (the stack memory
// in use rises by 128 KB, not by 128 KB plus the 8, 16, 32 and 64 KB
// steps that would be in use while copying, and not to 256 KB).
func TestReserveGrowsTo128KB(t *testing.T) {
	var before, after runtime.MemStats
	start, done := make(chan struct{}), make(chan struct{})
	go func() {
		<-start
		reserve()
		done <- struct{}{}
		<-done
	}()
	runtime.GC()
	runtime.ReadMemStats(&before)
	start <- struct{}{}
	<-done
	runtime.ReadMemStats(&after)
	done <- struct{}{}
	grown := int64(after.StackInuse) - int64(before.StackInuse)
	if grown < 96<<10 || grown > 160<<10 {
		t.Errorf("stack in use grew by %d bytes calling reserve, want about 128 KB", grown)
	}
}
