#!/usr/bin/env bash
# Validates .pre-commit-hooks.yaml, action.yml and the GitHub workflows:
#
#   bash scripts/validate-ci-integrations.sh
#
# 1. actionlint (github.com/rhysd/actionlint, pinned in
#    tools/actionlint/go.mod, built with Go) on .github/workflows/*.yml;
#    action-selftest.yml uses the action (uses: ./), so actionlint also
#    checks action.yml's metadata and the inputs passed to it.
# 2. validate-ci-integrations.py: both files against the real binary, the
#    action's steps and the pre-commit release hook run here against a
#    release served on 127.0.0.1: GUARDRAIL_DIST=dist (goreleaser's, after
#    scripts/release-snapshot.sh) or, unset, a one-platform release made
#    from the binary.
#
# Needs python3, bash, curl and Go; GUARDRAIL_BIN=/path/to/guardrail skips
# building one.
#
# GUARDRAIL_PRECOMMIT_E2E=1 also runs the hooks with the real pre-commit
# (`pre-commit try-repo`: the golang hooks build guardrail with Go, which is
# slow; guardrail-release downloads the release served on 127.0.0.1; needs
# pre-commit and git installed).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
command -v python3 >/dev/null || { echo "FAIL CI integrations: python3 not found" >&2; exit 1; }
tmp="$(mktemp -d "${TMPDIR:-/tmp}/guardrail-ci.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
bin="${GUARDRAIL_BIN:-}"
if [ -z "$bin" ]; then
  echo "building guardrail (set GUARDRAIL_BIN to skip)"
  (cd "$repo" && go build -o "$tmp/guardrail" ./cmd/guardrail)
  bin="$tmp/guardrail"
fi

echo "== actionlint (tools/actionlint/go.mod)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/guardrail-ci"
mkdir -p "$cache"
(cd "$repo/tools/actionlint" && go build -o "$cache/actionlint" github.com/rhysd/actionlint/cmd/actionlint)
(cd "$repo" && "$cache/actionlint" .github/workflows/*.yml)
echo "ok   actionlint $("$cache/actionlint" -version | head -1): $(cd "$repo" && ls .github/workflows/*.yml | tr '\n' ' ')and action.yml (through uses: ./)"

dist="${GUARDRAIL_DIST:-}"
if [ -n "$dist" ]; then dist="$(cd "$repo" && cd "$dist" && pwd)"; fi
python3 "$repo/scripts/validate-ci-integrations.py" "$bin" "$dist"

if [ "${GUARDRAIL_PRECOMMIT_E2E:-0}" = 1 ]; then
  command -v pre-commit >/dev/null || { echo "FAIL: GUARDRAIL_PRECOMMIT_E2E=1 but pre-commit is not installed" >&2; exit 1; }
  # try-repo sees committed files only: commit a snapshot of the work tree.
  git clone -q "$repo" "$tmp/src"
  # (tar exits 1 when a file changes while it is read: not an error here)
  (cd "$repo"; tar --exclude=.git --warning=no-file-changed -cf - . || [ $? -eq 1 ]) | (cd "$tmp/src" && tar xf -)
  (cd "$tmp/src" && git add -A && git -c user.email=ci@localhost -c user.name=ci commit -qm snapshot --allow-empty)
  mkdir "$tmp/use" && cd "$tmp/use" && git init -q
  printf 'SRE enables access to OpenAI models.\n' > doc.md
  printf 'x = 1\n' > other.toml
  git add .
  export PRE_COMMIT_HOME="$tmp/pre-commit-home"
  set +e
  pre-commit try-repo "$tmp/src" guardrail --all-files > "$tmp/hook.out" 2>&1
  code=$?
  set -e
  if [ "$code" -ne 1 ] || ! grep -q 'sre.access-claim' "$tmp/hook.out"; then
    cat "$tmp/hook.out" >&2; echo "FAIL: pre-commit hook guardrail should fail on doc.md (exit $code)" >&2; exit 1
  fi
  echo "ok   pre-commit try-repo: hook guardrail flags doc.md"
  set +e
  pre-commit try-repo "$tmp/src" guardrail-fix --all-files > "$tmp/fix.out" 2>&1
  set -e
  if [ "$(cat doc.md)" != "SRE is powered by OpenAI models." ]; then
    cat "$tmp/fix.out" >&2; echo "FAIL: pre-commit hook guardrail-fix did not fix doc.md" >&2; exit 1
  fi
  echo "ok   pre-commit try-repo: hook guardrail-fix rewrites doc.md"

  # The release hook, with the release served on 127.0.0.1: DIST, or a
  # one-platform release made from the binary.
  printf 'SRE enables access to OpenAI models.\n' > doc.md
  rel="$tmp/release"
  if [ -n "$dist" ]; then
    tag="v$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$dist/metadata.json")"
    mkdir -p "$rel" && ln -s "$dist" "$rel/$tag"
  else
    tag=v0.0.0-e2e
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) plat=linux_amd64 ;; Linux-aarch64) plat=linux_arm64 ;;
      Darwin-x86_64) plat=darwin_amd64 ;; Darwin-arm64) plat=darwin_arm64 ;;
      *) echo "FAIL: no release platform for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
    esac
    mkdir -p "$rel/$tag" "$tmp/pkg" && cp "$bin" "$tmp/pkg/guardrail"
    tar -czf "$rel/$tag/guardrail_${tag#v}_$plat.tar.gz" -C "$tmp/pkg" guardrail
    (cd "$rel/$tag" && sha256sum guardrail_*.tar.gz > checksums.txt)
  fi
  python3 -u -m http.server --bind 127.0.0.1 --directory "$rel" 0 > "$tmp/http.log" 2>&1 &
  http_pid=$!
  trap 'kill "$http_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
  for _ in $(seq 100); do grep -q 'port' "$tmp/http.log" && break; sleep 0.1; done
  port="$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$tmp/http.log" | head -1)"
  set +e
  GUARDRAIL_DOWNLOAD_URL="http://127.0.0.1:$port" GUARDRAIL_VERSION="$tag" \
    pre-commit try-repo "$tmp/src" guardrail-release --all-files > "$tmp/rel.out" 2>&1
  code=$?
  set -e
  if [ "$code" -ne 1 ] || ! grep -q 'sre.access-claim' "$tmp/rel.out"; then
    cat "$tmp/rel.out" >&2; echo "FAIL: pre-commit hook guardrail-release should fail on doc.md (exit $code)" >&2; exit 1
  fi
  echo "ok   pre-commit try-repo: hook guardrail-release downloads $tag from 127.0.0.1 (sha256 checked) and flags doc.md"
fi
