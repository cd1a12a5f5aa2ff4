package main

// Placeholder until the server package lands.
func (a *app) lsp(args []string) (int, error) {
	return exitUsage, usagef("lsp: not built yet")
}
