# guardrail for Kakoune with kakoune-lsp (the `lsp_servers` option, kakoune-lsp 17+).
# Add to your kakrc after kakoune-lsp is loaded (eval %sh{kak-lsp}; lsp-enable).

# Kakoune gives plain text no filetype (its file detection skips
# text/plain), so no filetype hook would ever fire for a .txt file: name it
# `plaintext`, the LSP language id kakoune-lsp then sends (lsp_language_id
# follows the filetype).
hook global BufCreate .*[.](txt|text) %{
    set-option buffer filetype plaintext
}

# -add keeps the filetype's other servers.
hook global BufSetOption filetype=(markdown|asciidoc|restructuredtext|html|plaintext) %{
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
