#!/bin/sh
# vscode-unit.sh - the VS Code extension's own logic (status, settings mapping, backoff, trust,
# status bar, show/hide) under mocha with a mocked vscode module; TAP from mocha's reporter.
# Builds in $ESCINFO_BUILDDIR/vscode-ext (npm ci once; needs the npm registry, and node >= 20:
# with an older one, node 24 from the npm registry, cached as for tests/vscode-e2e.sh).
. "$(dirname "$0")/lib/tap.sh"
need_command npm "apt-get install nodejs npm"

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  sh "$srcdir/tests/vscode/install-tools.sh" "$ESCINFO_TEST_CACHE" node >"$tap_tmp/tools" 2>&1 ||
    skip_all "node >= 20 is needed (have $(node --version 2>&1)) and node 24 could not be installed"
  . "$tap_tmp/tools"
  PATH=$NODE_BIN:$PATH
  export PATH
fi
ok "the extension builds (tools/build-vsix.sh)" \
  logged sh "$srcdir/tools/build-vsix.sh" "$srcdir/vscode-ext" "$builddir/vscode-ext" || { done_testing; exit 0; }
# mocha's TAP is a stream of its own: its points follow ours, renumbered
cd "$builddir/vscode-ext" || bail_out "no $builddir/vscode-ext"
# the same lock as build-vsix.sh: an end-to-end run may be rebuilding beside us
flock .build.lock sh -c 'npx tsc -p test >&2 && npx mocha --reporter tap' >"$tap_tmp/mocha.out" 2>"$tap_tmp/mocha.err"
status=$?
while IFS= read -r tap_line; do
  case $tap_line in
    "ok "*" # SKIP"*) skip "$(echo "$tap_line" | sed 's/^ok [0-9]* \(- \)\{0,1\}//')" ;;
    "ok "*) ok "$(echo "$tap_line" | sed 's/^ok [0-9]* \(- \)\{0,1\}//')" true ;;
    "not ok "*) ok "$(echo "$tap_line" | sed 's/^not ok [0-9]* \(- \)\{0,1\}//')" false ;;
    "#"*|"  "*) echo "# $tap_line" ;;
  esac
done < "$tap_tmp/mocha.out"
mocha_ran() {
  [ "$status" -eq 0 ] && return 0
  echo "tsc or mocha exit status $status" | diag
  tail -30 "$tap_tmp/mocha.err" | diag
  return 1
}
ok "the unit tests compile and every one passes (mocha's exit status)" mocha_ran
done_testing
