#!/usr/bin/env bash
# The real-VS Code end-to-end test: installs code-server and Chromium when
# it can (setup.sh), installs the linux-x64 .vsix with its server inside into
# code-server, and drives it headless with puppeteer-core (e2e.js).
#
#   bash editors/vscode/test/e2e/run.sh
#
# VSIX=path uses that .vsix; otherwise dist/guardrail-linux-x64-<version>.vsix
# (made by scripts/package.sh linux-x64, run here when it is missing).
# Needs editors/vscode/node_modules (npm ci: test/ci.sh does it).
# GUARDRAIL_E2E_ARTIFACTS=DIR keeps screenshots and logs there.
#
# On anything but linux-x64, or when setup.sh cannot install what it needs
# (not root), prints one "skip" line and exits 0 — unless
# GUARDRAIL_REQUIRE_ALL=1, when a skip is a failure.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
ext="$(cd "$here/../.." && pwd)"   # editors/vscode

skip() {
  if [ "${GUARDRAIL_REQUIRE_ALL:-0}" = 1 ]; then echo "FAIL editors/vscode e2e: $1" >&2; exit 1; fi
  echo "skip editors/vscode e2e (real VS Code): $1"; exit 0
}

[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || skip "runs on linux-x64 only"

err="$(mktemp "${TMPDIR:-/tmp}/guardrail-e2e-setup.XXXXXX")"
trap 'rm -f "$err"' EXIT
set +e
cs="$(bash "$here/setup.sh" 2>"$err")"
code=$?
set -e
if [ "$code" -eq 3 ]; then
  skip "$(tail -n 1 "$err")"
elif [ "$code" -ne 0 ]; then
  cat "$err" >&2
  echo "FAIL editors/vscode e2e: setup.sh exited $code" >&2
  exit 1
fi
cat "$err" >&2

cd "$ext"
if [ -z "${VSIX:-}" ]; then
  VSIX="$ext/dist/guardrail-linux-x64-$(node -p "require('./package.json').version").vsix"
  [ -f "$VSIX" ] || bash scripts/package.sh linux-x64
fi
[ -d node_modules/puppeteer-core ] || { echo "FAIL editors/vscode e2e: no node_modules/puppeteer-core (run npm ci in editors/vscode)" >&2; exit 1; }

echo "== vscode e2e: code-server $(node -p "require('$cs/package.json').version"), $(/usr/bin/chromium --version 2>/dev/null | head -n1), $(basename "$VSIX")"
CODE_SERVER="$cs" VSIX="$VSIX" timeout 600 node "$here/e2e.js"
