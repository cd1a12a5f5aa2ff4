#!/usr/bin/env bash
# Whole-process benchmark: guardrail against Vale and grep on the same
# generated files (scripts/benchgen: 1 MB of Markdown, a tree of 2,000
# Markdown files and 10.7 MB, rule sets of 10, 1,000 and 10,000 phrases as
# a guardrail config, a Vale substitution style and a grep -F phrase file),
# timed with hyperfine, and printed as a Markdown table of the ratios
# against each target of the performance issue.
#
# Needs Go and hyperfine (installed with apt-get when run as root; else the
# script says so and stops). Vale is used when on PATH or in $VALE; install
# it outside the repository with
#   GOBIN=/some/bin go install github.com/vale-cli/vale/v3/cmd/vale@v3.21.0
# Without it the Vale columns say "—".
#
# grep runs with LC_ALL=C, its fastest mode (in a UTF-8 locale grep -i -F
# with 1,000 patterns is many times slower).
#
# Knobs: RUNS (timed runs of fast commands, default 10), SLOW_RUNS (of
# Vale, default 3), BENCH_DIR (keep the data there instead of a temp dir).
# Engine throughput without process start-up: go test ./analysis -bench Check.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-10}"
SLOW_RUNS="${SLOW_RUNS:-3}"

if ! command -v hyperfine >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq hyperfine >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; } || true
  fi
fi
if ! command -v hyperfine >/dev/null; then
  echo "skip bench: hyperfine is not installed (apt-get install hyperfine)"
  exit 0
fi
VALE="${VALE:-$(command -v vale || true)}"
if [ -z "$VALE" ]; then
  echo "Vale not found (set VALE or put it on PATH): the Vale columns are skipped"
fi

if [ -n "${BENCH_DIR:-}" ]; then
  dir="$BENCH_DIR"
  mkdir -p "$dir"
else
  dir="$(mktemp -d)"
  trap 'rm -rf "$dir"' EXIT
fi
data="$dir/data"
go run ./scripts/benchgen -o "$data"
# Built as the release builds it (.goreleaser.yaml): no cgo (a cgo build
# links libc and starts about 1 ms slower), -trimpath, -s -w; only the
# version stamps (-X) are left out.
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$dir/guardrail" ./cmd/guardrail
gr="$dir/guardrail"
# No user config; the rules cache in a folder of its own, cold at first.
export XDG_CONFIG_HOME="$dir/xdg"
export GUARDRAIL_CACHE_DIR="$dir/rules-cache"
rm -rf "$GUARDRAIL_CACHE_DIR" "$dir/res"
mkdir -p "$XDG_CONFIG_HOME" "$dir/res"
export LC_ALL=C

# measure NAME RUNS COMMAND: hyperfine's timings of COMMAND (no shell)
# into $dir/res/NAME.json; the warm-up runs fill the OS and rules caches.
measure() {
  local name="$1" runs="$2" cmd="$3" warm=2
  [ "$runs" -lt 5 ] && warm=1
  hyperfine -N -i --style none --warmup "$warm" --runs "$runs" --export-json "$dir/res/$name.json" "$cmd" >/dev/null
}

check="$gr check --format json --fail-on never"
measure md10 "$RUNS" "$check --config $data/rules-10.toml $data/bench.md"
measure md1k "$RUNS" "$check --config $data/rules-1000.toml $data/bench.md"
measure md10k "$RUNS" "$check --config $data/rules-10000.toml $data/bench.md"
measure md10k_cold "$RUNS" "$check --no-cache --config $data/rules-10000.toml $data/bench.md"
measure tree1k "$RUNS" "$check --config $data/rules-1000.toml $data/tree"
measure grep_tree1k "$RUNS" "grep -r -c -i -F -f $data/phrases-1000.txt $data/tree"
measure empty "$((RUNS * 3))" "$gr check $data/empty.md"
measure empty_cold "$((RUNS * 3))" "$gr check --no-cache $data/empty.md"
measure version "$((RUNS * 3))" "$gr version"
if [ -n "$VALE" ]; then
  measure vale_md1k "$SLOW_RUNS" "$VALE --config $data/vale-1000/.vale.ini --output line $data/bench.md"
  measure vale_tree1k "$SLOW_RUNS" "$VALE --config $data/vale-1000/.vale.ini --output line $data/tree"
fi
rss=""
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f %M -o "$dir/res/rss" "$gr" check --format json --fail-on never --config "$data/rules-10000.toml" "$data/tree" >/dev/null
  rss=$(cat "$dir/res/rss")
fi

python3 scripts/bench_table.py "$dir/res" "$rss"
echo
echo "Times are hyperfine medians ($RUNS runs; Vale $SLOW_RUNS) of the whole process, OS file cache warm; CPU is the mean user + system time over all cores; grep with LC_ALL=C."
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) at the end."
