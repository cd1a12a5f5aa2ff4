package analysis

import (
	"encoding/binary"
	"math/rand"
	"testing"
)

// TestNonWord8 checks the eight-byte word test against asciiWord, byte by
// byte: every byte value in every position, and random words.
func TestNonWord8(t *testing.T) {
	ref := func(x uint64) uint64 {
		var m uint64
		for k := range 8 {
			c := byte(x >> (8 * k))
			if c >= 0x80 || !asciiWord[c] {
				m |= 0x80 << (8 * k)
			}
		}
		return m
	}
	rng := rand.New(rand.NewSource(1))
	for c := range 256 {
		for k := range 8 {
			var b [8]byte
			rng.Read(b[:])
			b[k] = byte(c)
			x := binary.LittleEndian.Uint64(b[:])
			if got, want := nonWord8(x), ref(x); got != want {
				t.Fatalf("nonWord8(%#x) = %#x, want %#x", x, got, want)
			}
		}
	}
	for range 100000 {
		x := rng.Uint64()
		if got, want := nonWord8(x), ref(x); got != want {
			t.Fatalf("nonWord8(%#x) = %#x, want %#x", x, got, want)
		}
	}
}
