#!/bin/sh
# lsp-neovim.sh - esclsp in a real editor: headless Neovim 0.7 shows the facts, the hover and the code lenses, and follows an edit and a rebuild (TAP).
# The checks run inside Neovim (tests/nvim/init.lua); this script sets up a compiled file and a
# cache, runs Neovim and turns its results into TAP.  Skipped when nvim is not installed
# (Debian package neovim).
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCLSP" "$ESCINFO_PLUGIN"
need_command nvim "apt-get install neovim"

cp "$ESCINFO_SRCDIR/tests/lsp/src/sample.c" "$src/sample.c" && chmod u+w "$src/sample.c" # distcheck: a read-only tree
compile="cd '$src' && '$ESC_GCC' -c -w -fplugin='$ESCINFO_PLUGIN' -fplugin-arg-escinfo-cache='$cache' sample.c -o sample.o"
ok "sample.c compiles with the plugin" logged sh -c "$compile"

results_file=$tap_tmp/results
: > "$results_file"
(
  cd "$src" &&
  ESCLSP=$ESCLSP ESCLSP_LOG=$tap_tmp/esclsp.log NVIM_RESULTS=$results_file RECOMPILE=$compile \
    ESCINFO_CACHE_DIR=$cache XDG_CONFIG_HOME=$tap_tmp/config XDG_DATA_HOME=$tap_tmp/data \
    XDG_STATE_HOME=$tap_tmp/state XDG_CACHE_HOME=$tap_tmp/xdg-cache \
    timeout 170 nvim --headless -n -i NONE -u "$ESCINFO_SRCDIR/tests/nvim/init.lua" sample.c
) > "$tap_tmp/nvim.out" 2>&1
nvim_status=$?

results "$results_file" neovim

nvim_done() {
  [ "$nvim_status" -eq 0 ] && return 0
  echo "nvim exited with status $nvim_status; its output and the server's log:" | diag
  diag < "$tap_tmp/nvim.out"
  tail -n 40 "$tap_tmp/esclsp.log" 2>/dev/null | diag
  return 1
}
ok "neovim ran every check and quit cleanly" nvim_done
ok "neovim made at least 12 checks" [ "$(grep -c '^PASS\|^FAIL' "$results_file")" -ge 12 ]
ok "the server's stderr went to its log" contains "$tap_tmp/esclsp.log" "serving on stdio"
no_sanitizer_report() {
  ! grep -q "Sanitizer\|runtime error:" "$tap_tmp/esclsp.log" "$tap_tmp/nvim.out" 2>/dev/null || {
    diag < "$tap_tmp/esclsp.log"
    return 1
  }
}
ok "the server's log holds no sanitizer report" no_sanitizer_report
done_testing
