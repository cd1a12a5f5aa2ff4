//go:build !linux

package format

import "time"

// threadCPU is not measured here: the scaling tests check allocations only.
func threadCPU() (time.Duration, bool) { return 0, false }
