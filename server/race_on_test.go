//go:build race

package server

// raceEnabled is set when the race detector is on: heavy tests do less,
// and memory is not measured (the detector multiplies it).
const raceEnabled = true
