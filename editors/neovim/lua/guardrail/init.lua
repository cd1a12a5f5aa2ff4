-- guardrail for Neovim 0.7 and later.
--
--   vim.opt.runtimepath:append('/path/to/guardrail/editors/neovim')
--   require('guardrail').setup({
--     settings = { minSeverity = 'warning', extraPacks = { 'builtin:plain-language' } },
--   })
--
-- The settings (see setup() below) are the server's: configPath, extraPacks,
-- minSeverity, logLevel, and the limits maxDocumentSize (bytes, default
-- 10485760 = 10 MB), maxFindings (default 1000) and analysisTimeout
-- (milliseconds, default 5000), where 0 means no limit.
--
-- Starts `guardrail lsp` for the file types below and attaches every buffer
-- of those types to it, one server per project root (the nearest folder
-- with a .guardrail.toml or .git above the file). Uses vim.lsp.start on 0.8+
-- and vim.lsp.start_client + vim.lsp.buf_attach_client on 0.7.
--
-- On 0.11+ you may prefer `vim.lsp.enable('guardrail')`, which reads
-- editors/neovim/lsp/guardrail.lua; setup() works there too.

local M = {}

local uv = vim.loop or vim.uv

M.default_filetypes = {
  'markdown', 'markdown.mdx', 'mdx', 'text', 'html', 'rst', 'asciidoc',
  'go', 'python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact',
  'java', 'c', 'cpp', 'cs', 'rust', 'ruby', 'sh', 'bash', 'zsh',
  'json', 'jsonc', 'yaml',
  'toml',
}

M.default_root_markers = { '.guardrail.toml', '.git' }

-- The server's settings. The last three are limits: whole numbers, 0 or
-- more, 0 meaning no limit; unset, the server's defaults apply (10 MB,
-- 1,000 findings, 5,000 ms).
M.setting_keys = {
  'configPath', 'extraPacks', 'minSeverity', 'logLevel',
  'maxDocumentSize', 'maxFindings', 'analysisTimeout',
}
local setting_keys = M.setting_keys

-- The options of the last setup() call.
M.config = nil

-- root_dir → client id, for the 0.7 path (vim.lsp.start reuses clients itself).
local clients_by_root = {}

local function is_dir(path)
  local st = path and uv.fs_stat(path)
  return st ~= nil and st.type == 'directory'
end

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function dirname(path)
  local d = path:match('^(.*)/[^/]*$')
  if d == nil then
    return '.'
  end
  if d == '' then
    return '/'
  end
  return d
end

-- find_root returns the nearest folder at or above start that holds one of
-- markers, or nil. vim.fs.find exists only from 0.8: walk up by hand so that
-- 0.7 finds the same root.
function M.find_root(start, markers)
  if vim.fs and vim.fs.find then
    local found = vim.fs.find(markers, { path = start, upward = true })[1]
    return found and vim.fs.dirname(found) or nil
  end
  local dir = start
  while dir and dir ~= '' do
    for _, m in ipairs(markers) do
      if exists(dir .. '/' .. m) then
        return dir
      end
    end
    if dir == '/' then
      break
    end
    dir = dirname(dir)
  end
  return nil
end

-- normalize_settings accepts settings flat ({ minSeverity = 'warning' }) or
-- nested ({ guardrail = { ... } }) and returns { guardrail = { ... } } with
-- unset and empty values left out (an empty Lua table would be sent as a
-- JSON array or object depending on the Neovim release). vim.NIL is kept
-- and sent as JSON null, which puts a limit (and configPath, extraPacks,
-- minSeverity) back to the server's default
-- (update_settings({ maxFindings = vim.NIL })). A bad value (maxFindings =
-- -1, '1000', 2.5) is sent as is: the server says so (window/showMessage)
-- and ignores it.
function M.normalize_settings(s)
  s = s or {}
  local src = type(s.guardrail) == 'table' and s.guardrail or s
  local out = {}
  for _, k in ipairs(setting_keys) do
    local v = src[k]
    if v ~= nil and v ~= '' and not (type(v) == 'table' and next(v) == nil) then
      out[k] = v
    end
  end
  if next(out) == nil then
    return { guardrail = vim.empty_dict() }
  end
  return { guardrail = out }
end

local function buf_path(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' or name:match('^%a[%w+.-]*://') then
    return nil
  end
  return vim.fn.fnamemodify(name, ':p')
end

-- root_for picks the workspace folder for a buffer: the marker folder, else
-- the file's own folder, else the current directory.
local function root_for(bufnr, opts)
  local path = buf_path(bufnr)
  if not path then
    return vim.fn.getcwd()
  end
  local dir = dirname(path)
  if opts.root_dir then
    local r = type(opts.root_dir) == 'function' and opts.root_dir(path, bufnr) or opts.root_dir
    if r then
      return r
    end
  end
  return M.find_root(dir, opts.root_markers) or (is_dir(dir) and dir or vim.fn.getcwd())
end

local function client_config(opts, root)
  local settings = M.normalize_settings(opts.settings)
  local init_options = opts.init_options or settings
  local has_010 = vim.fn.has('nvim-0.10') == 1
  return {
    name = opts.name,
    cmd = opts.cmd,
    cmd_env = opts.cmd_env,
    root_dir = root,
    workspace_folders = {
      { uri = vim.uri_from_fname(root), name = root },
    },
    settings = settings,
    init_options = init_options,
    capabilities = opts.capabilities or vim.lsp.protocol.make_client_capabilities(),
    handlers = opts.handlers,
    flags = opts.flags,
    on_attach = opts.on_attach,
    on_init = function(client, result)
      -- Neovim 0.10+ sends the settings itself after initialize.
      if not has_010 then
        client.notify('workspace/didChangeConfiguration', { settings = settings })
      end
      if opts.on_init then
        opts.on_init(client, result)
      end
    end,
    on_exit = function(code, signal, client_id)
      for r, id in pairs(clients_by_root) do
        if id == client_id then
          clients_by_root[r] = nil
        end
      end
      if opts.on_exit then
        opts.on_exit(code, signal, client_id)
      end
    end,
  }
end

-- attach starts (or reuses) the server for bufnr's root and attaches bufnr.
-- It returns the client id, or nil if the server could not start.
function M.attach(bufnr, opts)
  opts = opts or M.config
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  local root = root_for(bufnr, opts)
  local config = client_config(opts, root)
  if vim.lsp.start then
    -- 0.8+: reuses a running client with the same name and root_dir.
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients_by_root[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(config)
    if id == nil then
      vim.notify('guardrail: could not start ' .. table.concat(opts.cmd, ' ')
        .. ' (is guardrail on PATH? set cmd in require("guardrail").setup{})', vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- setup registers a FileType autocommand that attaches guardrail to every
-- buffer of opts.filetypes, and attaches the buffers already open.
--
-- opts:
--   cmd          command list (default { 'guardrail', 'lsp' }); add
--                '--log-file', '/tmp/guardrail.log', '--log-level', 'debug' to debug
--   filetypes    list of filetypes (default M.default_filetypes)
--   root_markers files that mark a project root (default { '.guardrail.toml', '.git' })
--   root_dir     a folder, or function(path, bufnr) returning one (overrides root_markers)
--   settings     { configPath, extraPacks, minSeverity, logLevel,
--                  maxDocumentSize, maxFindings, analysisTimeout }, flat or
--                under `guardrail`:
--                  configPath       use exactly this config file (no discovery)
--                  extraPacks       { 'builtin:plain-language', 'path/to/pack.toml', ... }
--                  minSeverity      'error' | 'warning' | 'info' | 'hint' (default)
--                  logLevel         'debug' | 'info' (default) | 'warn' | 'error'
--                  maxDocumentSize  bytes; a larger document gets one information
--                                   diagnostic saying it was not checked
--                                   (default 10485760 = 10 MB; 0: no limit)
--                  maxFindings      findings shown per document; past it one
--                                   information diagnostic says how many were
--                                   not shown (default 1000; 0: no limit)
--                  analysisTimeout  milliseconds per check of a document; past it
--                                   the findings so far are shown with an
--                                   information diagnostic where checking
--                                   stopped (default 5000; 0: no limit)
--   on_attach    function(client, bufnr)
--   capabilities, handlers, flags, init_options, on_init, on_exit, cmd_env, name
function M.setup(opts)
  opts = vim.tbl_extend('force', {
    name = 'guardrail',
    cmd = { 'guardrail', 'lsp' },
    filetypes = M.default_filetypes,
    root_markers = M.default_root_markers,
    settings = {},
  }, opts or {})
  if type(opts.cmd) == 'string' then
    opts.cmd = { opts.cmd, 'lsp' }
  end
  M.config = opts

  local group = vim.api.nvim_create_augroup('guardrail_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      M.attach(args.buf, opts)
    end,
    desc = 'guardrail: attach the language server',
  })

  -- Buffers opened before setup() ran.
  local wanted = {}
  for _, ft in ipairs(opts.filetypes) do
    wanted[ft] = true
  end
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and wanted[vim.bo[b].filetype] then
      M.attach(b, opts)
    end
  end
  return M
end

-- update_settings changes the settings of every running guardrail client
-- and notifies the servers, which re-check open documents.
function M.update_settings(settings)
  local normalized = M.normalize_settings(settings)
  if M.config then
    M.config.settings = normalized
  end
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in ipairs(get()) do
    if client.name == 'guardrail' then
      client.config.settings = normalized
      if vim.fn.has('nvim-0.11') == 1 then
        client:notify('workspace/didChangeConfiguration', { settings = normalized })
      else
        client.notify('workspace/didChangeConfiguration', { settings = normalized })
      end
    end
  end
end

return M
