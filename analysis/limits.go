package analysis

// MaxDocumentSize is the largest document, in bytes, the engine checks:
// offsets in its normalized text are 32-bit, and folding can make the text
// longer than the source. Check returns no findings for a larger document;
// callers report it (the CLI refuses such a file with an error).
const MaxDocumentSize = 1 << 30
