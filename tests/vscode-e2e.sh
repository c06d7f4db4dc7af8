#!/bin/sh
# vscode-e2e.sh - the VS Code extension in VS Code itself: builds the .vsix, installs it into code-server,
# opens examples/dangling.c compiled with the plugin in headless Chromium and checks the Problems
# panel, the hover, an inlay hint, the code lens, the status bar, show/hide, a file with no facts
# and the explain command, against the real esclsp.  TAP; SKIPs when a prerequisite is missing.
# Heavy installs (node 24, code-server, playwright-core: ~600 MB, ~4 min once) are cached in
# $ESCINFO_TEST_CACHE (default ~/.cache/escinfo-test).  Screenshots: $ESCINFO_BUILDDIR/test-artifacts/.
set -u
srcdir=${ESCINFO_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${ESCINFO_BUILDDIR:-$PWD}
lsp=${ESCINFO_LSP:-${ESCLSP:-$builddir/esclsp}}
plugin=${ESCINFO_PLUGIN:-$builddir/gccplugin/escinfo.so}
cc=${ESC_GCC:-gcc}
cache=${ESCINFO_TEST_CACHE:-$HOME/.cache/escinfo-test}
chromium=${CHROMIUM:-/usr/lib/chromium/chromium}
artifacts=$builddir/test-artifacts
unset ESCINFO_CACHE_DIR XDG_CACHE_HOME

skip_all() { echo "1..0 # SKIP $*"; exit 0; }
[ -x "$lsp" ] || skip_all "esclsp is not built ($lsp)"
[ -f "$plugin" ] || skip_all "the plugin is not built ($plugin)"
[ -x "$chromium" ] || skip_all "no Chromium at $chromium (apt-get install chromium)"
command -v npm >/dev/null 2>&1 || skip_all "no npm (apt-get install nodejs npm)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/escinfo-vscode.XXXXXX") || exit 99
server_pid=
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "-$server_pid" 2>/dev/null
  # code-server's children outlive it by a few seconds: wait for the whole group
  i=0
  while kill -0 "-$server_pid" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.25; i=$((i + 1)); done
  kill -KILL "-$server_pid" 2>/dev/null
  server_pid=
}
trap 'stop_server; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }
diag() { sed 's/^/# /'; }
# step DESCRIPTION COMMAND...: one test point; on failure the command's output is shown and the rest skipped.
step() {
  desc=$1; shift
  if "$@" >"$tmp/step.log" 2>&1; then ok "$desc"; return 0; fi
  not_ok "$desc"; tail -30 "$tmp/step.log" | diag; return 1
}
finish() { echo "1..$n"; exit 0; }
started=$(date +%s)

# 1. node 24, code-server, playwright-core (cached)
if sh "$srcdir/tests/vscode/install-tools.sh" "$cache" >"$tmp/tools" 2>"$tmp/tools.err"; then
  ok "node 24, code-server and playwright-core are installed in $cache"
  . "$tmp/tools"
else
  skip "could not install code-server from the npm registry: $(tail -1 "$tmp/tools.err")"
  finish
fi
echo "# tools ready after $(( $(date +%s) - started )) s"
PATH=$NODE_BIN:$PATH
export PATH PLAYWRIGHT_DIR

# 2. the .vsix, from a copy of the sources in the build tree, built with that node
step "the extension builds into a .vsix (npm ci, esbuild, vsce)" \
  sh "$srcdir/tools/build-vsix.sh" "$srcdir/vscode-ext" "$builddir/vscode-ext" || finish
vsix=$builddir/vscode-ext/escinfo.vsix

# 3. a workspace: dangling.c compiled with the plugin, nofacts.c never compiled
ws=$tmp/workspace
mkdir -p "$ws" "$tmp/facts" "$artifacts"
cp "$srcdir/examples/dangling.c" "$ws/dangling.c"
cp "$srcdir/examples/dangling.c" "$ws/nofacts.c"
step "dangling.c compiles with the plugin into the test's cache" \
  "$cc" -O2 -w -c -fplugin="$plugin" -fplugin-arg-escinfo-cache="$tmp/facts" "$ws/dangling.c" -o "$tmp/dangling.o" || finish

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
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "escinfo.server.path": "$lsp",
  "escinfo.cacheDirectory": "$tmp/facts"
}
JSON
export XDG_CONFIG_HOME=$tmp/xdg/config XDG_DATA_HOME=$tmp/xdg/data
step "the .vsix installs into code-server" \
  "$CODE_SERVER" --user-data-dir "$data" --extensions-dir "$tmp/extensions" --install-extension "$vsix" || finish

# 5. code-server on a free port, in its own process group
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
setsid "$CODE_SERVER" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --user-data-dir "$data" --extensions-dir "$tmp/extensions" "$ws" \
  >"$tmp/code-server.log" 2>&1 &
server_pid=$!
up() {
  i=0
  while [ $i -lt 120 ]; do
    node -e 'require("http").get(process.argv[1],r=>process.exit(r.statusCode===200?0:1)).on("error",()=>process.exit(1))' \
      "http://127.0.0.1:$port/healthz" && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/code-server.log"; return 1; }
    sleep 0.5; i=$((i + 1))
  done
  cat "$tmp/code-server.log"; return 1
}
step "code-server answers on 127.0.0.1:$port" up || finish

# 6. the browser part: one test point per check
t0=$(date +%s)
E2E_SETTINGS=$data/User/settings.json E2E_LSP=$lsp E2E_PGID=$server_pid \
  node "$srcdir/tests/vscode/driver.js" "http://127.0.0.1:$port" "$ws" "$artifacts" >"$tmp/driver.out" 2>"$tmp/driver.err"
while IFS= read -r line; do
  case $line in
    PASS\ *) ok "${line#PASS }";;
    FAIL\ *) not_ok "${line#FAIL }";;
    \#*) echo "$line";;
  esac
done <"$tmp/driver.out"
grep -q '^\(PASS\|FAIL\) ' "$tmp/driver.out" || not_ok "the browser driver ran"
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
finish
