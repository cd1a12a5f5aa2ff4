package workspace

import "github.com/guardrail-dev/guardrail/rules"

// maxIgnoreFile caps the size of a .gitignore, info/exclude or .git file
// read by the walk.
const maxIgnoreFile = 16 << 20

// readIgnoreFile reads a file of the repository's git metadata: a
// regular file of at most maxIgnoreFile bytes, opened without blocking (a
// .gitignore that is a FIFO or a link to /dev/zero must not hang or flood
// the walk). Anything else is an error, and the walk carries on without
// the file, as git does with an unreadable one.
func readIgnoreFile(path string) ([]byte, error) {
	return rules.ReadRegularFile(path, maxIgnoreFile)
}
