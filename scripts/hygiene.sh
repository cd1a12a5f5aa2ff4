#!/usr/bin/env bash
# Hygiene gates; exits non-zero on any finding:
#   - go.mod and go.sum are tidy (go mod tidy -diff);
#   - staticcheck is clean (no //lint:ignore without a reason);
#   - no Go file cites a file outside the repository (the sibling design
#     notes) or reads ../shared;
#   - deadcode reports only the reviewed entries of scripts/deadcode-allow.txt
#     (new dead code fails, and so does an entry that is no longer dead).
# The tools run with `go run pkg@version`, so they stay out of go.mod; the
# first run downloads them (GOPROXY).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

STATICCHECK="honnef.co/go/tools/cmd/staticcheck@v0.8.2"
DEADCODE="golang.org/x/tools/cmd/deadcode@v0.51.0"
MODULE="$(go list -m)"
status=0
fail() { echo "FAIL $1" >&2; status=1; }

# grep_go ERE: the lines of tracked Go files (all Go files outside a git
# checkout) that match. Exit 0 with matches, 1 without, >1 on error.
grep_go() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git grep -n -E "$1" -- '*.go'
  else
    grep -rn -E --include='*.go' "$1" .
  fi
}

echo "== go mod tidy -diff"
if ! go mod tidy -diff; then
  fail "go.mod/go.sum are not tidy: run go mod tidy"
fi

echo "== staticcheck ($STATICCHECK)"
if ! go run "$STATICCHECK" ./...; then
  fail "staticcheck findings (above)"
fi
# A //lint:ignore must say why (staticcheck requires text after the check
# names; this also refuses a bare "TODO" or "-" as the reason).
bad_ignores="$(grep_go '//lint:(file-)?ignore [A-Z0-9,]+ *(-|TODO)?$')"
rc=$?
if [ "$rc" -gt 1 ]; then
  fail "could not search the Go files for //lint:ignore"
elif [ -n "$bad_ignores" ]; then
  echo "$bad_ignores"
  fail "//lint:ignore without a reason"
fi

echo "== no citations of files outside the repository, no reads of ../shared"
# The design notes live next to the repository, not in it: a comment must
# state the point itself, and tests read testdata inside the repository.
external='golsp-notes|PRODUCT\.md|STYLE\.md|seed-guidance|/work/(shared|main|wt)/|(\.\./)+\.\./shared|shared/[A-Za-z0-9_.-]+\.md'
cites="$(grep_go "$external")"
rc=$?
if [ "$rc" -gt 1 ]; then
  fail "could not search the Go files for citations"
elif [ -n "$cites" ]; then
  echo "$cites"
  fail "Go files cite or read files outside the repository"
fi

echo "== deadcode ($DEADCODE) against scripts/deadcode-allow.txt"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if go run "$DEADCODE" -f '{{range .Funcs}}{{$.Path}} {{.Name}}{{"\n"}}{{end}}' ./... >"$tmp/raw" 2>"$tmp/err"; then
  sed -e "s|^$MODULE/||" -e "s|^$MODULE |. |" "$tmp/raw" | sort -u >"$tmp/dead"
  sed -e 's/#.*//' -e 's/[[:space:]]*$//' scripts/deadcode-allow.txt | awk 'NF == 2 { print $1, $2 }' | sort -u >"$tmp/allow"
  new="$(comm -23 "$tmp/dead" "$tmp/allow")"
  stale="$(comm -13 "$tmp/dead" "$tmp/allow")"
  if [ -n "$new" ]; then
    echo "unreachable from any main package and not in scripts/deadcode-allow.txt:"
    awk '{ print "  " $0 }' <<<"$new"
    fail "new dead code: remove it, move a test-only helper into a _test.go file, or review it into the allow list with a reason"
  fi
  if [ -n "$stale" ]; then
    echo "listed in scripts/deadcode-allow.txt but no longer dead:"
    awk '{ print "  " $0 }' <<<"$stale"
    fail "stale deadcode allow-list entries: delete them"
  fi
  [ -z "$new$stale" ] && echo "only the $(wc -l <"$tmp/allow") reviewed entries"
else
  cat "$tmp/err" >&2
  fail "deadcode did not run"
fi

if [ "$status" -ne 0 ]; then
  echo "== hygiene: FAILED" >&2
  exit 1
fi
echo "== hygiene: all gates pass"
