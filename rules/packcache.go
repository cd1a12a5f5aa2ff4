package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The rules cache keeps parsed and validated packs on disk, so that a
// large pack (10,000 rules, 1.4 MB of TOML) loads in milliseconds rather
// than being decoded and validated again by every process. It holds what
// ParsePack returns for one file — plain rule data, never compiled engine
// structures — keyed by a hash of the file's path and every byte of its
// text, the codec version and the identity of the running binary (its
// version, path, size and modification time), so an edited file, a moved
// file or a rebuilt guardrail never reads an old entry.
//
// An entry is trusted no further than its key and checksums: a file that
// is truncated, corrupt, written for another key or by a hostile hand
// fails the check (or the decoder, which accepts any bytes without
// panicking) and the pack is parsed from its TOML and the entry
// rewritten. The key (SHA-256 of everything the entry stands for) is
// what keeps a stale entry from being read; the checksums, CRC-32C and
// CRC-32 of the payload (64 bits, computed in hardware: hashing a 1 MB
// entry with SHA-256 cost a millisecond of every warm check), guard
// against a damaged file. Neither stops a hand that can write the cache
// folder (it can recompute any hash): the decoders do, by checking
// every length and index. Entries are
// written to a temporary file and renamed into place, so concurrent
// writers and readers never see half an entry. The folder is kept under
// MaxCacheBytes by removing the oldest entries after a write.
//
// The same folder holds blobs of other kinds (GetBlob, PutBlob: the
// compiled engines of analysis.CompileCached), keyed and sealed the same
// way; their payload is only as trustworthy as its own decoder makes it.

const (
	// NoCacheEnv turns the rules cache off when set to anything but ""
	// or "0" (as `check --no-cache` does).
	NoCacheEnv = "GUARDRAIL_NO_CACHE"
	// CacheDirEnv moves the rules cache (default: the user cache folder's
	// guardrail/rules, e.g. ~/.cache/guardrail/rules).
	CacheDirEnv = "GUARDRAIL_CACHE_DIR"

	// MaxCacheBytes bounds the cache folder.
	MaxCacheBytes = 256 << 20
	// cacheMinSize: smaller files parse in well under a millisecond, less
	// than reading an entry costs; they are not cached.
	cacheMinSize = 16 << 10
)

var cacheMagic = []byte("GRPACK2\n")

// The two checksums of a sealed entry. The CRC-32C table is made on
// first use: making it (and the hardware's tables behind it) costs about
// a million instructions, which a check that reads no entry never pays.
var (
	castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })
	sealSize   = len(cacheMagic) + 32 + 8
)

func checksums(payload []byte) []byte {
	var sum [8]byte
	binary.LittleEndian.PutUint32(sum[:4], crc32.Checksum(payload, castagnoli()))
	binary.LittleEndian.PutUint32(sum[4:], crc32.ChecksumIEEE(payload))
	return sum[:]
}

// PackCache is the on-disk cache of parsed packs. A nil *PackCache caches
// nothing.
type PackCache struct {
	dir      string
	salt     [32]byte
	minSize  int
	maxBytes int64
}

// CacheDisabled reports whether the environment turns the cache off.
func CacheDisabled() bool {
	v := os.Getenv(NoCacheEnv)
	return v != "" && v != "0"
}

// OpenPackCache returns the rules cache for this binary (version is its
// version string), or nil when the cache is off (NoCacheEnv), there is no
// cache folder, or the running executable cannot be identified. The
// folder is created on the first write.
func OpenPackCache(version string) *PackCache {
	if CacheDisabled() {
		return nil
	}
	dir := os.Getenv(CacheDirEnv)
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "guardrail", "rules")
	}
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	info, err := os.Stat(exe)
	if err != nil {
		return nil
	}
	return newPackCache(dir, version+"\x00"+exe+"\x00"+strconv.FormatInt(info.Size(), 10)+"\x00"+strconv.FormatInt(info.ModTime().UnixNano(), 10))
}

// newPackCache is a cache in dir for a binary identified by id.
func newPackCache(dir, id string) *PackCache {
	h := sha256.New()
	h.Write([]byte("guardrail rules cache\x00"))
	h.Write(binary.AppendUvarint(nil, packCodecVersion))
	h.Write([]byte(id))
	c := &PackCache{dir: dir, minSize: cacheMinSize, maxBytes: MaxCacheBytes}
	h.Sum(c.salt[:0])
	return c
}

// key names the entry of the file at path whose text has SHA-256 sum.
func (c *PackCache) key(path string, sum [32]byte) [32]byte {
	h := sha256.New()
	h.Write(c.salt[:])
	h.Write(binary.AppendUvarint(nil, uint64(len(path))))
	h.Write([]byte(path))
	h.Write(sum[:])
	var k [32]byte
	h.Sum(k[:0])
	return k
}

func (c *PackCache) file(key [32]byte) string {
	return filepath.Join(c.dir, "p-"+hexString(key[:])+".bin")
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, x := range b {
		out[2*i], out[2*i+1] = digits[x>>4], digits[x&15]
	}
	return string(out)
}

// parse is ParsePack through the cache: a file of at least minSize bytes
// whose entry passes its checks is decoded from it; any other is parsed,
// and stored when it parsed without a problem.
func (c *PackCache) parse(path string, data []byte, sum [32]byte) (*Pack, []*Error) {
	if c == nil || len(data) < c.minSize {
		return ParsePack(path, data)
	}
	key := c.key(path, sum)
	if p := c.get(key); p != nil {
		return p, nil
	}
	p, errs := ParsePack(path, data)
	if p != nil && len(errs) == 0 {
		c.put(key, p)
	}
	return p, errs
}

// lookupFile is parse for the file at path read as ReadRegularFile
// would, when its cache entry checks out: the file is only hashed,
// through a small buffer, not read into memory (1.4 MB for 10,000
// rules). ok is false when there is no such entry or the file is small,
// too large or cannot be read: the caller reads it as usual.
func (c *PackCache) lookupFile(path string, max int64) (p *Pack, sum [32]byte, ok bool) {
	if c == nil {
		return nil, sum, false
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() < int64(c.minSize) {
		return nil, sum, false // read as usual (small files are not cached)
	}
	f, fi, err := openRegular(path)
	if err != nil {
		return nil, sum, false
	}
	defer f.Close()
	if fi.Size() < int64(c.minSize) || fi.Size() > max {
		return nil, sum, false
	}
	h := sha256.New()
	n, err := io.CopyBuffer(h, io.LimitReader(f, max+1), make([]byte, 64<<10))
	if err != nil || n > max || n < int64(c.minSize) {
		return nil, sum, false
	}
	h.Sum(sum[:0])
	if p = c.get(c.key(path, sum)); p == nil {
		return nil, sum, false
	}
	return p, sum, true
}

// get returns the cached pack for key, or nil (no entry, or one that
// fails its checks). The entry is read into a string the decoded pack's
// strings are substrings of (no copy of it is made).
func (c *PackCache) get(key [32]byte) *Pack {
	payload, ok := readSealed(c.file(key), c.maxBytes/4, key)
	if !ok {
		return nil
	}
	p, err := decodePackString(payload, false)
	if err != nil {
		return nil
	}
	return p
}

// readSealed reads the entry at path, as ReadRegularFile would, into a
// string, checks it against key and its checksums as unsealBytes does,
// and returns its payload.
func readSealed(path string, max int64, key [32]byte) (string, bool) {
	f, fi, err := openRegular(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	if fi.Size() > max || fi.Size() < int64(sealSize) {
		return "", false
	}
	var sb strings.Builder
	sb.Grow(int(fi.Size()))
	buf := make([]byte, 64<<10)
	var head []byte // the first sealSize bytes
	crcC, crcI, tab := uint32(0), uint32(0), castagnoli()
	for int64(sb.Len()) <= max {
		n, err := f.Read(buf)
		chunk := buf[:n]
		if need := sealSize - len(head); need > 0 {
			k := min(need, len(chunk))
			head = append(head, chunk[:k]...)
			chunk = chunk[k:]
		}
		crcC = crc32.Update(crcC, tab, chunk)
		crcI = crc32.Update(crcI, crc32.IEEETable, chunk)
		sb.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", false
		}
	}
	if int64(sb.Len()) > max || len(head) < sealSize {
		return "", false
	}
	var sums [8]byte
	binary.LittleEndian.PutUint32(sums[:4], crcC)
	binary.LittleEndian.PutUint32(sums[4:], crcI)
	if !bytes.Equal(head[:len(cacheMagic)], cacheMagic) || !bytes.Equal(head[len(cacheMagic):len(cacheMagic)+32], key[:]) ||
		!bytes.Equal(head[len(cacheMagic)+32:], sums[:]) {
		return "", false
	}
	return sb.String()[sealSize:], true
}

// sealEntry is the bytes of key's entry: magic, key, the payload's
// checksums, payload.
func sealEntry(key [32]byte, payload []byte) []byte {
	out := make([]byte, 0, sealSize+len(payload))
	out = append(out, cacheMagic...)
	out = append(out, key[:]...)
	out = append(out, checksums(payload)...)
	return append(out, payload...)
}

// unsealBytes checks an entry against key and its own checksums and
// returns its payload.
func unsealBytes(data []byte, key [32]byte) ([]byte, error) {
	head := sealSize
	if len(data) < head || !bytes.Equal(data[:len(cacheMagic)], cacheMagic) ||
		!bytes.Equal(data[len(cacheMagic):len(cacheMagic)+32], key[:]) {
		return nil, errCorrupt
	}
	payload := data[head:]
	if !bytes.Equal(checksums(payload), data[len(cacheMagic)+32:head]) {
		return nil, errCorrupt
	}
	return payload, nil
}

// put stores p under key. Failures are silent: the cache is an
// optimisation, and the next run parses the file again.
func (c *PackCache) put(key [32]byte, p *Pack) {
	payload, ok := encodePack(p)
	if !ok {
		return
	}
	c.write(c.file(key), sealEntry(key, payload))
}

// blobKey names the entry of another kind of data (the engine cache:
// analysis.CompileCached) under id.
func (c *PackCache) blobKey(kind, id string) [32]byte {
	h := sha256.New()
	h.Write(c.salt[:])
	h.Write([]byte("blob\x00"))
	h.Write(binary.AppendUvarint(nil, uint64(len(kind))))
	h.Write([]byte(kind))
	h.Write([]byte(id))
	var k [32]byte
	h.Sum(k[:0])
	return k
}

func (c *PackCache) blobFile(key [32]byte) string {
	return filepath.Join(c.dir, "b-"+hexString(key[:])+".bin")
}

// GetBlob returns the payload stored under kind and id for this binary,
// or nil when there is none or the entry fails its checks (its key and
// its own checksums). The payload is then only as trustworthy as its
// decoder makes it. A nil cache has nothing.
func (c *PackCache) GetBlob(kind, id string) []byte {
	if c == nil {
		return nil
	}
	key := c.blobKey(kind, id)
	data, err := ReadRegularFile(c.blobFile(key), c.maxBytes/4)
	if err != nil {
		return nil
	}
	payload, err := unsealBytes(data, key)
	if err != nil {
		return nil
	}
	return payload
}

// PutBlob stores payload under kind and id, as put does a pack.
func (c *PackCache) PutBlob(kind, id string, payload []byte) {
	if c == nil {
		return
	}
	key := c.blobKey(kind, id)
	c.write(c.blobFile(key), sealEntry(key, payload))
}

// write puts data in file through a temporary file renamed into place,
// then prunes the folder.
func (c *PackCache) write(file string, data []byte) {
	if int64(len(data)) > c.maxBytes/4 {
		return
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), file) != nil {
		os.Remove(tmp.Name())
		return
	}
	c.prune()
}

// prune removes the oldest entries while the folder holds more than
// maxBytes, and temporary files a crashed writer left behind.
func (c *PackCache) prune() {
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	type entry struct {
		name string
		size int64
		mod  time.Time
	}
	var list []entry
	var total int64
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		name := e.Name()
		if strings.HasPrefix(name, ".tmp-") {
			if time.Since(info.ModTime()) > 10*time.Minute {
				os.Remove(filepath.Join(c.dir, name))
			}
			continue
		}
		if !strings.HasPrefix(name, "p-") && !strings.HasPrefix(name, "b-") {
			continue
		}
		list = append(list, entry{name, info.Size(), info.ModTime()})
		total += info.Size()
	}
	if total <= c.maxBytes {
		return
	}
	slices.SortFunc(list, func(a, b entry) int { return a.mod.Compare(b.mod) })
	for _, e := range list {
		if total <= c.maxBytes {
			break
		}
		if os.Remove(filepath.Join(c.dir, e.name)) == nil {
			total -= e.size
		}
	}
}

// Cache returns the rules cache the Loader was given (nil: none), for
// the engine cache kept beside it.
func (l *Loader) Cache() *PackCache { return l.opts.Cache }

// ConfigFile is the config file the loader was given (Options.ConfigFile:
// "" when configs are discovered).
func (l *Loader) ConfigFile() string { return l.opts.ConfigFile }
