package server

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nvimResolveScript drives Neovim's own code action flow (0.7+): it lists
// the source.fixAll action, which comes without its edit, and Neovim
// resolves it with codeAction/resolve before applying it. The result goes
// to $RESULT_FILE.
const nvimResolveScript = `
local function finish(msg)
  local f = io.open(vim.env.RESULT_FILE, 'w')
  f:write(msg)
  f:close()
  vim.cmd('qall!')
end
local chosen
local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.DOC))
  local bufnr = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({ name = 'guardrail', cmd = { vim.env.SERVER }, root_dir = vim.env.ROOT })
  vim.lsp.buf_attach_client(bufnr, id)
  if not vim.wait(20000, function() return #vim.diagnostic.get(bufnr) >= 3 end, 20) then
    error('diagnostics: ' .. vim.inspect(vim.diagnostic.get(bufnr)))
  end
  local caps = vim.lsp.get_client_by_id(id).resolved_capabilities.code_action
  if type(caps) ~= 'table' or not caps.resolveProvider then
    error('no resolveProvider: ' .. vim.inspect(caps))
  end
  vim.ui.select = function(items, _, on_choice)
    for _, it in ipairs(items) do
      if it[2].kind == 'source.fixAll.guardrail' then
        chosen = vim.deepcopy(it[2])
        on_choice(it)
        return
      end
    end
    chosen = { listed = items }
  end
  vim.lsp.buf.code_action({ only = { 'source.fixAll' } })
  local function text()
    return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  end
  if not vim.wait(20000, function() return text() == vim.env.WANT end, 20) then
    error('text after fix all: ' .. vim.inspect(text()) .. '; action: ' .. vim.inspect(chosen))
  end
  if chosen.edit ~= nil or chosen.data == nil then
    error('the action was listed with its edit: ' .. vim.inspect(chosen))
  end
end)
finish(ok and ('ok ' .. vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch) or ('FAIL ' .. tostring(err)))
`

// TestNeovimResolve: Neovim (0.7.2 in CI) declares resolveSupport for
// edits; its code action flow resolves guardrail's fix all and applies the
// edit. The test binary is the server (GUARDRAIL_TEST_SERVER=1, TestMain).
func TestNeovimResolve(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim not on PATH")
	}
	dir := writeWorkspace(t, map[string]string{
		".guardrail.toml": testConfig,
		"a.md":            "We utilize synergy and utilize more.\n",
	})
	home := t.TempDir()
	script := filepath.Join(home, "resolve.lua")
	result := filepath.Join(home, "result.txt")
	if err := os.WriteFile(script, []byte(nvimResolveScript), 0o644); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-u", "NONE", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GUARDRAIL_TEST_SERVER=1", "SERVER="+self, "ROOT="+dir, "DOC="+filepath.Join(dir, "a.md"),
		"WANT=We use synergy and use more.", "RESULT_FILE="+result,
		"HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_STATE_HOME="+filepath.Join(home, "state"), "XDG_CACHE_HOME="+filepath.Join(home, "cache"))
	out, err := cmd.CombinedOutput()
	got, rerr := os.ReadFile(result)
	if rerr != nil {
		t.Fatalf("nvim wrote no result (%v): %v\n%s", rerr, err, out)
	}
	if !strings.HasPrefix(string(got), "ok ") {
		t.Fatalf("%s\n%s", got, out)
	}
	t.Logf("Neovim %s resolved and applied fix all", strings.TrimPrefix(string(got), "ok "))
}
