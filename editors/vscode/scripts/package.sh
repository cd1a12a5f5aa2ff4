#!/usr/bin/env bash
# Builds platform-specific .vsix files, each with the guardrail server for its
# platform inside:
#
#   scripts/package.sh [TARGET...]
#
# TARGET is a VS Code target: linux-x64 linux-arm64 darwin-x64 darwin-arm64
# win32-x64 win32-arm64 (default: all six). For each, the Go server is
# cross-compiled (CGO_ENABLED=0, -trimpath, -ldflags "-s -w -X main.version=…")
# into server/<target>/guardrail[.exe], `vsce package --target <target>` makes
# dist/guardrail-<target>-<version>.vsix, and scripts/check-vsix.js inspects it.
#
# GUARDRAIL_VERSION overrides the server's version (default: v + the
# extension's version from package.json). Needs Go, Node and npm; uses
# node_modules (runs `npm ci` when it is missing).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"   # editors/vscode
repo="$(cd "$here/../.." && pwd)"          # the guardrail module
cd "$here"

all=(linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64)
if [ "$#" -eq 0 ]; then
  set -- "${all[@]}"
fi

version="$(node -p "require('./package.json').version")"
server_version="${GUARDRAIL_VERSION:-v$version}"

[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent bundle

# server/ is a staging folder: it holds one target's binary at a time, so
# each .vsix carries only its own server. Removed when the script ends.
cleanup() { rm -rf "$here/server"; }
trap cleanup EXIT

mkdir -p dist build/server
vsixes=()
for target in "$@"; do
  case "$target" in
    linux-x64) goos=linux goarch=amd64 ;;
    linux-arm64) goos=linux goarch=arm64 ;;
    darwin-x64) goos=darwin goarch=amd64 ;;
    darwin-arm64) goos=darwin goarch=arm64 ;;
    win32-x64) goos=windows goarch=amd64 ;;
    win32-arm64) goos=windows goarch=arm64 ;;
    *) echo "package.sh: unknown target \"$target\" (want one of: ${all[*]})" >&2; exit 2 ;;
  esac
  exe=guardrail
  [ "$goos" = windows ] && exe=guardrail.exe

  echo "== $target: go build ($goos/$goarch, $server_version)"
  out="$here/build/server/$target/$exe"
  (cd "$repo" && CGO_ENABLED=0 GOOS="$goos" GOARCH="$goarch" \
    go build -trimpath -ldflags "-s -w -X main.version=$server_version" -o "$out" ./cmd/guardrail)

  rm -rf server
  mkdir -p "server/$target"
  cp "$out" "server/$target/$exe"
  chmod 755 "server/$target/$exe"

  vsix="dist/guardrail-$target-$version.vsix"
  echo "== $target: vsce package"
  rm -f "$vsix"
  # --no-dependencies: vscode-languageclient is bundled into out/extension.js.
  npx --no-install vsce package --target "$target" --no-dependencies --out "$vsix"
  vsixes+=("$vsix")
done

echo "== check"
node scripts/check-vsix.js "${vsixes[@]}"
