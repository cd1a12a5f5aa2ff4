-- The test's init.lua: the plugin is loaded exactly as editors/neovim/README.md
-- tells a user to (runtimepath + setup), with the plugin folder from the
-- environment instead of a fixed path, and an on_exit hook so that the test
-- can check the server's exit code.
_G.guardrail_test_exit_codes = {}

vim.opt.runtimepath:append(os.getenv('GUARDRAIL_NVIM_PLUGIN_DIR'))
require('guardrail').setup({
  settings = {
    extraPacks = { 'builtin:plain-language' },
    minSeverity = 'hint',
  },
  on_exit = function(code, _, client_id)
    _G.guardrail_test_exit_codes[client_id] = code
  end,
})
