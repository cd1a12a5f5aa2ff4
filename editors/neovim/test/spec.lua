-- Headless end-to-end test of the Neovim integration, run by run.sh after
-- init.lua (which sets the plugin up exactly as the README says) and with
-- the sample Markdown file as the current buffer:
--
--   1. guardrail attaches and publishes the sre.access-claim diagnostic;
--   2. hover on it answers;
--   3. the preferred code action "Replace with 'is powered by OpenAI models'"
--      is offered, applied, and rewrites the sentence;
--   4. the diagnostic clears;
--   5. editors/neovim/lsp/guardrail.lua (the vim.lsp.config file) loads and
--      has the fields 0.11+ needs; on 0.11+ it is also used for real;
--   6. the server shuts down cleanly (exit code 0).
--
-- Any failure exits Neovim with code 1 and a message on stderr.

local plugin_dir = assert(os.getenv('GUARDRAIL_NVIM_PLUGIN_DIR'), 'GUARDRAIL_NVIM_PLUGIN_DIR not set')
local TIMEOUT = tonumber(os.getenv('GUARDRAIL_NVIM_TIMEOUT_MS') or '') or 15000

local RULE = 'sre.access-claim'
-- From builtin:plain-language, which only the extraPacks setting brings in:
-- its diagnostic proves the settings reached the server.
local SETTINGS_RULE = 'plain.utilize'
local LINE2 = 'Teams utilize it daily.'
local WANT_TITLE = "Replace with 'is powered by OpenAI models'"
local BEFORE = 'SRE enables access to OpenAI models.'
local AFTER = 'SRE is powered by OpenAI models.'

local function say(msg)
  io.stdout:write(msg .. '\n')
end

local failed = false
local function fail(msg)
  failed = true
  error('FAIL: ' .. msg, 0)
end

local function check(cond, msg)
  if not cond then
    fail(msg)
  end
end

local function nvim_version()
  local v = vim.version()
  return string.format('%d.%d.%d', v.major, v.minor, v.patch)
end

local function has(feature)
  return vim.fn.has(feature) == 1
end

local function buf_clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  local out = {}
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    table.insert(out, c)
  end
  return out
end

local function guardrail_client(bufnr)
  for _, c in ipairs(buf_clients(bufnr)) do
    if c.name == 'guardrail' then
      return c
    end
  end
  return nil
end

local function guardrail_diagnostics(bufnr, code)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'guardrail' and (code == nil or d.code == code) then
      table.insert(out, d)
    end
  end
  return out
end

-- lsp_diagnostic turns a vim.diagnostic back into the LSP form for a
-- codeAction request's context.
local function lsp_diagnostic(d)
  local lsp = d.user_data and d.user_data.lsp
  if lsp and lsp.range then
    return lsp
  end
  return {
    range = {
      start = { line = d.lnum, character = d.col },
      ['end'] = { line = d.end_lnum, character = d.end_col },
    },
    severity = d.severity,
    message = d.message,
    source = d.source,
    code = d.code,
  }
end

local function request_sync(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  check(responses ~= nil, method .. ': no response (' .. tostring(err) .. ')')
  for _, r in pairs(responses) do
    check(r.error == nil, method .. ': error ' .. vim.inspect(r.error))
    if r.result ~= nil then
      return r.result
    end
  end
  return nil
end

local function line_text(bufnr)
  return vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]
end

-- test_plugin: steps 1-4 on the current buffer, set up by init.lua.
local function test_plugin(bufnr, label)
  check(vim.bo[bufnr].filetype == 'markdown', 'filetype is ' .. vim.bo[bufnr].filetype .. ', want markdown')
  check(line_text(bufnr) == BEFORE, 'sample text is ' .. vim.inspect(line_text(bufnr)))
  check(vim.api.nvim_buf_get_lines(bufnr, 1, 2, false)[1] == LINE2, 'sample line 2 is not ' .. LINE2)

  -- 1. Attach and diagnostic.
  local ok = vim.wait(TIMEOUT, function()
    return guardrail_client(bufnr) ~= nil
  end, 50)
  check(ok, label .. ': guardrail did not attach to the Markdown buffer within ' .. TIMEOUT .. ' ms')
  local client = guardrail_client(bufnr)
  say(string.format('ok   %s: guardrail attached (client %d, root %s)', label, client.id, client.config.root_dir or '-'))

  ok = vim.wait(TIMEOUT, function()
    return #guardrail_diagnostics(bufnr, RULE) > 0 and #guardrail_diagnostics(bufnr, SETTINGS_RULE) > 0
  end, 50)
  check(ok, label .. ': no ' .. RULE .. ' and ' .. SETTINGS_RULE .. ' diagnostics from guardrail within ' .. TIMEOUT
    .. ' ms; got ' .. vim.inspect(guardrail_diagnostics(bufnr)))
  local diags = guardrail_diagnostics(bufnr, RULE)
  check(#diags == 1, label .. ': want 1 ' .. RULE .. ' diagnostic, got ' .. #diags .. ': ' .. vim.inspect(diags))
  check(#guardrail_diagnostics(bufnr) == 2, label .. ': want 2 diagnostics: ' .. vim.inspect(guardrail_diagnostics(bufnr)))
  local s = guardrail_diagnostics(bufnr, SETTINGS_RULE)[1]
  check(s.lnum == 1 and s.severity == vim.diagnostic.severity.INFO, SETTINGS_RULE .. ' diagnostic: ' .. vim.inspect(s))
  say(string.format('ok   %s: settings reached the server (extraPacks): %s at 2:%d', label, SETTINGS_RULE, s.col + 1))
  local d = diags[1]
  check(d.code == RULE, 'diagnostic code is ' .. vim.inspect(d.code) .. ', want ' .. RULE)
  check(d.source == 'guardrail', 'diagnostic source is ' .. vim.inspect(d.source))
  check(d.message:find('is powered by OpenAI models', 1, true) ~= nil, 'diagnostic message: ' .. d.message)
  check(d.severity == vim.diagnostic.severity.ERROR, 'diagnostic severity is ' .. tostring(d.severity) .. ', want ERROR')
  check(d.lnum == 0 and d.col == 4 and d.end_lnum == 0 and d.end_col == 35,
    string.format('diagnostic range is %d:%d-%d:%d, want 0:4-0:35', d.lnum, d.col, d.end_lnum, d.end_col))
  say(string.format('ok   %s: diagnostic %s [%s] at 1:%d-%d: %s', label, d.code, d.source, d.col + 1, d.end_col + 1, d.message))

  -- 2. Hover on the finding.
  vim.api.nvim_win_set_cursor(0, { 1, 10 })
  local hover = request_sync(bufnr, 'textDocument/hover', vim.lsp.util.make_position_params(0, client.offset_encoding))
  check(hover ~= nil and hover.contents ~= nil, 'hover: no contents')
  local hover_text = type(hover.contents) == 'table' and (hover.contents.value or vim.inspect(hover.contents)) or tostring(hover.contents)
  check(hover_text:find(RULE, 1, true) ~= nil, 'hover does not name the rule: ' .. hover_text)
  say(string.format('ok   %s: hover names %s', label, RULE))

  -- 3. Code actions at the diagnostic; apply the preferred one.
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.range = lsp_diagnostic(d).range
  params.context = { diagnostics = { lsp_diagnostic(d) } }
  local actions = request_sync(bufnr, 'textDocument/codeAction', params)
  check(type(actions) == 'table' and #actions > 0, 'no code actions at the diagnostic')
  local titles = {}
  local preferred
  for _, a in ipairs(actions) do
    table.insert(titles, string.format('%s [%s%s]', a.title, a.kind or '?', a.isPreferred and ', preferred' or ''))
    if a.isPreferred then
      check(preferred == nil, 'more than one preferred code action')
      preferred = a
    end
  end
  check(preferred ~= nil, 'no preferred code action among: ' .. table.concat(titles, '; '))
  check(preferred.title == WANT_TITLE, 'preferred action is ' .. vim.inspect(preferred.title) .. ', want ' .. WANT_TITLE)
  check(preferred.kind == 'quickfix', 'preferred action kind is ' .. tostring(preferred.kind))
  say(string.format('ok   %s: %d code actions: %s', label, #actions, table.concat(titles, '; ')))

  if preferred.edit then
    vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
  elseif preferred.command then
    local cmd = type(preferred.command) == 'table' and preferred.command or preferred
    request_sync(bufnr, 'workspace/executeCommand', { command = cmd.command, arguments = cmd.arguments })
  else
    fail('preferred action has neither edit nor command')
  end
  ok = vim.wait(TIMEOUT, function()
    return line_text(bufnr) == AFTER
  end, 50)
  check(ok, 'after the code action the line is ' .. vim.inspect(line_text(bufnr)) .. ', want ' .. vim.inspect(AFTER))
  say(string.format('ok   %s: applied %q -> %q', label, preferred.title, line_text(bufnr)))

  -- 4. The server re-checks the edited buffer and the diagnostic clears.
  ok = vim.wait(TIMEOUT, function()
    return #guardrail_diagnostics(bufnr, RULE) == 0
  end, 50)
  check(ok, 'diagnostic still there after the fix: ' .. vim.inspect(guardrail_diagnostics(bufnr)))
  check(#guardrail_diagnostics(bufnr, SETTINGS_RULE) == 1, SETTINGS_RULE .. ' should stay: ' .. vim.inspect(guardrail_diagnostics(bufnr)))
  say(string.format('ok   %s: %s cleared after the fix (%s on line 2 stays)', label, RULE, SETTINGS_RULE))

  -- 5. Settings change without a restart: minSeverity warning hides the info finding.
  if label == 'setup()' then
    require('guardrail').update_settings({ minSeverity = 'warning', extraPacks = { 'builtin:plain-language' } })
    ok = vim.wait(TIMEOUT, function()
      return #guardrail_diagnostics(bufnr, SETTINGS_RULE) == 0
    end, 50)
    check(ok, 'update_settings({ minSeverity = "warning" }) did not hide the info finding')
    say(string.format('ok   %s: update_settings minSeverity=warning hides %s (info) without a restart', label, SETTINGS_RULE))

    -- 5b. maxFindings: the original line back gives two findings; maxFindings = 1
    -- shows the first and one information diagnostic about the other.
    local function is_cap_note(x)
      return x.code == nil and x.severity == vim.diagnostic.severity.INFO
        and x.message:find('guardrail.maxFindings', 1, true) ~= nil
    end
    require('guardrail').update_settings({ minSeverity = 'hint', extraPacks = { 'builtin:plain-language' }, maxFindings = 1 })
    vim.api.nvim_buf_set_lines(bufnr, 0, 1, false, { BEFORE })
    ok = vim.wait(TIMEOUT, function()
      local all = guardrail_diagnostics(bufnr)
      return #all == 2 and #guardrail_diagnostics(bufnr, RULE) == 1 and (is_cap_note(all[1]) or is_cap_note(all[2]))
    end, 50)
    check(ok, 'update_settings({ maxFindings = 1 }): want 1 finding + 1 information diagnostic, got '
      .. vim.inspect(guardrail_diagnostics(bufnr)))
    local note = is_cap_note(guardrail_diagnostics(bufnr)[1]) and guardrail_diagnostics(bufnr)[1] or guardrail_diagnostics(bufnr)[2]
    check(note.lnum == 1 and note.message:find('first 1 of 2 findings', 1, true) ~= nil, 'cap note: ' .. vim.inspect(note))
    say(string.format('ok   %s: update_settings maxFindings=1 shows %s and at 2:%d: %s', label, RULE, note.col + 1, note.message))

    -- 5c. vim.NIL (JSON null): back to the server's default (1,000).
    require('guardrail').update_settings({ minSeverity = 'hint', extraPacks = { 'builtin:plain-language' }, maxFindings = vim.NIL })
    ok = vim.wait(TIMEOUT, function()
      return #guardrail_diagnostics(bufnr) == 2 and #guardrail_diagnostics(bufnr, RULE) == 1
        and #guardrail_diagnostics(bufnr, SETTINGS_RULE) == 1
    end, 50)
    check(ok, 'update_settings({ maxFindings = vim.NIL }) did not bring both findings back: '
      .. vim.inspect(guardrail_diagnostics(bufnr)))
    say(string.format('ok   %s: update_settings maxFindings=vim.NIL (null) is the default again: %s and %s', label, RULE, SETTINGS_RULE))
  end
  return client
end

-- test_lsp_config_file: step 5.
local function test_lsp_config_file()
  local path = plugin_dir .. '/lsp/guardrail.lua'
  local cfg = dofile(path)
  check(type(cfg) == 'table', path .. ' does not return a table')
  check(vim.deep_equal(cfg.cmd, { 'guardrail', 'lsp' }), 'lsp/guardrail.lua cmd is ' .. vim.inspect(cfg.cmd))
  check(vim.deep_equal(cfg.root_markers, { '.guardrail.toml', '.git' }), 'root_markers: ' .. vim.inspect(cfg.root_markers))
  local plugin = require('guardrail')
  check(vim.deep_equal(cfg.filetypes, plugin.default_filetypes),
    'lsp/guardrail.lua filetypes differ from require("guardrail").default_filetypes')
  for _, ft in ipairs({ 'markdown', 'text', 'html', 'go', 'python', 'javascript', 'typescript', 'java', 'c', 'cpp', 'cs',
    'rust', 'ruby', 'sh', 'json', 'yaml', 'toml' }) do
    check(vim.tbl_contains(cfg.filetypes, ft), 'lsp/guardrail.lua filetypes lack ' .. ft)
  end
  check(type(cfg.settings) == 'table' and type(cfg.settings.guardrail) == 'table', 'settings.guardrail missing')
  for k in pairs(cfg.settings.guardrail) do
    check(vim.tbl_contains(plugin.setting_keys, k), 'unknown setting ' .. k)
  end
  check(type(cfg.init_options) == 'table' and type(cfg.init_options.guardrail) == 'table', 'init_options.guardrail missing')
  say('ok   lsp/guardrail.lua loads: cmd, ' .. #cfg.filetypes .. ' filetypes, root_markers, settings, init_options')
end

-- test_normalize: settings flat or nested, empty values left out.
local function test_normalize()
  local n = require('guardrail').normalize_settings
  local want = { guardrail = { minSeverity = 'warning', extraPacks = { 'builtin:plain-language' } } }
  check(vim.deep_equal(n({ minSeverity = 'warning', extraPacks = { 'builtin:plain-language' }, configPath = '' }), want),
    'flat settings: ' .. vim.inspect(n({ minSeverity = 'warning', extraPacks = { 'builtin:plain-language' } })))
  check(vim.deep_equal(n(want), want), 'nested settings: ' .. vim.inspect(n(want)))
  check(vim.json.encode(n({ extraPacks = {} })) == '{"guardrail":{}}', 'empty settings encode as ' .. vim.json.encode(n({ extraPacks = {} })))
  local limits = n({ maxDocumentSize = 0, maxFindings = 10, analysisTimeout = vim.NIL })
  check(limits.guardrail.maxDocumentSize == 0 and limits.guardrail.maxFindings == 10 and limits.guardrail.analysisTimeout == vim.NIL,
    'limits: ' .. vim.inspect(limits))
  check(vim.json.encode(n({ analysisTimeout = vim.NIL })) == '{"guardrail":{"analysisTimeout":null}}',
    'vim.NIL encodes as ' .. vim.json.encode(n({ analysisTimeout = vim.NIL })))
  say('ok   settings are normalised (flat or nested; empty values dropped; 0 kept; vim.NIL sent as null)')
end

-- stop_and_check_exit: step 6.
local function stop_and_check_exit(client)
  local exit_code = _G.guardrail_test_exit_codes
  if client.stop then
    if has('nvim-0.11') then
      client:stop()
    else
      client.stop()
    end
  else
    vim.lsp.stop_client(client.id)
  end
  local ok = vim.wait(TIMEOUT, function()
    return exit_code[client.id] ~= nil
  end, 50)
  check(ok, 'guardrail did not exit within ' .. TIMEOUT .. ' ms of shutdown')
  check(exit_code[client.id] == 0, 'guardrail exited with code ' .. tostring(exit_code[client.id]) .. ' after shutdown/exit')
  say('ok   guardrail exited 0 after shutdown/exit')
end

local function main()
  say(string.format('Neovim %s, guardrail %s', nvim_version(), os.getenv('GUARDRAIL_VERSION') or '?'))
  local bufnr = vim.api.nvim_get_current_buf()
  test_lsp_config_file()
  test_normalize()
  local client = test_plugin(bufnr, 'setup()')
  stop_and_check_exit(client)

  if vim.lsp.config and vim.lsp.enable then
    -- 0.11+: the same through vim.lsp.config/vim.lsp.enable and lsp/guardrail.lua.
    vim.api.nvim_del_augroup_by_name('guardrail_lsp')
    vim.lsp.enable('guardrail')
    local sample2 = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':h') .. '/sample-0.11.md'
    vim.fn.writefile({ BEFORE, LINE2 }, sample2)
    vim.lsp.config('guardrail', { settings = { guardrail = { extraPacks = { 'builtin:plain-language' } } } })
    vim.cmd('edit ' .. vim.fn.fnameescape(sample2))
    local c2 = test_plugin(vim.api.nvim_get_current_buf(), 'vim.lsp.enable')
    c2:stop()
  else
    say('skip vim.lsp.config/vim.lsp.enable with lsp/guardrail.lua: needs Neovim 0.11+, this is ' .. nvim_version()
      .. ' (the file was loaded and checked above)')
  end
end

local ok, err = xpcall(main, debug.traceback)
if ok and not failed then
  say('PASS editors/neovim (Neovim ' .. nvim_version() .. ')')
  vim.cmd('qall!')
else
  io.stderr:write(tostring(err) .. '\n')
  io.stderr:write('FAIL editors/neovim (Neovim ' .. nvim_version() .. ')\n')
  vim.cmd('cquit 1')
end
