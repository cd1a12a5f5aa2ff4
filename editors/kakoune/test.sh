#!/usr/bin/env bash
# Loads guardrail.kak into a real Kakoune (headless: -ui dummy) and checks
# which buffers get the guardrail server: a .txt file (Kakoune gives plain
# text no filetype of its own), Markdown, and not Go.
#
#   bash editors/kakoune/test.sh        # KAK=/path/to/kak to choose one
#
# kakoune-lsp is not packaged for Debian 12, so its `lsp_servers` option is
# declared here as kakoune-lsp declares it (a str); the server itself is not
# started.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kak="${KAK:-$(command -v kak || true)}"
if [ -z "$kak" ]; then
  if [ "${GUARDRAIL_REQUIRE_ALL:-0}" = 1 ]; then
    echo "FAIL editors/kakoune: kak not found (apt-get install kakoune; GUARDRAIL_REQUIRE_ALL=1)" >&2
    exit 1
  fi
  echo "skip editors/kakoune: kak not found (apt-get install kakoune)"
  exit 0
fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/guardrail-kak.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
printf 'SRE enables access to OpenAI models.\n' > "$tmp/notes.txt"
printf '# Launch\n' > "$tmp/doc.md"
printf 'package main\n' > "$tmp/main.go"
report="$tmp/report"
cat > "$tmp/run.kak" <<KAK
declare-option str lsp_servers
source %{$here/guardrail.kak}
edit %{$tmp/notes.txt}
edit %{$tmp/new.txt}
edit %{$tmp/doc.md}
edit %{$tmp/main.go}
evaluate-commands -buffer notes.txt %{ echo -to-file %{$report.notes.txt} %opt{filetype} | %opt{lsp_servers} }
evaluate-commands -buffer new.txt %{ echo -to-file %{$report.new.txt} %opt{filetype} | %opt{lsp_servers} }
evaluate-commands -buffer doc.md %{ echo -to-file %{$report.doc.md} %opt{filetype} | %opt{lsp_servers} }
evaluate-commands -buffer main.go %{ echo -to-file %{$report.main.go} %opt{filetype} | %opt{lsp_servers} }
quit!
KAK
(cd "$tmp" && HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" timeout 30 "$kak" -ui dummy -e "source %{$tmp/run.kak}" </dev/null)
fail=0
want() { # file: expect guardrail (yes/no) and filetype
  local f="$1" guard="$2" ft="$3" got
  got="$(cat "$report.$f" 2>/dev/null || echo '(no report)')"
  case "$got" in "$ft |"*) ;; *) echo "FAIL kakoune: $f has filetype '${got%% |*}', want '$ft'"; fail=1; return ;; esac
  if [ "$guard" = yes ] && ! grep -q '\[guardrail\]' <<<"$got"; then echo "FAIL kakoune: $f does not get guardrail"; fail=1; return; fi
  if [ "$guard" = no ] && grep -q '\[guardrail\]' <<<"$got"; then echo "FAIL kakoune: $f gets guardrail"; fail=1; return; fi
  echo "ok   kakoune: $f (filetype $ft) $([ "$guard" = yes ] && echo gets || echo does not get) the guardrail server"
}
want notes.txt yes plaintext
want new.txt yes plaintext
want doc.md yes markdown
want main.go no go
exit "$fail"
