#!/usr/bin/env bash
# The release, rehearsed: goreleaser in snapshot mode (the same
# .goreleaser.yaml a v* tag releases with, nothing published), then checks
# of what it made and a dry run of the publish steps.
#
#   bash scripts/release-snapshot.sh
#
# 1. goreleaser v2.17.0 (pinned in tools/goreleaser/go.mod, built with the
#    Go module proxy) runs `release --snapshot --clean`: dist/ gets six
#    archives, six platform .vsix (scripts/release-vsix.sh) and
#    checksums.txt.
# 2. tools/releasecheck: 6 archives with the binary for their OS/CPU (ELF,
#    Mach-O, PE headers), README.md and LICENSE; 6 .vsix each holding the
#    archive's binary for its target; checksums.txt right and complete;
#    `guardrail version` of this machine's binary prints the snapshot
#    version and the commit.
# 3. editors/vscode/scripts/check-vsix.js: each .vsix holds exactly the
#    files the extension needs.
# 4. Publish dry run: `vsce package` (step 1) is the Marketplace's; for Open
#    VSX the real `ovsx publish` (the release workflow's command and
#    version) uploads each .vsix to a stand-in registry on 127.0.0.1
#    (tools/fake-openvsx), which reads them as Open VSX does. Real
#    publishing needs the VSCE_PAT and OVSX_PAT secrets and is not tested.
#
# Needs Go, git, Node 20+ and npm; runs `npm ci` in editors/vscode when
# node_modules is missing. Leaves dist/ for scripts/validate-ci-integrations.sh
# and editors/jetbrains/validate.sh (GUARDRAIL_DIST=dist).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

OVSX_VERSION=0.10.9   # keep in step with .github/workflows/release.yml
step() { printf '== release: %s\n' "$*"; }

cache="${XDG_CACHE_HOME:-$HOME/.cache}/guardrail-ci"
mkdir -p "$cache"

if [ ! -x editors/vscode/node_modules/.bin/vsce ]; then
  step "npm ci in editors/vscode (vsce packages the .vsix)"
  (cd editors/vscode && npm ci --no-audit --no-fund)
fi

step "build goreleaser (tools/goreleaser/go.mod)"
(cd tools/goreleaser && go build -o "$cache/goreleaser" github.com/goreleaser/goreleaser/v2)
"$cache/goreleaser" --version | grep -m1 -i 'GitVersion' || true

step "goreleaser release --snapshot --clean"
# goreleaser drops all git information (commit "none") when it cannot read
# a remote URL, as in a worktree or clone without one: give this process
# one, leaving the repository's config alone.
if ! git ls-remote --get-url >/dev/null 2>&1; then
  export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url \
    GIT_CONFIG_VALUE_0=https://github.com/guardrail-dev/guardrail.git
fi
"$cache/goreleaser" release --snapshot --clean

step "check dist/"
go run ./tools/releasecheck -run dist

step "check-vsix: the files inside each .vsix"
(cd editors/vscode && node -e '
  const { checkVsix } = require("./scripts/check-vsix.js");
  let bad = 0;
  for (const f of process.argv.slice(1)) {
    // run: false -- releasecheck ran the binary (a snapshot server version
    // is not the extension version, which check-vsix would compare).
    const r = checkVsix(f, { run: false });
    console.log(`${r.problems.length ? "FAIL" : "ok  "} ${f}: ${r.entries.length} files, target ${r.target}`);
    for (const p of r.problems) console.error(`  problem: ${p}`);
    bad += r.problems.length;
  }
  process.exit(bad ? 1 : 0);' "$repo"/dist/*.vsix)

step "publish dry run: ovsx publish to a stand-in Open VSX on 127.0.0.1"
ovsx_dir="$cache/ovsx-$OVSX_VERSION"
if [ ! -x "$ovsx_dir/node_modules/.bin/ovsx" ]; then
  npm install --no-save --no-audit --no-fund --prefix "$ovsx_dir" "ovsx@$OVSX_VERSION" >/dev/null
fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/guardrail-release.XXXXXX")"
python3 tools/fake-openvsx/server.py "$tmp/port" "$tmp/published.jsonl" &
registry_pid=$!
trap 'kill "$registry_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] || { echo "FAIL: the stand-in registry did not start" >&2; exit 1; }
registry="http://127.0.0.1:$(cat "$tmp/port")"
for vsix in dist/*.vsix; do
  # The release workflow's command, with the registry and token swapped.
  "$ovsx_dir/node_modules/.bin/ovsx" publish "$vsix" -r "$registry" -p dry-run-token
done
published="$(grep -c '"targetPlatform"' "$tmp/published.jsonl" || true)"
if [ "$published" != 6 ]; then
  cat "$tmp/published.jsonl" >&2
  echo "FAIL: ovsx published $published of 6 .vsix to the stand-in registry" >&2
  exit 1
fi
echo "ok   ovsx $OVSX_VERSION published 6 .vsix (one per target) to the stand-in registry"

step "ok: dist/ is a complete release (not published: that needs the VSCE_PAT and OVSX_PAT secrets)"
