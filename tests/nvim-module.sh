#!/bin/sh
# nvim-module.sh - the Neovim module (editors/nvim) in real Neovims, headless: Debian's 0.7.2 and
# 0.10 from Debian trixie's packages (unpacked into $ESCINFO_TEST_CACHE, default
# ~/.cache/escinfo-test).  The user configuration is setup{} with a cache directory; esclsp is
# found on PATH.  Checks diagnostics, hover, code lens, inlay hints (0.10), :EscinfoToggle,
# :EscinfoInfo, :EscinfoRestart, a crashed server's restart, stale and no-data buffers, :help.  TAP.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCLSP" "$ESCINFO_PLUGIN"

# The module as a user would have it, with its help tags (the source tree may be read-only).
cp -R "$srcdir/editors/nvim" "$tap_tmp/rtp" && chmod -R u+w "$tap_tmp/rtp"
# esclsp on PATH, as setup{} expects it
mkdir -p "$tap_tmp/bin" "$tap_tmp/ws"
ln -s "$ESCLSP" "$tap_tmp/bin/esclsp"
cp "$srcdir/examples/dangling.c" "$tap_tmp/ws/dangling.c"
cp "$srcdir/examples/dangling.c" "$tap_tmp/ws/nofacts.c"
ok "dangling.c compiles with the plugin into the test's cache" \
  compile_with_plugin "$ESC_GCC" "$tap_tmp/ws/dangling.c" "$cache" -O2 || { done_testing; exit 0; }

# neovim_ran LABEL STATUS: the checks ran to their end (else Neovim's output is shown)
neovim_ran() {
  grep -q '^END$' "$tap_tmp/out" && return 0
  echo "exit status $2; what Neovim printed:" | diag
  diag < "$tap_tmp/nvim.log"
  return 1
}

# run_nvim LABEL NVIM...: the checks in one Neovim, one test point each.
run_nvim() {
  label=$1; shift
  "$@" --headless -c 'helptags '"$tap_tmp/rtp/doc" -c 'qa!' >/dev/null 2>&1
  t0=$(date +%s)
  : >"$tap_tmp/out"
  PATH="$tap_tmp/bin:$PATH" ESCINFO_NVIM_RTP="$tap_tmp/rtp" ESCINFO_TEST_FACTS="$cache" ESCINFO_TEST_WS="$tap_tmp/ws" \
    ESCINFO_TEST_OUT="$tap_tmp/out" ESCINFO_TEST_CHECKS="$srcdir/tests/nvim-module/checks.lua" \
    XDG_CONFIG_HOME="$tap_tmp/xdg" XDG_DATA_HOME="$tap_tmp/xdg" XDG_STATE_HOME="$tap_tmp/xdg" \
    timeout 200 "$@" --headless --clean -u "$srcdir/tests/nvim-module/init.lua" </dev/null >"$tap_tmp/nvim.log" 2>&1
  status=$?
  results "$tap_tmp/out" "$label"
  ok "[$label] Neovim ran every check" neovim_ran "$label" "$status"
  grep -q '^FAIL' "$tap_tmp/out" && tail -20 "$tap_tmp/nvim.log" | diag
  echo "# [$label] took $(( $(date +%s) - t0 )) s"
}

if command -v nvim >/dev/null 2>&1; then
  run_nvim "nvim $(nvim --version | sed -n '1s/^NVIM v//p')" nvim
else
  skip "Debian's Neovim is not installed (apt-get install neovim)"
fi

if nvim010=$(sh "$srcdir/tests/nvim-module/fetch-nvim.sh" "$ESCINFO_TEST_CACHE" 2>"$tap_tmp/fetch.err"); then
  run_nvim "nvim $("$nvim010" --version | sed -n '1s/^NVIM v//p')" "$nvim010"
else
  skip "Neovim 0.10 from Debian trixie could not be fetched: $(tail -1 "$tap_tmp/fetch.err")"
fi
done_testing
