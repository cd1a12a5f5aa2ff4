#!/usr/bin/env bash
# Records the terminal session shown in editors/neovim/README.md: Neovim in
# tmux with the plugin set up as the README says, a Markdown file with a
# restricted phrase, the diagnostic, the code action menu and the fixed line.
# Writes editors/neovim/screenshot.txt (plain) and screenshot.ansi (colours).
# Not part of CI. Needs nvim, tmux and GUARDRAIL_BIN (or Go).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
plugin="$(dirname "$here")"
repo="$(cd "$plugin/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/guardrail-rec.XXXXXX")"
sock="$work/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/config/nvim" "$work/data" "$work/state" "$work/cache" "$work/docs"
if [ -z "${GUARDRAIL_BIN:-}" ]; then
  (cd "$repo" && go build -o "$work/bin/guardrail" ./cmd/guardrail)
else
  ln -s "$GUARDRAIL_BIN" "$work/bin/guardrail"
fi
cat > "$work/config/nvim/init.lua" <<LUA
vim.opt.runtimepath:append('$plugin')
require('guardrail').setup({
  on_attach = function(_, bufnr)
    vim.keymap.set('n', '<leader>ca', vim.lsp.buf.code_action, { buffer = bufnr })
  end,
})
vim.opt.signcolumn = 'yes'
vim.opt.laststatus = 2
LUA
cat > "$work/docs/launch.md" <<'MD'
# Stateful Runtime Environment

The Stateful Runtime Environment (SRE) keeps agent state between calls.
SRE enables access to OpenAI models.

Pricing is per session hour.
MD
env_vars=(PATH="$work/bin:$PATH" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
  XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" TERM=xterm-256color)
tmux -S "$sock" -f /dev/null new-session -d -x 124 -y 14 -c "$work/docs" \
  env "${env_vars[@]}" nvim -n -i NONE launch.md
tmux -S "$sock" set-option -g status off >/dev/null
wait_for() { # text
  for _ in $(seq 1 100); do
    if tmux -S "$sock" capture-pane -p | grep -qF "$1"; then return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for: $1" >&2; tmux -S "$sock" capture-pane -p >&2; return 1
}
out_txt="$plugin/screenshot.txt"
out_ansi="$plugin/screenshot.ansi"
: > "$out_txt"; : > "$out_ansi"
frame() { # title
  { echo "── $1 ──"; tmux -S "$sock" capture-pane -p; echo; } >> "$out_txt"
  { echo "── $1 ──"; tmux -S "$sock" capture-pane -p -e; echo; } >> "$out_ansi"
}
wait_for "Say SRE is powered"
tmux -S "$sock" send-keys 4G4l
sleep 0.3
frame "1. guardrail flags the restricted phrase (virtual text, sign)"
tmux -S "$sock" send-keys ':lua vim.lsp.buf.code_action()' Enter
wait_for "Replace with 'is powered by OpenAI models'"
frame "2. :lua vim.lsp.buf.code_action() (or <leader>ca): the code actions"
tmux -S "$sock" send-keys 1 Enter
wait_for "SRE is powered by OpenAI models."
sleep 1
frame "3. after choosing 1: the sentence is fixed and the diagnostic is gone"
tmux -S "$sock" send-keys Escape ':qa!' Enter
# Trailing blank lines and spaces make the file noisier than the screen.
sed -i 's/[[:space:]]*$//' "$out_txt"
echo "wrote $out_txt and $out_ansi"
