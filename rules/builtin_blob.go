package rules

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"path"
)

// The built-in packs are also embedded parsed, in the pack codec's form
// (builtin/NAME.bin, written by `go generate ./rules`): decoding one costs
// a small part of parsing its TOML (the sre pack's 106 KB of it took
// about a quarter of a check of an empty file). A blob starts with the
// SHA-256 of the TOML it was made from; a blob that does not match the
// embedded TOML (an edited pack, blobs not regenerated) is ignored and
// the TOML parsed, so a stale blob never changes a pack's rules.
// TestBuiltinBlobsFresh fails while a blob or the index is stale or
// missing.

//go:generate go test -run ^TestBuiltinBlobsFresh$ -update-blobs .

// builtinInfo is one entry of builtinIndex (builtin_index.go, written
// with the blobs): a built-in pack's name and whether its [pack] table
// says default = true. TestBuiltinBlobsFresh fails while the index does
// not match the embedded TOML files.
type builtinInfo struct {
	name      string
	isDefault bool
}

//go:embed builtin/*.bin
var builtinBlobFS embed.FS

// builtinBlobPath is where the blob of built-in pack name is embedded.
func builtinBlobPath(name string) string { return path.Join("builtin", name+".bin") }

// builtinBlob encodes the built-in pack parsed from src (nil when it
// cannot be: it has errors or warnings, or [ignore] patterns).
func builtinBlob(name string, src []byte) []byte {
	p, errs := ParsePack(BuiltinPrefix+name, src)
	if len(errs) > 0 || p == nil {
		return nil
	}
	enc, ok := encodePackSets(p, true)
	if !ok {
		return nil
	}
	sum := sha256.Sum256(src)
	return append(sum[:], enc...)
}

// decodeBuiltinBlob returns the pack of built-in pack name's blob when
// it was made from src; nil otherwise.
func decodeBuiltinBlob(name string, src []byte) *Pack {
	blob, err := builtinBlobFS.ReadFile(builtinBlobPath(name))
	if err != nil || len(blob) < sha256.Size {
		return nil
	}
	if sum := sha256.Sum256(src); !bytes.Equal(blob[:sha256.Size], sum[:]) {
		return nil
	}
	p, err := decodePackSets(blob[sha256.Size:], true)
	if err != nil {
		return nil
	}
	return p
}
