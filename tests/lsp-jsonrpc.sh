#!/bin/sh
# lsp-jsonrpc.sh - esclsp driven by a scriptable client built on vscode-jsonrpc (the library under VS Code's language client), over stdio, against facts the real plugin writes for examples/*.c: utf-8 and utf-16 positions on a line with multi-byte characters, $/cancelRequest, progress, malformed raw input, diagnostics, hover, inlay hints, code lenses (TAP; the checks are in tests/jsonrpc-client/client.js).
# vscode-jsonrpc comes from the npm registry (tests/jsonrpc-client/package-lock.json), installed
# once into $ESCINFO_TEST_CACHE (default ~/.cache/escinfo-test); SKIPs without node and npm, or
# when the install fails.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCLSP" "$ESCINFO_PLUGIN"
need_command node "apt-get install nodejs npm"
need_command npm "apt-get install nodejs npm"
client=$srcdir/tests/jsonrpc-client

# vscode-jsonrpc, once per version of the lock file
lock_key=$(cksum < "$client/package-lock.json" | cut -d' ' -f1)
modules=$ESCINFO_TEST_CACHE/jsonrpc-client-$lock_key
mkdir -p "$modules" || skip_all "cannot create $modules"
if [ ! -f "$modules/installed" ]; then
  cp "$client/package.json" "$client/package-lock.json" "$modules/" &&
    (cd "$modules" && flock .lock npm ci --no-audit --no-fund --loglevel=error) >"$tap_tmp/npm.log" 2>&1 &&
    touch "$modules/installed" ||
    skip_all "npm ci of vscode-jsonrpc failed: $(grep -v 'complete log' "$tap_tmp/npm.log" | grep -m1 -i error)"
fi

# the code: the examples, and dangling.c with multi-byte characters before 'buf' on its line
work=$tap_tmp/work
mkdir -p "$work"
cp "$srcdir/examples/dangling.c" "$srcdir/examples/ringbuf.c" "$work/"
sed 's|^  char buf\[32\];|  /* é € 😀 */ char buf[32];|' "$srcdir/examples/dangling.c" > "$work/wide.c"
grep -q '😀 \*/ char buf' "$work/wide.c" || bail_out "examples/dangling.c no longer declares 'char buf[32];'"
for f in dangling.c ringbuf.c wide.c; do
  (cd "$work" && "$ESC_GCC" -O2 -w -c -fplugin="$ESCINFO_PLUGIN" -fplugin-arg-escinfo-cache="$work/cache" "$f" -o "$f.o") \
    >"$tap_tmp/cc.log" 2>&1 || bail_out "$f does not compile with the plugin: $(head -3 "$tap_tmp/cc.log")"
done

NODE_PATH=$modules/node_modules ESCLSP=$ESCLSP WORK=$work node "$client/client.js" >"$tap_tmp/client.out" 2>"$tap_tmp/node.err"
status=$?
results "$tap_tmp/client.out"
# client_ran: the client ended normally and printed nothing on stderr (else that is shown)
client_ran() {
  [ "$status" -eq 0 ] && [ ! -s "$tap_tmp/node.err" ] && return 0
  echo "node exit status $status" | diag
  tail -30 "$tap_tmp/node.err" | diag
  return 1
}
ok "the client ran to its end, cleanly" client_ran
done_testing
