#!/bin/sh
# lsp-jsonrpc.sh - esclsp driven by a scriptable client built on vscode-jsonrpc (the library under VS Code's language client), over stdio, against facts the real plugin writes for examples/*.c: utf-8 and utf-16 positions on a line with multi-byte characters, $/cancelRequest, progress, malformed raw input, diagnostics, hover, inlay hints, code lenses (TAP from tests/jsonrpc-client/client.js).
# vscode-jsonrpc comes from the npm registry (tests/jsonrpc-client/package-lock.json), installed
# once into $ESCINFO_TEST_CACHE (default ~/.cache/escinfo-test); SKIPs without node and npm, or
# when the install fails.
set -u
srcdir=${ESCINFO_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${ESCINFO_BUILDDIR:-$PWD}
esclsp=${ESCLSP:-$builddir/esclsp}
plugin=${ESCINFO_PLUGIN:-$builddir/gccplugin/escinfo.so}
cc=${ESC_GCC:-gcc}
cache=${ESCINFO_TEST_CACHE:-$HOME/.cache/escinfo-test}
client=$srcdir/tests/jsonrpc-client
unset ESCINFO_CACHE_DIR XDG_CACHE_HOME

skip_all() { echo "1..0 # SKIP $*"; exit 0; }
[ -x "$esclsp" ] || skip_all "esclsp is not built ($esclsp)"
[ -f "$plugin" ] || skip_all "the plugin is not built ($plugin)"
command -v node >/dev/null 2>&1 || skip_all "no node (apt-get install nodejs npm)"
command -v npm >/dev/null 2>&1 || skip_all "no npm (apt-get install nodejs npm)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/escinfo-jsonrpc.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

# vscode-jsonrpc, once per version of the lock file
lock_key=$(cksum < "$client/package-lock.json" | cut -d' ' -f1)
modules=$cache/jsonrpc-client-$lock_key
mkdir -p "$modules" || skip_all "cannot create $modules"
if [ ! -f "$modules/installed" ]; then
  cp "$client/package.json" "$client/package-lock.json" "$modules/" &&
    (cd "$modules" && flock .lock npm ci --no-audit --no-fund --loglevel=error) >"$tmp/npm.log" 2>&1 &&
    touch "$modules/installed" ||
    skip_all "npm ci of vscode-jsonrpc failed: $(grep -v 'complete log' "$tmp/npm.log" | grep -m1 -i error)"
fi

# the code: the examples, and dangling.c with multi-byte characters before 'buf' on its line
work=$tmp/work
mkdir -p "$work"
cp "$srcdir/examples/dangling.c" "$srcdir/examples/ringbuf.c" "$work/"
sed 's|^  char buf\[32\];|  /* é € 😀 */ char buf[32];|' "$srcdir/examples/dangling.c" > "$work/wide.c"
grep -q '😀 \*/ char buf' "$work/wide.c" || { echo "Bail out! examples/dangling.c no longer declares 'char buf[32];'"; exit 99; }
for f in dangling.c ringbuf.c wide.c; do
  (cd "$work" && "$cc" -O2 -w -c -fplugin="$plugin" -fplugin-arg-escinfo-cache="$work/cache" "$f" -o "$f.o") \
    >"$tmp/cc.log" 2>&1 || { echo "Bail out! $f does not compile with the plugin: $(head -3 "$tmp/cc.log")"; exit 99; }
done

NODE_PATH=$modules/node_modules ESCLSP=$esclsp WORK=$work node "$client/client.js" 2>"$tmp/node.err"
status=$?
if [ $status -ne 0 ] || [ -s "$tmp/node.err" ]; then
  echo "not ok - the client ran cleanly (node exit status $status)"
  sed 's/^/# /' "$tmp/node.err" | tail -30
fi
exit 0
