#!/usr/bin/env bash
# Validates the LSP4IJ template in this folder against the real guardrail
# binary (see validate.py). Installs nothing; needs python3 (standard
# library only) and GUARDRAIL_BIN=/path/to/guardrail, or Go to build one.
#
#   bash editors/jetbrains/validate.sh
#
# GUARDRAIL_DIST=dist (goreleaser's dist/, after scripts/release-snapshot.sh)
# tests installer.json's download against that release; unset, against a
# one-platform release made from the binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
command -v python3 >/dev/null || { echo "FAIL editors/jetbrains: python3 not found" >&2; exit 1; }
bin="${GUARDRAIL_BIN:-}"
if [ -z "$bin" ]; then
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/guardrail-jb.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  echo "building guardrail (set GUARDRAIL_BIN to skip)"
  (cd "$repo" && go build -o "$tmp/guardrail" ./cmd/guardrail)
  bin="$tmp/guardrail"
fi
dist="${GUARDRAIL_DIST:-}"
if [ -n "$dist" ]; then dist="$(cd "$repo" && cd "$dist" && pwd)"; fi
exec python3 "$here/validate.py" "$bin" "$dist"
