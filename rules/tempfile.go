package rules

import "strings"

// IsFixTempName reports a file name of the temporary files `guardrail check
// --fix` writes before renaming them over the fixed file
// (".NAME.guardrail-RANDOM"). One remains only if the process was killed
// in between; it is never a document, so no config selects it.
func IsFixTempName(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".guardrail-")
}
