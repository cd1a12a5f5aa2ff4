# guardrail for Kakoune with kakoune-lsp (the `lsp_servers` option, kakoune-lsp 17+).
# Add to your kakrc after kakoune-lsp is loaded (eval %sh{kak-lsp}; lsp-enable).
# -add keeps the filetype's other servers.
hook global BufSetOption filetype=(markdown|asciidoc|restructuredtext|html|plain) %{
    set-option -add buffer lsp_servers %{
        [guardrail]
        command = "guardrail"
        args = ["lsp"]
        root_globs = [".guardrail.toml", ".git", ".hg"]
        settings_section = "guardrail"
        [guardrail.settings.guardrail]
        minSeverity = "hint"
        # extraPacks = ["builtin:plain-language"]
        # Limits (0: no limit; defaults shown):
        # maxDocumentSize = 10485760  # bytes
        # maxFindings = 1000
        # analysisTimeout = 5000      # milliseconds
    }
}
