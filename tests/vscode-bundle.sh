#!/bin/sh
# vscode-bundle.sh - `make vsix-linux-x64`: the .vsix for Linux x86-64 carries esclsp as
# extension/bin/esclsp (executable, of the package's version, needing only the C library: libuv
# and jansson linked in), declares its target platform, and the bundled server serves facts.  TAP.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCLSP" "$ESCINFO_PLUGIN"
need_command npm "apt-get install nodejs npm"
need_command unzip "apt-get install unzip"
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  sh "$srcdir/tests/vscode/install-tools.sh" "$ESCINFO_TEST_CACHE" node >"$tap_tmp/tools" 2>&1 ||
    skip_all "node >= 20 is needed (have $(node --version 2>&1)) and node 24 could not be installed"
  . "$tap_tmp/tools"
  PATH=$NODE_BIN:$PATH
  export PATH
fi
vsix=$builddir/vscode-ext/escinfo-linux-x64.vsix
ok "make vsix-linux-x64 builds it" logged env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$builddir" vsix-linux-x64 ||
  { done_testing; exit 0; }
unzip -p "$vsix" extension.vsixmanifest >"$tap_tmp/manifest" 2>&1
ok "its manifest says TargetPlatform linux-x64" contains "$tap_tmp/manifest" 'TargetPlatform="linux-x64"'
zipinfo "$vsix" >"$tap_tmp/list" 2>&1
ok "it carries extension/bin/esclsp, executable" grep -Eq '^-rwx.* extension/bin/esclsp$' "$tap_tmp/list"
mkdir -p "$tap_tmp/x"
(cd "$tap_tmp/x" && unzip -q "$vsix" extension/bin/esclsp)
bundled=$tap_tmp/x/extension/bin/esclsp
ldd "$bundled" >"$tap_tmp/ldd" 2>&1
ok "the bundled esclsp needs neither libuv nor jansson" lacks "$tap_tmp/ldd" "libuv"
ok "... nor jansson" lacks "$tap_tmp/ldd" "libjansson"
"$bundled" --version >"$out" 2>&1
ok "it is esclsp $ESCINFO_VERSION" contains "$out" "esclsp $ESCINFO_VERSION"
cp "$srcdir/examples/dangling.c" "$src/dangling.c"
ok "dangling.c compiles with the plugin" compile_with_plugin "$ESC_GCC" "$src/dangling.c" "$cache" -O2
"$bundled" --cache "$cache" --check "$src/dangling.c" >"$out" 2>&1
ok "the bundled esclsp serves its facts" contains "$out" "'buf' escapes: address returned from 'format_id'"
done_testing
