#!/usr/bin/env bash
# The whole test suite: formatting, vet, unit and end-to-end tests (race
# detector on), the built-in packs' examples, a short run of every fuzz
# target, and the CLI on the bundled examples.
set -euo pipefail
cd "$(dirname "$0")/.."

# A count, not a duration: a -fuzztime deadline can trip a race in Go's fuzz
# coordinator (golang/go#75804) on a loaded machine.
FUZZTIME="${FUZZTIME:-5000x}"

echo "== gofmt"
unformatted="$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"
if [ -n "$unformatted" ]; then
  echo "not gofmt'ed:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet ./...

echo "== jsonrpc2 pin"
test "$(go list -m -f '{{.Version}}' go.lsp.dev/jsonrpc2)" = "v0.10.0"

echo "== go test -race"
go test -race -count=1 ./...

echo "== built-in packs: guardrail rules test"
go build -o "${TMPDIR:-/tmp}/guardrail-test-bin" ./cmd/guardrail
bin="${TMPDIR:-/tmp}/guardrail-test-bin"
for pack in $(ls rules/builtin/*.toml); do
  name="builtin:$(basename "$pack" .toml)"
  "$bin" rules test "$name"
done

echo "== guardrail check examples/ (findings expected: exit 1)"
set +e
"$bin" check examples/ --format json > "${TMPDIR:-/tmp}/guardrail-examples.json"
code=$?
set -e
if [ "$code" -ne 1 ]; then echo "check examples/ exited $code, want 1"; exit 1; fi
grep -q '"rule": "sre.access-claim"' "${TMPDIR:-/tmp}/guardrail-examples.json"

echo "== editors and CI integrations"
GUARDRAIL_BIN="$bin" bash editors/neovim/test/run.sh
GUARDRAIL_BIN="$bin" bash editors/emacs/test/run.sh
GUARDRAIL_BIN="$bin" bash editors/jetbrains/validate.sh
GUARDRAIL_BIN="$bin" bash scripts/validate-ci-integrations.sh
if [ -f editors/vscode/test/ci.sh ]; then
  GUARDRAIL_BIN="$bin" bash editors/vscode/test/ci.sh
fi

echo "== fuzz ($FUZZTIME each)"
fuzz() { # package target
  go test -run '^$' -fuzz "^$2\$" -fuzztime "$FUZZTIME" "$1"
}
for pkg in ./analysis ./rules ./server; do
  [ -d "$pkg" ] || continue
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$pkg"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    echo "-- $pkg $target"
    fuzz "$pkg" "$target"
  done
done

echo "== all tests passed"
