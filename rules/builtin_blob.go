package rules

import (
	"encoding/binary"
	"hash/crc32"
)

// The built-in packs are embedded parsed, in the pack codec's form
// (builtin/NAME.bin, written by `go generate ./rules`), next to their TOML:
// decoding one costs a small part of parsing its TOML (the sre pack's 106
// KB of it took about a quarter of a check of an empty file). Both are
// embedded as variables (builtin_index.go), so reading them copies
// nothing; the blob is a string, and the decoded pack's strings point
// into the binary's read-only data.
//
// A blob starts with the length and the CRC-32 (IEEE) of the TOML it was
// made from; a blob that does not match the embedded TOML (an edited pack,
// blobs not regenerated) is ignored and the TOML parsed, so a stale blob
// does not change results. The check guards against a forgotten `go
// generate`, not against an attacker (whoever can change the blob can
// change the TOML next to it, in the same binary), so a checksum at many
// GB/s does instead of a cryptographic hash. TestBuiltinBlobsFresh fails
// while a blob or the index is stale or missing.

//go:generate go test -run ^TestBuiltinBlobsFresh$ -update-blobs .

// builtinInfo is one entry of builtinIndex (builtin_index.go, written
// with the blobs): a built-in pack's name, whether its [pack] table says
// default = true, and its embedded TOML and blob.
type builtinInfo struct {
	name      string
	isDefault bool
	toml      *[]byte
	blob      *string
}

// builtinBlobHeader is the blob's header for the TOML src.
func builtinBlobHeader(src []byte) []byte {
	h := binary.LittleEndian.AppendUint32(nil, uint32(len(src)))
	return binary.LittleEndian.AppendUint32(h, crc32.ChecksumIEEE(src))
}

const builtinBlobHeaderSize = 8

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
	return append(builtinBlobHeader(src), enc...)
}

// decodeBuiltinBlob returns the pack of blob when it was made from src;
// nil otherwise.
func decodeBuiltinBlob(blob string, src []byte) *Pack {
	if len(blob) < builtinBlobHeaderSize || int64(binary.LittleEndian.Uint32([]byte(blob[:4]))) != int64(len(src)) {
		return nil
	}
	if crc32.ChecksumIEEE(src) != binary.LittleEndian.Uint32([]byte(blob[4:8])) {
		return nil
	}
	p, err := decodePackString(blob[builtinBlobHeaderSize:], true)
	if err != nil {
		return nil
	}
	return p
}
