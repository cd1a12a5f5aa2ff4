---@brief
---
--- https://github.com/guardrail-dev/guardrail
---
--- guardrail flags restricted phrases in prose, comments and message catalogs
--- and offers the approved wording as code actions, from a team's TOML rules
--- (`.guardrail.toml`). Download it from the releases page on GitHub
--- (https://github.com/guardrail-dev/guardrail/releases), or
--- `go install github.com/guardrail-dev/guardrail/cmd/guardrail@latest`.
---
--- Settings go under `guardrail` (`configPath`, `extraPacks`, `minSeverity`,
--- `logLevel`, `maxDocumentSize`, `maxFindings`, `analysisTimeout`); the
--- server's defaults apply to those left out:
--- ```lua
--- vim.lsp.config('guardrail', {
---   settings = {
---     guardrail = { minSeverity = 'warning', extraPacks = { 'builtin:plain-language' } },
---   },
--- })
--- ```

---@type vim.lsp.Config
return {
  cmd = { 'guardrail', 'lsp' },
  filetypes = {
    'markdown',
    'markdown.mdx',
    'mdx',
    'text',
    'html',
    'rst',
    'asciidoc',
    'go',
    'python',
    'javascript',
    'javascriptreact',
    'typescript',
    'typescriptreact',
    'java',
    'c',
    'cpp',
    'cs',
    'rust',
    'ruby',
    'sh',
    'bash',
    'zsh',
    'json',
    'jsonc',
    'yaml',
    'toml',
  },
  root_markers = { '.guardrail.toml', '.git' },
  -- Answered to workspace/configuration and sent as initializationOptions:
  -- empty, so the server's defaults apply.
  settings = { guardrail = {} },
  init_options = { guardrail = {} },
}
