#!/usr/bin/env bash
# Installs a real VS Code for the integration tests and the demo without any download outside the npm
# registry and Debian's packages: code-server 4.100.3 (= VS Code 1.100.3, server + web workbench) and
# Debian's chromium to drive it. Idempotent; about 1.5 min on a fresh machine, 0.3 s afterwards.
# Usage: bash scripts/setup-code-server.sh [CS_DIR]
set -euo pipefail
CS_VERSION=4.100.3   # the newest code-server whose engines field accepts Node 20
CS_DIR="${1:-${CS_DIR:-$PWD/.vscode-test/code-server-$CS_VERSION}}"

# 1. OS packages: toolchain for native addons, kerberos headers, ripgrep, chromium.
if ! { command -v chromium && command -v rg && [ -f /usr/include/gssapi/gssapi.h ] && command -v g++; } >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq build-essential python3 pkg-config libkrb5-dev ripgrep chromium >/dev/null
fi

# 2. @vscode/ripgrep's postinstall would download rg from GitHub; it first looks in this cache,
#    so seed it with Debian's rg (same 13.0.0 release).
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
RG_ASSET="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$RG_ASSET" ]; then
  mkdir -p "$RG_CACHE"; t=$(mktemp -d); cp "$(command -v rg)" "$t/rg"
  tar czf "$RG_ASSET" -C "$t" rg; rm -rf "$t"
fi

# 3. code-server from npm; its postinstall builds native addons against the local Node headers.
if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ]; then
  mkdir -p "$CS_DIR"
  [ -f "$CS_DIR/package.json" ] || echo '{"name":"code-server-host","private":true}' > "$CS_DIR/package.json"
  # unsafe_perm: its postinstall refuses root without it; yes: node-pty runs `npx node-gyp`;
  # nodedir: never download Node headers.
  NODEDIR="${npm_config_nodedir:-}"
  if [ -z "$NODEDIR" ]; then
    if [ -f /usr/include/node/node.h ]; then NODEDIR=/usr; else NODEDIR="$(dirname "$(dirname "$(command -v node)")")"; fi
  fi
  ( cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="$NODEDIR" \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" )
fi
"$CS_DIR/node_modules/.bin/code-server" --version
