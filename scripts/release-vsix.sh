#!/usr/bin/env bash
# Packages the VS Code extension for one platform with the release binary
# inside. Run by goreleaser (.goreleaser.yaml):
#
#   scripts/release-vsix.sh prepare
#       once, before the builds: bundles editors/vscode/out/extension.js.
#   scripts/release-vsix.sh package GOOS GOARCH BINARY DIST
#       after each build: DIST/guardrail-<target>-<extension version>.vsix,
#       <target> being VS Code's name for GOOS/GOARCH (linux-x64, ...).
#
# Each package step stages the extension in its own temporary folder, so
# goreleaser's parallel builds do not share a staging folder. Needs Node 20+
# and editors/vscode/node_modules (`npm ci` in editors/vscode).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
ext="$repo/editors/vscode"
vsce="$ext/node_modules/.bin/vsce"

die() { echo "release-vsix: $*" >&2; exit 1; }

need_modules() {
  [ -x "$vsce" ] || die "$vsce not found: run 'npm ci' in editors/vscode first"
}

case "${1:-}" in
  prepare)
    need_modules
    (cd "$ext" && npm run --silent bundle)
    [ -s "$ext/out/extension.js" ] || die "bundle did not produce editors/vscode/out/extension.js"
    ;;
  package)
    [ "$#" -eq 5 ] || die "usage: release-vsix.sh package GOOS GOARCH BINARY DIST"
    goos="$2" goarch="$3" bin="$4" dist="$5"
    need_modules
    [ -s "$ext/out/extension.js" ] || die "editors/vscode/out/extension.js missing: run 'release-vsix.sh prepare' first"
    [ -f "$bin" ] || die "no binary at $bin"
    case "$goos" in
      linux) os=linux ;;
      darwin) os=darwin ;;
      windows) os=win32 ;;
      *) die "no VS Code target for GOOS $goos" ;;
    esac
    case "$goarch" in
      amd64) arch=x64 ;;
      arm64) arch=arm64 ;;
      *) die "no VS Code target for GOARCH $goarch" ;;
    esac
    target="$os-$arch"
    exe=guardrail
    [ "$goos" = windows ] && exe=guardrail.exe

    mkdir -p "$dist"
    dist="$(cd "$dist" && pwd)"
    version="$(node -p "require('$ext/package.json').version")"
    out="$dist/guardrail-$target-$version.vsix"

    stage="$(mktemp -d "${TMPDIR:-/tmp}/guardrail-vsix.XXXXXX")"
    trap 'rm -rf "$stage"' EXIT
    # The files .vscodeignore lets through, and nothing else.
    for f in package.json README.md CHANGELOG.md LICENSE .vscodeignore out/extension.js schemas/guardrail.schema.json; do
      mkdir -p "$stage/$(dirname "$f")"
      cp "$ext/$f" "$stage/$f"
    done
    if [ -d "$ext/images" ]; then cp -R "$ext/images" "$stage/images"; fi
    mkdir -p "$stage/server/$target"
    cp "$bin" "$stage/server/$target/$exe"
    chmod 755 "$stage/server/$target/$exe"
    # The bundle is already built: drop the npm scripts so vsce does not run
    # vscode:prepublish (esbuild is not in the staging folder).
    node -e '
      const fs = require("fs"); const p = process.argv[1];
      const pkg = JSON.parse(fs.readFileSync(p, "utf8")); delete pkg.scripts; delete pkg.devDependencies;
      fs.writeFileSync(p, JSON.stringify(pkg, null, 2) + "\n");' "$stage/package.json"

    rm -f "$out"
    # --no-dependencies: vscode-languageclient is bundled into out/extension.js.
    (cd "$stage" && "$vsce" package --target "$target" --no-dependencies --out "$out" >/dev/null)
    [ -s "$out" ] || die "vsce produced no $out"
    echo "release-vsix: $out"
    ;;
  *)
    die "usage: release-vsix.sh prepare | package GOOS GOARCH BINARY DIST"
    ;;
esac
