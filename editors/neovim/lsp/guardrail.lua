-- guardrail language server for Neovim 0.11+ (`:help lsp-config`).
--
-- Put the folder that holds this `lsp/` directory on 'runtimepath' (or copy
-- this file to ~/.config/nvim/lsp/guardrail.lua), then:
--
--   vim.lsp.enable('guardrail')
--
-- and override anything with vim.lsp.config('guardrail', { ... }), e.g.
--
--   vim.lsp.config('guardrail', {
--     settings = { guardrail = { minSeverity = 'warning', extraPacks = { 'builtin:plain-language' } } },
--   })
--
-- Neovim 0.7-0.10 have no vim.lsp.config: use require('guardrail').setup{}
-- from editors/neovim/lua instead (see editors/neovim/README.md).

---@type vim.lsp.Config
return {
  cmd = { 'guardrail', 'lsp' },
  filetypes = {
    -- prose
    'markdown', 'markdown.mdx', 'mdx', 'text', 'html', 'rst', 'asciidoc',
    -- code: comments (and strings where a rule asks for them)
    'go', 'python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact',
    'java', 'c', 'cpp', 'cs', 'rust', 'ruby', 'sh', 'bash', 'zsh',
    -- message catalogs
    'json', 'jsonc', 'yaml',
    -- .guardrail.toml and rule packs: config errors and failing rule examples
    'toml',
  },
  root_markers = { '.guardrail.toml', '.git' },
  -- Sent as initializationOptions and answered to workspace/configuration;
  -- the server accepts them nested under `guardrail` (as here) or flat.
  settings = {
    guardrail = {
      -- configPath = '/path/to/.guardrail.toml', -- use exactly this config (no discovery)
      -- extraPacks = { 'builtin:plain-language', 'builtin:inclusive-language' },
      minSeverity = 'hint', -- error | warning | info | hint
      logLevel = 'info', -- debug | info | warn | error (server log on stderr: :LspLog)
      -- Limits: whole numbers, 0 or more; 0 means no limit. Unset: the server's defaults.
      -- maxDocumentSize = 10485760, -- bytes; a larger document is not checked (one information diagnostic says so)
      -- maxFindings = 1000, -- findings shown per document; one information diagnostic says how many more there are
      -- analysisTimeout = 5000, -- milliseconds per check; the findings so far are shown, then where it stopped
    },
  },
  init_options = {
    guardrail = {
      minSeverity = 'hint',
      logLevel = 'info',
    },
  },
}
