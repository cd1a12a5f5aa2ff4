#!/usr/bin/env bash
# Headless test of editors/emacs/guardrail.el with a real Emacs and a real
# guardrail binary: Eglot, and lsp-mode when it is installed. Installs
# nothing; on Debian 12:
#   apt-get install -y emacs-nox elpa-eglot elpa-markdown-mode elpa-lsp-mode
#
#   bash editors/emacs/test/run.sh
#
# Needs: emacs on PATH; GUARDRAIL_BIN=/path/to/guardrail, or Go to build one.
# Exits 0 with a "skip" line when Emacs or Eglot is missing, unless
# GUARDRAIL_REQUIRE_EMACS=1.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
pkg="$(dirname "$here")"
repo="$(cd "$pkg/../.." && pwd)"

skip() {
  if [ "${GUARDRAIL_REQUIRE_EMACS:-0}" = 1 ]; then echo "FAIL editors/emacs: $1" >&2; exit 1; fi
  echo "skip editors/emacs: $1"; exit 0
}
command -v emacs >/dev/null || skip "emacs not found (Debian: apt-get install -y emacs-nox elpa-eglot)"
has_lib() { emacs --batch --eval "(progn (require 'package) (package-initialize) (princ (if (locate-library \"$1\") \"yes\" \"no\")))" 2>/dev/null; }
[ "$(has_lib eglot)" = yes ] || skip "Eglot not found: Emacs 29+ has it built in; on Emacs 28 apt-get install -y elpa-eglot"

work="$(mktemp -d "${TMPDIR:-/tmp}/guardrail-emacs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/config" "$work/home" "$work/project"
if [ -z "${GUARDRAIL_BIN:-}" ]; then
  echo "building guardrail (set GUARDRAIL_BIN to skip)"
  (cd "$repo" && go build -o "$work/bin/guardrail" ./cmd/guardrail)
else
  ln -s "$(cd "$(dirname "$GUARDRAIL_BIN")" && pwd)/$(basename "$GUARDRAIL_BIN")" "$work/bin/guardrail"
fi
export PATH="$work/bin:$PATH" XDG_CONFIG_HOME="$work/config" HOME="$work/home"
export GUARDRAIL_EMACS_DIR="$pkg" GUARDRAIL_TEST_HOME="$work/home"
# Markdown needs markdown-mode (Debian: elpa-markdown-mode); without it the
# sample is a .txt file in text-mode.
ext=md
if [ "$(has_lib markdown-mode)" != yes ]; then
  ext=txt; echo "note: markdown-mode not installed: testing with a .txt file in text-mode"
fi
export GUARDRAIL_TEST_FILE="$work/project/sample.$ext"
sample() { printf 'SRE enables access to OpenAI models.\nTeams utilize it daily.\n' > "$GUARDRAIL_TEST_FILE"; }
sample

run() { # entry-point
  cd "$work/project"
  if ! timeout 120 emacs --batch -l "$here/guardrail-test.el" -f "$1" </dev/null 2>"$work/stderr"; then
    grep -v '^Loading\|^Contacting host\|^\[eglot\]' "$work/stderr" >&2 || true
    echo "FAIL editors/emacs ($1)" >&2
    exit 1
  fi
  if grep '^FAIL' "$work/stderr" >&2; then exit 1; fi
}
run guardrail-test-run-eglot
if [ "$(has_lib lsp-mode)" = yes ]; then
  sample
  run guardrail-test-run-lsp-mode
else
  echo "skip editors/emacs lsp-mode: not installed (Debian: apt-get install -y elpa-lsp-mode)"
fi
