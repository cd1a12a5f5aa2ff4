#!/usr/bin/env bash
# Compare guardrail with Vale on the same documents and styles.
#
#   bash scripts/vale-compare.sh [CORPUS-DIR [STYLES-DIR]]
#
# CORPUS-DIR holds Markdown files (default: the slice kept in
# rules/valeimport/testdata/corpus/docs); STYLES-DIR holds Vale styles
# (default: the errata-ai Google and Microsoft styles kept beside it).
# The script converts the styles with `guardrail import vale`, runs Vale
# (JSON output) and `guardrail check --format json` on a copy of the corpus,
# compares the findings by file, line and rule (scripts/vale_compare.py),
# then times both whole-process RUNS times (default 3) with /usr/bin/time
# (wall, CPU, peak RSS) and, when installed, hyperfine.
#
# It needs vale on PATH (or VALE=/path/to/vale):
#   GOBIN=~/.cache/vale-bin go install github.com/vale-cli/vale/v3/cmd/vale@v3.21.0
# Without Vale it prints one skip line and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

vale=${VALE:-$(command -v vale || true)}
if [ -z "$vale" ] || [ ! -x "$vale" ]; then
  echo "skip: vale-compare: vale not found (GOBIN=~/.cache/vale-bin go install github.com/vale-cli/vale/v3/cmd/vale@v3.21.0, then VALE=~/.cache/vale-bin/vale)"
  exit 0
fi
corpus=$(cd "${1:-rules/valeimport/testdata/corpus/docs}" && pwd)
styles=$(cd "${2:-rules/valeimport/testdata/corpus/styles}" && pwd)
runs=${RUNS:-3}

work=$(mktemp -d "${TMPDIR:-/tmp}/vale-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/guardrail" ./cmd/guardrail
gr="$work/guardrail"

cp -r "$styles" "$work/styles"
cp -r "$corpus" "$work/corpus"
based=$(cd "$work/styles" && for d in */; do ls "$d"*.yml >/dev/null 2>&1 && printf '%s, ' "${d%/}"; done)
based=${based%, }
cat > "$work/.vale.ini" <<INI
StylesPath = styles
MinAlertLevel = suggestion

[*.md]
BasedOnStyles = $based
INI
cat > "$work/.guardrail.toml" <<'TOML'
root = true
extends = ["pack.toml"]
include = ["**/*.md"]
TOML
cd "$work"
echo "== guardrail import vale .vale.ini (styles: $based)"
"$gr" import vale --out pack.toml .vale.ini 2> import.log || { cat import.log; exit 1; }
grep -c ' not converted: ' import.log | sed 's/^/rules or tokens not converted: /'
tail -1 import.log
"$gr" rules test pack.toml | tail -1

echo "== $("$vale" --version) and guardrail on $(find corpus -name '*.md' | wc -l) files, $(find corpus -name '*.md' -print0 | xargs -0 cat | wc -c) bytes"
"$vale" --output=JSON corpus > vale.json || true   # exit 1: findings
"$gr" check --format json --max-findings 0 --fail-on never corpus > guardrail.json
python3 "$repo/scripts/vale_compare.py" vale.json guardrail.json pack.toml . --dump "${DUMP:-3}"

echo
echo "== speed and memory, whole process, $runs runs each (wall s, user s, sys s, peak RSS KB)"
for _ in $(seq "$runs"); do
  /usr/bin/time -f "vale      %e %U %S %M" "$vale" --output=JSON corpus > /dev/null 2>> time.log || true
  /usr/bin/time -f "guardrail %e %U %S %M" "$gr" check --format json --max-findings 0 --fail-on never corpus > /dev/null 2>> time.log
done
grep -E '^(vale|guardrail) ' time.log | sort -s -k1,1
awk '/^(vale|guardrail) / { n[$1]++; w[$1]+=$2; c[$1]+=$3+$4; if ($5>m[$1]) m[$1]=$5 }
     END { for (k in n) printf "%-9s mean wall %.2f s, mean CPU %.2f s, max peak RSS %d KB\n", k, w[k]/n[k], c[k]/n[k], m[k] }' time.log
if command -v hyperfine >/dev/null; then
  hyperfine --runs "$runs" -i --style basic \
    "$vale --output=JSON corpus" \
    "$gr check --format json --max-findings 0 --fail-on never corpus" 2>&1 | grep -vE '^\s*$'
fi
