#!/bin/sh
# vscode-unit.sh - the VS Code extension's own logic (status, settings mapping, backoff, trust,
# status bar, show/hide) under mocha with a mocked vscode module; TAP from mocha's reporter.
# Builds in $ESCINFO_BUILDDIR/vscode-ext (npm ci once; needs the npm registry, and node >= 20:
# with an older one, node 24 from the npm registry, cached as for tests/vscode-e2e.sh).
set -u
srcdir=${ESCINFO_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${ESCINFO_BUILDDIR:-$PWD}
cache=${ESCINFO_TEST_CACHE:-$HOME/.cache/escinfo-test}
command -v npm >/dev/null 2>&1 || { echo "1..0 # SKIP no npm (apt-get install nodejs npm)"; exit 0; }

log=$(mktemp "${TMPDIR:-/tmp}/escinfo-vscode-unit.XXXXXX") || exit 99
trap 'rm -f "$log"' EXIT
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  sh "$srcdir/tests/vscode/install-tools.sh" "$cache" node >"$log" 2>&1 ||
    { echo "1..0 # SKIP node >= 20 is needed (have $(node --version 2>&1)) and node 24 could not be installed"; exit 0; }
  . "$log"
  PATH=$NODE_BIN:$PATH
  export PATH
fi
if ! sh "$srcdir/tools/build-vsix.sh" "$srcdir/vscode-ext" "$builddir/vscode-ext" >"$log" 2>&1; then
  echo "1..1"
  echo "not ok 1 - the extension builds (tools/build-vsix.sh)"
  sed 's/^/# /' "$log" | tail -30
  exit 0
fi
cd "$builddir/vscode-ext" || exit 99
# the same lock as build-vsix.sh: an end-to-end run may be rebuilding beside us
flock .build.lock sh -c 'npx tsc -p test >&2 && npx mocha --reporter tap'
