#!/bin/sh
# vscode-e2e.sh - the VS Code extension in VS Code itself, installed as a user would: `make vsix` and
# `make install` with a prefix of the test's own (as a user's --prefix=$HOME/.local), the .vsix from
# there into a fresh code-server profile with no escinfo setting; esclsp is not on the PATH (the
# extension finds it in the bin directory it was built for), facts are in the default cache; opens examples/dangling.c compiled with the plugin in headless Chromium and checks the Problems
# panel, the hover, an inlay hint, the code lens, the status bar, show/hide, a file with no facts,
# the explain command, a settings change, a crashed server and an edited buffer, against the real
# esclsp (the checks are in tests/vscode/driver.js).  TAP; SKIPs when a prerequisite is missing.
# Heavy installs (node 24, code-server, playwright-core: ~600 MB, ~4 min once) are cached in
# $ESCINFO_TEST_CACHE (default ~/.cache/escinfo-test).  Screenshots, and one for each failed
# check: $ESCINFO_BUILDDIR/test-artifacts/.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCLSP" "$ESCINFO_PLUGIN"
chromium=${CHROMIUM:-/usr/lib/chromium/chromium}
artifacts=$builddir/test-artifacts
[ -x "$chromium" ] || skip_all "no Chromium at $chromium (apt-get install chromium)"
need_command npm "apt-get install nodejs npm"
tmp=$tap_tmp

server_pid=
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "-$server_pid" 2>/dev/null
  # code-server's children outlive it by a few seconds: wait for the whole group
  i=0
  while kill -0 "-$server_pid" 2>/dev/null && [ $i -lt 80 ]; do sleep 0.25; i=$((i + 1)); done
  kill -KILL "-$server_pid" 2>/dev/null
  server_pid=
}
at_exit stop_server
started=$(date +%s)

# 1. node 24, code-server, playwright-core (cached)
sh "$srcdir/tests/vscode/install-tools.sh" "$ESCINFO_TEST_CACHE" >"$tmp/tools" 2>"$tmp/tools.err" ||
  skip_all "could not install code-server from the npm registry: $(tail -1 "$tmp/tools.err")"
. "$tmp/tools"
echo "# node 24, code-server and playwright-core ready in $ESCINFO_TEST_CACHE after $(( $(date +%s) - started )) s"
PATH=$NODE_BIN:$PATH
export PATH PLAYWRIGHT_DIR

# 2. make vsix (npm ci, esbuild, vsce, with that node) and make install, both with the prefix
prefix=$tmp/prefix
installed() {
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$builddir" vsix prefix="$prefix" >"$tmp/vsix.log" 2>&1 ||
    { tail -20 "$tmp/vsix.log" | diag; return 1; }
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$builddir" install prefix="$prefix" >"$tmp/install.log" 2>&1 ||
    { tail -20 "$tmp/install.log" | diag; return 1; }
  vsix=$prefix/share/escinfo/escinfo.vsix
  [ -f "$vsix" ] && [ -x "$prefix/bin/esclsp" ]
}
ok "make vsix and make install put the .vsix in share/escinfo and esclsp in bin" installed ||
  skip_all "no installed .vsix to test"
installed_lsp=$prefix/bin/esclsp
case ":$PATH:" in *":$prefix/bin:"*) ok "esclsp's bin directory is not on the PATH" false ;; esac

# 3. a workspace: dangling.c compiled with the plugin, nofacts.c never compiled, saved.c in
#    compile_commands.json (analysis on save)
ws=$tmp/workspace
mkdir -p "$ws" "$artifacts"
rm -f "$artifacts"/failed-*.png
cp "$srcdir/examples/dangling.c" "$ws/dangling.c"
cp "$srcdir/examples/dangling.c" "$ws/nofacts.c"
# saved.c: never compiled, but compile_commands.json has it: saving it analyses it
cp "$srcdir/examples/dangling.c" "$ws/saved.c"
printf '[{"directory": "%s", "file": "saved.c", "arguments": ["%s", "-O2", "-c", "saved.c"]}]\n' "$ws" "$ESC_GCC" \
  >"$ws/compile_commands.json"
# the default cache ($XDG_CACHE_HOME/escinfo): the extension is given no cache setting
export XDG_CACHE_HOME=$tmp/xdg/cache
cache=$XDG_CACHE_HOME/escinfo
ok "dangling.c compiles with the plugin into the default cache" \
  compile_with_plugin "$ESC_GCC" "$ws/dangling.c" "$cache" -O2 || skip_all "no facts to show"

# 4. code-server's profile: the extension, settings pointing at esclsp and the cache
data=$tmp/data
mkdir -p "$data/User" "$tmp/xdg/config" "$tmp/xdg/data"
cat >"$data/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "security.workspace.trust.enabled": false,
  "editor.inlayHints.enabled": "on",
  "editor.hover.delay": 200,
  "window.restoreWindows": "none",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden"
}
JSON
export XDG_CONFIG_HOME=$tmp/xdg/config XDG_DATA_HOME=$tmp/xdg/data
ok "the .vsix installs into code-server" \
  logged "$CODE_SERVER" --user-data-dir "$data" --extensions-dir "$tmp/extensions" --install-extension "$vsix" ||
  skip_all "the extension is not installed"

# 5. code-server on a free port, in its own process group
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
setsid "$CODE_SERVER" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --user-data-dir "$data" --extensions-dir "$tmp/extensions" "$ws" \
  >"$tmp/code-server.log" 2>&1 &
server_pid=$!
# answers_or_died: code-server answers on /healthz, or its process is gone
answers_or_died() {
  node -e 'require("http").get(process.argv[1],r=>process.exit(r.statusCode===200?0:1)).on("error",()=>process.exit(1))' \
    "http://127.0.0.1:$port/healthz" || ! kill -0 "$server_pid" 2>/dev/null
}
up() {
  if wait_for 120 "for code-server's /healthz" answers_or_died && kill -0 "$server_pid" 2>/dev/null; then
    return 0
  fi
  echo "code-server's log:" | diag
  tail -20 "$tmp/code-server.log" | diag
  return 1
}
ok "code-server answers on 127.0.0.1:$port" up || skip_all "code-server did not start"

# 6. the browser part: one test point per check
t0=$(date +%s)
E2E_SETTINGS=$data/User/settings.json E2E_LSP=$installed_lsp E2E_PGID=$server_pid \
  node "$srcdir/tests/vscode/driver.js" "http://127.0.0.1:$port" "$ws" "$artifacts" >"$tmp/driver.out" 2>"$tmp/driver.err"
results "$tmp/driver.out" || ok "the browser driver ran its checks" false
if [ -s "$tmp/driver.err" ]; then diag <"$tmp/driver.err"; fi
echo "# browser checks took $(( $(date +%s) - t0 )) s; screenshots in $artifacts"
if grep -q '^FAIL' "$tmp/driver.out"; then
  echo "# code-server's log, the escinfo output channel:"
  tail -20 "$tmp/code-server.log" | diag
  find "$data/logs" -name '*escinfo*' -exec tail -40 {} \; 2>/dev/null | diag
fi
# the escinfo output channel (the extension's log and the server's stderr) beside the screenshots
find "$data/logs" -name '*escinfo*' -exec cat {} + >"$artifacts/vscode-escinfo-output.log" 2>/dev/null
stop_server
echo "# total $(( $(date +%s) - started )) s"
done_testing
