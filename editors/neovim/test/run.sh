#!/usr/bin/env bash
# Headless test of the Neovim integration with a real Neovim (Debian's 0.7.2
# in CI) and a real guardrail binary. Installs nothing: without nvim it prints
# one "skip" line and exits 0, unless GUARDRAIL_REQUIRE_ALL=1.
#
#   bash editors/neovim/test/run.sh
#
# Needs: nvim on PATH; GUARDRAIL_BIN=/path/to/guardrail, or Go to build one.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
plugin="$(dirname "$here")"
repo="$(cd "$plugin/../.." && pwd)"

if ! command -v nvim >/dev/null; then
  # scripts/test.sh installs it as root; .ci/run (GUARDRAIL_REQUIRE_ALL=1) never skips.
  if [ "${GUARDRAIL_REQUIRE_ALL:-0}" = 1 ]; then
    echo "FAIL editors/neovim: nvim not found on PATH (Debian: apt-get install -y neovim)" >&2
    exit 1
  fi
  echo "skip editors/neovim: nvim not found on PATH (Debian: apt-get install -y neovim)"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/guardrail-nvim.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/config" "$work/data" "$work/state" "$work/cache" "$work/project"

if [ -z "${GUARDRAIL_BIN:-}" ]; then
  echo "building guardrail (set GUARDRAIL_BIN to skip)"
  (cd "$repo" && go build -o "$work/bin/guardrail" ./cmd/guardrail)
else
  if [ ! -x "$GUARDRAIL_BIN" ]; then
    echo "FAIL editors/neovim: GUARDRAIL_BIN=$GUARDRAIL_BIN is not an executable file" >&2
    exit 1
  fi
  ln -s "$(cd "$(dirname "$GUARDRAIL_BIN")" && pwd)/$(basename "$GUARDRAIL_BIN")" "$work/bin/guardrail"
fi

# The plugin starts `guardrail lsp` from PATH, as it does for a user.
export PATH="$work/bin:$PATH"
GUARDRAIL_VERSION="$(guardrail version 2>/dev/null | head -n1 || true)"
export GUARDRAIL_VERSION
# No user config (built-in default packs apply) and no user Neovim config.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
export NVIM_LOG_FILE="$work/nvim.log"
export GUARDRAIL_NVIM_PLUGIN_DIR="$plugin"

# The sample document, in a folder with no .guardrail.toml above it.
d="$work/project"
while [ "$d" != "/" ]; do
  if [ -e "$d/.guardrail.toml" ]; then
    echo "FAIL editors/neovim: $d/.guardrail.toml would change the rules; set TMPDIR elsewhere" >&2
    exit 1
  fi
  d="$(dirname "$d")"
done
printf 'SRE enables access to OpenAI models.\nTeams utilize it daily.\n' > "$work/project/sample.md"

cd "$work/project"
set +e
timeout 180 nvim --headless -n -i NONE -u "$here/init.lua" -c "luafile $here/spec.lua" sample.md </dev/null
code=$?
set -e
if [ "$code" -ne 0 ]; then
  [ "$code" -eq 124 ] && echo "FAIL editors/neovim: nvim timed out" >&2
  for log in "$work/cache/nvim/lsp.log" "$work/state/nvim/lsp.log" "$NVIM_LOG_FILE"; do
    if [ -s "$log" ]; then echo "--- $log (last 40 lines)" >&2; tail -n 40 "$log" >&2; fi
  done
  exit 1
fi
