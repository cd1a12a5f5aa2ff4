#!/usr/bin/env bash
# Whole-process comparison of `guardrail check` with `grep -c -F -i -f` on
# the same phrases and 1 MB files (best of RUNS wall-clock runs each).
# Engine throughput without process start-up: go test ./analysis -bench Check.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
go run ./scripts/benchgen -o "$dir"
go build -o "$dir/guardrail" ./cmd/guardrail

best() { # command... → best wall time in seconds
  local b=""
  for _ in $(seq "$RUNS"); do
    local s e t
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}

printf "%-10s %-7s %10s %10s %10s %8s\n" file rules guardrail grep "MB/s(gr)" ratio
for f in bench.txt bench.md; do
  mb=$(echo "$(stat -c %s "$dir/$f") / 1048576" | bc -l)
  for n in 10 1000 10000; do
    g=$(best "$dir/guardrail" check --config "$dir/rules-$n.toml" --format json --fail-on never "$dir/$f")
    r=$(best grep -c -F -i -f "$dir/phrases-$n.txt" "$dir/$f")
    printf "%-10s %-7s %9.3fs %9.3fs %10.1f %7.2fx\n" "$f" "$n" "$g" "$r" "$(echo "$mb / $g" | bc -l)" "$(echo "$r / $g" | bc -l)"
  done
done
echo "ratio = grep time / guardrail time (above 1: guardrail is faster)"
